/* test_simulate.c -- the plan simulator (planner/simulate/) against independent facts.
 *
 * - Stationary M/M/n: P(wait), SL and ASA from the closed Erlang C formulas
 *   (Erlang B recursion, computed here) must lie inside the simulation's 95 %
 *   confidence interval.
 * - Stationary M/M/n+M (Erlang A): the stationary law of the birth-death chain
 *   (truncated, computed here) gives abandonment and ASA (Little's law); the SL
 *   integrates, for a caller with j ahead, the death chain "j ahead ... served"
 *   against her own exponential patience (RK4 on the backward equations), a
 *   different route from the engine's incomplete-beta series.
 * - Determinism: same seed, same bytes; 1 and 2 threads identical; another
 *   seed differs.
 * - Deferred work at capacity exactly equal to load, through a closed night,
 *   and under an allocation that swings between 1 and 65 agents: the staffing
 *   engine's claim (a fluid model would say 100 %) agrees with the simulation.
 * - Escalations: Tier-2 receives escalation_pct of Tier-1's handled contacts.
 * Times are seconds; the case sizes keep each test well under a second. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "peakplan/grid.h"
#include "peakplan/simulate.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"

/* ---------------------------------------------------------------- fixtures */

static pp_queue make_queue(const char *name, pp_channel ch, double pct, double secs,
                           double patience)
{
    pp_queue q;
    memset(&q, 0, sizeof q);
    snprintf(q.name, sizeof q.name, "%s", name);
    q.channel = ch;
    q.target_pct = pct;
    q.target_seconds = secs;
    q.max_occupancy_pct = NAN;
    q.patience_seconds = patience;
    q.concurrency = 1;
    q.escalates_to = -1;
    q.max_asa_seconds = NAN;
    q.max_abandon_pct = NAN;
    return q;
}

typedef struct fixture {
    pp_grid *fc, *cov;
} fixture;

/* nq queues, n intervals of `step` minutes from 2026-03-02 00:00, constant
 * offered[q] per interval with handle time aht[q], agents[q] planned. */
static fixture make_grids(const pp_queue *qs, size_t nq, size_t n, int step,
                          const double *offered, const double *aht, const double *agents)
{
    fixture f = {NULL, NULL};
    const char *names[8];
    for (size_t q = 0; q < nq; q++)
        names[q] = qs[q].name;
    int64_t start = pp_days_from_civil(2026, 3, 2) * 1440;
    assert_int_equal(pp_grid_new(nq, names, start, step, n, &f.fc, NULL), PP_OK);
    assert_int_equal(pp_grid_new(nq, names, start, step, n, &f.cov, NULL), PP_OK);
    double *off = pp_grid_add_column(f.fc, PP_COL_OFFERED, 0, NULL);
    double *ah = pp_grid_add_column(f.fc, PP_COL_AHT, 0, NULL);
    double *ag = pp_grid_add_column(f.cov, PP_COL_AGENTS_PLANNED, 0, NULL);
    assert_non_null(off);
    assert_non_null(ah);
    assert_non_null(ag);
    for (size_t q = 0; q < nq; q++)
        for (size_t t = 0; t < n; t++) {
            off[q * n + t] = offered[q];
            ah[q * n + t] = aht[q];
            ag[q * n + t] = agents[q];
        }
    return f;
}

static void free_fixture(fixture *f)
{
    pp_grid_free(f->fc);
    pp_grid_free(f->cov);
}

static pp_sim_result *simulate(const pp_queue *qs, size_t nq, const fixture *f, size_t reps,
                               uint64_t seed, size_t threads)
{
    pp_sim_input in = {.queues = qs, .nq = nq, .forecast = f->fc, .coverage = f->cov};
    pp_sim_params p;
    pp_sim_params_init(&p);
    p.reps = reps;
    p.seed = seed;
    p.threads = threads;
    pp_sim_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    pp_status st = pp_sim_run(&in, &p, &r, &err);
    if (st != PP_OK)
        fprintf(stderr, "# pp_sim_run: %s\n", err.msg);
    assert_int_equal(st, PP_OK);
    assert_non_null(r);
    return r;
}

static void assert_inside(const char *what, double ref, pp_sim_stat s)
{
    fprintf(stderr, "# %-10s reference %.4f  simulated %.4f +- %.4f\n", what, ref, s.mean, s.ci);
    assert_true(isfinite(s.ci) && s.ci > 0);
    assert_true(fabs(s.mean - ref) <= s.ci);
}

/* ---------------------------------------------------------------- references */

/* Erlang C waiting probability, from the Erlang B recursion. */
static double erlang_c(int n, double a)
{
    double b = 1;
    for (int k = 1; k <= n; k++)
        b = a * b / (k + a * b);
    return n * b / (n - a * (1 - b));
}

typedef struct erlang_a_ref {
    double sl, abandon, asa;
} erlang_a_ref;

/* M/M/n+M: arrival rate lam, service rate mu, patience rate th (per second),
 * target T seconds. */
static erlang_a_ref erlang_a(int n, double lam, double mu, double th, double T)
{
    enum { KMAX = 4000 };
    static double pi[KMAX];
    double sum = 0;
    pi[0] = 1;
    for (int k = 1; k < KMAX; k++) {
        double death = (k <= n ? k * mu : n * mu + (k - n) * th);
        pi[k] = pi[k - 1] * lam / death;
        sum += pi[k - 1];
    }
    sum += pi[KMAX - 1];
    double eq = 0;
    for (int k = 0; k < KMAX; k++) {
        pi[k] /= sum;
        if (k > n)
            eq += (k - n) * pi[k];
    }
    /* g[i](t) = P(served by t | i callers ahead), backward equations
     * g_i' = (n mu + i th) (g_{i-1} - g_i) - th g_i, g_{-1} = 1, g_i(0) = 0. */
    int J = KMAX - n;
    double *g = calloc((size_t)J, sizeof *g), *k1 = calloc((size_t)J, sizeof *g),
           *k2 = calloc((size_t)J, sizeof *g), *k3 = calloc((size_t)J, sizeof *g),
           *k4 = calloc((size_t)J, sizeof *g), *tmp = calloc((size_t)J, sizeof *g);
    assert_non_null(g);
    assert_non_null(tmp);
    int steps = 4000;
    double h = T / steps;
#define DERIV(src, dst)                                                                        \
    for (int i = 0; i < J; i++) {                                                              \
        double prev = i ? src[i - 1] : 1.0;                                                    \
        dst[i] = (n * mu + i * th) * (prev - src[i]) - th * src[i];                            \
    }
    for (int s = 0; s < steps; s++) {
        DERIV(g, k1);
        for (int i = 0; i < J; i++)
            tmp[i] = g[i] + h / 2 * k1[i];
        DERIV(tmp, k2);
        for (int i = 0; i < J; i++)
            tmp[i] = g[i] + h / 2 * k2[i];
        DERIV(tmp, k3);
        for (int i = 0; i < J; i++)
            tmp[i] = g[i] + h * k3[i];
        DERIV(tmp, k4);
        for (int i = 0; i < J; i++)
            g[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
#undef DERIV
    erlang_a_ref r;
    r.sl = 0;
    for (int k = 0; k < KMAX; k++)
        r.sl += pi[k] * (k < n ? 1.0 : g[k - n]);
    r.abandon = th * eq / lam;
    r.asa = eq / lam;
    free(g);
    free(k1);
    free(k2);
    free(k3);
    free(k4);
    free(tmp);
    return r;
}

/* ---------------------------------------------------------------- tests */

/* 16 agents, 300 calls an hour of 174.3 s (a = 14.525 Erlangs), 80/20: the
 * horizon figures of 150 one-hour intervals (a start from empty is a few handle
 * times of transient in 150 hours, far inside the interval). */
static void erlang_c_stationary(void **state)
{
    (void)state;
    pp_queue q = make_queue("voice", PP_CHANNEL_VOICE, 80, 20, NAN);
    double off = 300, aht = 174.3, agents = 16;
    fixture f = make_grids(&q, 1, 150, 60, &off, &aht, &agents);
    pp_sim_result *r = simulate(&q, 1, &f, 20, 20260302, 1);
    const pp_sim_row *h = pp_sim_result_horizon(r, 0);
    double a = off * aht / 3600, C = erlang_c(16, a);
    double sl = 1 - C * exp(-(16 - a) * 20 / aht), asa = C * aht / (16 - a);
    assert_inside("SL %", 100 * sl, h->service_level);
    assert_inside("ASA s", asa, h->asa_seconds);
    /* P(wait) = 1 - P(answered at once): the SL at a target of 0 s */
    pp_sim_result_free(r);
    q.target_seconds = 0;
    r = simulate(&q, 1, &f, 20, 20260302, 1);
    assert_inside("P(wait) %", 100 * C, (pp_sim_stat){100 - pp_sim_result_horizon(r, 0)->service_level.mean,
                                                       pp_sim_result_horizon(r, 0)->service_level.ci});
    assert_true(pp_sim_result_horizon(r, 0)->abandon_pct.mean == 0);
    pp_sim_result_free(r);
    free_fixture(&f);
}

/* 14 agents, 320 calls an hour of 187.5 s (a = 16.67 Erlangs, overloaded without
 * patience), mean patience 95 s, 80/30. */
static void erlang_a_stationary(void **state)
{
    (void)state;
    pp_queue q = make_queue("voice", PP_CHANNEL_VOICE, 80, 30, 95);
    double off = 320, aht = 187.5, agents = 14;
    fixture f = make_grids(&q, 1, 150, 60, &off, &aht, &agents);
    pp_sim_result *r = simulate(&q, 1, &f, 20, 77, 2);
    const pp_sim_row *h = pp_sim_result_horizon(r, 0);
    erlang_a_ref ref = erlang_a(14, off / 3600, 1 / aht, 1 / 95.0, 30);
    assert_inside("SL %", 100 * ref.sl, h->service_level);
    assert_inside("abandon %", 100 * ref.abandon, h->abandon_pct);
    assert_inside("ASA s", ref.asa, h->asa_seconds);
    pp_sim_result_free(r);
    free_fixture(&f);
}

/* Two queues with an escalation, fractional agents, risk arrivals: byte-identical
 * CSV for the same seed, for 1 and 3 threads; different for another seed. */
static char *write_and_read(const pp_sim_result *r, const pp_queue *qs, size_t nq)
{
    char path[] = "/tmp/pp_test_simXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pp_sim_write_csv(r, qs, nq, path, NULL), PP_OK);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    rewind(fp);
    char *buf = calloc((size_t)len + 1, 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    remove(path);
    return buf;
}

static void deterministic(void **state)
{
    (void)state;
    pp_queue qs[2] = {make_queue("chat", PP_CHANNEL_CHAT, 80, 60, 240),
                      make_queue("tier2", PP_CHANNEL_VOICE, 80, 60, 300)};
    qs[0].concurrency = 2;
    qs[0].escalates_to = 1;
    qs[0].escalation_pct = 7.5;
    double off[2] = {83.7, 4.2}, aht[2] = {412.9, 655.1}, agents[2] = {10.35, 3.6};
    fixture f = make_grids(qs, 2, 96, 30, off, aht, agents);
    double *p10 = pp_grid_add_column(f.fc, PP_COL_OFFERED_P10, 0, NULL);
    double *p50 = pp_grid_add_column(f.fc, PP_COL_OFFERED_P50, 0, NULL);
    double *p90 = pp_grid_add_column(f.fc, PP_COL_OFFERED_P90, 0, NULL);
    const double *o = pp_grid_column_const(f.fc, PP_COL_OFFERED);
    for (size_t i = 0; i < 2 * 96; i++) {
        p10[i] = 0.8 * o[i];
        p50[i] = o[i];
        p90[i] = 1.3 * o[i];
    }
    for (int risk = 0; risk < 2; risk++) {
        pp_sim_input in = {.queues = qs, .nq = 2, .forecast = f.fc, .coverage = f.cov};
        pp_sim_params p;
        pp_sim_params_init(&p);
        p.reps = 7;
        p.seed = 4242;
        p.handle_cv = 0.8;
        p.arrivals = risk ? PP_SIM_ARRIVALS_RISK : PP_SIM_ARRIVALS_POINT;
        pp_sim_result *a = NULL, *b = NULL, *c = NULL, *d = NULL;
        assert_int_equal(pp_sim_run(&in, &p, &a, NULL), PP_OK);
        assert_int_equal(pp_sim_run(&in, &p, &b, NULL), PP_OK);
        p.threads = 3;
        assert_int_equal(pp_sim_run(&in, &p, &c, NULL), PP_OK);
        p.seed = 4243;
        assert_int_equal(pp_sim_run(&in, &p, &d, NULL), PP_OK);
        char *sa = write_and_read(a, qs, 2), *sb = write_and_read(b, qs, 2),
             *sc = write_and_read(c, qs, 2), *sd = write_and_read(d, qs, 2);
        assert_string_equal(sa, sb);
        assert_string_equal(sa, sc);
        assert_true(strcmp(sa, sd) != 0);
        assert_true(strlen(sa) > 1000);
        free(sa);
        free(sb);
        free(sc);
        free(sd);
        pp_sim_result_free(a);
        pp_sim_result_free(b);
        pp_sim_result_free(c);
        pp_sim_result_free(d);
    }
    free_fixture(&f);
}

/* Tickets, 90 % within 1800 s, two days around the clock: 60 items of 600 s per
 * half hour worked by exactly 20 agents. The fluid model the planner uses says
 * every item is done the moment it arrives; with random arrivals and handle
 * times this is a queue at 100 % utilisation and the backlog drifts. */
static void deferred_at_capacity(void **state)
{
    (void)state;
    pp_queue q = make_queue("ticket", PP_CHANNEL_TICKET, 90, 1800, NAN);
    double off = 60, aht = 600, agents = 60 * 600 / 1800.0;
    fixture f = make_grids(&q, 1, 96, 30, &off, &aht, &agents);
    /* the planner's claim for this allocation */
    pp_grid *req = NULL;
    assert_int_equal(pp_staff_requirements(&q, 1, f.fc, NULL, &req, NULL), PP_OK);
    assert_int_equal(pp_staff_evaluate_coverage(&q, 1, req, f.cov, NULL), PP_OK);
    const double *claim = pp_grid_column_const(f.cov, PP_COL_SERVICE_LEVEL);
    double claimed = 0;
    for (size_t t = 0; t < 96; t++)
        claimed += claim[t] / 96;
    pp_sim_result *r = simulate(&q, 1, &f, 20, 9, 1);
    const pp_sim_row *h = pp_sim_result_horizon(r, 0);
    fprintf(stderr, "# claim %.2f %%, simulated %.2f +- %.2f %%, backlog %.1f\n", claimed,
            h->service_level.mean, h->service_level.ci, h->backlog.mean);
    /* A fluid model claims 100 % here; the staffing engine's random model of
     * deferred work (the birth-death chain) must agree with the simulation. */
    assert_true(claimed < 80);
    assert_true(fabs(claimed - h->service_level.mean) < h->service_level.ci + 3);
    assert_true(h->backlog.mean > 10);
    assert_true(h->abandon_pct.mean == 0);
    pp_sim_result_free(r);
    pp_grid_free(req);
    free_fixture(&f);
}

/* Claims for deferred work against the simulation where a fluid model is far
 * off: a day shift of 25 agents for a load of 17 around the clock (the night's
 * work waits for the morning), and an allocation swinging 4/18/1/65 around a
 * load of 20 (agents leaving finish the item in hand). */
static void deferred_nights_and_swings(void **state)
{
    (void)state;
    static const double swing[] = {4, 18, 1, 65};
    for (int c = 0; c < 2; c++) {
        pp_queue q = make_queue("ticket", PP_CHANNEL_TICKET, 90, 1800, NAN);
        size_t n = c == 0 ? 192 : 96;
        double off = c == 0 ? 34 : 60, aht = 600, one = 1;
        fixture f = make_grids(&q, 1, n, 30, &off, &aht, &one);
        double *ag = pp_grid_column(f.cov, PP_COL_AGENTS_PLANNED);
        for (size_t t = 0; t < n; t++)
            ag[t] = c == 0 ? (t % 48 >= 14 ? 25 : 0) : swing[t % 4];
        pp_grid *req = NULL;
        assert_int_equal(pp_staff_requirements(&q, 1, f.fc, NULL, &req, NULL), PP_OK);
        assert_int_equal(pp_staff_evaluate_coverage(&q, 1, req, f.cov, NULL), PP_OK);
        const double *claim = pp_grid_column_const(f.cov, PP_COL_SERVICE_LEVEL);
        double claimed = 0;
        for (size_t t = 0; t < n; t++)
            claimed += claim[t] / (double)n;
        pp_sim_result *r = simulate(&q, 1, &f, 40, 9, 1);
        const pp_sim_row *h = pp_sim_result_horizon(r, 0);
        fprintf(stderr, "# %s: claim %.2f %%, simulated %.2f +- %.2f %%\n",
                c == 0 ? "nights" : "swings", claimed, h->service_level.mean,
                h->service_level.ci);
        assert_true(claimed < 90);
        assert_true(fabs(claimed - h->service_level.mean) < h->service_level.ci + 3);
        pp_sim_result_free(r);
        pp_grid_free(req);
        free_fixture(&f);
    }
}

/* 12 % of Tier-1's handled contacts reach Tier-2. Without patience every Tier-1
 * contact is handled except those still in the system at the end (a handful of
 * 9,600), so Tier-2 receives 0.12 x offered within a fraction of a percent. */
static void escalations_arrive(void **state)
{
    (void)state;
    pp_queue qs[2] = {make_queue("voice", PP_CHANNEL_VOICE, 80, 20, NAN),
                      make_queue("tier2", PP_CHANNEL_VOICE, 80, 60, NAN)};
    qs[0].escalates_to = 1;
    qs[0].escalation_pct = 12;
    double off[2] = {200, 0}, aht[2] = {240, 500}, agents[2] = {16, 4};
    fixture f = make_grids(qs, 2, 48, 60, off, aht, agents);
    pp_sim_result *r = simulate(qs, 2, &f, 20, 5, 2);
    const pp_sim_row *t1 = pp_sim_result_horizon(r, 0), *t2 = pp_sim_result_horizon(r, 1);
    fprintf(stderr, "# tier1 %.1f tier2 %.1f +- %.1f\n", t1->offered.mean, t2->offered.mean,
            t2->offered.ci);
    /* binomial thinning of ~9,600: sd ~ 32 per replication */
    assert_true(fabs(t2->offered.mean - 0.12 * t1->offered.mean) <= t2->offered.ci + 2);
    assert_true(t2->offered.mean > 1000);
    pp_sim_result_free(r);
    free_fixture(&f);
}

/* ---------------------------------------------------------------- files */

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void remove_files(const char *dir)
{
    static const char *const names[] = {"queues.csv",   "vendors.csv", "forecast.csv",
                                        "coverage.csv", "roster.csv",  "simulation.csv"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
}

/* A plan folder read back: the roster's 10 agents x (1 - 20 % shrinkage) = 8
 * productive on duty, 4 of them (5 heads) on break 09:30-10:15, so the 9:30
 * interval has 4 and the 10:00 one 4 x 0.5 + 8 x 0.5 = 6 productive; the
 * allocation of 7 agents is capped in exactly those two intervals. */
static void loads_plan_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/pp_test_simdirXXXXXX";
    assert_non_null(mkdtemp(dir));
    put_file(dir, "queues.csv", "queue,channel,target_pct,target_seconds,patience_seconds\n"
                                "voice,voice,80,20,150\n");
    put_file(dir, "vendors.csv", "vendor,kind,queues,hourly_cost,shrinkage_pct\n"
                                 "inhouse,inhouse,*,30,20\n");
    put_file(dir, "forecast.csv",
             "queue,interval_start,offered,offered_p10,offered_p50,offered_p90,aht_seconds\n"
             "voice,2026-03-02 08:00,40,30,40,55,200\n"
             "voice,2026-03-02 08:30,40,30,40,55,200\n"
             "voice,2026-03-02 09:00,40,30,40,55,200\n"
             "voice,2026-03-02 09:30,40,30,40,55,200\n"
             "voice,2026-03-02 10:00,40,30,40,55,200\n"
             "voice,2026-03-02 10:30,40,30,40,55,200\n");
    put_file(dir, "coverage.csv",
             "queue,interval_start,agents_planned,service_level_pct,asa_seconds,abandon_pct\n"
             "voice,2026-03-02 08:00,7,81.5,9.1,2.5\n"
             "voice,2026-03-02 08:30,7,81.5,9.1,2.5\n"
             "voice,2026-03-02 09:00,7,81.5,9.1,2.5\n"
             "voice,2026-03-02 09:30,7,81.5,9.1,2.5\n"
             "voice,2026-03-02 10:00,7,81.5,9.1,2.5\n"
             "voice,2026-03-02 10:30,7,81.5,9.1,2.5\n");
    put_file(dir, "roster.csv",
             "vendor,date,shift,start,end,break_start,break_end,agents\n"
             "inhouse,2026-03-02,a,2026-03-02 08:00,2026-03-02 11:00,,,5\n"
             "inhouse,2026-03-02,b,2026-03-02 08:00,2026-03-02 11:00,2026-03-02 09:30,"
             "2026-03-02 10:15,5\n");
    pp_sim_input in;
    pp_sim_loaded *l = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_sim_load(dir, dir, &in, &l, &err), PP_OK);
    assert_int_equal(in.nq, 1);
    assert_non_null(in.on_duty);
    const double want[6] = {8, 8, 8, 4, 6, 8};
    for (size_t t = 0; t < 6; t++)
        assert_float_equal(in.on_duty[t], want[t], 1e-12);
    pp_sim_params p;
    pp_sim_params_init(&p);
    p.reps = 3;
    p.arrivals = PP_SIM_ARRIVALS_RISK;
    pp_sim_result *r = NULL;
    assert_int_equal(pp_sim_run(&in, &p, &r, &err), PP_OK);
    assert_int_equal(pp_sim_result_capped_intervals(r), 2);
    const pp_sim_row *h = pp_sim_result_horizon(r, 0);
    assert_float_equal(h->planned_service_level, 81.5, 1e-9);
    assert_float_equal(h->planned_asa_seconds, 9.1, 1e-9);
    /* rows: 6 intervals, 1 day, the horizon; one CSV line each plus the header */
    assert_int_equal(pp_sim_result_rows(r), 8);
    char out[600];
    snprintf(out, sizeof out, "%s/simulation.csv", dir);
    assert_int_equal(pp_sim_write_csv(r, in.queues, in.nq, out, &err), PP_OK);
    FILE *fp = fopen(out, "r");
    assert_non_null(fp);
    char line[1024];
    size_t lines = 0;
    while (fgets(line, sizeof line, fp))
        lines++;
    fclose(fp);
    assert_int_equal(lines, 9);
    pp_sim_result_free(r);
    pp_sim_loaded_free(l);

    /* several breaks: the `breaks` column, every break off duty */
    put_file(dir, "roster.csv",
             "vendor,date,shift,start,end,break_start,break_end,agents,paid_hours,cost,breaks\n"
             "inhouse,2026-03-02,a,2026-03-02 08:00,2026-03-02 11:00,,,5,15,450,\n"
             "inhouse,2026-03-02,b,2026-03-02 08:00,2026-03-02 11:00,2026-03-02 08:30,"
             "2026-03-02 08:45,5,15,450,08:30-08:45;09:30-10:15\n");
    pp_error_clear(&err);
    assert_int_equal(pp_sim_load(dir, dir, &in, &l, &err), PP_OK);
    const double want3[6] = {8, 6, 8, 4, 6, 8};
    for (size_t t = 0; t < 6; t++)
        assert_float_equal(in.on_duty[t], want3[t], 1e-12);
    pp_sim_loaded_free(l);
    put_file(dir, "roster.csv",
             "vendor,date,shift,start,end,break_start,break_end,agents,breaks\n"
             "inhouse,2026-03-02,b,2026-03-02 08:00,2026-03-02 11:00,,,5,09:30-10:15;08:30-08:45\n");
    pp_error_clear(&err);
    assert_int_equal(pp_sim_load(dir, dir, &in, &l, &err), PP_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 9);

    /* a bad roster cell is named by file, line and column */
    put_file(dir, "roster.csv",
             "vendor,date,shift,start,end,break_start,break_end,agents\n"
             "inhouse,2026-03-02,a,2026-03-02 08:00,2026-03-02 11:00,,,5\n"
             "inhouse,2026-03-02,b,2026-03-02 08:00,2026-03-02 07:00,,,5\n");
    pp_error_clear(&err);
    l = (pp_sim_loaded *)&p; /* must be reset to NULL on failure */
    assert_int_equal(pp_sim_load(dir, dir, &in, &l, &err), PP_EINVAL);
    assert_null(l);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 5);
    remove_files(dir);
}

static void bad_input(void **state)
{
    (void)state;
    pp_queue qs[2] = {make_queue("a", PP_CHANNEL_VOICE, 80, 20, NAN),
                      make_queue("b", PP_CHANNEL_VOICE, 80, 20, NAN)};
    double off[2] = {10, 10}, aht[2] = {200, 200}, agents[2] = {2, 2};
    fixture f = make_grids(qs, 2, 4, 30, off, aht, agents);
    pp_sim_input in = {.queues = qs, .nq = 2, .forecast = f.fc, .coverage = f.cov};
    pp_sim_params p;
    pp_sim_params_init(&p);
    pp_sim_result *r = (pp_sim_result *)&p; /* must be reset to NULL on failure */
    pp_error err;
    /* escalation cycle */
    qs[0].escalates_to = 1;
    qs[0].escalation_pct = 5;
    qs[1].escalates_to = 0;
    qs[1].escalation_pct = 5;
    pp_error_clear(&err);
    assert_int_equal(pp_sim_run(&in, &p, &r, &err), PP_EINVAL);
    assert_null(r);
    assert_non_null(strstr(err.msg, "cycle"));
    qs[1].escalates_to = -1;
    /* risk without quantiles */
    p.arrivals = PP_SIM_ARRIVALS_RISK;
    pp_error_clear(&err);
    assert_int_equal(pp_sim_run(&in, &p, &r, &err), PP_EINVAL);
    assert_non_null(strstr(err.msg, "offered_p10"));
    p.arrivals = PP_SIM_ARRIVALS_POINT;
    /* zero replications, a bad CV */
    p.reps = 0;
    assert_int_equal(pp_sim_run(&in, &p, &r, NULL), PP_EINVAL);
    p.reps = 3;
    p.handle_cv = -1;
    assert_int_equal(pp_sim_run(&in, &p, &r, NULL), PP_EINVAL);
    p.handle_cv = NAN;
    /* negative agents */
    pp_grid_column(f.cov, PP_COL_AGENTS_PLANNED)[3] = -1;
    pp_error_clear(&err);
    assert_int_equal(pp_sim_run(&in, &p, &r, &err), PP_EINVAL);
    assert_non_null(strstr(err.msg, "agents_planned"));
    pp_grid_column(f.cov, PP_COL_AGENTS_PLANNED)[3] = 2;
    /* a coverage on other intervals */
    pp_grid *other = NULL;
    const char *names[2] = {"a", "b"};
    assert_int_equal(pp_grid_new(2, names, pp_grid_start(f.fc), 30, 5, &other, NULL), PP_OK);
    assert_non_null(pp_grid_add_column(other, PP_COL_AGENTS_PLANNED, 1, NULL));
    in.coverage = other;
    assert_int_equal(pp_sim_run(&in, &p, &r, NULL), PP_EINVAL);
    in.coverage = f.cov;
    assert_int_equal(pp_sim_run(&in, &p, &r, NULL), PP_OK);
    assert_int_equal(pp_sim_result_rows(r), 2 * (4 + 1 + 1));
    pp_sim_result_free(r);
    pp_grid_free(other);
    pp_sim_result_free(NULL);
    free_fixture(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(erlang_c_stationary), cmocka_unit_test(erlang_a_stationary),
        cmocka_unit_test(deterministic),       cmocka_unit_test(deferred_at_capacity),
        cmocka_unit_test(deferred_nights_and_swings),
        cmocka_unit_test(escalations_arrive),  cmocka_unit_test(loads_plan_folder),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
