/* cmd_forecast.c -- `peakplan forecast`: history (+ events) -> forecast.csv. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/csvio.h"
#include "peakplan/forecast.h"
#include "peakplan/output.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

static const char help[] =
    "Forecasts offered contacts (with p10/p50/p90) and handle time per queue and interval.\n\n"
    "  --history F      history.csv (queue, interval_start, offered[, aht_seconds])\n"
    "  --events F       events.csv: promotions, holidays, launches (optional)\n"
    "  --from DATE      first day of the forecast (YYYY-MM-DD); history from then on is ignored\n"
    "  --days N         number of days to forecast\n"
    "  --interval D     output interval, a duration with a unit: 30m, 1h, 1800s (a bare\n"
    "                   number is seconds; bare values under 300 are refused as likely\n"
    "                   minutes); 5 minutes to a day, dividing a day (default: the history's)\n"
    "  -o F             output CSV (default: standard output; - = standard output)\n"
    "  --backtest DAYS  rolling-origin backtest over the last DAYS days of history instead:\n"
    "                   WAPE, MASE, bias and p10-p90 coverage per queue, beside seasonal naive\n";

static void on_report(void *userdata, const char *line)
{
    (void)userdata;
    fprintf(stderr, "  %s\n", line);
}

typedef struct backtest_ctx {
    FILE *csv, *table;
    size_t rows;
} backtest_ctx;

static void put_cell(FILE *fp, double v, int dec, int last)
{
    if (isfinite(v))
        fprintf(fp, "%.*f", dec, v);
    fputc(last ? '\n' : ',', fp);
}

static void on_backtest_row(void *userdata, const pp_fc_backtest_row *r)
{
    backtest_ctx *c = userdata;
    pp_csv_put_text(c->csv, r->queue);
    fputc(',', c->csv);
    pp_csv_put_text(c->csv, r->model);
    fprintf(c->csv, ",%zu,", r->days);
    put_cell(c->csv, r->actual_total, 1, 0);
    put_cell(c->csv, r->wape, 2, 0);
    put_cell(c->csv, r->mase, 3, 0);
    put_cell(c->csv, r->bias_pct, 2, 0);
    put_cell(c->csv, r->coverage_p10_p90, 1, 0);
    put_cell(c->csv, r->naive_wape, 2, 0);
    put_cell(c->csv, r->naive_mase, 3, 1);
    fprintf(c->table, "%-20s %-11s %10.0f %8.2f %8.3f %9.2f %11.1f %10.2f %10.3f\n", r->queue,
            r->model, r->actual_total, r->wape, r->mase, r->bias_pct, r->coverage_p10_p90,
            r->naive_wape, r->naive_mase);
    c->rows++;
}

int cmd_forecast(int argc, char **argv)
{
    static const struct option opts[] = {{"history", required_argument, NULL, 'H'},
                                         {"events", required_argument, NULL, 'e'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"days", required_argument, NULL, 'd'},
                                         {"interval", required_argument, NULL, 'i'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"backtest", required_argument, NULL, 'b'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *history = NULL, *events = NULL, *out = "-";
    int64_t from = INT64_MIN;
    long days = 0, interval = 0, backtest = 0;
    int verbose = 0;
    optind = 1;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "o:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'H': history = optarg; break;
        case 'e': events = optarg; break;
        case 'f':
            if (!pp_parse_date(optarg, &from))
                return cli_usage_error("forecast", USAGE_FORECAST, "--from: not a date: %s", optarg);
            break;
        case 'd':
            days = strtol(optarg, &end, 10);
            if (*end || days < 1 || days > 3660)
                return cli_usage_error("forecast", USAGE_FORECAST, "--days: not a day count: %s",
                                       optarg);
            break;
        case 'i': {
            /* A duration like every other (bare = seconds); until 0.1 a bare number here
             * meant minutes, so bare values a minutes-reader would write are refused
             * with the fix rather than read as seconds. */
            double sec;
            size_t n = strlen(optarg);
            int bare = n > 0 && strchr("0123456789.", optarg[n - 1]) != NULL;
            if (!pp_parse_duration_seconds(optarg, &sec) || !isfinite(sec))
                return cli_usage_error("forecast", USAGE_FORECAST,
                                       "--interval: a duration with a unit (30m, 1h, 1800s): %s",
                                       optarg);
            if (bare && sec < 300)
                return cli_usage_error("forecast", USAGE_FORECAST,
                                       "--interval: an interval of %s s? write %sm for minutes, "
                                       "or %ss to insist",
                                       optarg, optarg, optarg);
            interval = (long)(sec / 60);
            if (sec != interval * 60.0 || interval < 5 || interval > 1440 || 1440 % interval)
                return cli_usage_error("forecast", USAGE_FORECAST,
                                       "--interval: whole minutes from 5m to 1440m (a day) "
                                       "dividing a day: %s",
                                       optarg);
            break;
        }
        case 'o': out = optarg; break;
        case 'b':
            backtest = strtol(optarg, &end, 10);
            if (*end || backtest < 1 || backtest > PP_MAX_SPAN_DAYS)
                return cli_usage_error("forecast", USAGE_FORECAST, "--backtest: not a day count: %s",
                                       optarg);
            break;
        case 'v': verbose = 1; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_FORECAST, help); return 0;
        default: return cli_usage_error("forecast", USAGE_FORECAST, "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("forecast", USAGE_FORECAST, "unexpected argument: %s", argv[optind]);
    if (!history)
        return cli_usage_error("forecast", USAGE_FORECAST, "--history is required");
    if (!backtest && (from == INT64_MIN || days == 0))
        return cli_usage_error("forecast", USAGE_FORECAST, "--from and --days are required");

    pp_error err;
    pp_error_clear(&err);
    pp_history h;
    pp_event *ev = NULL;
    unsigned char *evq = NULL;
    size_t ne = 0;
    pp_grid *fc = NULL;
    pp_outset *set = NULL;
    const char **names = NULL;
    int rc = 0;
    pp_status st = pp_load_history(history, NULL, 0,
                                   from == INT64_MIN ? INT64_MAX : from * PP_MINUTES_PER_DAY, &h,
                                   &err);
    if (st != PP_OK)
        return cli_report("forecast", &err);
    names = malloc(h.nq * sizeof *names);
    if (!names) {
        pp_history_release(&h);
        pp_error_set(&err, PP_ENOMEM, "out of memory");
        return cli_report("forecast", &err);
    }
    for (size_t q = 0; q < h.nq; q++)
        names[q] = h.queue_names[q];
    if (events && (st = pp_load_events(events, names, h.nq, &ev, &ne, &evq, &err)) != PP_OK)
        goto done;
    pp_fc_input in = {.nq = h.nq,
                      .queue_names = names,
                      .history_start = h.start,
                      .history_step_minutes = h.step_minutes,
                      .history_n = h.n,
                      .offered = h.offered,
                      .aht_seconds = h.aht_seconds,
                      .events = ev,
                      .ne = ne,
                      .event_queues = evq};
    pp_fc_params fp;
    pp_fc_params_init(&fp);
    fp.interval_minutes = interval ? (int)interval : h.step_minutes;
    if (backtest) {
        FILE *fpo;
        if ((st = pp_outset_single(out, &set, &fpo, &err)) != PP_OK)
            goto done;
        backtest_ctx ctx = {fpo, strcmp(out, "-") == 0 ? stderr : stdout, 0};
        fputs("queue,model,days,actual_total,wape_pct,mase,bias_pct,coverage_p10_p90_pct,"
              "naive_wape_pct,naive_mase\n",
              fpo);
        fprintf(ctx.table, "%-20s %-11s %10s %8s %8s %8s %9s %11s %10s\n", "queue", "model",
                "actual", "WAPE%", "MASE", "bias%", "p10-p90%", "naiveWAPE%", "naiveMASE");
        if ((st = pp_fc_backtest(&in, &fp, (size_t)backtest, verbose ? on_report : NULL,
                                 on_backtest_row, &ctx, &err)) != PP_OK)
            goto done;
        st = pp_outset_commit(set, &err);
        goto done;
    }
    fp.start_day = from;
    fp.horizon_days = (size_t)days;
    if ((st = pp_fc_run(&in, &fp, verbose ? on_report : NULL, NULL, &fc, &err)) != PP_OK)
        goto done;
    FILE *fpo;
    if ((st = pp_outset_single(out, &set, &fpo, &err)) != PP_OK)
        goto done;
    pp_write_forecast_csv(fpo, fc);
    st = pp_outset_commit(set, &err);
done:
    if (st != PP_OK)
        rc = cli_report("forecast", &err);
    pp_outset_free(set);
    pp_grid_free(fc);
    free(ev);
    free(evq);
    free(names);
    pp_history_release(&h);
    return rc;
}
