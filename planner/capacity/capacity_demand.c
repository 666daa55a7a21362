/*
 * capacity_demand.c -- the demand of the capacity plan, from the engines.
 *
 * The forecast engine forecasts every queue at the workspace's interval over
 * the whole horizon from the history known on [capacity] start (later rows
 * are what the plan is for, not what it may know); the staffing engine turns
 * each interval into productive agents (with plan.ini's quantile, or
 * capacity.ini's).  Summed per week they are the agent-hours a queue needs:
 * the Erlang economies of scale, the occupancy caps and the service targets of
 * every interval are in that number.  Deferred queues (email, ticket) count
 * their arriving work (offered x handle time, plus what escalations bring): over
 * a week the work has to be done, whatever its deadline.  Required FTE = agent-hours / (hours per FTE x
 * (1 - week shrinkage) x (1 - queue shrinkage)).
 *
 * Beside it, the spreadsheet figure planners use: workload hours (offered x
 * handle time, chats divided by their concurrency) / (hours per FTE x (1 -
 * shrinkage) x occupancy).  It ignores service targets and interval peaks, so
 * it is lower on small queues and peaky weeks; docs/capacity.md shows both.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "capacity/capacity_internal.h"
#include "core/alloc.h"
#include "peakplan/forecast.h"
#include "peakplan/grid.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

void pp_cap_demand_to_fte(pp_cap_result *r, const double *queue_shrinkage_pct)
{
    const pp_cap_config *c = &r->cfg;
    for (size_t q = 0; q < r->nq; q++)
        for (size_t w = 0; w < r->weeks; w++) {
            double avail = c->hours_per_fte * (1 - c->shrinkage_pct[w] / 100);
            double qs = queue_shrinkage_pct && !isnan(queue_shrinkage_pct[q])
                            ? 1 - queue_shrinkage_pct[q] / 100
                            : 1;
            size_t i = q * r->weeks + w;
            r->required_fte[i] = r->agent_hours[i] / (avail * qs);
            r->spreadsheet_fte[i] = r->workload_hours[i] / (avail * c->occupancy_pct / 100);
        }
}

/* Path of `name` in folder `dir` into buf. */
static const char *join(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

void pp_cap_inputs_release(pp_cap_inputs *in)
{
    pp_grid_free(in->fc);
    pp_free(in->names);
    pp_free(in->qshr);
    pp_free(in->staff);
    pp_cap_config_release(&in->cfg);
    pp_workspace_free(in->ws);
    memset(in, 0, sizeof *in);
}

pp_status pp_cap_inputs_load(const char *dir, const pp_cap_params *p, pp_cap_inputs *in,
                             pp_error *err)
{
    memset(in, 0, sizeof *in);
    char path[4096];
    pp_history h = {0};
    pp_status st = pp_workspace_load(dir, &in->ws, err);
    if (st != PP_OK)
        goto done;
    if ((st = pp_cap_config_load(join(path, sizeof path, dir, "capacity.ini"), p ? p->weeks : 0,
                                 &in->cfg, err)) != PP_OK)
        goto done;
    const pp_workspace *ws = in->ws;
    in->nv = pp_workspace_vendor_count(ws);
    in->nq = pp_workspace_queue_count(ws);
    size_t nq = in->nq, W = in->cfg.weeks;
    const pp_queue *queues = pp_workspace_queues(ws);
    const pp_plan_config *pc = pp_workspace_config(ws);
    if ((st = pp_cap_staff_load(join(path, sizeof path, dir, "staff.csv"),
                                pp_workspace_vendors(ws), in->nv, W, &in->staff, &in->ns,
                                err)) != PP_OK)
        goto done;
    in->names = pp_malloc((nq ? nq : 1) * sizeof *in->names);
    in->qshr = pp_malloc((nq ? nq : 1) * sizeof *in->qshr);
    if (!in->names || !in->qshr) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t q = 0; q < nq; q++) {
        in->names[q] = queues[q].name;
        in->qshr[q] = queues[q].shrinkage_pct;
    }
    in->quantile = isnan(in->cfg.quantile) ? pc->quantile : in->cfg.quantile;
    /* the history known on the first day of the horizon */
    if ((st = pp_load_history(join(path, sizeof path, dir, "history.csv"), in->names, nq,
                              in->cfg.start_day * PP_MINUTES_PER_DAY, &h, err)) != PP_OK)
        goto done;
    pp_fc_input fin = {.nq = nq,
                       .queue_names = in->names,
                       .history_start = h.start,
                       .history_step_minutes = h.step_minutes,
                       .history_n = h.n,
                       .offered = h.offered,
                       .aht_seconds = h.aht_seconds,
                       .events = pp_workspace_events(ws),
                       .ne = pp_workspace_event_count(ws),
                       .event_queues = pp_workspace_event_queues(ws)};
    pp_fc_params fp;
    pp_fc_params_init(&fp);
    fp.start_day = in->cfg.start_day;
    fp.horizon_days = 7 * W;
    fp.interval_minutes = pc->interval_minutes;
    if ((st = pp_fc_run(&fin, &fp, NULL, NULL, &in->fc, err)) != PP_OK)
        pp_error_prefix(err, "capacity: forecast");
done:
    pp_history_release(&h);
    if (st != PP_OK)
        pp_cap_inputs_release(in);
    return st;
}

pp_status pp_cap_demand_hours(const pp_cap_inputs *in, const pp_grid *fc, double quantile,
                              double *hours, double *work, pp_error *err)
{
    size_t nq = in->nq, W = in->cfg.weeks;
    const pp_queue *queues = pp_workspace_queues(in->ws);
    pp_grid *req = NULL, *live = NULL;
    pp_status st = PP_OK;
    memset(hours, 0, nq * W * sizeof *hours);
    memset(work, 0, nq * W * sizeof *work);
    pp_staff_params sp;
    pp_staff_params_init(&sp);
    sp.quantile = quantile;
    /* Deferred queues go to the engine empty: their weekly need is their arriving
     * work, summed below from the forecast, and the birth-death chain that times
     * each item against its deadline costs about 0.1 s per queue-day -- half a
     * minute for this horizon -- for a number a week's sum does not use.  What
     * escalations bring them still arrives through the engine. */
    if (!(live = pp_grid_copy(fc))) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    static const char *const vol_cols[] = {PP_COL_OFFERED, PP_COL_OFFERED_P10, PP_COL_OFFERED_P50,
                                           PP_COL_OFFERED_P90};
    size_t nfc0 = pp_grid_intervals(fc);
    for (size_t k = 0; k < 4; k++) {
        double *col = pp_grid_column(live, vol_cols[k]);
        for (size_t q = 0; col && q < nq; q++)
            if (pp_channel_is_deferred(queues[q].channel))
                memset(col + q * nfc0, 0, nfc0 * sizeof *col);
    }
    if ((st = pp_staff_requirements(queues, nq, live, &sp, &req, err)) != PP_OK) {
        pp_error_prefix(err, "capacity: staffing");
        goto done;
    }
    /* weekly sums */
    size_t n = pp_grid_intervals(req);
    double step_h = pp_grid_step(req) / 60.0;
    int64_t t0 = pp_grid_start(req);
    const double *need = pp_grid_column_const(req, PP_COL_AGENTS_NEEDED);
    const double *roff = pp_grid_column_const(req, PP_COL_OFFERED);
    const double *raht = pp_grid_column_const(req, PP_COL_AHT);
    const double *off = pp_grid_column_const(fc, PP_COL_OFFERED);
    const double *p10 = pp_grid_column_const(fc, PP_COL_OFFERED_P10);
    const double *p50 = pp_grid_column_const(fc, PP_COL_OFFERED_P50);
    const double *p90 = pp_grid_column_const(fc, PP_COL_OFFERED_P90);
    const double *aht = pp_grid_column_const(fc, PP_COL_AHT);
    size_t nfc = pp_grid_intervals(fc);
    for (size_t q = 0; q < nq; q++) {
        bool deferred = pp_channel_is_deferred(queues[q].channel);
        double conc = queues[q].concurrency >= 1 ? queues[q].concurrency : 1;
        for (size_t t = 0; t < n && t < nfc; t++) {
            int64_t minute = t0 + (int64_t)t * pp_grid_step(req);
            int64_t wk = (pp_day_of_minute(minute) - in->cfg.start_day) / 7;
            if (wk < 0 || (size_t)wk >= W)
                continue;
            size_t i = q * W + (size_t)wk, k = q * nfc + t;
            double o = off[k], s = aht[k];
            if (isnan(o) || isnan(s))
                o = s = 0;
            if (deferred) {
                /* the forecast's own contacts (at the quantile staffed to) plus what
                 * escalations bring, each at its handle time: the work of the week */
                double oq = o;
                if (!isnan(sp.quantile) && p10 && p50 && p90) {
                    double v = pp_staff_forecast_quantile(sp.quantile, p10[k], p50[k], p90[k]);
                    if (!isnan(v))
                        oq = v;
                }
                double esc = roff && raht && !isnan(roff[k]) && !isnan(raht[k])
                                 ? roff[k] * raht[k] / 3600.0 : 0;
                hours[i] += oq * s / 3600.0 + esc;
                work[i] += o * s / 3600.0 + esc;
            } else {
                double a = need[k];
                hours[i] += (isnan(a) ? 0 : a) * step_h;
                work[i] += o * s / 3600.0 / conc;
            }
        }
    }
done:
    pp_grid_free(req);
    pp_grid_free(live);
    return st;
}

pp_status pp_cap_solve_demand(const pp_cap_inputs *in, const pp_cap_config *cfg,
                              const pp_cap_staff *staff, const double *qshr,
                              const double *hours, const double *work, const pp_cap_params *p,
                              pp_cap_result **out, pp_error *err)
{
    *out = NULL;
    size_t nq = in->nq, W = cfg->weeks, nqw = nq * W > 0 ? nq * W : 1;
    pp_cap_result tmp = {.cfg = *cfg, .nq = nq, .weeks = W,
                         .required_fte = pp_calloc(nqw, sizeof(double)),
                         .agent_hours = pp_malloc(nqw * sizeof(double)),
                         .workload_hours = pp_malloc(nqw * sizeof(double)),
                         .spreadsheet_fte = pp_calloc(nqw, sizeof(double))};
    pp_status st = PP_OK;
    if (!tmp.required_fte || !tmp.agent_hours || !tmp.workload_hours || !tmp.spreadsheet_fte) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(tmp.agent_hours, hours, nq * W * sizeof(double));
    memcpy(tmp.workload_hours, work, nq * W * sizeof(double));
    /* the solver sees FTE: fill them by the result's own conversion */
    pp_cap_demand_to_fte(&tmp, qshr);
    pp_cap_result *r = NULL;
    st = pp_cap_solve(cfg, staff, in->ns, pp_workspace_vendors(in->ws), in->nv,
                      pp_workspace_vendor_queue(in->ws), in->names, nq, tmp.required_fte, p, &r,
                      err);
    if (st == PP_OK) {
        r->agent_hours = tmp.agent_hours;
        r->workload_hours = tmp.workload_hours;
        r->spreadsheet_fte = tmp.spreadsheet_fte;
        tmp.agent_hours = tmp.workload_hours = tmp.spreadsheet_fte = NULL;
        *out = r;
    }
done:
    pp_free(tmp.required_fte);
    pp_free(tmp.agent_hours);
    pp_free(tmp.workload_hours);
    pp_free(tmp.spreadsheet_fte);
    return st;
}

double pp_cap_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

pp_status pp_cap_run(const char *dir, const pp_cap_params *p, pp_cap_result **out,
                     pp_error *err)
{
    *out = NULL;
    pp_cap_inputs in;
    double t0 = pp_cap_clock();
    pp_status st = pp_cap_inputs_load(dir, p, &in, err);
    if (st != PP_OK)
        return st;
    pp_cap_note(p, NAN, PP_STAGE_NOTE, "capacity: inputs and forecast of %zu queues over %zu "
                "weeks in %.2f s", in.nq, in.cfg.weeks, pp_cap_clock() - t0);
    size_t nqw = in.nq * in.cfg.weeks > 0 ? in.nq * in.cfg.weeks : 1;
    double *hours = pp_malloc(nqw * sizeof *hours), *work = pp_malloc(nqw * sizeof *work);
    double t1 = pp_cap_clock();
    if (!hours || !work)
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    else if ((st = pp_cap_demand_hours(&in, in.fc, in.quantile, hours, work, err)) == PP_OK) {
        pp_cap_note(p, NAN, PP_STAGE_NOTE, "capacity: staffing engine (agent-hours per queue "
                    "and week) in %.2f s", pp_cap_clock() - t1);
        st = pp_cap_solve_demand(&in, &in.cfg, in.staff, in.qshr, hours, work, p, out, err);
    }
    pp_free(hours);
    pp_free(work);
    pp_cap_inputs_release(&in);
    return st;
}
