/* test_timeutil.c -- calendar arithmetic against known dates. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "peakplan/timeutil.h"

static void known_days(void **state)
{
    (void)state;
    assert_int_equal(pp_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(pp_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(pp_days_from_civil(2026, 11, 11), 20768);
    assert_int_equal(pp_weekday(pp_days_from_civil(2026, 11, 11)), 2); /* a Wednesday */
    assert_int_equal(pp_weekday(pp_days_from_civil(2024, 2, 29)), 3); /* a Thursday */
    assert_int_equal(pp_weekday(pp_days_from_civil(1969, 12, 31)), 2);
    for (int64_t d = -800000; d < 800000; d += 97) {
        int y, m, dd;
        pp_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(pp_days_from_civil(y, m, dd), d);
    }
}

static void parsing(void **state)
{
    (void)state;
    int64_t m, d;
    bool date_only;
    assert_true(pp_parse_timestamp("2026-11-11 09:30", &m, &date_only));
    assert_false(date_only);
    assert_int_equal(m, 20768LL * 1440 + 570);
    assert_true(pp_parse_timestamp("2026-11-11T09:30", &m, NULL));
    assert_true(pp_parse_timestamp("2026-11-11", &m, &date_only));
    assert_true(date_only);
    assert_false(pp_parse_timestamp("2026-11-31 09:30", &m, NULL));
    assert_false(pp_parse_timestamp("2026-11-11 24:00", &m, NULL));
    assert_false(pp_parse_timestamp("2026/11/11 09:30", &m, NULL));
    assert_false(pp_parse_timestamp("2026-11-11 9:30", &m, NULL));
    assert_false(pp_parse_date("2025-02-29", &d));
    assert_true(pp_parse_date("2024-02-29", &d));
    int c;
    assert_true(pp_parse_clock("22:30", &c));
    assert_int_equal(c, 1350);
    assert_false(pp_parse_clock("22:60", &c));
    double s;
    assert_true(pp_parse_duration_seconds("30m", &s));
    assert_true(s == 1800);
    assert_true(pp_parse_duration_seconds("1.5h", &s));
    assert_true(s == 5400);
    assert_true(pp_parse_duration_seconds("180", &s));
    assert_true(s == 180);
    assert_false(pp_parse_duration_seconds("-3", &s));
    assert_false(pp_parse_duration_seconds("3d", &s));
    char buf[32];
    pp_format_timestamp(20768LL * 1440 + 570, buf, sizeof buf);
    assert_string_equal(buf, "2026-11-11 09:30");
    pp_format_timestamp(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31 23:59");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(known_days), cmocka_unit_test(parsing)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
