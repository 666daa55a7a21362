/* cmd_risk.c -- `peakplan risk WORKSPACE`: the cost of risk.
 *
 * The question leadership asks of forecast uncertainty is a price: what does it
 * cost to staff for a bad day, and what service does each choice buy?  This
 * command plans the workspace once per forecast quantile (p50, p80, p90 by
 * default: plan.ini's `quantile`, overridden per run), then simulates every plan
 * with each queue-day's volume drawn from the forecast's p10-p50-p90 law
 * (`simulate --arrivals risk`), so each row sets a cost beside the service the
 * plan gives when the forecast is wrong the way it usually is.  The plans are
 * written whole (OUTDIR/p50/ ...), with their simulation.csv, and risk.csv sums
 * them up; the set replaces OUTDIR at once, like every output set. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "peakplan/output.h"
#include "peakplan/pipeline.h"
#include "peakplan/simulate.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

static const char help[] =
    "Plans the workspace once per forecast quantile (staffing to that quantile of each\n"
    "interval's volume instead of plan.ini's setting), simulates each plan with every\n"
    "queue-day's volume drawn from the forecast's p10-p50-p90 distribution, and writes\n"
    "risk.csv (per quantile and queue: total cost, planned and simulated service level,\n"
    "share of days meeting the target) plus each plan's files and simulation.csv in\n"
    "OUTDIR/p50/, OUTDIR/p80/, ... (docs/simulation.md, \"The cost of risk\").\n\n"
    "  WORKSPACE          workspace folder\n"
    "  -o, --output DIR   output folder (default out-risk), replaced whole\n"
    "      --quantiles L  comma-separated quantiles in [0.01, 0.99], ascending\n"
    "                     (default 0.5,0.8,0.9)\n"
    "      --reps N       replications per plan (default 20)\n"
    "      --seed S       random seed (default 1)\n"
    "      --threads N    simulation threads (default 1; results do not depend on it)\n"
    "      --time-limit S solver time limit per plan (seconds, or with s/m/h)\n"
    "  -q, --quiet        no table on standard output\n";

enum { MAX_QUANTILES = 9 };

typedef struct risk_job {
    const char *workspace;
    const pp_workspace *ws;
    const pp_sim_params *sp;
    size_t n;
    const double *quantile;
    const char *const *folder;
    pp_run_result *const *run;
    /* filled by simulate_all: per plan, the horizon row of each queue */
    pp_sim_row *horizon; /* n * nq */
    int *simulated;      /* n: 1 when the plan was simulated */
} risk_job;

/* Offered-weighted mean of the queues' horizon figures of plan i (field at `off`). */
static double weighted(const risk_job *j, size_t i, size_t off)
{
    size_t nq = pp_workspace_queue_count(j->ws);
    double num = 0, den = 0;
    for (size_t q = 0; q < nq; q++) {
        const pp_sim_row *h = &j->horizon[i * nq + q];
        double v;
        memcpy(&v, (const char *)h + off, sizeof v);
        if (isfinite(v) && h->offered.mean > 0) {
            num += v * h->offered.mean;
            den += h->offered.mean;
        }
    }
    return den > 0 ? num / den : NAN;
}

static void put_num(FILE *fp, double v, int decimals)
{
    if (isfinite(v))
        fprintf(fp, ",%.*f", decimals, v);
    else
        fputs(",", fp);
}

/* risk.csv: per quantile a row for all queues (offered-weighted), then one per queue. */
static pp_status write_risk_csv(const risk_job *j, const char *path, pp_error *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return pp_error_set(err, PP_EWRITE, "%s: cannot create: %s", path, strerror(errno));
    const pp_queue *qs = pp_workspace_queues(j->ws);
    size_t nq = pp_workspace_queue_count(j->ws);
    const pp_plan_summary *s0 = pp_plan_get_summary(pp_run_plan(j->run[0]));
    fputs("quantile,queue,total_cost,delta_cost_pct,paid_hours,target_pct,"
          "planned_service_level,simulated_service_level,simulated_service_level_ci,"
          "days_met_pct,days_met_pct_ci\n", fp);
    for (size_t i = 0; i < j->n; i++) {
        const pp_plan_summary *s = pp_plan_get_summary(pp_run_plan(j->run[i]));
        double delta = s0->total_cost > 0 ? 100 * (s->total_cost / s0->total_cost - 1) : NAN;
        int sim = j->simulated[i];
        fprintf(fp, "%.2f,all", j->quantile[i]);
        put_num(fp, s->total_cost, 2);
        put_num(fp, delta, 2);
        put_num(fp, s->paid_hours, 2);
        fputs(",", fp); /* targets differ by queue */
        put_num(fp, pp_run_service_level_pct(j->run[i]), 2);
        put_num(fp, sim ? weighted(j, i, offsetof(pp_sim_row, service_level.mean)) : NAN, 2);
        fputs(",,,\n", fp);
        for (size_t q = 0; q < nq; q++) {
            const pp_sim_row *h = &j->horizon[i * nq + q];
            fprintf(fp, "%.2f,%s", j->quantile[i], qs[q].name);
            put_num(fp, s->total_cost, 2);
            put_num(fp, delta, 2);
            put_num(fp, s->paid_hours, 2);
            put_num(fp, qs[q].target_pct, 2);
            put_num(fp, sim ? h->planned_service_level : NAN, 2);
            put_num(fp, sim ? h->service_level.mean : NAN, 2);
            put_num(fp, sim ? h->service_level.ci : NAN, 2);
            put_num(fp, sim ? h->days_met_pct.mean : NAN, 1);
            put_num(fp, sim ? h->days_met_pct.ci : NAN, 1);
            fputs("\n", fp);
        }
    }
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad)
        return pp_error_set(err, PP_EWRITE, "%s: write failed", path);
    return PP_OK;
}

/* The set's extra: simulate each plan in its folder of the temporary set, then
 * risk.csv beside the folders. */
static pp_status simulate_all(void *userdata, const char *tmp, pp_error *err)
{
    risk_job *j = userdata;
    size_t nq = pp_workspace_queue_count(j->ws);
    char dir[4096], path[4200];
    for (size_t i = 0; i < j->n; i++) {
        if (!pp_run_coverage(j->run[i]))
            continue; /* infeasible: summary.csv says so; nothing to simulate */
        snprintf(dir, sizeof dir, "%s/%s", tmp, j->folder[i]);
        snprintf(path, sizeof path, "%s/simulation.csv", dir);
        pp_sim_input in;
        pp_sim_loaded *loaded = NULL;
        pp_sim_result *res = NULL;
        pp_status st = pp_sim_load(j->workspace, dir, &in, &loaded, err);
        if (st == PP_OK && in.nq != nq)
            st = pp_error_set(err, PP_EINTERNAL, "%s: %zu queues, the workspace has %zu", dir,
                              in.nq, nq);
        if (st == PP_OK)
            st = pp_sim_run(&in, j->sp, &res, err);
        if (st == PP_OK)
            st = pp_sim_write_csv(res, in.queues, in.nq, path, err);
        for (size_t q = 0; st == PP_OK && q < nq; q++)
            j->horizon[i * nq + q] = *pp_sim_result_horizon(res, q);
        if (st == PP_OK)
            j->simulated[i] = 1;
        pp_sim_result_free(res);
        pp_sim_loaded_free(loaded);
        if (st != PP_OK)
            return st;
    }
    snprintf(path, sizeof path, "%s/risk.csv", tmp);
    return write_risk_csv(j, path, err);
}

static void print_table(const risk_job *j, const char *outdir)
{
    const pp_queue *qs = pp_workspace_queues(j->ws);
    size_t nq = pp_workspace_queue_count(j->ws);
    const pp_plan_summary *s0 = pp_plan_get_summary(pp_run_plan(j->run[0]));
    printf("peakplan risk: each plan simulated with day volumes drawn from the forecast's "
           "p10-p90 (%zu replications, seed %llu)\n",
           j->sp->reps, (unsigned long long)j->sp->seed);
    printf("  %-8s %14s %8s %10s %10s", "staffing", "total cost", "vs first", "planned", "simulated");
    for (size_t q = 0; q < nq; q++)
        printf(" %16.16s", qs[q].name);
    printf("\n  %-8s %14s %8s %10s %10s", "", "", "", "service", "service");
    for (size_t q = 0; q < nq; q++)
        printf(" %16s", "sim SL / days met");
    printf("\n");
    for (size_t i = 0; i < j->n; i++) {
        const pp_plan_summary *s = pp_plan_get_summary(pp_run_plan(j->run[i]));
        printf("  %-8s %14.2f %+7.2f%% %9.2f%% %9.2f%%", j->folder[i], s->total_cost,
               s0->total_cost > 0 ? 100 * (s->total_cost / s0->total_cost - 1) : 0.0,
               pp_run_service_level_pct(j->run[i]),
               j->simulated[i] ? weighted(j, i, offsetof(pp_sim_row, service_level.mean)) : NAN);
        for (size_t q = 0; q < nq; q++) {
            const pp_sim_row *h = &j->horizon[i * nq + q];
            if (j->simulated[i])
                printf("   %6.2f%% / %3.0f%%", h->service_level.mean, h->days_met_pct.mean);
            else
                printf(" %16s", "infeasible");
        }
        printf("\n");
    }
    printf("  outputs in %s/ (risk.csv, and each plan in its folder)\n", outdir);
}

/* "0.5,0.8,0.9" -> q[], ascending, each in [0.01, 0.99]; 0 on a bad list. */
static size_t parse_quantiles(const char *s, double *q, size_t max)
{
    size_t n = 0;
    const char *p = s;
    while (*p) {
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        if (errno || end == p || !(v >= 0.01 && v <= 0.99) || n == max ||
            (n > 0 && !(v > q[n - 1])))
            return 0;
        q[n++] = v;
        if (*end == ',' && end[1])
            p = end + 1;
        else if (*end == '\0')
            p = end;
        else
            return 0;
    }
    return n;
}

int cmd_risk(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"quantiles", required_argument, NULL, 'Q'},
                                         {"reps", required_argument, NULL, 'r'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"time-limit", required_argument, NULL, 't'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *outdir = "out-risk";
    double quantile[MAX_QUANTILES] = {0.5, 0.8, 0.9};
    size_t nquant = 3, v;
    int quiet = 0;
    pp_sim_params sp;
    pp_sim_params_init(&sp);
    sp.arrivals = PP_SIM_ARRIVALS_RISK;
    pp_run_params rp;
    pp_run_params_init(&rp);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir = optarg; break;
        case 'Q':
            if (!(nquant = parse_quantiles(optarg, quantile, MAX_QUANTILES)))
                return cli_usage_error("risk", USAGE_RISK,
                                       "--quantiles: up to %d numbers in [0.01, 0.99], "
                                       "ascending, comma-separated: %s",
                                       MAX_QUANTILES, optarg);
            break;
        case 'r':
            if (!cli_parse_size(optarg, 2, 100000, &sp.reps))
                return cli_usage_error("risk", USAGE_RISK,
                                       "--reps: a whole number 2..100000: %s", optarg);
            break;
        case 's':
            if (!cli_parse_size(optarg, 0, SIZE_MAX, &v))
                return cli_usage_error("risk", USAGE_RISK, "--seed: a whole number >= 0: %s",
                                       optarg);
            sp.seed = (uint64_t)v;
            break;
        case 'j':
            if (!cli_parse_size(optarg, 1, 256, &sp.threads))
                return cli_usage_error("risk", USAGE_RISK, "--threads: a whole number 1..256: %s",
                                       optarg);
            break;
        case 't':
            if (!pp_parse_duration_seconds(optarg, &rp.time_limit_seconds) ||
                rp.time_limit_seconds <= 0 || rp.time_limit_seconds > PP_MAX_TIME_LIMIT_SECONDS)
                return cli_usage_error("risk", USAGE_RISK,
                                       "--time-limit: a duration above 0, at most a week: %s",
                                       optarg);
            break;
        case 'q': quiet = 1; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_RISK, help); return 0;
        default: return cli_usage_error("risk", USAGE_RISK, "bad option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("risk", USAGE_RISK,
                               argc - optind ? "one WORKSPACE, please" : "no WORKSPACE given");
    if (strcmp(outdir, "-") == 0)
        return cli_usage_error("risk", USAGE_RISK, "-o -: risk writes several files; give a folder");
    const char *workspace = argv[optind];

    char names[MAX_QUANTILES][16];
    const char *folder[MAX_QUANTILES];
    pp_run_result *run[MAX_QUANTILES] = {0};
    pp_error err;
    pp_error_clear(&err);
    pp_workspace *ws = NULL;
    pp_status st = pp_workspace_load(workspace, &ws, &err);
    if (st != PP_OK)
        return cli_report("risk", &err);
    size_t nq = pp_workspace_queue_count(ws);
    int rc = 0, infeasible = 0;
    for (size_t i = 0; i < nquant && rc == 0; i++) {
        snprintf(names[i], sizeof names[i], "p%g", 100 * quantile[i]);
        folder[i] = names[i];
        rp.quantile = quantile[i];
        if (!quiet)
            fprintf(stderr, "peakplan risk: planning to the forecast's %s\n", names[i]);
        st = pp_run(ws, &rp, &run[i], &err);
        if (st == PP_EINFEASIBLE && run[i]) {
            fprintf(stderr, "peakplan risk: no feasible plan at %s\n", names[i]);
            pp_error_clear(&err);
            infeasible = 1;
        } else if (st != PP_OK) {
            rc = cli_report("risk", &err);
        }
    }
    pp_sim_row *horizon = rc == 0 ? calloc(nquant * (nq ? nq : 1), sizeof *horizon) : NULL;
    int *simulated = rc == 0 ? calloc(nquant, sizeof *simulated) : NULL;
    if (rc == 0 && (!horizon || !simulated))
        rc = (pp_error_set(&err, PP_ENOMEM, "out of memory"), cli_report("risk", &err));
    if (rc == 0) {
        risk_job job = {.workspace = workspace, .ws = ws, .sp = &sp, .n = nquant,
                        .quantile = quantile, .folder = folder, .run = run,
                        .horizon = horizon, .simulated = simulated};
        pp_set_extra extra = {simulate_all, &job};
        st = pp_runs_write_ex((const pp_run_result *const *)run, folder, nquant, ws, outdir,
                              &extra, &err);
        if (st != PP_OK)
            rc = cli_report("risk", &err);
        else {
            if (!quiet)
                print_table(&job, outdir);
            rc = infeasible ? 3 : 0;
        }
    }
    free(horizon);
    free(simulated);
    for (size_t i = 0; i < nquant; i++)
        pp_run_result_free(run[i]);
    pp_workspace_free(ws);
    return rc;
}
