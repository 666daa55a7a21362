/*
 * numfmt.c -- fixed-decimal numbers without printf (see numfmt.h).
 *
 * printf rounds the exact binary value of v to `decimals` places.  Here
 * a = |v| 10^d is one correctly rounded product (10^d is exact for d <= 22), so a
 * differs from the exact product by at most a 2^-53.  Rounding to the nearest
 * integer changes only at halves: when a's distance to the half between floor(a)
 * and floor(a) + 1 exceeds that error, the exact product rounds to the same
 * integer as a, and that integer's digits are printf's.  Otherwise (a tie, or a
 * value so close to one that the product cannot tell) snprintf decides.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "core/numfmt.h"

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,
                               1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};
static const uint64_t UPOW10[] = {1ull,
                                  10ull,
                                  100ull,
                                  1000ull,
                                  10000ull,
                                  100000ull,
                                  1000000ull,
                                  10000000ull,
                                  100000000ull,
                                  1000000000ull,
                                  10000000000ull,
                                  100000000000ull,
                                  1000000000000ull,
                                  10000000000000ull,
                                  100000000000000ull,
                                  1000000000000000ull,
                                  10000000000000000ull,
                                  100000000000000000ull};

/* Writes u's decimal digits at p (at least `width` of them, zero-padded); returns
 * the count. */
static size_t put_digits(char *p, uint64_t u, int width)
{
    char tmp[24];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (k < width)
        tmp[k++] = '0';
    for (int i = 0; i < k; i++)
        p[i] = tmp[k - 1 - i];
    return (size_t)k;
}

size_t pp_format_fixed(char *buf, double v, int decimals)
{
    if (decimals < 0 || decimals > PP_FIXED_MAX_DECIMALS)
        decimals = decimals < 0 ? 6 : PP_FIXED_MAX_DECIMALS; /* printf's default; the cap */
    if (isfinite(v)) {
        double a = fabs(v) * POW10[decimals];
        /* below 2^52 floor(a) is exact and a - floor(a) too; the bound keeps the
         * error margin far under a half */
        if (a < 4503599627370496.0) {
            double fl = floor(a), fr = a - fl;
            double margin = a * 0x1p-52 + 0x1p-60;
            if (fabs(fr - 0.5) > margin) {
                uint64_t r = (uint64_t)fl + (fr > 0.5);
                char *p = buf;
                if (signbit(v))
                    *p++ = '-';
                p += put_digits(p, r / UPOW10[decimals], 1);
                if (decimals > 0) {
                    *p++ = '.';
                    p += put_digits(p, r % UPOW10[decimals], decimals);
                }
                *p = '\0';
                return (size_t)(p - buf);
            }
        }
    }
    int n = snprintf(buf, PP_FIXED_BUF, "%.*f", decimals, v);
    return n > 0 ? (size_t)n : 0;
}
