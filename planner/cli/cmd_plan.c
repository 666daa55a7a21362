/* cmd_plan.c -- `peakplan plan`: requirements + shifts + vendors -> roster (GLPK). */
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/csvio.h"
#include "peakplan/output.h"
#include "peakplan/pipeline.h"
#include "peakplan/plan.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

static const char help[] =
    "Chooses how many agents of each vendor start each shift on each day, with breaks, and\n"
    "splits them over the queues, at least cost (integer program solved by GLPK).\n\n"
    "  --requirements F   requirements.csv (queue, interval_start, agents_needed; optional\n"
    "                     offered, aht_seconds, workload_agents, work_spare_agents)\n"
    "  --shifts F         shifts.csv\n"
    "  --vendors F        vendors.csv\n"
    "  --queues F         queues.csv (channels, targets, shrinkage), e.g. the workspace's:\n"
    "                     deferred queues are then planned by their workload (+ spare) and\n"
    "                     coverage.csv and summary.csv give the service the plan achieves.\n"
    "                     Without it no target is known: every queue is planned as a live\n"
    "                     queue to its agents_needed, without queue shrinkage, and no\n"
    "                     service is claimed (those cells are blank)\n"
    "  --start DATE       first day shifts may start (default: the requirements' first day)\n"
    "  --days N           number of days (default: the days the requirements cover)\n"
    "  -o DIR             output folder for roster.csv, coverage.csv, allocation.csv,\n"
    "                     summary.csv (default out),\n"
    "                     replaced whole; Ctrl-C writes the best plan so far (exit 130)\n"
    "  --time-limit S     solver time limit (seconds, or with s/m/h; default 60)\n"
    "  --gap PCT          stop when within PCT % of the bound (default 0.1)\n"
    "  --penalty COST     understaffing penalty per agent-hour (default 200)\n"
    "  --write-model F    also write the exact model GLPK solves (F.lp or F.mps)\n"
    "  -v, --verbose      every solver progress line on standard error (by default only\n"
    "                     solves over 5 s report, every few seconds)\n";

/* What the command made: the plan as solved (never changed after), and -- when the
 * queues' targets are known (--queues) and the requirements carry offered and
 * aht_seconds -- what it achieves, in a grid of its own. */
typedef struct plan_result {
    pp_plan *plan;
    pp_grid *coverage;        /* NULL: not evaluated (coverage.csv: agents only) */
    double service_level_pct; /* NAN without coverage */
} plan_result;

int cmd_plan(int argc, char **argv)
{
    static const struct option opts[] = {{"requirements", required_argument, NULL, 'r'},
                                         {"shifts", required_argument, NULL, 's'},
                                         {"vendors", required_argument, NULL, 'V'},
                                         {"queues", required_argument, NULL, 'Q'},
                                         {"start", required_argument, NULL, 'S'},
                                         {"days", required_argument, NULL, 'd'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"time-limit", required_argument, NULL, 't'},
                                         {"gap", required_argument, NULL, 'g'},
                                         {"penalty", required_argument, NULL, 'p'},
                                         {"write-model", required_argument, NULL, 'w'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *req_path = NULL, *shifts_path = NULL, *vendors_path = NULL, *queues_path = NULL,
               *outdir = "out";
    int64_t start = INT64_MIN;
    long days = 0;
    pp_plan_params pp;
    pp_plan_params_init(&pp);
    pp.verbosity = 1;
    pp.progress = cli_progress_long; /* -v shows every line */
    optind = 1;
    int c;
    char *end;
    double v;
    while ((c = getopt_long(argc, argv, "o:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'r': req_path = optarg; break;
        case 's': shifts_path = optarg; break;
        case 'V': vendors_path = optarg; break;
        case 'Q': queues_path = optarg; break;
        case 'S':
            if (!pp_parse_date(optarg, &start))
                return cli_usage_error("plan", USAGE_PLAN, "--start: not a date: %s", optarg);
            break;
        case 'd':
            days = strtol(optarg, &end, 10);
            if (*end || days < 1 || days > 366)
                return cli_usage_error("plan", USAGE_PLAN, "--days: not a day count: %s", optarg);
            break;
        case 'o': outdir = optarg; break;
        case 't':
            if (!pp_parse_duration_seconds(optarg, &pp.time_limit_seconds) ||
                pp.time_limit_seconds <= 0 ||
                pp.time_limit_seconds > PP_MAX_TIME_LIMIT_SECONDS)
                return cli_usage_error("plan", USAGE_PLAN,
                                       "--time-limit: a duration above 0, at most a week: %s",
                                       optarg);
            break;
        case 'g':
            v = strtod(optarg, &end);
            if (*end || !(v >= 0 && v <= 100))
                return cli_usage_error("plan", USAGE_PLAN, "--gap: a percentage: %s", optarg);
            pp.mip_gap = v / 100;
            break;
        case 'p':
            v = strtod(optarg, &end);
            if (*end || !(v >= 0 && v <= PP_MAX_PENALTY))
                return cli_usage_error("plan", USAGE_PLAN,
                                       "--penalty: a cost from 0 to 10000000: %s", optarg);
            pp.penalty_per_agent_hour = v;
            break;
        case 'w': {
            size_t n = strlen(optarg);
            if (n < 4 || (strcmp(optarg + n - 3, ".lp") != 0 && strcmp(optarg + n - 4, ".mps") != 0))
                return cli_usage_error("plan", USAGE_PLAN, "--write-model: name must end in .lp or .mps");
            pp.write_model_path = optarg;
            break;
        }
        case 'v':
            pp.verbosity = 1;
            pp.progress = cli_progress_all;
            break;
        case 'h': printf("usage: %s\n\n%s", USAGE_PLAN, help); return 0;
        default: return cli_usage_error("plan", USAGE_PLAN, "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("plan", USAGE_PLAN, "unexpected argument: %s", argv[optind]);
    if (!req_path || !shifts_path || !vendors_path)
        return cli_usage_error("plan", USAGE_PLAN, "--requirements, --shifts and --vendors are required");
    if ((start == INT64_MIN) != (days == 0))
        return cli_usage_error("plan", USAGE_PLAN, "--start and --days go together");
    if (strcmp(outdir, "-") == 0)
        return cli_usage_error("plan", USAGE_PLAN, "-o -: plan writes several files; give a folder");

    pp_error err;
    pp_error_clear(&err);
    pp_queue *queues = NULL;
    size_t nq = 0, nv = 0, nf = 0;
    const char **names = NULL;
    pp_grid *req = NULL;
    pp_vendor *vendors = NULL;
    unsigned char *vq = NULL, *fv = NULL;
    pp_shift_family *families = NULL;
    plan_result res = {.service_level_pct = NAN};
    pp_status st = PP_OK;
    static const char *const req_cols[] = {PP_COL_AGENTS_NEEDED, NULL};
    static const char *const opt_cols[] = {
        PP_COL_OFFERED, PP_COL_AHT,     PP_COL_WORKLOAD,  PP_COL_WORK_SPARE, PP_COL_SERVICE_LEVEL,
        PP_COL_ASA,     PP_COL_ABANDON, PP_COL_OCCUPANCY, NULL};
    if (queues_path) {
        if ((st = pp_load_queues(queues_path, &queues, &nq, &err)) != PP_OK)
            goto done;
        if (!(names = malloc(nq * sizeof *names))) {
            st = pp_error_set(&err, PP_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t q = 0; q < nq; q++)
            names[q] = queues[q].name;
    }
    if ((st = pp_load_grid(req_path, req_cols, opt_cols, names, nq, &req, &err)) != PP_OK)
        goto done;
    if (!queues_path) {
        /* Without queues.csv nothing is known of the queues but their names (from the
         * requirements): each is planned as live to its agents_needed, and with no target
         * no service is evaluated -- none is invented. */
        nq = pp_grid_queues(req);
        queues = calloc(nq, sizeof *queues);
        names = malloc(nq * sizeof *names);
        if (!queues || !names) {
            st = pp_error_set(&err, PP_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t q = 0; q < nq; q++) {
            pp_queue *qq = &queues[q];
            snprintf(qq->name, sizeof qq->name, "%s", pp_grid_queue_name(req, q));
            qq->channel = PP_CHANNEL_VOICE;
            qq->target_pct = qq->target_seconds = NAN; /* unknown */
            qq->max_occupancy_pct = qq->patience_seconds = qq->max_asa_seconds =
                qq->max_abandon_pct = NAN;
            qq->concurrency = 1;
            qq->escalates_to = -1;
            names[q] = qq->name;
        }
        const double *work = pp_grid_column_const(req, PP_COL_WORKLOAD);
        bool deferred = false;
        for (size_t i = 0; work && i < nq * pp_grid_intervals(req); i++)
            deferred = deferred || work[i] > 0;
        fprintf(stderr, "peakplan plan: no --queues: every queue is planned as live to its "
                        "agents_needed%s; no service is evaluated\n",
                deferred ? " (the workload_agents of deferred queues are not used)" : "");
    }
    if ((st = pp_load_vendors(vendors_path, names, nq, &vendors, &nv, &vq, &err)) != PP_OK ||
        (st = pp_load_shifts(shifts_path, vendors, nv, &families, &nf, &fv, &err)) != PP_OK)
        goto done;
    if (start == INT64_MIN) {
        start = pp_day_of_minute(pp_grid_start(req));
        int64_t last = pp_grid_start(req) + (int64_t)pp_grid_intervals(req) * pp_grid_step(req) - 1;
        days = (long)(pp_day_of_minute(last) - start + 1);
    }
    pp_plan_input in = {.queues = queues,
                        .nq = nq,
                        .vendors = vendors,
                        .nv = nv,
                        .vendor_queue = vq,
                        .families = families,
                        .nf = nf,
                        .family_vendor = fv,
                        .requirements = req,
                        .start_day = start,
                        .days = (size_t)days,
                        .vendor_available = NULL};
    st = pp_plan_solve(&in, &pp, &res.plan, &err);
    const pp_plan *plan = res.plan;
    if (st == PP_EINFEASIBLE && plan) {
        char buf[1200];
        pp_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "peakplan plan: no feasible plan: %s\n", buf);
        for (size_t i = 0; i < pp_plan_explanation_count(plan); i++)
            fprintf(stderr, "  - %s\n", pp_plan_explanation(plan, i));
        /* the set says so (summary.csv: infeasible), replacing any older plan */
        pp_error_clear(&err);
        pp_plan_files f = {.requirements = req, .plan = plan, .vendors = vendors, .nv = nv,
                           .families = families, .service_level_pct = NAN};
        pp_output_set set = {.plans = &f, .nplans = 1};
        if ((st = pp_output_set_write(&set, outdir, &err)) != PP_OK)
            goto done;
        st = PP_EINFEASIBLE;
        goto done_quiet;
    }
    if (st != PP_OK)
        goto done;
    /* the service only where the targets are known, and the traffic */
    if (queues_path && pp_grid_column(req, PP_COL_OFFERED) && pp_grid_column(req, PP_COL_AHT)) {
        if ((st = pp_coverage_evaluate(queues, nq, req, plan, &res.coverage, &err)) != PP_OK)
            goto done;
        res.service_level_pct = pp_coverage_service_level_pct(res.coverage, req);
    }
    pp_plan_files f = {.requirements = req, .plan = plan, .coverage = res.coverage,
                       .vendors = vendors, .nv = nv, .families = families,
                       .service_level_pct = res.service_level_pct};
    pp_output_set set = {.plans = &f, .nplans = 1};
    st = pp_output_set_write(&set, outdir, &err);
    if (st == PP_OK) {
        const pp_plan_summary *s = pp_plan_get_summary(plan);
        printf("peakplan plan: %s, cost %.2f, %.2f paid hours, %.2f understaffed agent-hours, "
               "gap %.3f%%, %.1f s; outputs in %s/\n",
               pp_plan_status_name(s->status), s->total_cost, s->paid_hours,
               s->understaffed_agent_hours, s->mip_gap_pct, s->solve_seconds, outdir);
        for (size_t i = 0; i < pp_plan_explanation_count(plan) && i < 12; i++)
            printf("  - %s\n", pp_plan_explanation(plan, i));
    }
done:
    if (st != PP_OK)
        cli_report("plan", &err);
done_quiet:;
    int rc = cli_exit_code(st);
    pp_plan_free(res.plan);
    pp_grid_free(res.coverage);
    free(families);
    free(fv);
    free(vendors);
    free(vq);
    pp_grid_free(req);
    free(names);
    free(queues);
    return rc;
}
