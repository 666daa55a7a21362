/*
 * history.c -- time-indexed inputs: history.csv and per-queue grid files
 * (forecast.csv, requirements.csv).
 *
 * Rows arrive in any order.  We collect (queue, minute, values, row) tuples,
 * sort them per queue, and then decide the grid: the interval length is the
 * most common gap between a queue's consecutive timestamps (the contract's
 * "smallest step" for any well-formed file; taking the mode means a single
 * stray timestamp is reported as off the grid instead of silently halving
 * the interval), the common step is the smallest over the queues, and every
 * timestamp must sit on that grid counted from midnight.  Absent intervals
 * are closed: zero contacts.
 *
 * The grid is allocated from the first to the last timestamp, so one row
 * dated 0001 or 8676 would ask for centuries of intervals: the span is bounded
 * (PP_MAX_SPAN_DAYS) before anything is allocated, and the row farthest from
 * the file's median timestamp is named.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

typedef struct tuple {
    size_t q;
    int64_t minute;
    size_t row;
} tuple;

static int cmp_tuple(const void *a, const void *b)
{
    const tuple *x = a, *y = b;
    if (x->q != y->q)
        return x->q < y->q ? -1 : 1;
    if (x->minute != y->minute)
        return x->minute < y->minute ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Queue name table that may grow (history without queues.csv). */
typedef struct qtable {
    char (*names)[PP_NAME_MAX];
    size_t n, cap;
    bool fixed;
    size_t last;
} qtable;

static long qtable_index(qtable *t, const char *name)
{
    if (t->n && t->last < t->n && strcmp(t->names[t->last], name) == 0)
        return (long)t->last;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->names[i], name) == 0)
            return (long)(t->last = i);
    if (t->fixed)
        return -1;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        void *p = pp_realloc(t->names, cap * sizeof *t->names);
        if (!p)
            return -2;
        t->names = p;
        t->cap = cap;
    }
    snprintf(t->names[t->n], PP_NAME_MAX, "%s", name);
    return (long)(t->last = t->n++);
}

/* Shared core: parse queue + interval_start of every row, sort, find the grid.
 * On success *tuples (sorted) and the grid geometry are set. */
typedef struct grid_geom {
    int64_t start;
    int step;
    size_t n;
} grid_geom;

/* Where a row's (queue, time) lands in a grid of geometry g. */
static size_t cell_index(const grid_geom *g, const tuple *t)
{
    return t->q * g->n + (size_t)((t->minute - g->start) / g->step);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The file spans more than PP_MAX_SPAN_DAYS: names the row farthest from the
 * median timestamp (the outlier a typo made). */
static pp_status span_error(const pp_csv *csv, long c_t, const tuple *tp, size_t count,
                            pp_error *err)
{
    int64_t *m = pp_malloc(count * sizeof *m);
    if (!m)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    for (size_t k = 0; k < count; k++)
        m[k] = tp[k].minute;
    qsort(m, count, sizeof *m, cmp_i64);
    int64_t median = m[count / 2];
    pp_free(m);
    size_t worst = 0;
    int64_t worst_d = -1;
    for (size_t k = 0; k < count; k++) {
        int64_t d = tp[k].minute > median ? tp[k].minute - median : median - tp[k].minute;
        if (d > worst_d || (d == worst_d && tp[k].row < tp[worst].row)) {
            worst_d = d;
            worst = k;
        }
    }
    char day[16];
    pp_format_date(pp_day_of_minute(median), day, sizeof day);
    return pp_csv_fail(csv, tp[worst].row, c_t, err,
                       "%lld days from the rows' median date %s: a file may span at most %d "
                       "days (is the year a typo?)",
                       (long long)(worst_d / PP_MINUTES_PER_DAY), day, PP_MAX_SPAN_DAYS);
}

static pp_status collect(const pp_csv *csv, qtable *qt, int64_t cutoff, tuple **out_tuples,
                         size_t *out_count, grid_geom *geom, pp_error *err)
{
    long c_q = pp_csv_column(csv, "queue"), c_t = pp_csv_column(csv, "interval_start");
    size_t rows = pp_csv_rows(csv);
    tuple *tp = pp_malloc((rows ? rows : 1) * sizeof *tp);
    if (!tp)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    size_t count = 0, skipped = 0;
    int date_only_rows = 0, timed_rows = 0;
    pp_status st = PP_OK;
    for (size_t r = 0; r < rows; r++) {
        const char *name = pp_csv_cell(csv, r, c_q);
        if (!*name) {
            st = pp_csv_fail(csv, r, c_q, err, "missing value");
            goto fail;
        }
        long qi = strlen(name) < PP_NAME_MAX ? qtable_index(qt, name) : -1;
        if (qi == -2) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto fail;
        }
        if (qi < 0) {
            st = pp_csv_fail(csv, r, c_q, err, qt->fixed ? "unknown queue (not in queues.csv)"
                                                         : "queue name too long");
            goto fail;
        }
        int64_t minute;
        bool date_only;
        if (!pp_parse_timestamp(pp_csv_cell(csv, r, c_t), &minute, &date_only)) {
            st = pp_csv_fail(csv, r, c_t, err, "not a timestamp YYYY-MM-DD HH:MM");
            goto fail;
        }
        date_only ? date_only_rows++ : timed_rows++;
        if (minute >= cutoff) {
            skipped++;
            continue;
        }
        tp[count++] = (tuple){(size_t)qi, minute, r};
    }
    if (skipped)
        pp_warn("%s: ignoring %zu row%s at or after the plan start", pp_csv_label(csv), skipped,
                skipped == 1 ? "" : "s");
    if (count == 0) {
        st = pp_error_at(err, PP_EINVAL, pp_csv_label(csv), 1, 0, "no data rows%s",
                         skipped ? " before the plan start" : "");
        goto fail;
    }
    if (date_only_rows && timed_rows) {
        /* A date alone is daily data; mixing it with times of day is ambiguous. */
        for (size_t r = 0; r < rows; r++) {
            const char *s = pp_csv_cell(csv, r, c_t);
            if (strlen(s) == 10) {
                st = pp_csv_fail(csv, r, c_t, err,
                                 "a date without a time in a file of intraday timestamps");
                goto fail;
            }
        }
    }
    qsort(tp, count, sizeof *tp, cmp_tuple);

    /* Duplicates, per-queue modal gap, common step. */
    int step = 0;
    int64_t tmin = INT64_MAX, tmax = INT64_MIN;
    size_t i = 0;
    while (i < count) {
        size_t j = i;
        while (j < count && tp[j].q == tp[i].q)
            j++;
        /* Modal gap of this queue: gaps are few distinct values; count by sorting. */
        size_t ngaps = j - i - 1;
        int64_t mode = 0;
        if (ngaps > 0) {
            int64_t *gaps = pp_malloc(ngaps * sizeof *gaps);
            if (!gaps) {
                st = pp_error_set(err, PP_ENOMEM, "out of memory");
                goto fail;
            }
            for (size_t k = i + 1; k < j; k++) {
                if (tp[k].minute == tp[k - 1].minute) {
                    pp_free(gaps);
                    st = pp_csv_fail(csv, tp[k].row, c_t, err,
                                     "duplicate interval for queue \"%s\" (also on line %ld)",
                                     qt->names[tp[k].q], pp_csv_line(csv, tp[k - 1].row));
                    goto fail;
                }
                gaps[k - i - 1] = tp[k].minute - tp[k - 1].minute;
            }
            /* insertion-free mode: sort then scan */
            for (size_t a = 1; a < ngaps; a++) { /* gaps are mostly equal: nearly sorted */
                int64_t v = gaps[a];
                size_t b = a;
                while (b > 0 && gaps[b - 1] > v) {
                    gaps[b] = gaps[b - 1];
                    b--;
                }
                gaps[b] = v;
            }
            size_t best = 0;
            for (size_t a = 0; a < ngaps;) {
                size_t b = a;
                while (b < ngaps && gaps[b] == gaps[a])
                    b++;
                if (b - a > best) {
                    best = b - a;
                    mode = gaps[a];
                }
                a = b;
            }
            pp_free(gaps);
        }
        if (mode > 0 && (step == 0 || mode < step))
            step = mode > 1440 ? 1440 : (int)mode;
        if (tp[i].minute < tmin)
            tmin = tp[i].minute;
        if (tp[j - 1].minute > tmax)
            tmax = tp[j - 1].minute;
        i = j;
    }
    if (tmax - tmin > (int64_t)PP_MAX_SPAN_DAYS * PP_MINUTES_PER_DAY) {
        st = span_error(csv, c_t, tp, count, err);
        goto fail;
    }
    if (step == 0)
        step = date_only_rows ? 1440 : 0;
    if (step == 0) {
        st = pp_error_at(err, PP_EINVAL, pp_csv_label(csv), 1, 0,
                         "cannot tell the interval length: every queue has a single row");
        goto fail;
    }
    if (step < 5 || 1440 % step != 0) {
        st = pp_error_at(err, PP_EINVAL, pp_csv_label(csv), 0, 0,
                         "the interval length (%d minutes) must be 5 minutes to 1 day and "
                         "divide a day",
                         step);
        goto fail;
    }
    for (size_t k = 0; k < count; k++)
        if (((tp[k].minute % step) + step) % step != 0) {
            st = pp_csv_fail(csv, tp[k].row, c_t, err,
                             "timestamp off the %d-minute interval grid", step);
            goto fail;
        }
    geom->start = pp_day_of_minute(tmin) * PP_MINUTES_PER_DAY;
    geom->step = step;
    geom->n = (size_t)((tmax - geom->start) / step + 1);
    if (qt->n * geom->n > PP_MAX_GRID_CELLS) {
        st = pp_error_at(err, PP_EINVAL, pp_csv_label(csv), 0, 0,
                         "%zu queues x %zu intervals of %d minutes is over %.0f queue-intervals: "
                         "use fewer queues, a shorter span or a longer interval",
                         qt->n, geom->n, step, (double)PP_MAX_GRID_CELLS);
        goto fail;
    }
    *out_tuples = tp;
    *out_count = count;
    return PP_OK;
fail:
    pp_free(tp);
    return st;
}

static const char *const HIST_REQ[] = {"queue", "interval_start", "offered", NULL};
static const char *const HIST_OPT[] = {"aht_seconds", "handled", "abandoned", NULL};

void pp_history_release(pp_history *h)
{
    if (!h)
        return;
    pp_free(h->queue_names);
    pp_free(h->offered);
    pp_free(h->aht_seconds);
    memset(h, 0, sizeof *h);
}

/* With nq > 0, the table holds exactly these queues in this order and refuses any
 * other name; with nq == 0 it stays empty and learns names from the file. */
static pp_status qtable_fix(qtable *qt, const char *const *queue_names, size_t nq, pp_error *err)
{
    if (nq == 0)
        return PP_OK;
    qt->names = pp_calloc(nq, sizeof *qt->names);
    if (!qt->names)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    for (size_t q = 0; q < nq; q++)
        snprintf(qt->names[q], PP_NAME_MAX, "%s", queue_names[q]);
    qt->n = qt->cap = nq;
    qt->fixed = true;
    return PP_OK;
}

pp_status pp_load_history(const char *path, const char *const *queue_names, size_t nq,
                          int64_t cutoff, pp_history *out, pp_error *err)
{
    memset(out, 0, sizeof *out);
    pp_csv *csv = NULL;
    tuple *tp = NULL;
    size_t count = 0;
    grid_geom g;
    qtable qt = {0};
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    if ((st = pp_csv_check_columns(csv, HIST_REQ, HIST_OPT, err)) != PP_OK)
        goto cleanup;
    if ((st = qtable_fix(&qt, queue_names, nq, err)) != PP_OK)
        goto cleanup;
    if ((st = collect(csv, &qt, cutoff, &tp, &count, &g, err)) != PP_OK)
        goto cleanup;
    out->nq = qt.n;
    out->queue_names = qt.names;
    qt.names = NULL;
    out->start = g.start;
    out->step_minutes = g.step;
    out->n = g.n;
    out->offered = pp_calloc(out->nq * g.n, sizeof *out->offered);
    out->aht_seconds = pp_malloc(out->nq * g.n * sizeof *out->aht_seconds);
    if (!out->offered || !out->aht_seconds) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < out->nq * g.n; k++)
        out->aht_seconds[k] = NAN;
    long c_off = pp_csv_column(csv, "offered"), c_aht = pp_csv_column(csv, "aht_seconds"),
         c_h = pp_csv_column(csv, "handled"), c_ab = pp_csv_column(csv, "abandoned");
    for (size_t k = 0; k < count; k++) {
        size_t r = tp[k].row, idx = cell_index(&g, &tp[k]);
        double off, aht, h, ab;
        if ((st = pp_csv_number(csv, r, c_off, 0, PP_MAX_CONTACTS, NAN, &off, err)) ||
            (st = pp_csv_number_opt(csv, r, c_aht, 0, PP_SECONDS_PER_DAY, &aht, err)) ||
            (st = pp_csv_number(csv, r, c_h, 0, PP_MAX_CONTACTS, 0, &h, err)) ||
            (st = pp_csv_number(csv, r, c_ab, 0, PP_MAX_CONTACTS, 0, &ab, err)))
            goto cleanup;
        if (c_aht >= 0 && !isnan(aht) && aht <= 0 && off > 0) {
            st = pp_csv_fail(csv, r, c_aht, err, "handle time must be above 0 when there are contacts");
            goto cleanup;
        }
        out->offered[idx] = off;
        out->aht_seconds[idx] = off > 0 ? aht : NAN;
    }
cleanup:
    if (st != PP_OK)
        pp_history_release(out);
    pp_free(qt.names);
    pp_free(tp);
    pp_csv_free(csv);
    return st;
}

/* Plausible maximum of a grid column (docs/formats.md): contacts, handle times,
 * agents and percentages each have their own; anything else is merely finite. */
static double column_max(const char *name)
{
    size_t n = strlen(name);
    if (strcmp(name, PP_COL_AGENTS_NEEDED) == 0 || strcmp(name, PP_COL_AGENTS_PLANNED) == 0)
        return (double)PP_STAFF_MAX_AGENTS;
    if (strcmp(name, PP_COL_AHT) == 0)
        return PP_SECONDS_PER_DAY;
    if (strncmp(name, PP_COL_OFFERED, strlen(PP_COL_OFFERED)) == 0 ||
        strcmp(name, PP_COL_WORKLOAD) == 0)
        return PP_MAX_CONTACTS;
    if (n > 4 && strcmp(name + n - 4, "_pct") == 0)
        return 100;
    if (n > 7 && strcmp(name + n - 7, "_agents") == 0) /* work_spare_agents */
        return (double)PP_STAFF_MAX_AGENTS;
    return 1e9;
}

pp_status pp_load_grid(const char *path, const char *const *required,
                       const char *const *optional, const char *const *queue_names, size_t nq,
                       pp_grid **out, pp_error *err)
{
    *out = NULL;
    pp_csv *csv = NULL;
    tuple *tp = NULL;
    size_t count = 0;
    grid_geom g;
    qtable qt = {0};
    pp_grid *grid = NULL;
    const char *req[32], *opt[32];
    size_t nreq = 0, nopt = 0;
    req[nreq++] = "queue";
    req[nreq++] = "interval_start";
    for (const char *const *r = required; r && *r && nreq < 31; r++)
        req[nreq++] = *r;
    req[nreq] = NULL;
    for (const char *const *o = optional; o && *o && nopt < 31; o++)
        opt[nopt++] = *o;
    opt[nopt] = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    if ((st = pp_csv_check_columns(csv, req, opt, err)) != PP_OK)
        goto cleanup;
    if ((st = qtable_fix(&qt, queue_names, nq, err)) != PP_OK)
        goto cleanup;
    if ((st = collect(csv, &qt, INT64_MAX, &tp, &count, &g, err)) != PP_OK)
        goto cleanup;
    /* Grids from our own outputs start at the first interval, not at midnight. */
    int64_t first = INT64_MAX;
    for (size_t k = 0; k < count; k++)
        if (tp[k].minute < first)
            first = tp[k].minute;
    g.n -= (size_t)((first - g.start) / g.step);
    g.start = first;
    const char **names = pp_malloc((qt.n ? qt.n : 1) * sizeof *names);
    if (!names) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t q = 0; q < qt.n; q++)
        names[q] = qt.names[q];
    st = pp_grid_new(qt.n, names, g.start, g.step, g.n, &grid, err);
    pp_free(names);
    if (st != PP_OK)
        goto cleanup;
    for (size_t c = 2; c < nreq + nopt; c++) {
        const char *name = c < nreq ? req[c] : opt[c - nreq];
        long col = pp_csv_column(csv, name);
        if (col < 0)
            continue;
        double *v = pp_grid_add_column(grid, name, 0.0, err);
        if (!v) {
            st = PP_ENOMEM;
            goto cleanup;
        }
        for (size_t k = 0; k < count; k++) {
            size_t idx = cell_index(&g, &tp[k]);
            if ((st = pp_csv_number(csv, tp[k].row, col, 0, column_max(name), 0, &v[idx], err)))
                goto cleanup;
        }
    }
    /* Quantiles out of order (p50 above p90, say) would staff a quantile from a
     * curve that bends back: refuse the row rather than guess which is wrong. */
    const char *qcol[3] = {PP_COL_OFFERED_P10, PP_COL_OFFERED_P50, PP_COL_OFFERED_P90};
    for (int a = 0; a < 2; a++) {
        const double *lo = pp_grid_column_const(grid, qcol[a]),
                     *hi = pp_grid_column_const(grid, qcol[a + 1]);
        if (!lo || !hi)
            continue;
        for (size_t k = 0; k < count; k++) {
            size_t idx = cell_index(&g, &tp[k]);
            if (lo[idx] > hi[idx]) {
                st = pp_csv_fail(csv, tp[k].row, pp_csv_column(csv, qcol[a + 1]), err,
                                 "below %s (%g): quantiles must not decrease", qcol[a],
                                 lo[idx]);
                goto cleanup;
            }
        }
    }
    *out = grid;
    grid = NULL;
cleanup:
    pp_grid_free(grid);
    pp_free(qt.names);
    pp_free(tp);
    pp_csv_free(csv);
    return st;
}
