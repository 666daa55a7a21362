/*
 * scenario.c -- what-if batches.
 *
 * Design: the base forecast is made once.  A scenario is a list of changes;
 * each change says which stage it touches.  Forecast-level changes
 * (volume_pct, aht_pct) are applied to a copy of the base forecast grid —
 * a what-if about volume is "the same forecast, scaled", not a new fit — and
 * together with target changes they force the requirements to be computed
 * again; vendor changes (seats, cost, shrinkage, availability) only re-solve
 * the plan on the base requirements.  Every scenario owns its copies, so
 * scenarios run on worker threads without sharing anything mutable, and a
 * result lands in the slot of its scenario: the output does not depend on
 * the number of threads or on which finishes first.  A scenario is prepared
 * (its changes applied, staffed again) before it is planned from the base plan;
 * batch.c prepares scenarios while the base plan is being solved.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/interrupt.h"
#include "peakplan/output.h"
#include "peakplan/scenario.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "scenario/pipeline_internal.h"
#include "scenario/scenario_internal.h"

/* ---------------------------------------------------------------- running */

void pp_whatif_params_init(pp_whatif_params *p)
{
    pp_run_params_init(&p->run);
    p->threads = 0;
    p->on_done = NULL;
    p->userdata = NULL;
    p->resume_dir = NULL;
    p->cluster = NULL;
    p->checkpoint_dir = NULL;
    p->render_folders = 0;
}

void pp_whatif_result_free(pp_whatif_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        pp_run_result_free(r->slots[i].result);
        pp_free(r->slots[i].carried);
        pp_scn_remote_free(r->slots[i].remote);
        for (size_t k = 0; k < r->slots[i].nfiles; k++)
            pp_free(r->slots[i].files[k].bytes);
        pp_free(r->slots[i].files);
    }
    pp_free(r->slots);
    pp_free(r->dims);
    pp_free(r->coords);
    pp_free(r->resume_dir);
    pp_free(r->checkpoint_dir);
    pp_free(r);
}

size_t pp_whatif_count(const pp_whatif_result *r) { return r->n; }
const char *pp_whatif_name(const pp_whatif_result *r, size_t i) { return r->slots[i].name; }
const pp_run_result *pp_whatif_run_result(const pp_whatif_result *r, size_t i)
{
    return r->slots[i].result;
}
const pp_error *pp_whatif_error(const pp_whatif_result *r, size_t i) { return &r->slots[i].err; }
pp_scn_status pp_whatif_status(const pp_whatif_result *r, size_t i) { return r->slots[i].status; }
bool pp_whatif_carried(const pp_whatif_result *r, size_t i) { return r->slots[i].carried != NULL; }
const char *pp_whatif_carried_dir(const pp_whatif_result *r, size_t i)
{
    if (!r->slots[i].carried)
        return NULL;
    return r->slots[i].from_checkpoint ? r->checkpoint_dir : r->resume_dir;
}
bool pp_whatif_lost(const pp_whatif_result *r, size_t i) { return r->slots[i].lost; }

bool pp_whatif_figures_get(const pp_whatif_result *r, size_t i, pp_whatif_figures *out)
{
    const slot *s = &r->slots[i];
    if (s->remote) {
        *out = s->remote->fig;
        return true;
    }
    if (!s->result)
        return false;
    const pp_plan *plan = pp_run_plan(s->result);
    const pp_plan_summary *m = pp_plan_get_summary(plan);
    *out = (pp_whatif_figures){.plan_status = (int)m->status,
                               .total_cost = m->total_cost,
                               .service_level_pct = pp_run_service_level_pct(s->result),
                               .understaffed_agent_hours = m->understaffed_agent_hours,
                               .paid_hours = m->paid_hours,
                               .mip_gap_pct = m->mip_gap_pct,
                               .objective = m->objective,
                               .vendor_paid_hours = NULL};
    return true;
}

const char *pp_scn_status_name(pp_scn_status s)
{
    switch (s) {
    case PP_SCN_DONE: return "done";
    case PP_SCN_INTERRUPTED: return "interrupted";
    case PP_SCN_NOT_RUN: return "not_run";
    case PP_SCN_FAILED: return "failed";
    }
    return "failed";
}

/* done, or interrupted when the plan stopped early on pp_interrupt_request(). */
static pp_scn_status finished(const pp_run_result *r)
{
    return pp_plan_get_summary(pp_run_plan(r))->status == PP_PLAN_INTERRUPTED
               ? PP_SCN_INTERRUPTED
               : PP_SCN_DONE;
}

static bool in_range(const change *c, int64_t day)
{
    return day >= c->from_day && day <= c->to_day;
}

/* Interval t of grid g falls on one of c's days. */
static bool interval_in(const pp_grid *g, size_t t, const change *c)
{
    return in_range(c, pp_day_of_minute(pp_grid_start(g) + (int64_t)t * pp_grid_step(g)));
}

static bool ranged(const change *c)
{
    return c->from_day != INT64_MIN || c->to_day != INT64_MAX;
}

static bool is_target(const change *c)
{
    return c->kind == P_TARGET_PCT || c->kind == P_TARGET_SECONDS;
}

/* The queues with target change c applied (to its queue, or to all). */
static void apply_target(pp_queue *queues, size_t nq, const change *c)
{
    for (size_t q = 0; q < nq; q++)
        if (c->queue < 0 || (size_t)c->queue == q) {
            if (c->kind == P_TARGET_PCT)
                queues[q].target_pct = c->value;
            else
                queues[q].target_seconds = c->value;
        }
}

/* dst's intervals whose day lies in c's dates take src's values, in every column dst
 * has (both grids come from the same forecast, so they share shape and columns). */
static void merge_in_range(pp_grid *dst, const pp_grid *src, const change *c)
{
    size_t n = pp_grid_intervals(dst), nq = pp_grid_queues(dst);
    for (size_t k = 0; k < pp_grid_column_count(dst); k++) {
        const char *name = pp_grid_column_name(dst, k);
        double *d = pp_grid_column(dst, name);
        const double *s = pp_grid_column_const(src, name);
        if (!d || !s)
            continue;
        for (size_t t = 0; t < n; t++) {
            if (!interval_in(dst, t, c))
                continue;
            for (size_t q = 0; q < nq; q++)
                d[q * n + t] = s[q * n + t];
        }
    }
}

/* The value-over-time array *a (nrec records x per entries, record-major), made on
 * first use from each record's current value of the double at `field` bytes into
 * records of `size` bytes.  NULL on out of memory. */
static double *over_time(double **a, const void *records, size_t nrec, size_t size,
                         size_t field, size_t per)
{
    if (*a)
        return *a;
    double *v = pp_malloc((nrec * per > 0 ? nrec * per : 1) * sizeof *v);
    for (size_t r = 0; v && r < nrec; r++) {
        double x;
        memcpy(&x, (const char *)records + r * size + field, sizeof x);
        for (size_t i = 0; i < per; i++)
            v[r * per + i] = x;
    }
    return *a = v;
}

/* Runs one scenario on copies of the base; never touches shared state.
 * Changes for the whole horizon are applied first, to the records, in file order;
 * changes limited to dates then apply over their dates on top of those, as values
 * that change over time: per interval (seats, shrinkage, availability), per shift
 * day (hourly cost), or as requirements and coverage computed under the changed
 * target and merged over the dates (targets). */
void pp_scn_prepared_free(pp_scn_prepared *P)
{
    pp_grid_free(P->fc);
    pp_grid_free(P->req);
    pp_free(P->queues);
    pp_free(P->vendors);
    pp_free(P->avail);
    pp_free(P->seats_t);
    pp_free(P->vshrink_t);
    pp_free(P->qshrink_t);
    pp_free(P->cost_day);
    memset(P, 0, sizeof *P);
}

pp_status pp_scn_prepare(const pp_workspace *ws, const pp_grid *bfc, const pp_grid *breq,
                         const scenario *sc, const pp_run_params *rp, pp_scn_prepared *P,
                         pp_error *err)
{
    memset(P, 0, sizeof *P);
    pp_grid *fc = pp_grid_copy(bfc), *req = NULL, *req_c = NULL;
    pp_queue *queues = pp_malloc(ws->nq * sizeof *queues), *queues_c = NULL;
    pp_vendor *vendors = pp_malloc(ws->nv * sizeof *vendors);
    size_t n = pp_grid_intervals(bfc), nv = ws->nv, nq = ws->nq, days = ws->config.days;
    unsigned char *avail = NULL;
    double *seats_t = NULL, *vshrink_t = NULL, *qshrink_t = NULL, *cost_day = NULL;
    bool restaff = false, ranged_target = false;
    pp_status st = PP_OK;
    if (!fc || !queues || !vendors) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(queues, ws->queues, nq * sizeof *queues);
    memcpy(vendors, ws->vendors, nv * sizeof *vendors);
    double quantile = pp_run_quantile(ws, rp); /* a quantile change replaces plan.ini's */
    static const char *const volume_cols[] = {PP_COL_OFFERED, PP_COL_OFFERED_P10,
                                              PP_COL_OFFERED_P50, PP_COL_OFFERED_P90};
    /* pass 0: whole-horizon changes to the records (and the forecast, which is
     * per interval anyway); pass 1: changes limited to dates */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < sc->n; k++) {
            const change *c = &sc->changes[k];
            bool by_date = ranged(c) || c->kind == P_VOLUME || c->kind == P_AHT ||
                           c->kind == P_AVAILABLE;
            if ((pass == 1) != by_date)
                continue;
            switch (c->kind) {
            case P_VOLUME:
            case P_AHT: {
                restaff = true;
                double factor = 1 + c->value / 100;
                for (size_t col = 0; col < (c->kind == P_VOLUME ? 4u : 1u); col++) {
                    double *v = pp_grid_column(fc, c->kind == P_VOLUME ? volume_cols[col]
                                                                       : PP_COL_AHT);
                    if (!v)
                        continue;
                    for (size_t q = 0; q < nq; q++) {
                        if (c->queue >= 0 && (size_t)c->queue != q)
                            continue;
                        for (size_t t = 0; t < n; t++)
                            if (interval_in(fc, t, c))
                                v[q * n + t] *= factor;
                    }
                }
                break;
            }
            case P_QUANTILE:
                restaff = true;
                quantile = c->value;
                break;
            case P_MAX_DAYS: vendors[c->vendor].max_days_per_week = (int)c->value; break;
            case P_MIN_DAYS_OFF: vendors[c->vendor].min_consecutive_days_off = (int)c->value; break;
            case P_MAX_CONSECUTIVE: vendors[c->vendor].max_consecutive_days = (int)c->value; break;
            case P_MAX_HEADCOUNT: vendors[c->vendor].max_headcount = c->value; break;
            case P_WEEKLY_COST_PER_HEAD: /* a price for people: salaried (cost_basis head) */
                vendors[c->vendor].cost_per_head = true, vendors[c->vendor].weekly_cost_per_head = c->value;
                break;
            case P_TARGET_PCT:
            case P_TARGET_SECONDS:
                restaff = true;
                if (pass == 0)
                    apply_target(queues, nq, c);
                else
                    ranged_target = true; /* merged after the base staffing, below */
                break;
            case P_SHRINKAGE:
                if (pass == 0) {
                    if (c->queue >= 0)
                        queues[c->queue].shrinkage_pct = c->value;
                    else
                        for (size_t v = 0; v < nv; v++)
                            if (c->vendor < 0 || (size_t)c->vendor == v)
                                vendors[v].shrinkage_pct = c->value;
                    break;
                }
                if (!(c->queue >= 0 ? over_time(&qshrink_t, queues, nq, sizeof *queues,
                                                offsetof(pp_queue, shrinkage_pct), n)
                                    : over_time(&vshrink_t, vendors, nv, sizeof *vendors,
                                                offsetof(pp_vendor, shrinkage_pct), n))) {
                    st = pp_error_set(err, PP_ENOMEM, "out of memory");
                    goto done;
                }
                for (size_t t = 0; t < n; t++) {
                    if (!interval_in(breq, t, c))
                        continue;
                    if (c->queue >= 0)
                        qshrink_t[(size_t)c->queue * n + t] = c->value;
                    else
                        for (size_t v = 0; v < nv; v++)
                            if (c->vendor < 0 || (size_t)c->vendor == v)
                                vshrink_t[v * n + t] = c->value;
                }
                break;
            case P_SEATS:
                if (pass == 0) {
                    vendors[c->vendor].seats = c->value;
                    break;
                }
                if (!over_time(&seats_t, vendors, nv, sizeof *vendors,
                               offsetof(pp_vendor, seats), n))
                {
                    st = pp_error_set(err, PP_ENOMEM, "out of memory");
                    goto done;
                }
                for (size_t t = 0; t < n; t++)
                    if (interval_in(breq, t, c))
                        seats_t[(size_t)c->vendor * n + t] = c->value;
                break;
            case P_COST:
                if (pass == 0) {
                    vendors[c->vendor].hourly_cost = c->value;
                    break;
                }
                if (!over_time(&cost_day, vendors, nv, sizeof *vendors,
                               offsetof(pp_vendor, hourly_cost), days))
                {
                    st = pp_error_set(err, PP_ENOMEM, "out of memory");
                    goto done;
                }
                for (size_t d = 0; d < days; d++)
                    if (in_range(c, ws->config.start_day + (int64_t)d))
                        cost_day[(size_t)c->vendor * days + d] = c->value;
                break;
            case P_AVAILABLE:
                if (!avail) {
                    avail = pp_malloc(nv * n);
                    if (!avail) {
                        st = pp_error_set(err, PP_ENOMEM, "out of memory");
                        goto done;
                    }
                    memset(avail, 1, nv * n);
                }
                for (size_t t = 0; t < n; t++)
                    if (interval_in(breq, t, c))
                        avail[(size_t)c->vendor * n + t] = (unsigned char)c->value;
                break;
            }
        }
    for (size_t k = 0; k < sc->n; k++) {
        const change *c = &sc->changes[k];
        for (size_t q = 0; q < nq; q++) {
            pp_queue Q = queues[q];
            if (is_target(c) && (c->queue < 0 || (size_t)c->queue == q))
                apply_target(&Q, 1, &(change){.kind = c->kind, .value = c->value, .queue = -1});
            if (Q.target_pct >= 100 && Q.target_seconds <= 0 && !pp_channel_is_deferred(Q.channel)) {
                st = pp_error_set(err, PP_EINVAL,
                                  "queue %s: 100%% within 0 seconds cannot be met by any staffing",
                                  Q.name);
                goto done;
            }
        }
    }
    if (restaff)
        st = pp_stage_staff(queues, nq, fc, quantile, ws->queues, breq, &req, err);
    else if (!(req = pp_grid_copy(breq)))
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    if (st != PP_OK)
        goto done;
    /* targets limited to dates: requirements under each, merged over its dates (every
     * queue: a Tier-1 target moves Tier-2's escalated inflow too) */
    if (ranged_target && !(queues_c = pp_malloc(nq * sizeof *queues_c))) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; ranged_target && k < sc->n; k++) {
        const change *c = &sc->changes[k];
        if (!is_target(c) || !ranged(c))
            continue;
        memcpy(queues_c, queues, nq * sizeof *queues_c);
        apply_target(queues_c, nq, c);
        if ((st = pp_stage_staff(queues_c, nq, fc, quantile, ws->queues, breq, &req_c, err)) !=
            PP_OK)
            goto done;
        merge_in_range(req, req_c, c);
        pp_grid_free(req_c);
        req_c = NULL;
    }
done:
    pp_grid_free(req_c);
    pp_free(queues_c);
    *P = (pp_scn_prepared){.fc = fc, .req = req, .queues = queues, .vendors = vendors, .avail = avail,
                    .seats_t = seats_t, .vshrink_t = vshrink_t, .qshrink_t = qshrink_t,
                    .cost_day = cost_day, .ranged_target = ranged_target};
    if (st != PP_OK)
        pp_scn_prepared_free(P);
    return st;
}

pp_status pp_scn_plan(const pp_workspace *ws, pp_scn_prepared *P, const pp_plan *bplan,
                      const scenario *sc, const pp_run_params *rp, pp_run_result **out,
                      pp_error *err)
{
    *out = NULL;
    size_t nq = ws->nq;
    pp_grid *cov = NULL, *cov_c = NULL;
    pp_queue *queues_c = NULL;
    pp_plan *plan = NULL;
    if (P->ranged_target && !(queues_c = pp_malloc(nq * sizeof *queues_c)))
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    pp_stage_inputs si = {.ws = ws, .queues = P->queues, .vendors = P->vendors,
                          .vendor_available = P->avail, .vendor_seats_t = P->seats_t,
                          .vendor_shrinkage_pct_t = P->vshrink_t,
                          .queue_shrinkage_pct_t = P->qshrink_t,
                          .vendor_cost_day = P->cost_day, .warm = bplan};
    pp_status st = pp_stage_plan(&si, P->req, rp, &plan, &cov, err);
    /* what the plan achieves, under each date-limited target over its dates: the
     * scenario's own coverage, the plan stays as solved */
    for (size_t k = 0; st == PP_OK && P->ranged_target && k < sc->n; k++) {
        const change *c = &sc->changes[k];
        if (!is_target(c) || !ranged(c))
            continue;
        memcpy(queues_c, P->queues, nq * sizeof *queues_c);
        apply_target(queues_c, nq, c);
        if ((st = pp_coverage_evaluate(queues_c, nq, P->req, plan, &cov_c, err)) != PP_OK)
            break;
        merge_in_range(cov, cov_c, c);
        pp_grid_free(cov_c);
        cov_c = NULL;
    }
    if (st == PP_OK || (st == PP_EINFEASIBLE && plan)) {
        *out = pp_run_result_take(P->fc, P->req, plan, cov);
        if (*out) {
            P->fc = P->req = cov = NULL;
            plan = NULL;
        } else
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    pp_grid_free(cov);
    pp_grid_free(cov_c);
    pp_plan_free(plan);
    pp_free(queues_c);
    return st;
}

static pp_status run_scenario(const pp_workspace *ws, const pp_grid *bfc, const pp_grid *breq,
                              const pp_plan *bplan, const scenario *sc, const pp_run_params *rp,
                              pp_run_result **out, pp_error *err)
{
    *out = NULL;
    pp_scn_prepared P;
    pp_status st = pp_scn_prepare(ws, bfc, breq, sc, rp, &P, err);
    if (st == PP_OK)
        st = pp_scn_plan(ws, &P, bplan, sc, rp, out, err);
    pp_scn_prepared_free(&P);
    return st;
}

/* ---------------------------------------------------------------- resuming
 *
 * A scenario's output is complete when its folder holds `.complete`, written into
 * the folder after its other files (and the whole set swapped in at once): line 1
 * "peakplan-scenario-complete 1 <fingerprint>", line 2 its scenarios_summary.csv row
 * up to `status`.  Only a scenario planned to the end (status done, infeasible
 * included) gets one; interrupted, failed and not-run scenarios have none.
 * The fingerprint ties the marker to what was planned: the scenario's name and
 * changes, the solver limits, the summary's header (the vendors) and the base
 * plan's figures (a changed workspace changes the base), so a marker left by
 * another scenarios file or workspace does not count and that scenario runs again. */

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

static uint64_t resume_fingerprint(const pp_whatif_result *res, const pp_workspace *ws,
                                   const pp_scenario_set *set, size_t i, const pp_run_params *rp)
{
    const scenario *sc = &set->items[i];
    char buf[512];
    uint64_t h = fnv(14695981039346656037u, sc->name, strlen(sc->name) + 1);
    for (size_t k = 0; k < sc->n; k++) {
        const change *c = &sc->changes[k];
        /* field by field: struct padding is no part of the scenario */
        int len = snprintf(buf, sizeof buf, "%d %.17g %ld %ld %lld %lld;", (int)c->kind, c->value,
                           c->queue, c->vendor, (long long)c->from_day, (long long)c->to_day);
        h = fnv(h, buf, (size_t)len);
    }
    const pp_plan_summary *b = pp_plan_get_summary(pp_run_plan(res->slots[0].result));
    int len = snprintf(buf, sizeof buf, "%.17g %.17g %.17g %d|%.6f %.6f %.6f|",
                       rp->time_limit_seconds, ws->config.time_limit_seconds,
                       ws->config.mip_gap_pct, rp->solver_threads, b->objective, b->total_cost,
                       b->paid_hours);
    h = fnv(h, buf, (size_t)len);
    for (size_t v = 0; v < ws->nv; v++)
        h = fnv(h, ws->vendors[v].name, strlen(ws->vendors[v].name) + 1);
    return h;
}

#define MARKER_HEAD "peakplan-scenario-complete 1 "

/* Reads DIR/<name>/.complete into s->carried when it is there and its fingerprint is
 * s's; a missing or stale marker leaves s to run.  PP_ENOMEM only. */
static pp_status carry(const char *dir, slot *s, pp_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/.complete", dir, s->name);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return PP_OK;
    char head[128], row[8192];
    char want[128];
    snprintf(want, sizeof want, MARKER_HEAD "%016llx\n", (unsigned long long)s->fingerprint);
    bool ok = fgets(head, sizeof head, fp) && strcmp(head, want) == 0 &&
              fgets(row, sizeof row, fp) && strchr(row, '\n');
    fclose(fp);
    if (!ok)
        return PP_OK;
    *strchr(row, '\n') = '\0';
    if (!(s->carried = pp_strdup(row)))
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    return PP_OK;
}

pp_scn_status pp_scn_outcome(pp_status st, const scenario *sc, const pp_run_result *out,
                             pp_error *err)
{
    if (st != PP_OK && st != PP_EINFEASIBLE)
        pp_error_prefix(err, "scenario %s", sc->name);
    if (out)
        return finished(out);
    if (st == PP_EINTERRUPTED || pp_interrupt_requested()) {
        pp_error_clear(err); /* stopped before it had a plan: nothing to show */
        return PP_SCN_NOT_RUN;
    }
    return PP_SCN_FAILED;
}

pp_scn_status pp_whatif_plan_one(const pp_workspace *ws, const pp_grid *base_forecast,
                                 const pp_grid *base_requirements, const pp_plan *base_plan,
                                 const scenario *sc,
                                 const pp_run_params *rp, pp_run_result **out, pp_error *err)
{
    if (pp_interrupt_requested())
        return PP_SCN_NOT_RUN; /* stopped before it began: marked, not failed */
    pp_status st = run_scenario(ws, base_forecast, base_requirements, base_plan, sc, rp, out, err);
    return pp_scn_outcome(st, sc, *out, err);
}

pp_status pp_whatif_begin(const pp_scenario_set *set, const pp_whatif_params *p,
                          pp_whatif_result **out, pp_error *err)
{
    *out = NULL;
    pp_whatif_result *res = pp_calloc(1, sizeof *res);
    if (!res || !(res->slots = pp_calloc(set->n + 1, sizeof *res->slots))) {
        pp_free(res);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    res->n = set->n + 1;
    if ((p->resume_dir && !(res->resume_dir = pp_strdup(p->resume_dir))) ||
        (p->checkpoint_dir && !(res->checkpoint_dir = pp_strdup(p->checkpoint_dir)))) {
        pp_whatif_result_free(res);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    if ((res->ndims = set->ndims) > 0) {
        res->dims = pp_calloc(set->ndims, sizeof *res->dims);
        res->coords = pp_calloc(res->n * set->ndims, sizeof *res->coords);
        if (!res->dims || !res->coords) {
            pp_whatif_result_free(res);
            return pp_error_set(err, PP_ENOMEM, "out of memory");
        }
        memcpy(res->dims, set->dims, set->ndims * sizeof *res->dims);
        for (size_t i = 0; i < set->n; i++)
            for (size_t k = 0; k < set->items[i].ncoords; k++) {
                const coord *co = &set->items[i].coords[k];
                memcpy(res->coords[(i + 1) * set->ndims + co->dim], co->tok, sizeof co->tok);
            }
    }
    snprintf(res->slots[0].name, PP_NAME_MAX, "base");
    for (size_t i = 0; i < set->n; i++) {
        snprintf(res->slots[i + 1].name, PP_NAME_MAX, "%s", set->items[i].name);
        res->slots[i + 1].status = PP_SCN_NOT_RUN;
    }
    *out = res;
    return PP_OK;
}

pp_status pp_whatif_base(pp_whatif_result *res, const pp_workspace *ws,
                         const pp_whatif_params *p, pp_staffed_fn staffed, void *userdata,
                         pp_error *err)
{
    pp_status st = pp_run_staged(ws, &p->run, staffed, userdata, &res->slots[0].result, err);
    if (st != PP_OK) {
        pp_error_prefix(err, "base plan");
        return st;
    }
    res->slots[0].status = finished(res->slots[0].result);
    return PP_OK;
}

pp_status pp_whatif_sort_out(pp_whatif_result *res, const pp_workspace *ws,
                             const pp_scenario_set *set, const pp_whatif_params *p, size_t *todo,
                             size_t *ntodo, pp_error *err)
{
    *ntodo = 0;
    for (size_t i = 0; i < set->n; i++) {
        slot *s = &res->slots[i + 1];
        s->fingerprint = resume_fingerprint(res, ws, set, i, &p->run);
        pp_status st;
        if (p->resume_dir && (st = carry(p->resume_dir, s, err)) != PP_OK)
            return st;
        /* a job killed before it wrote its set kept its finished scenarios here */
        if (p->resume_dir && !s->carried && p->checkpoint_dir) {
            if ((st = carry(p->checkpoint_dir, s, err)) != PP_OK)
                return st;
            s->from_checkpoint = s->carried != NULL;
        }
        if (s->carried)
            s->status = PP_SCN_DONE;
        else
            todo[(*ntodo)++] = i;
    }
    return PP_OK;
}

pp_status pp_whatif_finish(pp_whatif_result *res, pp_error *err)
{
    /* Out of memory is no finding about a scenario: the batch fails (exit 1) rather
     * than report a row that a rerun would fill. */
    for (size_t i = 1; i < res->n; i++)
        if (res->slots[i].err.code == PP_ENOMEM) {
            if (err && err->code == PP_OK)
                *err = res->slots[i].err;
            return PP_ENOMEM;
        }
    return PP_OK;
}

/* ---------------------------------------------------------------- writing */

static void put(FILE *fp, double v, int decimals)
{
    if (isfinite(v))
        fprintf(fp, ",%.*f", decimals, fabs(v) < 0.5 * pow(10, -decimals) ? 0.0 : v);
    else
        fputc(',', fp);
}

/* Row i of scenarios_summary.csv up to and including `status` (no newline): the
 * figures of its plan, or the row its .complete marker kept when it was resumed. */
static void write_row(FILE *fp, const pp_whatif_result *r, size_t i, const pp_workspace *ws)
{
    const slot *s = &r->slots[i];
    if (s->carried) {
        fputs(s->carried, fp);
        return;
    }
    const pp_plan_summary *b = pp_plan_get_summary(pp_run_plan(r->slots[0].result));
    pp_csv_put_text(fp, s->name);
    pp_whatif_figures f;
    bool has = pp_whatif_figures_get(r, i, &f);
    bool ok = has && f.plan_status != PP_PLAN_INFEASIBLE;
    put(fp, ok ? f.total_cost : NAN, 2);
    put(fp, ok && b->total_cost > 0 ? (f.total_cost / b->total_cost - 1) * 100 : NAN, 2);
    put(fp, ok ? f.service_level_pct : NAN, 2);
    put(fp, ok ? f.understaffed_agent_hours : NAN, 2);
    put(fp, ok ? f.paid_hours : NAN, 2);
    fprintf(fp, ",%s",
            has ? pp_plan_status_name((pp_plan_status)f.plan_status)
                : s->status == PP_SCN_NOT_RUN ? "" : "error");
    put(fp, ok ? f.mip_gap_pct : NAN, 3);
    /* cost + understaffing penalty: a scenario that leaves demand unmet can cost
     * less in shifts yet be worse; this is the figure to compare */
    put(fp, ok ? f.objective : NAN, 2);
    for (size_t v = 0; v < ws->nv; v++)
        put(fp, !ok ? NAN : f.vendor_paid_hours ? f.vendor_paid_hours[v]
                                                : pp_plan_vendor_paid_hours(pp_run_plan(s->result), v),
            2);
    fputc(',', fp);
    if (s->err.code != PP_OK) {
        char buf[1200];
        pp_error_format(&s->err, buf, sizeof buf);
        pp_csv_put_text(fp, buf);
    }
    fprintf(fp, ",%s", pp_scn_status_name(s->status));
}

bool pp_whatif_marker_due(const pp_whatif_result *r, size_t i)
{
    return i > 0 && (r->slots[i].result || r->slots[i].remote) && !r->slots[i].carried &&
           r->slots[i].status == PP_SCN_DONE;
}

void pp_whatif_write_marker(FILE *fp, const pp_whatif_result *r, size_t i,
                            const pp_workspace *ws)
{
    fprintf(fp, MARKER_HEAD "%016llx\n", (unsigned long long)r->slots[i].fingerprint);
    write_row(fp, r, i, ws);
    fputc('\n', fp);
}

void pp_whatif_write_summary_csv(FILE *fp, const pp_whatif_result *r, const pp_workspace *ws)
{
    fputs("scenario,total_cost,delta_cost_pct,service_level_pct,understaffed_agent_hours,"
          "paid_hours,solver_status,mip_gap_pct,objective",
          fp);
    for (size_t v = 0; v < ws->nv; v++) {
        fputs(",paid_hours:", fp);
        pp_csv_put_text(fp, ws->vendors[v].name);
    }
    fputs(",error,status", fp);
    /* sweep coordinates last, only when the file sweeps: files without a sweep keep
     * their columns byte for byte */
    for (size_t d = 0; d < r->ndims; d++) {
        fputc(',', fp);
        pp_csv_put_text(fp, r->dims[d]);
    }
    fputc('\n', fp);
    for (size_t i = 0; i < r->n; i++) {
        write_row(fp, r, i, ws);
        for (size_t d = 0; d < r->ndims; d++) {
            fputc(',', fp);
            pp_csv_put_text(fp, r->coords[i * r->ndims + d]);
        }
        fputc('\n', fp);
    }
}
