/* cmd_erlang.c -- `peakplan erlang`: the staffing calculator for one interval.
 *
 * Applies only the targets given on its command line (no default occupancy cap).
 * Without --agents it finds the fewest agents meeting them; with --agents N or
 * N-M it evaluates those counts.  CSV output uses a fixed "%.6f" format so it is
 * byte-stable across platforms (the CLI runs in the C locale). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

static const char help[] =
    "Erlang staffing calculator for one interval: the fewest agents meeting the targets,\n"
    "or the service each agent count gives. Erlang C; Erlang A (M/M/n+M) with --patience;\n"
    "chat slots with --concurrency. Service level = share of all offered contacts answered\n"
    "within the target time (abandons are misses). Durations take a unit, s, m or h (30m,\n"
    "1800s, 1h); a bare number is seconds, and a bare --interval under 300 is refused as a\n"
    "likely slip for minutes (write 30m, or 30s to insist). Durations are at most a day.\n\n"
    "  --calls N            contacts offered in the interval\n"
    "  --interval S         interval length (e.g. 1800, 30m)\n"
    "  --aht S              mean handle time (chat: session length at the working concurrency)\n"
    "  --target P/T         service level: P percent answered within T (e.g. 80/20, 90/1m)\n"
    "  --patience S         mean caller patience: Erlang A with abandonment (default: none)\n"
    "  --concurrency K      chat sessions per agent (default 1)\n"
    "  --agents N|N-M       evaluate these agent counts instead of searching\n"
    "  --max-asa S          also require mean wait (ASA) at most S\n"
    "  --max-abandon PCT    also require abandonment at most PCT percent (needs --patience)\n"
    "  --max-occupancy PCT  also require occupancy at most PCT percent\n"
    "  --format text|csv    output format (default text); csv columns:\n"
    "                       agents,offered_load,p_wait,service_level,asa_seconds,abandon_rate,"
    "occupancy\n";

#define USAGE_ERR(...) cli_usage_error("erlang", USAGE_ERLANG, __VA_ARGS__)

static int parse_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static int parse_long(const char *s, long lo, long hi, long *out, const char **rest)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return 0;
    long v = strtol(s, &end, 10);
    if (end == s || errno || v < lo || v > hi)
        return 0;
    *out = v;
    *rest = end;
    return 1;
}

/* A duration in (lo, PP_SECONDS_PER_DAY] seconds (lo = 0: >= 0); *bare says no unit
 * was written. */
static int parse_duration(const char *s, int positive, double *out, int *bare)
{
    double v;
    size_t n = strlen(s);
    if (!pp_parse_duration_seconds(s, &v) || !isfinite(v) || v > PP_SECONDS_PER_DAY ||
        (positive && !(v > 0)))
        return 0;
    *out = v;
    if (bare)
        *bare = n > 0 && strchr("0123456789.", s[n - 1]) != NULL;
    return 1;
}

/* "P/T": percent and a duration. */
static int parse_target(const char *s, double *pct, double *seconds)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || (size_t)(slash - s) >= 63)
        return 0;
    char buf[64];
    memcpy(buf, s, (size_t)(slash - s));
    buf[slash - s] = 0;
    return parse_number(buf, 0, 100, pct) && parse_duration(slash + 1, 0, seconds, NULL);
}

static void put_csv_value(double v)
{
    if (isnan(v))
        fputs("nan", stdout);
    else if (isinf(v))
        fputs(v > 0 ? "inf" : "-inf", stdout);
    else
        printf("%.6f", fabs(v) < 5e-7 ? 0.0 : v);
}

static void put_csv_row(const pp_erlang_metrics *m)
{
    printf("%ld,", m->agents);
    put_csv_value(m->offered_load);
    putchar(',');
    put_csv_value(m->p_wait);
    putchar(',');
    put_csv_value(m->service_level);
    putchar(',');
    put_csv_value(m->asa_seconds);
    putchar(',');
    put_csv_value(m->abandon_rate);
    putchar(',');
    put_csv_value(m->occupancy);
    putchar('\n');
}

static void put_text_metrics(const pp_erlang_metrics *m, double sl_seconds, int abandonment)
{
    printf("  service level  %8.2f %% within %.6g s\n", m->service_level * 100, sl_seconds);
    if (isinf(m->asa_seconds))
        printf("  ASA            %8s   (unstable: the load exceeds the agents)\n", "inf");
    else
        printf("  ASA            %8.2f s\n", m->asa_seconds);
    printf("  P(wait)        %8.2f %%\n", m->p_wait * 100);
    if (abandonment)
        printf("  abandoned      %8.2f %%\n", m->abandon_rate * 100);
    printf("  occupancy      %8.2f %%\n", m->occupancy * 100);
}

int cmd_erlang(int argc, char **argv)
{
    enum { O_CALLS = 256, O_INTERVAL, O_AHT, O_TARGET, O_PATIENCE, O_CONC, O_AGENTS, O_ASA,
           O_ABANDON, O_OCC, O_FORMAT };
    static const struct option opts[] = {{"calls", required_argument, NULL, O_CALLS},
                                         {"interval", required_argument, NULL, O_INTERVAL},
                                         {"aht", required_argument, NULL, O_AHT},
                                         {"target", required_argument, NULL, O_TARGET},
                                         {"patience", required_argument, NULL, O_PATIENCE},
                                         {"concurrency", required_argument, NULL, O_CONC},
                                         {"agents", required_argument, NULL, O_AGENTS},
                                         {"max-asa", required_argument, NULL, O_ASA},
                                         {"max-abandon", required_argument, NULL, O_ABANDON},
                                         {"max-occupancy", required_argument, NULL, O_OCC},
                                         {"format", required_argument, NULL, O_FORMAT},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    double calls = NAN, interval = NAN, aht = NAN, pct = NAN, tsec = NAN, v;
    long a_lo = -1, a_hi = -1;
    int csv = 0;
    pp_staff_target tg;
    pp_staff_target_init(&tg);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case O_CALLS:
            if (!parse_number(optarg, 0, PP_MAX_CONTACTS, &calls))
                return USAGE_ERR("--calls: a number from 0 to 10000000: %s", optarg);
            break;
        case O_INTERVAL: {
            int bare;
            if (!parse_duration(optarg, 1, &interval, &bare))
                return USAGE_ERR("--interval: a duration above 0 and at most a day, with a unit "
                                 "(30m, 1800s, 1h): %s",
                                 optarg);
            /* bare numbers are seconds everywhere; an interval under 5 minutes written
             * without a unit is far likelier minutes meant */
            if (bare && interval < 300)
                return USAGE_ERR("--interval: an interval of %s s? write %sm for minutes, or "
                                 "%ss to insist",
                                 optarg, optarg, optarg);
            break;
        }
        case O_AHT:
            if (!parse_duration(optarg, 1, &aht, NULL))
                return USAGE_ERR("--aht: a duration above 0 and at most a day (seconds, or with "
                                 "s/m/h): %s",
                                 optarg);
            break;
        case O_TARGET:
            if (!parse_target(optarg, &pct, &tsec))
                return USAGE_ERR("--target: P/T with P percent 0..100 and T a duration up to a "
                                 "day, e.g. 80/20: %s",
                                 optarg);
            if (pct <= 0)
                return USAGE_ERR("--target: P must be above 0 (a percent, e.g. 80/20): %s",
                                 optarg);
            if (pct <= 1)
                return USAGE_ERR("--target: P is a percent: write %g/%s, not %s", pct * 100,
                                 strchr(optarg, '/') + 1, optarg);
            break;
        case O_PATIENCE:
            if (!parse_duration(optarg, 1, &v, NULL))
                return USAGE_ERR("--patience: a duration above 0 and at most a day: %s", optarg);
            tg.patience_seconds = v;
            break;
        case O_CONC:
            if (!parse_number(optarg, 1, 1000, &v))
                return USAGE_ERR("--concurrency: a number 1..1000: %s", optarg);
            tg.concurrency = v;
            break;
        case O_AGENTS: {
            const char *rest;
            if (!parse_long(optarg, 0, PP_STAFF_MAX_AGENTS, &a_lo, &rest))
                return USAGE_ERR("--agents: N or N-M, whole numbers 0..%ld: %s",
                                 PP_STAFF_MAX_AGENTS, optarg);
            if (*rest == 0)
                a_hi = a_lo;
            else if (*rest != '-' || !parse_long(rest + 1, a_lo, PP_STAFF_MAX_AGENTS, &a_hi, &rest) ||
                     *rest)
                return USAGE_ERR("--agents: N or N-M with N <= M <= %ld: %s", PP_STAFF_MAX_AGENTS,
                                 optarg);
            break;
        }
        case O_ASA:
            if (!parse_duration(optarg, 0, &v, NULL))
                return USAGE_ERR("--max-asa: a duration up to a day: %s", optarg);
            tg.max_asa_seconds = v;
            break;
        case O_ABANDON:
            if (!parse_number(optarg, 0, 100, &v))
                return USAGE_ERR("--max-abandon: a percentage 0..100: %s", optarg);
            tg.max_abandon = v / 100;
            break;
        case O_OCC:
            if (!parse_number(optarg, 0, 100, &v))
                return USAGE_ERR("--max-occupancy: a percentage 0..100: %s", optarg);
            if (v > 0 && v <= 1)
                return USAGE_ERR("--max-occupancy: a percent: write %g, not %s", v * 100, optarg);
            tg.max_occupancy = v / 100;
            break;
        case O_FORMAT:
            if (strcmp(optarg, "csv") == 0)
                csv = 1;
            else if (strcmp(optarg, "text") == 0)
                csv = 0;
            else
                return USAGE_ERR("--format: text or csv: %s", optarg);
            break;
        case 'h': printf("usage: %s\n\n%s", USAGE_ERLANG, help); return 0;
        case ':': return USAGE_ERR("option %s needs a value", argv[optind - 1]);
        default: return USAGE_ERR("unknown option: %s", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return USAGE_ERR("unexpected argument: %s", argv[optind]);
    if (isnan(calls) || isnan(interval) || isnan(aht) || isnan(pct))
        return USAGE_ERR("--calls, --interval, --aht and --target are required");
    if (!isnan(tg.max_abandon) && isnan(tg.patience_seconds))
        return USAGE_ERR("--max-abandon needs --patience (without it nobody abandons)");
    tg.sl_fraction = pct / 100;
    tg.sl_seconds = tsec;
    const int abandonment = !isnan(tg.patience_seconds);

    pp_error err;
    pp_error_clear(&err);
    pp_erlang_metrics m;
    if (a_lo < 0) {
        double frac = NAN;
        if (pp_erlang_min_agents(calls, interval, aht, &tg, PP_STAFF_MAX_AGENTS, &m, &frac, &err) !=
            PP_OK)
            return cli_report("erlang", &err);
        if (csv) {
            puts("agents,offered_load,p_wait,service_level,asa_seconds,abandon_rate,occupancy");
            put_csv_row(&m);
            return 0;
        }
        printf("%ld agents (offered load %.3f Erlangs%s)\n", m.agents, m.offered_load,
               tg.concurrency > 1 ? ", in chat sessions" : "");
        put_text_metrics(&m, tsec, abandonment);
        printf("  fractional requirement %.3f agents\n", frac);
        return 0;
    }
    if (csv)
        puts("agents,offered_load,p_wait,service_level,asa_seconds,abandon_rate,occupancy");
    for (long n = a_lo; n <= a_hi; n++) {
        if (pp_erlang_evaluate(calls, interval, aht, n, &tg, &m, &err) != PP_OK)
            return cli_report("erlang", &err);
        if (csv) {
            put_csv_row(&m);
            continue;
        }
        printf("%s%ld agents (offered load %.3f Erlangs)\n", n > a_lo ? "\n" : "", n,
               m.offered_load);
        put_text_metrics(&m, tsec, abandonment);
    }
    return 0;
}
