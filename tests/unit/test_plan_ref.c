/* test_plan_ref.c -- the optimizer against published shift-covering optima
 * (union_airways_periods.csv, post_office_days.csv) and the Musliu DataSet1
 * shift-design instances (musliu/: planted zero-shortage solutions).
 * Data come from $PP_REF_DIR (tests/ref/, set by tests/meson.build); a missing
 * file fails the case. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "peakplan/grid.h"
#include "peakplan/plan.h"
#include "peakplan/timeutil.h"
#include "optimizer/plan_internal.h"

#define MAXF 64

/* Opens $PP_REF_DIR/<rel>; a missing file fails the running case. */
static FILE *open_ref(const char *rel)
{
    const char *d = getenv("PP_REF_DIR");
    if (!d || !*d)
        fail_msg("PP_REF_DIR is not set (run the tests through `meson test`)");
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", d, rel);
    FILE *fp = fopen(path, "r");
    if (!fp)
        fail_msg("cannot open reference file %s", path);
    return fp;
}

/* Splits a simple CSV line (no quoted commas in these files) in place. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *s = line; n < max;) {
        f[n++] = s;
        char *c = strchr(s, ',');
        if (!c)
            break;
        *c = 0;
        s = c + 1;
    }
    return n;
}

static void vendor_defaults(pp_vendor *v, const char *name, double cost)
{
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    v->hourly_cost = cost;
    v->seats = INFINITY;
    v->max_hours_week = INFINITY;
    v->max_agents = INFINITY;
}

static void queue_defaults(pp_queue *q, const char *name)
{
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", name);
    q->channel = PP_CHANNEL_VOICE;
    q->target_pct = 80;
    q->target_seconds = 20;
    q->max_occupancy_pct = NAN;
    q->patience_seconds = NAN;
    q->concurrency = 1;
    q->escalates_to = -1;
    q->max_asa_seconds = NAN;
    q->max_abandon_pct = NAN;
}

/* Union Airways (Hillier & Lieberman 3.4): five 8-hour shifts, ten periods,
 * optimum $30,610.  One vendor per shift (hourly cost = daily cost / 8), a
 * 2-hour grid from 06:00; period 10 (00:00-06:00) becomes three intervals. */
static void union_airways(void **state)
{
    (void)state;
    FILE *fp = open_ref("union_airways_periods.csv");
    assert_non_null(fp);
    char line[512], *f[16];
    double need[12];
    size_t nneed = 0;
    double cost[5] = {0};
    int starts[5];
    assert_non_null(fgets(line, sizeof line, fp));
    int nf = split(line, f, 16);
    assert_int_equal(nf, 9);
    for (int k = 0; k < 5; k++) {
        int h1 = 0, h2 = 0, idx = 0;
        assert_int_equal(sscanf(f[4 + k], "shift%d_%d_%d", &idx, &h1, &h2), 3);
        starts[k] = h1 * 60;
    }
    while (fgets(line, sizeof line, fp)) {
        int n = split(line, f, 16);
        assert_int_equal(n, 9);
        if (strcmp(f[0], "cost_per_agent_day") == 0) {
            for (int k = 0; k < 5; k++)
                cost[k] = atof(f[4 + k]);
            continue;
        }
        int a, b;
        pp_parse_clock(f[1], &a);
        pp_parse_clock(f[2], &b);
        if (b == 0)
            b = 1440;
        if (b < a)
            b += 1440;
        for (int m = a; m < b; m += 120)
            need[nneed++] = atof(f[3]);
    }
    fclose(fp);
    assert_int_equal(nneed, 12);

    int64_t day = pp_days_from_civil(2026, 11, 9);
    const char *qn[] = {"airport"};
    pp_grid *req;
    assert_int_equal(pp_grid_new(1, qn, day * 1440 + 360, 120, 12, &req, NULL), PP_OK);
    double *col = pp_grid_add_column(req, PP_COL_AGENTS_NEEDED, 0, NULL);
    memcpy(col, need, sizeof need);
    pp_queue q;
    queue_defaults(&q, "airport");
    pp_vendor v[5];
    pp_shift_family fam[5];
    unsigned char vq[5], fv[25] = {0};
    for (int k = 0; k < 5; k++) {
        char nm[16];
        snprintf(nm, sizeof nm, "crew%d", k + 1);
        vendor_defaults(&v[k], nm, cost[k] / 8);
        vq[k] = 1;
        memset(&fam[k], 0, sizeof fam[k]);
        snprintf(fam[k].name, sizeof fam[k].name, "shift%d", k + 1);
        fam[k].days_mask = 0x7f;
        fam[k].earliest_start = fam[k].latest_start = starts[k];
        fam[k].start_step_minutes = 60;
        fam[k].length_minutes = 480;
        fv[k * 5 + k] = 1;
    }
    pp_plan_input in = {.queues = &q, .nq = 1, .vendors = v, .nv = 5, .vendor_queue = vq,
                        .families = fam, .nf = 5, .family_vendor = fv, .requirements = req,
                        .start_day = day, .days = 1};
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.penalty_per_agent_hour = 1e5;
    p.mip_gap = 0;
    pp_plan *plan = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_OK);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    assert_int_equal(s->status, PP_PLAN_OPTIMAL);
    assert_float_equal(s->total_cost, 30610.0, 1e-6);
    assert_float_equal(s->objective, 30610.0, 1e-6);
    assert_float_equal(s->understaffed_agent_hours, 0, 1e-9);
    /* coverage meets every period */
    const double *planned = pp_grid_column_const(pp_plan_coverage(plan), PP_COL_AGENTS_PLANNED);
    for (int t = 0; t < 12; t++)
        assert_true(planned[t] >= need[t] - 1e-9);
    long total = 0;
    for (size_t i = 0; i < pp_plan_roster_count(plan); i++)
        total += pp_plan_roster(plan)[i].agents;
    assert_int_equal(total, 48 + 31 + 39 + 43 + 15);
    pp_plan_free(plan);
    pp_grid_free(req);
}

/* Winston's post office: 5 consecutive working days then 2 off, cyclic week;
 * optimum 23 employees, LP bound 22.3333.  pp_plan_solve has no days-off
 * patterns, so the MIP is built directly and solved by the same adapter. */
static void post_office(void **state)
{
    (void)state;
    FILE *fp = open_ref("post_office_days.csv");
    assert_non_null(fp);
    char line[256], *f[4];
    double req[7];
    int nd = 0;
    assert_non_null(fgets(line, sizeof line, fp));
    while (fgets(line, sizeof line, fp) && nd < 7) {
        assert_int_equal(split(line, f, 4), 2);
        req[nd++] = atof(f[1]);
    }
    fclose(fp);
    assert_int_equal(nd, 7);
    pp_mip m;
    pp_mip_init(&m, false);
    for (int d = 0; d < 7; d++)
        assert_int_equal(pp_mip_add_col(&m, 0, INFINITY, 1, true, NULL), (size_t)d);
    for (int i = 0; i < 7; i++) {
        size_t r = pp_mip_add_row(&m, req[i], INFINITY, NULL);
        for (int k = 0; k < 5; k++)
            assert_true(pp_mip_add_nz(&m, r, (size_t)((i - k + 7) % 7), 1));
    }
    double obj, lp, x[7];
    pp_error err = {0};
    assert_int_equal(pp_plan_solve_mip(&m, 30, 0, &obj, &lp, x, &err), PP_OK);
    assert_float_equal(obj, 23, 1e-9);
    assert_float_equal(lp, 22.0 + 1.0 / 3.0, 1e-4);
    for (int i = 0; i < 7; i++) {
        double c = 0;
        for (int k = 0; k < 5; k++)
            c += x[(i - k + 7) % 7];
        assert_true(c >= req[i] - 1e-9);
    }
    pp_mip_free(&m);
}

/* Musliu DataSet1: generated from a planted plan with zero shortage.  The
 * cyclic week is approximated by a 7-day grid with shifts starting on 8 days
 * (the day before the grid too): a shift wrapping from day 7 into day 1 is
 * played by its copy on day 0.  Each (shift type, length) pair is one family
 * (lengths on the slot grid); every shift costs its hours, shortage 1000/h. */
static void musliu_instance(const char *inst)
{
    FILE *fi = open_ref("musliu/instances.csv");
    assert_non_null(fi);
    char line[512], *f[16];
    int slot = 0;
    while (fgets(line, sizeof line, fi)) {
        split(line, f, 16);
        if (strcmp(f[0], inst) == 0)
            slot = atoi(f[2]);
    }
    fclose(fi);
    assert_true(slot > 0);
    size_t n = (size_t)(7 * 1440 / slot);
    double *need = calloc(n, sizeof *need);
    FILE *fd = open_ref("musliu/demand.csv");
    assert_non_null(fd);
    while (fgets(line, sizeof line, fd)) {
        if (split(line, f, 16) < 4 || strcmp(f[0], inst) != 0)
            continue;
        size_t t = (size_t)((atoi(f[1]) - 1) * 1440 + atoi(f[2])) / (size_t)slot;
        assert_true(t < n);
        need[t] = atof(f[3]);
    }
    fclose(fd);
    pp_shift_family fam[MAXF];
    int nf = 0;
    FILE *fs = open_ref("musliu/shift_types.csv");
    assert_non_null(fs);
    while (fgets(line, sizeof line, fs)) {
        if (split(line, f, 16) < 6 || strcmp(f[0], inst) != 0)
            continue;
        for (int len = atoi(f[4]); len <= atoi(f[5]) && nf < MAXF; len += slot) {
            pp_shift_family *F = &fam[nf++];
            memset(F, 0, sizeof *F);
            snprintf(F->name, sizeof F->name, "type%s_%dmin", f[1], len);
            F->days_mask = 0x7f;
            F->earliest_start = atoi(f[2]);
            F->latest_start = atoi(f[3]);
            F->start_step_minutes = slot;
            F->length_minutes = len;
        }
    }
    fclose(fs);
    assert_true(nf > 0);
    int64_t day = pp_days_from_civil(2026, 11, 9);
    const char *qn[] = {"demand"};
    pp_grid *req;
    assert_int_equal(pp_grid_new(1, qn, day * 1440, slot, n, &req, NULL), PP_OK);
    memcpy(pp_grid_add_column(req, PP_COL_AGENTS_NEEDED, 0, NULL), need, n * sizeof *need);
    pp_queue q;
    queue_defaults(&q, "demand");
    pp_vendor v;
    vendor_defaults(&v, "staff", 1);
    unsigned char vq = 1, fv[MAXF];
    memset(fv, 1, sizeof fv);
    pp_plan_input in = {.queues = &q, .nq = 1, .vendors = &v, .nv = 1, .vendor_queue = &vq,
                        .families = fam, .nf = (size_t)nf, .family_vendor = fv,
                        .requirements = req, .start_day = day - 1, .days = 8};
    pp_plan_params p;
    pp_plan_params_init(&p);
    p.penalty_per_agent_hour = 1000;
    p.mip_gap = 0.01;
    p.time_limit_seconds = 60;
    pp_plan *plan = NULL;
    pp_error err = {0};
    assert_int_equal(pp_plan_solve(&in, &p, &plan, &err), PP_OK);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fprintf(stderr, "# %s: %zu intervals, %d families, %zu cols: cost %.1f, understaffed %.3f "
                    "h, gap %.3f%%, %.2f s\n",
            inst, n, nf, s->cols, s->total_cost, s->understaffed_agent_hours, s->mip_gap_pct,
            s->solve_seconds);
    assert_true(s->status == PP_PLAN_OPTIMAL || s->status == PP_PLAN_FEASIBLE);
    assert_float_equal(s->understaffed_agent_hours, 0, 1e-6);
    pp_plan_free(plan);
    pp_grid_free(req);
    free(need);
}

static void musliu1(void **state) { (void)state; musliu_instance("RandomExample1"); }
static void musliu2(void **state) { (void)state; musliu_instance("RandomExample2"); }
static void musliu3(void **state) { (void)state; musliu_instance("RandomExample3"); }
static void musliu4(void **state) { (void)state; musliu_instance("RandomExample4"); }
static void musliu5(void **state) { (void)state; musliu_instance("RandomExample5"); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(union_airways), cmocka_unit_test(post_office),
        cmocka_unit_test(musliu1),       cmocka_unit_test(musliu2),
        cmocka_unit_test(musliu3),       cmocka_unit_test(musliu4),
        cmocka_unit_test(musliu5),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pp_plan_thread_cleanup();
    return rc;
}
