/* cmd_run.c -- `peakplan run [WORKSPACE] [-o OUTDIR]`: the whole job. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "peakplan/interrupt.h"
#include "peakplan/output.h"
#include "peakplan/report.h"
#include "peakplan/workspace.h"
#include "peakplan/pipeline.h"
#include "peakplan/simulate.h"
#include "peakplan/timeutil.h"

static const char help[] =
    "Reads a workspace folder, forecasts the plan horizon, computes the agents each queue\n"
    "needs per interval, chooses the cheapest shifts and vendor allocation with GLPK and\n"
    "writes forecast.csv, requirements.csv, roster.csv, coverage.csv, allocation.csv\n"
    "(agents per vendor, queue and interval) and summary.csv,\n"
    "then report.html and plan.xlsx (`peakplan report OUTDIR` rebuilds them).\n\n"
    "  WORKSPACE          workspace folder (default data/example, else the installed\n"
    "                     example, which `peakplan init DIR` copies)\n"
    "  -o, --output DIR   output folder (default out), replaced whole: the previous set or\n"
    "                     the new one, never a mixture; a folder peakplan did not make is\n"
    "                     refused\n"
    "      --time-limit S solver time limit (seconds, or with s/m/h); overrides plan.ini\n"
    "  -v, --verbose      progress of the forecast and the solver on standard error (by\n"
    "                     default only solves over 5 s report, every few seconds)\n"
    "  -q, --quiet        no summary on standard output (with capacity.ini in the\n"
    "                     workspace the summary ends with the capacity plan's heads and\n"
    "                     productive FTE in the run's weeks beside the tours' people)\n"
    "      --no-report    do not write report.html (charts; docs/reports.md)\n"
    "      --no-xlsx      do not write plan.xlsx (the workbook)\n"
    "      --simulate     then simulate the plan (20 replications, seed 1) into\n"
    "                     OUTDIR/simulation.csv and print simulated vs planned service\n\n"
    "Ctrl-C (SIGINT) or SIGTERM stops the search and writes the best plan so far\n"
    "(solver_status interrupted; exit 130 or 143); a second Ctrl-C quits at once.\n";

static void print_summary(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                          const char *workspace)
{
    const pp_plan *plan = pp_run_plan(r);
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    const pp_plan_config *cfg = pp_workspace_config(ws);
    char d0[16], d1[16];
    pp_format_date(cfg->start_day, d0, sizeof d0);
    pp_format_date(cfg->start_day + (int64_t)cfg->days - 1, d1, sizeof d1);
    printf("peakplan: %s .. %s (%zu days, %d-minute intervals, %zu queues, %zu vendors)\n", d0, d1,
           cfg->days, cfg->interval_minutes, pp_workspace_queue_count(ws),
           pp_workspace_vendor_count(ws));
    printf("  total cost          %14.2f\n", s->total_cost);
    printf("  paid hours          %14.2f\n", s->paid_hours);
    const pp_vendor *vs = pp_workspace_vendors(ws);
    for (size_t v = 0; v < pp_workspace_vendor_count(ws); v++)
        printf("    %-18s%14.2f h  %12.2f\n", vs[v].name, pp_plan_vendor_paid_hours(plan, v),
               pp_plan_vendor_cost(plan, v));
    printf("  planned service     %13.2f%%\n", pp_run_service_level_pct(r));
    const pp_grid *cov = pp_run_coverage(r);
    const double *sf = cov ? pp_grid_column_const(cov, PP_COL_SHORTFALL) : NULL;
    size_t unmet = 0, cells = cov ? pp_grid_queues(cov) * pp_grid_intervals(cov) : 0;
    for (size_t i = 0; sf && i < cells; i++)
        unmet += sf[i] > 1e-6;
    printf("  unmet intervals     %14zu  (%.2f understaffed agent-hours)\n", unmet,
           s->understaffed_agent_hours);
    printf("  solver              %14s  gap %.3f%%, %.1f s, %zu rows x %zu columns (%zu integer)\n",
           pp_plan_status_name(s->status), s->mip_gap_pct, s->solve_seconds, s->rows, s->cols,
           s->integers);
    size_t ne = pp_plan_explanation_count(plan);
    for (size_t i = 0; i < ne && i < 12; i++)
        printf("  - %s\n", pp_plan_explanation(plan, i));
    if (ne > 12)
        printf("  - ... %zu more lines\n", ne - 12);
    if (workspace) /* with capacity.ini: the capacity plan beside the roster's people */
        cli_run_capacity_section(workspace, plan, vs, pp_workspace_vendor_count(ws));
    if (outdir)
        printf("  outputs in %s/\n", outdir);
}

typedef struct run_extra {
    const pp_run_result *r;
    const pp_workspace *ws;
    const char *outdir, *workspace;
    int quiet, simulate, rc;
    const pp_report_params *report;
} run_extra;

/* Into the set's temporary folder `tmp`, before it replaces OUTDIR: the printed
 * summary, then simulation.csv (--simulate), then report.html and plan.xlsx. */
static pp_status add_extras(void *userdata, const char *tmp, pp_error *err)
{
    run_extra *ex = userdata;
    if (!ex->quiet)
        print_summary(ex->r, ex->ws, ex->outdir, ex->workspace);
    if (ex->simulate && !pp_interrupt_requested()) {
        /* the simulated figure beside the planned one */
        pp_sim_params sp;
        pp_sim_params_init(&sp);
        char path[4096], shown[4096];
        snprintf(path, sizeof path, "%s/simulation.csv", tmp);
        snprintf(shown, sizeof shown, "%s/simulation.csv", ex->outdir);
        ex->rc = cli_simulate_plan_as(ex->workspace, tmp, &sp, path, shown, ex->quiet);
        if (ex->rc != 0 && pp_interrupt_requested())
            ex->rc = 0; /* interrupted while simulating: the plan without simulation.csv */
        if (ex->rc != 0)
            return pp_error_set(err, PP_EINTERNAL, "simulation failed");
    }
    /* last, so the report shows simulation.csv when --simulate wrote one */
    return cli_report_into_set(tmp, ex->outdir, ex->report, err);
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"time-limit", required_argument, NULL, 't'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"no-xlsx", no_argument, NULL, 'X'},
                                         {"no-report", no_argument, NULL, 'R'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"simulate", no_argument, NULL, 'S'},
                                         {NULL, 0, NULL, 0}};
    const char *outdir = "out";
    int verbose = 0, quiet = 0, simulate = 0;
    pp_run_params rp;
    pp_run_params_init(&rp);
    pp_report_params report; /* report.html + plan.xlsx, written last into the finished folder */
    pp_report_params_init(&report);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:vqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir = optarg; break;
        case 't':
            if (!pp_parse_duration_seconds(optarg, &rp.time_limit_seconds) ||
                rp.time_limit_seconds <= 0 ||
                rp.time_limit_seconds > PP_MAX_TIME_LIMIT_SECONDS)
                return cli_usage_error("run", USAGE_RUN,
                                       "--time-limit: a duration above 0, at most a week: %s",
                                       optarg);
            break;
        case 'v': verbose = 1; break;
        case 'q': quiet = 1; break;
        case 'X': report.xlsx = false; break;
        case 'R': report.html = false; break;
        case 'S': simulate = 1; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_RUN, help); return 0;
        default: return cli_usage_error("run", USAGE_RUN, "bad option");
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("run", USAGE_RUN, "too many arguments");
    const char *dir = optind < argc ? argv[optind] : "data/example";
    char example[4096];
    struct stat sb;
    if (optind >= argc && stat(dir, &sb) != 0) {
        /* no workspace given and none here: the installed example, said aloud */
        dir = cli_example_dir(example, sizeof example);
        if (!dir)
            return cli_usage_error("run", USAGE_RUN,
                                   "no WORKSPACE given, no data/example here, and the bundled "
                                   "example is not installed (peakplan init DIR makes one)");
        fprintf(stderr, "peakplan run: no WORKSPACE given and no data/example here: using the "
                        "installed example %s\n", dir);
    }
    if (strcmp(outdir, "-") == 0)
        return cli_usage_error("run", USAGE_RUN, "-o -: run writes several files; give a folder");
    if (verbose || !quiet) {
        rp.verbosity = 1;
        rp.progress = verbose ? cli_progress_all : cli_progress_long;
    }

    report.workspace = dir; /* history, events and targets for the report */
    char title[512];
    report.title = cli_report_title(outdir, title, sizeof title);
    pp_error err;
    pp_error_clear(&err);
    pp_workspace *ws = NULL;
    pp_run_result *r = NULL;
    pp_status st = pp_workspace_load(dir, &ws, &err);
    if (st != PP_OK)
        return cli_report("run", &err);
    st = pp_run(ws, &rp, &r, &err);
    int rc = 0;
    if (st == PP_EINFEASIBLE && r) {
        /* the set says so (summary.csv: infeasible), replacing any older plan */
        const pp_plan *plan = pp_run_plan(r);
        fprintf(stderr, "peakplan run: no feasible plan: ");
        char buf[1200];
        pp_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        for (size_t i = 0; i < pp_plan_explanation_count(plan); i++)
            fprintf(stderr, "  - %s\n", pp_plan_explanation(plan, i));
        pp_error_clear(&err);
        rc = 3;
        if ((st = pp_run_write(r, ws, outdir, &err)) != PP_OK)
            rc = cli_report("run", &err);
    } else if (st != PP_OK) {
        rc = cli_report("run", &err);
    } else {
        /* the summary, the simulation and the report go into the set before it
         * replaces OUTDIR, so they are never older or newer than the CSVs */
        run_extra ex = {.r = r, .ws = ws, .outdir = outdir, .workspace = dir,
                        .quiet = quiet, .simulate = simulate, .report = &report};
        pp_set_extra extra = {add_extras, &ex};
        st = pp_run_write_ex(r, ws, outdir, &extra, &err);
        if (st != PP_OK)
            rc = ex.rc ? ex.rc : cli_report("run", &err);
    }
    pp_run_result_free(r);
    pp_workspace_free(ws);
    return rc;
}
