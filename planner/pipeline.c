/*
 * pipeline.c -- the whole job on a workspace: forecast -> requirements ->
 * plan -> what the plan achieves.  Each stage is a pure function from
 * immutable inputs to a newly owned output; the result owns all three.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvio.h"
#include "peakplan/forecast.h"
#include "peakplan/pipeline.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "pipeline_internal.h"
#include "workspace_internal.h"

struct pp_run_result {
    pp_grid *forecast;
    pp_grid *requirements;
    pp_plan *plan;
    double service_level_pct;
};

void pp_run_params_init(pp_run_params *p)
{
    p->time_limit_seconds = NAN;
    p->verbosity = 0;
    p->progress = NULL;
    p->userdata = NULL;
    p->solver_threads = 0;
}

void pp_run_result_free(pp_run_result *r)
{
    if (!r)
        return;
    pp_grid_free(r->forecast);
    pp_grid_free(r->requirements);
    pp_plan_free(r->plan);
    pp_free(r);
}

const pp_grid *pp_run_forecast(const pp_run_result *r) { return r->forecast; }
const pp_grid *pp_run_requirements(const pp_run_result *r) { return r->requirements; }
const pp_plan *pp_run_plan(const pp_run_result *r) { return r->plan; }
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
    pp_status st = pp_fc_run(&in, &fp, p ? p->progress : NULL, p ? p->userdata : NULL, out, err);
    pp_free(names);
    if (st != PP_OK)
        pp_error_prefix(err, "forecast");
    return st;
}

pp_status pp_stage_staff(const pp_queue *queues, size_t nq, const pp_grid *forecast,
                         double quantile, pp_grid **out, pp_error *err)
{
    pp_staff_params sp;
    pp_staff_params_init(&sp);
    sp.quantile = quantile;
    pp_status st = pp_staff_requirements(queues, nq, forecast, &sp, out, err);
    if (st != PP_OK)
        pp_error_prefix(err, "staffing");
    return st;
}

pp_status pp_stage_plan(const pp_stage_inputs *si, const pp_grid *req, const pp_run_params *p,
                        pp_plan **out, double *service_level_pct, pp_error *err)
{
    const pp_workspace *ws = si->ws;
    const pp_plan_config *cfg = &ws->config;
    *service_level_pct = NAN;
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
    pp_status st = pp_plan_solve(&pi, &pp, out, err);
    if (st != PP_OK)
        return st;
    /* What the planned agents achieve, by the same staffing engine. */
    pp_grid *cov = pp_plan_coverage_mut(*out);
    st = pp_staff_evaluate_coverage(pi.queues, pi.nq, req, cov, err);
    if (st != PP_OK) {
        pp_error_prefix(err, "coverage");
        return st;
    }
    *service_level_pct = pp_coverage_service_level_pct(cov, req);
    return PP_OK;
}

pp_run_result *pp_run_result_take(pp_grid *forecast, pp_grid *requirements, pp_plan *plan,
                                  double service_level_pct)
{
    pp_run_result *r = pp_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->forecast = forecast;
    r->requirements = requirements;
    r->plan = plan;
    r->service_level_pct = service_level_pct;
    return r;
}

pp_status pp_run(const pp_workspace *ws, const pp_run_params *p, pp_run_result **out,
                 pp_error *err)
{
    *out = NULL;
    pp_grid *fc = NULL, *req = NULL;
    pp_plan *plan = NULL;
    double sl = NAN;
    pp_status st = pp_stage_forecast(ws, p, &fc, err);
    if (st == PP_OK)
        st = pp_stage_staff(ws->queues, ws->nq, fc, ws->config.quantile, &req, err);
    if (st == PP_OK) {
        pp_stage_inputs si = {.ws = ws};
        st = pp_stage_plan(&si, req, p, &plan, &sl, err);
    }
    if (st == PP_OK || (st == PP_EINFEASIBLE && plan)) {
        *out = pp_run_result_take(fc, req, plan, sl);
        if (*out)
            return st;
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    pp_grid_free(fc);
    pp_grid_free(req);
    pp_plan_free(plan);
    return st;
}

pp_status pp_run_write(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                       pp_error *err)
{
    pp_outset *set = NULL;
    pp_status st = pp_outset_new(outdir, &set, err);
    if (st != PP_OK)
        return st;
    FILE *fp;
    if (!(fp = pp_outset_open(set, "forecast.csv", err)))
        goto fail;
    pp_write_forecast_csv(fp, r->forecast);
    if (!(fp = pp_outset_open(set, "requirements.csv", err)))
        goto fail;
    pp_write_requirements_csv(fp, r->requirements);
    if (!(fp = pp_outset_open(set, "roster.csv", err)))
        goto fail;
    pp_write_roster_csv(fp, r->plan, ws->vendors, ws->families);
    if (!(fp = pp_outset_open(set, "coverage.csv", err)))
        goto fail;
    pp_write_coverage_csv(fp, pp_plan_coverage(r->plan), r->requirements);
    if (!(fp = pp_outset_open(set, "summary.csv", err)))
        goto fail;
    pp_write_summary_csv(fp, r->plan, ws->vendors, ws->nv, r->service_level_pct);
    st = pp_outset_commit(set, err);
    pp_outset_free(set);
    return st;
fail:
    pp_outset_free(set);
    return err ? err->code : PP_EIO;
}
