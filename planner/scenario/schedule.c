/*
 * schedule.c -- schedule.csv: one row per person (position) and working day, with
 * the day's activity segments, for rostering tools to import.
 *
 * The plan decides shift starts (roster.csv), the people who work them (tours:
 * each tour is `people` persons with the same day pattern) and how many
 * productive agents of each vendor serve each queue per interval (allocation).
 * A rostering tool needs the same facts per person.  This module numbers a
 * vendor's people 1..headcount, tour by tour, and gives each person-day
 *   - the tour's shift that day (family and start);
 *   - its breaks: the roster has one row per (shift start, break placements) with
 *     an agent count, so the people starting a shift are dealt to those rows in
 *     position order, and the counts match roster.csv exactly; each break is its
 *     own segment, even back to back with the next;
 *   - a queue for every working part of every interval: per vendor and interval
 *     the people at work are split over queues in proportion to the allocation
 *     (largest remainder, so the split is within one person of it), keeping a
 *     person on the queue of the interval before while that queue's share
 *     allows: fewer switches, the same counts.  Where the vendor has people at
 *     work and no allocation, they are `available`.
 * Breaks are `break` when paid and `meal` when not.  Days off have no row; a
 * tour's paid day without a shift (`spare` in tours.csv) is a row whose segment
 * is `spare`.  Everything is a pure function of the plan: same plan, same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/output.h"
#include "peakplan/timeutil.h"

typedef struct person_day {
    int64_t start, end; /* minutes */
    int nbreaks;        /* breaks in time order (roster.csv's placements) */
    int64_t break_start[PP_MAX_BREAKS], break_end[PP_MAX_BREAKS];
    bool paid_break[PP_MAX_BREAKS];
    size_t family;
    int works;   /* 1 shift, 2 spare, 0 off */
} person_day;

/* The roster row index range [lo, hi) of vendor v, day start `start` and family f,
 * in the roster's order (sorted by vendor, start, family). */
static void roster_rows_of(const pp_roster_row *rows, size_t nr, size_t v, size_t f,
                           int64_t start, size_t *lo, size_t *hi)
{
    size_t i = 0;
    while (i < nr && !(rows[i].vendor == v && rows[i].family == f && rows[i].start == start))
        i++;
    *lo = i;
    while (i < nr && rows[i].vendor == v && rows[i].family == f && rows[i].start == start)
        i++;
    *hi = i;
}

/* Activity index of minute m for person-day pd: BREAK_ACT - b for break b (its
 * own code, so back-to-back breaks stay separate segments), -2 outside the shift,
 * else the interval's queue assignment (queue index, or nq for `available`). */
#define BREAK_ACT (-100)
static int activity_at(const person_day *pd, int64_t m, const int *assign, int64_t g0, int step,
                       size_t n)
{
    if (m < pd->start || m >= pd->end)
        return -2;
    for (int b = 0; b < pd->nbreaks; b++)
        if (m >= pd->break_start[b] && m < pd->break_end[b])
            return BREAK_ACT - b;
    int64_t t = (m - g0) / step;
    if (m < g0 || t >= (int64_t)n)
        return -2 - 1; /* outside the planning grid: no queue known */
    return assign[t];
}

static void put_segment(FILE *fp, int *first, int64_t a, int64_t b, const char *what)
{
    char ca[8], cb[8];
    pp_format_clock(a, ca, sizeof ca);
    pp_format_clock(b, cb, sizeof cb);
    /* queue names are letters, digits and _ - . + (workspace.c): nothing to quote */
    fprintf(fp, "%s%s-%s %s", *first ? "" : ";", ca, cb, what);
    *first = 0;
}

pp_status pp_write_schedule_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                                size_t nv, const pp_shift_family *families, pp_error *err)
{
    fputs("vendor,position,tour,date,start,end,segments\n", fp);
    const pp_grid *cov = pp_plan_coverage(plan);
    const double *alloc = pp_plan_allocation(plan);
    if (!cov || !alloc)
        return PP_OK; /* an infeasible plan: nobody to schedule */
    const size_t nq = pp_grid_queues(cov), n = pp_grid_intervals(cov), days = pp_plan_days(plan);
    const int64_t g0 = pp_grid_start(cov), day0 = pp_plan_start_day(plan);
    const int step = pp_grid_step(cov);
    const pp_tour *tours = pp_plan_tours(plan);
    const size_t ntours = pp_plan_tour_count(plan);
    const pp_roster_row *rows = pp_plan_roster(plan);
    const size_t nr = pp_plan_roster_count(plan);

    pp_status st = PP_OK;
    long maxp = 0;
    for (size_t v = 0; v < nv; v++)
        if (pp_plan_headcount(plan, v) > maxp)
            maxp = pp_plan_headcount(plan, v);
    size_t P = (size_t)maxp;
    person_day *pd = pp_calloc(P * days + 1, sizeof *pd);
    size_t *tour_of = pp_calloc(P + 1, sizeof *tour_of);
    int *assign = pp_malloc((P * n + 1) * sizeof *assign);   /* person x interval */
    long *left = pp_calloc(nr + 1, sizeof *left);            /* roster agents not yet dealt */
    size_t *present = pp_malloc((P + 1) * sizeof *present);
    long *quota = pp_calloc(nq + 1, sizeof *quota);
    double *rem = pp_calloc(nq + 1, sizeof *rem);
    if (!pd || !tour_of || !assign || !left || !present || !quota || !rem) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nr; i++)
        left[i] = rows[i].agents;

    size_t k0 = 0;
    for (size_t v = 0; v < nv; v++) {
        /* the vendor's people, tour by tour, and their days */
        size_t np = 0;
        while (k0 < ntours && tours[k0].vendor < v)
            k0++;
        size_t tour_number = 0;
        for (size_t k = k0; k < ntours && tours[k].vendor == v; k++) {
            tour_number++;
            for (long p = 0; p < tours[k].people && np < P; p++, np++) {
                tour_of[np] = tour_number;
                for (size_t d = 0; d < days; d++) {
                    const pp_tour_day *td = &tours[k].days[d];
                    person_day *x = &pd[np * days + d];
                    memset(x, 0, sizeof *x);
                    if (td->kind == PP_TOUR_SPARE)
                        x->works = 2;
                    if (td->kind != PP_TOUR_WORK)
                        continue;
                    const pp_shift_family *f = &families[td->family];
                    x->works = 1;
                    x->family = td->family;
                    x->start = td->start;
                    x->end = td->start + f->length_minutes;
                    /* the roster row (break placement) this person takes */
                    size_t lo, hi;
                    roster_rows_of(rows, nr, v, td->family, td->start, &lo, &hi);
                    for (size_t i = lo; i < hi; i++)
                        if (left[i] > 0) {
                            left[i]--;
                            x->end = rows[i].end;
                            x->nbreaks = rows[i].nbreaks;
                            for (int b = 0; b < rows[i].nbreaks; b++) {
                                x->break_start[b] = rows[i].breaks[b].start;
                                x->break_end[b] = rows[i].breaks[b].end;
                                x->paid_break[b] = rows[i].breaks[b].paid;
                            }
                            break;
                        }
                }
            }
        }
        if (np == 0)
            continue;

        /* queues per person and interval, in time order (the interval before decides
         * who stays where) */
        for (size_t t = 0; t < n; t++) {
            int64_t a = g0 + (int64_t)t * step, b = a + step;
            size_t npres = 0;
            for (size_t p = 0; p < np; p++) {
                assign[p * n + t] = (int)nq;
                int at_work = 0;
                /* a shift of the interval's day or, past midnight, of the day before */
                int64_t dn = pp_day_of_minute(a) - day0;
                for (int64_t d = dn - 1; d <= dn && !at_work; d++) {
                    if (d < 0 || d >= (int64_t)days)
                        continue;
                    const person_day *x = &pd[p * days + (size_t)d];
                    if (x->works != 1 || x->end <= a || x->start >= b)
                        continue;
                    /* working minutes inside [a, b) other than the breaks */
                    int64_t s = x->start > a ? x->start : a, e = x->end < b ? x->end : b;
                    int64_t worked = e - s;
                    for (int k = 0; k < x->nbreaks; k++) {
                        int64_t bs = x->break_start[k] > s ? x->break_start[k] : s;
                        int64_t be = x->break_end[k] < e ? x->break_end[k] : e;
                        worked -= be > bs ? be - bs : 0;
                    }
                    at_work = worked > 0;
                }
                if (at_work)
                    present[npres++] = p;
            }
            double total = 0;
            for (size_t q = 0; q < nq; q++)
                total += fmax(alloc[(v * nq + q) * n + t], 0);
            if (npres == 0 || !(total > 1e-9))
                continue; /* nobody at work, or nobody needed: `available` */
            /* largest remainder: quota[q] people on q, summing to npres */
            long given = 0;
            for (size_t q = 0; q < nq; q++) {
                double share = fmax(alloc[(v * nq + q) * n + t], 0) / total * (double)npres;
                quota[q] = (long)floor(share);
                rem[q] = share - (double)quota[q];
                given += quota[q];
            }
            while (given < (long)npres) {
                size_t best = 0;
                for (size_t q = 1; q < nq; q++)
                    if (rem[q] > rem[best] + 1e-12)
                        best = q;
                quota[best]++;
                rem[best] = -1;
                given++;
            }
            /* stay on the queue of the interval before where its quota allows */
            for (size_t i = 0; i < npres; i++) {
                size_t p = present[i];
                int prev = t > 0 ? assign[p * n + t - 1] : (int)nq;
                if (prev < (int)nq && quota[prev] > 0) {
                    assign[p * n + t] = prev;
                    quota[prev]--;
                } else
                    assign[p * n + t] = -1; /* to place */
            }
            for (size_t i = 0; i < npres; i++) {
                size_t p = present[i];
                if (assign[p * n + t] != -1)
                    continue;
                size_t best = 0;
                for (size_t q = 1; q < nq; q++)
                    if (quota[q] > quota[best])
                        best = q;
                assign[p * n + t] = (int)best;
                quota[best]--;
            }
        }

        /* the rows */
        for (size_t p = 0; p < np; p++)
            for (size_t d = 0; d < days; d++) {
                const person_day *x = &pd[p * days + d];
                if (!x->works)
                    continue;
                char date[16];
                pp_format_date(day0 + (int64_t)d, date, sizeof date);
                pp_csv_put_text(fp, vendors[v].name);
                fprintf(fp, ",%zu,%zu,%s,", p + 1, tour_of[p], date);
                if (x->works == 2) {
                    fputs(",,spare\n", fp);
                    continue;
                }
                char ts[32];
                pp_format_timestamp(x->start, ts, sizeof ts);
                fprintf(fp, "%s,", ts);
                pp_format_timestamp(x->end, ts, sizeof ts);
                fprintf(fp, "%s,", ts);
                /* cut at interval and break boundaries; merge equal neighbours */
                int first = 1, cur = activity_at(x, x->start, assign + p * n, g0, step, n);
                int64_t seg = x->start, m = x->start;
                while (m < x->end) {
                    int64_t next = x->end;
                    int64_t tb = g0 + ((m - g0) / step + 1) * step; /* next interval start */
                    if (m < g0)
                        tb = g0;
                    if (tb > m && tb < next)
                        next = tb;
                    for (int k = 0; k < x->nbreaks; k++) {
                        if (x->break_start[k] > m && x->break_start[k] < next)
                            next = x->break_start[k];
                        if (x->break_end[k] > m && x->break_end[k] < next)
                            next = x->break_end[k];
                    }
                    int act = next < x->end ? activity_at(x, next, assign + p * n, g0, step, n)
                                            : cur;
                    if (next >= x->end || act != cur) {
                        const char *what = cur <= BREAK_ACT
                                               ? (x->paid_break[BREAK_ACT - cur] ? "break" : "meal")
                                           : cur < 0   ? "work"
                                           : cur == (int)nq ? "available"
                                                       : pp_grid_queue_name(cov, (size_t)cur);
                        put_segment(fp, &first, seg, next, what);
                        seg = next;
                        cur = act;
                    }
                    m = next;
                }
                fputc('\n', fp);
            }
    }
done:
    pp_free(pd);
    pp_free(tour_of);
    pp_free(assign);
    pp_free(left);
    pp_free(present);
    pp_free(quota);
    pp_free(rem);
    return st;
}
