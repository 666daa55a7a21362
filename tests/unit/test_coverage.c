/* test_coverage.c -- what a plan achieves is a value of its own: pp_coverage_evaluate
 * makes a new grid and leaves the plan as solved; the service level is a hand-checked
 * offered-weighted mean.  Everything is built in memory; nothing is printed on stdout. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "peakplan/grid.h"
#include "peakplan/pipeline.h"
#include "peakplan/plan.h"
#include "peakplan/staffing.h"

#define DAY0 20766 /* 2026-11-09, a Monday */
#define N 24       /* one day, hourly */

typedef struct fixture {
    pp_queue q;
    pp_vendor v;
    pp_shift_family f;
    unsigned char vq, fv;
    pp_grid *req;
    pp_plan *plan;
} fixture;

static void make_queue(pp_queue *q, double target_pct, double target_seconds)
{
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "voice");
    q->channel = PP_CHANNEL_VOICE;
    q->target_pct = target_pct;
    q->target_seconds = target_seconds;
    q->max_occupancy_pct = q->max_asa_seconds = q->max_abandon_pct = NAN;
    q->patience_seconds = 173.5;
    q->concurrency = 1;
    q->escalates_to = -1;
}

/* Requirements from the staffing engine for 08:00-18:00 traffic, one vendor and one
 * 9-hour shift family from 07:00 to 10:00: a plan that meets some intervals and not
 * others, so the service differs from interval to interval. */
static void fixture_make(fixture *F)
{
    memset(F, 0, sizeof *F);
    make_queue(&F->q, 80, 20);
    snprintf(F->v.name, sizeof F->v.name, "house");
    F->v.hourly_cost = 23.75;
    F->v.seats = F->v.max_hours_week = F->v.max_agents = INFINITY;
    snprintf(F->f.name, sizeof F->f.name, "day");
    F->f.days_mask = 0x7f;
    F->f.earliest_start = 420;
    F->f.latest_start = 600;
    F->f.start_step_minutes = 60;
    F->f.length_minutes = 540;
    F->vq = F->fv = 1;
    const char *names[] = {F->q.name};
    pp_grid *fc = NULL;
    assert_int_equal(pp_grid_new(1, names, (int64_t)DAY0 * 1440, 60, N, &fc, NULL), PP_OK);
    double *off = pp_grid_add_column(fc, PP_COL_OFFERED, 0, NULL);
    double *aht = pp_grid_add_column(fc, PP_COL_AHT, 0, NULL);
    for (size_t t = 0; t < N; t++) {
        off[t] = t >= 8 && t < 18 ? 31.7 + 11.3 * sin((double)t * 0.7) : 0;
        aht[t] = 247.5;
    }
    pp_staff_params sp;
    pp_staff_params_init(&sp);
    assert_int_equal(pp_staff_requirements(&F->q, 1, fc, &sp, &F->req, NULL), PP_OK);
    pp_grid_free(fc);
    pp_plan_input in = {.queues = &F->q, .nq = 1, .vendors = &F->v, .nv = 1,
                        .vendor_queue = &F->vq, .families = &F->f, .nf = 1,
                        .family_vendor = &F->fv, .requirements = F->req, .start_day = DAY0,
                        .days = 1};
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.penalty_per_agent_hour = 31.2; /* some intervals cheaper short than covered */
    assert_int_equal(pp_plan_solve(&in, &p, &F->plan, NULL), PP_OK);
}

static void fixture_free(fixture *F)
{
    pp_plan_free(F->plan);
    pp_grid_free(F->req);
}

/* Every value of every column of a, in b and equal (bit for bit, NAN = NAN). */
static void assert_grid_same(const pp_grid *a, const pp_grid *b)
{
    assert_int_equal(pp_grid_column_count(a), pp_grid_column_count(b));
    size_t cells = pp_grid_queues(a) * pp_grid_intervals(a);
    for (size_t k = 0; k < pp_grid_column_count(a); k++) {
        const char *name = pp_grid_column_name(a, k);
        const double *x = pp_grid_column_const(a, name), *y = pp_grid_column_const(b, name);
        assert_non_null(y);
        for (size_t i = 0; i < cells; i++)
            assert_true(memcmp(&x[i], &y[i], sizeof x[i]) == 0 || (isnan(x[i]) && isnan(y[i])));
    }
}

/* The evaluation is a new grid equal to the staffing engine's on a copy of the plan's
 * coverage; the plan's own coverage is the same before and after, and a second
 * evaluation under another target changes neither the plan nor the first result. */
static void evaluate_leaves_plan_alone(void **state)
{
    (void)state;
    fixture F;
    fixture_make(&F);
    const pp_grid *own = pp_plan_coverage(F.plan);
    pp_grid *before = pp_grid_copy(own);
    assert_non_null(before);
    assert_null(pp_grid_column_const(own, PP_COL_SERVICE_LEVEL));

    pp_grid *cov = NULL;
    assert_int_equal(pp_coverage_evaluate(&F.q, 1, F.req, F.plan, &cov, NULL), PP_OK);
    assert_non_null(cov);
    assert_true(cov != own);
    assert_grid_same(own, before); /* the plan is as solved */
    assert_null(pp_grid_column_const(own, PP_COL_SERVICE_LEVEL));

    pp_grid *ref = pp_grid_copy(own);
    assert_non_null(ref);
    assert_int_equal(pp_staff_evaluate_coverage(&F.q, 1, F.req, ref, NULL), PP_OK);
    assert_grid_same(ref, cov);
    const double *sl = pp_grid_column_const(cov, PP_COL_SERVICE_LEVEL),
                 *asa = pp_grid_column_const(cov, PP_COL_ASA),
                 *ab = pp_grid_column_const(cov, PP_COL_ABANDON),
                 *pl = pp_grid_column_const(cov, PP_COL_AGENTS_PLANNED),
                 *off = pp_grid_column_const(F.req, PP_COL_OFFERED);
    assert_non_null(sl);
    assert_non_null(asa);
    assert_non_null(ab);
    assert_non_null(pp_grid_column_const(cov, PP_COL_BACKLOG));
    double lo = 101, hi = -1;
    for (size_t t = 0; t < N; t++) {
        if (!(off[t] > 0))
            continue;
        assert_true(sl[t] >= 0 && sl[t] <= 100);
        assert_true(pl[t] >= 0);
        lo = fmin(lo, sl[t]);
        hi = fmax(hi, sl[t]);
    }
    assert_true(hi > lo); /* not a constant: the test would not see a mix-up */

    /* a laxer target on the same plan: more within target, the first result kept */
    pp_queue lax;
    make_queue(&lax, 80, 75.5);
    pp_grid *cov2 = NULL, *keep = pp_grid_copy(cov);
    assert_non_null(keep);
    assert_int_equal(pp_coverage_evaluate(&lax, 1, F.req, F.plan, &cov2, NULL), PP_OK);
    assert_grid_same(own, before);
    assert_grid_same(cov, keep);
    const double *sl2 = pp_grid_column_const(cov2, PP_COL_SERVICE_LEVEL);
    double s1 = pp_coverage_service_level_pct(cov, F.req),
           s2 = pp_coverage_service_level_pct(cov2, F.req);
    fprintf(stderr, "# service %.4f %% at 20 s, %.4f %% at 75.5 s\n", s1, s2);
    assert_true(s2 > s1);
    for (size_t t = 0; t < N; t++)
        if (off[t] > 0)
            assert_true(sl2[t] >= sl[t] - 1e-9);

    pp_grid_free(cov2);
    pp_grid_free(keep);
    pp_grid_free(ref);
    pp_grid_free(cov);
    pp_grid_free(before);
    fixture_free(&F);
}

/* Bad calls: *out stays NULL and the status says why. */
static void evaluate_errors(void **state)
{
    (void)state;
    fixture F;
    fixture_make(&F);
    pp_grid *cov = (pp_grid *)&F; /* overwritten with NULL on every failure */
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_coverage_evaluate(&F.q, 1, F.req, NULL, &cov, &err), PP_EINVAL);
    assert_null(cov);
    /* requirements without offered/aht: nothing to evaluate the service on */
    const char *names[] = {F.q.name};
    pp_grid *bare = NULL;
    assert_int_equal(pp_grid_new(1, names, (int64_t)DAY0 * 1440, 60, N, &bare, NULL), PP_OK);
    assert_non_null(pp_grid_add_column(bare, PP_COL_AGENTS_NEEDED, 1.5, NULL));
    cov = (pp_grid *)&F;
    pp_error_clear(&err);
    assert_int_equal(pp_coverage_evaluate(&F.q, 1, bare, F.plan, &cov, &err), PP_EINVAL);
    assert_null(cov);
    assert_non_null(strstr(err.msg, "coverage"));
    /* queue count that does not match the requirements */
    cov = (pp_grid *)&F;
    assert_int_equal(pp_coverage_evaluate(&F.q, 2, F.req, F.plan, &cov, NULL), PP_EINVAL);
    assert_null(cov);
    pp_grid_free(bare);

    /* an infeasible plan has no roster to evaluate */
    F.v.min_hours_week = 200;
    F.v.max_agents = 2; /* 2 agents x 9 h x 7 days = 126 h < 200 */
    pp_plan_input in = {.queues = &F.q, .nq = 1, .vendors = &F.v, .nv = 1,
                        .vendor_queue = &F.vq, .families = &F.f, .nf = 1,
                        .family_vendor = &F.fv, .requirements = F.req, .start_day = DAY0,
                        .days = 7};
    pp_plan *bad = NULL;
    pp_plan_params p;
    pp_plan_params_init(&p);
    assert_int_equal(pp_plan_solve(&in, &p, &bad, NULL), PP_EINFEASIBLE);
    assert_non_null(bad);
    cov = (pp_grid *)&F;
    pp_error_clear(&err);
    assert_int_equal(pp_coverage_evaluate(&F.q, 1, F.req, bad, &cov, &err), PP_EINVAL);
    assert_null(cov);
    assert_non_null(strstr(err.msg, "infeasible"));
    pp_plan_free(bad);
    fixture_free(&F);
}

/* Offered-weighted: (12.5 x 91.2 + 37.5 x 63.8) / 50 = 70.65; intervals with nothing
 * offered or no figure do not count; nothing offered at all, or a missing column, is NAN. */
static void service_level_weighting(void **state)
{
    (void)state;
    const char *names[] = {"a", "b"};
    pp_grid *cov = NULL, *req = NULL;
    assert_int_equal(pp_grid_new(2, names, (int64_t)DAY0 * 1440, 30, 2, &cov, NULL), PP_OK);
    assert_int_equal(pp_grid_new(2, names, (int64_t)DAY0 * 1440, 30, 2, &req, NULL), PP_OK);
    assert_true(isnan(pp_coverage_service_level_pct(cov, req)));
    assert_true(isnan(pp_coverage_service_level_pct(NULL, req)));
    double *sl = pp_grid_add_column(cov, PP_COL_SERVICE_LEVEL, NAN, NULL);
    assert_true(isnan(pp_coverage_service_level_pct(cov, req))); /* no offered column */
    assert_true(isnan(pp_coverage_service_level_pct(cov, NULL)));
    double *off = pp_grid_add_column(req, PP_COL_OFFERED, 0, NULL);
    assert_true(isnan(pp_coverage_service_level_pct(cov, req))); /* nothing offered */
    /* queue a: 12.5 at 91.2 %, 0 offered at 10 %; queue b: 37.5 at 63.8 %, 4.1 with no figure */
    off[0] = 12.5;
    sl[0] = 91.2;
    off[1] = 0;
    sl[1] = 10;
    off[2] = 37.5;
    sl[2] = 63.8;
    off[3] = 4.1;
    sl[3] = NAN;
    assert_float_equal(pp_coverage_service_level_pct(cov, req), 70.65, 1e-12);
    pp_grid_free(cov);
    pp_grid_free(req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(evaluate_leaves_plan_alone),
        cmocka_unit_test(evaluate_errors),
        cmocka_unit_test(service_level_weighting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
