/*
 * report.h -- the reports people look at: report.html (charts, offline) and
 * plan.xlsx (typed sheets and native Excel charts), built from an output
 * folder's CSV files.
 *
 * Reading the CSVs back, rather than taking the in-memory results, makes
 * `peakplan report OUTDIR` and the report written by `run` / `whatif` one code
 * path: whatever the folder holds is what the report shows. A `run` folder has
 * summary.csv (plus forecast, requirements, roster, coverage); a `whatif`
 * folder has scenarios_summary.csv and the base plan's files in base/.
 * Optional files add sections when present: allocation.csv, simulation.csv,
 * capacity.csv. See docs/reports.md.
 */
#ifndef PEAKPLAN_REPORT_H
#define PEAKPLAN_REPORT_H

#include <stdbool.h>

#include "peakplan/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pp_report_params {
    bool html;             /* write report.html (default true) */
    bool xlsx;             /* write plan.xlsx (default true) */
    const char *workspace; /* workspace folder for history.csv, events.csv and queues.csv
                            * (forecast vs history, events, service targets); NULL = none:
                            * those parts are left out. Borrowed for the call. */
    const char *title;     /* page and workbook title; NULL = derived from the folder */
} pp_report_params;
void pp_report_params_init(pp_report_params *p);

/* Writes report.html and/or plan.xlsx into `outdir` from the CSV files in it,
 * each to a temporary file renamed into place when complete (a failure leaves
 * the previous report, if any, untouched). PP_EINVAL (with file:line:col) for
 * a folder that is not a peakplan output or a malformed CSV, PP_EIO when a
 * file cannot be written, PP_ENOMEM. */
pp_status pp_report_write(const char *outdir, const pp_report_params *p, pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
