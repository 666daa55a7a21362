/* timeutil.c -- civil calendar conversions (Hinnant's algorithms) and parsing. */
#include "peakplan/timeutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t pp_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void pp_civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

int pp_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int64_t pp_day_of_minute(int64_t minute)
{
    int64_t d = minute / PP_MINUTES_PER_DAY;
    if (minute % PP_MINUTES_PER_DAY < 0)
        d--;
    return d;
}

static bool digits(const char *s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static bool parse_date_prefix(const char *s, int64_t *days)
{
    int y, m, d;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *days = pp_days_from_civil(y, m, d);
    return true;
}

bool pp_parse_date(const char *s, int64_t *days)
{
    if (!s || strlen(s) != 10)
        return false;
    return parse_date_prefix(s, days);
}

bool pp_parse_timestamp(const char *s, int64_t *minute, bool *date_only)
{
    int64_t days;
    if (!s)
        return false;
    size_t len = strlen(s);
    if (len < 10 || !parse_date_prefix(s, &days))
        return false;
    if (len == 10) {
        *minute = days * PP_MINUTES_PER_DAY;
        if (date_only)
            *date_only = true;
        return true;
    }
    if ((s[10] != ' ' && s[10] != 'T') || (len != 16 && len != 19))
        return false;
    int hh, mm, ss = 0;
    if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm))
        return false;
    if (len == 19 && (s[16] != ':' || !digits(s + 17, 2, &ss) || ss != 0))
        return false;
    if (hh > 23 || mm > 59)
        return false;
    *minute = days * PP_MINUTES_PER_DAY + hh * 60 + mm;
    if (date_only)
        *date_only = false;
    return true;
}

bool pp_parse_clock(const char *s, int *minutes)
{
    int hh, mm;
    if (!s || strlen(s) != 5 || !digits(s, 2, &hh) || s[2] != ':' || !digits(s + 3, 2, &mm))
        return false;
    if (mm > 59 || hh > 24 || (hh == 24 && mm != 0))
        return false;
    *minutes = hh * 60 + mm;
    return true;
}

void pp_format_date(int64_t days, char *buf, size_t size)
{
    int y, m, d;
    pp_civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* Writes the `width` low decimal digits of v (>= 0) at p. */
static void put_fixed_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void pp_format_timestamp(int64_t minute, char *buf, size_t size)
{
    int64_t days = pp_day_of_minute(minute);
    int64_t mod = minute - days * PP_MINUTES_PER_DAY;
    int y, m, d;
    pp_civil_from_days(days, &y, &m, &d);
    int hh = (int)(mod / 60), mm = (int)(mod % 60);
    if (size >= 17 && y >= 0 && y <= 9999) {
        /* by hand: output files carry one of these on every row, and snprintf was a
         * tenth of a what-if batch's writing time; the bytes are snprintf's below */
        put_fixed_digits(buf, y, 4);
        buf[4] = '-';
        put_fixed_digits(buf + 5, m, 2);
        buf[7] = '-';
        put_fixed_digits(buf + 8, d, 2);
        buf[10] = ' ';
        put_fixed_digits(buf + 11, hh, 2);
        buf[13] = ':';
        put_fixed_digits(buf + 14, mm, 2);
        buf[16] = '\0';
        return;
    }
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", y, m, d, hh, mm);
}

void pp_format_clock(int64_t minute, char *buf, size_t size)
{
    int64_t mod = minute - pp_day_of_minute(minute) * PP_MINUTES_PER_DAY;
    snprintf(buf, size, "%02d:%02d", (int)(mod / 60), (int)(mod % 60));
}

bool pp_parse_duration_seconds(const char *s, double *seconds)
{
    if (!s || !*s)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v) || v < 0)
        return false;
    double mult = 1;
    if (*end == 's')
        end++;
    else if (*end == 'm')
        mult = 60, end++;
    else if (*end == 'h')
        mult = 3600, end++;
    if (*end != '\0')
        return false;
    *seconds = v * mult;
    return true;
}
