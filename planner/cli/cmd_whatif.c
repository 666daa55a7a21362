/* cmd_whatif.c -- `peakplan whatif WORKSPACE --scenarios F`: scenario batches side by side. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "peakplan/report.h"
#include "peakplan/output.h"
#include "peakplan/workspace.h"
#include "peakplan/scenario.h"
#include "peakplan/timeutil.h"

static const char help[] =
    "Plans the base workspace and every scenario of the scenarios file, on all cores, and\n"
    "writes scenarios_summary.csv plus each plan's full outputs in OUTDIR/<scenario>/.\n\n"
    "  WORKSPACE          workspace folder\n"
    "  --scenarios F      scenarios.csv: scenario,parameter,value[,queue,vendor,from,to]\n"
    "  -o DIR             output folder (default out-whatif), replaced whole; Ctrl-C or\n"
    "                     SIGTERM writes the plans done so far and marks the rest not_run\n"
    "                     in scenarios_summary.csv's status column (exit 130/143)\n"
    "  --resume DIR       finish the batch whose outputs are in DIR (also -o DIR): the\n"
    "                     scenarios with a complete folder there (its .complete marker,\n"
    "                     same scenario, workspace and limits) are kept, the others (not\n"
    "                     run, interrupted, failed, deleted, changed) planned again\n"
    "  --threads N        worker threads (default: all cores); results do not depend on it;\n"
    "                     under mpirun/srun each rank's own (docs/scaling.md: rank 0 plans\n"
    "                     the base and hands scenarios to the other ranks as they ask)\n"
    "  --time-limit S     solver time limit per plan (seconds, or with s/m/h)\n"
    "  -q, --quiet        no table on standard output\n"
    "      --no-report    do not write report.html; --no-xlsx: no plan.xlsx\n\n"
    "Parameters: volume_pct and aht_pct are relative (+30 = 30 % more; optional queue);\n"
    "target_pct, target_seconds (optional queue), shrinkage_pct (vendor or queue),\n"
    "vendor_seats, vendor_hourly_cost are absolute new values; vendor_available 0 is an\n"
    "outage. quantile (0.01..0.99) staffs every queue to that forecast quantile;\n"
    "max_days_per_week, min_consecutive_days_off, max_consecutive_days change a\n"
    "vendor's work rules (its tours and headcount); max_headcount caps a vendor's\n"
    "people (a hiring freeze) and weekly_cost_per_head prices them (salaried staff);\n"
    "these hold for the whole horizon.\n"
    "Every other parameter takes optional from/to dates (the days it holds on).\n"
    "Sweeps: a value like -10;0;10 crosses the rows of its scenario name into one\n"
    "scenario per combination (first row slowest), named NAME_<v1>_<v2>..., at most\n"
    "1000 in a file; scenarios_summary.csv gets a sweep:<parameter> column for each.\n";

static void on_done(void *userdata, size_t done, size_t total, const char *name)
{
    (void)userdata;
    fprintf(stderr, "\rpeakplan whatif: %zu/%zu scenarios done (%s)%-20s", done, total, name, "");
    if (done == total)
        fputc('\n', stderr);
}

/* The side-by-side table: cost, change vs base, service, understaffing, paid hours in
 * total and by vendor (scenarios_summary.csv holds the same figures). */
static void print_table(const pp_whatif_result *res, const pp_workspace *ws)
{
    size_t nv = pp_workspace_vendor_count(ws);
    const pp_vendor *vendors = pp_workspace_vendors(ws);
    printf("%-24s %12s %8s %7s %9s %10s", "scenario", "total_cost", "delta", "SL %", "under_h",
           "paid_h");
    for (size_t v = 0; v < nv; v++)
        printf(" %10.10s", vendors[v].name);
    printf("  status\n");
    const pp_plan_summary *b = pp_plan_get_summary(pp_run_plan(pp_whatif_run_result(res, 0)));
    size_t not_run = 0;
    for (size_t i = 0; i < pp_whatif_count(res); i++) {
        const pp_run_result *rr = pp_whatif_run_result(res, i);
        const pp_plan *plan = rr ? pp_run_plan(rr) : NULL;
        pp_whatif_figures f;
        bool has = pp_whatif_figures_get(res, i, &f);
        if (pp_whatif_carried(res, i)) {
            printf("%-24s (complete in the resumed folder: kept, see scenarios_summary.csv)\n",
                   pp_whatif_name(res, i));
            continue;
        }
        if (!has && pp_whatif_status(res, i) == PP_SCN_NOT_RUN) {
            not_run++;
            continue;
        }
        if (!has || f.plan_status == PP_PLAN_INFEASIBLE) {
            char buf[1200];
            pp_error_format(pp_whatif_error(res, i), buf, sizeof buf);
            printf("%-24s %s: %s\n", pp_whatif_name(res, i), has ? "infeasible" : "error", buf);
            continue;
        }
        printf("%-24s %12.2f %+7.2f%% %7.2f %9.2f %10.2f", pp_whatif_name(res, i), f.total_cost,
               b->total_cost > 0 ? (f.total_cost / b->total_cost - 1) * 100 : 0,
               f.service_level_pct, f.understaffed_agent_hours, f.paid_hours);
        for (size_t v = 0; v < nv; v++)
            printf(" %10.1f", f.vendor_paid_hours ? f.vendor_paid_hours[v]
                                                  : pp_plan_vendor_paid_hours(plan, v));
        printf("  %s\n", pp_plan_status_name((pp_plan_status)f.plan_status));
    }
    if (not_run)
        printf("(%zu scenario%s not run: interrupted; status not_run in scenarios_summary.csv)\n",
               not_run, not_run == 1 ? "" : "s");
}

/* The scenarios lost with a rank (under MPI), named on standard error even with -q, and
 * one line for everything --resume would plan: the lost ones and those an interrupted
 * job never started (an MPI job whose rank dies is interrupted too: mpirun stops rank 0). */
static void report_unfinished(const pp_whatif_result *res, const char *outdir)
{
    size_t lost = 0, unstarted = 0;
    for (size_t i = 1; i < pp_whatif_count(res); i++) {
        if (pp_whatif_lost(res, i)) {
            char buf[1200];
            pp_error_format(pp_whatif_error(res, i), buf, sizeof buf);
            fprintf(stderr, "peakplan whatif: lost %s (%s)\n", pp_whatif_name(res, i), buf);
            lost++;
        } else if (!pp_whatif_carried(res, i) && pp_whatif_status(res, i) == PP_SCN_NOT_RUN) {
            unstarted++;
        }
    }
    if (lost == 0 && unstarted == 0)
        return;
    char lost_part[64] = "", unstarted_part[64] = "";
    if (lost)
        snprintf(lost_part, sizeof lost_part, "%zu scenario%s lost", lost, lost == 1 ? "" : "s");
    if (unstarted)
        snprintf(unstarted_part, sizeof unstarted_part, "%zu %snot started", unstarted,
                 lost ? "" : unstarted == 1 ? "scenario " : "scenarios ");
    size_t n = lost + unstarted;
    fprintf(stderr, "peakplan whatif: %s%s%s (status not_run); whatif --resume %s plans %s\n",
            lost_part, lost && unstarted ? ", " : "", unstarted_part, outdir,
            n == 1 ? "it" : "them");
}

/* A rank other than 0 of an MPI job: load, plan what rank 0 hands out, leave.  Its
 * errors go to rank 0, which reports them; it prints nothing. */
static int serve_rank(pp_cluster *cluster, const char *workspace, const char *scen,
                      const pp_whatif_params *wp)
{
    pp_error err, load_err;
    pp_error_clear(&err);
    pp_error_clear(&load_err);
    pp_workspace *ws = NULL;
    pp_scenario_set *set = NULL;
    if (pp_workspace_load(workspace, &ws, &load_err) == PP_OK)
        pp_scenarios_load(scen, ws, &set, &load_err);
    pp_status st = pp_whatif_serve(ws, set, wp, &load_err, &err);
    pp_scenarios_free(set);
    pp_workspace_free(ws);
    if (st != PP_OK)
        cli_report("whatif", &err); /* its talk with rank 0 broke: the job cannot finish */
    pp_cluster_leave(cluster, st != PP_OK ? 1 : 0);
    return st != PP_OK ? 1 : 0;
}

typedef struct whatif_extra {
    const pp_report_params *report;
    const char *outdir;
} whatif_extra;

static pp_status add_report(void *userdata, const char *tmp, pp_error *err)
{
    const whatif_extra *we = userdata;
    return cli_report_into_set(tmp, we->outdir, we->report, err);
}

int cmd_whatif(int argc, char **argv)
{
    static const struct option opts[] = {{"scenarios", required_argument, NULL, 's'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"resume", required_argument, NULL, 'r'},
                                         {"time-limit", required_argument, NULL, 't'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"no-xlsx", no_argument, NULL, 'X'},
                                         {"no-report", no_argument, NULL, 'R'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *scen = NULL, *outdir = "out-whatif";
    char checkpoint[4096];
    int quiet = 0, outdir_given = 0;
    pp_whatif_params wp;
    pp_whatif_params_init(&wp);
    wp.render_folders = 1; /* the folders are written: render them as the plans finish */
    pp_report_params report; /* report.html + plan.xlsx, written last into the finished folder */
    pp_report_params_init(&report);
    optind = 1;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
        switch (c) {
        case 's': scen = optarg; break;
        case 'o': outdir = optarg; outdir_given = 1; break;
        case 'r': wp.resume_dir = optarg; break;
        case 'j':
            wp.threads = (int)strtol(optarg, &end, 10);
            if (*end || wp.threads < 1 || wp.threads > 256)
                return cli_usage_error("whatif", USAGE_WHATIF, "--threads: 1..256: %s", optarg);
            break;
        case 't':
            if (!pp_parse_duration_seconds(optarg, &wp.run.time_limit_seconds) ||
                wp.run.time_limit_seconds <= 0 ||
                wp.run.time_limit_seconds > PP_MAX_TIME_LIMIT_SECONDS)
                return cli_usage_error("whatif", USAGE_WHATIF,
                                       "--time-limit: a duration above 0, at most a week: %s",
                                       optarg);
            break;
        case 'q': quiet = 1; break;
        case 'X': report.xlsx = false; break;
        case 'R': report.html = false; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_WHATIF, help); return 0;
        default: return cli_usage_error("whatif", USAGE_WHATIF, "bad option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("whatif", USAGE_WHATIF, "one WORKSPACE folder is required");
    if (!scen)
        return cli_usage_error("whatif", USAGE_WHATIF, "--scenarios is required");
    if (strcmp(outdir, "-") == 0)
        return cli_usage_error("whatif", USAGE_WHATIF, "-o -: whatif writes several files");
    wp.on_done = quiet ? NULL : on_done;
    if (wp.resume_dir) {
        if (outdir_given && strcmp(outdir, wp.resume_dir) != 0)
            return cli_usage_error("whatif", USAGE_WHATIF,
                                   "--resume DIR writes DIR: -o names another folder");
        struct stat sb, cb;
        snprintf(checkpoint, sizeof checkpoint, "%s.partial", wp.resume_dir);
        if ((stat(wp.resume_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) &&
            (stat(checkpoint, &cb) != 0 || !S_ISDIR(cb.st_mode)))
            return cli_usage_error("whatif", USAGE_WHATIF, "--resume: no folder %s to resume",
                                   wp.resume_dir);
        outdir = wp.resume_dir;
    }
    /* OUTDIR.partial: what an MPI job kept of its finished scenarios (docs/scaling.md) */
    snprintf(checkpoint, sizeof checkpoint, "%s.partial", outdir);
    wp.checkpoint_dir = checkpoint;

    pp_error err;
    pp_error_clear(&err);
    /* under mpirun/srun: rank 0 runs the batch, the others plan what it hands out
     * (docs/scaling.md); alone, or built without MPI, nothing changes */
    pp_cluster *cluster = NULL;
    if (pp_cluster_join(&cluster, &err) != PP_OK)
        return cli_report("whatif", &err);
    if (pp_cluster_size(cluster) > 1)
        wp.cluster = cluster;
    if (pp_cluster_rank(cluster) > 0)
        return serve_rank(cluster, argv[optind], scen, &wp);
    pp_workspace *ws = NULL;
    pp_scenario_set *set = NULL;
    pp_whatif_result *res = NULL;
    pp_status st = pp_workspace_load(argv[optind], &ws, &err);
    if (st == PP_OK)
        st = pp_scenarios_load(scen, ws, &set, &err);
    if (st == PP_OK)
        st = pp_whatif_run(ws, set, &wp, &res, &err);
    if (cli_interrupted() && !quiet)
        fputc('\n', stderr); /* end the progress line the interrupt cut short */
    if (st == PP_OK && wp.resume_dir) { /* even with -q: what was kept is no detail */
        size_t kept = 0, n = pp_whatif_count(res) - 1;
        for (size_t i = 1; i <= n; i++)
            kept += pp_whatif_carried(res, i);
        fprintf(stderr, "peakplan whatif: resumed %s: %zu of %zu scenarios complete, %zu planned\n",
                outdir, kept, n, n - kept);
    }
    report.workspace = argv[optind];
    char title[512];
    report.title = cli_report_title(outdir, title, sizeof title);
    /* the report goes into the set before it replaces OUTDIR */
    whatif_extra we = {&report, outdir};
    pp_set_extra extra = {add_report, &we};
    if (st == PP_OK)
        st = pp_whatif_write_ex(res, ws, outdir, &extra, &err);
    int rc = st == PP_OK ? 0 : cli_report("whatif", &err);
    if (st == PP_OK) {
        report_unfinished(res, outdir);
        pp_whatif_checkpoint_remove(checkpoint); /* the set holds it all now */
    }
    if (st == PP_OK && !quiet) {
        print_table(res, ws);
        printf("outputs in %s/ (scenarios_summary.csv, base/, one folder per scenario)\n", outdir);
    }
    pp_whatif_result_free(res);
    pp_scenarios_free(set);
    pp_workspace_free(ws);
    if (cluster) {
        fflush(NULL);
        /* a failed or interrupted batch ends the whole job (the other ranks may still
         * wait for work); a finished one lets every rank finish */
        int code = cli_interrupted() ? cli_interrupt_exit_code() : rc;
        pp_cluster_leave(cluster, code);
    }
    return rc;
}
