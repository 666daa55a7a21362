/*
 * capacity_scenario.c -- what-if for the capacity plan (`peakplan capacity
 * --scenarios F`): the base plan and one plan per scenario of scenarios.csv,
 * side by side in scenarios_summary.csv, each plan's files in its own folder,
 * all written as one output set (io/outset.h) that replaces OUTDIR whole.
 *
 * What is shared: the workspace, capacity.ini, staff.csv and the forecast are
 * loaded once (pp_cap_inputs).  The demand -- the staffing engine over every
 * interval of the horizon, the expensive part -- is computed once for the base
 * and reused by every scenario that leaves volume, handle time and the
 * quantile alone; a scenario changing them gets its own copy of the forecast,
 * scaled on the queues and days it names, and is staffed again.  Shrinkage
 * changes act after the engine (hours to FTE), and staff changes (attrition,
 * ramp-up, notice, hiring freezes, BPO maximum) only in the weekly program.
 *
 * Scenarios run one after the other: each weekly program solves in a
 * hundredth of a second on the example, and the restaffing of one scenario is
 * already the bulk of a plan.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity/capacity_internal.h"
#include "core/alloc.h"
#include "io/csvio.h"
#include "io/outset.h"
#include "peakplan/timeutil.h"

struct pp_cap_whatif {
    char vendors_csv[4096];     /* the workspace's vendors.csv (for the handoff) */
    size_t n;                   /* plans: base, then the scenarios */
    bool batch;                 /* a scenarios file was given */
    char (*names)[PP_NAME_MAX];
    pp_cap_result **res;        /* NULL for a scenario without a plan */
    pp_error *errs;
    const char **status;        /* optimal, feasible, infeasible, time_limit, failed */
    bool *restaffed;            /* the staffing engine ran again for it */
    char (*vendor_names)[PP_NAME_MAX]; /* staff.csv order */
    pp_cap_scn_set scn;                /* the scenarios (coordinates of sweeps) */
    bool *vendor_bpo;
    size_t ns;
};

void pp_cap_whatif_free(pp_cap_whatif *w)
{
    if (!w)
        return;
    for (size_t i = 0; w->res && i < w->n; i++)
        pp_cap_result_free(w->res[i]);
    pp_free(w->res);
    pp_free(w->names);
    pp_free(w->errs);
    pp_free(w->status);
    pp_free(w->restaffed);
    pp_free(w->vendor_names);
    pp_free(w->vendor_bpo);
    pp_cap_scenarios_release(&w->scn);
    pp_free(w);
}

size_t pp_cap_whatif_count(const pp_cap_whatif *w) { return w->n; }
const char *pp_cap_whatif_name(const pp_cap_whatif *w, size_t i) { return w->names[i]; }
const pp_cap_result *pp_cap_whatif_result(const pp_cap_whatif *w, size_t i) { return w->res[i]; }
const pp_error *pp_cap_whatif_error(const pp_cap_whatif *w, size_t i) { return &w->errs[i]; }

static bool in_range(const pp_cap_change *ch, int64_t day)
{
    return day >= ch->from_day && day <= ch->to_day;
}

/* The forecast with the scenario's volume and handle-time changes: offered (and
 * its quantiles) and aht_seconds scaled on the queues and days named. */
static pp_grid *scaled_forecast(const pp_cap_inputs *in, const pp_cap_scn *sc)
{
    pp_grid *g = pp_grid_copy(in->fc);
    if (!g)
        return NULL;
    static const char *const vol[] = {PP_COL_OFFERED, PP_COL_OFFERED_P10, PP_COL_OFFERED_P50,
                                      PP_COL_OFFERED_P90};
    size_t nt = pp_grid_intervals(g);
    int64_t t0 = pp_grid_start(g);
    int step = pp_grid_step(g);
    for (size_t k = 0; k < sc->n; k++) {
        const pp_cap_change *ch = &sc->changes[k];
        if (ch->kind != PP_CAPP_VOLUME && ch->kind != PP_CAPP_AHT)
            continue;
        double f = 1 + ch->value / 100;
        for (size_t c = 0; c < (ch->kind == PP_CAPP_VOLUME ? 4u : 1u); c++) {
            double *col = pp_grid_column(g, ch->kind == PP_CAPP_VOLUME ? vol[c] : PP_COL_AHT);
            for (size_t q = 0; col && q < in->nq; q++) {
                if (ch->queue >= 0 && (size_t)ch->queue != q)
                    continue;
                for (size_t t = 0; t < nt; t++)
                    if (in_range(ch, pp_day_of_minute(t0 + (int64_t)t * step)))
                        col[q * nt + t] *= f;
            }
        }
    }
    return g;
}

/* The scenario's staff.csv, week shrinkage and queue shrinkage (copies already made). */
static void apply_supply(const pp_cap_inputs *in, const pp_cap_scn *sc, pp_cap_config *cfg,
                         pp_cap_staff *staff, double *qshr)
{
    for (size_t k = 0; k < sc->n; k++) {
        const pp_cap_change *ch = &sc->changes[k];
        if (ch->kind == PP_CAPP_SHRINKAGE) {
            if (ch->queue >= 0)
                qshr[ch->queue] = ch->value;
            else
                for (size_t w = 0; w < cfg->weeks; w++)
                    if (in_range(ch, cfg->start_day + 7 * (int64_t)w))
                        cfg->shrinkage_pct[w] = ch->value;
            continue;
        }
        for (size_t si = 0; si < in->ns; si++) {
            pp_cap_staff *s = &staff[si];
            if (ch->staff >= 0 && (size_t)ch->staff != si)
                continue;
            switch (ch->kind) {
            case PP_CAPP_ATTRITION_WEEK:
                if (!s->is_bpo) {
                    s->attrition_pct_week = ch->value;
                    for (int band = 0; band < s->nrate; band++) /* by tenure: every band */
                        s->rate_pct[band] = ch->value;
                }
                break;
            case PP_CAPP_ATTRITION_YEAR:
                if (!s->is_bpo) {
                    /* compounding: a week's rate a with 1 - (1 - a)^52 = the yearly rate */
                    double year = 1 - pow(1 - s->attrition_pct_week / 100, 52) + ch->value / 100;
                    year = fmin(fmax(year, 0), 0.9999);
                    s->attrition_pct_week = 100 * (1 - pow(1 - year, 1.0 / 52));
                    for (int band = 0; band < s->nrate; band++) { /* by tenure: each band */
                        double y = 1 - pow(1 - s->rate_pct[band] / 100, 52) + ch->value / 100;
                        y = fmin(fmax(y, 0), 0.9999);
                        s->rate_pct[band] = 100 * (1 - pow(1 - y, 1.0 / 52));
                    }
                }
                break;
            case PP_CAPP_RAMP_DELAY:
                if (s->is_bpo)
                    s->delivery_lag_weeks += (int)ch->value;
                else
                    s->training_weeks += (int)ch->value;
                break;
            case PP_CAPP_NOTICE:
                if (s->is_bpo)
                    s->notice_weeks = (int)ch->value;
                break;
            case PP_CAPP_BPO_MAX:
                if (s->is_bpo)
                    s->bpo_max_fte = ch->value;
                break;
            case PP_CAPP_FREEZE:
                if (!s->is_bpo)
                    for (size_t w = 0; w < cfg->weeks; w++)
                        if (in_range(ch, cfg->start_day + 7 * (int64_t)w))
                            s->class_week[w] = 0;
                break;
            case PP_CAPP_VOLUME:
            case PP_CAPP_AHT:
            case PP_CAPP_QUANTILE:
            case PP_CAPP_SHRINKAGE:
                break;
            }
        }
    }
}

/* Plans scenario sc (NULL = the base) into w's entry i.  Only running out of memory
 * fails the batch; a scenario's own failure is kept in its entry. */
static pp_status run_one(pp_cap_whatif *w, size_t i, const pp_cap_inputs *in,
                         const pp_cap_scn *sc, const double *hours0, const double *work0,
                         const pp_cap_params *p, pp_error *err)
{
    size_t nq = in->nq, W = in->cfg.weeks, nqw = nq * W > 0 ? nq * W : 1;
    pp_cap_config cfg = in->cfg;
    cfg.shrinkage_pct = pp_malloc(W * sizeof(double));
    pp_cap_staff *staff = pp_malloc((in->ns ? in->ns : 1) * sizeof *staff);
    double *qshr = pp_malloc((nq ? nq : 1) * sizeof *qshr);
    double *hours = NULL, *work = NULL;
    pp_grid *fc = NULL;
    pp_status st = PP_OK;
    if (!cfg.shrinkage_pct || !staff || !qshr) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(cfg.shrinkage_pct, in->cfg.shrinkage_pct, W * sizeof(double));
    memcpy(staff, in->staff, in->ns * sizeof *staff);
    memcpy(qshr, in->qshr, nq * sizeof *qshr);
    const double *h = hours0, *wk = work0;
    double quantile = in->quantile;
    bool demand = false;
    for (size_t k = 0; sc && k < sc->n; k++) {
        if (sc->changes[k].kind == PP_CAPP_QUANTILE)
            quantile = sc->changes[k].value;
        if (sc->changes[k].kind == PP_CAPP_VOLUME || sc->changes[k].kind == PP_CAPP_AHT ||
            sc->changes[k].kind == PP_CAPP_QUANTILE)
            demand = true;
    }
    pp_error *e = &w->errs[i];
    if (demand) {
        hours = pp_malloc(nqw * sizeof *hours);
        work = pp_malloc(nqw * sizeof *work);
        if (!hours || !work || !(fc = scaled_forecast(in, sc))) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto done;
        }
        pp_status ds = pp_cap_demand_hours(in, fc, quantile, hours, work, e);
        if (ds == PP_ENOMEM) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto done;
        }
        if (ds != PP_OK) {
            w->status[i] = "failed";
            goto done;
        }
        h = hours;
        wk = work;
        w->restaffed[i] = true;
    }
    if (sc)
        apply_supply(in, sc, &cfg, staff, qshr);
    pp_status ss = pp_cap_solve_demand(in, &cfg, staff, qshr, h, wk, p, &w->res[i], e);
    if (ss == PP_ENOMEM)
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    else if (ss == PP_OK)
        w->status[i] = w->res[i]->status;
    else
        w->status[i] = ss == PP_EINFEASIBLE ? "infeasible"
                       : ss == PP_ETIMELIMIT ? "time_limit"
                                             : "failed";
done:
    pp_grid_free(fc);
    pp_free(hours);
    pp_free(work);
    pp_free(qshr);
    pp_free(staff);
    pp_cap_config_release(&cfg);
    return st;
}

pp_status pp_cap_whatif_run(const char *dir, const char *scenarios_path, const pp_cap_params *p,
                            pp_cap_whatif **out, pp_error *err)
{
    *out = NULL;
    pp_cap_inputs in;
    pp_status st = pp_cap_inputs_load(dir, p, &in, err);
    if (st != PP_OK)
        return st;
    pp_cap_scn_set set = {0};
    double *hours = NULL, *work = NULL;
    pp_cap_whatif *w = NULL;
    if (scenarios_path && (st = pp_cap_scenarios_load(scenarios_path, &in, &set, err)) != PP_OK)
        goto done;
    size_t nscn = set.n;
    const pp_cap_scn *scn = set.items;
    size_t n = 1 + nscn, nqw = in.nq * in.cfg.weeks > 0 ? in.nq * in.cfg.weeks : 1;
    w = pp_calloc(1, sizeof *w);
    hours = pp_malloc(nqw * sizeof *hours);
    work = pp_malloc(nqw * sizeof *work);
    if (!w || !hours || !work || !(w->names = pp_calloc(n, sizeof *w->names)) ||
        !(w->res = pp_calloc(n, sizeof *w->res)) || !(w->errs = pp_calloc(n, sizeof *w->errs)) ||
        !(w->status = pp_calloc(n, sizeof *w->status)) ||
        !(w->restaffed = pp_calloc(n, sizeof *w->restaffed)) ||
        !(w->vendor_names = pp_calloc(in.ns ? in.ns : 1, sizeof *w->vendor_names)) ||
        !(w->vendor_bpo = pp_calloc(in.ns ? in.ns : 1, sizeof *w->vendor_bpo))) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    w->n = n;
    w->batch = scenarios_path != NULL;
    w->scn = set; /* owned by w from here */
    memset(&set, 0, sizeof set);
    w->ns = in.ns;
    snprintf(w->vendors_csv, sizeof w->vendors_csv, "%s/vendors.csv", dir);
    for (size_t si = 0; si < in.ns; si++) {
        snprintf(w->vendor_names[si], PP_NAME_MAX, "%s",
                 pp_workspace_vendors(in.ws)[in.staff[si].vendor].name);
        w->vendor_bpo[si] = in.staff[si].is_bpo;
    }
    snprintf(w->names[0], PP_NAME_MAX, "base");
    for (size_t i = 0; i < nscn; i++)
        snprintf(w->names[1 + i], PP_NAME_MAX, "%s", scn[i].name);
    if ((st = pp_cap_demand_hours(&in, in.fc, in.quantile, hours, work, err)) != PP_OK)
        goto done;
    w->restaffed[0] = true;
    if ((st = run_one(w, 0, &in, NULL, hours, work, p, err)) != PP_OK)
        goto done;
    if (!w->res[0]) { /* the base has no plan: the batch has nothing to compare with */
        *err = w->errs[0];
        st = err->code ? err->code : PP_EINVAL;
        goto done;
    }
    /* scenarios neither write the model nor replace the base's */
    pp_cap_params sp;
    pp_cap_params_init(&sp);
    if (p)
        sp = *p;
    sp.write_model_path = NULL;
    for (size_t i = 0; i < nscn; i++)
        if ((st = run_one(w, 1 + i, &in, &scn[i], hours, work, &sp, err)) != PP_OK)
            goto done;
    *out = w;
    w = NULL;
done:
    pp_cap_whatif_free(w);
    pp_free(hours);
    pp_free(work);
    pp_cap_scenarios_release(&set);
    pp_cap_inputs_release(&in);
    return st;
}

/* -0.000 is a rounding artefact of the solver, not a number anyone wants */
static double z(double v) { return fabs(v) < 5e-7 ? 0.0 : v; }

static void put_summary(FILE *fp, const pp_cap_whatif *w)
{
    fputs("scenario,status", fp);
    for (size_t d = 0; d < w->scn.ndims; d++) { /* sweep columns, as whatif's */
        fputc(',', fp);
        pp_csv_put_text(fp, w->scn.dims[d]);
    }
    fputs(",total_cost,penalty_cost,objective,delta_cost_pct,hires,classes,leavers,"
          "peak_required_fte,peak_week,gap_fte_weeks,restaffed",
          fp);
    for (size_t si = 0; si < w->ns; si++) {
        fputs(",cost:", fp);
        fputs(w->vendor_names[si], fp);
        fputs(w->vendor_bpo[si] ? ",peak_fte:" : ",hires:", fp);
        fputs(w->vendor_names[si], fp);
    }
    fputc('\n', fp);
    double base = w->res[0] ? w->res[0]->objective : NAN;
    for (size_t i = 0; i < w->n; i++) {
        const pp_cap_result *r = w->res[i];
        pp_csv_put_text(fp, w->names[i]);
        fprintf(fp, ",%s", w->status[i] ? w->status[i] : "failed");
        for (size_t d = 0; d < w->scn.ndims; d++) {
            const char *tok = "";
            for (size_t k = 0; i > 0 && k < w->scn.items[i - 1].ncoords; k++)
                if (w->scn.items[i - 1].coords[k].dim == d)
                    tok = w->scn.items[i - 1].coords[k].tok;
            fputc(',', fp);
            pp_csv_put_text(fp, tok);
        }
        fputc(',', fp);
        if (!r) {
            fprintf(fp, ",,,,,,,,,,%d", w->restaffed[i] ? 1 : 0);
            for (size_t si = 0; si < w->ns; si++)
                fputs(",,", fp);
            fputc('\n', fp);
            continue;
        }
        pp_cap_summary s;
        pp_cap_summarize(r, &s);
        char pk[16];
        pp_format_date(s.peak_week_start, pk, sizeof pk);
        double leavers = 0;
        for (size_t k = 0; k < r->weeks * r->ns; k++)
            leavers += r->rows[k].leavers;
        fprintf(fp, "%.2f,%.2f,%.2f,%.2f,%.0f,%zu,%.3f,%.3f,%s,%.3f,%d",
                z(s.total_cost - s.penalty_cost), z(s.penalty_cost), s.total_cost,
                base > 0 ? z(100 * (s.total_cost - base) / base) : 0.0, s.hires, r->nclasses,
                z(leavers), s.peak_required_fte, pk, z(s.gap_fte_weeks), w->restaffed[i] ? 1 : 0);
        for (size_t si = 0; si < r->ns; si++) {
            double cost = 0, hires = 0, peak = 0;
            for (size_t wk = 0; wk < r->weeks; wk++) {
                const pp_cap_row *rw = &r->rows[wk * r->ns + si];
                cost += rw->cost;
                hires += rw->hires_starting;
                peak = fmax(peak, rw->bpo_fte);
            }
            fprintf(fp, ",%.2f,%.*f", z(cost), r->staff[si].is_bpo ? 3 : 0,
                    r->staff[si].is_bpo ? z(peak) : hires);
        }
        fputc('\n', fp);
    }
}

/* A plan's files into the set under `prefix` ("" or "name/"), with the handoff. */
static pp_status put_plan(pp_outset *set, const pp_cap_whatif *w, const pp_cap_result *r,
                          const char *prefix, int64_t handoff_day, pp_error *err)
{
    pp_status st = pp_cap_put_files(set, prefix, r, err);
    if (st != PP_OK || handoff_day == INT64_MIN)
        return st;
    char name[PP_NAME_MAX + 32];
    snprintf(name, sizeof name, "%svendors_handoff.csv", prefix);
    FILE *fp = pp_outset_open(set, name, err);
    if (!fp)
        return err && err->code ? err->code : PP_EWRITE;
    return pp_cap_handoff_write(r, w->vendors_csv, handoff_day, fp, err);
}

pp_status pp_cap_whatif_write(const pp_cap_whatif *w, const char *outdir, int64_t handoff_day,
                              pp_error *err)
{
    return pp_cap_whatif_write_ex(w, outdir, handoff_day, NULL, NULL, err);
}

pp_status pp_cap_whatif_write_ex(const pp_cap_whatif *w, const char *outdir, int64_t handoff_day,
                                 pp_cap_plan_extra_fn extra, void *userdata, pp_error *err)
{
    const pp_cap_result *base = w->res[0];
    if (handoff_day != INT64_MIN &&
        (handoff_day < base->cfg.start_day ||
         handoff_day >= base->cfg.start_day + 7 * (int64_t)base->weeks)) {
        char a[16], b[16], d[16];
        pp_format_date(base->cfg.start_day, a, sizeof a);
        pp_format_date(base->cfg.start_day + 7 * (int64_t)base->weeks - 1, b, sizeof b);
        pp_format_date(handoff_day, d, sizeof d);
        return pp_error_set(err, PP_EINVAL,
                            "--handoff %s: the day is outside the capacity horizon (%s to %s)",
                            d, a, b);
    }
    pp_outset *set = NULL;
    pp_status st = pp_outset_new(outdir, &set, err);
    if (st == PP_OK && !w->batch)
        st = put_plan(set, w, base, "", handoff_day, err);
    if (st == PP_OK && w->batch) {
        FILE *fp = pp_outset_open(set, "scenarios_summary.csv", err);
        if (!fp)
            st = err && err->code ? err->code : PP_EWRITE;
        else
            put_summary(fp, w);
        for (size_t i = 0; st == PP_OK && i < w->n; i++) {
            if (!w->res[i])
                continue;
            char prefix[PP_NAME_MAX + 2];
            snprintf(prefix, sizeof prefix, "%s/", w->names[i]);
            st = put_plan(set, w, w->res[i], prefix, handoff_day, err);
        }
    }
    /* the report of each plan, from its folder's files, inside the set */
    if (st == PP_OK && extra && (st = pp_outset_close_files(set, err)) == PP_OK) {
        for (size_t i = 0; st == PP_OK && i < w->n; i++) {
            if (!w->res[i] || (i > 0 && !w->batch))
                continue;
            const char *folder = w->batch ? w->names[i] : "";
            char dir[4096 + PP_NAME_MAX];
            snprintf(dir, sizeof dir, "%s%s%s", pp_outset_dir(set), *folder ? "/" : "", folder);
            st = extra(userdata, dir, folder, err);
        }
    }
    if (st == PP_OK)
        st = pp_outset_commit(set, err);
    pp_outset_free(set);
    return st;
}
