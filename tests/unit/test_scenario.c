/*
 * test_scenario.c -- scenarios.csv sweeps: a grid declared in a few rows expands to
 * exactly the expected scenarios, names and coordinates, in the documented order, and
 * every malformed list is refused at its file:line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "peakplan/scenario.h"
#include "peakplan/workspace.h"

static pp_workspace *ws;
static char path[512];

static int setup(void **state)
{
    (void)state;
    const char *tests = getenv("PP_TEST_DIR");
    char wsdir[512];
    snprintf(wsdir, sizeof wsdir, "%s/golden/small/workspace", tests ? tests : "tests");
    pp_error err;
    pp_error_clear(&err);
    if (pp_workspace_load(wsdir, &ws, &err) != PP_OK) {
        fprintf(stderr, "# cannot load %s: %s\n", wsdir, err.msg);
        return -1;
    }
    snprintf(path, sizeof path, "/tmp/pp_test_scenario_%ld.csv", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pp_workspace_free(ws);
    unlink(path);
    return 0;
}

static pp_status load(const char *text, pp_scenario_set **set, pp_error *err)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("scenario,parameter,value,queue,vendor,from,to\n", fp);
    fputs(text, fp);
    fclose(fp);
    pp_error_clear(err);
    return pp_scenarios_load(path, ws, set, err);
}

/* 6 volumes x 2 handle times x 4 targets = 48 scenarios from 3 rows, the first row
 * varying slowest; a fixed row (seats) rides along without a column of its own. */
static void sweep_48_expands_in_order(void **state)
{
    (void)state;
    pp_scenario_set *set = NULL;
    pp_error err;
    assert_int_equal(load("first,volume_pct,5,,,,\n"
                          "peak,volume_pct,-10;0;10;20;30;40,,,,\n"
                          "peak,aht_pct,-10;+10,voice,,,\n"
                          "peak,vendor_seats,7,,bpo_a,,\n"
                          "peak,target_pct, 80 ;85;90;95.5,,,,\n"
                          "last,vendor_available,0,,bpo_a,2026-03-17,2026-03-17\n",
                          &set, &err),
                     PP_OK);
    assert_int_equal(pp_scenarios_count(set), 50);
    assert_string_equal(pp_scenarios_name(set, 0), "first");
    assert_string_equal(pp_scenarios_name(set, 49), "last");
    assert_int_equal(pp_scenarios_sweep_dims(set), 3);
    assert_string_equal(pp_scenarios_sweep_dim(set, 0), "sweep:volume_pct");
    assert_string_equal(pp_scenarios_sweep_dim(set, 1), "sweep:aht_pct:voice");
    assert_string_equal(pp_scenarios_sweep_dim(set, 2), "sweep:target_pct");
    static const char *const vol[] = {"-10", "0", "10", "20", "30", "40"};
    static const char *const aht[] = {"-10", "+10"};
    static const char *const tgt[] = {"80", "85", "90", "95.5"};
    size_t i = 1;
    for (size_t a = 0; a < 6; a++)
        for (size_t b = 0; b < 2; b++)
            for (size_t c = 0; c < 4; c++, i++) {
                char want[64];
                snprintf(want, sizeof want, "peak_%s_%s_%s", vol[a], aht[b], tgt[c]);
                assert_string_equal(pp_scenarios_name(set, i), want);
                assert_string_equal(pp_scenarios_coord(set, i, 0), vol[a]);
                assert_string_equal(pp_scenarios_coord(set, i, 1), aht[b]);
                assert_string_equal(pp_scenarios_coord(set, i, 2), tgt[c]);
            }
    assert_null(pp_scenarios_coord(set, 0, 0));
    assert_null(pp_scenarios_coord(set, 49, 2));
    pp_scenarios_free(set);
}

/* Two groups sweeping the same parameter share its column; one sweeping it on a
 * queue or on dates gets its own. */
static void sweep_columns_shared_by_key(void **state)
{
    (void)state;
    pp_scenario_set *set = NULL;
    pp_error err;
    assert_int_equal(load("a,volume_pct,1;2,,,,\n"
                          "b,volume_pct,3;4;5,,,,\n"
                          "b,vendor_available,0;1,,bpo_a,2026-03-17,\n",
                          &set, &err),
                     PP_OK);
    assert_int_equal(pp_scenarios_count(set), 8);
    assert_int_equal(pp_scenarios_sweep_dims(set), 2);
    assert_string_equal(pp_scenarios_sweep_dim(set, 1),
                        "sweep:vendor_available:bpo_a:2026-03-17..");
    assert_string_equal(pp_scenarios_name(set, 2), "b_3_0");
    assert_string_equal(pp_scenarios_coord(set, 7, 0), "5");
    assert_string_equal(pp_scenarios_coord(set, 7, 1), "1");
    pp_scenarios_free(set);
}

static void refused(const char *rows, long line, long col, const char *needle)
{
    pp_scenario_set *set = NULL;
    pp_error err;
    pp_status st = load(rows, &set, &err);
    if (st != PP_EINVAL)
        fail_msg("accepted or wrong status %d: %s", (int)st, rows);
    assert_null(set);
    if (err.line != line || err.col != col || !strstr(err.msg, needle))
        fail_msg("%s: got %ld:%ld %s, want %ld:%ld ...%s...", rows, err.line, err.col, err.msg,
                 line, col, needle);
}

static void sweep_errors_located(void **state)
{
    (void)state;
    refused("g,volume_pct,10;;20,,,,\n", 2, 3, "sweep item 2 is empty");
    refused("g,volume_pct,;,,,,\n", 2, 3, "sweep item 1 is empty");
    refused("g,volume_pct,10;x,,,,\n", 2, 3, "sweep item 2 (\"x\") is not a number");
    refused("g,volume_pct,10;nan,,,,\n", 2, 3, "not a number");
    refused("g,volume_pct,10;0x10,,,,\n", 2, 3, "not a number");
    refused("g,volume_pct,10;-100,,,,\n", 2, 3, "sweep item 2: must be above -100");
    refused("g,target_pct,80;101,,,,\n", 2, 3, "must be at most 100");
    refused("g,vendor_available,0;0.5,,bpo_a,,\n", 2, 3, "must be 0 (outage) or 1");
    refused("g,volume_pct,10;20;10.0,,,,\n", 2, 3, "repeats item 1");
    refused("g,volume_pct,1;2,,,,\ng,volume_pct,3;4,,,,\n", 3, 2, "swept twice");
    /* 11 x 10 x 10 = 1100 > PP_SCENARIOS_MAX: refused at the row that crosses it */
    refused("g,volume_pct,0;1;2;3;4;5;6;7;8;9;10,,,,\n"
            "g,aht_pct,0;1;2;3;4;5;6;7;8;9,,,,\n"
            "g,target_pct,10;11;12;13;14;15;16;17;18;19,,,,\n",
            4, 3, "more than 1000 scenarios");
    refused("g_1,volume_pct,5,,,,\ng,volume_pct,1;2,,,,\n", 3, 1, "made twice");
    refused("a_very_long_scenario_group_name_that_fills_up_most_of_the_63,volume_pct,"
            "10.125;20.125,,,,\n",
            2, 1, "longer than 63 bytes");
    refused("g,vendor_seats,1;2,,,,\n", 2, 5, "needs a vendor");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sweep_48_expands_in_order),
        cmocka_unit_test(sweep_columns_shared_by_key),
        cmocka_unit_test(sweep_errors_located),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
