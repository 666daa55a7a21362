/*
 * scenario_load.c -- reading scenarios.csv: every row validated against the
 * workspace before anything runs, then the rows grouped by scenario name and
 * sweep groups expanded.
 *
 * A value cell holding a `;`-list makes its row a sweep dimension; a group's list
 * rows are crossed (nested loops in file order, the first row slowest) and its
 * other rows are in every scenario of the group.  The expansion is done here, once,
 * so the runner and the writers see plain scenarios; the coordinates ride along
 * only for the summary's appended sweep columns.  The limit (PP_SCENARIOS_MAX) is
 * checked while multiplying, before anything is allocated for the expansion.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/scenario.h"
#include "peakplan/timeutil.h"
#include "io/workspace_internal.h"
#include "scenario/scenario_internal.h"

static const struct {
    const char *name;
    param_kind kind;
    double lo, hi;
    bool needs_vendor, allows_range;
} PARAMS[] = {
    {"volume_pct", P_VOLUME, -100, 10000, false, true},
    {"aht_pct", P_AHT, -99, 10000, false, true},
    {"target_pct", P_TARGET_PCT, 0, 100, false, true},
    {"target_seconds", P_TARGET_SECONDS, 0, 1e7, false, true},
    {"shrinkage_pct", P_SHRINKAGE, 0, 99.9, false, true},
    {"vendor_seats", P_SEATS, 0, 1e7, true, true},
    {"vendor_hourly_cost", P_COST, 0, 1e7, true, true},
    {"vendor_available", P_AVAILABLE, 0, 1, true, true},
    {"quantile", P_QUANTILE, 0.01, 0.99, false, false},
    {"max_days_per_week", P_MAX_DAYS, 1, 7, true, false},
    {"min_consecutive_days_off", P_MIN_DAYS_OFF, 1, 6, true, false},
    {"max_consecutive_days", P_MAX_CONSECUTIVE, 1, 7, true, false},
    {"max_headcount", P_MAX_HEADCOUNT, 1, 1e7, true, false},
    {"weekly_cost_per_head", P_WEEKLY_COST_PER_HEAD, 0, 1e9, true, false},
};
#define NPARAMS (sizeof PARAMS / sizeof PARAMS[0])

void pp_scenarios_free(pp_scenario_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        pp_free(set->items[i].changes);
        pp_free(set->items[i].coords);
    }
    pp_free(set->items);
    pp_free(set->dims);
    pp_free(set);
}

size_t pp_scenarios_count(const pp_scenario_set *set) { return set->n; }
const char *pp_scenarios_name(const pp_scenario_set *set, size_t i) { return set->items[i].name; }
size_t pp_scenarios_sweep_dims(const pp_scenario_set *set) { return set->ndims; }
const char *pp_scenarios_sweep_dim(const pp_scenario_set *set, size_t d) { return set->dims[d]; }
const char *pp_scenarios_coord(const pp_scenario_set *set, size_t i, size_t d)
{
    const scenario *sc = &set->items[i];
    for (size_t k = 0; k < sc->ncoords; k++)
        if (sc->coords[k].dim == d)
            return sc->coords[k].tok;
    return NULL;
}

static const char *const SCN_REQ[] = {"scenario", "parameter", "value", NULL};
static const char *const SCN_OPT[] = {"queue", "vendor", "from", "to", NULL};

static bool safe_name(const char *s)
{
    if (!*s || strcmp(s, "base") == 0 || s[0] == '.')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.' || *s == '+'))
            return false;
    return true;
}

/* One validated row of scenarios.csv: the change without its value, and the value(s).
 * A value cell holding a `;`-separated list makes the row a sweep dimension. */
typedef struct rowdef {
    const char *name; /* borrowed from the csv */
    size_t row;
    size_t k;         /* index into PARAMS */
    change ch;
    double *vals;
    coord *toks;      /* the list items as written (dim unset) */
    size_t nvals;
    bool is_list;
} rowdef;

/* The range checks of one value of parameter k (a single cell or one item of a list). */
static pp_status check_value(const pp_csv *csv, size_t r, long c_v, size_t k, double v,
                             const char *item, pp_error *err)
{
    const char *what = item ? item : "";
    if (v < PARAMS[k].lo && PARAMS[k].lo == 0)
        return pp_csv_fail(csv, r, c_v, err, "%s%smust not be negative", what, item ? ": " : "");
    if (v < PARAMS[k].lo)
        return pp_csv_fail(csv, r, c_v, err, "%s%smust be at least %g", what, item ? ": " : "",
                           PARAMS[k].lo);
    if (v > PARAMS[k].hi)
        return pp_csv_fail(csv, r, c_v, err, "%s%smust be at most %g", what, item ? ": " : "",
                           PARAMS[k].hi);
    if (PARAMS[k].kind == P_AVAILABLE && v != 0 && v != 1)
        return pp_csv_fail(csv, r, c_v, err, "%s%smust be 0 (outage) or 1", what,
                           item ? ": " : "");
    if ((PARAMS[k].kind == P_MAX_DAYS || PARAMS[k].kind == P_MIN_DAYS_OFF ||
         PARAMS[k].kind == P_MAX_CONSECUTIVE) && v != floor(v))
        return pp_csv_fail(csv, r, c_v, err, "%s%smust be a whole number of days", what,
                           item ? ": " : "");
    if (PARAMS[k].kind == P_MAX_HEADCOUNT && v != floor(v))
        return pp_csv_fail(csv, r, c_v, err, "%s%smust be a whole number of people", what,
                           item ? ": " : "");
    if (PARAMS[k].kind == P_VOLUME && v <= -100)
        return pp_csv_fail(csv, r, c_v, err, "%s%smust be above -100", what, item ? ": " : "");
    return PP_OK;
}

/* A list item of row r (pp_csv_number_list): in the parameter's range, kept as
 * written. */
typedef struct list_ctx {
    const pp_csv *csv;
    size_t r;
    long c_v;
    rowdef *d;
} list_ctx;

static pp_status list_item(void *ctx, size_t i, const char *label, const char *tok, double v,
                           pp_error *err)
{
    list_ctx *L = ctx;
    snprintf(L->d->toks[i].tok, sizeof L->d->toks[i].tok, "%s", tok);
    return check_value(L->csv, L->r, L->c_v, L->d->k, v, label, err);
}

/* Parses the list "a;b;c" of row r into d->vals / d->toks: plain decimal numbers (as
 * pp_csv_number takes them), none empty, none repeated, each in the parameter's range. */
static pp_status parse_list(const pp_csv *csv, size_t r, long c_v, rowdef *d, pp_error *err)
{
    size_t n = pp_csv_list_count(csv, r, c_v);
    if (!(d->vals = pp_calloc(n, sizeof *d->vals)) || !(d->toks = pp_calloc(n, sizeof *d->toks)))
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    list_ctx L = {csv, r, c_v, d};
    pp_status st = pp_csv_number_list(csv, r, c_v, sizeof d->toks->tok, d->vals, list_item, &L,
                                      err);
    if (st != PP_OK)
        return st;
    d->nvals = n;
    d->is_list = true;
    return PP_OK;
}

/* Validates row r into d (everything but the scenario grouping). */
static pp_status parse_row(const pp_csv *csv, size_t r, const pp_workspace *ws, const long *c,
                           rowdef *d, pp_error *err)
{
    enum { S, PA, V, Q, VD, F, T };
    const char *name = pp_csv_cell(csv, r, c[S]);
    if (strlen(name) >= PP_NAME_MAX || !safe_name(name))
        return pp_csv_fail(csv, r, c[S], err,
                           "scenario names are letters, digits, _ - . + (not \"base\"), "
                           "at most %d bytes",
                           PP_NAME_MAX - 1);
    d->name = name;
    d->row = r;
    const char *pname = pp_csv_cell(csv, r, c[PA]);
    size_t k = 0;
    while (k < NPARAMS && strcmp(PARAMS[k].name, pname) != 0)
        k++;
    if (k == NPARAMS)
        return pp_csv_fail(csv, r, c[PA], err,
                           "unknown parameter (volume_pct, aht_pct, target_pct, target_seconds, "
                           "shrinkage_pct, vendor_seats, vendor_hourly_cost, vendor_available, "
                           "quantile, max_days_per_week, min_consecutive_days_off, "
                           "max_consecutive_days, max_headcount, weekly_cost_per_head)");
    d->k = k;
    change ch = {.kind = PARAMS[k].kind, .queue = -1, .vendor = -1,
                 .from_day = INT64_MIN, .to_day = INT64_MAX};
    pp_status st;
    if (c[V] >= 0 && strchr(pp_csv_cell(csv, r, c[V]), ';')) {
        if ((st = parse_list(csv, r, c[V], d, err)) != PP_OK)
            return st;
    } else {
        if ((st = pp_csv_number(csv, r, c[V], -INFINITY, INFINITY, NAN, &ch.value, err)))
            return st;
        if ((st = check_value(csv, r, c[V], k, ch.value, NULL, err)) != PP_OK)
            return st;
    }
    if (c[Q] >= 0 && !pp_csv_blank(csv, r, c[Q])) {
        const char *qn = pp_csv_cell(csv, r, c[Q]);
        for (size_t q = 0; q < ws->nq; q++)
            if (strcmp(ws->queues[q].name, qn) == 0)
                ch.queue = (long)q;
        if (ch.queue < 0)
            return pp_csv_fail(csv, r, c[Q], err, "unknown queue");
        if (PARAMS[k].needs_vendor)
            return pp_csv_fail(csv, r, c[Q], err, "%s applies to a vendor, not a queue", pname);
        if (PARAMS[k].kind == P_QUANTILE)
            return pp_csv_fail(csv, r, c[Q], err,
                               "quantile applies to every queue (as plan.ini's); leave the queue "
                               "blank");
    }
    if (c[VD] >= 0 && !pp_csv_blank(csv, r, c[VD])) {
        const char *vn = pp_csv_cell(csv, r, c[VD]);
        for (size_t v = 0; v < ws->nv; v++)
            if (strcmp(ws->vendors[v].name, vn) == 0)
                ch.vendor = (long)v;
        if (ch.vendor < 0)
            return pp_csv_fail(csv, r, c[VD], err, "unknown vendor");
        if (!PARAMS[k].needs_vendor && ch.kind != P_SHRINKAGE)
            return pp_csv_fail(csv, r, c[VD], err, "%s does not apply to a vendor", pname);
    } else if (PARAMS[k].needs_vendor) {
        return pp_csv_fail(csv, r, c[VD] >= 0 ? c[VD] : c[PA], err, "%s needs a vendor", pname);
    }
    if (ch.kind == P_SHRINKAGE && ch.queue >= 0 && ch.vendor >= 0)
        return pp_csv_fail(csv, r, c[Q], err, "shrinkage_pct: give a queue or a vendor, not both");
    bool has_from = c[F] >= 0 && !pp_csv_blank(csv, r, c[F]),
         has_to = c[T] >= 0 && !pp_csv_blank(csv, r, c[T]);
    if ((has_from || has_to) && !PARAMS[k].allows_range)
        return pp_csv_fail(csv, r, has_from ? c[F] : c[T], err,
                           "%s takes no date range (it holds for the whole horizon)", pname);
    if (has_from && !pp_parse_date(pp_csv_cell(csv, r, c[F]), &ch.from_day))
        return pp_csv_fail(csv, r, c[F], err, "not a date YYYY-MM-DD");
    if (has_to && !pp_parse_date(pp_csv_cell(csv, r, c[T]), &ch.to_day))
        return pp_csv_fail(csv, r, c[T], err, "not a date YYYY-MM-DD");
    if (ch.to_day < ch.from_day)
        return pp_csv_fail(csv, r, c[T], err, "the date range ends before it starts");
    d->ch = ch;
    return PP_OK;
}

static scenario *new_scenario(pp_scenario_set *set, const char *name, size_t row)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 8;
        scenario *p = pp_realloc(set->items, cap * sizeof *p);
        if (!p)
            return NULL;
        set->items = p;
        set->cap = cap;
    }
    scenario *sc = &set->items[set->n++];
    memset(sc, 0, sizeof *sc);
    snprintf(sc->name, sizeof sc->name, "%s", name);
    sc->row = row;
    return sc;
}

static bool add_change(scenario *sc, change ch)
{
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? 2 * sc->cap : 4;
        change *p = pp_realloc(sc->changes, cap * sizeof *p);
        if (!p)
            return false;
        sc->changes = p;
        sc->cap = cap;
    }
    sc->changes[sc->n++] = ch;
    return true;
}

/* The summary column of a sweep row: sweep:<parameter>[:<queue>][:<vendor>][:<from>..<to>],
 * so two dimensions of one parameter (on two queues, say) get two columns. */
static void dim_key(const pp_csv *csv, const rowdef *d, const long *c, char *out, size_t size)
{
    enum { S, PA, V, Q, VD, F, T };
    int len = snprintf(out, size, "sweep:%s", PARAMS[d->k].name);
    if (d->ch.queue >= 0)
        len += snprintf(out + len, size - (size_t)len, ":%s", pp_csv_cell(csv, d->row, c[Q]));
    if (d->ch.vendor >= 0)
        len += snprintf(out + len, size - (size_t)len, ":%s", pp_csv_cell(csv, d->row, c[VD]));
    if (d->ch.from_day != INT64_MIN || d->ch.to_day != INT64_MAX)
        snprintf(out + len, size - (size_t)len, ":%s..%s",
                 d->ch.from_day != INT64_MIN ? pp_csv_cell(csv, d->row, c[F]) : "",
                 d->ch.to_day != INT64_MAX ? pp_csv_cell(csv, d->row, c[T]) : "");
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp((*(const scenario *const *)a)->name, (*(const scenario *const *)b)->name);
}

/* Expands the group of rows named rows[0..n) (all with one scenario name) into set:
 * one scenario without list rows; else the cross product of its list rows, the first
 * list row varying slowest (nested loops in file order), fixed rows in every one. */
static pp_status expand_group(const pp_csv *csv, const long *c, rowdef *const *rows, size_t n,
                              pp_scenario_set *set, pp_error *err)
{
    enum { S, PA, V, Q, VD, F, T };
    size_t lists = 0, total = 1;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i]->is_list)
            continue;
        lists++;
        if (total > PP_SCENARIOS_MAX / rows[i]->nvals || set->n + total * rows[i]->nvals >
                                                             PP_SCENARIOS_MAX)
            return pp_csv_fail(csv, rows[i]->row, c[V], err,
                               "the sweep makes more than %d scenarios in the file (the limit: "
                               "every plan of a batch is held in memory until it is written)",
                               PP_SCENARIOS_MAX);
        total *= rows[i]->nvals;
    }
    if (lists == 0) {
        scenario *sc = new_scenario(set, rows[0]->name, rows[0]->row);
        if (!sc)
            return pp_error_set(err, PP_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++)
            if (!add_change(sc, rows[i]->ch))
                return pp_error_set(err, PP_ENOMEM, "out of memory");
        return PP_OK;
    }
    if (set->n + 1 > PP_SCENARIOS_MAX)
        return pp_csv_fail(csv, rows[0]->row, c[S], err, "more than %d scenarios in the file",
                           PP_SCENARIOS_MAX);
    /* each list row is a dimension: its column, shared by the groups sweeping the same */
    size_t *dim = pp_calloc(n, sizeof *dim), *idx = pp_calloc(n, sizeof *idx);
    pp_status st = PP_OK;
    if (!dim || !idx) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (!rows[i]->is_list)
            continue;
        char key[PP_SWEEP_DIM_MAX];
        dim_key(csv, rows[i], c, key, sizeof key);
        for (size_t j = 0; j < i; j++)
            if (rows[j]->is_list && strcmp(set->dims[dim[j]], key) == 0) {
                st = pp_csv_fail(csv, rows[i]->row, c[PA], err,
                                 "%s is swept twice in scenario %s (line %ld)", key,
                                 rows[i]->name, pp_csv_line(csv, rows[j]->row));
                goto done;
            }
        size_t d = 0;
        while (d < set->ndims && strcmp(set->dims[d], key) != 0)
            d++;
        if (d == set->ndims) {
            void *p = pp_realloc(set->dims, (set->ndims + 1) * sizeof *set->dims);
            if (!p) {
                st = pp_error_set(err, PP_ENOMEM, "out of memory");
                goto done;
            }
            set->dims = p;
            snprintf(set->dims[set->ndims++], PP_SWEEP_DIM_MAX, "%s", key);
        }
        dim[i] = d;
    }
    for (size_t m = 0; m < total; m++) {
        /* name: the group's, then each coordinate as written, in row order */
        char name[PP_NAME_MAX + 8 * PP_SWEEP_TOKEN_MAX];
        int len = snprintf(name, sizeof name, "%s", rows[0]->name);
        for (size_t i = 0; i < n; i++)
            if (rows[i]->is_list)
                len += snprintf(name + len, sizeof name - (size_t)len, "_%s",
                                rows[i]->toks[idx[i]].tok);
        if (len >= PP_NAME_MAX) {
            st = pp_csv_fail(csv, rows[0]->row, c[S], err,
                             "the sweep's name %s is longer than %d bytes: shorten the "
                             "scenario name",
                             name, PP_NAME_MAX - 1);
            goto done;
        }
        scenario *sc = new_scenario(set, name, rows[0]->row);
        if (!sc || !(sc->coords = pp_calloc(lists, sizeof *sc->coords))) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            change ch = rows[i]->ch;
            if (rows[i]->is_list) {
                ch.value = rows[i]->vals[idx[i]];
                coord *co = &sc->coords[sc->ncoords++];
                *co = rows[i]->toks[idx[i]];
                co->dim = dim[i];
            }
            if (!add_change(sc, ch)) {
                st = pp_error_set(err, PP_ENOMEM, "out of memory");
                goto done;
            }
        }
        /* odometer: the last list row turns fastest */
        for (size_t i = n; i-- > 0;) {
            if (!rows[i]->is_list)
                continue;
            if (++idx[i] < rows[i]->nvals)
                break;
            idx[i] = 0;
        }
    }
done:
    pp_free(dim);
    pp_free(idx);
    return st;
}

pp_status pp_scenarios_load(const char *path, const pp_workspace *ws, pp_scenario_set **out,
                            pp_error *err)
{
    *out = NULL;
    pp_csv *csv = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    size_t rows = pp_csv_rows(csv);
    pp_scenario_set *set = pp_calloc(1, sizeof *set);
    rowdef *defs = pp_calloc(rows ? rows : 1, sizeof *defs);
    rowdef **group = pp_calloc(rows ? rows : 1, sizeof *group);
    bool *taken = pp_calloc(rows ? rows : 1, sizeof *taken);
    scenario **sorted = NULL;
    if (!set || !defs || !group || !taken) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = pp_csv_check_columns(csv, SCN_REQ, SCN_OPT, err)) != PP_OK)
        goto done;
    const long c[] = {pp_csv_column(csv, "scenario"), pp_csv_column(csv, "parameter"),
                      pp_csv_column(csv, "value"),    pp_csv_column(csv, "queue"),
                      pp_csv_column(csv, "vendor"),   pp_csv_column(csv, "from"),
                      pp_csv_column(csv, "to")};
    for (size_t r = 0; r < rows; r++)
        if ((st = parse_row(csv, r, ws, c, &defs[r], err)) != PP_OK)
            goto done;
    /* a scenario is all rows with its name, placed where its first row is */
    for (size_t r = 0; r < rows; r++) {
        if (taken[r])
            continue;
        size_t n = 0;
        for (size_t j = r; j < rows; j++)
            if (!taken[j] && strcmp(defs[j].name, defs[r].name) == 0) {
                taken[j] = true;
                group[n++] = &defs[j];
            }
        if (set->n + 1 > PP_SCENARIOS_MAX) {
            st = pp_csv_fail(csv, r, c[0], err, "more than %d scenarios in the file",
                             PP_SCENARIOS_MAX);
            goto done;
        }
        if ((st = expand_group(csv, c, group, n, set, err)) != PP_OK)
            goto done;
    }
    /* a generated name may meet a scenario named so by hand: refused, the folders would clash */
    if (set->n > 1) {
        if (!(sorted = pp_calloc(set->n, sizeof *sorted))) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < set->n; i++)
            sorted[i] = &set->items[i];
        qsort(sorted, set->n, sizeof *sorted, cmp_name);
        for (size_t i = 1; i < set->n; i++)
            if (strcmp(sorted[i - 1]->name, sorted[i]->name) == 0) {
                size_t r = sorted[i - 1]->row > sorted[i]->row ? sorted[i - 1]->row
                                                                : sorted[i]->row;
                st = pp_csv_fail(csv, r, c[0], err,
                                 "scenario %s is made twice (by a sweep and by name?): rename "
                                 "one",
                                 sorted[i]->name);
                goto done;
            }
    }
done:
    for (size_t r = 0; defs && r < rows; r++) {
        pp_free(defs[r].vals);
        pp_free(defs[r].toks);
    }
    pp_free(defs);
    pp_free(group);
    pp_free(taken);
    pp_free(sorted);
    pp_csv_free(csv);
    if (st != PP_OK) {
        pp_scenarios_free(set);
        return st;
    }
    *out = set;
    return PP_OK;
}
