/*
 * bench_forecast.c -- speed and accuracy drivers for the forecast engine
 * (bench only; never part of the default test run).
 *
 *   bench_forecast synth [QUEUES [DAYS [STEP [DUMP.csv]]]]
 *       QUEUES (10) queues x DAYS (730) days of STEP-minute (30) synthetic
 *       history; fits, chooses models and forecasts six weeks; prints the
 *       wall time and peak RSS. DUMP.csv (optional) receives that history
 *       (queue,interval_start,offered) for timing other tools on it.
 *   bench_forecast kinds [KINDS [QUEUES]]
 *       QUEUES (2) queues x 730 days of hourly history with KINDS (1000) event
 *       kinds of three occurrences each at random days (as tools/gen_many_kinds.py
 *       makes for the CLI); forecasts 3 days; prints the wall time of pp_fc_run
 *       (issue 18 item 5: <= 2 s for 1,000 kinds).
 *   bench_forecast backtest HISTORY.csv EVENTS.csv|- DAYS INTERVAL_MIN STEP_MIN
 *       Reads a simple CSV (queue,interval_start,offered; sorted by queue then
 *       time, no quoting) and an events CSV (event,kind,start_date,end_date,
 *       queues,uplift_pct; queues ';'-separated or blank = all), hides the
 *       last DAYS days and prints one CSV row per queue: accuracy against
 *       seasonal naive (pp_fc_backtest).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "peakplan/forecast.h"
#include "peakplan/timeutil.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void print_line(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "%s\n", line);
}

static uint64_t rs = 88172645463325252ULL;
static double urand(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

static int bench_synth(size_t nq, size_t days, int step, const char *dump)
{
    size_t spd = (size_t)(1440 / step), n = days * spd;
    double *off = malloc(nq * n * sizeof *off), *aht = malloc(nq * n * sizeof *aht);
    char (*names)[32] = malloc(nq * sizeof *names);
    const char **np = malloc(nq * sizeof *np);
    if (!off || !aht || !names || !np)
        return 1;
    int64_t day0 = pp_days_from_civil(2023, 1, 2);
    const double wk[7] = {1.0, 0.95, 0.92, 0.96, 1.04, 0.6, 0.45};
    for (size_t q = 0; q < nq; q++) {
        snprintf(names[q], sizeof names[q], "queue%02zu", q);
        np[q] = names[q];
        for (size_t d = 0; d < days; d++) {
            int64_t day = day0 + (int64_t)d;
            int y, m, dd;
            pp_civil_from_days(day, &y, &m, &dd);
            double level = (500.0 + 300.0 * (double)q) * wk[pp_weekday(day)] *
                           (1 + 0.1 * sin(6.2831853 * (double)d / 365.25)) *
                           (m == 11 && dd == 11 ? 1.8 : 1.0) * (0.95 + 0.1 * urand());
            for (size_t j = 0; j < spd; j++) {
                double h = (double)j * step / 60.0;
                double w = h < 7 || h >= 22 ? 0.0 : 0.3 + sin(3.14159 * (h - 7) / 15);
                off[q * n + d * spd + j] = floor(level * w / (spd * 0.45) + urand());
                aht[q * n + d * spd + j] = off[q * n + d * spd + j] > 0 ? 300 + 50 * urand() : NAN;
            }
        }
    }
    if (dump) { /* the same history as CSV, for timing other tools on it */
        FILE *df = fopen(dump, "w");
        if (!df)
            return perror(dump), 1;
        fprintf(df, "queue,interval_start,offered\n");
        for (size_t q = 0; q < nq; q++)
            for (size_t k = 0; k < n; k++) {
                char ts[32];
                pp_format_timestamp(day0 * 1440 + (int64_t)k * step, ts, sizeof ts);
                fprintf(df, "%s,%s,%.0f\n", names[q], ts, off[q * n + k]);
            }
        fclose(df);
    }
    pp_event ev[3];
    for (int i = 0; i < 3; i++) {
        memset(&ev[i], 0, sizeof ev[i]);
        snprintf(ev[i].name, sizeof ev[i].name, "11.11 %d", 2023 + i);
        snprintf(ev[i].kind, sizeof ev[i].kind, "11.11");
        ev[i].start_day = ev[i].end_day = pp_days_from_civil(2023 + i, 11, 11);
        ev[i].uplift_pct = NAN;
    }
    pp_fc_input in = {.nq = nq, .queue_names = np, .history_start = day0 * 1440,
                      .history_step_minutes = step, .history_n = n, .offered = off,
                      .aht_seconds = aht, .events = ev, .ne = 3, .event_queues = NULL};
    pp_fc_params p;
    pp_fc_params_init(&p);
    p.start_day = day0 + (int64_t)days;
    p.horizon_days = 42;
    p.interval_minutes = step;
    pp_grid *g = NULL;
    pp_error err = {0};
    double t0 = now();
    pp_status st = pp_fc_run(&in, &p, print_line, NULL, &g, &err);
    double t1 = now();
    if (st != PP_OK)
        fprintf(stderr, "error: %s\n", err.msg);
    printf("synth: %zu queues x %zu days x %d min, horizon 42 days: %.3f s, peak RSS %.1f MB\n",
           nq, days, step, t1 - t0, (double)peak_rss_kb() / 1024.0);
    pp_grid_free(g);
    free(off);
    free(aht);
    free(names);
    free(np);
    return st != PP_OK;
}

/* ---- many event kinds ------------------------------------------------------ */

static int bench_kinds(size_t nk, size_t nq)
{
    const size_t days = 730, spd = 24, n = days * spd;
    int64_t day0 = pp_days_from_civil(2024, 1, 1);
    double *off = calloc(nq * n, sizeof *off), *eff = calloc(nq * days, sizeof *eff);
    pp_event *ev = calloc(3 * nk + 1, sizeof *ev);
    unsigned char *eq = calloc((3 * nk + 1) * nq, 1);
    char (*names)[32] = malloc(nq * sizeof *names);
    const char **np = malloc(nq * sizeof *np);
    if (!off || !eff || !ev || !eq || !names || !np)
        return 1;
    size_t ne = 0;
    for (size_t k = 0; k < nk; k++) {
        double up = 0.5 * (urand() - 0.5);
        size_t only = urand() < 0.3 ? (size_t)(urand() * (double)nq) : nq; /* nq = all */
        for (int o = 0; o < 3; o++, ne++) {
            snprintf(ev[ne].name, sizeof ev[ne].name, "kind%04zu_%d", k, o);
            snprintf(ev[ne].kind, sizeof ev[ne].kind, "kind%04zu", k);
            ev[ne].start_day = day0 + (int64_t)(urand() * (double)(days + 14));
            ev[ne].end_day = ev[ne].start_day + (int64_t)(urand() * 3.0);
            ev[ne].uplift_pct = urand() < 0.5 ? 100.0 * (exp(up) - 1.0) : NAN;
            for (size_t q = 0; q < nq; q++) {
                eq[ne * nq + q] = only == nq || only == q;
                if (!eq[ne * nq + q])
                    continue;
                for (int64_t d = ev[ne].start_day - 1; d <= ev[ne].end_day + 1; d++)
                    if (d >= day0 && d < day0 + (int64_t)days)
                        eff[q * days + (size_t)(d - day0)] +=
                            d < ev[ne].start_day || d > ev[ne].end_day ? 0.3 * up : up;
            }
        }
    }
    const double wk[7] = {1.12, 1.04, 1.0, 0.98, 0.95, 0.7, 0.6};
    for (size_t q = 0; q < nq; q++) {
        snprintf(names[q], sizeof names[q], "queue%02zu", q);
        np[q] = names[q];
        for (size_t d = 0; d < days; d++) {
            double level = (1500.0 + 900.0 * (double)q) * wk[pp_weekday(day0 + (int64_t)d)] *
                           (1.0 + 0.12 * (double)d / 365.25) * exp(eff[q * days + d]) *
                           (0.96 + 0.08 * urand());
            for (size_t h = 7; h < 23; h++)
                off[q * n + d * spd + h] =
                    floor(level / 16.0 * (0.6 + sin(3.14159 * (double)(h - 7) / 16.0)) + urand());
        }
    }
    pp_fc_input in = {.nq = nq, .queue_names = np, .history_start = day0 * 1440,
                      .history_step_minutes = 60, .history_n = n, .offered = off,
                      .aht_seconds = NULL, .events = ev, .ne = ne, .event_queues = eq};
    pp_fc_params p;
    pp_fc_params_init(&p);
    p.start_day = day0 + (int64_t)days;
    p.horizon_days = 3;
    p.interval_minutes = 60;
    pp_grid *g = NULL;
    pp_error err = {0};
    double t0 = now();
    pp_status st = pp_fc_run(&in, &p, print_line, NULL, &g, &err);
    double t1 = now();
    if (st != PP_OK)
        fprintf(stderr, "error: %s\n", err.msg);
    printf("kinds: %zu event kinds (%zu occurrences), %zu queues x %zu days hourly, horizon 3 "
           "days: %.3f s, peak RSS %.1f MB\n",
           nk, ne, nq, days, t1 - t0, (double)peak_rss_kb() / 1024.0);
    pp_grid_free(g);
    free(off);
    free(eff);
    free(ev);
    free(eq);
    free(names);
    free(np);
    return st != PP_OK;
}

/* ---- CSV backtest --------------------------------------------------------- */

typedef struct qbuf {
    char name[64];
    int64_t first, last; /* minutes */
} qbuf;

static void bench_row(void *ud, const pp_fc_backtest_row *r)
{
    (void)ud;
    printf("%s,%s,%zu,%.2f,%.3f,%.2f,%.1f,%.2f,%.3f,%.0f\n", r->queue, r->model, r->days, r->wape,
           r->mase, r->bias_pct, r->coverage_p10_p90, r->naive_wape, r->naive_mase,
           r->actual_total);
}

static int bench_backtest(const char *hist, const char *evf, size_t days, int interval, int step)
{
    FILE *f = fopen(hist, "r");
    if (!f)
        return perror(hist), 1;
    char line[1024];
    size_t nq = 0, cap = 0;
    qbuf *qs = NULL;
    int64_t gmin = INT64_MAX, gmax = INT64_MIN;
    size_t nrows = 0;
    /* pass 1: queues and the time span */
    if (!fgets(line, sizeof line, f))
        return 1;
    while (fgets(line, sizeof line, f)) {
        char *q = strtok(line, ","), *ts = strtok(NULL, ",");
        int64_t m;
        if (!q || !ts || !pp_parse_timestamp(ts, &m, NULL))
            continue;
        if (nq == 0 || strcmp(qs[nq - 1].name, q) != 0) {
            if (nq == cap) {
                cap = cap ? 2 * cap : 16;
                qs = realloc(qs, cap * sizeof *qs);
            }
            snprintf(qs[nq].name, sizeof qs[nq].name, "%s", q);
            nq++;
        }
        if (m < gmin)
            gmin = m;
        if (m > gmax)
            gmax = m;
        nrows++;
    }
    gmin = pp_day_of_minute(gmin) * 1440;
    size_t n = (size_t)((pp_day_of_minute(gmax) + 1) * 1440 - gmin) / (size_t)step;
    double *off = calloc(nq * n, sizeof *off);
    rewind(f);
    (void)!fgets(line, sizeof line, f);
    size_t qi = 0;
    while (fgets(line, sizeof line, f)) {
        char *q = strtok(line, ","), *ts = strtok(NULL, ","), *v = strtok(NULL, ",\n");
        int64_t m;
        if (!q || !ts || !v || !pp_parse_timestamp(ts, &m, NULL))
            continue;
        while (strcmp(qs[qi].name, q) != 0)
            qi++;
        off[qi * n + (size_t)((m - gmin) / step)] += atof(v);
    }
    fclose(f);
    /* events */
    pp_event *ev = NULL;
    unsigned char *eq = NULL;
    size_t ne = 0, ecap = 0;
    if (strcmp(evf, "-") != 0) {
        f = fopen(evf, "r");
        if (!f)
            return perror(evf), 1;
        (void)!fgets(line, sizeof line, f);
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            char *fld[6] = {0};
            char *p = line;
            for (int i = 0; i < 6; i++) {
                fld[i] = p;
                char *c = p ? strchr(p, ',') : NULL;
                if (c) {
                    *c = '\0';
                    p = c + 1;
                } else {
                    p = NULL;
                }
            }
            int64_t a, b;
            if (!fld[3] || !pp_parse_date(fld[2], &a) || !pp_parse_date(fld[3], &b))
                continue;
            if (ne == ecap) {
                ecap = ecap ? 2 * ecap : 64;
                ev = realloc(ev, ecap * sizeof *ev);
                eq = realloc(eq, ecap * nq);
            }
            memset(&ev[ne], 0, sizeof ev[ne]);
            snprintf(ev[ne].name, sizeof ev[ne].name, "%.*s", (int)sizeof ev[ne].name - 1, fld[0]);
            snprintf(ev[ne].kind, sizeof ev[ne].kind, "%.*s", (int)sizeof ev[ne].kind - 1, fld[1]);
            ev[ne].start_day = a;
            ev[ne].end_day = b;
            ev[ne].uplift_pct = fld[5] && *fld[5] ? atof(fld[5]) : NAN;
            for (size_t q = 0; q < nq; q++) {
                const char *list = fld[4] ? fld[4] : "";
                bool on = *list == '\0';
                if (!on) {
                    char tmp[512];
                    snprintf(tmp, sizeof tmp, "%s", list);
                    for (char *t = strtok(tmp, ";"); t; t = strtok(NULL, ";"))
                        on |= strcmp(t, qs[q].name) == 0;
                }
                eq[ne * nq + q] = on;
            }
            ne++;
        }
        fclose(f);
    }
    const char **np = malloc(nq * sizeof *np);
    for (size_t q = 0; q < nq; q++)
        np[q] = qs[q].name;
    pp_fc_input in = {.nq = nq, .queue_names = np, .history_start = gmin,
                      .history_step_minutes = step, .history_n = n, .offered = off,
                      .aht_seconds = NULL, .events = ev, .ne = ne, .event_queues = eq};
    pp_fc_params p;
    pp_fc_params_init(&p);
    p.interval_minutes = interval;
    printf("queue,model,days,wape,mase,bias_pct,coverage_p10_p90,naive_wape,naive_mase,"
           "actual_total\n");
    pp_error err = {0};
    double t0 = now();
    pp_status st = pp_fc_backtest(&in, &p, days, print_line, bench_row, NULL, &err);
    double t1 = now();
    if (st != PP_OK)
        fprintf(stderr, "error: %s\n", err.msg);
    fprintf(stderr, "fit+forecast time %.3f s (%zu queues, %zu rows), peak RSS %.1f MB\n", t1 - t0,
            nq, nrows, (double)peak_rss_kb() / 1024.0);
    free(off);
    free(ev);
    free(eq);
    free(np);
    free(qs);
    return st != PP_OK;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "synth") == 0)
        return bench_synth(argc > 2 ? (size_t)atol(argv[2]) : 10,
                           argc > 3 ? (size_t)atol(argv[3]) : 730, argc > 4 ? atoi(argv[4]) : 30,
                           argc > 5 ? argv[5] : NULL);
    if (argc >= 2 && strcmp(argv[1], "kinds") == 0)
        return bench_kinds(argc > 2 ? (size_t)atol(argv[2]) : 1000,
                           argc > 3 ? (size_t)atol(argv[3]) : 2);
    if (argc == 7 && strcmp(argv[1], "backtest") == 0)
        return bench_backtest(argv[2], argv[3], (size_t)atol(argv[4]), atoi(argv[5]),
                              atoi(argv[6]));
    fprintf(stderr, "usage: bench_forecast synth [QUEUES [DAYS [STEP [DUMP.csv]]]]\n"
                    "       bench_forecast kinds [KINDS [QUEUES]]\n"
                    "       bench_forecast backtest HISTORY.csv EVENTS.csv|- DAYS INTERVAL STEP\n");
    return 2;
}
