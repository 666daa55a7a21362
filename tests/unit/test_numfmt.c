/*
 * test_numfmt.c -- the output files' number and time formatting against the C
 * library: pp_format_fixed must write exactly what snprintf("%.*f") writes, and
 * pp_format_timestamp what its "%04d-%02d-%02d %02d:%02d" writes, on values chosen
 * to be hard (exact and near ties, every magnitude, signs, non-finite) and on
 * 400,000 random ones (2 million when this was written: 6 s, none differed).
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/numfmt.h"
#include "peakplan/timeutil.h"

static void check_fixed(double v, int decimals)
{
    char want[PP_FIXED_BUF + 16], got[PP_FIXED_BUF];
    snprintf(want, sizeof want, "%.*f", decimals, v);
    size_t n = pp_format_fixed(got, v, decimals);
    if (strcmp(want, got) != 0 || n != strlen(want))
        fail_msg("%.17g with %d decimals: snprintf \"%s\", pp_format_fixed \"%s\" (%zu)", v,
                 decimals, want, got, n);
}

/* xorshift64*: the same values on every machine */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t next_u64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static void fixed_hard_values(void **state)
{
    (void)state;
    const double vals[] = {0.0,    -0.0,   0.5,     1.5,     2.5,     -2.5,     0.125,
                           0.375,  2.675,  1.005,   1.0049999999999999,     0.045,
                           1e-300, -1e-300, 4.35,   0.1,     0.7,     123456.789,
                           99.995, 99.9949999, 9.9999999999, 0.999999999999,
                           1e15,   1e16,   4503599627370495.5,  4503599627370496.0,
                           9007199254740993.0,   1e22,    1e300,   DBL_MAX, -DBL_MAX,
                           DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1e-5, 5e-4,
                           INFINITY, -INFINITY, NAN, 626255.425, 502806.005};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
        for (int d = 0; d <= PP_FIXED_MAX_DECIMALS; d++)
            check_fixed(vals[i], d);
    /* exact halves at every scale, and their neighbours one ulp away */
    for (int d = 0; d <= 6; d++)
        for (int64_t k = -2000; k <= 2000; k++) {
            double v = ((double)k + 0.5) / pow(10, d);
            check_fixed(v, d);
            check_fixed(nextafter(v, INFINITY), d);
            check_fixed(nextafter(v, -INFINITY), d);
        }
    /* binary-exact ties: k / 2^m rounded to d < m decimals */
    for (int m = 1; m <= 12; m++)
        for (int64_t k = -3000; k <= 3000; k += 7)
            for (int d = 0; d <= 12; d++)
                check_fixed(ldexp((double)k, -m), d);
}

static void fixed_random_values(void **state)
{
    (void)state;
    for (int i = 0; i < 400000; i++) {
        uint64_t u = next_u64();
        double v;
        switch (i % 4) {
        case 0: /* any finite double */
            memcpy(&v, &u, sizeof v);
            if (!isfinite(v))
                continue;
            break;
        case 1: /* the output files' range: agents, costs, seconds */
            v = ldexp((double)(u >> 11), -53) * pow(10, (double)(u % 9)) - 1e3;
            break;
        case 2: /* decimals of a few places, as a sum or a product leaves them */
            v = (double)(int64_t)(u % 100000000) / 1000.0 * (i % 8 ? 1 : -1);
            break;
        default: /* near halves of 2 and 3 decimals */
            v = ((double)(u % 10000000) + 0.5) / ((i & 8) ? 1000.0 : 100.0);
            v = nextafter(v, (u & 1) ? INFINITY : -INFINITY);
            break;
        }
        check_fixed(v, (int)(next_u64() % 10));
    }
}

static void timestamps_like_snprintf(void **state)
{
    (void)state;
    for (int64_t minute = -2000000000LL; minute < 9000000000LL; minute += 7919 * 13) {
        char want[64], got[64];
        int64_t days = pp_day_of_minute(minute), mod = minute - days * PP_MINUTES_PER_DAY;
        int y, m, d;
        pp_civil_from_days(days, &y, &m, &d);
        snprintf(want, sizeof want, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(mod / 60),
                 (int)(mod % 60));
        pp_format_timestamp(minute, got, sizeof got);
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_hard_values),
        cmocka_unit_test(fixed_random_values),
        cmocka_unit_test(timestamps_like_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
