/*
 * pipeline.c -- the whole job on a workspace: forecast -> requirements ->
 * plan -> what the plan achieves.  Each stage is a pure function from
 * immutable inputs to a newly owned output; the result owns all three.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/forecast.h"
#include "peakplan/interrupt.h"
#include "peakplan/pipeline.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "scenario/pipeline_internal.h"
#include "io/workspace_internal.h"

struct pp_run_result {
    pp_grid *forecast;
    pp_grid *requirements;
    pp_plan *plan;
    pp_grid *coverage; /* what the plan achieves; NULL for an infeasible plan */
    double service_level_pct;
};

void pp_run_params_init(pp_run_params *p)
{
    p->time_limit_seconds = NAN;
    p->verbosity = 0;
    p->progress = NULL;
    p->userdata = NULL;
    p->solver_threads = 0;
    p->quantile = NAN;
}

double pp_run_quantile(const pp_workspace *ws, const pp_run_params *p)
{
    return p && !isnan(p->quantile) ? p->quantile : ws->config.quantile;
}

void pp_run_result_free(pp_run_result *r)
{
    if (!r)
        return;
    pp_grid_free(r->forecast);
    pp_grid_free(r->requirements);
    pp_plan_free(r->plan);
    pp_grid_free(r->coverage);
    pp_free(r);
}

/* The forecast's text notes reach pp_run_params.progress as PP_STAGE_NOTE reports. */
static void forecast_note(void *userdata, const char *line)
{
    const pp_run_params *p = userdata;
    pp_progress pr = {.elapsed_seconds = NAN, .incumbent = NAN, .bound = NAN, .gap = NAN,
                      .stage = PP_STAGE_NOTE, .note = line};
    p->progress(&pr, p->userdata);
}

const pp_grid *pp_run_forecast(const pp_run_result *r) { return r->forecast; }
const pp_grid *pp_run_requirements(const pp_run_result *r) { return r->requirements; }
const pp_plan *pp_run_plan(const pp_run_result *r) { return r->plan; }
const pp_grid *pp_run_coverage(const pp_run_result *r) { return r->coverage; }
double pp_run_service_level_pct(const pp_run_result *r) { return r->service_level_pct; }

pp_status pp_stage_forecast(const pp_workspace *ws, const pp_run_params *p, pp_grid **out,
                            pp_error *err)
{
    const pp_plan_config *cfg = &ws->config;
    const pp_history *h = &ws->history;
    const char **names = pp_malloc((h->nq ? h->nq : 1) * sizeof *names);
    if (!names)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    for (size_t q = 0; q < h->nq; q++)
        names[q] = h->queue_names[q];
    pp_fc_input in = {
        .nq = h->nq,
        .queue_names = names,
        .history_start = h->start,
        .history_step_minutes = h->step_minutes,
        .history_n = h->n,
        .offered = h->offered,
        .aht_seconds = h->aht_seconds,
        .events = ws->events,
        .ne = ws->ne,
        .event_queues = ws->event_queues,
    };
    pp_fc_params fp;
    pp_fc_params_init(&fp);
    fp.start_day = cfg->start_day;
    fp.horizon_days = cfg->days;
    fp.interval_minutes = cfg->interval_minutes;
    bool notes = p && p->progress;
    pp_status st = pp_fc_run(&in, &fp, notes ? forecast_note : NULL, notes ? (void *)p : NULL, out,
                             err);
    pp_free(names);
    if (st != PP_OK)
        pp_error_prefix(err, "forecast");
    return st;
}

pp_status pp_stage_staff(const pp_queue *queues, size_t nq, const pp_grid *forecast,
                         double quantile, const pp_queue *reuse_queues, const pp_grid *reuse,
                         pp_grid **out, pp_error *err)
{
    pp_staff_params sp;
    pp_staff_params_init(&sp);
    sp.quantile = quantile;
    sp.reuse = reuse;
    sp.reuse_queues = reuse_queues;
    pp_status st = pp_staff_requirements(queues, nq, forecast, &sp, out, err);
    if (st != PP_OK)
        pp_error_prefix(err, "staffing");
    return st;
}

pp_status pp_stage_plan(const pp_stage_inputs *si, const pp_grid *req, const pp_run_params *p,
                        pp_plan **out, pp_grid **coverage, pp_error *err)
{
    const pp_workspace *ws = si->ws;
    const pp_plan_config *cfg = &ws->config;
    *coverage = NULL;
    pp_plan_input pi = {
        .queues = si->queues ? si->queues : ws->queues,
        .nq = ws->nq,
        .vendors = si->vendors ? si->vendors : ws->vendors,
        .nv = ws->nv,
        .vendor_queue = ws->vendor_queue,
        .families = ws->families,
        .nf = ws->nf,
        .family_vendor = ws->family_vendor,
        .requirements = req,
        .start_day = cfg->start_day,
        .days = cfg->days,
        .vendor_available = si->vendor_available,
        .vendor_seats_t = si->vendor_seats_t,
        .vendor_shrinkage_pct_t = si->vendor_shrinkage_pct_t,
        .queue_shrinkage_pct_t = si->queue_shrinkage_pct_t,
        .vendor_cost_day = si->vendor_cost_day,
    };
    pp_plan_params pp;
    pp_plan_params_init(&pp);
    pp.time_limit_seconds = (p && !isnan(p->time_limit_seconds)) ? p->time_limit_seconds
                                                                 : cfg->time_limit_seconds;
    pp.mip_gap = cfg->mip_gap_pct / 100.0;
    pp.penalty_per_agent_hour = cfg->penalty_per_agent_hour;
    if (p) {
        pp.verbosity = p->verbosity;
        pp.progress = p->progress;
        pp.progress_userdata = p->userdata;
        pp.threads = p->solver_threads;
    }
    pp.warm = si->warm;
    pp_status st = pp_plan_solve(&pi, &pp, out, err);
    if (st != PP_OK)
        return st;
    /* What the planned agents achieve, by the same staffing engine. */
    return pp_coverage_evaluate(pi.queues, pi.nq, req, *out, coverage, err);
}

pp_run_result *pp_run_result_take(pp_grid *forecast, pp_grid *requirements, pp_plan *plan,
                                  pp_grid *coverage)
{
    pp_run_result *r = pp_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->forecast = forecast;
    r->requirements = requirements;
    r->plan = plan;
    r->coverage = coverage;
    r->service_level_pct = pp_coverage_service_level_pct(coverage, requirements);
    return r;
}

pp_status pp_run(const pp_workspace *ws, const pp_run_params *p, pp_run_result **out,
                 pp_error *err)
{
    return pp_run_staged(ws, p, NULL, NULL, out, err);
}

pp_status pp_run_staged(const pp_workspace *ws, const pp_run_params *p, pp_staffed_fn staffed,
                        void *userdata, pp_run_result **out, pp_error *err)
{
    *out = NULL;
    pp_grid *fc = NULL, *req = NULL, *cov = NULL;
    pp_plan *plan = NULL;
    pp_status st = pp_stage_forecast(ws, p, &fc, err);
    /* a stop requested before the solver: nothing worth keeping exists yet */
    if (st == PP_OK && pp_interrupt_requested())
        st = pp_error_set(err, PP_EINTERRUPTED, "interrupted during the forecast");
    if (st == PP_OK)
        st = pp_stage_staff(ws->queues, ws->nq, fc, pp_run_quantile(ws, p), NULL, NULL, &req, err);
    if (st == PP_OK && pp_interrupt_requested())
        st = pp_error_set(err, PP_EINTERRUPTED, "interrupted during staffing");
    if (st == PP_OK && staffed)
        staffed(userdata, fc, req);
    if (st == PP_OK) {
        pp_stage_inputs si = {.ws = ws};
        st = pp_stage_plan(&si, req, p, &plan, &cov, err);
    }
    /* a stage that gave up on the request (the forecast, or a solver with no plan yet,
     * may say so as an internal "interrupted"): the caller's status says it */
    if (st != PP_OK && st != PP_EINFEASIBLE && st != PP_ENOMEM && st != PP_EWRITE &&
        pp_interrupt_requested()) {
        st = PP_EINTERRUPTED;
        if (err)
            err->code = PP_EINTERRUPTED;
    }
    if (st == PP_OK || (st == PP_EINFEASIBLE && plan)) {
        *out = pp_run_result_take(fc, req, plan, cov);
        if (*out)
            return st;
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    pp_grid_free(fc);
    pp_grid_free(req);
    pp_plan_free(plan);
    pp_grid_free(cov);
    return st;
}
