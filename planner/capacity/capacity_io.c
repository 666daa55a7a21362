/*
 * capacity_io.c -- capacity.ini and staff.csv, validated as strictly as the
 * other workspace files (docs/formats.md): every bad value is PP_EINVAL at its
 * file:line:column, unknown keys and columns are named with the closest known
 * one.
 *
 * Why the shrinkage table is keyed by date: planners think of vacation seasons
 * by month ("July 35 %") and of single weeks by a day in them ("the week of
 * 2026-12-21"), never by a week number of our horizon, which moves with
 * [capacity] start.  A week key beats a month key beats `default`, whatever
 * the order in the file; a week takes the month of its first day.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "io/ini_reader.h"
#include "peakplan/capacity.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

#define MAX_SHRINK_KEYS 512

typedef struct shrink_key {
    int kind; /* 0 default, 1 month (year, month), 2 week containing day */
    int year, month;
    int64_t day;
    double pct;
} shrink_key;

typedef struct cap_ini {
    const char *path;
    pp_cap_config *c;
    shrink_key keys[MAX_SHRINK_KEYS];
    size_t nkeys;
    bool have_start, have_weeks;
} cap_ini;

static const char *const CAP_KEYS[] = {"start", "weeks", "hours_per_fte", "occupancy_pct",
                                       "quantile", NULL};
static const char *const COST_KEYS[] = {"understaffing_penalty_per_fte_week", NULL};
static const char *const SOLVER_KEYS[] = {"time_limit_seconds", "mip_gap_pct", NULL};
static const char *const SECTIONS[] = {"capacity", "cost", "solver", "shrinkage", NULL};

static bool parse_num(const char *value, double *out)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static pp_status bad(cap_ini *s, long line, const char *section, const char *key,
                     const char *value, const char *what, pp_error *err)
{
    return pp_error_at(err, PP_EINVAL, s->path, line, (long)strlen(key) + 4,
                       "[%s] %s: %s (found \"%s\")", section, key, what, value);
}

static pp_status unknown(cap_ini *s, long line, const char *section, const char *key,
                         const char *const *keys, pp_error *err)
{
    const char *const *lists[] = {keys, NULL};
    const char *near = pp_did_you_mean(key, lists);
    return pp_error_at(err, PP_EINVAL, s->path, line, 1, "unknown key [%s] %s%s%s%s", section,
                       key, near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "");
}

static pp_status on_key(void *ctx, const char *section, const char *key, const char *value,
                        long line, pp_error *err)
{
    cap_ini *s = ctx;
    pp_cap_config *c = s->c;
    double v;
    if (strcasecmp(section, "capacity") == 0) {
        if (strcmp(key, "start") == 0) {
            if (!pp_parse_date(value, &c->start_day))
                return bad(s, line, section, key, value, "not a date YYYY-MM-DD", err);
            s->have_start = true;
        } else if (strcmp(key, "weeks") == 0) {
            if (!parse_num(value, &v) || v < 1 || v > PP_CAP_MAX_WEEKS || v != floor(v))
                return bad(s, line, section, key, value, "must be a whole number of weeks, 1 to 156",
                           err);
            c->weeks = (size_t)v;
            s->have_weeks = true;
        } else if (strcmp(key, "hours_per_fte") == 0) {
            if (!parse_num(value, &v) || v < 1 || v > 168)
                return bad(s, line, section, key, value, "must be paid hours a week, 1 to 168",
                           err);
            c->hours_per_fte = v;
        } else if (strcmp(key, "occupancy_pct") == 0) {
            if (!parse_num(value, &v) || v <= 1 || v > 100)
                return bad(s, line, section, key, value,
                           "must be a percentage above 1, at most 100 (not a fraction)", err);
            c->occupancy_pct = v;
        } else if (strcmp(key, "quantile") == 0) {
            if (!*value)
                return PP_OK;
            if (!parse_num(value, &v) || v <= 0 || v >= 1)
                return bad(s, line, section, key, value, "must be a fraction between 0 and 1",
                           err);
            c->quantile = v;
        } else
            return unknown(s, line, section, key, CAP_KEYS, err);
    } else if (strcasecmp(section, "cost") == 0) {
        if (strcmp(key, "understaffing_penalty_per_fte_week") != 0)
            return unknown(s, line, section, key, COST_KEYS, err);
        if (!parse_num(value, &v) || v < 0 || v > PP_MAX_PENALTY)
            return bad(s, line, section, key, value, "must be a cost from 0 to 10000000", err);
        c->penalty_per_fte_week = v;
    } else if (strcasecmp(section, "solver") == 0) {
        if (strcmp(key, "time_limit_seconds") == 0) {
            if (!parse_num(value, &v) || v <= 0 || v > PP_MAX_TIME_LIMIT_SECONDS)
                return bad(s, line, section, key, value,
                           "must be a number of seconds above 0, at most 604800", err);
            c->time_limit_seconds = v;
        } else if (strcmp(key, "mip_gap_pct") == 0) {
            if (!parse_num(value, &v) || v < 0 || v > 100)
                return bad(s, line, section, key, value, "must be a percentage 0 to 100", err);
            c->mip_gap_pct = v;
        } else
            return unknown(s, line, section, key, SOLVER_KEYS, err);
    } else if (strcasecmp(section, "shrinkage") == 0) {
        shrink_key k = {0};
        int y, m, d;
        char tail;
        if (strcmp(key, "default") == 0)
            k.kind = 0;
        else if (sscanf(key, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
                 pp_parse_date(key, &k.day))
            k.kind = 2;
        else if (sscanf(key, "%4d-%2d%c", &y, &m, &tail) == 2 && strlen(key) == 7 && m >= 1 &&
                 m <= 12) {
            k.kind = 1;
            k.year = y;
            k.month = m;
        } else
            return pp_error_at(err, PP_EINVAL, s->path, line, 1,
                               "[shrinkage] %s: a key is `default`, a month YYYY-MM or a day "
                               "YYYY-MM-DD (its week)",
                               key);
        if (!parse_num(value, &v) || v < 0 || v >= 100)
            return bad(s, line, section, key, value, "must be a percentage 0 to below 100", err);
        if (v > 0 && v < 1)
            return bad(s, line, section, key, value,
                       "looks like a fraction; write percentages (30 for 30 %)", err);
        k.pct = v;
        if (s->nkeys == MAX_SHRINK_KEYS)
            return pp_error_at(err, PP_EINVAL, s->path, line, 1,
                               "more than %d [shrinkage] keys", MAX_SHRINK_KEYS);
        s->keys[s->nkeys++] = k;
    } else {
        const char *const *lists[] = {SECTIONS, NULL};
        const char *near = pp_did_you_mean(section, lists);
        return pp_error_at(err, PP_EINVAL, s->path, line, 1, "unknown section [%s]%s%s%s",
                           section,
                           near ? "; did you mean [" : " (known: [capacity], [cost], [solver], "
                                                       "[shrinkage])",
                           near ? near : "", near ? "]?" : "");
    }
    return PP_OK;
}

void pp_cap_config_release(pp_cap_config *c)
{
    if (!c)
        return;
    pp_free(c->shrinkage_pct);
    c->shrinkage_pct = NULL;
}

pp_status pp_cap_config_load(const char *path, size_t weeks_override, pp_cap_config *c,
                             pp_error *err)
{
    *c = (pp_cap_config){.start_day = INT64_MIN,
                         .hours_per_fte = 40,
                         .occupancy_pct = 85,
                         .quantile = NAN,
                         .penalty_per_fte_week = 10000,
                         .time_limit_seconds = PP_PLAN_DEFAULT_TIME_LIMIT,
                         .mip_gap_pct = 0.1};
    cap_ini *s = pp_calloc(1, sizeof *s);
    if (!s)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    s->path = path;
    s->c = c;
    pp_status st = pp_ini_each(path, on_key, s, err);
    if (st == PP_OK && !s->have_start)
        st = pp_error_at(err, PP_EINVAL, path, 0, 0, "[capacity] start is required");
    if (st == PP_OK && weeks_override)
        c->weeks = weeks_override;
    if (st == PP_OK && c->weeks == 0)
        st = pp_error_at(err, PP_EINVAL, path, 0, 0,
                         "[capacity] weeks is required (or --weeks)");
    if (st == PP_OK && !(c->shrinkage_pct = pp_calloc(c->weeks, sizeof *c->shrinkage_pct)))
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    /* Most specific key wins: week, then month, then default; later keys of the
     * same kind win over earlier ones. */
    for (size_t w = 0; st == PP_OK && w < c->weeks; w++) {
        int64_t d0 = c->start_day + 7 * (int64_t)w;
        int y, m, d;
        pp_civil_from_days(d0, &y, &m, &d);
        int best = -1;
        for (size_t k = 0; k < s->nkeys; k++) {
            const shrink_key *sk = &s->keys[k];
            bool hit = sk->kind == 0 || (sk->kind == 1 && sk->year == y && sk->month == m) ||
                       (sk->kind == 2 && sk->day >= d0 && sk->day < d0 + 7);
            if (hit && sk->kind >= best) {
                best = sk->kind;
                c->shrinkage_pct[w] = sk->pct;
            }
        }
    }
    pp_free(s);
    if (st != PP_OK)
        pp_cap_config_release(c);
    return st;
}

/* ---- staff.csv ---- */

static const char *const STAFF_REQUIRED[] = {"vendor", "headcount", NULL};
static const char *const STAFF_OPTIONAL[] = {
    "attrition_pct_week", "class_weeks",     "class_every_weeks",    "class_min",
    "class_max",          "hire_cost",       "training_weeks",       "ramp_pct",
    "weekly_cost",        "overtime_max_pct", "overtime_premium_pct", "bpo_min_fte",
    "bpo_max_fte",        "notice_weeks",    "max_change_fte_week",  "price_per_fte_week",
    "tenure_bands",       "attrition_pct_week_by_tenure",           NULL};

/* A tenure cell, `VALUE@FROM-TO;...;VALUE@FROM+` (weeks of tenure, TO exclusive): bands
 * contiguous from 0, only the last open, VALUE in lo..hi (whole when `whole_value`).
 * *n = 0 for a blank cell; to[k] = -1 for the open band. */
static pp_status tenure_list(const pp_csv *csv, size_t r, long col, double lo, double hi,
                             bool whole_value, double *vals, int *from, int *to, int *n,
                             pp_error *err)
{
    *n = 0;
    if (col < 0 || pp_csv_blank(csv, r, col))
        return PP_OK;
    const char *p = pp_csv_cell(csv, r, col);
    const char *form = "each `;`-separated band is VALUE@FROM-TO or, last, VALUE@FROM+ "
                       "(weeks of tenure, e.g. 20@0-12;130@12+)";
    int next = 0;
    while (*p) {
        char *end;
        while (*p == ' ')
            p++;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || *end != '@')
            return pp_csv_fail(csv, r, col, err, "%s", form);
        if (v < lo || v > hi || (whole_value && v != floor(v)))
            return pp_csv_fail(csv, r, col, err, "band %d: %g must be %s %g to %g", *n + 1, v,
                               whole_value ? "whole heads," : "a percentage a week,", lo, hi);
        p = end + 1;
        long f = strtol(p, &end, 10);
        if (end == p || f < 0)
            return pp_csv_fail(csv, r, col, err, "%s", form);
        p = end;
        long e = -1;
        if (*p == '+') {
            p++;
        } else if (*p == '-') {
            e = strtol(p + 1, &end, 10);
            if (end == p + 1)
                return pp_csv_fail(csv, r, col, err, "%s", form);
            p = end;
        } else
            return pp_csv_fail(csv, r, col, err, "%s", form);
        if (f != next)
            return pp_csv_fail(csv, r, col, err,
                               "band %d starts at %ld weeks: bands are contiguous from 0 "
                               "(expected %d)", *n + 1, f, next);
        if (e >= 0 && (e <= f || e > PP_CAP_MAX_TENURE_WEEKS))
            return pp_csv_fail(csv, r, col, err, "band %d: %ld-%ld must end after it starts, "
                               "at most %d weeks", *n + 1, f, e, PP_CAP_MAX_TENURE_WEEKS);
        if (*n == PP_CAP_MAX_TENURE)
            return pp_csv_fail(csv, r, col, err, "at most %d bands", PP_CAP_MAX_TENURE);
        vals[*n] = v;
        from[*n] = (int)f;
        to[*n] = (int)e;
        (*n)++;
        while (*p == ' ')
            p++;
        if (e < 0) {
            if (*p)
                return pp_csv_fail(csv, r, col, err,
                                   "only the last band is open (FROM+); it ends the list");
            break;
        }
        if (*p && *p != ';')
            return pp_csv_fail(csv, r, col, err, "%s", form);
        if (*p)
            p++;
        next = (int)e;
    }
    if (*n == 0 || to[*n - 1] >= 0)
        return pp_csv_fail(csv, r, col, err, "the last band must be open (e.g. 130@12+): "
                           "every tenure needs a band");
    return PP_OK;
}

/* tenure_bands and attrition_pct_week_by_tenure of row r into s (docs/formats.md). */
static pp_status tenure_cells(const pp_csv *csv, size_t r, long c_bands, long c_rates,
                              long c_attr, pp_cap_staff *s, pp_error *err)
{
    int rate_to[PP_CAP_MAX_TENURE];
    pp_status st = tenure_list(csv, r, c_bands, 0, PP_MAX_HEADCOUNT, true, s->band_heads,
                               s->band_from, s->band_to, &s->nband, err);
    if (st == PP_OK)
        st = tenure_list(csv, r, c_rates, 0, 100, false, s->rate_pct, s->rate_from, rate_to,
                         &s->nrate, err);
    if (st != PP_OK || (!s->nband && !s->nrate))
        return st;
    if (s->is_bpo)
        return pp_csv_fail(csv, r, s->nband ? c_bands : c_rates, err,
                           "tenure bands are for in-house vendors (a BPO contracts FTE)");
    if (s->nrate && c_attr >= 0 && !pp_csv_blank(csv, r, c_attr))
        return pp_csv_fail(csv, r, c_rates, err,
                           "give attrition_pct_week or attrition_pct_week_by_tenure, not both");
    if (s->nrate && !s->nband)
        return pp_csv_fail(csv, r, c_rates, err,
                           "attrition by tenure needs tenure_bands (today's heads by tenure, "
                           "e.g. 20@0-12;130@12+)");
    double sum = 0;
    for (int k = 0; k < s->nband; k++)
        sum += s->band_heads[k];
    if (fabs(sum - s->headcount) > 1e-9)
        return pp_csv_fail(csv, r, c_bands, err, "the bands hold %g heads, headcount is %g", sum,
                           s->headcount);
    return PP_OK;
}

/* A whole number in [lo, hi] (blank = dflt). */
static pp_status whole(const pp_csv *csv, size_t r, long col, double lo, double hi, double dflt,
                       int *out, pp_error *err)
{
    double v;
    pp_status st = pp_csv_number(csv, r, col, lo, hi, dflt, &v, err);
    if (st != PP_OK)
        return st;
    if (v != floor(v))
        return pp_csv_fail(csv, r, col, err, "must be a whole number");
    *out = (int)v;
    return PP_OK;
}

/* `;`-separated whole numbers in [lo, hi] into vals (at most max); *n the count. */
static pp_status number_list(const pp_csv *csv, size_t r, long col, double lo, double hi,
                             double *vals, int max, int *n, pp_error *err)
{
    const char *p = pp_csv_cell(csv, r, col);
    *n = 0;
    if (pp_csv_blank(csv, r, col))
        return PP_OK;
    while (*p) {
        char *end;
        while (*p == ' ')
            p++;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || v < lo || v > hi)
            return pp_csv_fail(csv, r, col, err, "each `;`-separated value must be %g to %g", lo,
                               hi);
        if (*n == max)
            return pp_csv_fail(csv, r, col, err, "at most %d values", max);
        vals[(*n)++] = v;
        p = end;
        while (*p == ' ')
            p++;
        if (*p == ';')
            p++;
        else if (*p)
            return pp_csv_fail(csv, r, col, err, "values are separated by `;`");
    }
    return PP_OK;
}

pp_status pp_cap_staff_load(const char *path, const pp_vendor *vendors, size_t nv, size_t weeks,
                            pp_cap_staff **out, size_t *n, pp_error *err)
{
    *out = NULL;
    *n = 0;
    pp_csv *csv = NULL;
    pp_cap_staff *rows = NULL;
    double *tmp = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st == PP_OK)
        st = pp_csv_check_columns(csv, STAFF_REQUIRED, STAFF_OPTIONAL, err);
    if (st != PP_OK)
        goto done;
    size_t nr = pp_csv_rows(csv);
    rows = pp_calloc(nr ? nr : 1, sizeof *rows);
    tmp = pp_malloc(PP_CAP_MAX_WEEKS * sizeof *tmp);
    if (!rows || !tmp) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
#define COL(name) pp_csv_column(csv, name)
    long c_vendor = COL("vendor"), c_head = COL("headcount"), c_attr = COL("attrition_pct_week"),
         c_cw = COL("class_weeks"), c_ce = COL("class_every_weeks"), c_cmin = COL("class_min"),
         c_cmax = COL("class_max"), c_hire = COL("hire_cost"), c_train = COL("training_weeks"),
         c_ramp = COL("ramp_pct"), c_wcost = COL("weekly_cost"), c_otmax = COL("overtime_max_pct"),
         c_otprem = COL("overtime_premium_pct"), c_bmin = COL("bpo_min_fte"),
         c_bmax = COL("bpo_max_fte"), c_notice = COL("notice_weeks"),
         c_chg = COL("max_change_fte_week"), c_price = COL("price_per_fte_week"),
         c_bands = COL("tenure_bands"), c_trate = COL("attrition_pct_week_by_tenure");
#undef COL
    for (size_t r = 0; r < nr; r++) {
        pp_cap_staff *s = &rows[r];
        const char *name = pp_csv_cell(csv, r, c_vendor);
        size_t v = 0;
        while (v < nv && strcmp(vendors[v].name, name) != 0)
            v++;
        if (v == nv) {
            st = pp_csv_fail(csv, r, c_vendor, err, "unknown vendor (not in vendors.csv)");
            goto done;
        }
        for (size_t k = 0; k < r; k++)
            if (rows[k].vendor == v) {
                st = pp_csv_fail(csv, r, c_vendor, err, "vendor listed twice");
                goto done;
            }
        s->vendor = v;
        s->is_bpo = vendors[v].is_bpo;
        int ncls = 0;
        double every = NAN;
        if ((st = pp_csv_number(csv, r, c_head, 0, PP_MAX_HEADCOUNT, NAN, &s->headcount, err)) ||
            (st = pp_csv_number(csv, r, c_attr, 0, 50, 0, &s->attrition_pct_week, err)) ||
            (st = pp_csv_number(csv, r, c_cmin, 0, PP_MAX_HEADCOUNT, 0, &s->class_min, err)) ||
            (st = pp_csv_number(csv, r, c_cmax, 0, PP_MAX_HEADCOUNT, 0, &s->class_max, err)) ||
            (st = pp_csv_number(csv, r, c_hire, 0, PP_MAX_HOURLY_COST * 100, 0, &s->hire_cost,
                                err)) ||
            (st = whole(csv, r, c_train, 0, 52, 0, &s->training_weeks, err)) ||
            (st = number_list(csv, r, c_ramp, 0, 100, s->ramp_pct, PP_CAP_MAX_RAMP, &s->nramp,
                              err)) ||
            (st = pp_csv_number(csv, r, c_otmax, 0, 100, 0, &s->overtime_max_pct, err)) ||
            (st = pp_csv_number(csv, r, c_otprem, 0, 500, 50, &s->overtime_premium_pct, err)) ||
            (st = pp_csv_number(csv, r, c_bmin, 0, PP_MAX_HEADCOUNT, 0, &s->bpo_min_fte, err)) ||
            (st = pp_csv_number(csv, r, c_bmax, 0, PP_MAX_HEADCOUNT, INFINITY, &s->bpo_max_fte,
                                err)) ||
            (st = whole(csv, r, c_notice, 0, 52, 0, &s->notice_weeks, err)) ||
            (st = pp_csv_number(csv, r, c_chg, 0, PP_MAX_HEADCOUNT, INFINITY,
                                &s->max_change_fte_week, err)) ||
            (st = number_list(csv, r, c_cw, 1, PP_CAP_MAX_WEEKS, tmp, PP_CAP_MAX_WEEKS, &ncls,
                              err)) ||
            (st = pp_csv_number_opt(csv, r, c_ce, 1, 52, &every, err)) ||
            (st = tenure_cells(csv, r, c_bands, c_trate, c_attr, s, err)))
            goto done;
        if (s->attrition_pct_week > 0 && s->attrition_pct_week < 0.05)
            pp_warn("%s:%ld: attrition_pct_week %g is a percentage per week: %g %% a year?",
                    path, pp_csv_line(csv, r), s->attrition_pct_week,
                    100 * (1 - pow(1 - s->attrition_pct_week / 100, 52)));
        if (s->is_bpo) {
            if ((st = pp_csv_number(csv, r, c_price, 0, PP_MAX_HOURLY_COST * 168, NAN,
                                    &s->price_per_fte_week, err)))
                goto done;
            if (s->bpo_min_fte > s->bpo_max_fte) {
                st = pp_csv_fail(csv, r, c_bmax, err, "below bpo_min_fte (%g)", s->bpo_min_fte);
                goto done;
            }
            if (s->headcount < s->bpo_min_fte || s->headcount > s->bpo_max_fte) {
                st = pp_csv_fail(csv, r, c_head, err,
                                 "a BPO's contracted FTE today must lie within bpo_min_fte and "
                                 "bpo_max_fte");
                goto done;
            }
            if (ncls || !isnan(every) || s->class_max > 0) {
                st = pp_csv_fail(csv, r, ncls ? c_cw : !isnan(every) ? c_ce : c_cmax, err,
                                 "a BPO vendor contracts FTE; hiring classes are for in-house "
                                 "vendors");
                goto done;
            }
            continue;
        }
        if ((st = pp_csv_number(csv, r, c_wcost, 0, PP_MAX_HOURLY_COST * 168, NAN,
                                &s->weekly_cost, err)))
            goto done;
        if (s->headcount != floor(s->headcount)) {
            st = pp_csv_fail(csv, r, c_head, err, "in-house headcount is a whole number of people");
            goto done;
        }
        if (s->class_min > s->class_max) {
            st = pp_csv_fail(csv, r, c_cmin, err, "above class_max (%g)", s->class_max);
            goto done;
        }
        if (s->class_min != floor(s->class_min) || s->class_max != floor(s->class_max)) {
            st = pp_csv_fail(csv, r, s->class_min != floor(s->class_min) ? c_cmin : c_cmax, err,
                             "a class size is a whole number of people");
            goto done;
        }
        if (ncls && !isnan(every)) {
            st = pp_csv_fail(csv, r, c_ce, err, "give class_weeks or class_every_weeks, not both");
            goto done;
        }
        if ((ncls || !isnan(every)) && s->class_max < 1) {
            st = pp_csv_fail(csv, r, c_cmax, err, "hiring classes need class_max of at least 1");
            goto done;
        }
        for (int k = 0; k < ncls; k++) {
            if (tmp[k] != floor(tmp[k])) {
                st = pp_csv_fail(csv, r, c_cw, err, "week numbers are whole (1 = first week)");
                goto done;
            }
            if ((size_t)tmp[k] <= weeks)
                s->class_week[(size_t)tmp[k] - 1] = 1;
        }
        if (!isnan(every)) {
            if (every != floor(every)) {
                st = pp_csv_fail(csv, r, c_ce, err, "must be a whole number of weeks");
                goto done;
            }
            for (size_t w = 0; w < weeks; w += (size_t)every)
                s->class_week[w] = 1;
        }
    }
    *out = rows;
    *n = nr;
    rows = NULL;
done:
    pp_free(rows);
    pp_free(tmp);
    pp_csv_free(csv);
    return st;
}
