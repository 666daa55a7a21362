/*
 * html_capacity.c -- the capacity section of report.html's data, from a
 * `peakplan capacity` folder: capacity.csv, capacity_queues.csv,
 * hiring_plan.csv and capacity_summary.csv (columns in docs/formats.md).
 *
 * capacity.csv is long: one row per week and vendor, plus a `total` row per
 * week (its `kind` blank) that has each queue's required FTE and gap once.
 * A vendor row's required_fte is the work the plan gives that vendor, not the
 * week's requirement, so the requirement is never summed over vendor rows: it
 * is the total row's, else capacity_queues.csv's summed over queues.
 * Productive, allocated and headcount figures are summed over vendor rows.
 *
 * Written as JSON:
 *   "capacity":{"weeks":[t...],"required":[..],"productive":[..],
 *     "allocated":[..],"gap":[..],"overtime":[..] (FTE, when hours_per_fte is known),
 *     "vendors":[{"name":..,"kind":"inhouse"|"bpo","headcount":[..],
 *                 "hires":[..],"bpo":[..]}...],
 *     "summary":[[metric,value]...],"hiring":{"cols":[..],"rows":[[..]..]}}
 * report.js draws it (required vs available, hires, BPO ramp, headcount).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "peakplan/timeutil.h"
#include "report_internal.h"

/* Index of `day` in the sorted list of week starts days[0..n), or -1. */
static long week_of(const int64_t *days, size_t n, int64_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (days[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && days[lo] == day ? (long)lo : -1;
}

static int by_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The distinct week_start days of `t` (column `c`), sorted, into *out (*n). */
static pp_status week_list(const pp_csv *t, long c, int64_t **out, size_t *n, pp_error *err)
{
    size_t rows = pp_csv_rows(t), k = 0;
    int64_t *d = pp_malloc((rows ? rows : 1) * sizeof *d);
    if (!d)
        return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    for (size_t r = 0; r < rows; r++) {
        int64_t m;
        if (rp_time(t, r, c, &m))
            d[k++] = pp_day_of_minute(m);
    }
    qsort(d, k, sizeof *d, by_day);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || d[i] != d[u - 1])
            d[u++] = d[i];
    *out = d;
    *n = u;
    return PP_OK;
}

static void jarray(FILE *fp, const char *key, const double *v, size_t n, int dec)
{
    fprintf(fp, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', fp);
        rp_jnum(fp, v[i], dec);
    }
    fputc(']', fp);
}

/* A table of every column of `t` as "key":{"cols":[..],"rows":[[..]..]}. */
static void jtable(FILE *fp, const char *key, const pp_csv *t)
{
    fprintf(fp, ",\"%s\":{", key);
    rp_jtable(fp, t);
    fputc('}', fp);
}

/* Adds v to *acc, turning a NaN accumulator (no value yet) into v. */
static void add(double *acc, double v)
{
    if (isfinite(v))
        *acc = isfinite(*acc) ? *acc + v : v;
}

pp_status rp_html_capacity(FILE *fp, const rp_data *d, pp_error *err)
{
    const pp_csv *t = d->capacity, *cq = d->cap_queues;
    long ws = rp_col(t, "week_start"), vc = rp_col(t, "vendor"), kc = rp_col(t, "kind"),
         hc = rp_col(t, "headcount"), pc = rp_col(t, "productive_fte"),
         ic = rp_col(t, "hires_starting"), bc = rp_col(t, "bpo_fte"),
         ac = rp_col(t, "allocated_fte"), rc = rp_col(t, "required_fte"),
         gc = rp_col(t, "gap_fte"), oc = rp_col(t, "overtime_hours");
    int64_t *days = NULL;
    size_t nw = 0, rows = pp_csv_rows(t);
    rp_names vs = {0};
    double *wk = NULL, *per = NULL;
    char *kind = NULL;
    pp_status st = week_list(t, ws, &days, &nw, err);
    if (st != PP_OK)
        return st;
    for (size_t r = 0; r < rows; r++)
        if (!pp_csv_blank(t, r, kc) && rp_names_add(&vs, pp_csv_cell(t, r, vc)) < 0) {
            st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
            goto done;
        }
    /* per week: required, productive, allocated, gap, required and gap from the
     * queues file; per vendor and week: headcount, hires, bpo */
    wk = pp_malloc((nw ? nw : 1) * 7 * sizeof *wk);
    per = pp_malloc((vs.n * nw > 0 ? vs.n * nw : 1) * 3 * sizeof *per);
    kind = pp_calloc(vs.n ? vs.n : 1, 1);
    if (!wk || !per || !kind) {
        st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
        goto done;
    }
    for (size_t i = 0; i < nw * 7; i++)
        wk[i] = NAN;
    for (size_t i = 0; i < vs.n * nw * 3; i++)
        per[i] = NAN;
    double *req = wk, *prod = wk + nw, *alloc = wk + 2 * nw, *gap = wk + 3 * nw,
           *qreq = wk + 4 * nw, *qgap = wk + 5 * nw, *ot = wk + 6 * nw;
    /* overtime hours as FTE, at capacity_summary.csv's hours_per_fte */
    double hpf = NAN;
    const pp_csv *s = d->cap_summary;
    long mc = rp_col(s, "metric"), sv = rp_col(s, "value");
    for (size_t r = 0; s && r < pp_csv_rows(s); r++)
        if (strcmp(pp_csv_cell(s, r, mc), "hours_per_fte") == 0)
            hpf = rp_num(s, r, sv);
    double *head = per, *hires = per + vs.n * nw, *bpo = per + 2 * vs.n * nw;
    for (size_t r = 0; r < rows; r++) {
        int64_t m;
        if (!rp_time(t, r, ws, &m))
            continue;
        size_t w = (size_t)week_of(days, nw, pp_day_of_minute(m));
        if (pp_csv_blank(t, r, kc)) { /* the week's total row */
            add(&req[w], rp_num(t, r, rc));
            add(&gap[w], rp_num(t, r, gc));
            continue;
        }
        size_t v = (size_t)rp_names_find(&vs, pp_csv_cell(t, r, vc));
        kind[v] = strcmp(pp_csv_cell(t, r, kc), "bpo") == 0 ? 'b' : 'i';
        add(&prod[w], rp_num(t, r, pc));
        add(&alloc[w], rp_num(t, r, ac));
        if (oc >= 0 && hpf > 0)
            add(&ot[w], rp_num(t, r, oc) / hpf);
        add(&head[v * nw + w], rp_num(t, r, hc));
        add(&hires[v * nw + w], rp_num(t, r, ic));
        add(&bpo[v * nw + w], rp_num(t, r, bc));
    }
    long qw = rp_col(cq, "week_start"), qr = rp_col(cq, "required_fte"),
         qg = rp_col(cq, "gap_fte");
    for (size_t r = 0; cq && r < pp_csv_rows(cq); r++) {
        int64_t m;
        long w = rp_time(cq, r, qw, &m) ? week_of(days, nw, pp_day_of_minute(m)) : -1;
        if (w < 0)
            continue;
        add(&qreq[w], rp_num(cq, r, qr));
        add(&qgap[w], rp_num(cq, r, qg));
    }
    for (size_t w = 0; w < nw; w++) {
        /* no total row (a hand-made file): the queues' own figures */
        if (!isfinite(req[w]))
            req[w] = qreq[w];
        if (!isfinite(gap[w]))
            gap[w] = qgap[w];
    }
    fputs(",\"capacity\":{\"weeks\":[", fp);
    for (size_t w = 0; w < nw; w++) {
        if (w)
            fputc(',', fp);
        rp_jtime(fp, days[w] * 1440);
    }
    fputc(']', fp);
    jarray(fp, "required", req, nw, 3);
    jarray(fp, "productive", prod, nw, 3);
    jarray(fp, "allocated", alloc, nw, 3);
    jarray(fp, "gap", gap, nw, 3);
    if (oc >= 0 && hpf > 0)
        jarray(fp, "overtime", ot, nw, 3);
    fputs(",\"vendors\":[", fp);
    for (size_t v = 0; v < vs.n; v++) {
        fputs(v ? ",{\"name\":" : "{\"name\":", fp);
        rp_jstr(fp, vs.s[v]);
        fprintf(fp, ",\"kind\":\"%s\"", kind[v] == 'b' ? "bpo" : "inhouse");
        jarray(fp, "headcount", head + v * nw, nw, 3);
        jarray(fp, "hires", hires + v * nw, nw, 3);
        jarray(fp, "bpo", bpo + v * nw, nw, 3);
        fputc('}', fp);
    }
    fputc(']', fp);
    if (s) {
        fputs(",\"summary\":[", fp);
        for (size_t r = 0; r < pp_csv_rows(s); r++) {
            fputs(r ? ",[" : "[", fp);
            rp_jcell(fp, s, r, mc);
            fputc(',', fp);
            rp_jcell(fp, s, r, sv);
            fputc(']', fp);
        }
        fputc(']', fp);
    }
    if (d->hiring)
        jtable(fp, "hiring", d->hiring);
    fputc('}', fp);
done:
    pp_free(days);
    pp_free(wk);
    pp_free(per);
    pp_free(kind);
    rp_names_free(&vs);
    return st;
}
