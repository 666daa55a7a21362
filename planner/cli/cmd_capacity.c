/* cmd_capacity.c -- `peakplan capacity`: the weekly hiring and contracting plan. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "peakplan/capacity.h"
#include "peakplan/report.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

static const char help[] =
    "Plans, week by week, how many people each in-house vendor hires (in classes, trained and\n"
    "ramped up) and how many FTE each BPO contracts, so that the demand the forecast and\n"
    "staffing engines find is met at least cost (integer program, GLPK; docs/capacity.md).\n"
    "Reads the workspace's capacity.ini and staff.csv beside the usual files.\n\n"
    "  --weeks N          horizon in weeks (default: capacity.ini's [capacity] weeks)\n"
    "  --scenarios F      what-if: plan the base and each scenario of F (scenarios.csv format;\n"
    "                     volume_pct, aht_pct, quantile, shrinkage_pct, attrition_pct_week,\n"
    "                     attrition_points_year, ramp_delay_weeks, notice_weeks, bpo_max_fte,\n"
    "                     hiring_freeze): OUTDIR/scenarios_summary.csv and each plan's files\n"
    "                     and report in OUTDIR/<scenario>/ (base in OUTDIR/base/), one set\n"
    "  --handoff DATE     also write vendors_handoff.csv (beside each plan's capacity.csv):\n"
    "                     vendors.csv with max_agents = the people of the week holding DATE\n"
    "  -o DIR             output folder for capacity.csv, capacity_queues.csv,\n"
    "                     hiring_plan.csv and capacity_summary.csv (default out), replaced whole,\n"
    "                     then report.html and plan.xlsx (`peakplan report OUTDIR` rebuilds them)\n"
    "  --time-limit S     solver time limit (seconds, or with s/m/h; default capacity.ini's)\n"
    "  --write-model F    also write the exact model GLPK solves (F.lp or F.mps)\n"
    "  --no-report        do not write report.html (charts; docs/reports.md)\n"
    "  --no-xlsx          do not write plan.xlsx (the workbook)\n"
    "  -v, --verbose      progress of the forecast, the staffing engine and the solver on\n"
    "                     standard error (by default only solves over 5 s report, every few\n"
    "                     seconds)\n\n"
    "staff.csv gives attrition as one weekly rate (attrition_pct_week) or by tenure band:\n"
    "tenure_bands (today's heads, e.g. 20@0-12;130@12+ weeks) with\n"
    "attrition_pct_week_by_tenure (e.g. 2.0@0-12;0.5@12+); docs/formats.md.\n";

typedef struct cap_extra {
    const pp_report_params *report;
    const char *outdir;
} cap_extra;

/* report.html and plan.xlsx into the set's temporary folder, before it replaces OUTDIR */
static pp_status add_report(void *userdata, const char *tmp, pp_error *err)
{
    const cap_extra *ce = userdata;
    return cli_report_into_set(tmp, ce->outdir, ce->report, err);
}

int cmd_capacity(int argc, char **argv)
{
    static const struct option opts[] = {{"weeks", required_argument, NULL, 'W'},
                                         {"scenarios", required_argument, NULL, 'S'},
                                         {"handoff", required_argument, NULL, 'H'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"time-limit", required_argument, NULL, 't'},
                                         {"write-model", required_argument, NULL, 'w'},
                                         {"no-xlsx", no_argument, NULL, 'X'},
                                         {"no-report", no_argument, NULL, 'R'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *outdir = "out", *scenarios = NULL;
    int64_t handoff = INT64_MIN;
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_report_params report; /* report.html + plan.xlsx, written last into the finished set */
    pp_report_params_init(&report);
    optind = 1;
    int c;
    char *end;
    int verbose = 0;
    while ((c = getopt_long(argc, argv, "o:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'W': {
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > PP_CAP_MAX_WEEKS)
                return cli_usage_error("capacity", USAGE_CAPACITY,
                                       "--weeks: a number of weeks, 1 to %d: %s",
                                       PP_CAP_MAX_WEEKS, optarg);
            p.weeks = (size_t)n;
            break;
        }
        case 'S': scenarios = optarg; break;
        case 'H':
            if (!pp_parse_date(optarg, &handoff))
                return cli_usage_error("capacity", USAGE_CAPACITY,
                                       "--handoff: a date YYYY-MM-DD: %s", optarg);
            break;
        case 'o': outdir = optarg; break;
        case 't':
            if (!pp_parse_duration_seconds(optarg, &p.time_limit_seconds) ||
                p.time_limit_seconds <= 0 || p.time_limit_seconds > PP_MAX_TIME_LIMIT_SECONDS)
                return cli_usage_error("capacity", USAGE_CAPACITY,
                                       "--time-limit: a duration above 0, at most a week: %s",
                                       optarg);
            break;
        case 'w': {
            size_t n = strlen(optarg);
            if (n < 4 ||
                (strcmp(optarg + n - 3, ".lp") != 0 && strcmp(optarg + n - 4, ".mps") != 0))
                return cli_usage_error("capacity", USAGE_CAPACITY,
                                       "--write-model: name must end in .lp or .mps");
            p.write_model_path = optarg;
            break;
        }
        case 'X': report.xlsx = false; break;
        case 'R': report.html = false; break;
        case 'v': verbose = 1; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_CAPACITY, help); return 0;
        default: return cli_usage_error("capacity", USAGE_CAPACITY, "bad option");
        }
    }
    /* as run: -v every report, else the solver's from 5 s on */
    p.verbosity = 1;
    p.progress = verbose ? cli_progress_all : cli_progress_long;
    if (optind != argc - 1)
        return cli_usage_error("capacity", USAGE_CAPACITY,
                               optind < argc ? "one WORKSPACE only" : "WORKSPACE is required");
    if (scenarios || handoff != INT64_MIN) /* cmd_capacity_whatif.c */
        return cli_capacity_whatif(argv[optind], scenarios, handoff, &p, &report, outdir);
    if (strcmp(outdir, "-") == 0)
        return cli_usage_error("capacity", USAGE_CAPACITY,
                               "-o -: capacity writes several files; give a folder");
    /* the capacity section uses none of the workspace's files (history, events,
     * targets): without one, `peakplan report OUTDIR` rebuilds the same bytes */
    char title[512];
    report.title = cli_report_title(outdir, title, sizeof title);
    cap_extra ce = {&report, outdir};
    pp_error err;
    pp_error_clear(&err);
    pp_cap_result *r = NULL;
    pp_status st = pp_cap_run(argv[optind], &p, &r, &err);
    if (st == PP_OK)
        st = pp_cap_write_ex(r, outdir, add_report, &ce, &err);
    if (st != PP_OK) {
        pp_cap_result_free(r);
        return cli_report("capacity", &err);
    }
    pp_cap_summary s;
    pp_cap_summarize(r, &s);
    char peak[16];
    pp_format_date(s.peak_week_start, peak, sizeof peak);
    fprintf(stderr,
            "peakplan capacity: %zu weeks, %zu vendors, %zu queues: peak %.1f FTE required "
            "(week of %s), %.0f hires, gap %.1f FTE-weeks, cost %.2f + penalty %.2f (%s, gap "
            "%.2f %%, %.2f s) -> %s\n",
            s.weeks, s.vendors, s.queues, s.peak_required_fte, peak, s.hires, s.gap_fte_weeks,
            s.total_cost - s.penalty_cost, s.penalty_cost, s.solver_status, s.mip_gap_pct, s.solve_seconds, outdir);
    pp_cap_result_free(r);
    return 0;
}
