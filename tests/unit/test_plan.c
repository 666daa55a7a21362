/* test_plan.c -- the shift/vendor optimizer on hand-solvable instances, limits
 * recomputed from the solved roster, infeasible / time-limited solves and bad
 * inputs.  Everything is built in memory; nothing is printed on stdout. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "optimizer/mip.h"
#include "optimizer/plan_internal.h"
#include "peakplan/grid.h"
#include "peakplan/interrupt.h"
#include "peakplan/plan.h"
#include "peakplan/timeutil.h"

#define DAY0 20766 /* 2026-11-09, a Monday */

/* ------------------------------------------------------------------------ */
/* Instance builder                                                          */

typedef struct inst {
    pp_queue q[8];
    size_t nq;
    pp_vendor v[8];
    size_t nv;
    pp_shift_family f[16];
    size_t nf;
    unsigned char vq[64], fv[128];
    unsigned char *avail;
    pp_grid *req;
    double *need, *work;
    size_t n;
    int step;
    size_t days;
} inst;

static void add_queue(inst *I, const char *name, pp_channel ch)
{
    pp_queue *q = &I->q[I->nq++];
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", name);
    q->channel = ch;
    q->target_pct = 80;
    q->target_seconds = 20;
    q->max_occupancy_pct = q->patience_seconds = q->max_asa_seconds = q->max_abandon_pct = NAN;
    q->concurrency = 1;
    q->escalates_to = -1;
}

static pp_vendor *add_vendor(inst *I, const char *name, double cost)
{
    pp_vendor *v = &I->v[I->nv++];
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    v->hourly_cost = cost;
    v->seats = v->max_hours_week = v->max_agents = INFINITY;
    return v;
}

static pp_shift_family *add_family(inst *I, const char *name, int e, int l, int step, int len)
{
    pp_shift_family *f = &I->f[I->nf++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->days_mask = 0x7f;
    f->earliest_start = e;
    f->latest_start = l;
    f->start_step_minutes = step;
    f->length_minutes = len;
    return f;
}

/* Grid over `days` days from DAY0 00:00; all vendors may serve all queues and
 * work all families unless a test changes the matrices. */
static void make_grid(inst *I, size_t days, int step, bool workload)
{
    I->days = days;
    I->step = step;
    I->n = days * 1440 / (size_t)step;
    const char *names[8];
    for (size_t q = 0; q < I->nq; q++)
        names[q] = I->q[q].name;
    assert_int_equal(pp_grid_new(I->nq, names, (int64_t)DAY0 * 1440, step, I->n, &I->req, NULL),
                     PP_OK);
    I->need = pp_grid_add_column(I->req, PP_COL_AGENTS_NEEDED, 0, NULL);
    I->work = workload ? pp_grid_add_column(I->req, PP_COL_WORKLOAD, 0, NULL) : NULL;
    memset(I->vq, 1, sizeof I->vq);
    memset(I->fv, 1, sizeof I->fv);
}

static pp_plan_input input(inst *I)
{
    pp_plan_input in = {.queues = I->q, .nq = I->nq, .vendors = I->v, .nv = I->nv,
                        .vendor_queue = I->vq, .families = I->f, .nf = I->nf,
                        .family_vendor = I->fv, .requirements = I->req, .start_day = DAY0,
                        .days = I->days, .vendor_available = I->avail};
    return in;
}

static void inst_free(inst *I)
{
    pp_grid_free(I->req);
    free(I->avail);
}

/* need(q, minute-of-horizon from..to) = a */
static void set_need(inst *I, size_t q, int from_min, int to_min, double a)
{
    for (int m = from_min; m < to_min; m += I->step)
        I->need[q * I->n + (size_t)(m / I->step)] = a;
}

/* A medium synthetic week-like instance: two live queues with two daily peaks,
 * three vendors (seat-limited inhouse, a BPO with committed hours, an expensive
 * overflow BPO), 4/6/8/10-hour families every 30 min with breaks. */
static void medium(inst *I, size_t days, int step)
{
    memset(I, 0, sizeof *I);
    add_queue(I, "voice", PP_CHANNEL_VOICE);
    add_queue(I, "chat", PP_CHANNEL_CHAT);
    pp_vendor *a = add_vendor(I, "inhouse", 24.5);
    a->seats = 14;
    pp_vendor *b = add_vendor(I, "bpo_a", 19.75);
    b->max_agents = 9;
    b->max_hours_week = 420;
    b->shrinkage_pct = 10;
    add_vendor(I, "bpo_b", 31.0);
    pp_shift_family *f;
    f = add_family(I, "4h", 360, 1200, 30, 240);
    f = add_family(I, "6h", 360, 1080, 30, 360);
    f->break_minutes = 30;
    f->break_earliest_offset = 120;
    f->break_latest_offset = 240;
    f = add_family(I, "8h", 360, 960, 30, 480);
    f->break_minutes = 60;
    f->break_earliest_offset = 180;
    f->break_latest_offset = 300;
    f = add_family(I, "10h", 420, 720, 60, 600);
    f->break_minutes = 60;
    f->break_earliest_offset = 240;
    f->break_latest_offset = 360;
    make_grid(I, days, step, false);
    I->vq[0 * 2 + 1] = 0; /* inhouse: voice only */
    I->fv[3 * 3 + 2] = 0; /* no 10-hour shifts at bpo_b */
    for (size_t q = 0; q < 2; q++)
        for (size_t t = 0; t < I->n; t++) {
            double h = fmod((double)t * step / 60.0, 24.0);
            double d = (double)(t * (size_t)step / 1440);
            double base = q == 0 ? 11.3 : 6.7;
            double v = base * (exp(-pow((h - 10.5) / 2.2, 2)) + 0.8 * exp(-pow((h - 16) / 2.5, 2))) *
                       (1 + 0.07 * sin(d * 1.3 + (double)q));
            if (h >= 7 && h < 22)
                v += 1.37;
            I->need[q * I->n + t] = h >= 6.5 && h < 23 ? v : 0;
        }
}

static void dbg_progress(const pp_progress *pr, void *u)
{
    (void)u;
    fprintf(stderr, "#   %6.1f s  %s\n", pr->elapsed_seconds, pr->note);
}

static pp_plan *solve_ok(inst *I, const pp_plan_params *p)
{
    pp_plan_input in = input(I);
    pp_plan *plan = NULL;
    pp_error err = {0};
    pp_status st = pp_plan_solve(&in, p, &plan, &err);
    if (st != PP_OK)
        fprintf(stderr, "# solve failed: %s\n", err.msg);
    assert_int_equal(st, PP_OK);
    assert_non_null(plan);
    return plan;
}

/* Working agents of vendor v in grid interval t, recomputed from the roster. */
static double roster_working(const inst *I, const pp_plan *plan, size_t v, size_t t)
{
    int64_t lo = (int64_t)DAY0 * 1440 + (int64_t)t * I->step, hi = lo + I->step;
    double w = 0;
    for (size_t i = 0; i < pp_plan_roster_count(plan); i++) {
        const pp_roster_row *r = &pp_plan_roster(plan)[i];
        if (r->vendor != v)
            continue;
        int64_t s = r->start > lo ? r->start : lo, e = r->end < hi ? r->end : hi;
        double on = e > s ? (double)(e - s) : 0;
        s = r->break_start > lo ? r->break_start : lo;
        e = r->break_end < hi ? r->break_end : hi;
        double off = e > s ? (double)(e - s) : 0;
        w += (double)r->agents * (on - off) / I->step;
    }
    return w;
}

/* ------------------------------------------------------------------------ */

/* One vendor at 12.5/h, one 8-hour shift at 08:00, need 2 agents 08-16:
 * 2 agents, 16 paid hours, cost 200. */
static void simple_optimum(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    add_vendor(&I, "house", 12.5);
    add_family(&I, "day", 480, 480, 60, 480);
    make_grid(&I, 1, 60, false);
    set_need(&I, 0, 480, 960, 2);
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = solve_ok(&I, &p);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    assert_int_equal(s->status, PP_PLAN_OPTIMAL);
    assert_float_equal(s->total_cost, 200, 1e-9);
    assert_float_equal(s->paid_hours, 16, 1e-9);
    assert_int_equal(pp_plan_roster_count(plan), 1);
    assert_int_equal(pp_plan_roster(plan)[0].agents, 2);
    assert_int_equal(pp_plan_roster(plan)[0].start, (int64_t)DAY0 * 1440 + 480);
    assert_int_equal(pp_plan_roster(plan)[0].end, (int64_t)DAY0 * 1440 + 960);
    assert_float_equal(pp_plan_vendor_cost(plan, 0), 200, 1e-9);
    pp_plan_free(plan);
    inst_free(&I);
}

/* Fractional need 2.3: with a high penalty a third agent (cost 300); with a
 * penalty of 40/agent-hour the 0.3 x 8 h shortfall (96) is cheaper than an
 * agent (100): objective 296, understaffed 2.4 agent-hours. */
static void fractional_need_and_penalty(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    add_vendor(&I, "house", 12.5);
    add_family(&I, "day", 480, 480, 60, 480);
    make_grid(&I, 1, 60, false);
    set_need(&I, 0, 480, 960, 2.3);
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = solve_ok(&I, &p);
    assert_float_equal(pp_plan_get_summary(plan)->total_cost, 300, 1e-9);
    assert_float_equal(pp_plan_get_summary(plan)->understaffed_agent_hours, 0, 1e-9);
    pp_plan_free(plan);
    p.penalty_per_agent_hour = 40;
    plan = solve_ok(&I, &p);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    assert_float_equal(s->total_cost, 200, 1e-9);
    assert_float_equal(s->objective, 296, 1e-6);
    assert_float_equal(s->understaffed_agent_hours, 2.4, 1e-6);
    assert_true(pp_plan_explanation_count(plan) >= 1);
    assert_non_null(strstr(pp_plan_explanation(plan, 0), "voice"));
    const double *sf = pp_grid_column_const(pp_plan_coverage(plan), PP_COL_SHORTFALL);
    assert_float_equal(sf[9], 0.3, 1e-6);
    pp_plan_free(plan);
    inst_free(&I);
}

/* Cheap vendor limited to 1 seat: 1 cheap + 2 expensive agents. */
static void seats_split_vendors(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    pp_vendor *c = add_vendor(&I, "cheap", 10);
    c->seats = 1;
    add_vendor(&I, "dear", 15);
    add_family(&I, "day", 480, 480, 60, 480);
    make_grid(&I, 1, 60, false);
    set_need(&I, 0, 480, 960, 3);
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = solve_ok(&I, &p);
    assert_float_equal(pp_plan_get_summary(plan)->total_cost, 8 * 10 + 2 * 8 * 15, 1e-9);
    assert_float_equal(pp_plan_vendor_paid_hours(plan, 0), 8, 1e-9);
    assert_float_equal(pp_plan_vendor_paid_hours(plan, 1), 16, 1e-9);
    /* roster sorted by vendor */
    assert_int_equal(pp_plan_roster(plan)[0].vendor, 0);
    bool saw = false;
    for (size_t i = 0; i < pp_plan_explanation_count(plan); i++)
        saw |= strstr(pp_plan_explanation(plan, i), "seats") != NULL;
    assert_true(saw);
    pp_plan_free(plan);
    inst_free(&I);
}

/* 8-hour shift 08:00 with a 60-minute unpaid break starting 3-5 h in; the
 * queue needs nobody 12:00-13:00 and one agent otherwise: the break goes to
 * 12:00 and one agent (7 paid hours) covers everything. */
static void break_placement(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    add_vendor(&I, "house", 20);
    pp_shift_family *f = add_family(&I, "day", 480, 480, 30, 480);
    f->break_minutes = 60;
    f->break_earliest_offset = 180;
    f->break_latest_offset = 300;
    make_grid(&I, 1, 30, false);
    set_need(&I, 0, 480, 720, 1);
    set_need(&I, 0, 780, 960, 1);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.mip_gap = 0;
    pp_plan *plan = solve_ok(&I, &p);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    assert_float_equal(s->total_cost, 140, 1e-9);
    assert_float_equal(s->understaffed_agent_hours, 0, 1e-9);
    assert_int_equal(pp_plan_roster_count(plan), 1);
    const pp_roster_row *r = &pp_plan_roster(plan)[0];
    assert_int_equal(r->break_start, (int64_t)DAY0 * 1440 + 720);
    assert_int_equal(r->break_end, (int64_t)DAY0 * 1440 + 780);
    assert_float_equal(r->paid_hours, 7, 1e-9);
    /* on break nobody covers */
    const double *pl = pp_grid_column_const(pp_plan_coverage(plan), PP_COL_AGENTS_PLANNED);
    assert_float_equal(pl[24], 0, 1e-9);
    assert_float_equal(pl[25], 0, 1e-9);
    assert_float_equal(pl[26], 1, 1e-9);
    pp_plan_free(plan);

    /* break_paid: same placement, 8 paid hours */
    f->break_paid = true;
    plan = solve_ok(&I, &p);
    assert_float_equal(pp_plan_get_summary(plan)->total_cost, 160, 1e-9);
    pp_plan_free(plan);
    inst_free(&I);
}

/* Three breaks (shifts.csv `breaks`): a 9-hour shift at 08:00 with a paid
 * 15-minute rest starting 90-150 min in, an unpaid 60-minute meal 210-330 and
 * a paid rest 390-450, on a 15-minute grid; the queue needs 2 agents all day.
 * Two agents leave 6 break intervals each uncovered (3 agent-hours at 200 =
 * 600); a third agent lets the breaks take turns -- rests at 90/105/120 and
 * 390/405/420, meals at 210/270/330 -- so at most one agent is on break in any
 * interval: 3 agents x 8 paid hours x 20 = 480, no shortfall, and the agents
 * at work add up to 3 x 36 - 3 x 6 = 90 agent-intervals. */
static void three_breaks_take_turns(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    add_vendor(&I, "house", 20);
    pp_shift_family *f = add_family(&I, "day9", 480, 480, 15, 540);
    f->nbreaks = 3;
    f->breaks[0] = (pp_break_rule){15, 90, 150, true};
    f->breaks[1] = (pp_break_rule){60, 210, 330, false};
    f->breaks[2] = (pp_break_rule){15, 390, 450, true};
    make_grid(&I, 1, 15, false);
    set_need(&I, 0, 480, 1020, 2);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.mip_gap = 0;
    pp_plan *plan = solve_ok(&I, &p);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    assert_float_equal(s->total_cost, 480, 1e-9);
    assert_float_equal(s->paid_hours, 24, 1e-9);
    assert_float_equal(s->understaffed_agent_hours, 0, 1e-6);
    /* one template: x and 5 + 9 + 5 placement columns, of which the w are integer */
    assert_int_equal(s->integers, 19);
    long agents = 0;
    int on_break[96] = {0};
    for (size_t k = 0; k < pp_plan_roster_count(plan); k++) {
        const pp_roster_row *r = &pp_plan_roster(plan)[k];
        agents += r->agents;
        assert_int_equal(r->nbreaks, 3);
        assert_int_equal(r->break_start, r->breaks[0].start);
        assert_int_equal(r->break_end, r->breaks[0].end);
        assert_float_equal(r->paid_hours, 8.0 * (double)r->agents, 1e-9);
        for (int b = 0; b < 3; b++) {
            int64_t off = r->breaks[b].start - r->start;
            assert_true(off >= f->breaks[b].earliest_offset && off <= f->breaks[b].latest_offset);
            assert_int_equal(r->breaks[b].end - r->breaks[b].start, f->breaks[b].minutes);
            assert_int_equal(r->breaks[b].paid, f->breaks[b].paid);
            if (b > 0)
                assert_true(r->breaks[b].start >= r->breaks[b - 1].end);
            for (int64_t m = r->breaks[b].start; m < r->breaks[b].end; m += 15)
                on_break[(m - (int64_t)DAY0 * 1440) / 15] += (int)r->agents;
        }
    }
    assert_int_equal(agents, 3);
    const double *pl = pp_grid_column_const(pp_plan_coverage(plan), PP_COL_AGENTS_PLANNED);
    double total = 0;
    for (size_t i = 32; i < 68; i++) {
        assert_true(on_break[i] <= 1);
        assert_float_equal(pl[i], 3 - on_break[i], 1e-9); /* on break covers nothing */
        total += pl[i];
    }
    assert_float_equal(total, 90, 1e-9);
    pp_plan_free(plan);
    inst_free(&I);
}

/* Seats, max hours, max agents hold on the solved roster; coverage equals
 * what the roster's working agents supply. */
static void limits_and_coverage_from_roster(void **state)
{
    (void)state;
    inst I;
    medium(&I, 2, 30);
    pp_plan_params p;
    pp_plan_params_init(&p);
    if (getenv("PP_DEBUG")) { p.verbosity = 1; p.progress = dbg_progress; }
    p.mip_gap = 0.01;
    p.time_limit_seconds = 8; /* the limits must hold for any incumbent, optimal or not */
    pp_plan *plan = solve_ok(&I, &p);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fprintf(stderr, "# medium 2 days: %s, %zu cols (%zu int), gap %.3f%%, %.2f s\n",
            pp_plan_status_name(s->status), s->cols, s->integers, s->mip_gap_pct, s->solve_seconds);
    assert_true(s->status == PP_PLAN_OPTIMAL || s->status == PP_PLAN_FEASIBLE);
    const pp_grid *cov = pp_plan_coverage(plan);
    const double *pl = pp_grid_column_const(cov, PP_COL_AGENTS_PLANNED);
    for (size_t t = 0; t < I.n; t++) {
        double supply = 0;
        for (size_t v = 0; v < I.nv; v++) {
            double w = roster_working(&I, plan, v, t);
            assert_true(w >= -1e-9);
            if (isfinite(I.v[v].seats))
                assert_true(w <= I.v[v].seats + 1e-6);
            supply += w * (1 - I.v[v].shrinkage_pct / 100);
        }
        assert_float_equal(pl[t] + pl[I.n + t], supply, 1e-6);
    }
    double hours[8] = {0}, cost = 0;
    long starts[8][8] = {{0}};
    for (size_t i = 0; i < pp_plan_roster_count(plan); i++) {
        const pp_roster_row *r = &pp_plan_roster(plan)[i];
        const pp_shift_family *F = &I.f[r->family];
        assert_true(r->agents > 0);
        assert_int_equal(r->end - r->start, F->length_minutes);
        if (F->break_minutes) {
            assert_true(r->break_start - r->start >= F->break_earliest_offset);
            assert_true(r->break_start - r->start <= F->break_latest_offset);
            assert_int_equal(r->break_end - r->break_start, F->break_minutes);
        }
        if (i > 0) {
            const pp_roster_row *o = r - 1;
            assert_true(o->vendor < r->vendor || (o->vendor == r->vendor && o->start <= r->start));
        }
        hours[r->vendor] += r->paid_hours;
        starts[r->vendor][(r->start / 1440) - DAY0] += r->agents;
        cost += r->cost;
    }
    assert_float_equal(cost, s->total_cost, 1e-6);
    for (size_t v = 0; v < I.nv; v++) {
        assert_float_equal(hours[v], pp_plan_vendor_paid_hours(plan, v), 1e-6);
        assert_true(hours[v] <= I.v[v].max_hours_week * 2 / 7 + 1e-6);
        for (size_t d = 0; d < 2; d++)
            assert_true((double)starts[v][d] <= I.v[v].max_agents);
    }
    /* understaffing = shortfall column */
    const double *sf = pp_grid_column_const(cov, PP_COL_SHORTFALL);
    double u = 0;
    for (size_t i = 0; i < 2 * I.n; i++)
        u += sf[i];
    assert_float_equal(u * 0.5, s->understaffed_agent_hours, 1e-6);
    assert_true(s->lp_bound <= s->objective + 1e-6);
    assert_true(s->mip_gap_pct <= 1.0 + 1e-9 || s->status == PP_PLAN_FEASIBLE);
    pp_plan_free(plan);

    inst_free(&I);

    /* determinism: same input, same plan (a gap GLPK proves quickly, no clock involved) */
    medium(&I, 1, 30);
    p.mip_gap = 0.25;
    p.time_limit_seconds = 60;
    pp_plan *a = solve_ok(&I, &p), *b = solve_ok(&I, &p);
    assert_int_equal(pp_plan_get_summary(a)->status, PP_PLAN_OPTIMAL);
    if (pp_plan_get_summary(a)->status == PP_PLAN_OPTIMAL &&
        pp_plan_get_summary(b)->status == PP_PLAN_OPTIMAL) {
        assert_int_equal(pp_plan_roster_count(a), pp_plan_roster_count(b));
        assert_memory_equal(pp_plan_roster(a), pp_plan_roster(b),
                            pp_plan_roster_count(a) * sizeof(pp_roster_row));
    }
    pp_plan_free(a);
    pp_plan_free(b);
    inst_free(&I);
}

/* A vendor committed to 40 h/week but unavailable all horizon: infeasible,
 * explained by the vendor's name. */
static void infeasible_min_hours(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    add_vendor(&I, "house", 20);
    pp_vendor *b = add_vendor(&I, "committed_bpo", 15);
    b->min_hours_week = 40;
    add_family(&I, "day", 480, 600, 60, 480);
    make_grid(&I, 7, 60, false);
    for (int d = 0; d < 7; d++)
        set_need(&I, 0, d * 1440 + 480, d * 1440 + 1080, 3);
    I.avail = malloc(2 * I.n);
    memset(I.avail, 1, I.n);
    memset(I.avail + I.n, 0, I.n);
    pp_plan_input in = input(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_EINFEASIBLE);
    assert_non_null(plan);
    assert_int_equal(pp_plan_get_summary(plan)->status, PP_PLAN_INFEASIBLE);
    assert_string_equal(pp_plan_status_name(pp_plan_get_summary(plan)->status), "infeasible");
    assert_true(pp_plan_explanation_count(plan) >= 1);
    assert_non_null(strstr(pp_plan_explanation(plan, 0), "committed_bpo"));
    assert_non_null(strstr(pp_plan_explanation(plan, 0), "min_hours_week"));
    assert_non_null(strstr(err.msg, "committed_bpo"));
    assert_int_equal(pp_plan_roster_count(plan), 0);
    pp_plan_free(plan);

    /* available again: feasible, and the commitment is bought */
    memset(I.avail + I.n, 1, I.n);
    in = input(&I);
    pp_error_clear(&err);
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_OK);
    assert_true(pp_plan_vendor_paid_hours(plan, 1) >= 40 - 1e-6);
    pp_plan_free(plan);
    inst_free(&I);
}

/* Tiny time limit, zero gap on a medium instance: an incumbent with a gap. */
static void time_limited(void **state)
{
    (void)state;
    inst I;
    medium(&I, 3, 15);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.mip_gap = 0;
    p.time_limit_seconds = 4;
    pp_plan_input in = input(&I);
    pp_plan *plan = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_OK);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fprintf(stderr, "# time-limited: %s, %zu rows, %zu cols (%zu int), cost %.2f, gap %.3f%%, "
                    "%.2f s\n",
            pp_plan_status_name(s->status), s->rows, s->cols, s->integers, s->total_cost,
            s->mip_gap_pct, s->solve_seconds);
    assert_int_equal(s->status, PP_PLAN_FEASIBLE);
    assert_true(s->mip_gap_pct > 0);
    assert_true(s->lp_bound < s->objective);
    assert_true(pp_plan_roster_count(plan) > 0);
    pp_plan_free(plan);
    inst_free(&I);
}

/* A deferred (email) queue: all work is eventually served, backlog reported,
 * and within the deadline when capacity allows. */
static void deferred_backlog(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "email", PP_CHANNEL_EMAIL);
    I.q[0].target_pct = 90;
    I.q[0].target_seconds = 7200; /* 4 intervals of 30 min */
    add_vendor(&I, "house", 20);
    add_family(&I, "day", 420, 600, 30, 480);
    make_grid(&I, 1, 30, true);
    /* 4 agent-intervals of work arrive at 08:00 and 4 at 12:00 */
    I.work[16] = 4;
    I.work[24] = 4;
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = solve_ok(&I, &p);
    const pp_grid *cov = pp_plan_coverage(plan);
    const double *bl = pp_grid_column_const(cov, PP_COL_BACKLOG);
    const double *pl = pp_grid_column_const(cov, PP_COL_AGENTS_PLANNED);
    assert_non_null(bl);
    assert_float_equal(bl[I.n - 1], 0, 1e-6);
    double served = 0;
    for (size_t t = 0; t < I.n; t++)
        served += pl[t];
    assert_float_equal(served, 8, 1e-6);
    /* one agent working 8 h can clear 8 agent-intervals of work within the deadline */
    assert_float_equal(pp_plan_get_summary(plan)->understaffed_agent_hours, 0, 1e-6);
    assert_float_equal(pp_plan_get_summary(plan)->total_cost, 160, 1e-6);
    pp_plan_free(plan);
    inst_free(&I);
}

static void expect_einval(inst *I, const char *needle)
{
    pp_plan_input in = input(I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = (pp_plan *)&p; /* must be reset to NULL */
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_EINVAL);
    assert_null(plan);
    if (!strstr(err.msg, needle))
        fprintf(stderr, "# message '%s' lacks '%s'\n", err.msg, needle);
    assert_non_null(strstr(err.msg, needle));
}

static void bad_inputs(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    pp_vendor *v = add_vendor(&I, "house", 20);
    pp_shift_family *f = add_family(&I, "longday", 480, 480, 60, 480);
    make_grid(&I, 1, 60, false);
    set_need(&I, 0, 480, 960, 1);

    f->length_minutes = 1500;
    expect_einval(&I, "longday");
    f->length_minutes = 480;
    f->break_minutes = 60;
    f->break_earliest_offset = 300;
    f->break_latest_offset = 450;
    expect_einval(&I, "break window");
    f->break_minutes = 0;
    f->earliest_start = 600;
    expect_einval(&I, "no template");
    f->earliest_start = 480;
    f->days_mask = 0;
    expect_einval(&I, "no template");
    f->days_mask = 0x7f;
    v->hourly_cost = -1;
    expect_einval(&I, "house");
    v->hourly_cost = 20;
    v->seats = -2;
    expect_einval(&I, "seats");
    v->seats = INFINITY;
    I.vq[0] = 0;
    expect_einval(&I, "none of the queues");
    I.vq[0] = 1;
    v->min_hours_week = 50;
    v->max_hours_week = 40;
    expect_einval(&I, "min_hours_week");
    v->min_hours_week = 0;
    v->max_hours_week = INFINITY;

    /* a valid instance again, and a model file */
    pp_plan_input in = input(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    char path[256];
    snprintf(path, sizeof path, "/tmp/pp_test_plan_%ld.lp", (long)getpid());
    p.write_model_path = path;
    pp_plan *plan = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_OK);
    pp_plan_free(plan);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char buf[256];
    bool seen = false;
    while (fgets(buf, sizeof buf, fp))
        seen |= strstr(buf, "x_v0_f0_d0_0800") != NULL;
    fclose(fp);
    remove(path);
    assert_true(seen);
    p.write_model_path = "/tmp/model.txt";
    pp_error_clear(&err);
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_EINVAL);
    assert_null(plan);
    inst_free(&I);
}

static void status_names(void **state)
{
    (void)state;
    assert_string_equal(pp_plan_status_name(PP_PLAN_OPTIMAL), "optimal");
    assert_string_equal(pp_plan_status_name(PP_PLAN_FEASIBLE), "feasible");
    /* the search ran out of time before any plan: its own status, not an internal error */
    assert_string_equal(pp_status_name(PP_ETIMELIMIT), "time limit");
    assert_true(PP_ETIMELIMIT != PP_EINTERNAL && PP_ETIMELIMIT != PP_EINTERRUPTED);
    pp_plan_free(NULL);
    pp_plan_params p;
    pp_plan_params_init(&p);
    assert_float_equal(p.time_limit_seconds, 60, 0);
    assert_float_equal(p.mip_gap, 0.001, 0);
    assert_float_equal(p.penalty_per_agent_hour, 200, 0);
}

/* The decomposition path (interior point, relax-and-fix by day, window
 * passes) on a hand-built 3-day cover MIP, forced by a zero column threshold:
 * integral, every row satisfied, objective consistent, above the LP bound.
 * With `bases`, coverage goes through an explicit working column h[t] (whole
 * agents) with the rounding base h[t] + u[t] >= need[t], so the solver adds
 * MIR cuts; `threads` 2 runs the second search.  Returns the bound. */
static double solve_cover_week(bool bases, int threads, double *x_out, bool decompose,
                               double *obj_out)
{
    enum { DAYS = 3, T = 12, LEN = 4 };
    pp_mip m;
    pp_mip_init(&m, false);
    size_t cover[DAYS * T], xcol[DAYS * T], ucol[DAYS * T], hcol[DAYS * T], hrow[DAYS * T];
    for (size_t t = 0; t < DAYS * T; t++) {
        double need = 1.37 + 2.1 * sin(0.7 * (double)t) * sin(0.7 * (double)t);
        cover[t] = pp_mip_add_row(&m, need, INFINITY, NULL);
        ucol[t] = pp_mip_add_col(&m, 0, INFINITY, 9.5, false, NULL);
        assert_true(pp_mip_add_nz(&m, cover[t], ucol[t], 1));
        if (bases) { /* h[t] = sum of the shifts at work: cover row on h */
            hcol[t] = pp_mip_add_col(&m, 0, INFINITY, 0, false, NULL);
            hrow[t] = pp_mip_add_row(&m, 0, 0, NULL);
            assert_true(pp_mip_add_nz(&m, hrow[t], hcol[t], 1));
            assert_true(pp_mip_add_nz(&m, cover[t], hcol[t], 1));
            assert_true(pp_mip_add_base(&m, need));
            assert_true(pp_mip_add_base_term(&m, hcol[t], 1, true));
            assert_true(pp_mip_add_base_term(&m, ucol[t], 1, false));
        }
    }
    size_t week = pp_mip_add_row(&m, -INFINITY, 40, NULL); /* couples the days */
    for (size_t t = 0; t + LEN <= DAYS * T; t++) {
        xcol[t] = pp_mip_add_col(&m, 0, INFINITY, 4.0 + 0.01 * (double)(t % 5), true, NULL);
        assert_true(pp_mip_add_nz(&m, week, xcol[t], 1));
        for (size_t k = 0; k < LEN; k++)
            assert_true(pp_mip_add_nz(&m, bases ? hrow[t + k] : cover[t + k], xcol[t],
                                      bases ? -1 : 1));
    }
    m.col_group = malloc(m.ncols * sizeof *m.col_group);
    assert_non_null(m.col_group);
    for (size_t t = 0; t < DAYS * T; t++) {
        m.col_group[ucol[t]] = t / T;
        if (bases)
            m.col_group[hcol[t]] = t / T;
        if (t + LEN <= DAYS * T)
            m.col_group[xcol[t]] = t / T;
    }
    pp_mip_params p;
    pp_mip_params_init(&p);
    p.search.decompose_min_cols = decompose ? 0 : SIZE_MAX;
    p.time_limit_seconds = decompose ? 20 : 3;
    p.mip_gap = 0;
    p.threads = threads;
    pp_mip_result r;
    pp_error err = {0};
    assert_int_equal(pp_mip_solve(&m, &p, &r, &err), PP_OK);
    assert_true(r.status == PP_MIP_FEASIBLE || r.status == PP_MIP_OPTIMAL);
    assert_non_null(r.x);
    double obj = 0;
    for (size_t j = 0; j < m.ncols; j++) {
        obj += m.col_cost[j] * r.x[j];
        assert_true(r.x[j] >= m.col_lb[j] - 1e-7);
        if (m.col_int[j])
            assert_float_equal(r.x[j], round(r.x[j]), 1e-9);
    }
    assert_float_equal(obj, r.objective, 1e-6);
    double *act = calloc(m.nrows, sizeof *act);
    assert_non_null(act);
    for (size_t k = 0; k < m.nnz; k++)
        act[m.ti[k]] += m.tv[k] * r.x[m.tj[k]];
    for (size_t i = 0; i < m.nrows; i++) {
        assert_true(act[i] >= m.row_lb[i] - 1e-6);
        assert_true(act[i] <= m.row_ub[i] + 1e-6);
    }
    assert_true(r.bound <= r.objective + 1e-9);
    assert_true(r.objective <= r.lp_objective * 1.25); /* a usable plan, not just any */
    if (obj_out)
        *obj_out = r.objective;
    if (x_out) /* the shift counts, comparable across the two forms */
        for (size_t t = 0; t + LEN <= DAYS * T; t++)
            x_out[t] = r.x[xcol[t]];
    free(act);
    free(r.x);
    pp_mip_free(&m);
    return r.bound;
}

static void decomposition_path(void **state)
{
    (void)state;
    solve_cover_week(false, 1, NULL, true, NULL);
}

/* The exact optimum of solve_cover_week's model by dynamic programming, an
 * independent reference: a start's agents cover 4 intervals, so the state
 * after interval t is (starts at t-2, t-1, t) and the shifts used so far
 * (the weekly row caps them at 40); starts above 4 never pay (the need is
 * below 3.5), shortfall costs 9.5 per agent-interval. */
static double cover_week_exact(void)
{
    enum { DAYS = 3, T = 12, LEN = 4, N = DAYS * T, MAXX = 4, CAP = 40 };
    enum { NSTATE = (MAXX + 1) * (MAXX + 1) * (MAXX + 1) * (CAP + 1) };
    static double cur[NSTATE], nxt[NSTATE];
    for (size_t k = 0; k < NSTATE; k++)
        cur[k] = INFINITY;
    cur[0] = 0;
    for (int t = 0; t < N; t++) {
        for (size_t k = 0; k < NSTATE; k++)
            nxt[k] = INFINITY;
        double need = 1.37 + 2.1 * sin(0.7 * t) * sin(0.7 * t);
        double cost = 4.0 + 0.01 * (double)(t % 5);
        for (size_t k = 0; k < NSTATE; k++) {
            if (!isfinite(cur[k]))
                continue;
            int used = (int)(k % (CAP + 1)), s = (int)(k / (CAP + 1));
            int a = s / 25, b = s / 5 % 5, c = s % 5; /* starts at t-3, t-2, t-1 */
            for (int x = 0; x <= (t + LEN <= N ? MAXX : 0) && used + x <= CAP; x++) {
                double v = cur[k] + cost * x + 9.5 * fmax(0, need - (a + b + c + x));
                size_t to = (size_t)((b * 25 + c * 5 + x) * (CAP + 1) + used + x);
                if (v < nxt[to])
                    nxt[to] = v;
            }
        }
        memcpy(cur, nxt, sizeof cur);
    }
    double best = INFINITY;
    for (size_t k = 0; k < NSTATE; k++)
        best = fmin(best, cur[k]);
    return best;
}

/* The decomposition's plan against the exact optimum (127.34): its dives end
 * in a small branch and bound (tail_search).  Measured on one thread: 127.90
 * (+0.44 %); with plain dives, before the tail search, 129.36 (+1.6 %). */
static void decomposition_near_exact_optimum(void **state)
{
    (void)state;
    double exact = cover_week_exact(), obj = 0;
    assert_float_equal(exact, 127.3357, 1e-3);
    double bound = solve_cover_week(false, 1, NULL, true, &obj);
    printf("# exact optimum %.4f, decomposition plan %.4f, LP bound %.4f\n", exact, obj, bound);
    assert_true(bound <= exact + 1e-6);
    assert_true(obj >= exact - 1e-6);
    assert_true(obj <= exact * 1.005);
}

/* The cuts are valid (the plan is still feasible and no dearer than the bound
 * says), raise the bound above the plain LP, and the two-thread search gives
 * the same plan on every run. */
static void decomposition_cuts_and_threads(void **state)
{
    (void)state;
    double plain = solve_cover_week(false, 1, NULL, true, NULL);
    double a[36], b[36];
    double cut = solve_cover_week(true, 2, a, true, NULL);
    assert_true(cut > plain + 1e-3);
    solve_cover_week(true, 2, b, true, NULL);
    assert_memory_equal(a, b, 33 * sizeof *a);
}

/* The same through the simplex path: GLPK's branch and bound takes the rounding
 * cuts at the root (GLP_ICUTGEN); a 3-s limit stops it with its bound, which
 * the cuts raise (measured: 114.8 without, 127.3 with; GLPK's branching alone
 * comes nowhere near closing that in seconds). */
static void branch_and_bound_cuts(void **state)
{
    (void)state;
    double plain = solve_cover_week(false, 1, NULL, false, NULL);
    double cut = solve_cover_week(true, 1, NULL, false, NULL);
    assert_true(cut > plain + 1e-3);
}

/* MIR cuts from rounding bases: the textbook case, and validity by
 * enumeration -- every integer point with its least shortfall satisfies every
 * cut, while a fractional LP point is cut off. */
static double cut_lhs(const pp_mip_cuts *c, size_t k, const double *x)
{
    double s = 0;
    for (size_t e = c->first[k]; e < c->first[k + 1]; e++)
        s += c->coef[e] * x[c->col[e]];
    return s;
}

static void mir_cuts(void **state)
{
    (void)state;
    /* x + y >= 2.3 at x = 2.3, y = 0: the cut is x + y / 0.3 >= 3 */
    pp_mip m;
    pp_mip_init(&m, false);
    pp_mip_add_col(&m, 0, INFINITY, 1, false, NULL);
    pp_mip_add_col(&m, 0, INFINITY, 1, false, NULL);
    assert_true(pp_mip_add_base(&m, 2.3));
    assert_true(pp_mip_add_base_term(&m, 0, 1, true));
    assert_true(pp_mip_add_base_term(&m, 1, 1, false));
    pp_mip_cuts c = {0};
    double x[2] = {2.3, 0};
    assert_int_equal(pp_mip_mir_cuts(&m, x, 1e-6, &c), 1);
    assert_int_equal(c.first[1] - c.first[0], 2);
    assert_float_equal(c.lb[0], 3, 1e-12);
    for (size_t e = 0; e < 2; e++)
        assert_float_equal(c.coef[e], c.col[e] == 0 ? 1 : 1 / 0.3, 1e-9);
    pp_mip_cuts_free(&c);
    pp_mip_free(&m);

    /* random bases: three integral terms with shrinkage-like coefficients and a
     * shortfall; every integer point in [0, 8]^3 with its least shortfall */
    unsigned seed = 12345;
    for (int trial = 0; trial < 200; trial++) {
        pp_mip_init(&m, false);
        for (int j = 0; j < 4; j++)
            pp_mip_add_col(&m, 0, INFINITY, 1, false, NULL);
        double a[3], rhs;
        seed = seed * 1103515245u + 12345u;
        rhs = 0.5 + (double)(seed % 10000) / 1000.0; /* 0.5 .. 10.5 */
        for (int j = 0; j < 3; j++) {
            seed = seed * 1103515245u + 12345u;
            a[j] = 0.75 + (double)(seed % 250) / 1000.0; /* 0.75 .. 1.0 */
        }
        seed = seed * 1103515245u + 12345u;
        double cy = 0.5 + (double)(seed % 1000) / 1000.0;
        assert_true(pp_mip_add_base(&m, rhs));
        for (int j = 0; j < 3; j++)
            assert_true(pp_mip_add_base_term(&m, (size_t)j, a[j], true));
        assert_true(pp_mip_add_base_term(&m, 3, cy, false));
        /* the LP point: the cheapest fractional cover by the first term */
        double lp[4] = {rhs / a[0], 0, 0, 0};
        pp_mip_cuts cc = {0};
        size_t got = pp_mip_mir_cuts(&m, lp, 1e-6, &cc);
        assert_true(got <= 1);
        if (fabs(rhs / a[0] - round(rhs / a[0])) > 0.05)
            assert_int_equal(got, 1); /* a fractional agent count is cut off */
        for (size_t k = 0; k < cc.n; k++) {
            assert_true(cut_lhs(&cc, k, lp) < cc.lb[k] - 1e-7);
            for (int i0 = 0; i0 <= 8; i0++)
                for (int i1 = 0; i1 <= 8; i1++)
                    for (int i2 = 0; i2 <= 8; i2++) {
                        double pt[4] = {i0, i1, i2, 0};
                        double lhs = a[0] * i0 + a[1] * i1 + a[2] * i2;
                        pt[3] = lhs >= rhs ? 0 : (rhs - lhs) / cy;
                        assert_true(cut_lhs(&cc, k, pt) >= cc.lb[k] - 1e-9);
                    }
        }
        pp_mip_cuts_free(&cc);
        pp_mip_free(&m);
    }
}

/* Three days of 12 intervals, shifts of 4 intervals (integer, 4.00-4.04 each),
 * shortfall at 9.5 an agent-interval; week_cap > 0 caps the shifts in all. */
enum { CD_DAYS = 3, CD_T = 12, CD_LEN = 4 };
typedef struct cover_days {
    pp_mip m;
    size_t cover[CD_DAYS * CD_T], xcol[CD_DAYS * CD_T], ucol[CD_DAYS * CD_T];
} cover_days;

static void cover_days_build(cover_days *c, double week_cap)
{
    pp_mip *m = &c->m;
    pp_mip_init(m, false);
    for (size_t t = 0; t < CD_DAYS * CD_T; t++) {
        double need = 1.37 + 2.1 * sin(0.7 * (double)t) * sin(0.7 * (double)t);
        c->cover[t] = pp_mip_add_row(m, need, INFINITY, NULL);
        c->ucol[t] = pp_mip_add_col(m, 0, INFINITY, 9.5, false, NULL);
        assert_true(pp_mip_add_nz(m, c->cover[t], c->ucol[t], 1));
    }
    size_t week = week_cap > 0 ? pp_mip_add_row(m, -INFINITY, week_cap, NULL) : SIZE_MAX;
    for (size_t t = 0; t + CD_LEN <= CD_DAYS * CD_T; t++) {
        c->xcol[t] = pp_mip_add_col(m, 0, INFINITY, 4.0 + 0.01 * (double)(t % 5), true, NULL);
        if (week != SIZE_MAX)
            assert_true(pp_mip_add_nz(m, week, c->xcol[t], 1));
        for (size_t k = 0; k < CD_LEN; k++)
            assert_true(pp_mip_add_nz(m, c->cover[t + k], c->xcol[t], 1));
    }
}

/* Each interval's columns in its day; columns added after the build in none. */
static void cover_days_groups(cover_days *c)
{
    pp_mip *m = &c->m;
    m->col_group = malloc(m->ncols * sizeof *m->col_group);
    assert_non_null(m->col_group);
    for (size_t j = 0; j < m->ncols; j++)
        m->col_group[j] = SIZE_MAX;
    for (size_t t = 0; t < CD_DAYS * CD_T; t++) {
        m->col_group[c->ucol[t]] = t / CD_T;
        if (t + CD_LEN <= CD_DAYS * CD_T)
            m->col_group[c->xcol[t]] = t / CD_T;
    }
}

/* The decomposition's fallback: with a start and a limit short for the model
 * (< 1 ms per column), the second search runs window passes from the start.
 * Whatever the machine's speed: a feasible, integral plan no dearer than the
 * start, cost >= bound. */
static void decomposition_from_start(void **state)
{
    (void)state;
    enum { DAYS = CD_DAYS, T = CD_T };
    cover_days c;
    cover_days_build(&c, 40);
    cover_days_groups(&c);
    pp_mip m = c.m;
    const size_t *cover = c.cover, *ucol = c.ucol;
    /* the start: no shift at all, every need as shortfall */
    double *x = calloc(m.ncols, sizeof *x), start_obj = 0;
    assert_non_null(x);
    for (size_t t = 0; t < DAYS * T; t++) {
        x[ucol[t]] = m.row_lb[cover[t]];
        start_obj += 9.5 * x[ucol[t]];
    }
    pp_mip_params p;
    pp_mip_params_init(&p);
    p.search.decompose_min_cols = 0;
    p.threads = 2;
    p.mip_gap = 0;
    p.time_limit_seconds = 0.5e-3 * (double)m.ncols; /* under 1 ms per column */
    p.start_x = x;
    pp_mip_result r;
    pp_error err = {0};
    assert_int_equal(pp_mip_solve(&m, &p, &r, &err), PP_OK);
    assert_true(r.status == PP_MIP_FEASIBLE || r.status == PP_MIP_OPTIMAL);
    assert_non_null(r.x);
    double obj = 0;
    double act[DAYS * T + 1] = {0};
    for (size_t j = 0; j < m.ncols; j++) {
        obj += m.col_cost[j] * r.x[j];
        assert_true(r.x[j] >= -1e-9);
        if (m.col_int[j])
            assert_float_equal(r.x[j], round(r.x[j]), 1e-9);
    }
    for (size_t k = 0; k < m.nnz; k++)
        act[m.ti[k]] += m.tv[k] * r.x[m.tj[k]];
    for (size_t i = 0; i < m.nrows; i++) {
        assert_true(act[i] >= m.row_lb[i] - 1e-6);
        assert_true(act[i] <= m.row_ub[i] + 1e-6);
    }
    assert_float_equal(obj, r.objective, 1e-6);
    assert_true(r.objective <= start_obj + 1e-9);
    assert_true(r.bound <= r.objective + 1e-9);
    fprintf(stderr, "# from the start %.2f: %.2f (bound %.2f) in %.3f s\n", start_obj,
            r.objective, r.bound, r.seconds);
    free(r.x);
    free(x);
    pp_mip_free(&m);
}

/* Relax-and-fix without a plan, with time to spare: the search goes on by window
 * passes from the start instead of the simplex path.  An integer column in no
 * group (no day's window rounds it) whose LP value is 0.5 makes relax-and-fix fail
 * every time; the start has it at 1, and the windows keep it there. */
static void note_collect(const pp_progress *pr, void *u)
{
    char *notes = u;
    if (pr->note && strlen(notes) + strlen(pr->note) + 2 < 4096) {
        strcat(notes, pr->note);
        strcat(notes, "\n");
    }
}

static void decomposition_after_failed_rf(void **state)
{
    (void)state;
    enum { DAYS = CD_DAYS, T = CD_T };
    cover_days c;
    cover_days_build(&c, 0);
    size_t half = pp_mip_add_row(&c.m, 0.5, INFINITY, NULL);
    size_t z = pp_mip_add_col(&c.m, 0, 1, 1, true, NULL);
    assert_true(pp_mip_add_nz(&c.m, half, z, 1));
    cover_days_groups(&c); /* z in none */
    pp_mip m = c.m;
    const size_t *cover = c.cover, *ucol = c.ucol;
    double *x = calloc(m.ncols, sizeof *x), start_obj = 1;
    assert_non_null(x);
    x[z] = 1;
    for (size_t t = 0; t < DAYS * T; t++) {
        x[ucol[t]] = m.row_lb[cover[t]];
        start_obj += 9.5 * x[ucol[t]];
    }
    char notes[4096] = "";
    pp_mip_params p;
    pp_mip_params_init(&p);
    p.search.decompose_min_cols = 0;
    p.threads = 1;
    p.mip_gap = 0.05;
    p.time_limit_seconds = 30;
    p.start_x = x;
    p.verbosity = 1;
    p.progress = note_collect;
    p.progress_userdata = notes;
    pp_mip_result r;
    pp_error err = {0};
    assert_int_equal(pp_mip_solve(&m, &p, &r, &err), PP_OK);
    assert_non_null(r.x);
    assert_non_null(strstr(notes, "relax-and-fix found no plan"));
    assert_non_null(strstr(notes, "window passes from the constructive plan"));
    double obj = 0, act[DAYS * T + 2] = {0};
    for (size_t j = 0; j < m.ncols; j++) {
        obj += m.col_cost[j] * r.x[j];
        if (m.col_int[j])
            assert_float_equal(r.x[j], round(r.x[j]), 1e-9);
    }
    for (size_t k = 0; k < m.nnz; k++)
        act[m.ti[k]] += m.tv[k] * r.x[m.tj[k]];
    for (size_t i = 0; i < m.nrows; i++)
        assert_true(act[i] >= m.row_lb[i] - 1e-6);
    assert_float_equal(obj, r.objective, 1e-6);
    /* the windows improved the start by far (it staffs nobody) */
    assert_true(r.objective < 0.6 * start_obj);
    free(r.x);
    free(x);
    pp_mip_free(&m);
}

/* A what-if's warm start far outside the gap: its polish stops as soon as it is sure
 * to be outside (warm_polish_stop) and is finished only when the search's plan could
 * lose to it.  The plan must be the one of polishing it in full first, bit for bit:
 * on a plain solve (relax-and-fix's plan wins) and on one whose relax-and-fix fails
 * (the window passes then start from the warm start, polished after all). */
static void warm_solve(const pp_mip *m, const double *x, bool stop, pp_mip_result *r, char *notes)
{
    pp_mip_params p;
    pp_mip_params_init(&p);
    p.search.decompose_min_cols = 0;
    p.search.warm_polish_stop = stop;
    p.threads = 1;
    p.mip_gap = 0.05;
    p.time_limit_seconds = 60;
    p.start_x = x;
    p.start_warm = true;
    p.warm_int_x = x;
    p.verbosity = 1;
    p.progress = note_collect;
    p.progress_userdata = notes;
    notes[0] = '\0';
    pp_error err = {0};
    assert_int_equal(pp_mip_solve(m, &p, r, &err), PP_OK);
    assert_non_null(r->x);
}

static void warm_polish_stop_same_plan(void **state)
{
    (void)state;
    for (int failing = 0; failing < 2; failing++) {
        cover_days c;
        cover_days_build(&c, 0);
        /* shortfall that also counts in the next interval, and cheaper part-time cover:
         * an LP GLPK's presolver leaves to the simplex (with single-row shortfall
         * columns it solves the polish by itself, and nothing stops early) */
        for (size_t t = 0; t + 1 < CD_DAYS * CD_T; t++) {
            assert_true(pp_mip_add_nz(&c.m, c.cover[t + 1], c.ucol[t], 0.5));
            size_t b = pp_mip_add_col(&c.m, 0, 2, 6.0, false, NULL);
            assert_true(pp_mip_add_nz(&c.m, c.cover[t], b, 1));
            assert_true(pp_mip_add_nz(&c.m, c.cover[t + 1], b, 1));
        }
        size_t z = SIZE_MAX;
        if (failing) { /* as in decomposition_after_failed_rf: no day's window rounds z */
            size_t half = pp_mip_add_row(&c.m, 0.5, INFINITY, NULL);
            z = pp_mip_add_col(&c.m, 0, 1, 1, true, NULL);
            assert_true(pp_mip_add_nz(&c.m, half, z, 1));
        }
        cover_days_groups(&c);
        /* the related plan: no shift at all, every need as shortfall (9.5 a unit
         * against about 4 for a shift that covers CD_LEN intervals) */
        double *x = calloc(c.m.ncols, sizeof *x);
        assert_non_null(x);
        for (size_t t = 0; t < CD_DAYS * CD_T; t++)
            x[c.ucol[t]] = c.m.row_lb[c.cover[t]];
        if (failing)
            x[z] = 1;
        static char early[4096], full[4096];
        pp_mip_result a, b;
        warm_solve(&c.m, x, true, &a, early);
        warm_solve(&c.m, x, false, &b, full);
        assert_non_null(strstr(early, "outside the gap, relax-and-fix"));
        assert_non_null(strstr(early, "warm start above")); /* the polish stopped early */
        assert_null(strstr(full, "warm start above"));
        if (failing)
            assert_non_null(strstr(early, "relax-and-fix found no plan"));
        assert_true(a.objective == b.objective);
        assert_memory_equal(a.x, b.x, c.m.ncols * sizeof *a.x);
        fprintf(stderr, "# %s: %.4f either way\n", failing ? "relax-and-fix failing" : "plain",
                a.objective);
        free(a.x);
        free(b.x);
        free(x);
        pp_mip_free(&c.m);
    }
}

/* A covering MIP big enough that GLPK's own allocations exceed 1 MB. */
static void big_cover(pp_mip *m)
{
    enum { ROWS = 600, COLS = 6000 };
    pp_mip_init(m, false);
    for (size_t i = 0; i < ROWS; i++)
        pp_mip_add_row(m, 3.3 + 0.01 * (double)(i % 7), INFINITY, NULL);
    for (size_t j = 0; j < COLS; j++) {
        size_t c = pp_mip_add_col(m, 0, 9, 1.0 + 0.001 * (double)(j % 13), true, NULL);
        for (size_t k = 0; k < 6; k++)
            assert_true(pp_mip_add_nz(m, (j * (2 * k + 1) + k) % ROWS, c, 1));
    }
}

/* ------------------------------------------------------------------------ */
/* A plan is always found: the constructive plan, interrupts, tiny limits    */

/* Every hard limit recomputed from the roster alone: families the vendor may
 * work, shift lengths and break windows, seats per interval, agents starting
 * per vendor and day (the day before the horizon on its own), paid hours per
 * vendor against min/max_hours_week (prorated to the horizon, one block),
 * availability, and coverage only from vendors that may serve the queue.
 * Also: cost >= bound and the gap as reported. */
static void check_plan(const inst *I, const pp_plan *plan)
{
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    assert_true(pp_plan_roster_count(plan) > 0);
    double hours[8] = {0}, cost = 0;
    long starts[8][16] = {{0}};
    for (size_t i = 0; i < pp_plan_roster_count(plan); i++) {
        const pp_roster_row *r = &pp_plan_roster(plan)[i];
        const pp_shift_family *F = &I->f[r->family];
        assert_true(I->fv[r->family * I->nv + r->vendor]);
        assert_true(r->agents > 0);
        assert_int_equal(r->end - r->start, F->length_minutes);
        int sod = (int)(((r->start % 1440) + 1440) % 1440);
        assert_true(sod >= F->earliest_start && sod <= F->latest_start);
        assert_int_equal((sod - F->earliest_start) % F->start_step_minutes, 0);
        if (F->break_minutes) {
            assert_true(r->break_start - r->start >= F->break_earliest_offset);
            assert_true(r->break_start - r->start <= F->break_latest_offset);
            assert_int_equal(r->break_end - r->break_start, F->break_minutes);
        }
        hours[r->vendor] += r->paid_hours;
        long d = (long)(r->start / 1440) - DAY0; /* -1 = the day before */
        assert_true(d >= -1 && d < (long)I->days);
        starts[r->vendor][d + 1] += r->agents;
        cost += r->cost;
        if (I->avail) { /* the vendor is available wherever the shift works */
            int64_t g0 = (int64_t)DAY0 * 1440;
            for (int64_t m = r->start; m < r->end; m += I->step)
                if (m >= g0 && m < g0 + (int64_t)I->n * I->step)
                    assert_true(I->avail[r->vendor * I->n + (size_t)((m - g0) / I->step)]);
        }
    }
    assert_float_equal(cost, s->total_cost, 1e-6);
    for (size_t v = 0; v < I->nv; v++) {
        double scale = (double)I->days / 7;
        assert_true(hours[v] <= I->v[v].max_hours_week * scale + 1e-6);
        assert_true(hours[v] >= I->v[v].min_hours_week * scale - 1e-6);
        for (size_t d = 0; d <= I->days; d++)
            assert_true((double)starts[v][d] <= I->v[v].max_agents + 1e-9);
    }
    const pp_grid *cov = pp_plan_coverage(plan);
    const double *pl = pp_grid_column_const(cov, PP_COL_AGENTS_PLANNED);
    for (size_t t = 0; t < I->n; t++) {
        double supply[8] = {0};
        for (size_t v = 0; v < I->nv; v++) {
            double w = roster_working(I, plan, v, t);
            if (isfinite(I->v[v].seats))
                assert_true(w <= I->v[v].seats + 1e-6);
            for (size_t q = 0; q < I->nq; q++)
                if (I->vq[v * I->nq + q])
                    supply[q] += w * (1 - I->v[v].shrinkage_pct / 100);
        }
        for (size_t q = 0; q < I->nq; q++)
            assert_true(pl[q * I->n + t] <= supply[q] + 1e-6);
    }
    assert_true(isfinite(s->lp_bound));
    assert_true(s->objective >= s->lp_bound - 1e-6);
    assert_true(s->objective >= s->total_cost - 1e-6);
    assert_float_equal(s->mip_gap_pct, 100.0 * (s->objective - s->lp_bound) / s->objective, 1e-6);
}

/* medium() with more hard rows for the constructive plan to keep: the BPO
 * with committed hours, a vendor away one afternoon, a seat-limited overflow. */
static void medium_limits(inst *I)
{
    medium(I, 3, 15);
    I->v[1].min_hours_week = 300; /* bpo_a: 128.6 h in 3 days, max 180 */
    I->v[2].seats = 6;
    I->avail = malloc(I->nv * I->n);
    assert_non_null(I->avail);
    memset(I->avail, 1, I->nv * I->n);
    for (size_t t = 96 + 52; t < 96 + 72; t++) /* bpo_b away on day 2, 13:00-18:00 */
        I->avail[2 * I->n + t] = 0;
}

/* An interrupt requested before the solve: the constructive plan (the search
 * stops at its first check) comes back as an interrupted plan that keeps every
 * hard limit, with an honest bound. */
static void interrupted_before_solve(void **state)
{
    (void)state;
    inst I;
    medium_limits(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.mip_gap = 0;
    pp_interrupt_request();
    pp_plan *plan = solve_ok(&I, &p);
    pp_interrupt_clear();
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fprintf(stderr, "# interrupted before: %s, cost %.2f, objective %.2f, bound %.2f, gap %.3f%%, "
                    "%.2f s\n",
            pp_plan_status_name(s->status), s->total_cost, s->objective, s->lp_bound,
            s->mip_gap_pct, s->solve_seconds);
    assert_int_equal(s->status, PP_PLAN_INTERRUPTED);
    assert_string_equal(pp_plan_status_name(s->status), "interrupted");
    check_plan(&I, plan);
    assert_true(s->mip_gap_pct > 0);
    pp_plan_free(plan);
    inst_free(&I);
}

/* A minimum the constructive plan cannot place (min = max = 100 paid hours a week in
 * 8-hour shifts: 12.5 shifts) and the search stopped before it found a plan or ruled
 * one out: no plan, and the status says why -- PP_EINTERRUPTED after an interrupt (the
 * same branch answers PP_ETIMELIMIT when the time limit ends it), never PP_EINTERNAL. */
static void no_plan_before_the_stop(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    pp_vendor *b = add_vendor(&I, "fixed_bpo", 17.25);
    b->min_hours_week = b->max_hours_week = 100;
    add_family(&I, "day", 480, 600, 60, 480);
    make_grid(&I, 7, 60, false);
    for (int d = 0; d < 7; d++)
        set_need(&I, 0, d * 1440 + 480, d * 1440 + 1080, 2.5);
    pp_plan_input in = input(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    pp_plan *plan = NULL;
    pp_error err = {0};
    pp_interrupt_request();
    pp_status st = pp_plan_solve(&in, &p, &plan, &err);
    pp_interrupt_clear();
    fprintf(stderr, "# no plan before the interrupt: %s: %s\n", pp_status_name(st), err.msg);
    assert_int_equal(st, PP_EINTERRUPTED);
    assert_null(plan);
    assert_non_null(strstr(err.msg, "no plan found before the interrupt"));
    assert_non_null(strstr(err.msg, "fixed_bpo"));
    inst_free(&I);
}

/* The interrupt arrives during the search, at a fixed point of it (the
 * progress report of the LP relaxation, on the solver's thread): no clock
 * decides when. */
static void interrupt_on_lp_line(const pp_progress *pr, void *u)
{
    (void)u;
    if (getenv("PP_DEBUG"))
        fprintf(stderr, "#   %6.1f s  %s\n", pr->elapsed_seconds, pr->note);
    if (pr->stage == PP_STAGE_ROOT_LP && strstr(pr->note, "LP relaxation"))
        pp_interrupt_request();
}

static void interrupted_during_solve(void **state)
{
    (void)state;
    inst I;
    medium_limits(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.mip_gap = 0;
    p.time_limit_seconds = 600;
    p.verbosity = 1;
    p.progress = interrupt_on_lp_line;
    pp_plan *plan = solve_ok(&I, &p);
    assert_true(pp_interrupt_requested());
    pp_interrupt_clear();
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fprintf(stderr, "# interrupted during: %s, cost %.2f, objective %.2f, bound %.2f, gap %.3f%%, "
                    "%.2f s\n",
            pp_plan_status_name(s->status), s->total_cost, s->objective, s->lp_bound,
            s->mip_gap_pct, s->solve_seconds);
    assert_int_equal(s->status, PP_PLAN_INTERRUPTED);
    check_plan(&I, plan);
    pp_plan_free(plan);
    inst_free(&I);
}

/* The shortest limit the library allows (the search gets 0.05 s): a plan
 * whatever the machine's speed, feasible with its gap (or optimal, were the
 * machine fast enough), keeping every limit. */
static void tiny_time_limit_still_plans(void **state)
{
    (void)state;
    inst I;
    medium_limits(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.mip_gap = 0;
    p.time_limit_seconds = 0.001;
    pp_plan *plan = solve_ok(&I, &p);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fprintf(stderr, "# tiny limit: %s, cost %.2f, gap %.3f%%, %.2f s\n",
            pp_plan_status_name(s->status), s->total_cost, s->mip_gap_pct, s->solve_seconds);
    assert_true(s->status == PP_PLAN_FEASIBLE || s->status == PP_PLAN_OPTIMAL);
    check_plan(&I, plan);
    pp_plan_free(plan);
    inst_free(&I);
}

/* A committed minimum the vendor's limits cannot hold: exit-3 material,
 * named, and found without any search time. */
static void infeasible_minimum_named(void **state)
{
    (void)state;
    inst I = {0};
    add_queue(&I, "voice", PP_CHANNEL_VOICE);
    pp_vendor *b = add_vendor(&I, "tiny_bpo", 15);
    b->min_hours_week = 200;
    b->max_agents = 2; /* 2 agents x 8 h x 7 days = 112 h < 200 */
    add_family(&I, "day", 480, 600, 60, 480);
    make_grid(&I, 7, 60, false);
    for (int d = 0; d < 7; d++)
        set_need(&I, 0, d * 1440 + 480, d * 1440 + 1080, 3);
    pp_plan_input in = input(&I);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.time_limit_seconds = 0.001;
    pp_plan *plan = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_EINFEASIBLE);
    assert_non_null(strstr(err.msg, "tiny_bpo"));
    assert_non_null(strstr(err.msg, "max_agents"));
    assert_int_equal(pp_plan_get_summary(plan)->status, PP_PLAN_INFEASIBLE);
    pp_plan_free(plan);
    inst_free(&I);
}

/* The adapter: a feasible start is the answer when the search is stopped at
 * once, its bound the box bound (no LP in time); an infeasible start is never
 * returned. */
static void adapter_start_solution(void **state)
{
    (void)state;
    pp_mip m;
    big_cover(&m);
    double *x = malloc(m.ncols * sizeof *x);
    assert_non_null(x);
    for (size_t j = 0; j < m.ncols; j++)
        x[j] = 1;
    pp_mip_params p;
    pp_mip_params_init(&p);
    p.start_x = x;
    p.start_bound = 12.5; /* a bound the caller knows (valid: 600 rows need >= 3.3 each) */
    pp_mip_result r;
    pp_error err = {0};
    pp_interrupt_request();
    assert_int_equal(pp_mip_solve(&m, &p, &r, &err), PP_OK);
    pp_interrupt_clear();
    assert_true(r.status == PP_MIP_INTERRUPTED || r.status == PP_MIP_OPTIMAL);
    assert_non_null(r.x);
    double start_obj = 0;
    for (size_t j = 0; j < m.ncols; j++)
        start_obj += m.col_cost[j];
    assert_true(r.objective <= start_obj + 1e-9);
    assert_true(r.bound <= r.objective + 1e-9);
    assert_true(r.bound >= 12.5 - 1e-9 || isfinite(r.lp_objective));
    free(r.x);
    /* an infeasible start (all zero: every cover row unmet) is ignored */
    memset(x, 0, m.ncols * sizeof *x);
    pp_interrupt_request();
    assert_int_equal(pp_mip_solve(&m, &p, &r, &err), PP_OK);
    pp_interrupt_clear();
    if (r.x) {
        double *act = calloc(m.nrows, sizeof *act);
        assert_non_null(act);
        for (size_t k = 0; k < m.nnz; k++)
            act[m.ti[k]] += m.tv[k] * r.x[m.tj[k]];
        for (size_t i = 0; i < m.nrows; i++)
            assert_true(act[i] >= m.row_lb[i] - 1e-6);
        free(act);
        free(r.x);
    } else
        assert_int_equal(r.status, PP_MIP_NOSOLUTION);
    free(x);
    pp_mip_free(&m);
}


/* The roster row of the same vendor, family, start and break as r in plan, or NULL. */
static const pp_roster_row *same_row(const pp_plan *plan, const pp_roster_row *r)
{
    for (size_t i = 0; i < pp_plan_roster_count(plan); i++) {
        const pp_roster_row *o = &pp_plan_roster(plan)[i];
        if (o->vendor == r->vendor && o->family == r->family && o->start == r->start &&
            o->break_start == r->break_start)
            return o;
    }
    return NULL;
}

/* The warm start of what-if scenarios (pp_plan_params.warm).  On the very input
 * the base plan was solved on, it is that plan: every roster row, every agent.
 * On a scenario with tighter limits -- bpo_b down for the whole horizon, inhouse
 * seats 14 -> 8, bpo_a max_agents 9 -> 4 -- it is the base roster trimmed: no
 * bpo_b shift, inhouse working at most 8 in every interval, at most 4 bpo_a starts
 * a day, and no row with more agents than the base had (bpo_a's committed hours
 * are topped up only where the trimmed plan falls short, and it has none here). */
static void warm_start_trims_to_limits(void **state)
{
    (void)state;
    inst I;
    medium(&I, 3, 15);
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.time_limit_seconds = 5; /* any good plan will do: the checks below say it bites */
    p.mip_gap = 0.01;
    pp_plan *base = solve_ok(&I, &p);
    p.warm = base;
    pp_plan_input in = input(&I);
    pp_plan *same = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_warm_start(&in, &p, &same, &err), PP_OK);
    assert_int_equal(pp_plan_roster_count(same), pp_plan_roster_count(base));
    for (size_t i = 0; i < pp_plan_roster_count(base); i++) {
        const pp_roster_row *r = &pp_plan_roster(base)[i], *o = same_row(same, r);
        assert_non_null(o);
        assert_int_equal(o->agents, r->agents);
    }
    /* the cuts below must bite on the base plan, or the test proves nothing */
    double most_inhouse = 0;
    long bpo_a_day[4] = {0}, bpo_b_agents = 0;
    for (size_t t = 0; t < I.n; t++)
        most_inhouse = fmax(most_inhouse, roster_working(&I, base, 0, t));
    for (size_t i = 0; i < pp_plan_roster_count(base); i++) {
        const pp_roster_row *r = &pp_plan_roster(base)[i];
        if (r->vendor == 1)
            bpo_a_day[(r->start / 1440) - DAY0 + 1] += r->agents;
        if (r->vendor == 2)
            bpo_b_agents += r->agents;
    }
    long most_bpo_a = 0;
    for (size_t d = 0; d < 4; d++)
        most_bpo_a = bpo_a_day[d] > most_bpo_a ? bpo_a_day[d] : most_bpo_a;
    assert_true(most_inhouse > 8 + 1e-9);
    assert_true(most_bpo_a > 4);
    assert_true(bpo_b_agents > 0);

    I.avail = malloc(I.nv * I.n);
    assert_non_null(I.avail);
    memset(I.avail, 1, I.nv * I.n);
    memset(I.avail + 2 * I.n, 0, I.n); /* bpo_b down */
    I.v[0].seats = 8;
    I.v[1].max_agents = 4;
    in = input(&I);
    pp_plan *trim = NULL;
    assert_int_equal(pp_plan_warm_start(&in, &p, &trim, &err), PP_OK);
    assert_true(pp_plan_roster_count(trim) > 0);
    long day[4] = {0};
    for (size_t i = 0; i < pp_plan_roster_count(trim); i++) {
        const pp_roster_row *r = &pp_plan_roster(trim)[i], *o = same_row(base, r);
        assert_true(r->vendor != 2);
        assert_non_null(o);
        assert_true(r->agents <= o->agents);
        if (r->vendor == 1)
            day[(r->start / 1440) - DAY0 + 1] += r->agents;
    }
    for (size_t d = 0; d < 4; d++)
        assert_true(day[d] <= 4);
    for (size_t t = 0; t < I.n; t++)
        assert_true(roster_working(&I, trim, 0, t) <= 8 + 1e-6);
    pp_plan_free(trim);
    pp_plan_free(same);
    pp_plan_free(base);
    inst_free(&I);
}

/* GLPK running out of memory (its glp_mem_limit reached) is an error returned,
 * not abort(): the error hook longjmps out, frees the thread's GLPK
 * environment, and the next solve works again. */
static void glpk_error_hook_no_abort(void **state)
{
    (void)state;
    pp_mip m;
    big_cover(&m);
    pp_mip_params p;
    pp_mip_params_init(&p);
    p.time_limit_seconds = 30;
    p.glpk_mem_limit_mb = 1;
    pp_mip_result r;
    pp_error err = {0};
    pp_status st = pp_mip_solve(&m, &p, &r, &err);
    fprintf(stderr, "# mem limit 1 MB: %s (%s)\n", pp_status_name(st), err.msg);
    assert_int_equal(st, PP_ENOMEM);
    assert_non_null(strstr(err.msg, "glpk"));
    assert_null(r.x);
    p.glpk_mem_limit_mb = 0;
    p.mip_gap = 0.05;
    p.time_limit_seconds = 5; /* a plan, not its quality: GLPK works again after the abort */
    pp_error_clear(&err);
    assert_int_equal(pp_mip_solve(&m, &p, &r, &err), PP_OK);
    assert_non_null(r.x);
    free(r.x);
    pp_mip_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_names),
        cmocka_unit_test(simple_optimum),
        cmocka_unit_test(fractional_need_and_penalty),
        cmocka_unit_test(seats_split_vendors),
        cmocka_unit_test(break_placement),
        cmocka_unit_test(three_breaks_take_turns),
        cmocka_unit_test(limits_and_coverage_from_roster),
        cmocka_unit_test(infeasible_min_hours),
        cmocka_unit_test(time_limited),
        cmocka_unit_test(deferred_backlog),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(decomposition_path),
        cmocka_unit_test(decomposition_cuts_and_threads),
        cmocka_unit_test(branch_and_bound_cuts),
        cmocka_unit_test(decomposition_near_exact_optimum),
        cmocka_unit_test(mir_cuts),
        cmocka_unit_test(glpk_error_hook_no_abort),
        cmocka_unit_test(interrupted_before_solve),
        cmocka_unit_test(no_plan_before_the_stop),
        cmocka_unit_test(interrupted_during_solve),
        cmocka_unit_test(tiny_time_limit_still_plans),
        cmocka_unit_test(infeasible_minimum_named),
        cmocka_unit_test(adapter_start_solution),
        cmocka_unit_test(decomposition_from_start),
        cmocka_unit_test(decomposition_after_failed_rf),
        cmocka_unit_test(warm_start_trims_to_limits),
        cmocka_unit_test(warm_polish_stop_same_plan),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pp_plan_thread_cleanup();
    return rc;
}
