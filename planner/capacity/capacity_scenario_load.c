/*
 * capacity_scenario_load.c -- reading scenarios.csv for `peakplan capacity
 * --scenarios`: the what-if file of `peakplan whatif` (same columns, same
 * grouping by scenario name, same name rules), with the parameters that mean
 * something for a plan made months ahead (capacity.h lists them).
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

void pp_cap_scenarios_free(pp_cap_scn *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        pp_free(s[i].changes);
    pp_free(s);
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

/* Validates row r into *ch. */
static pp_status parse_row(const pp_csv *csv, size_t r, const pp_cap_inputs *in, const long *c,
                           pp_cap_change *ch, pp_error *err)
{
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
    *ch = (pp_cap_change){.kind = PARAMS[k].kind, .queue = -1, .staff = -1,
                          .from_day = INT64_MIN, .to_day = INT64_MAX, .row = r};
    const char *vcell = pp_csv_cell(csv, r, c[V]);
    if (strchr(vcell, ';'))
        return pp_csv_fail(csv, r, c[V], err,
                           "sweeps (;-separated lists) are for peakplan whatif; give capacity "
                           "one value per row (one scenario per value)");
    pp_status st = pp_csv_number(csv, r, c[V], PARAMS[k].lo, PARAMS[k].hi, NAN, &ch->value, err);
    if (st != PP_OK)
        return st;
    if (PARAMS[k].integer && ch->value != floor(ch->value))
        return pp_csv_fail(csv, r, c[V], err, "%s takes a whole number", pname);
    if (PARAMS[k].kind == PP_CAPP_FREEZE && ch->value != 1)
        return pp_csv_fail(csv, r, c[V], err, "hiring_freeze takes 1 (no class starts then)");
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
    /* values checked against staff.csv */
    for (size_t si = 0; si < in->ns; si++) {
        const pp_cap_staff *s = &in->staff[si];
        if ((ch->staff >= 0 && (size_t)ch->staff != si) || s->is_bpo)
            continue;
        if (ch->kind == PP_CAPP_ATTRITION_YEAR) {
            double year = 100 * (1 - pow(1 - s->attrition_pct_week / 100, 52)) + ch->value;
            if (year < 0 || year >= 100)
                return pp_csv_fail(csv, r, c[V], err,
                                   "%s's yearly attrition would be %.1f %% (must stay 0 to "
                                   "below 100)",
                                   pp_workspace_vendors(in->ws)[s->vendor].name, year);
        }
    }
    if (ch->kind == PP_CAPP_BPO_MAX && ch->value < in->staff[ch->staff].bpo_min_fte)
        return pp_csv_fail(csv, r, c[V], err, "below the BPO's bpo_min_fte (%g) in staff.csv",
                           in->staff[ch->staff].bpo_min_fte);
    return PP_OK;
}

pp_status pp_cap_scenarios_load(const char *path, const pp_cap_inputs *in, pp_cap_scn **out,
                                size_t *nout, pp_error *err)
{
    *out = NULL;
    *nout = 0;
    pp_csv *csv = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    size_t rows = pp_csv_rows(csv), n = 0;
    pp_cap_scn *scn = pp_calloc(rows ? rows : 1, sizeof *scn);
    if (!scn) {
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
    /* a scenario is all rows with its name, in the place of its first row */
    for (size_t r = 0; r < rows; r++) {
        const char *name = pp_csv_cell(csv, r, c[S]);
        if (!safe_name(name)) {
            st = pp_csv_fail(csv, r, c[S], err,
                             "scenario names are letters, digits, _ - . + (not \"base\"), at "
                             "most %d bytes",
                             PP_NAME_MAX - 1);
            goto done;
        }
        pp_cap_change ch;
        if ((st = parse_row(csv, r, in, c, &ch, err)) != PP_OK)
            goto done;
        size_t i = 0;
        while (i < n && strcmp(scn[i].name, name) != 0)
            i++;
        if (i == n && n == PP_CAP_SCENARIOS_MAX) {
            st = pp_csv_fail(csv, r, c[S], err, "more than %d scenarios in the file",
                             PP_CAP_SCENARIOS_MAX);
            goto done;
        }
        if (i == n)
            snprintf(scn[n++].name, PP_NAME_MAX, "%s", name);
        pp_cap_change *p = pp_realloc(scn[i].changes, (scn[i].n + 1) * sizeof *p);
        if (!p) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto done;
        }
        scn[i].changes = p;
        scn[i].changes[scn[i].n++] = ch;
    }
done:
    pp_csv_free(csv);
    if (st != PP_OK) {
        pp_cap_scenarios_free(scn, n);
        return st;
    }
    *out = scn;
    *nout = n;
    return PP_OK;
}
