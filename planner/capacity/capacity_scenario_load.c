/*
 * capacity_scenario_load.c -- reading scenarios.csv for `peakplan capacity
 * --scenarios`: the what-if file of `peakplan whatif` (same columns, same
 * grouping by scenario name, same name rules), with the parameters that mean
 * something for a plan made months ahead (capacity.h lists them), and its sweeps: a
 * value cell holding a `;` list makes the row a dimension, a group's list rows are
 * crossed (the first slowest) into scenarios named <name>_<item>..., as whatif does.
 *
 * Why a reader of its own and not scenario/'s: the two parameter sets differ
 * (attrition, ramp-up and hiring freezes have no meaning in a two-week shift
 * plan; seats and outages none in a weekly program), capacity/ may not include
 * scenario/ (tests/e2e/test_layout.py), and the checks here need staff.csv
 * (which vendors take part, of which kind).  A shift-plan parameter is refused
 * by name, so a file written for `whatif` fails clearly, never silently.
 * Every row is checked before anything is forecast or solved; errors name
 * file:line:column.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity/capacity_internal.h"
#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/timeutil.h"

/* Who a parameter applies to. */
enum { TO_ANY, TO_INHOUSE, TO_BPO, TO_VENDOR /* either kind, vendor required */ };

static const struct {
    const char *name;
    pp_cap_param kind;
    double lo, hi;
    bool integer, queue_ok, range_ok, vendor_needed;
    int to; /* TO_*: the kind of vendor named (blank vendor: every one of that kind) */
} PARAMS[] = {
    {"volume_pct", PP_CAPP_VOLUME, -99.99, 10000, false, true, true, false, TO_ANY},
    {"aht_pct", PP_CAPP_AHT, -99, 10000, false, true, true, false, TO_ANY},
    {"quantile", PP_CAPP_QUANTILE, 0.01, 0.99, false, false, false, false, TO_ANY},
    {"shrinkage_pct", PP_CAPP_SHRINKAGE, 0, 99.9, false, true, true, false, TO_ANY},
    {"attrition_pct_week", PP_CAPP_ATTRITION_WEEK, 0, 50, false, false, false, false, TO_INHOUSE},
    {"attrition_points_year", PP_CAPP_ATTRITION_YEAR, -100, 100, false, false, false, false,
     TO_INHOUSE},
    {"ramp_delay_weeks", PP_CAPP_RAMP_DELAY, 0, 52, true, false, false, true, TO_VENDOR},
    {"notice_weeks", PP_CAPP_NOTICE, 0, PP_CAP_MAX_WEEKS, true, false, false, true, TO_BPO},
    {"bpo_max_fte", PP_CAPP_BPO_MAX, 0, 1e6, false, false, false, true, TO_BPO},
    {"hiring_freeze", PP_CAPP_FREEZE, 0, 1, true, false, true, false, TO_INHOUSE},
};
#define NPARAMS (sizeof PARAMS / sizeof PARAMS[0])
#define PARAM_LIST                                                                            \
    "volume_pct, aht_pct, quantile, shrinkage_pct, attrition_pct_week, attrition_points_year, " \
    "ramp_delay_weeks, notice_weeks, bpo_max_fte, hiring_freeze"

/* whatif's parameters that have no meaning for the weekly program */
static const char *const SHIFT_ONLY[] = {"target_pct", "target_seconds", "vendor_seats",
                                         "vendor_hourly_cost", "vendor_available", NULL};

static const char *const SCN_REQ[] = {"scenario", "parameter", "value", NULL};
static const char *const SCN_OPT[] = {"queue", "vendor", "from", "to", NULL};

void pp_cap_scenarios_release(pp_cap_scn_set *set)
{
    for (size_t i = 0; set->items && i < set->n; i++) {
        pp_free(set->items[i].changes);
        pp_free(set->items[i].coords);
    }
    pp_free(set->items);
    pp_free(set->dims);
    memset(set, 0, sizeof *set);
}

static bool safe_name(const char *s)
{
    if (!*s || strcmp(s, "base") == 0 || s[0] == '.' || strlen(s) >= PP_NAME_MAX)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.' || *s == '+'))
            return false;
    return true;
}

enum { S, PA, V, Q, VD, F, T };

/* One row of the file: its change (value unset for a list) and, for a sweep row, the
 * list's values and items as written. */
typedef struct rowdef {
    const char *name; /* borrowed from the csv */
    size_t row, k;    /* k: index into PARAMS */
    pp_cap_change ch;
    bool is_list;
    double *vals;
    char (*toks)[PP_CAP_SWEEP_TOKEN];
    size_t nvals;
} rowdef;

/* The checks of one value v of parameter k for the change ch (a single cell, or the list
 * item `item`): its range and kind, and what staff.csv allows. */
static pp_status check_value(const pp_csv *csv, size_t r, long col, const pp_cap_inputs *in,
                             size_t k, const pp_cap_change *ch, double v, const char *item,
                             pp_error *err)
{
    const char *it = item ? item : "", *sep = item ? ": " : "";
    if (v < PARAMS[k].lo || v > PARAMS[k].hi)
        return pp_csv_fail(csv, r, col, err, "%s%smust be %g to %g", it, sep, PARAMS[k].lo,
                           PARAMS[k].hi);
    if (PARAMS[k].integer && v != floor(v))
        return pp_csv_fail(csv, r, col, err, "%s%s%s takes a whole number", it, sep,
                           PARAMS[k].name);
    if (PARAMS[k].kind == PP_CAPP_FREEZE && v != 1)
        return pp_csv_fail(csv, r, col, err, "%s%shiring_freeze takes 1 (no class starts then)",
                           it, sep);
    for (size_t si = 0; ch->kind == PP_CAPP_ATTRITION_YEAR && si < in->ns; si++) {
        const pp_cap_staff *s = &in->staff[si];
        if ((ch->staff >= 0 && (size_t)ch->staff != si) || s->is_bpo)
            continue;
        /* the single rate, or each tenure band's */
        for (int band = s->nrate ? 0 : -1; band < s->nrate; band++) {
            double a = band < 0 ? s->attrition_pct_week : s->rate_pct[band];
            double year = 100 * (1 - pow(1 - a / 100, 52)) + v;
            if (year < 0 || year >= 100)
                return pp_csv_fail(csv, r, col, err,
                                   "%s%s%s's yearly attrition would be %.1f %% (must stay 0 to "
                                   "below 100)",
                                   it, sep, pp_workspace_vendors(in->ws)[s->vendor].name, year);
        }
    }
    if (ch->kind == PP_CAPP_BPO_MAX && v < in->staff[ch->staff].bpo_min_fte)
        return pp_csv_fail(csv, r, col, err, "%s%sbelow the BPO's bpo_min_fte (%g) in staff.csv",
                           it, sep, in->staff[ch->staff].bpo_min_fte);
    return PP_OK;
}

/* A list item of row r (pp_csv_number_list), kept as written; its range is checked
 * with the row's target (check_value). */
static pp_status list_item(void *ctx, size_t i, const char *label, const char *tok, double v,
                           pp_error *err)
{
    (void)label, (void)v, (void)err;
    rowdef *d = ctx;
    snprintf(d->toks[i], sizeof d->toks[i], "%s", tok);
    return PP_OK;
}

/* The list "a;b;c" of row r into d: plain decimal numbers, none empty, none repeated
 * (their ranges are checked with the row's target, check_value). */
static pp_status parse_list(const pp_csv *csv, size_t r, long col, rowdef *d, pp_error *err)
{
    size_t n = pp_csv_list_count(csv, r, col);
    if (!(d->vals = pp_calloc(n, sizeof *d->vals)) || !(d->toks = pp_calloc(n, sizeof *d->toks)))
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    pp_status st = pp_csv_number_list(csv, r, col, sizeof *d->toks, d->vals, list_item, d, err);
    if (st != PP_OK)
        return st;
    d->nvals = n;
    d->is_list = true;
    return PP_OK;
}

/* Validates row r into d. */
static pp_status parse_row(const pp_csv *csv, size_t r, const pp_cap_inputs *in, const long *c,
                           rowdef *d, pp_error *err)
{
    pp_cap_change *ch = &d->ch;
    d->row = r;
    const char *pname = pp_csv_cell(csv, r, c[PA]);
    size_t k = 0;
    while (k < NPARAMS && strcmp(PARAMS[k].name, pname) != 0)
        k++;
    if (k == NPARAMS) {
        for (size_t j = 0; SHIFT_ONLY[j]; j++)
            if (strcmp(SHIFT_ONLY[j], pname) == 0)
                return pp_csv_fail(csv, r, c[PA], err,
                                   "%s is a parameter of the shift plan (peakplan whatif), not "
                                   "of the capacity plan; capacity takes " PARAM_LIST,
                                   pname);
        return pp_csv_fail(csv, r, c[PA], err, "unknown parameter (capacity takes " PARAM_LIST ")");
    }
    d->k = k;
    *ch = (pp_cap_change){.kind = PARAMS[k].kind, .queue = -1, .staff = -1,
                          .from_day = INT64_MIN, .to_day = INT64_MAX, .row = r};
    const char *vcell = pp_csv_cell(csv, r, c[V]);
    pp_status st;
    if (strchr(vcell, ';')) {
        if ((st = parse_list(csv, r, c[V], d, err)) != PP_OK)
            return st;
    } else if ((st = pp_csv_number(csv, r, c[V], PARAMS[k].lo, PARAMS[k].hi, NAN, &ch->value,
                                   err)) != PP_OK) {
        return st;
    }
    bool has_q = c[Q] >= 0 && !pp_csv_blank(csv, r, c[Q]);
    bool has_v = c[VD] >= 0 && !pp_csv_blank(csv, r, c[VD]);
    if (has_q) {
        if (!PARAMS[k].queue_ok)
            return pp_csv_fail(csv, r, c[Q], err, "%s does not apply to a queue%s", pname,
                               PARAMS[k].kind == PP_CAPP_QUANTILE
                                   ? " (it holds for every queue, as plan.ini's); leave it blank"
                                   : "");
        const char *qn = pp_csv_cell(csv, r, c[Q]);
        for (size_t q = 0; q < in->nq; q++)
            if (strcmp(in->names[q], qn) == 0)
                ch->queue = (long)q;
        if (ch->queue < 0)
            return pp_csv_fail(csv, r, c[Q], err, "unknown queue");
    }
    if (has_v) {
        if (PARAMS[k].to == TO_ANY)
            return pp_csv_fail(csv, r, c[VD], err,
                               "%s does not apply to a vendor%s", pname,
                               PARAMS[k].kind == PP_CAPP_SHRINKAGE
                                   ? " in the capacity plan (its shrinkage is per week, "
                                     "capacity.ini's [shrinkage], or per queue)"
                                   : "");
        const char *vn = pp_csv_cell(csv, r, c[VD]);
        const pp_vendor *vendors = pp_workspace_vendors(in->ws);
        long v = -1;
        for (size_t j = 0; j < in->nv; j++)
            if (strcmp(vendors[j].name, vn) == 0)
                v = (long)j;
        if (v < 0)
            return pp_csv_fail(csv, r, c[VD], err, "unknown vendor");
        for (size_t si = 0; si < in->ns; si++)
            if (in->staff[si].vendor == (size_t)v)
                ch->staff = (long)si;
        if (ch->staff < 0)
            return pp_csv_fail(csv, r, c[VD], err,
                               "vendor has no row in staff.csv: the capacity plan does not "
                               "plan it");
        bool bpo = in->staff[ch->staff].is_bpo;
        if (PARAMS[k].to == TO_INHOUSE && bpo)
            return pp_csv_fail(csv, r, c[VD], err, "%s applies to in-house vendors, not to a BPO",
                               pname);
        if (PARAMS[k].to == TO_BPO && !bpo)
            return pp_csv_fail(csv, r, c[VD], err, "%s applies to BPO vendors, not in-house",
                               pname);
    } else if (PARAMS[k].vendor_needed) {
        return pp_csv_fail(csv, r, c[VD] >= 0 ? c[VD] : c[PA], err, "%s needs a vendor", pname);
    }
    bool has_from = c[F] >= 0 && !pp_csv_blank(csv, r, c[F]),
         has_to = c[T] >= 0 && !pp_csv_blank(csv, r, c[T]);
    if ((has_from || has_to) && (!PARAMS[k].range_ok ||
                                 (PARAMS[k].kind == PP_CAPP_SHRINKAGE && has_q)))
        return pp_csv_fail(csv, r, has_from ? c[F] : c[T], err,
                           "%s%s takes no date range (it holds for the whole horizon)", pname,
                           has_q ? " of a queue" : "");
    if (has_from && !pp_parse_date(pp_csv_cell(csv, r, c[F]), &ch->from_day))
        return pp_csv_fail(csv, r, c[F], err, "not a date YYYY-MM-DD");
    if (has_to && !pp_parse_date(pp_csv_cell(csv, r, c[T]), &ch->to_day))
        return pp_csv_fail(csv, r, c[T], err, "not a date YYYY-MM-DD");
    if (ch->to_day < ch->from_day)
        return pp_csv_fail(csv, r, c[T], err, "the date range ends before it starts");
    int64_t first = in->cfg.start_day, last = first + 7 * (int64_t)in->cfg.weeks - 1;
    if ((has_from || has_to) && (ch->to_day < first || ch->from_day > last)) {
        char a[16], b[16];
        pp_format_date(first, a, sizeof a);
        pp_format_date(last, b, sizeof b);
        return pp_csv_fail(csv, r, has_from ? c[F] : c[T], err,
                           "the date range lies outside the capacity horizon (%s to %s)", a, b);
    }
    if (!d->is_list)
        return check_value(csv, r, c[V], in, k, ch, ch->value, NULL, err);
    for (size_t i = 0; i < d->nvals; i++) {
        char label[48];
        snprintf(label, sizeof label, "sweep item %zu", i + 1);
        if ((st = check_value(csv, r, c[V], in, k, ch, d->vals[i], label, err)) != PP_OK)
            return st;
    }
    return PP_OK;
}

static pp_cap_scn *new_scenario(pp_cap_scn_set *set, size_t *cap, const char *name, size_t row)
{
    if (set->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        pp_cap_scn *p = pp_realloc(set->items, nc * sizeof *p);
        if (!p)
            return NULL;
        set->items = p;
        *cap = nc;
    }
    pp_cap_scn *sc = &set->items[set->n++];
    memset(sc, 0, sizeof *sc);
    size_t len = strlen(name); /* the caller checked len < PP_NAME_MAX */
    memcpy(sc->name, name, len < PP_NAME_MAX ? len : PP_NAME_MAX - 1);
    sc->row = row;
    return sc;
}

/* The summary column of a sweep row, as whatif names it:
 * sweep:<parameter>[:<queue>][:<vendor>][:<from>..<to>]. */
static void dim_key(const pp_csv *csv, const rowdef *d, const long *c, char *out, size_t size)
{
    int len = snprintf(out, size, "sweep:%s", PARAMS[d->k].name);
    if (d->ch.queue >= 0)
        len += snprintf(out + len, size - (size_t)len, ":%s", pp_csv_cell(csv, d->row, c[Q]));
    if (d->ch.staff >= 0)
        len += snprintf(out + len, size - (size_t)len, ":%s", pp_csv_cell(csv, d->row, c[VD]));
    if (d->ch.from_day != INT64_MIN || d->ch.to_day != INT64_MAX)
        snprintf(out + len, size - (size_t)len, ":%s..%s",
                 d->ch.from_day != INT64_MIN ? pp_csv_cell(csv, d->row, c[F]) : "",
                 d->ch.to_day != INT64_MAX ? pp_csv_cell(csv, d->row, c[T]) : "");
}

/* The group g[0..n) (one scenario name, file order) into set: one scenario, or with list
 * rows one per combination (nested loops in file order, the first list slowest), named
 * by the group's name and each coordinate as written, joined by `_`. */
static pp_status expand(const pp_csv *csv, const long *c, rowdef *const *g, size_t n,
                        pp_cap_scn_set *set, size_t *cap, pp_error *err)
{
    size_t lists = 0, total = 1;
    for (size_t i = 0; i < n; i++) {
        if (!g[i]->is_list)
            continue;
        lists++;
        if (total > PP_CAP_SCENARIOS_MAX / g[i]->nvals ||
            set->n + total * g[i]->nvals > PP_CAP_SCENARIOS_MAX)
            return pp_csv_fail(csv, g[i]->row, c[V], err,
                               "the sweep makes more than %d scenarios in the file",
                               PP_CAP_SCENARIOS_MAX);
        total *= g[i]->nvals;
    }
    if (set->n + 1 > PP_CAP_SCENARIOS_MAX)
        return pp_csv_fail(csv, g[0]->row, c[S], err, "more than %d scenarios in the file",
                           PP_CAP_SCENARIOS_MAX);
    size_t *dim = pp_calloc(n, sizeof *dim), *idx = pp_calloc(n, sizeof *idx);
    pp_status st = PP_OK;
    if (!dim || !idx) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (!g[i]->is_list)
            continue;
        char key[PP_CAP_SWEEP_DIM];
        dim_key(csv, g[i], c, key, sizeof key);
        for (size_t j = 0; j < i; j++)
            if (g[j]->is_list && strcmp(set->dims[dim[j]], key) == 0) {
                st = pp_csv_fail(csv, g[i]->row, c[PA], err,
                                 "%s is swept twice in scenario %s (line %ld)", key, g[i]->name,
                                 pp_csv_line(csv, g[j]->row));
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
            snprintf(set->dims[set->ndims++], PP_CAP_SWEEP_DIM, "%s", key);
        }
        dim[i] = d;
    }
    for (size_t m = 0; m < total; m++) {
        char name[PP_NAME_MAX + 8 * PP_CAP_SWEEP_TOKEN];
        size_t len = (size_t)snprintf(name, sizeof name, "%s", g[0]->name);
        for (size_t i = 0; i < n; i++)
            if (g[i]->is_list && len < sizeof name)
                len += (size_t)snprintf(name + len, sizeof name - len, "_%s", g[i]->toks[idx[i]]);
        if (len >= PP_NAME_MAX) {
            st = pp_csv_fail(csv, g[0]->row, c[S], err,
                             "the sweep's name %.80s is longer than %d bytes: shorten the "
                             "scenario name",
                             name, PP_NAME_MAX - 1);
            goto done;
        }
        pp_cap_scn *sc = new_scenario(set, cap, name, g[0]->row);
        if (!sc || !(sc->changes = pp_calloc(n, sizeof *sc->changes)) ||
            (lists && !(sc->coords = pp_calloc(lists, sizeof *sc->coords)))) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            pp_cap_change ch = g[i]->ch;
            if (g[i]->is_list) {
                ch.value = g[i]->vals[idx[i]];
                sc->coords[sc->ncoords].dim = dim[i];
                snprintf(sc->coords[sc->ncoords++].tok, PP_CAP_SWEEP_TOKEN, "%s",
                         g[i]->toks[idx[i]]);
            }
            sc->changes[sc->n++] = ch;
        }
        for (size_t i = n; i-- > 0;) { /* odometer: the last list row turns fastest */
            if (!g[i]->is_list)
                continue;
            if (++idx[i] < g[i]->nvals)
                break;
            idx[i] = 0;
        }
    }
done:
    pp_free(dim);
    pp_free(idx);
    return st;
}

pp_status pp_cap_scenarios_load(const char *path, const pp_cap_inputs *in, pp_cap_scn_set *out,
                                pp_error *err)
{
    memset(out, 0, sizeof *out);
    pp_csv *csv = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    size_t rows = pp_csv_rows(csv), cap = 0;
    pp_cap_scn_set set = {0};
    rowdef *defs = pp_calloc(rows ? rows : 1, sizeof *defs);
    rowdef **group = pp_calloc(rows ? rows : 1, sizeof *group);
    bool *taken = pp_calloc(rows ? rows : 1, sizeof *taken);
    if (!defs || !group || !taken) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = pp_csv_check_columns(csv, SCN_REQ, SCN_OPT, err)) != PP_OK)
        goto done;
    const long c[] = {pp_csv_column(csv, "scenario"), pp_csv_column(csv, "parameter"),
                      pp_csv_column(csv, "value"),    pp_csv_column(csv, "queue"),
                      pp_csv_column(csv, "vendor"),   pp_csv_column(csv, "from"),
                      pp_csv_column(csv, "to")};
    if (rows == 0) {
        st = pp_error_set(err, PP_EINVAL, "%s: no scenario rows", pp_csv_label(csv));
        goto done;
    }
    for (size_t r = 0; r < rows; r++) {
        defs[r].name = pp_csv_cell(csv, r, c[S]);
        if (!safe_name(defs[r].name)) {
            st = pp_csv_fail(csv, r, c[S], err,
                             "scenario names are letters, digits, _ - . + (not \"base\"), at "
                             "most %d bytes",
                             PP_NAME_MAX - 1);
            goto done;
        }
        if ((st = parse_row(csv, r, in, c, &defs[r], err)) != PP_OK)
            goto done;
    }
    /* a scenario is all rows with its name, in the place of its first row */
    for (size_t r = 0; r < rows; r++) {
        if (taken[r])
            continue;
        size_t n = 0;
        for (size_t j = r; j < rows; j++)
            if (!taken[j] && strcmp(defs[j].name, defs[r].name) == 0) {
                taken[j] = true;
                group[n++] = &defs[j];
            }
        if ((st = expand(csv, c, group, n, &set, &cap, err)) != PP_OK)
            goto done;
    }
    /* a generated name may meet one written by hand: the folders would clash */
    for (size_t i = 0; i < set.n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(set.items[i].name, set.items[j].name) == 0) {
                size_t r = set.items[i].row > set.items[j].row ? set.items[i].row
                                                               : set.items[j].row;
                st = pp_csv_fail(csv, r, c[S], err,
                                 "scenario %s is made twice (by a sweep and by name?): rename "
                                 "one",
                                 set.items[i].name);
                goto done;
            }
done:
    for (size_t r = 0; defs && r < rows; r++) {
        pp_free(defs[r].vals);
        pp_free(defs[r].toks);
    }
    pp_free(defs);
    pp_free(group);
    pp_free(taken);
    pp_csv_free(csv);
    if (st != PP_OK) {
        pp_cap_scenarios_release(&set);
        return st;
    }
    *out = set;
    return PP_OK;
}
