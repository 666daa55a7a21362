/* bench_staffing.c -- speed and accuracy of the staffing engine.
 *
 *   bench_staffing [QUEUES [DAYS [STEP_MINUTES]]]      default 50 365 15
 *
 * Speed: a synthetic year of 15-minute intervals for 50 queues (1.75 million
 * intervals: voice with and without patience, chat with concurrency, email and
 * tickets, escalations) through pp_staff_requirements, timed in process CPU time
 * (one core).  Accuracy: a sample of the intervals (and a few hand-picked large
 * cases up to 20,000 agents) re-evaluated by pp_erlang_evaluate and by an
 * independent long-double implementation (80-bit x87, 64-bit mantissa) of the
 * same models; the largest relative difference must stay below 1e-9 (service levels
 * below 1e-6, in deep overload, are compared in absolute terms, to 1e-13).
 * Exit status 1 if the accuracy bound or the one-second budget is missed. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "peakplan/grid.h"
#include "peakplan/model.h"
#include "peakplan/staffing.h"

static uint64_t lcg = 88172645463325252ULL;
static double urand(void)
{
    lcg ^= lcg << 13;
    lcg ^= lcg >> 7;
    lcg ^= lcg << 17;
    return (double)(lcg >> 11) * 0x1.0p-53;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------ long double reference */

typedef struct ref_metrics {
    long double p_wait, sl, asa, abandon, occ;
} ref_metrics;

/* Erlang C / Erlang A of N servers (slots), load a, r = AHT / patience (0 = none),
 * target tt in handle times; ASA in handle times.  Plain long-double sums
 * without rescaling (the exponent range of long double reaches 1e4932). */
static void ref_eval(long N, long double a, long double r, long double tt, ref_metrics *m)
{
    long double R = 1; /* 1 / B */
    for (long k = 1; k <= N; k++)
        R = 1 + (long double)k / a * R;
    long double B = 1 / R;
    if (r == 0) {
        long double n = (long double)N;
        long double C = n * B / (n - a * (1 - B));
        m->p_wait = C;
        m->sl = 1 - C * expl(-(n - a) * tt);
        m->asa = C / (n - a);
        m->abandon = 0;
        m->occ = a / n;
        return;
    }
    long double n = (long double)N, t = 1, s0 = 0, s1 = 0, ssl = 0;
    long double p = 1 - expl(-r * tt), b = n / r + 1;
    long double nb = expl(-(n + r) * tt), cdf = nb;
    ssl = n / (n + r) * (1 - cdf);
    for (long j = 1; j < 100000000; j++) {
        long double ratio = a / (n + (long double)j * r);
        t *= ratio;
        s0 += t;
        s1 += (long double)j * t;
        nb *= ((long double)j - 1 + b) / (long double)j * p;
        cdf += nb;
        long double tail = 1 - cdf > 0 ? 1 - cdf : 0;
        ssl += t * n / (n + (long double)(j + 1) * r) * tail;
        if (ratio < 1 && t < 1e-25L * s0 && (long double)j * t < 1e-25L * s1)
            break;
    }
    long double z = R + s0;
    m->p_wait = (1 + s0) / z;
    long double eq = s1 / z;
    m->abandon = r * eq / a;
    m->asa = eq / a;
    m->sl = (R - 1) / z + ssl / z;
    m->occ = a * (1 - m->abandon) / n;
}

static double rel(double got, long double want)
{
    if (fabsl(want) < 1e-300L)
        return fabs(got) < 1e-290 ? 0 : 1;
    return (double)(fabsl((long double)got - want) / fabsl(want));
}

/* Compares one evaluation; returns the largest relative difference. */
static double check_one(double calls, double interval, double aht, long agents,
                        const pp_staff_target *tg, long *checked)
{
    pp_erlang_metrics m;
    if (pp_erlang_evaluate(calls, interval, aht, agents, tg, &m, NULL) != PP_OK)
        return 1;
    long slots = (long)floor((double)agents * tg->concurrency + 1e-9);
    long double a = (long double)calls * aht / interval;
    if (a == 0 || slots == 0)
        return 0;
    long double r = isnan(tg->patience_seconds) ? 0 : (long double)aht / tg->patience_seconds;
    if (r == 0 && (long double)slots <= a)
        return 0; /* unstable Erlang C: no finite value to compare */
    ref_metrics R;
    ref_eval(slots, a, r, (long double)tg->sl_seconds / aht, &R);
    double e = rel(m.p_wait, R.p_wait);
    /* A service level below 1e-6 (deep overload) is a difference of two numbers near 1 in
     * both implementations (1 - CDF of the negative binomial), so it is compared in
     * absolute terms: both must agree within 1e-13. */
    if (R.sl < 1e-6L)
        e = fmax(e, fabsl((long double)m.service_level - R.sl) < 1e-13L ? 0 : 1);
    else
        e = fmax(e, rel(m.service_level, R.sl));
    e = fmax(e, rel(m.asa_seconds, R.asa * aht));
    e = fmax(e, rel(m.abandon_rate, R.abandon));
    e = fmax(e, rel(m.occupancy, R.occ));
    (*checked)++;
    if (e > 1e-9 && getenv("BENCH_DEBUG"))
        fprintf(stderr, "calls %g aht %g n %ld slots %ld pat %g: pw %.17g/%.17Lg sl %.17g/%.17Lg "
                "asa %.17g/%.17Lg ab %.17g/%.17Lg occ %.17g/%.17Lg\n", calls, aht, agents, slots,
                tg->patience_seconds, m.p_wait, R.p_wait, m.service_level, R.sl, m.asa_seconds,
                R.asa * aht, m.abandon_rate, R.abandon, m.occupancy, R.occ);
    return e;
}

/* ------------------------------------------------------------ synthetic year */

int main(int argc, char **argv)
{
    size_t nq = argc > 1 ? (size_t)atol(argv[1]) : 50;
    size_t days = argc > 2 ? (size_t)atol(argv[2]) : 365;
    int step = argc > 3 ? atoi(argv[3]) : 15;
    if (nq < 6 || days < 1 || step < 5 || 1440 % step) {
        fprintf(stderr, "usage: bench_staffing [QUEUES>=6 [DAYS [STEP_MINUTES]]]\n");
        return 2;
    }
    size_t per_day = (size_t)(1440 / step), n = days * per_day;
    pp_queue *qs = calloc(nq, sizeof *qs);
    char (*nm)[PP_NAME_MAX] = calloc(nq, sizeof *nm);
    const char **names = calloc(nq, sizeof *names);
    double *scale = calloc(nq, sizeof *scale), *aht0 = calloc(nq, sizeof *aht0);
    if (!qs || !nm || !names || !scale || !aht0)
        return 1;
    size_t counts[4] = {0};
    for (size_t q = 0; q < nq; q++) {
        pp_queue *Q = &qs[q];
        snprintf(nm[q], PP_NAME_MAX, "q%02zu", q);
        names[q] = nm[q];
        memcpy(Q->name, nm[q], PP_NAME_MAX);
        /* 60 % voice (half with patience), 16 % chat, 12 % email, 12 % ticket. */
        size_t k = q % 25;
        Q->channel = k < 15 ? PP_CHANNEL_VOICE
                   : k < 19 ? PP_CHANNEL_CHAT
                   : k < 22 ? PP_CHANNEL_EMAIL
                            : PP_CHANNEL_TICKET;
        counts[Q->channel]++;
        Q->target_pct = Q->channel == PP_CHANNEL_EMAIL || Q->channel == PP_CHANNEL_TICKET ? 90 : 80;
        Q->target_seconds = Q->channel == PP_CHANNEL_EMAIL   ? 4 * 3600
                          : Q->channel == PP_CHANNEL_TICKET ? 24 * 3600
                          : Q->channel == PP_CHANNEL_CHAT   ? 60
                                                            : 20;
        Q->max_occupancy_pct = k % 3 == 0 ? 85 : NAN;
        Q->patience_seconds = (Q->channel == PP_CHANNEL_VOICE && k % 2) ||
                                      Q->channel == PP_CHANNEL_CHAT
                                  ? 60 + 60 * (double)(k % 5)
                                  : NAN;
        Q->concurrency = Q->channel == PP_CHANNEL_CHAT ? 2 + (double)(k % 2) * 0.5 : 1;
        Q->escalates_to = -1;
        Q->max_asa_seconds = k % 7 == 0 ? 30 : NAN;
        Q->max_abandon_pct = Q->patience_seconds > 0 && k % 4 == 1 ? 5 : NAN;
        scale[q] = 2 + 120 * urand() * urand(); /* calls per interval at the daily peak */
        aht0[q] = Q->channel == PP_CHANNEL_CHAT ? 480 + 240 * urand()
                : Q->channel == PP_CHANNEL_VOICE ? 160 + 260 * urand()
                                                 : 300 + 600 * urand();
    }
    /* Tier-1 voice queues 1 and 3 escalate to voice queue 2 and ticket queue 22. */
    qs[1].escalates_to = 2;
    qs[1].escalation_pct = 8;
    if (nq > 22) {
        qs[3].escalates_to = 22;
        qs[3].escalation_pct = 12;
    }

    pp_grid *fc = NULL, *req = NULL;
    if (pp_grid_new(nq, names, 0, step, n, &fc, NULL) != PP_OK)
        return 1;
    double *off = pp_grid_add_column(fc, PP_COL_OFFERED, 0, NULL),
           *aht = pp_grid_add_column(fc, PP_COL_AHT, 0, NULL);
    for (size_t q = 0; q < nq; q++)
        for (size_t t = 0; t < n; t++) {
            double hour = (double)(t % per_day) * step / 60.0, day = (double)(t / per_day);
            /* Open 7:00-22:00 with a two-hump day, weekly and yearly seasons. */
            double shape = hour < 7 || hour >= 22
                               ? 0
                               : 0.35 + 0.65 * exp(-pow((hour - 11) / 2.5, 2)) +
                                     0.45 * exp(-pow((hour - 16) / 2.0, 2));
            double week = ((size_t)day % 7) >= 5 ? 0.6 : 1.0;
            double year = 1 + 0.2 * sin(2 * 3.141592653589793 * day / 365.0);
            double v = scale[q] * shape * week * year * (0.85 + 0.3 * urand());
            off[q * n + t] = v < 0.05 ? 0 : v;
            aht[q * n + t] = aht0[q] * (0.9 + 0.2 * urand());
        }

    double t0 = cpu_seconds();
    pp_error err;
    pp_error_clear(&err);
    pp_status st = pp_staff_requirements(qs, nq, fc, NULL, &req, &err);
    double t1 = cpu_seconds();
    if (st != PP_OK) {
        char buf[1200];
        pp_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "bench_staffing: %s\n", buf);
        return 1;
    }
    size_t open = 0;
    for (size_t i = 0; i < nq * n; i++)
        open += off[i] > 0;
    double secs = t1 - t0;
    printf("staffing: %zu queues (%zu voice, %zu chat, %zu email, %zu ticket) x %zu intervals = "
           "%zu intervals (%zu with contacts)\n",
           nq, counts[0], counts[1], counts[2], counts[3], n, nq * n, open);
    printf("staffing: pp_staff_requirements %.3f s CPU, %.0f ns per interval\n", secs,
           secs / (double)(nq * n) * 1e9);

    /* Accuracy on a sample of the live intervals, at ceil(agents_needed) and one below. */
    const double *need = pp_grid_column_const(req, PP_COL_AGENTS_NEEDED),
                 *roff = pp_grid_column_const(req, PP_COL_OFFERED),
                 *raht = pp_grid_column_const(req, PP_COL_AHT);
    double worst = 0;
    long checked = 0;
    const double dt = step * 60.0;
    for (size_t i = 0; i < nq * n; i += 331) {
        size_t q = i / n;
        if (pp_channel_is_deferred(qs[q].channel) || !(roff[i] > 0))
            continue;
        pp_staff_target tg;
        pp_staff_target_from_queue(&tg, &qs[q]);
        long k = (long)ceil(need[i] - 1e-9);
        for (long d = 0; d <= 1; d++)
            if (k - d >= 1)
                worst = fmax(worst, check_one(roff[i], dt, raht[i], k - d, &tg, &checked));
    }
    /* Large cases, up to 20,000 agents. */
    static const struct {
        double calls, aht, patience;
        long agents;
    } big[] = {{396000, 90, NAN, 20000}, {395000, 90, 600, 19950}, {440000, 90, 600, 20000},
               {36000, 180, NAN, 1032}, {18000, 180, 300, 1000},  {200000, 180, 1800, 20000}};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        pp_staff_target tg;
        pp_staff_target_init(&tg);
        tg.sl_seconds = 20;
        tg.patience_seconds = big[i].patience;
        worst = fmax(worst, check_one(big[i].calls, 1800, big[i].aht, big[i].agents, &tg,
                                      &checked));
    }
    printf("staffing: accuracy vs long double on %ld evaluations: max relative difference %.3g\n",
           checked, worst);
    int rc = 0;
    if (!(worst < 1e-9)) {
        printf("staffing: FAIL accuracy above 1e-9\n");
        rc = 1;
    }
    if (nq * n >= 1750000 && secs > 1.0) {
        printf("staffing: FAIL over the one-second budget\n");
        rc = 1;
    }
    pp_grid_free(req);
    pp_grid_free(fc);
    free(qs);
    free(nm);
    free(names);
    free(scale);
    free(aht0);
    return rc;
}
