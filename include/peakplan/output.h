/*
 * output.h -- the files peakplan writes: the CSV writers, and the output set
 * that `run`, `plan`, `whatif` (and each of its scenarios) write through one
 * function, pp_output_set_write.
 *
 * The writers only format the numbers they are given (fixed decimals in the C
 * locale, stable row order, no timestamps or paths of the run); what a plan
 * achieves is computed before, by pp_coverage_evaluate (pipeline.h).
 */
#ifndef PEAKPLAN_OUTPUT_H
#define PEAKPLAN_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"
#include "peakplan/pipeline.h"
#include "peakplan/plan.h"
#include "peakplan/scenario.h"
#include "peakplan/workspace.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- writers: fixed number formats, stable order, no timestamps of the run ---- */

/* forecast.csv: offered, offered_p10/p50/p90, aht_seconds. */
void pp_write_forecast_csv(FILE *fp, const pp_grid *forecast);
/* requirements.csv: offered, aht_seconds, agents_needed, the service at that staffing,
 * and for deferred queues workload_agents and, when the grid has PP_COL_WORK_SPARE,
 * work_spare_agents (blank on live queues; another column the grid lacks is blank
 * everywhere). */
void pp_write_requirements_csv(FILE *fp, const pp_grid *requirements);
void pp_write_roster_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                         const pp_shift_family *families);
/* coverage.csv from a coverage grid (pp_coverage_evaluate's, or pp_plan_coverage's
 * without service columns); `requirements` (may be NULL) gives the offered column. */
void pp_write_coverage_csv(FILE *fp, const pp_grid *coverage, const pp_grid *requirements);
/* summary.csv: metric,value. service_level_pct as computed by the caller. */
/* allocation.csv: vendor, queue, interval_start, agents (productive agents of the
 * vendor on the queue: pp_plan_allocation), one row per interval for each pair the
 * vendor may serve; per queue and interval they add up to coverage.csv's
 * agents_planned.  Only the header for a plan without one (infeasible). */
void pp_write_allocation_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors, size_t nv);
/* tours.csv: vendor, tour (1.. per vendor), people, then one column per horizon day
 * headed YYYY-MM-DD holding `family HH:MM`, `off` or `spare` (pp_plan_tours). */
void pp_write_tours_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                        const pp_shift_family *families);
/* schedule.csv: vendor, position (1..headcount), tour, date, start, end, segments
 * (`HH:MM-HH:MM activity` items joined by `;`: a queue, `break` (paid), `meal`
 * (unpaid), `available`), one row per person and working day (schedule.c).
 * PP_ENOMEM only; write errors are the stream's. */
pp_status pp_write_schedule_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                                size_t nv, const pp_shift_family *families, pp_error *err);
void pp_write_summary_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors, size_t nv,
                          double service_level_pct);
/* scenarios_summary.csv: one row per plan of the batch, base first (scenario.c). */
void pp_whatif_write_summary_csv(FILE *fp, const pp_whatif_result *r, const pp_workspace *ws);

/* ---- output sets: a run's files replace OUTDIR whole or not at all ----
 *
 * Every set is written into a hidden temporary folder beside OUTDIR
 * (`.NAME.peakplan-XXXXXX`), fsynced, marked with a `.peakplan` file and swapped
 * into place in one step; the previous set is then removed.  After any failure,
 * interrupt or full disk OUTDIR holds the previous complete set or the new one,
 * never a mixture and never stale files.  A non-empty OUTDIR without the marker
 * whose files are not peakplan's outputs is refused (PP_EINVAL).  Writing errors
 * (disk full, I/O error) are PP_EWRITE; an unusable OUTDIR path is PP_EIO. */

/* Called with the temporary folder once the set's own files are in it, before it
 * replaces OUTDIR: more files written there (a report) become part of the set.
 * A status other than PP_OK abandons the set. */
typedef struct pp_set_extra {
    pp_status (*fn)(void *userdata, const char *dir, pp_error *err);
    void *userdata;
} pp_set_extra;

/* One plan's files.  roster.csv, coverage.csv and allocation.csv are left out when the plan is
 * infeasible (summary.csv then says so).  Everything is borrowed. */
typedef struct pp_plan_files {
    const pp_grid *forecast;        /* forecast.csv; NULL = none */
    const pp_grid *requirements;    /* coverage's offered column; may be NULL */
    int write_requirements;         /* also requirements.csv (from `requirements`) */
    const pp_plan *plan;            /* roster.csv, summary.csv */
    const pp_grid *coverage;        /* coverage.csv (pp_coverage_evaluate's); NULL = the
                                       plan's own (agents only, service cells blank) */
    const pp_vendor *vendors;       /* the plan's vendors (nv) and shift families */
    size_t nv;
    const pp_shift_family *families;
    double service_level_pct;       /* for summary.csv */
} pp_plan_files;

/* What one set holds: nplans plans' files, each in OUTDIR itself (folders NULL; then
 * nplans is 1) or in OUTDIR/folders[i]/, and for a what-if batch its summary table. */
typedef struct pp_output_set {
    const pp_plan_files *plans;
    size_t nplans;
    const char *const *folders;      /* nplans names (letters, digits, _ - . +); NULL = none */
    const pp_whatif_result *whatif;  /* scenarios_summary.csv in OUTDIR; NULL = none */
    const pp_workspace *ws;          /* the batch's workspace (its vendors' columns) */
    const pp_set_extra *extra;       /* more files before the set replaces OUTDIR; may be NULL */
} pp_output_set;

/* Writes the set `s` as the one replacing `outdir` (see above); stops at the first
 * failure, leaving OUTDIR as it was: PP_EWRITE, PP_EIO, PP_EINVAL, PP_ENOMEM, or the
 * status of s->extra. */
pp_status pp_output_set_write(const pp_output_set *s, const char *outdir, pp_error *err);

/* The set of a run: forecast.csv, requirements.csv, roster.csv, coverage.csv,
 * allocation.csv and summary.csv (roster, coverage and allocation not for an
 * infeasible plan) replacing `outdir`. */
pp_status pp_run_write(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                       pp_error *err);
/* As pp_run_write, with more files added by `extra` (may be NULL). */
pp_status pp_run_write_ex(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                          const pp_set_extra *extra, pp_error *err);

/* The set of n runs of one workspace: each run's files in OUTDIR/folders[i]/, and more
 * files added by `extra` (may be NULL); `peakplan risk` writes one per quantile. */
pp_status pp_runs_write_ex(const pp_run_result *const *runs, const char *const *folders, size_t n,
                           const pp_workspace *ws, const char *outdir, const pp_set_extra *extra,
                           pp_error *err);
/* The set of a batch: OUTDIR/scenarios_summary.csv and OUTDIR/<name>/ with every file
 * of each plan made (base in OUTDIR/base/; none for a scenario without a plan). */
pp_status pp_whatif_write(const pp_whatif_result *r, const pp_workspace *ws, const char *outdir,
                          pp_error *err);
/* As pp_whatif_write, with more files added by `extra` (may be NULL). */
pp_status pp_whatif_write_ex(const pp_whatif_result *r, const pp_workspace *ws,
                             const char *outdir, const pp_set_extra *extra, pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
