/* cmd_simulate.c -- `peakplan simulate WORKSPACE --plan OUTDIR`: replay a written
 * plan with random arrivals and handle times (planner/simulate/, docs/simulation.md). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "peakplan/simulate.h"
#include "peakplan/timeutil.h"

static const char help[] =
    "Simulates the plan in OUTDIR (roster.csv, coverage.csv's allocation of productive agents\n"
    "to queues, forecast.csv) with the workspace's queues and vendors: Poisson arrivals per\n"
    "interval, random handle times and patience, chat slots, deferred backlogs with deadlines\n"
    "carried across intervals and nights, Tier-1 -> Tier-2 escalations. Writes per queue and\n"
    "interval, day and horizon the simulated service level, ASA, abandonment, within-deadline\n"
    "share and backlog (mean and 95 % confidence half-width over replications) beside the\n"
    "planned figures, and prints the horizon figures per queue.\n\n"
    "  WORKSPACE           workspace folder the plan was made from (queues.csv, vendors.csv)\n"
    "      --plan DIR      output folder of `peakplan run` or `peakplan plan` (required)\n"
    "      --reps N        replications (default 20)\n"
    "      --seed S        random seed (default 1); same seed, same output, any thread count\n"
    "      --arrivals M    point: Poisson at the forecast (default); risk: each queue-day's\n"
    "                      volume drawn from the forecast's p10-p50-p90 distribution\n"
    "      --handle-cv CV  log-normal handle times with this coefficient of variation\n"
    "                      (default: exponential, CV 1)\n"
    "      --threads N     worker threads (default 1)\n"
    "  -o, --output F      output file (default DIR/simulation.csv; - = standard output)\n"
    "  -q, --quiet         no table on standard output\n";

/* The per-queue horizon table: planned vs simulated, and the worst day. */
static void print_table(const pp_sim_result *r, const pp_queue *qs, size_t nq,
                        const pp_sim_params *p, const char *path)
{
    printf("simulated %zu replications (seed %llu, arrivals %s)\n", p->reps,
           (unsigned long long)p->seed, p->arrivals == PP_SIM_ARRIVALS_RISK ? "risk" : "point");
    printf("  %-16s %9s %18s %10s %10s %9s  %s\n", "queue", "planned", "simulated (95% CI)",
           "ASA plan", "ASA sim", "days met", "worst day (simulated)");
    for (size_t q = 0; q < nq; q++) {
        const pp_sim_row *h = pp_sim_result_horizon(r, q);
        const pp_sim_row *worst = NULL;
        for (size_t i = 0; i < pp_sim_result_rows(r); i++) {
            const pp_sim_row *d = pp_sim_result_row(r, i);
            if (d->queue == q && d->level == PP_SIM_DAY && isfinite(d->service_level.mean) &&
                (!worst || d->service_level.mean < worst->service_level.mean))
                worst = d;
        }
        char day[16] = "-";
        if (worst)
            pp_format_date(pp_day_of_minute(worst->start), day, sizeof day);
        printf("  %-16s %8.2f%% %9.2f%% +- %5.2f %9.1fs %9.1fs %8.1f%%  %s %.2f%%\n",
               qs[q].name, h->planned_service_level, h->service_level.mean, h->service_level.ci,
               h->planned_asa_seconds, h->asa_seconds.mean, h->days_met_pct.mean, day,
               worst ? worst->service_level.mean : NAN);
    }
    if (pp_sim_result_capped_intervals(r))
        printf("  note: in %zu intervals the roster has fewer productive agents than the "
               "allocation; simulated with the roster's\n",
               pp_sim_result_capped_intervals(r));
    if (path)
        printf("  details in %s\n", path);
}

int cli_simulate_plan(const char *workspace, const char *plan_dir, const pp_sim_params *p,
                      const char *output, int quiet)
{
    return cli_simulate_plan_as(workspace, plan_dir, p, output, output, quiet);
}

int cli_simulate_plan_as(const char *workspace, const char *plan_dir, const pp_sim_params *p,
                         const char *output, const char *shown, int quiet)
{
    char def[4096];
    if (!output) {
        snprintf(def, sizeof def, "%s/simulation.csv", plan_dir);
        output = shown = def;
    }
    pp_error err;
    pp_error_clear(&err);
    pp_sim_input in;
    pp_sim_loaded *loaded = NULL;
    pp_sim_result *res = NULL;
    int rc = 0;
    pp_status st = pp_sim_load(workspace, plan_dir, &in, &loaded, &err);
    if (st == PP_OK)
        st = pp_sim_run(&in, p, &res, &err);
    if (st == PP_OK)
        st = pp_sim_write_csv(res, in.queues, in.nq, output, &err);
    if (st != PP_OK)
        rc = cli_report("simulate", &err);
    else if (!quiet && strcmp(output, "-") != 0)
        print_table(res, in.queues, in.nq, p, shown);
    pp_sim_result_free(res);
    pp_sim_loaded_free(loaded);
    return rc;
}

int cmd_simulate(int argc, char **argv)
{
    static const struct option opts[] = {{"plan", required_argument, NULL, 'p'},
                                         {"reps", required_argument, NULL, 'r'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"arrivals", required_argument, NULL, 'a'},
                                         {"handle-cv", required_argument, NULL, 'c'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    pp_sim_params sp;
    pp_sim_params_init(&sp);
    const char *plan_dir = NULL, *output = NULL;
    int quiet = 0;
    optind = 1;
    int c;
    size_t v;
    char *end;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'p': plan_dir = optarg; break;
        case 'r':
            if (!cli_parse_size(optarg, 1, 100000, &sp.reps))
                return cli_usage_error("simulate", USAGE_SIMULATE,
                                       "--reps: not a whole number 1..100000: %s", optarg);
            break;
        case 's':
            if (!cli_parse_size(optarg, 0, SIZE_MAX, &v))
                return cli_usage_error("simulate", USAGE_SIMULATE,
                                       "--seed: not a whole number >= 0: %s", optarg);
            sp.seed = (uint64_t)v;
            break;
        case 'a':
            if (strcmp(optarg, "point") == 0)
                sp.arrivals = PP_SIM_ARRIVALS_POINT;
            else if (strcmp(optarg, "risk") == 0)
                sp.arrivals = PP_SIM_ARRIVALS_RISK;
            else
                return cli_usage_error("simulate", USAGE_SIMULATE,
                                       "--arrivals: point or risk, not %s", optarg);
            break;
        case 'c':
            errno = 0;
            sp.handle_cv = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(sp.handle_cv > 0 && sp.handle_cv <= 20))
                return cli_usage_error("simulate", USAGE_SIMULATE,
                                       "--handle-cv: a number in (0, 20], not %s", optarg);
            break;
        case 'j':
            if (!cli_parse_size(optarg, 1, 256, &sp.threads))
                return cli_usage_error("simulate", USAGE_SIMULATE,
                                       "--threads: a whole number 1..256, not %s", optarg);
            break;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_SIMULATE, help); return 0;
        default: return cli_usage_error("simulate", USAGE_SIMULATE, "bad option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("simulate", USAGE_SIMULATE,
                               argc - optind ? "one WORKSPACE, please" : "no WORKSPACE given");
    if (!plan_dir)
        return cli_usage_error("simulate", USAGE_SIMULATE, "--plan OUTDIR is required");
    return cli_simulate_plan(argv[optind], plan_dir, &sp, output, quiet);
}
