/* cmd_capacity_whatif.c -- `peakplan capacity --scenarios F` and `--handoff DATE`:
 * the base and each scenario planned (pp_cap_whatif_run), one set written with each
 * plan's report.html and plan.xlsx in its folder, one line per plan on standard error.  A scenario without a plan is reported and the batch
 * goes on (exit 0); the base without one stops it as `peakplan capacity` would. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "peakplan/capacity.h"
#include "peakplan/report.h"
#include "peakplan/timeutil.h"

typedef struct plan_report {
    const pp_report_params *report;
    const char *outdir;
} plan_report;

/* report.html and plan.xlsx of one plan's folder, inside the set before it replaces
 * OUTDIR; titled by OUTDIR/<folder>, as `peakplan report OUTDIR/<folder>` would */
static pp_status add_report(void *userdata, const char *dir, const char *folder, pp_error *err)
{
    const plan_report *pr = userdata;
    char shown[4096 + PP_NAME_MAX], title[512];
    snprintf(shown, sizeof shown, "%s%s%s", pr->outdir, *folder ? "/" : "", folder);
    pp_report_params rp = *pr->report;
    rp.title = cli_report_title(shown, title, sizeof title);
    return cli_report_into_set(dir, shown, &rp, err);
}

int cli_capacity_whatif(const char *workspace, const char *scenarios, long long handoff_day,
                        const struct pp_cap_params *p, const struct pp_report_params *report,
                        const char *outdir)
{
    if (strcmp(outdir, "-") == 0)
        return cli_usage_error("capacity", USAGE_CAPACITY,
                               "-o -: capacity writes several files; give a folder");
    pp_error err;
    pp_error_clear(&err);
    pp_cap_whatif *w = NULL;
    pp_status st = pp_cap_whatif_run(workspace, scenarios, p, &w, &err);
    plan_report pr = {report, outdir};
    if (st == PP_OK)
        st = pp_cap_whatif_write_ex(w, outdir, (int64_t)handoff_day, add_report, &pr, &err);
    if (st != PP_OK) {
        pp_cap_whatif_free(w);
        return cli_report("capacity", &err);
    }
    double base = 0;
    for (size_t i = 0; i < pp_cap_whatif_count(w); i++) {
        const pp_cap_result *r = pp_cap_whatif_result(w, i);
        if (!r) {
            char buf[1024];
            pp_error_format(pp_cap_whatif_error(w, i), buf, sizeof buf);
            fprintf(stderr, "peakplan capacity: %s: no plan: %s\n", pp_cap_whatif_name(w, i),
                    buf);
            continue;
        }
        pp_cap_summary s;
        pp_cap_summarize(r, &s);
        if (i == 0)
            base = s.total_cost;
        fprintf(stderr,
                "peakplan capacity: %s: cost %.2f + penalty %.2f (%+.2f %%), %.0f hires, gap "
                "%.1f FTE-weeks, peak %.1f FTE (%s)\n",
                pp_cap_whatif_name(w, i), s.total_cost - s.penalty_cost, s.penalty_cost,
                base > 0 ? 100 * (s.total_cost - base) / base : 0.0, s.hires, s.gap_fte_weeks,
                s.peak_required_fte, s.solver_status);
    }
    fprintf(stderr, "peakplan capacity: %zu plan%s -> %s\n", pp_cap_whatif_count(w),
            pp_cap_whatif_count(w) == 1 ? "" : "s", outdir);
    pp_cap_whatif_free(w);
    return 0;
}
