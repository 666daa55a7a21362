/* bench_plan.c -- optimizer benchmark on synthetic contact-centre instances.
 *
 *   bench_plan DAYS STEP_MIN QUEUES VENDORS START_STEP TIME_LIMIT_S [GAP_PCT] [MODEL.lp|.mps]
 *
 * e.g. `bench_plan 7 15 3 4 15 60 1` is the weekly goal instance (7 x 96 intervals, 4/6/8/10-hour
 * shifts every 15 minutes with breaks, seat limits) and `bench_plan 14 30 5 3 30 30 1` the lead's
 * two-week example.  Prints one CSV line on stdout:
 * days,step,queues,vendors,rows,cols,integers,status,cost,objective,bound,gap_pct,seconds
 * and progress on stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peakplan/grid.h"
#include "peakplan/plan.h"
#include "peakplan/timeutil.h"

static void progress(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "  %s\n", line);
}

int main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: bench_plan DAYS STEP QUEUES VENDORS START_STEP TIME_LIMIT [GAP_PCT] "
                        "[MODEL]\n");
        return 2;
    }
    size_t days = (size_t)atoi(argv[1]);
    int step = atoi(argv[2]);
    size_t nq = (size_t)atoi(argv[3]), nv = (size_t)atoi(argv[4]);
    int sstep = atoi(argv[5]);
    double tl = atof(argv[6]), gap = argc > 7 ? atof(argv[7]) : 1.0;
    if (nq < 1 || nq > 5 || nv < 1 || nv > 5 || step <= 0 || days < 1 || sstep <= 0) {
        fprintf(stderr, "bench_plan: QUEUES and VENDORS 1..5\n");
        return 2;
    }
    static const char *qnames[5] = {"voice_de", "voice_en", "chat", "email", "ticket"};
    static const pp_channel qch[5] = {PP_CHANNEL_VOICE, PP_CHANNEL_VOICE, PP_CHANNEL_CHAT,
                                      PP_CHANNEL_EMAIL, PP_CHANNEL_TICKET};
    pp_queue q[5];
    for (size_t i = 0; i < nq; i++) {
        memset(&q[i], 0, sizeof q[i]);
        snprintf(q[i].name, sizeof q[i].name, "%s", qnames[i]);
        q[i].channel = qch[i];
        q[i].target_pct = 80;
        q[i].target_seconds = pp_channel_is_deferred(qch[i]) ? 4 * 3600 : 20;
        q[i].concurrency = 1;
        q[i].escalates_to = -1;
        q[i].max_occupancy_pct = q[i].patience_seconds = q[i].max_asa_seconds =
            q[i].max_abandon_pct = NAN;
    }
    static const struct {
        const char *name;
        double cost, seats, minh, maxh, maxa, shrink;
    } vd[5] = {{"inhouse", 24.5, 45, 0, INFINITY, INFINITY, 8},
               {"bpo_berlin", 19.75, INFINITY, 600, 2400, 40, 12},
               {"bpo_lisbon", 21.4, 35, 0, INFINITY, INFINITY, 10},
               {"bpo_manila", 17.9, 30, 0, 1500, INFINITY, 15},
               {"overflow", 33.0, INFINITY, 0, INFINITY, INFINITY, 5}};
    pp_vendor v[5];
    for (size_t i = 0; i < nv; i++) {
        memset(&v[i], 0, sizeof v[i]);
        snprintf(v[i].name, sizeof v[i].name, "%s", vd[i].name);
        v[i].hourly_cost = vd[i].cost;
        v[i].seats = vd[i].seats;
        v[i].min_hours_week = vd[i].minh;
        v[i].max_hours_week = vd[i].maxh;
        v[i].max_agents = vd[i].maxa;
        v[i].shrinkage_pct = vd[i].shrink;
    }
    unsigned char vq[25];
    for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nq; j++)
            vq[i * nq + j] = (i == 0 || j % nv == i % nv || (i + j) % 2 == 0) ? 1 : 0;
    pp_shift_family f[4];
    static const int len[4] = {240, 360, 480, 600}, brk[4] = {0, 30, 60, 60};
    for (size_t i = 0; i < 4; i++) {
        memset(&f[i], 0, sizeof f[i]);
        snprintf(f[i].name, sizeof f[i].name, "%dh", len[i] / 60);
        f[i].days_mask = 0x7f;
        f[i].earliest_start = 360;
        f[i].latest_start = 1380 - len[i] > 360 ? 1380 - len[i] : 360;
        f[i].start_step_minutes = sstep;
        f[i].length_minutes = len[i];
        f[i].break_minutes = brk[i];
        f[i].break_earliest_offset = len[i] / 2 - 60;
        f[i].break_latest_offset = len[i] / 2 + 30;
    }
    unsigned char fv[20];
    memset(fv, 1, sizeof fv);
    size_t n = days * 1440 / (size_t)step;
    int64_t day0 = pp_days_from_civil(2026, 11, 9);
    pp_grid *req;
    if (pp_grid_new(nq, qnames, day0 * 1440, step, n, &req, NULL) != PP_OK)
        return 1;
    double *need = pp_grid_add_column(req, PP_COL_AGENTS_NEEDED, 0, NULL);
    double *work = pp_grid_add_column(req, PP_COL_WORKLOAD, 0, NULL);
    for (size_t j = 0; j < nq; j++)
        for (size_t t = 0; t < n; t++) {
            double h = fmod((double)t * step / 60.0, 24.0), d = floor((double)t * step / 1440);
            double wk = (fmod(d, 7) >= 5 ? 0.65 : 1.0) * (1 + 0.06 * sin(1.7 * d + (double)j));
            double base = 18.0 / (1 + (double)j);
            double a = base * wk *
                       (exp(-pow((h - 10.5) / 2.3, 2)) + 0.75 * exp(-pow((h - 15.5) / 2.6, 2)) +
                        0.35 * exp(-pow((h - 20) / 1.5, 2)));
            if (h < 6.5 || h >= 23.5)
                a = 0.05 * base;
            need[j * n + t] = a;
            work[j * n + t] = pp_channel_is_deferred(qch[j]) ? a * 0.8 : 0;
        }
    pp_plan_input in = {.queues = q, .nq = nq, .vendors = v, .nv = nv, .vendor_queue = vq,
                        .families = f, .nf = 4, .family_vendor = fv, .requirements = req,
                        .start_day = day0, .days = days};
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.time_limit_seconds = tl;
    p.mip_gap = gap / 100;
    p.verbosity = 1;
    p.progress = progress;
    p.write_model_path = argc > 8 ? argv[8] : NULL;
    pp_plan *plan = NULL;
    pp_error err = {0};
    pp_status st = pp_plan_solve(&in, &p, &plan, &err);
    if (st != PP_OK && !plan) {
        fprintf(stderr, "bench_plan: %s\n", err.msg);
        pp_grid_free(req);
        return 1;
    }
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    printf("%zu,%d,%zu,%zu,%zu,%zu,%zu,%s,%.2f,%.2f,%.2f,%.3f,%.2f\n", days, step, nq, nv, s->rows,
           s->cols, s->integers, pp_plan_status_name(s->status), s->total_cost, s->objective,
           s->lp_bound, s->mip_gap_pct, s->solve_seconds);
    for (size_t i = 0; i < pp_plan_explanation_count(plan) && i < 8; i++)
        fprintf(stderr, "  - %s\n", pp_plan_explanation(plan, i));
    pp_plan_free(plan);
    pp_grid_free(req);
    pp_plan_thread_cleanup();
    return 0;
}
