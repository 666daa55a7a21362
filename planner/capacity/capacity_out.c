/*
 * capacity_out.c -- the capacity plan's files, written as one output set
 * (io/outset.h): capacity.csv, capacity_queues.csv, hiring_plan.csv and
 * capacity_summary.csv (and the report, through the caller's `extra`) replace
 * the folder's previous set whole or not at all.
 * Numbers have fixed decimals in the C locale and rows a fixed order (week,
 * then vendors in staff.csv order), so the files compare byte for byte.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "capacity/capacity_internal.h"
#include "io/csvio.h"
#include "peakplan/timeutil.h"

/* -0.000 is a rounding artefact of the solver, not a number anyone wants */
static double z(double v) { return fabs(v) < 5e-7 ? 0.0 : v; }

static void week_date(const pp_cap_result *r, size_t w, char *buf, size_t size)
{
    pp_format_date(r->cfg.start_day + 7 * (int64_t)w, buf, size);
}

/* Required FTE and gap of week w summed over the queues. */
static void week_totals(const pp_cap_result *r, size_t w, double *req, double *gap, double *sheet)
{
    *req = *gap = *sheet = 0;
    for (size_t q = 0; q < r->nq; q++) {
        *req += r->required_fte[q * r->weeks + w];
        *gap += r->gap_fte[q * r->weeks + w];
        if (r->spreadsheet_fte)
            *sheet += r->spreadsheet_fte[q * r->weeks + w];
    }
}

void pp_cap_summarize(const pp_cap_result *r, pp_cap_summary *s)
{
    *s = (pp_cap_summary){.weeks = r->weeks, .vendors = r->ns, .queues = r->nq,
                          .total_cost = r->objective, .penalty_cost = r->penalty_cost,
                          .solver_status = r->status, .solve_seconds = r->solve_seconds};
    s->mip_gap_pct = r->objective > 0 && isfinite(r->bound)
                         ? fmax(0, 100 * (r->objective - r->bound) / r->objective)
                         : 0;
    s->peak_week_start = r->cfg.start_day;
    s->start_day = r->cfg.start_day;
    for (size_t w = 0; w < r->weeks; w++) {
        double req, gap, sheet;
        week_totals(r, w, &req, &gap, &sheet);
        s->gap_fte_weeks += gap;
        if (req > s->peak_required_fte) {
            s->peak_required_fte = req;
            s->peak_week_start = r->cfg.start_day + 7 * (int64_t)w;
        }
    }
    for (size_t k = 0; k < r->nclasses; k++)
        s->hires += r->classes[k].hires;
}

static void put_capacity(FILE *fp, const pp_cap_result *r)
{
    fprintf(fp, "week,week_start,vendor,kind,headcount,in_training,ramping,productive_fte,"
                "hires_starting,leavers,bpo_fte,overtime_hours,allocated_fte,required_fte,"
                "gap_fte,cost,binding\n");
    char d[16];
    for (size_t w = 0; w < r->weeks; w++) {
        week_date(r, w, d, sizeof d);
        pp_cap_row tot = {0};
        char tb[256] = "";
        for (size_t si = 0; si < r->ns; si++) {
            const pp_cap_row *rw = &r->rows[w * r->ns + si];
            const pp_cap_staff *s = &r->staff[si];
            /* a vendor's required FTE is the work the plan gives it; its gap is that of
             * the queues it may serve (they overlap between vendors; the `total` row
             * has each queue once) */
            double req = rw->allocated_fte, gap = 0;
            for (size_t q = 0; q < r->nq; q++)
                if (r->vendor_queue[rw->vendor * r->nq + q])
                    gap += r->gap_fte[q * r->weeks + w];
            fprintf(fp, "%zu,%s,", w + 1, d);
            pp_csv_put_text(fp, r->vendors[rw->vendor].name);
            fprintf(fp, ",%s,%.3f,%.3f,%.3f,%.3f,%.0f,%.3f,%.3f,%.2f,%.3f,%.3f,%.3f,%.2f,",
                    s->is_bpo ? "bpo" : "inhouse", z(rw->headcount), z(rw->in_training),
                    z(rw->ramping), z(rw->productive_fte), z(rw->hires_starting), z(rw->leavers),
                    z(rw->bpo_fte), z(rw->overtime_fte * r->cfg.hours_per_fte), z(rw->allocated_fte), z(req),
                    z(gap), z(rw->cost));
            pp_csv_put_text(fp, rw->binding);
            fputc('\n', fp);
            tot.headcount += rw->headcount;
            tot.in_training += rw->in_training;
            tot.ramping += rw->ramping;
            tot.productive_fte += rw->productive_fte;
            tot.hires_starting += rw->hires_starting;
            tot.leavers += rw->leavers;
            tot.bpo_fte += rw->bpo_fte;
            tot.overtime_fte += rw->overtime_fte;
            tot.allocated_fte += rw->allocated_fte;
            tot.cost += rw->cost;
            if (rw->binding[0]) {
                size_t used = strlen(tb);
                snprintf(tb + used, sizeof tb - used, "%s%s:%s", used ? " " : "",
                         r->vendors[rw->vendor].name, rw->binding);
            }
        }
        double req, gap, sheet;
        week_totals(r, w, &req, &gap, &sheet);
        tot.cost += r->cfg.penalty_per_fte_week * gap;
        fprintf(fp, "%zu,%s,total,,%.3f,%.3f,%.3f,%.3f,%.0f,%.3f,%.3f,%.2f,%.3f,%.3f,%.3f,%.2f,",
                w + 1, d, z(tot.headcount), z(tot.in_training), z(tot.ramping),
                z(tot.productive_fte), z(tot.hires_starting), z(tot.leavers), z(tot.bpo_fte),
                z(tot.overtime_fte * r->cfg.hours_per_fte), z(tot.allocated_fte), z(req), z(gap),
                z(tot.cost));
        pp_csv_put_text(fp, tb);
        fputc('\n', fp);
    }
}

static void put_queues(FILE *fp, const pp_cap_result *r)
{
    fprintf(fp, "week,week_start,queue,shrinkage_pct,agent_hours,required_fte,workload_hours,"
                "spreadsheet_fte,gap_fte,binding\n");
    char d[16];
    for (size_t w = 0; w < r->weeks; w++) {
        week_date(r, w, d, sizeof d);
        for (size_t q = 0; q < r->nq; q++) {
            size_t i = q * r->weeks + w;
            fprintf(fp, "%zu,%s,", w + 1, d);
            pp_csv_put_text(fp, r->queue_names[q]);
            fprintf(fp, ",%.2f,", r->cfg.shrinkage_pct[w]);
            if (r->agent_hours)
                fprintf(fp, "%.2f,", z(r->agent_hours[i]));
            else
                fputc(',', fp);
            fprintf(fp, "%.3f,", z(r->required_fte[i]));
            if (r->workload_hours)
                fprintf(fp, "%.2f,%.3f,", z(r->workload_hours[i]), z(r->spreadsheet_fte[i]));
            else
                fputs(",,", fp);
            fprintf(fp, "%.3f,", z(r->gap_fte[i]));
            pp_csv_put_text(fp, r->queue_binding[i]);
            fputc('\n', fp);
        }
    }
}

static void put_hiring(FILE *fp, const pp_cap_result *r)
{
    fprintf(fp, "vendor,class_start_week,class_start_date,hires,productive_from_week,"
                "full_speed_week,hire_cost\n");
    char d[16];
    for (size_t k = 0; k < r->nclasses; k++) {
        const pp_cap_class *c = &r->classes[k];
        const pp_cap_staff *s = &r->staff[c->staff];
        week_date(r, c->week, d, sizeof d);
        pp_csv_put_text(fp, r->vendors[s->vendor].name);
        fprintf(fp, ",%zu,%s,%.0f,%zu,%zu,%.2f\n", c->week + 1, d, c->hires,
                c->week + (size_t)s->training_weeks + 1,
                c->week + (size_t)(s->training_weeks + s->nramp) + 1, c->hires * s->hire_cost);
    }
}

static void put_summary(FILE *fp, const pp_cap_result *r)
{
    pp_cap_summary s;
    pp_cap_summarize(r, &s);
    char d[16], e[16], p[16];
    pp_format_date(r->cfg.start_day, d, sizeof d);
    pp_format_date(r->cfg.start_day + 7 * (int64_t)r->weeks - 1, e, sizeof e);
    pp_format_date(s.peak_week_start, p, sizeof p);
    double peak_sheet = 0;
    size_t pw = (size_t)((s.peak_week_start - r->cfg.start_day) / 7);
    for (size_t q = 0; r->spreadsheet_fte && q < r->nq; q++)
        peak_sheet += r->spreadsheet_fte[q * r->weeks + pw];
    fprintf(fp, "metric,value\n");
    fprintf(fp, "start,%s\nend,%s\nweeks,%zu\nvendors,%zu\nqueues,%zu\n", d, e, s.weeks,
            s.vendors, s.queues);
    /* as in summary.csv: total_cost is what is paid, objective adds the penalty */
    fprintf(fp, "total_cost,%.2f\nobjective,%.2f\nstaff_cost,%.2f\nhire_cost,%.2f\n"
                "overtime_cost,%.2f\nbpo_cost,%.2f\nunderstaffing_penalty,%.2f\n",
            z(s.total_cost - s.penalty_cost), s.total_cost, z(r->staff_cost), z(r->hire_cost), z(r->overtime_cost),
            z(r->bpo_cost), z(s.penalty_cost));
    fprintf(fp, "hires,%.0f\nclasses,%zu\ngap_fte_weeks,%.3f\npeak_week,%s\n"
                "peak_required_fte,%.3f\npeak_spreadsheet_fte,%.3f\n",
            s.hires, r->nclasses, z(s.gap_fte_weeks), p, s.peak_required_fte, peak_sheet);
    fprintf(fp, "hours_per_fte,%.2f\noccupancy_pct,%.2f\n", r->cfg.hours_per_fte,
            r->cfg.occupancy_pct);
    fprintf(fp, "solver_status,%s\nmip_gap_pct,%.4f\nsolve_seconds,%.3f\n", s.solver_status,
            s.mip_gap_pct, s.solve_seconds);
}

pp_status pp_cap_put_files(pp_outset *set, const char *prefix, const pp_cap_result *r,
                           pp_error *err)
{
    static const struct {
        const char *name;
        void (*fn)(FILE *, const pp_cap_result *);
    } files[] = {{"capacity.csv", put_capacity}, {"capacity_queues.csv", put_queues},
                 {"hiring_plan.csv", put_hiring}, {"capacity_summary.csv", put_summary}};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char name[512];
        snprintf(name, sizeof name, "%s%s", prefix, files[k].name);
        FILE *fp = pp_outset_open(set, name, err);
        if (!fp)
            return err && err->code ? err->code : PP_EWRITE;
        files[k].fn(fp, r);
        if (ferror(fp))
            return pp_error_set(err, PP_EWRITE, "%s: write failed: %s", name, strerror(errno));
    }
    return PP_OK;
}

static pp_status put(pp_outset *set, const char *name, void (*fn)(FILE *, const pp_cap_result *),
                     const pp_cap_result *r, pp_error *err)
{
    FILE *fp = pp_outset_open(set, name, err);
    if (!fp)
        return err && err->code ? err->code : PP_EWRITE;
    fn(fp, r);
    if (ferror(fp))
        return pp_error_set(err, PP_EWRITE, "%s: write failed: %s", name, strerror(errno));
    return PP_OK;
}

pp_status pp_cap_write(const pp_cap_result *r, const char *outdir, pp_error *err)
{
    return pp_cap_write_ex(r, outdir, NULL, NULL, err);
}

pp_status pp_cap_write_ex(const pp_cap_result *r, const char *outdir, pp_cap_extra_fn extra,
                          void *userdata, pp_error *err)
{
    pp_outset *set = NULL;
    pp_status st = pp_outset_new(outdir, &set, err);
    if (st == PP_OK)
        st = put(set, "capacity.csv", put_capacity, r, err);
    if (st == PP_OK)
        st = put(set, "capacity_queues.csv", put_queues, r, err);
    if (st == PP_OK)
        st = put(set, "hiring_plan.csv", put_hiring, r, err);
    if (st == PP_OK)
        st = put(set, "capacity_summary.csv", put_summary, r, err);
    if (st == PP_OK && extra && (st = pp_outset_close_files(set, err)) == PP_OK)
        st = extra(userdata, pp_outset_dir(set), err);
    if (st == PP_OK)
        st = pp_outset_commit(set, err);
    pp_outset_free(set);
    return st;
}
