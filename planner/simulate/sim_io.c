/*
 * sim_io.c -- what the simulation reads (a workspace and a plan's output
 * folder) and what it writes (simulation.csv).
 *
 * The plan is taken as written: the forecast and the allocation of productive
 * agents come from the output folder's forecast.csv and coverage.csv, and
 * roster.csv gives the productive agents on duty per interval (each row's
 * agents times 1 - the vendor's shrinkage, over its shift minus its breaks:
 * the `breaks` column when present, else break_start..break_end,
 * time-weighted within an interval) which caps the allocation.  The queue and
 * vendor records come from the workspace, so targets, patience, concurrency
 * and escalations are the ones the plan was made for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/simulate.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

struct pp_sim_loaded {
    pp_queue *queues;
    size_t nq;
    pp_vendor *vendors;
    size_t nv;
    unsigned char *vendor_queue;
    pp_grid *forecast;
    pp_grid *coverage;
    double *on_duty;
};

void pp_sim_loaded_free(pp_sim_loaded *l)
{
    if (!l)
        return;
    pp_free(l->queues);
    pp_free(l->vendors);
    pp_free(l->vendor_queue);
    pp_grid_free(l->forecast);
    pp_grid_free(l->coverage);
    pp_free(l->on_duty);
    pp_free(l);
}

static void join(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

/* Adds `agents` productive agents over [a, b) minutes to on_duty, per interval. */
static void add_span(double *on_duty, size_t n, int64_t start, int step, int64_t a, int64_t b,
                     double agents)
{
    if (b <= a)
        return;
    int64_t end = start + (int64_t)n * step;
    if (a < start)
        a = start;
    if (b > end)
        b = end;
    for (int64_t m = a; m < b;) {
        size_t t = (size_t)((m - start) / step);
        int64_t t1 = start + (int64_t)(t + 1) * step;
        int64_t e = b < t1 ? b : t1;
        on_duty[t] += agents * (double)(e - m) / step;
        m = e;
    }
}

/* Parses a roster.csv `breaks` cell (HH:MM-HH:MM items joined by ';', in time
 * order) for the shift [a, b): each clock time is the first such minute at or
 * after the previous one (from the shift start), so breaks after midnight land
 * on the next day.  Writes up to `max` spans to bs[]/be[], *nb their count.
 * False when an item is malformed, out of order or outside the shift. */
static bool parse_roster_breaks(const char *cell, int64_t a, int64_t b, int64_t *bs,
                                int64_t *be, size_t max, size_t *nb)
{
    *nb = 0;
    int64_t at = a;
    const char *p = cell;
    while (*p) {
        char item[32];
        size_t len = strcspn(p, ";");
        if (len == 0 || len >= sizeof item || *nb == max)
            return false;
        memcpy(item, p, len);
        item[len] = '\0';
        p += len + (p[len] == ';');
        char *dash = strchr(item, '-');
        if (!dash)
            return false;
        *dash = '\0';
        int c0, c1;
        if (!pp_parse_clock(item, &c0) || !pp_parse_clock(dash + 1, &c1))
            return false;
        int64_t s = at + (((c0 - at) % PP_MINUTES_PER_DAY) + PP_MINUTES_PER_DAY) % PP_MINUTES_PER_DAY;
        int64_t e = s + (((c1 - s) % PP_MINUTES_PER_DAY) + PP_MINUTES_PER_DAY) % PP_MINUTES_PER_DAY;
        if (e <= s || e > b)
            return false;
        bs[*nb] = s;
        be[*nb] = e;
        ++*nb;
        at = e;
    }
    return true;
}

static pp_status load_roster(const char *path, const pp_vendor *vendors, size_t nv,
                             const pp_grid *grid, double *on_duty, pp_error *err)
{
    pp_csv *csv = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    static const char *const req[] = {"vendor", "start", "end", "agents", NULL};
    static const char *const opt[] = {"date",       "shift", "break_start", "break_end",
                                      "paid_hours", "cost",  "breaks",      NULL};
    if ((st = pp_csv_check_columns(csv, req, opt, err)) != PP_OK)
        goto cleanup;
    long cv = pp_csv_column(csv, "vendor"), cs = pp_csv_column(csv, "start"),
         ce = pp_csv_column(csv, "end"), cbs = pp_csv_column(csv, "break_start"),
         cbe = pp_csv_column(csv, "break_end"), ca = pp_csv_column(csv, "agents"),
         cbl = pp_csv_column(csv, "breaks");
    size_t n = pp_grid_intervals(grid);
    int64_t start = pp_grid_start(grid);
    int step = pp_grid_step(grid);
    for (size_t r = 0; r < pp_csv_rows(csv); r++) {
        const char *vn = pp_csv_cell(csv, r, cv);
        size_t v = 0;
        while (v < nv && strcmp(vendors[v].name, vn) != 0)
            v++;
        if (v == nv) {
            st = pp_csv_fail(csv, r, cv, err, "not a vendor of vendors.csv");
            goto cleanup;
        }
        int64_t a, b, ba = 0, bb = 0;
        bool date_only;
        if (!pp_parse_timestamp(pp_csv_cell(csv, r, cs), &a, &date_only) || date_only) {
            st = pp_csv_fail(csv, r, cs, err, "not a timestamp YYYY-MM-DD HH:MM");
            goto cleanup;
        }
        if (!pp_parse_timestamp(pp_csv_cell(csv, r, ce), &b, &date_only) || date_only || b < a) {
            st = pp_csv_fail(csv, r, ce, err, "not a timestamp at or after start");
            goto cleanup;
        }
        bool has_break = cbs >= 0 && cbe >= 0 && !pp_csv_blank(csv, r, cbs);
        if (has_break) {
            if (!pp_parse_timestamp(pp_csv_cell(csv, r, cbs), &ba, &date_only) || date_only ||
                ba < a || ba > b) {
                st = pp_csv_fail(csv, r, cbs, err, "not a timestamp within the shift");
                goto cleanup;
            }
            if (!pp_parse_timestamp(pp_csv_cell(csv, r, cbe), &bb, &date_only) || date_only ||
                bb < ba || bb > b) {
                st = pp_csv_fail(csv, r, cbe, err, "not a timestamp between break_start and end");
                goto cleanup;
            }
        }
        double agents;
        if ((st = pp_csv_number(csv, r, ca, 0, 1e7, NAN, &agents, err)) != PP_OK)
            goto cleanup;
        double productive = agents * (1 - vendors[v].shrinkage_pct / 100.0);
        /* several breaks (the `breaks` column): on duty between them */
        int64_t bs[PP_MAX_BREAKS], be[PP_MAX_BREAKS];
        size_t nb = 0;
        if (cbl >= 0 && !pp_csv_blank(csv, r, cbl)) {
            if (!parse_roster_breaks(pp_csv_cell(csv, r, cbl), a, b, bs, be, PP_MAX_BREAKS, &nb)) {
                st = pp_csv_fail(csv, r, cbl, err,
                                 "not a list of breaks HH:MM-HH:MM;... in time order within "
                                 "the shift (at most %d)",
                                 PP_MAX_BREAKS);
                goto cleanup;
            }
            int64_t m = a;
            for (size_t k = 0; k < nb; k++) {
                add_span(on_duty, n, start, step, m, bs[k], productive);
                m = be[k];
            }
            add_span(on_duty, n, start, step, m, b, productive);
        } else if (has_break) {
            add_span(on_duty, n, start, step, a, ba, productive);
            add_span(on_duty, n, start, step, bb, b, productive);
        } else {
            add_span(on_duty, n, start, step, a, b, productive);
        }
    }
cleanup:
    pp_csv_free(csv);
    return st;
}

pp_status pp_sim_load(const char *workspace_dir, const char *plan_dir, pp_sim_input *in,
                      pp_sim_loaded **loaded, pp_error *err)
{
    *loaded = NULL;
    memset(in, 0, sizeof *in);
    pp_sim_loaded *l = pp_calloc(1, sizeof *l);
    const char **names = NULL;
    if (!l)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    char path[4096];
    join(path, sizeof path, workspace_dir, "queues.csv");
    pp_status st = pp_load_queues(path, &l->queues, &l->nq, err);
    if (st != PP_OK)
        goto cleanup;
    names = pp_malloc((l->nq ? l->nq : 1) * sizeof *names);
    if (!names) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t q = 0; q < l->nq; q++)
        names[q] = l->queues[q].name;
    join(path, sizeof path, workspace_dir, "vendors.csv");
    if ((st = pp_load_vendors(path, names, l->nq, &l->vendors, &l->nv, &l->vendor_queue, err)) !=
        PP_OK)
        goto cleanup;
    static const char *const fc_req[] = {PP_COL_OFFERED, PP_COL_AHT, NULL};
    static const char *const fc_opt[] = {PP_COL_OFFERED_P10, PP_COL_OFFERED_P50,
                                         PP_COL_OFFERED_P90, NULL};
    join(path, sizeof path, plan_dir, "forecast.csv");
    if ((st = pp_load_grid(path, fc_req, fc_opt, names, l->nq, &l->forecast, err)) != PP_OK)
        goto cleanup;
    static const char *const cov_req[] = {PP_COL_AGENTS_PLANNED, NULL};
    static const char *const cov_opt[] = {PP_COL_AGENTS_NEEDED, PP_COL_SERVICE_LEVEL,
                                          PP_COL_ASA,           PP_COL_ABANDON,
                                          PP_COL_BACKLOG,       PP_COL_SHORTFALL,
                                          PP_COL_OFFERED,       NULL};
    join(path, sizeof path, plan_dir, "coverage.csv");
    if ((st = pp_load_grid(path, cov_req, cov_opt, names, l->nq, &l->coverage, err)) != PP_OK)
        goto cleanup;
    if (pp_grid_intervals(l->coverage) != pp_grid_intervals(l->forecast) ||
        pp_grid_start(l->coverage) != pp_grid_start(l->forecast) ||
        pp_grid_step(l->coverage) != pp_grid_step(l->forecast)) {
        st = pp_error_at(err, PP_EINVAL, path, 0, 0,
                         "coverage.csv and forecast.csv are not on the same intervals");
        goto cleanup;
    }
    size_t n = pp_grid_intervals(l->forecast);
    if (!(l->on_duty = pp_calloc(n ? n : 1, sizeof(double)))) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    join(path, sizeof path, plan_dir, "roster.csv");
    if ((st = load_roster(path, l->vendors, l->nv, l->forecast, l->on_duty, err)) != PP_OK)
        goto cleanup;
    in->queues = l->queues;
    in->nq = l->nq;
    in->forecast = l->forecast;
    in->coverage = l->coverage;
    in->on_duty = l->on_duty;
    *loaded = l;
    l = NULL;
cleanup:
    pp_free(names);
    pp_sim_loaded_free(l);
    return st;
}

/* ---------------------------------------------------------------- writing */

static void put_num(FILE *fp, double x, int decimals)
{
    if (isfinite(x))
        fprintf(fp, ",%.*f", decimals, x);
    else
        fputs(",", fp);
}

static void put_stat(FILE *fp, pp_sim_stat s, int decimals)
{
    put_num(fp, s.mean, decimals);
    put_num(fp, s.ci, decimals);
}

pp_status pp_sim_write_csv(const pp_sim_result *r, const pp_queue *queues, size_t nq,
                           const char *path, pp_error *err)
{
    pp_outset *set = NULL;
    FILE *fp = NULL;
    pp_status st = pp_outset_single(path, &set, &fp, err);
    if (st != PP_OK)
        return st;
    fputs("queue,level,period,offered,offered_ci,service_level_pct,service_level_ci,"
          "planned_service_level_pct,asa_seconds,asa_ci,planned_asa_seconds,abandon_pct,"
          "abandon_ci,planned_abandon_pct,within_deadline_pct,within_deadline_ci,backlog,"
          "backlog_ci,planned_backlog,days_met_pct,days_met_ci\n",
          fp);
    static const char *const level[] = {"interval", "day", "horizon"};
    for (size_t i = 0; i < pp_sim_result_rows(r); i++) {
        const pp_sim_row *row = pp_sim_result_row(r, i);
        if (row->queue >= nq) {
            pp_outset_free(set);
            return pp_error_set(err, PP_EINVAL, "simulate: result names queue %zu of %zu",
                                row->queue, nq);
        }
        const pp_queue *Q = &queues[row->queue];
        char when[32];
        if (row->level == PP_SIM_INTERVAL)
            pp_format_timestamp(row->start, when, sizeof when);
        else if (row->level == PP_SIM_DAY)
            pp_format_date(pp_day_of_minute(row->start), when, sizeof when);
        else
            snprintf(when, sizeof when, "all");
        pp_csv_put_text(fp, Q->name);
        fprintf(fp, ",%s,%s", level[row->level], when);
        put_stat(fp, row->offered, 3);
        put_stat(fp, row->service_level, 2);
        put_num(fp, row->planned_service_level, 2);
        put_stat(fp, row->asa_seconds, 2);
        put_num(fp, row->planned_asa_seconds, 2);
        put_stat(fp, row->abandon_pct, 2);
        put_num(fp, row->planned_abandon_pct, 2);
        if (pp_channel_is_deferred(Q->channel))
            put_stat(fp, row->service_level, 2);
        else
            fputs(",,", fp);
        put_stat(fp, row->backlog, 3);
        put_num(fp, row->planned_backlog, 3);
        put_stat(fp, row->days_met_pct, 2);
        fputc('\n', fp);
    }
    st = pp_outset_commit(set, err);
    pp_outset_free(set);
    return st;
}
