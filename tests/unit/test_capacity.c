/*
 * test_capacity.c -- the capacity plan: capacity.ini and staff.csv refused at the
 * exact file:line:column, the shrinkage table resolved week by week, and tiny
 * weekly programs whose optimum is worked out by hand in the comments; and
 * pp_cap_write_ex's extra step (the report) inside the output set.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "peakplan/capacity.h"
#include "peakplan/timeutil.h"

static char dir[256];

static const char *put(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static pp_vendor vendor(const char *name, bool bpo)
{
    pp_vendor v = {.is_bpo = bpo, .hourly_cost = 20, .seats = INFINITY,
                   .max_hours_week = INFINITY, .max_agents = INFINITY};
    snprintf(v.name, sizeof v.name, "%s", name);
    return v;
}

/* ---------------------------------------------------------------- inputs */

static void ini_shrinkage_most_specific_key_wins(void **state)
{
    (void)state;
    /* weeks start Mon 2026-06-22, 06-29, 07-06, 07-13, 07-20 */
    const char *p = put("capacity.ini", "[capacity]\nstart = 2026-06-22\nweeks = 5\n"
                                        "hours_per_fte = 37.5\n[shrinkage]\n"
                                        "2026-07-15 = 41.5\n2026-07 = 33.25\ndefault = 28.5\n");
    pp_cap_config c;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_config_load(p, 0, &c, &err), PP_OK);
    assert_int_equal(c.weeks, 5);
    assert_float_equal(c.hours_per_fte, 37.5, 0);
    assert_float_equal(c.shrinkage_pct[0], 28.5, 0);  /* June, default */
    assert_float_equal(c.shrinkage_pct[1], 28.5, 0);  /* starts 06-29: June's week */
    assert_float_equal(c.shrinkage_pct[2], 33.25, 0); /* July */
    assert_float_equal(c.shrinkage_pct[3], 41.5, 0);  /* holds 07-15 */
    assert_float_equal(c.shrinkage_pct[4], 33.25, 0);
    pp_cap_config_release(&c);
    /* --weeks overrides */
    assert_int_equal(pp_cap_config_load(p, 2, &c, &err), PP_OK);
    assert_int_equal(c.weeks, 2);
    pp_cap_config_release(&c);
}

static void expect_ini_error(const char *text, long line, long col, const char *what)
{
    const char *p = put("capacity.ini", text);
    pp_cap_config c;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_config_load(p, 0, &c, &err), PP_EINVAL);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    if (!strstr(err.msg, what))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, what);
}

static void ini_bad_values_name_line_and_column(void **state)
{
    (void)state;
    expect_ini_error("[capacity]\nstart = 2026-06-01\nweeks = 0\n", 3, 9, "whole number of weeks");
    expect_ini_error("[capacity]\nstart = 2026-13-01\nweeks = 3\n", 2, 9, "not a date");
    expect_ini_error("[capacity]\nstart = 2026-06-01\nweeks = 3\noccupancy_pct = 0.85\n", 4, 17,
                     "not a fraction");
    expect_ini_error("[capacity]\nstart = 2026-06-01\nweeks = 3\n[shrinkage]\n2026-07 = 0.3\n", 5,
                     11, "fraction");
    expect_ini_error("[capacity]\nstart = 2026-06-01\nweeks = 3\n[shrinkage]\nJuly = 30\n", 5, 1,
                     "YYYY-MM");
    expect_ini_error("[capacity]\nstart = 2026-06-01\nweks = 3\n", 3, 1, "did you mean \"weeks\"");
    expect_ini_error("[cost]\nunderstaffing_penalty_per_fte_week = -4\n", 2, 38, "cost from 0");
    expect_ini_error("[capacity]\nweeks = 3\n", 0, 0, "start is required");
}

static const pp_vendor VENDORS[] = {
    {"home", false, 30, INFINITY, 0, INFINITY, INFINITY, 0, 0, 0, 0, false, 0, 0, 0},
    {"bpo_x", true, 20, INFINITY, 0, INFINITY, INFINITY, 0, 0, 0, 0, false, 0, 0, 0},
};

static void expect_staff_error(const char *text, long line, long col, const char *what)
{
    const char *p = put("staff.csv", text);
    pp_cap_staff *s = NULL;
    size_t n = 0;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_staff_load(p, VENDORS, 2, 10, &s, &n, &err), PP_EINVAL);
    assert_null(s);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    if (!strstr(err.msg, what))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, what);
}

static void staff_reads_every_column(void **state)
{
    (void)state;
    const char *p = put("staff.csv",
                        "vendor,headcount,attrition_pct_week,class_weeks,class_min,class_max,"
                        "hire_cost,training_weeks,ramp_pct,weekly_cost,overtime_max_pct,"
                        "bpo_min_fte,bpo_max_fte,notice_weeks,max_change_fte_week,"
                        "price_per_fte_week\n"
                        "bpo_x,17.5,,,,,,,,,,4.25,60,3,7.5,1234.5\n"
                        "home,83,0.65,2;5;9;40,6,21,2750,4,45;70;95,1311,12,,,,,\n");
    pp_cap_staff *s = NULL;
    size_t n = 0;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_staff_load(p, VENDORS, 2, 10, &s, &n, &err), PP_OK);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].vendor, 1);
    assert_true(s[0].is_bpo);
    assert_float_equal(s[0].headcount, 17.5, 0);
    assert_float_equal(s[0].bpo_min_fte, 4.25, 0);
    assert_int_equal(s[0].notice_weeks, 3);
    assert_float_equal(s[0].max_change_fte_week, 7.5, 0);
    assert_float_equal(s[0].price_per_fte_week, 1234.5, 0);
    assert_int_equal(s[1].vendor, 0);
    assert_float_equal(s[1].attrition_pct_week, 0.65, 0);
    /* weeks 2, 5, 9 (1-based); 40 lies past the horizon of 10 weeks */
    int expect[10] = {0, 1, 0, 0, 1, 0, 0, 0, 1, 0};
    for (int w = 0; w < 10; w++)
        assert_int_equal(s[1].class_week[w], expect[w]);
    assert_int_equal(s[1].nramp, 3);
    assert_float_equal(s[1].ramp_pct[2], 95, 0);
    assert_int_equal(s[1].training_weeks, 4);
    assert_float_equal(s[1].overtime_premium_pct, 50, 0); /* default */
    free(s);
}

static void staff_bad_cells_name_line_and_column(void **state)
{
    (void)state;
    const char *h = "vendor,headcount,attrition_pct_week,class_weeks,class_every_weeks,class_min,"
                    "class_max,weekly_cost,ramp_pct,bpo_max_fte,price_per_fte_week\n";
    char buf[1024];
#define CASE(rows, line, col, what) \
    (snprintf(buf, sizeof buf, "%s%s", h, rows), expect_staff_error(buf, line, col, what))
    CASE("home,80,,,,,,1300,,,\nnobody,3,,,,,,1300,,,\n", 3, 1, "unknown vendor");
    CASE("home,80,,,,,,1300,,,\nhome,3,,,,,,1300,,,\n", 3, 1, "twice");
    CASE("home,80,x,,,,,1300,,,\n", 2, 3, "");
    CASE("home,80.5,,,,,,1300,,,\n", 2, 2, "whole number");
    CASE("home,80,,2;4,3,1,5,1300,,,\n", 2, 5, "not both");
    CASE("home,80,,2;x,,1,5,1300,,,\n", 2, 4, "separated");
    CASE("home,80,,2,,6,5,1300,,,\n", 2, 6, "above class_max");
    CASE("home,80,,,,,,,,,\n", 2, 8, "missing");
    CASE("home,80,,,,,,1300,50;120,,\n", 2, 9, "0 to 100");
    CASE("bpo_x,30,,,,,,,,20,900\n", 2, 2, "within bpo_min_fte");
    CASE("bpo_x,10,,3,,,,,,20,900\n", 2, 4, "in-house");
    CASE("bpo_x,10,,,,,,,,20,\n", 2, 11, "missing");
#undef CASE
    expect_staff_error("vendor,headcont\nhome,3\n", 1, 2, "did you mean");
}

/* staff.csv's tenure cells: today's heads and the weekly rate by tenure, read and refused
 * at their cell. */
static void staff_tenure_bands(void **state)
{
    (void)state;
    const char *p = put("staff.csv", "vendor,headcount,weekly_cost,tenure_bands,"
                                     "attrition_pct_week_by_tenure\n"
                                     "home,12,1300, 2@0-2;10@2+ ,20@0-2;10.5@2+\n");
    pp_cap_staff *s = NULL;
    size_t n = 0;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_staff_load(p, VENDORS, 2, 10, &s, &n, &err), PP_OK);
    assert_int_equal(s[0].nband, 2);
    assert_int_equal(s[0].band_to[0], 2);
    assert_int_equal(s[0].band_to[1], -1);
    assert_float_equal(s[0].band_heads[1], 10, 0);
    assert_int_equal(s[0].nrate, 2);
    assert_true(pp_cap_by_tenure(&s[0]));
    assert_float_equal(pp_cap_attrition_at(&s[0], 1), 0.2, 1e-12);
    assert_float_equal(pp_cap_attrition_at(&s[0], 2), 0.105, 1e-12);
    assert_float_equal(pp_cap_attrition_at(&s[0], 500), 0.105, 1e-12);
    free(s);
    const char *h = "vendor,headcount,weekly_cost,attrition_pct_week,tenure_bands,"
                    "attrition_pct_week_by_tenure,price_per_fte_week\n";
    char buf[1024];
#define CASE(row, col, what) \
    (snprintf(buf, sizeof buf, "%s%s", h, row), expect_staff_error(buf, 2, col, what))
    CASE("home,12,1300,,2@1-2;10@2+,20@0+,\n", 5, "contiguous from 0");
    CASE("home,12,1300,,2@0-2;10@3+,20@0+,\n", 5, "contiguous from 0");
    CASE("home,12,1300,,2@0-2;10@2-5,20@0+,\n", 5, "last band must be open");
    CASE("home,12,1300,,12@0+;3@5+,20@0+,\n", 5, "only the last band is open");
    CASE("home,12,1300,,2@0-2;9@2+,20@0+,\n", 5, "hold 11 heads");
    CASE("home,12,1300,,2.5@0-2;9.5@2+,20@0+,\n", 5, "whole heads");
    CASE("home,12,1300,,2@0-0;10@0+,20@0+,\n", 5, "end after it starts");
    CASE("home,12,1300,,12@0+,120@0+,\n", 6, "percentage a week");
    CASE("home,12,1300,,12@0+,2@0-3x;1@3+,\n", 6, "VALUE@FROM-TO");
    CASE("home,12,1300,0.5,12@0+,1@0+,\n", 6, "not both");
    CASE("home,12,1300,,,1@0+,\n", 6, "needs tenure_bands");
    CASE("bpo_x,10,,,10@0+,,900\n", 5, "in-house");
#undef CASE
}

/* ---------------------------------------------------------------- the program */

static pp_cap_config config(size_t weeks, double penalty, double *shrink)
{
    for (size_t w = 0; w < weeks; w++)
        shrink[w] = 30;
    return (pp_cap_config){.start_day = pp_days_from_civil(2026, 6, 1), .weeks = weeks,
                           .hours_per_fte = 40, .occupancy_pct = 85, .quantile = NAN,
                           .penalty_per_fte_week = penalty, .time_limit_seconds = 20,
                           .mip_gap_pct = 0, .shrinkage_pct = shrink};
}

/* One BPO, one queue, three weeks.  Contract today 10 FTE, notice 1 week, at
 * most 5 FTE change a week, 100 per FTE-week; required 12, 20, 8; penalty 1000.
 * Week 1 is frozen at 10 (gap 2: 1000 + 2000); week 2 can reach 15 (gap 5:
 * 1500 + 5000); week 3 needs 8 but may fall only to 10 (1000).  Total 10500. */
static void bpo_notice_and_change_limits(void **state)
{
    (void)state;
    double shrink[3];
    pp_cap_config c = config(3, 1000, shrink);
    pp_vendor v[1] = {vendor("b", true)};
    pp_cap_staff s = {.vendor = 0, .is_bpo = true, .headcount = 10, .bpo_min_fte = 0,
                      .bpo_max_fte = 100, .notice_weeks = 1, .max_change_fte_week = 5,
                      .price_per_fte_week = 100};
    unsigned char vq[1] = {1};
    const char *names[] = {"q"};
    double req[3] = {12, 20, 8};
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    assert_float_equal(pp_cap_objective(r), 10500, 1e-6);
    size_t n;
    const pp_cap_row *rows = pp_cap_rows(r, &n);
    assert_int_equal(n, 3);
    assert_float_equal(rows[0].bpo_fte, 10, 1e-6);
    assert_float_equal(rows[1].bpo_fte, 15, 1e-6);
    assert_float_equal(rows[2].bpo_fte, 10, 1e-6);
    assert_float_equal(pp_cap_gap_fte(r, 0, 0), 2, 1e-6);
    assert_float_equal(pp_cap_gap_fte(r, 0, 1), 5, 1e-6);
    assert_float_equal(pp_cap_gap_fte(r, 0, 2), 0, 1e-9);
    assert_string_equal(rows[0].binding, "notice");
    assert_string_equal(rows[1].binding, "max_change");
    assert_string_equal(rows[2].binding, "");
    pp_cap_result_free(r);
}

/* A BPO whose new FTE deliver one week late (what-if ramp_delay_weeks): contract
 * today 10, no notice or change limit, 100 per FTE-week; required 10, 10, 30;
 * penalty 1000.  Without the lag F = 10, 10, 30: 5000.  With it, week 3 works at
 * most min(F[2], F[3]), so covering it means paying 30 from week 2: F = 10, 30, 30,
 * 7000 (a contract x in weeks 2-3 costs 1000 + 200 x + 1000 (30 - x): least at
 * x = 30); week 2 is paid for 30 and works 10. */
static void bpo_delivery_lag(void **state)
{
    (void)state;
    double shrink[3];
    pp_cap_config c = config(3, 1000, shrink);
    pp_vendor v[1] = {vendor("b", true)};
    pp_cap_staff s = {.vendor = 0, .is_bpo = true, .headcount = 10, .bpo_min_fte = 0,
                      .bpo_max_fte = 100, .max_change_fte_week = INFINITY,
                      .price_per_fte_week = 100};
    unsigned char vq[1] = {1};
    const char *names[] = {"q"};
    double req[3] = {10, 10, 30};
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    assert_float_equal(pp_cap_objective(r), 5000, 1e-6);
    pp_cap_result_free(r);
    s.delivery_lag_weeks = 1;
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    assert_float_equal(pp_cap_objective(r), 7000, 1e-6);
    size_t n;
    const pp_cap_row *rows = pp_cap_rows(r, &n);
    assert_int_equal(n, 3);
    assert_float_equal(rows[1].bpo_fte, 30, 1e-6);
    assert_float_equal(rows[1].productive_fte, 10, 1e-6);
    assert_float_equal(rows[2].productive_fte, 30, 1e-6);
    assert_float_equal(pp_cap_gap_fte(r, 0, 2), 0, 1e-9);
    pp_cap_result_free(r);
}

/* One in-house vendor, one queue, four weeks: 2 heads today, no attrition, one
 * class allowed in week 1 of 3..5 hires, 1 training week, then 50 %, then full;
 * 10 per head-week, 5 per hire; required 2, 4, 6, 6; penalty 100.
 *   y = 0: gaps 0+2+4+4 = 10 -> 1000, salaries 2*4*10 = 80       -> 1080
 *   y = 3: P = 2, 3.5, 5, 5: gap 2.5 -> 250, salaries 200, hires 15 -> 465
 *   y = 4: P = 2, 4, 6, 6: no gap, salaries 6*4*10 = 240, hires 20  -> 260
 *   y = 5: salaries 280, hires 25                                   -> 305
 * so 4 hires and 260 (the class minimum keeps y = 1 or 2 out). */
static void inhouse_class_training_and_ramp(void **state)
{
    (void)state;
    double shrink[4];
    pp_cap_config c = config(4, 100, shrink);
    pp_vendor v[1] = {vendor("h", false)};
    pp_cap_staff s = {.vendor = 0, .headcount = 2, .class_min = 3, .class_max = 5,
                      .hire_cost = 5, .training_weeks = 1, .nramp = 1, .ramp_pct = {50},
                      .weekly_cost = 10, .max_change_fte_week = INFINITY};
    s.class_week[0] = 1;
    unsigned char vq[1] = {1};
    const char *names[] = {"q"};
    double req[4] = {2, 4, 6, 6};
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    assert_float_equal(pp_cap_objective(r), 260, 1e-6);
    size_t n;
    const pp_cap_row *rows = pp_cap_rows(r, &n);
    assert_float_equal(rows[0].hires_starting, 4, 0);
    assert_float_equal(rows[0].headcount, 6, 1e-6);
    assert_float_equal(rows[0].in_training, 4, 1e-6);
    assert_float_equal(rows[0].productive_fte, 2, 1e-6);
    assert_float_equal(rows[1].ramping, 4, 1e-6);
    assert_float_equal(rows[1].productive_fte, 4, 1e-6);
    assert_float_equal(rows[3].productive_fte, 6, 1e-6);
    pp_cap_result_free(r);

    /* demand of 2.6 in week 1: nobody hired can help in training -> the gap is
     * explained by the training time; cost 260 + 0.6 * 100 */
    req[0] = 2.6;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    assert_float_equal(pp_cap_objective(r), 320, 1e-6);
    rows = pp_cap_rows(r, &n);
    assert_float_equal(pp_cap_gap_fte(r, 0, 0), 0.6, 1e-6);
    assert_string_equal(rows[0].binding, "training;no_overtime");
    pp_cap_result_free(r);
}

/* Attrition as a share: 10 heads, 10 % a week, nothing required, 7 per head-week
 * over three weeks: heads 10, 9, 8.1 -> cost 7 * 27.1 = 189.7; leavers 1, 0.9, 0.81. */
static void attrition_is_a_fixed_share(void **state)
{
    (void)state;
    double shrink[3];
    pp_cap_config c = config(3, 100, shrink);
    pp_vendor v[1] = {vendor("h", false)};
    pp_cap_staff s = {.vendor = 0, .headcount = 10, .attrition_pct_week = 10, .weekly_cost = 7,
                      .max_change_fte_week = INFINITY};
    unsigned char vq[1] = {1};
    const char *names[] = {"q"};
    double req[3] = {0, 0, 0};
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    assert_float_equal(pp_cap_objective(r), 189.7, 1e-6);
    size_t n;
    const pp_cap_row *rows = pp_cap_rows(r, &n);
    assert_float_equal(rows[2].headcount, 8.1, 1e-9);
    assert_float_equal(rows[2].leavers, 0.81, 1e-9);
    pp_cap_result_free(r);
}

/* Attrition by tenure, by hand.  One vendor, 6 weeks, 20 % a week in the first two weeks of
 * tenure, 10 % after (20@0-2;10@2+).  Today: 2 heads of 0-2 weeks (one at tenure 0, one at
 * tenure 1: a band is spread over its weeks) and 10 veterans (2+).  A class of 5 (class_max,
 * the demand of 100 at 1000 a FTE-week fills it) starts in week 2 without training.
 *   tenure-0 head  1, .8, .64, .576, .5184, .46656        (20 %, 20 %, then 10 %)
 *   tenure-1 head  1, .8, .72, .648, .5832, .52488         (20 %, then 10 %)
 *   veterans       10, 9, 8.1, 7.29, 6.561, 5.9049         (10 %)
 *   class          -, 5, 4, 3.2, 2.88, 2.592               (20 %, 20 %, then 10 %)
 * heads    12, 15.6, 13.46, 11.714, 10.5426, 9.48834
 * leavers  1.4, 2.14, 1.746, 1.1714, 1.05426, .948834  (and heads(w+1) = heads(w) - leavers(w)
 * + hires(w+1)).  A single rate could not give these: week 1 loses 11.7 %, week 6 10 %. */
static void attrition_by_tenure_band(void **state)
{
    (void)state;
    double shrink[6];
    pp_cap_config c = config(6, 1000, shrink);
    pp_vendor v[1] = {vendor("h", false)};
    pp_cap_staff s = {.vendor = 0, .headcount = 12, .class_max = 5, .hire_cost = 1,
                      .weekly_cost = 1, .max_change_fte_week = INFINITY,
                      .nrate = 2, .rate_from = {0, 2}, .rate_pct = {20, 10},
                      .nband = 2, .band_from = {0, 2}, .band_to = {2, -1},
                      .band_heads = {2, 10}};
    s.class_week[1] = 1;
    unsigned char vq[1] = {1};
    const char *names[] = {"q"};
    double req[6] = {100, 100, 100, 100, 100, 100};
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    size_t n;
    const pp_cap_row *rows = pp_cap_rows(r, &n);
    assert_int_equal(n, 6);
    const double heads[6] = {12, 15.6, 13.46, 11.714, 10.5426, 9.48834};
    const double leavers[6] = {1.4, 2.14, 1.746, 1.1714, 1.05426, 0.948834};
    for (size_t w = 0; w < 6; w++) {
        assert_float_equal(rows[w].hires_starting, w == 1 ? 5 : 0, 0);
        assert_float_equal(rows[w].headcount, heads[w], 1e-9);
        assert_float_equal(rows[w].leavers, leavers[w], 1e-9);
        assert_float_equal(rows[w].productive_fte, heads[w], 1e-9);
    }
    /* paid: the heads, one hire class; penalty: 1000 x (600 - heads) */
    double sum = 0;
    for (size_t w = 0; w < 6; w++)
        sum += heads[w];
    assert_float_equal(pp_cap_objective(r), sum + 5 + 1000 * (600 - sum), 1e-6);
    pp_cap_result_free(r);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/pp_test_capacity_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}


/* ---------------------------------------------------------------- output set */

/* The extra step sees the four CSVs complete in the set's temporary folder. */
static pp_status extra_sees_csvs(void *userdata, const char *tmp, pp_error *err)
{
    int *calls = userdata;
    (*calls)++;
    char path[512];
    static const char *const names[] = {"capacity.csv", "capacity_queues.csv", "hiring_plan.csv",
                                        "capacity_summary.csv"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", tmp, names[i]);
        FILE *fp = fopen(path, "r");
        assert_non_null(fp);
        char line[64];
        assert_non_null(fgets(line, sizeof line, fp)); /* flushed: the header is there */
        fclose(fp);
    }
    if (*calls == 1)
        return pp_error_set(err, PP_EWRITE, "report.html: disk full");
    snprintf(path, sizeof path, "%s/report.html", tmp);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("<!DOCTYPE html>\n", fp);
    fclose(fp);
    return PP_OK;
}

/* pp_cap_write_ex: a failing extra abandons the set (OUTDIR never appears and its
 * status is returned); a succeeding one's file is part of the committed set. */
static void write_ex_adds_files_to_the_set(void **state)
{
    (void)state;
    double shrink[3];
    pp_cap_config c = config(3, 1000, shrink);
    pp_vendor v[1] = {vendor("b", true)};
    pp_cap_staff s = {.vendor = 0, .is_bpo = true, .headcount = 10, .bpo_max_fte = 100,
                      .price_per_fte_week = 100};
    unsigned char vq[1] = {1};
    const char *names[] = {"q"};
    double req[3] = {12, 20, 8};
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_cap_solve(&c, &s, 1, v, 1, vq, names, 1, req, &p, &r, &err), PP_OK);
    char out[512], path[600];
    snprintf(out, sizeof out, "%s/out", dir);
    int calls = 0;
    assert_int_equal(pp_cap_write_ex(r, out, extra_sees_csvs, &calls, &err), PP_EWRITE);
    assert_int_equal(calls, 1);
    assert_int_not_equal(access(out, F_OK), 0);
    pp_error_clear(&err);
    assert_int_equal(pp_cap_write_ex(r, out, extra_sees_csvs, &calls, &err), PP_OK);
    assert_int_equal(calls, 2);
    static const char *const files[] = {"capacity.csv", "capacity_queues.csv", "hiring_plan.csv",
                                        "capacity_summary.csv", "report.html", ".peakplan"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i]);
        assert_int_equal(access(path, F_OK), 0);
        unlink(path);
    }
    assert_int_equal(rmdir(out), 0);
    pp_cap_result_free(r);
}

static int teardown(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/capacity.ini", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/staff.csv", dir);
    unlink(path);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ini_shrinkage_most_specific_key_wins),
        cmocka_unit_test(ini_bad_values_name_line_and_column),
        cmocka_unit_test(staff_reads_every_column),
        cmocka_unit_test(staff_bad_cells_name_line_and_column),
        cmocka_unit_test(bpo_notice_and_change_limits),
        cmocka_unit_test(bpo_delivery_lag),
        cmocka_unit_test(inhouse_class_training_and_ramp),
        cmocka_unit_test(attrition_is_a_fixed_share),
        cmocka_unit_test(staff_tenure_bands),
        cmocka_unit_test(attrition_by_tenure_band),
        cmocka_unit_test(write_ex_adds_files_to_the_set),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
