/*
 * html.c -- report.html: one self-contained page (uPlot, its CSS, the page
 * script and the data inlined), readable offline and in print.
 *
 * The C side aggregates (per queue and interval, per day, per vendor) and
 * writes the numbers as JSON into <script type="application/json">; the page
 * script (report.js) draws. Long series are averaged into buckets so no chart
 * carries more than MAX_POINTS points: that keeps a 6-week, 20-queue plan
 * under 3 MB (docs/reports.md has the figures). Understaffed intervals are
 * found on the full-resolution data before any bucketing.
 *
 * Why one file.  The aggregation and the JSON it writes are one schema that
 * report.js reads; keeping both ends of each series together is what keeps the
 * page and the C side in step.  About 740 lines: the JSON helpers are in
 * html_json.c and the capacity section in html_capacity.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "peakplan/timeutil.h"
#include "peakplan/version.h"
#include "report_assets.h"
#include "report_internal.h"

#define MAX_POINTS 2200      /* per series: 6 weeks of 30-minute intervals stay unbucketed */
#define HISTORY_DAYS 21      /* history shown before the forecast starts */
#define UNMET_ROWS 200       /* unmet intervals listed (the largest shortfalls) */

/* ------------------------------------------------------- per-queue series */

/* One queue's columns over a regular time axis: v[c][i] at t0 + i * step. */
typedef struct qser {
    int64_t t0, t1; /* first and last interval seen */
    size_t n;
    double *v[5];
} qser;

static void qser_free(qser *q, size_t nq)
{
    for (size_t i = 0; q && i < nq; i++)
        for (size_t c = 0; c < 5; c++)
            pp_free(q[i].v[c]);
    pp_free(q);
}

/* Which rows qser_load takes: their time in [from, to), their `fcol` cell equal to
 * `fval` (when fcol >= 0), their queue among `qs`. */
typedef struct row_filter {
    const pp_csv *t;
    long tc, qc, fcol;
    const char *fval;
    int64_t from, to;
    const rp_names *qs;
} row_filter;

/* The series index (into qs) of row r when the filter takes it, else -1; *m gets its
 * time.  `last` is the previous row's index: tables list a queue's rows together. */
static long row_series(const row_filter *f, size_t r, long last, int64_t *m)
{
    if (!rp_time(f->t, r, f->tc, m) || *m < f->from || *m >= f->to)
        return -1;
    if (f->fcol >= 0 && strcmp(pp_csv_cell(f->t, r, f->fcol), f->fval) != 0)
        return -1;
    const char *name = pp_csv_cell(f->t, r, f->qc);
    if (last >= 0 && strcmp(f->qs->s[last], name) == 0)
        return last;
    return rp_names_find(f->qs, name);
}

/* Loads columns `cols` (ncols <= 5) of a queue/interval_start table into one
 * qser per name of `qs` (rows of other queues are skipped; with `add`, their
 * queues are added to `qs` first). Rows outside [from, to) are skipped, and so
 * are rows whose `fcol` cell differs from `fval` (when fcol >= 0). Cells not
 * given are `fill`. *out gets qs->n entries (n = 0 for a queue with no rows). */
static pp_status qser_load(const pp_csv *t, const char *const *cols, size_t ncols, int step,
                           int64_t from, int64_t to, long fcol, const char *fval, double fill,
                           rp_names *qs, int add, qser **out, pp_error *err)
{
    *out = NULL;
    long qc = rp_col(t, "queue"), tc = rp_col(t, "interval_start"), cc[5];
    for (size_t c = 0; c < ncols; c++)
        cc[c] = rp_col(t, cols[c]);
    size_t rows = pp_csv_rows(t);
    if (add)
        for (size_t r = 0; r < rows; r++)
            if (rp_names_add(qs, pp_csv_cell(t, r, qc)) < 0)
                return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    qser *q = pp_calloc(qs->n ? qs->n : 1, sizeof *q);
    if (!q)
        return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    const row_filter sel = {t, tc, qc, fcol, fval, from, to, qs};
    /* pass 1: each queue's time range */
    long last = -1;
    for (size_t r = 0; r < rows; r++) {
        int64_t m;
        if ((last = row_series(&sel, r, last, &m)) < 0)
            continue;
        qser *s = &q[last];
        if (s->n == 0 || m < s->t0)
            s->t0 = m;
        if (s->n == 0 || m > s->t1)
            s->t1 = m;
        s->n = 1;
    }
    for (size_t i = 0; i < qs->n; i++) {
        if (!q[i].n)
            continue;
        q[i].n = (size_t)((q[i].t1 - q[i].t0) / step) + 1;
        for (size_t c = 0; c < ncols; c++) {
            if (!(q[i].v[c] = pp_malloc(q[i].n * sizeof(double)))) {
                qser_free(q, qs->n);
                return pp_error_set(err, PP_ENOMEM, "report: out of memory");
            }
            for (size_t k = 0; k < q[i].n; k++)
                q[i].v[c][k] = cc[c] >= 0 ? fill : NAN;
        }
    }
    /* pass 2: the values */
    last = -1;
    for (size_t r = 0; r < rows; r++) {
        int64_t m;
        if ((last = row_series(&sel, r, last, &m)) < 0)
            continue;
        qser *s = &q[last];
        size_t k = (size_t)((m - s->t0) / step);
        for (size_t c = 0; c < ncols; c++)
            if (cc[c] >= 0)
                s->v[c][k] = rp_num(t, r, cc[c]);
    }
    *out = q;
    return PP_OK;
}

/* The bucket size that keeps n points at most MAX_POINTS. */
static size_t bucket_of(size_t n)
{
    return n <= MAX_POINTS ? 1 : (n + MAX_POINTS - 1) / MAX_POINTS;
}

/* A JSON array of v averaged over buckets of k (NaN cells ignored). */
static void jseries(FILE *fp, const double *v, size_t n, size_t k, int dec)
{
    fputc('[', fp);
    for (size_t i = 0; i < n; i += k) {
        double sum = 0;
        size_t cnt = 0;
        for (size_t j = i; j < i + k && j < n; j++)
            if (isfinite(v[j])) {
                sum += v[j];
                cnt++;
            }
        if (i)
            fputc(',', fp);
        rp_jnum(fp, cnt ? sum / (double)cnt : NAN, dec);
    }
    fputc(']', fp);
}

/* ------------------------------------------------------------ sections */

typedef struct ctx {
    const rp_data *d;
    FILE *fp;
    rp_names queues;
    int step;
    int64_t start, end; /* the plan horizon: [start, end) in minutes */
} ctx;

static void horizon(ctx *x)
{
    const pp_csv *t = x->d->coverage ? x->d->coverage : x->d->forecast;
    x->start = INT64_MAX;
    x->end = INT64_MIN;
    long tc = rp_col(t, "interval_start");
    for (size_t r = 0; t && r < pp_csv_rows(t); r++) {
        int64_t m;
        if (!rp_time(t, r, tc, &m))
            continue;
        if (m < x->start)
            x->start = m;
        if (m + x->step > x->end)
            x->end = m + x->step;
    }
}

static void write_summary(ctx *x)
{
    const pp_csv *t = x->d->summary;
    if (!t)
        return;
    long m = rp_col(t, "metric"), v = rp_col(t, "value");
    fputs(",\"summary\":[", x->fp);
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        fputs(r ? ",[" : "[", x->fp);
        rp_jstr(x->fp, pp_csv_cell(t, r, m));
        fputc(',', x->fp);
        rp_jcell(x->fp, t, r, v);
        fputc(']', x->fp);
    }
    fputc(']', x->fp);
}

static void write_scenarios(ctx *x)
{
    const pp_csv *t = x->d->scenarios;
    if (!t)
        return;
    FILE *fp = x->fp;
    size_t rows = pp_csv_rows(t);
    struct { const char *key, *col; } arr[] = {{"cost", "total_cost"},
                                               {"sl", "service_level_pct"},
                                               {"delta", "delta_cost_pct"}};
    fputs(",\"scenarios\":{\"names\":[", fp);
    for (size_t r = 0; r < rows; r++) {
        if (r)
            fputc(',', fp);
        rp_jstr(fp, pp_csv_cell(t, r, rp_col(t, "scenario")));
    }
    fputc(']', fp);
    for (size_t a = 0; a < 3; a++) {
        fprintf(fp, ",\"%s\":[", arr[a].key);
        long c = rp_col(t, arr[a].col);
        for (size_t r = 0; r < rows; r++) {
            if (r)
                fputc(',', fp);
            rp_jnum(fp, rp_num(t, r, c), 3);
        }
        fputc(']', fp);
    }
    fputc(',', fp);
    rp_jtable(fp, t);
    fputc('}', fp);
}

static void write_events(ctx *x, int64_t from)
{
    const pp_csv *t = x->d->events;
    if (!t || x->start == INT64_MAX)
        return;
    long n = rp_col(t, "event"), s = rp_col(t, "start_date"), e = rp_col(t, "end_date");
    fputs(",\"events\":[", x->fp);
    int first = 1;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t a, b;
        if (!pp_parse_date(pp_csv_cell(t, r, s), &a) || !pp_parse_date(pp_csv_cell(t, r, e), &b))
            continue;
        a *= 1440;
        b = (b + 1) * 1440; /* end_date is inclusive */
        if (b <= from || a >= x->end)
            continue;
        fputs(first ? "[" : ",[", x->fp);
        first = 0;
        rp_jtime(x->fp, a);
        fputc(',', x->fp);
        rp_jtime(x->fp, b);
        fputc(',', x->fp);
        rp_jstr(x->fp, pp_csv_cell(t, r, n));
        fputc(']', x->fp);
    }
    fputc(']', x->fp);
}

/* Is interval i of a coverage series understaffed? By understaffed_agents when
 * the file has it, else by planned below needed. */
static int is_under(const qser *c, size_t i)
{
    if (!isnan(c->v[2][i]))
        return c->v[2][i] > 1e-6;
    return c->v[0][i] > c->v[1][i] + 1e-6;
}

/* Understaffed runs [start, end) of one queue, full resolution. */
static void write_under(FILE *fp, const qser *c, int step)
{
    fputs(",\"under\":[", fp);
    int first = 1;
    for (size_t i = 0; i < c->n;) {
        if (!is_under(c, i)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < c->n && is_under(c, j))
            j++;
        fputs(first ? "[" : ",[", fp);
        first = 0;
        rp_jtime(fp, c->t0 + (int64_t)i * step);
        fputc(',', fp);
        rp_jtime(fp, c->t0 + (int64_t)j * step);
        fputc(']', fp);
        i = j;
    }
    fputc(']', fp);
}

static pp_status write_queues(ctx *x, pp_error *err)
{
    const rp_data *d = x->d;
    FILE *fp = x->fp;
    pp_status st = PP_OK;
    qser *fc = NULL, *cov = NULL, *hist = NULL, **alloc = NULL;
    rp_names vendors = {0};
    static const char *const fc_cols[] = {"offered_p10", "offered", "offered_p90"};
    /* understaffed_agents is the plan's own shortfall: deferred work (tickets) may
     * run below "needed" in an interval and still meet its target through backlog */
    static const char *const cov_cols[] = {"agents_needed", "agents_planned",
                                           "understaffed_agents"};
    static const char *const hist_cols[] = {"offered"};
    static const char *const alloc_cols[] = {"agents"};
    int hstep = 0;
    int64_t hfrom = x->start - (int64_t)HISTORY_DAYS * 1440;
    if (d->forecast)
        st = qser_load(d->forecast, fc_cols, 3, x->step, INT64_MIN, INT64_MAX, -1, NULL, NAN,
                       &x->queues, 1, &fc, err);
    if (st == PP_OK && d->coverage)
        st = qser_load(d->coverage, cov_cols, 3, x->step, INT64_MIN, INT64_MAX, -1, NULL, NAN,
                       &x->queues, 1, &cov, err);
    if (st == PP_OK && d->history && fc) {
        /* the smallest gap between a queue's rows in the weeks shown: absent
         * intervals mean the queue was closed, so they read as 0 (formats.md) */
        long qc = rp_col(d->history, "queue"), tc = rp_col(d->history, "interval_start");
        int64_t prev = 0, last = INT64_MIN;
        /* the weeks shown end where history ends (it may stop before the horizon) */
        for (size_t r = 0; r < pp_csv_rows(d->history); r++) {
            int64_t m;
            if (rp_time(d->history, r, tc, &m) && m < x->start && m > last)
                last = m;
        }
        if (last != INT64_MIN)
            hfrom = pp_day_of_minute(last) * 1440 - (int64_t)(HISTORY_DAYS - 1) * 1440;
        for (size_t r = 0; r < pp_csv_rows(d->history); r++) {
            int64_t m;
            if (!rp_time(d->history, r, tc, &m))
                continue;
            if (r && m >= hfrom && m > prev &&
                strcmp(pp_csv_cell(d->history, r, qc), pp_csv_cell(d->history, r - 1, qc)) == 0 &&
                (hstep == 0 || m - prev < hstep))
                hstep = (int)(m - prev);
            prev = m;
        }
        if (hstep > 0)
            st = qser_load(d->history, hist_cols, 1, hstep, hfrom, x->start, -1, NULL, 0.0,
                           &x->queues, 0, &hist, err);
    }
    if (st == PP_OK && d->allocation && cov && rp_col(d->allocation, "vendor") >= 0 &&
        rp_col(d->allocation, "agents") >= 0) {
        long vc = rp_col(d->allocation, "vendor");
        for (size_t r = 0; r < pp_csv_rows(d->allocation) && st == PP_OK; r++)
            if (rp_names_add(&vendors, pp_csv_cell(d->allocation, r, vc)) < 0)
                st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
        if (st == PP_OK && !(alloc = pp_calloc(vendors.n ? vendors.n : 1, sizeof *alloc)))
            st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
        for (size_t v = 0; v < vendors.n && st == PP_OK; v++)
            st = qser_load(d->allocation, alloc_cols, 1, x->step, INT64_MIN, INT64_MAX, vc,
                           vendors.s[v], 0.0, &x->queues, 0, &alloc[v], err);
    }
    if (st != PP_OK)
        goto done;
    fputs(",\"queues\":[", fp);
    for (size_t q = 0; q < x->queues.n; q++) {
        fputs(q ? ",{\"name\":" : "{\"name\":", fp);
        rp_jstr(fp, x->queues.s[q]);
        if (hist && hist[q].n) {
            /* from the first interval shown to the forecast start: inside the
             * queue's history an absent interval was closed (0), outside it unknown */
            size_t n = (size_t)((x->start - hfrom) / hstep), k = bucket_of(n);
            double *y = pp_malloc(n * sizeof *y);
            if (!y) {
                st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
                goto done;
            }
            for (size_t i = 0; i < n; i++) {
                int64_t m = hfrom + (int64_t)i * hstep;
                y[i] = m >= hist[q].t0 && m <= hist[q].t1
                           ? hist[q].v[0][(size_t)((m - hist[q].t0) / hstep)]
                           : NAN;
            }
            fputs(",\"hist\":{\"t0\":", fp);
            rp_jtime(fp, hfrom);
            fprintf(fp, ",\"step\":%lld,\"y\":", (long long)hstep * 60 * (long long)k);
            jseries(fp, y, n, k, 1);
            fputc('}', fp);
            pp_free(y);
        }
        if (fc && fc[q].n) {
            size_t k = bucket_of(fc[q].n);
            fputs(",\"fc\":{\"t0\":", fp);
            rp_jtime(fp, fc[q].t0);
            fprintf(fp, ",\"step\":%lld", (long long)x->step * 60 * (long long)k);
            const char *keys[] = {"p10", "p50", "p90"};
            for (size_t c = 0; c < 3; c++) {
                fprintf(fp, ",\"%s\":", keys[c]);
                jseries(fp, fc[q].v[c], fc[q].n, k, 1);
            }
            fputc('}', fp);
        }
        if (cov && cov[q].n) {
            size_t k = bucket_of(cov[q].n);
            fputs(",\"cov\":{\"t0\":", fp);
            rp_jtime(fp, cov[q].t0);
            fprintf(fp, ",\"step\":%lld,\"need\":", (long long)x->step * 60 * (long long)k);
            jseries(fp, cov[q].v[0], cov[q].n, k, 2);
            fputs(",\"plan\":", fp);
            jseries(fp, cov[q].v[1], cov[q].n, k, 2);
            write_under(fp, &cov[q], x->step);
            if (alloc) {
                fputs(",\"alloc\":{\"vendors\":[", fp);
                for (size_t v = 0; v < vendors.n; v++) {
                    if (v)
                        fputc(',', fp);
                    rp_jstr(fp, vendors.s[v]);
                }
                fputs("],\"y\":[", fp);
                /* on the coverage axis, so the bands line up with "needed" */
                double *y = pp_malloc(cov[q].n * sizeof *y);
                if (!y) {
                    st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
                    goto done;
                }
                for (size_t v = 0; v < vendors.n; v++) {
                    const qser *a = &alloc[v][q];
                    for (size_t i = 0; i < cov[q].n; i++) {
                        int64_t m = cov[q].t0 + (int64_t)i * x->step;
                        y[i] = a->n && m >= a->t0 && m <= a->t1
                                   ? a->v[0][(size_t)((m - a->t0) / x->step)]
                                   : 0.0;
                    }
                    if (v)
                        fputc(',', fp);
                    jseries(fp, y, cov[q].n, k, 2);
                }
                pp_free(y);
                fputs("]}", fp);
            }
            fputc('}', fp);
        }
        fputc('}', fp);
    }
    fputc(']', fp);
    write_events(x, hist ? hfrom : x->start);
done:
    qser_free(fc, x->queues.n);
    qser_free(cov, x->queues.n);
    qser_free(hist, x->queues.n);
    for (size_t v = 0; alloc && v < vendors.n; v++)
        qser_free(alloc[v], x->queues.n);
    pp_free(alloc);
    rp_names_free(&vendors);
    return st;
}

/* Offered-weighted service level per queue and day, from a table with queue,
 * interval_start, service_level_pct and (optionally) offered; sums[q][day]. */
static pp_status daily_service(const pp_csv *t, const rp_names *qs, int64_t day0, size_t ndays,
                               double **out, pp_error *err)
{
    double *acc = pp_calloc(qs->n * ndays * 2 + 1, sizeof *acc);
    if (!acc)
        return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    long qc = rp_col(t, "queue"), tc = rp_col(t, "interval_start"),
         sc = rp_col(t, "service_level_pct"), oc = rp_col(t, "offered");
    for (size_t r = 0; sc >= 0 && r < pp_csv_rows(t); r++) {
        int64_t m;
        long q = rp_names_find(qs, pp_csv_cell(t, r, qc));
        double sl = rp_num(t, r, sc), w = oc >= 0 ? rp_num(t, r, oc) : 1.0;
        if (q < 0 || !rp_time(t, r, tc, &m) || !isfinite(sl) || !isfinite(w))
            continue;
        int64_t dd = pp_day_of_minute(m) - day0;
        if (dd < 0 || (size_t)dd >= ndays)
            continue;
        acc[((size_t)q * ndays + (size_t)dd) * 2] += w * sl;
        acc[((size_t)q * ndays + (size_t)dd) * 2 + 1] += w;
    }
    *out = acc;
    return PP_OK;
}

static pp_status write_service(ctx *x, pp_error *err)
{
    const rp_data *d = x->d;
    if (!d->coverage || rp_col(d->coverage, "service_level_pct") < 0 || x->start == INT64_MAX)
        return PP_OK;
    int64_t day0 = pp_day_of_minute(x->start), day1 = pp_day_of_minute(x->end - 1);
    size_t nd = (size_t)(day1 - day0 + 1);
    double *pl = NULL, *sim = NULL;
    pp_status st = daily_service(d->coverage, &x->queues, day0, nd, &pl, err);
    if (st == PP_OK && d->simulation)
        st = daily_service(d->simulation, &x->queues, day0, nd, &sim, err);
    if (st != PP_OK) {
        pp_free(pl);
        return st;
    }
    FILE *fp = x->fp;
    fputs(",\"service\":{\"days\":[", fp);
    for (size_t i = 0; i < nd; i++) {
        if (i)
            fputc(',', fp);
        rp_jtime(fp, (day0 + (int64_t)i) * 1440);
    }
    fputs("],\"queues\":[", fp);
    long tq = rp_col(d->queues, "queue"), tt = rp_col(d->queues, "target_pct");
    for (size_t q = 0; q < x->queues.n; q++) {
        fputs(q ? ",{\"name\":" : "{\"name\":", fp);
        rp_jstr(fp, x->queues.s[q]);
        for (size_t r = 0; d->queues && r < pp_csv_rows(d->queues); r++)
            if (strcmp(pp_csv_cell(d->queues, r, tq), x->queues.s[q]) == 0) {
                fputs(",\"target\":", fp);
                rp_jnum(fp, rp_num(d->queues, r, tt), 2);
            }
        for (int s = 0; s < 2; s++) {
            const double *a = s ? sim : pl;
            if (!a)
                continue;
            fputs(s ? ",\"sim\":[" : ",\"planned\":[", fp);
            for (size_t i = 0; i < nd; i++) {
                const double *c = &a[(q * nd + i) * 2];
                if (i)
                    fputc(',', fp);
                rp_jnum(fp, c[1] > 0 ? c[0] / c[1] : NAN, 2);
            }
            fputc(']', fp);
        }
        fputc('}', fp);
    }
    fputs("]}", fp);
    pp_free(pl);
    pp_free(sim);
    return PP_OK;
}

/* Paid hours and cost per vendor and day (roster.csv; the cost column, else
 * paid hours x the vendor's rate from summary.csv's cost:V / paid_hours:V). */
static pp_status write_vendor_days(ctx *x, pp_error *err)
{
    const pp_csv *t = x->d->roster;
    if (!t || pp_csv_rows(t) == 0)
        return PP_OK;
    long vc = rp_col(t, "vendor"), dc = rp_col(t, "date"), hc = rp_col(t, "paid_hours"),
         cc = rp_col(t, "cost");
    rp_names vs = {0};
    int64_t d0 = INT64_MAX, d1 = INT64_MIN;
    pp_status st = PP_OK;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t day;
        if (rp_names_add(&vs, pp_csv_cell(t, r, vc)) < 0) {
            rp_names_free(&vs);
            return pp_error_set(err, PP_ENOMEM, "report: out of memory");
        }
        if (pp_parse_date(pp_csv_cell(t, r, dc), &day)) {
            d0 = day < d0 ? day : d0;
            d1 = day > d1 ? day : d1;
        }
    }
    if (d0 > d1) {
        rp_names_free(&vs);
        return PP_OK;
    }
    size_t nd = (size_t)(d1 - d0 + 1);
    double *h = pp_calloc(vs.n * nd * 2, sizeof *h), *rate = pp_calloc(vs.n, sizeof *rate);
    if (!h || !rate) {
        st = pp_error_set(err, PP_ENOMEM, "report: out of memory");
        goto done;
    }
    for (size_t v = 0; v < vs.n; v++) {
        char cost_key[300], hours_key[300];
        double cost = NAN, hours = NAN;
        snprintf(cost_key, sizeof cost_key, "cost:%s", vs.s[v]);
        snprintf(hours_key, sizeof hours_key, "paid_hours:%s", vs.s[v]);
        const pp_csv *s = x->d->summary;
        long mc = rp_col(s, "metric"), sv = rp_col(s, "value");
        for (size_t r = 0; s && r < pp_csv_rows(s); r++) {
            if (strcmp(pp_csv_cell(s, r, mc), cost_key) == 0)
                cost = rp_num(s, r, sv);
            if (strcmp(pp_csv_cell(s, r, mc), hours_key) == 0)
                hours = rp_num(s, r, sv);
        }
        rate[v] = hours > 0 ? cost / hours : NAN;
    }
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t day;
        long v = rp_names_find(&vs, pp_csv_cell(t, r, vc));
        double ph = rp_num(t, r, hc);
        if (!pp_parse_date(pp_csv_cell(t, r, dc), &day) || !isfinite(ph))
            continue;
        double c = cc >= 0 ? rp_num(t, r, cc) : ph * rate[v];
        size_t i = ((size_t)v * nd + (size_t)(day - d0)) * 2;
        h[i] += ph;
        h[i + 1] += c;
    }
    FILE *fp = x->fp;
    fputs(",\"vendor_days\":{\"days\":[", fp);
    for (size_t i = 0; i < nd; i++) {
        if (i)
            fputc(',', fp);
        rp_jtime(fp, (d0 + (int64_t)i) * 1440);
    }
    fputs("],\"vendors\":[", fp);
    for (size_t v = 0; v < vs.n; v++) {
        fputs(v ? ",{\"name\":" : "{\"name\":", fp);
        rp_jstr(fp, vs.s[v]);
        for (int m = 0; m < 2; m++) {
            fputs(m ? ",\"cost\":[" : ",\"paid_hours\":[", fp);
            for (size_t i = 0; i < nd; i++) {
                if (i)
                    fputc(',', fp);
                rp_jnum(fp, h[(v * nd + i) * 2 + (size_t)m], 2);
            }
            fputc(']', fp);
        }
        fputc('}', fp);
    }
    fputs("]}", fp);
done:
    pp_free(h);
    pp_free(rate);
    rp_names_free(&vs);
    return st;
}

typedef struct unmet {
    size_t row;
    double short_by;
} unmet;

static int by_shortfall(const void *a, const void *b)
{
    const unmet *x = a, *y = b;
    if (x->short_by != y->short_by)
        return x->short_by < y->short_by ? 1 : -1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static pp_status write_unmet(ctx *x, pp_error *err)
{
    const pp_csv *t = x->d->coverage;
    if (!t)
        return PP_OK;
    long nc = rp_col(t, "agents_needed"), pc = rp_col(t, "agents_planned"),
         uc = rp_col(t, "understaffed_agents"); /* the plan's own shortfall, as in is_under */
    size_t rows = pp_csv_rows(t), n = 0;
    unmet *u = pp_malloc((rows ? rows : 1) * sizeof *u);
    if (!u)
        return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    for (size_t r = 0; r < rows; r++) {
        double need = rp_num(t, r, nc), plan = rp_num(t, r, pc), under = rp_num(t, r, uc);
        double short_by = uc >= 0 && !isnan(under) ? under : need - plan;
        if (short_by > 1e-6)
            u[n++] = (unmet){r, short_by};
    }
    qsort(u, n, sizeof *u, by_shortfall);
    FILE *fp = x->fp;
    fprintf(fp, ",\"unmet\":{\"total\":%zu,\"rows\":[", n);
    for (size_t i = 0; i < n && i < UNMET_ROWS; i++) {
        size_t r = u[i].row;
        fputs(i ? ",[" : "[", fp);
        rp_jstr(fp, pp_csv_cell(t, r, rp_col(t, "queue")));
        fputc(',', fp);
        rp_jstr(fp, pp_csv_cell(t, r, rp_col(t, "interval_start")));
        fputc(',', fp);
        rp_jnum(fp, rp_num(t, r, nc), 3);
        fputc(',', fp);
        rp_jnum(fp, rp_num(t, r, pc), 3);
        fputc(',', fp);
        rp_jnum(fp, u[i].short_by, 3);
        fputc(']', fp);
    }
    fputs("]}", fp);
    pp_free(u);
    return PP_OK;
}

/* ----------------------------------------------------------------- page */

static const char page_css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1160px;padding:0 16px;"
    "color:#222}h1{font-size:22px;margin:16px 0 4px}h2{font-size:17px;margin:28px 0 6px;"
    "border-bottom:1px solid #ccc}.note{color:#555;margin:2px 0 8px}.chart{margin:10px 0 18px;"
    "break-inside:avoid}table{border-collapse:collapse;margin:8px 0;font-size:13px}"
    "th,td{border:1px solid #ddd;padding:2px 8px;text-align:left}td.num{text-align:right;"
    "font-variant-numeric:tabular-nums}th{background:#f3f3f3;cursor:pointer}"
    "th[data-dir=asc]::after{content:' \\25b2'}th[data-dir=desc]::after{content:' \\25bc'}"
    ".tablewrap{overflow-x:auto}.errors{background:#fdd;border:1px solid #c00;padding:8px}"
    "@media print{th{cursor:auto}section{break-inside:avoid-page}body{max-width:none}}";

static void put_escaped(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '&': fputs("&amp;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

pp_status rp_write_html(const rp_data *d, const char *path, pp_error *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return pp_error_set(err, PP_EIO, "%s: cannot write", path);
    ctx x = {.d = d, .fp = fp, .step = d->step_minutes > 0 ? d->step_minutes : 30};
    horizon(&x);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          fp);
    put_escaped(fp, d->title);
    fputs("</title>\n<style>", fp);
    fwrite(uplot_css, 1, uplot_css_len, fp);
    fputs("</style>\n<style>", fp);
    fputs(page_css, fp);
    fputs("</style>\n</head>\n<body data-charts=\"0\" data-rendered=\"0\" data-errors=\"0\">\n"
          "<header><h1 id=\"pp-title\">",
          fp);
    put_escaped(fp, d->title);
    fprintf(fp, "</h1><p class=\"note\">Made by peakplan %s from the CSV files in this folder "
                "(charts: uPlot 1.6.32, MIT). Hover a chart for values.</p></header>\n"
                "<div id=\"pp-errors\" class=\"errors\" hidden></div>\n"
                "<noscript><p class=\"errors\">The charts need JavaScript.</p></noscript>\n"
                "<main id=\"pp-main\"></main>\n<script>",
            PEAKPLAN_VERSION);
    fwrite(uplot_js, 1, uplot_js_len, fp);
    fputs("</script>\n<script type=\"application/json\" id=\"pp-data\">{\"title\":", fp);
    rp_jstr(fp, d->title);
    fprintf(fp, ",\"kind\":\"%s\",\"step\":%d",
            d->whatif ? "whatif" : d->summary ? "run" : "capacity", x.step);
    write_summary(&x);
    write_scenarios(&x);
    pp_status st = write_queues(&x, err);
    if (st == PP_OK)
        st = write_service(&x, err);
    if (st == PP_OK)
        st = write_vendor_days(&x, err);
    if (st == PP_OK)
        st = write_unmet(&x, err);
    if (st == PP_OK && d->capacity)
        st = rp_html_capacity(fp, d, err);
    fputs("}</script>\n<script>", fp);
    fwrite(report_js, 1, report_js_len, fp);
    fputs("</script>\n</body>\n</html>\n", fp);
    rp_names_free(&x.queues);
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad)
        return st != PP_OK ? st : pp_error_set(err, PP_EIO, "%s: write failed", path);
    return st;
}
