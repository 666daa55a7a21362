/* cmd_staff.c -- `peakplan staff`: forecast.csv + queues.csv -> requirements.csv. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/csvio.h"
#include "peakplan/output.h"
#include "peakplan/staffing.h"
#include "peakplan/workspace.h"

static const char help[] =
    "Turns forecast contacts and handle time into the productive agents (before shrinkage)\n"
    "each queue needs per interval to meet its targets in queues.csv (Erlang C, Erlang A with\n"
    "patience, chat concurrency, deferred tickets with deadlines, escalations).\n\n"
    "  --forecast F     forecast.csv (queue, interval_start, offered, aht_seconds[, offered_p10..p90])\n"
    "  --queues F       queues.csv\n"
    "  --quantile Q     staff to forecast quantile Q (0..1) instead of the point forecast\n"
    "  -o F             output CSV (default: standard output)\n";

int cmd_staff(int argc, char **argv)
{
    static const struct option opts[] = {{"forecast", required_argument, NULL, 'f'},
                                         {"queues", required_argument, NULL, 'Q'},
                                         {"quantile", required_argument, NULL, 'q'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *forecast = NULL, *queues_path = NULL, *out = "-";
    pp_staff_params sp;
    pp_staff_params_init(&sp);
    optind = 1;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': forecast = optarg; break;
        case 'Q': queues_path = optarg; break;
        case 'q':
            sp.quantile = strtod(optarg, &end);
            if (!*end && sp.quantile > 1 && sp.quantile < 100)
                return cli_usage_error("staff", USAGE_STAFF,
                                       "--quantile: a fraction, not a percent: write %g, not %s",
                                       sp.quantile / 100, optarg);
            if (*end || !(sp.quantile > 0 && sp.quantile < 1))
                return cli_usage_error("staff", USAGE_STAFF, "--quantile: a fraction 0..1: %s",
                                       optarg);
            break;
        case 'o': out = optarg; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_STAFF, help); return 0;
        default: return cli_usage_error("staff", USAGE_STAFF, "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("staff", USAGE_STAFF, "unexpected argument: %s", argv[optind]);
    if (!forecast || !queues_path)
        return cli_usage_error("staff", USAGE_STAFF, "--forecast and --queues are required");

    pp_error err;
    pp_error_clear(&err);
    pp_queue *queues = NULL;
    size_t nq = 0;
    const char **names = NULL;
    pp_grid *fc = NULL, *req = NULL;
    pp_outset *set = NULL;
    FILE *fp;
    pp_status st = pp_load_queues(queues_path, &queues, &nq, &err);
    if (st != PP_OK)
        return cli_report("staff", &err);
    names = malloc(nq * sizeof *names);
    if (!names) {
        st = pp_error_set(&err, PP_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t q = 0; q < nq; q++)
        names[q] = queues[q].name;
    static const char *const req_cols[] = {PP_COL_OFFERED, PP_COL_AHT, NULL};
    static const char *const opt_cols[] = {PP_COL_OFFERED_P10, PP_COL_OFFERED_P50,
                                           PP_COL_OFFERED_P90, NULL};
    if ((st = pp_load_grid(forecast, req_cols, opt_cols, names, nq, &fc, &err)) != PP_OK)
        goto done;
    if (!isnan(sp.quantile) && !pp_grid_column(fc, PP_COL_OFFERED_P90)) {
        st = pp_error_at(&err, PP_EINVAL, forecast, 1, 0,
                         "--quantile needs the columns offered_p10, offered_p50, offered_p90");
        goto done;
    }
    if ((st = pp_staff_requirements(queues, nq, fc, &sp, &req, &err)) != PP_OK)
        goto done;
    if ((st = pp_outset_single(out, &set, &fp, &err)) != PP_OK)
        goto done;
    pp_write_requirements_csv(fp, req);
    st = pp_outset_commit(set, &err);
done:;
    int rc = st == PP_OK ? 0 : cli_report("staff", &err);
    pp_outset_free(set);
    pp_grid_free(fc);
    pp_grid_free(req);
    free(names);
    free(queues);
    return rc;
}
