/*
 * test_workspace.c -- the loader refuses every kind of bad input with the
 * exact file:line:column, and reads a good workspace into the right records.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

static const char *QUEUES =
    "queue,channel,target_pct,target_seconds,patience_seconds,concurrency,escalates_to,escalation_pct\n"
    "voice,voice,80,20,90,,t2,8\n"
    "chat,chat,80,30,,2.5,,\n"
    "tickets,ticket,90,1800,,,,\n"
    "t2,voice,80,60,,,,\n";
static const char *VENDORS =
    "vendor,kind,queues,hourly_cost,seats,shrinkage_pct,extra\n"
    "home,inhouse,*,30,100,30,x\n"
    "bpo_a,bpo,voice;chat,20,50,35,y\n";
static const char *SHIFTS =
    "shift,vendors,days,earliest_start,latest_start,start_step_minutes,length_minutes,"
    "break_minutes,break_earliest_offset_minutes,break_latest_offset_minutes,break_paid\n"
    "day,*,Mon-Fri,08:00,10:00,30,480,60,180,300,0\n"
    "weekend,bpo_a,Sat;Sun,09:00,09:00,60,360,,,,\n"
    "late,home,Fri-Mon,22:00,22:00,60,480,30,200,240,1\n";
static const char *PLAN = "[plan]\nstart = 2026-11-02\ndays = 2\ninterval_minutes = 60\n"
                          "[solver]\ntime_limit_seconds = 5\n";
static const char *EVENTS = "event,kind,start_date,end_date,queues,uplift_pct\n"
                            "d11,double11,2025-11-11,2025-11-11,,\n"
                            "launch,launch,2026-11-03,2026-11-03,voice;chat,40\n";

static char dir[256];

static void put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Two days of hourly history for every queue, closed at night. */
static void put_history(const char *extra_row)
{
    char path[512];
    snprintf(path, sizeof path, "%s/history.csv", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("queue,interval_start,offered,aht_seconds\n", fp);
    const char *qs[] = {"voice", "chat", "tickets", "t2"};
    for (int q = 0; q < 4; q++)
        for (int d = 20; d <= 31; d++)
            for (int h = 8; h < 20; h++)
                fprintf(fp, "%s,2026-10-%02d %02d:00,%d,%d\n", qs[q], d, h, 10 + q + h, 200 + 10 * q);
    if (extra_row)
        fputs(extra_row, fp);
    fclose(fp);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/pp_ws_XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("queues.csv", QUEUES);
    put("vendors.csv", VENDORS);
    put("shifts.csv", SHIFTS);
    put("plan.ini", PLAN);
    put("events.csv", EVENTS);
    put_history(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void good_workspace_loads(void **state)
{
    (void)state;
    pp_workspace *ws = NULL;
    pp_error err;
    pp_error_clear(&err);
    pp_status st = pp_workspace_load(dir, &ws, &err);
    if (st != PP_OK)
        fail_msg("%s:%ld:%ld %s", err.file, err.line, err.col, err.msg);
    assert_int_equal(pp_workspace_queue_count(ws), 4);
    const pp_queue *q = pp_workspace_queues(ws);
    assert_int_equal(q[0].escalates_to, 3);
    assert_true(q[0].escalation_pct == 8);
    assert_true(q[1].concurrency == 2.5);
    assert_true(isnan(q[1].patience_seconds));
    assert_int_equal(q[2].channel, PP_CHANNEL_TICKET);
    const unsigned char *vq = pp_workspace_vendor_queue(ws);
    assert_int_equal(vq[1 * 4 + 0], 1);
    assert_int_equal(vq[1 * 4 + 2], 0);
    const pp_vendor *v = pp_workspace_vendors(ws);
    assert_true(isinf(v[0].max_hours_week));
    const pp_shift_family *f = pp_workspace_families(ws);
    assert_int_equal(f[0].days_mask, 0x1F);
    assert_int_equal(f[1].days_mask, 0x60);
    assert_int_equal(f[2].days_mask, 0x71); /* Fri-Mon wraps */
    assert_int_equal(f[0].break_earliest_offset, 180);
    assert_true(f[2].break_paid);
    const pp_history *h = pp_workspace_history(ws);
    assert_int_equal(h->step_minutes, 60);
    assert_int_equal(h->n, 12 * 24 - 4);  /* 2026-10-20 00:00 .. 2026-10-31 19:00 */
    assert_true(h->offered[8] == 18);     /* voice 08:00 on the first day */
    assert_true(h->offered[3] == 0);      /* closed at 03:00 */
    const pp_event *e = pp_workspace_events(ws);
    assert_true(isnan(e[0].uplift_pct));
    assert_true(e[1].uplift_pct == 40);
    const unsigned char *eq = pp_workspace_event_queues(ws);
    assert_int_equal(eq[4 + 0], 1);
    assert_int_equal(eq[4 + 2], 0);
    assert_int_equal(pp_workspace_config(ws)->days, 2);
    pp_workspace_free(ws);
}

/* shifts.csv `breaks`: items in order, paid markers, break_paid as the default. */
static void several_breaks_load(void **state)
{
    (void)state;
    put("shifts.csv",
        "shift,vendors,days,earliest_start,latest_start,start_step_minutes,length_minutes,"
        "break_paid,breaks\n"
        "day9,*,Mon-Fri,08:00,10:00,30,540,0,15@90-150p; 60@210-330 ;15@390-450:paid\n"
        "eve,*,*,14:00,14:00,60,480,1,15@60-120;30@200-260u;10@300-300:unpaid;5@400-460\n"
        "short,*,*,09:00,09:00,60,240,,\n");
    pp_workspace *ws = NULL;
    pp_error err;
    pp_error_clear(&err);
    pp_status st = pp_workspace_load(dir, &ws, &err);
    if (st != PP_OK)
        fail_msg("%s:%ld:%ld %s", err.file, err.line, err.col, err.msg);
    const pp_shift_family *f = pp_workspace_families(ws);
    assert_int_equal(f[0].nbreaks, 3);
    assert_int_equal(f[0].break_minutes, 0);
    assert_int_equal(f[0].breaks[1].minutes, 60);
    assert_int_equal(f[0].breaks[1].earliest_offset, 210);
    assert_int_equal(f[0].breaks[1].latest_offset, 330);
    assert_true(f[0].breaks[0].paid && !f[0].breaks[1].paid && f[0].breaks[2].paid);
    assert_int_equal(f[1].nbreaks, 4);
    assert_true(f[1].breaks[0].paid && !f[1].breaks[1].paid && !f[1].breaks[2].paid &&
                f[1].breaks[3].paid); /* unmarked items take break_paid = 1 */
    assert_int_equal(f[2].nbreaks, 0);
    pp_break_rule br[PP_MAX_BREAKS];
    assert_int_equal(pp_shift_family_breaks(&f[0], br), 3);
    assert_int_equal(br[2].earliest_offset, 390);
    pp_workspace_free(ws);
    put("shifts.csv", SHIFTS);
}

/* Replaces `file` with `text`, loads, expects PP_EINVAL at file:line:col with `needle`. */
static void expect_error(const char *file, const char *text, long line, long col,
                         const char *needle)
{
    put(file, text);
    pp_workspace *ws = NULL;
    pp_error err;
    pp_error_clear(&err);
    pp_status st = pp_workspace_load(dir, &ws, &err);
    assert_null(ws);
    if (st == PP_OK)
        fail_msg("%s: accepted: %s", file, text);
    char want[300];
    snprintf(want, sizeof want, "%s/%s", dir, file);
    if (strcmp(err.file, want) != 0 || err.line != line || err.col != col ||
        !strstr(err.msg, needle))
        fail_msg("%s: got %s:%ld:%ld %s; want line %ld col %ld containing \"%s\"", file, err.file,
                 err.line, err.col, err.msg, line, col, needle);
}

static void bad_queues(void **state)
{
    (void)state;
    expect_error("queues.csv", "queue,channel,target_pct,target_seconds\nv,phone,80,20\n", 2, 2,
                 "must be voice, chat, email or ticket");
    expect_error("queues.csv", "queue,channel,target_pct,target_seconds\nv,voice,180,20\n", 2, 3,
                 "must be at most 100");
    expect_error("queues.csv", "queue,channel,target_pct,target_seconds\nv,voice,80,-5\n", 2, 4,
                 "must not be negative");
    expect_error("queues.csv", "queue,channel,target_pct,target_seconds\nv,voice,80,abc\n", 2, 4,
                 "not a number");
    expect_error("queues.csv", "queue,channel,target_pct\nv,voice,80\n", 1, 0,
                 "missing required column \"target_seconds\"");
    expect_error("queues.csv",
                 "queue,channel,target_pct,target_seconds,concurrency\nv,chat,80,20,0.5\n", 2, 5,
                 "must be at least 1");
    expect_error("queues.csv",
                 "queue,channel,target_pct,target_seconds,escalates_to,escalation_pct\n"
                 "v,voice,80,20,nope,5\n",
                 2, 5, "unknown queue \"nope\"");
    expect_error("queues.csv",
                 "queue,channel,target_pct,target_seconds,escalates_to,escalation_pct\n"
                 "a,voice,80,20,b,5\nb,voice,80,20,a,5\n",
                 2, 5, "cycle");
    expect_error("queues.csv", "queue,channel,target_pct,target_seconds\nv,voice,100,0\n", 2, 3,
                 "cannot be met");
    expect_error("queues.csv", "queue,channel,target_pct,target_seconds\nv,voice,80,20\nv,chat,80,20\n",
                 3, 1, "duplicate name");
    put("queues.csv", QUEUES);
}

static void bad_vendors_and_shifts(void **state)
{
    (void)state;
    expect_error("vendors.csv", "vendor,kind,queues,hourly_cost\nx,bpo,voice;phone,20\n", 2, 3,
                 "unknown queue \"phone\"");
    expect_error("vendors.csv", "vendor,kind,queues,hourly_cost\nx,partner,*,20\n", 2, 2,
                 "must be inhouse or bpo");
    expect_error("vendors.csv", "vendor,kind,queues,hourly_cost\nx,bpo,*,-20\n", 2, 4,
                 "must not be negative");
    expect_error("vendors.csv", "vendor,kind,queues,hourly_cost,seats\nx,bpo,*,20,-1\n", 2, 5,
                 "must not be negative");
    put("vendors.csv", VENDORS);
    const char *head = "shift,vendors,days,earliest_start,latest_start,start_step_minutes,"
                       "length_minutes,break_minutes,break_earliest_offset_minutes,"
                       "break_latest_offset_minutes\n";
    char text[1024];
    snprintf(text, sizeof text, "%sx,ghost,*,08:00,09:00,30,480,,,\n", head);
    expect_error("shifts.csv", text, 2, 2, "unknown vendor \"ghost\"");
    snprintf(text, sizeof text, "%sx,*,*,10:00,09:00,30,480,,,\n", head);
    expect_error("shifts.csv", text, 2, 5, "yields no shift");
    snprintf(text, sizeof text, "%sx,*,*,08:00,09:00,30,1500,,,\n", head);
    expect_error("shifts.csv", text, 2, 7, "must be at most 1440");
    snprintf(text, sizeof text, "%sx,*,*,08:00,09:00,30,480,60,400,450\n", head);
    expect_error("shifts.csv", text, 2, 10, "outside the shift");
    snprintf(text, sizeof text, "%sx,*,Mon-Fry,08:00,09:00,30,480,,,\n", head);
    expect_error("shifts.csv", text, 2, 3, "not a day list");
    snprintf(text, sizeof text, "%sx,*,*,8am,09:00,30,480,,,\n", head);
    expect_error("shifts.csv", text, 2, 4, "not a time of day");
    put("shifts.csv", SHIFTS);
}

static void bad_events_plan_history(void **state)
{
    (void)state;
    expect_error("events.csv",
                 "event,kind,start_date,end_date\nd11,double11,2025-11-12,2025-11-11\n", 2, 4,
                 "end date is before the start date");
    expect_error("events.csv",
                 "event,kind,start_date,end_date,queues\nd11,double11,2025-11-11,2025-11-11,fax\n",
                 2, 5, "unknown queue \"fax\"");
    expect_error("events.csv", "event,kind,start_date,end_date\nd11,double11,2025-11-31,2025-12-01\n",
                 2, 3, "not a date");
    put("events.csv", EVENTS);
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = two\ninterval_minutes = 60\n", 3,
                 8, "whole number of days");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = 2\ninterval_minutes = 7\n", 4, 20,
                 "dividing a day");
    put("plan.ini", PLAN);

    put_history("voice,2026-10-21 10:00,5,200\n");
    pp_workspace *ws = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_workspace_load(dir, &ws, &err), PP_EINVAL);
    assert_int_equal(err.line, 578); /* 4 queues x 12 days x 12 hours + header + 1 */
    assert_int_equal(err.col, 2);
    assert_non_null(strstr(err.msg, "duplicate interval for queue \"voice\""));
    static const struct {
        const char *row;
        long col;
        const char *needle;
    } cases[] = {
        {"voice,2026-10-21 10:15,5,200\n", 2, "off the 60-minute interval grid"},
        {"fax,2026-10-21 10:00,5,200\n", 1, "unknown queue"},
        {"voice,2026-10-21 25:00,5,200\n", 2, "not a timestamp"},
        {"voice,2026-10-19 10:00,-5,200\n", 3, "must not be negative"},
        {"voice,2026-10-19 10:00,5,fast\n", 4, "not a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put_history(cases[i].row);
        pp_error_clear(&err);
        assert_int_equal(pp_workspace_load(dir, &ws, &err), PP_EINVAL);
        if (err.line != 578 || err.col != cases[i].col || !strstr(err.msg, cases[i].needle))
            fail_msg("case %zu: %ld:%ld %s", i, err.line, err.col, err.msg);
    }
    put_history(NULL);
    char path[300];
    snprintf(path, sizeof path, "%s/vendors.csv", dir);
    unlink(path);
    pp_error_clear(&err);
    assert_int_equal(pp_workspace_load(dir, &ws, &err), PP_EIO);
    assert_non_null(strstr(err.file, "vendors.csv"));
    put("vendors.csv", VENDORS);
}

/* plan.ini: a comment longer than inih's 200-byte buffer is read whole (its tail
 * must not become a key); a long key line is an error at its line; unknown
 * sections and keys are errors naming the closest known one; values out of
 * their plausible range are refused. */
static void plan_ini_is_strict(void **state)
{
    (void)state;
    char text[2048], comment[256];
    memset(comment, 'x', 197);
    comment[197] = '\0';
    snprintf(text, sizeof text,
             "[plan]\nstart = 2026-11-02\ndays = 3\n; %sdays = 2\ninterval_minutes = 60\n",
             comment);
    put("plan.ini", text);
    pp_workspace *ws = NULL;
    pp_error err;
    pp_error_clear(&err);
    if (pp_workspace_load(dir, &ws, &err) != PP_OK)
        fail_msg("%s:%ld %s", err.file, err.line, err.msg);
    assert_int_equal(pp_workspace_config(ws)->days, 3);
    pp_workspace_free(ws);

    char pad[400];
    memset(pad, ' ', 300);
    pad[300] = '\0';
    snprintf(text, sizeof text,
             "[plan]\nstart = 2026-11-02\ndays = 3%s; three days\ninterval_minutes = 60\n", pad);
    expect_error("plan.ini", text, 3, 0, "line longer than 197 bytes");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndayz = 2\ninterval_minutes = 60\n", 3,
                 1, "unknown key [plan] dayz; did you mean \"days\"?");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = 2\ninterval = 60\n", 4, 1,
                 "did you mean \"interval_minutes\"?");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = 2\ninterval_minutes = 60\n"
                 "[solvr]\ntime_limit_seconds = 5\n",
                 5, 1, "unknown section [solvr]; did you mean [solver]?");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ninterval_minutes = 60\n"
                 "[solver]\ndays = 2\n", 5, 1, "it belongs in [plan]");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = 2\ninterval_minutes = 60\n"
                 "[solver]\ncolour = red\n", 6, 1, "known keys: time_limit_seconds, mip_gap_pct");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = 2\ninterval_minutes = 60\n"
                 "[solver]\ntime_limit_seconds = 1e9\n", 6, 22, "at most 604800");
    expect_error("plan.ini", "[plan]\nstart = 2026-11-02\ndays = 2\ninterval_minutes = 60\n"
                 "[cost]\nunderstaffing_penalty_per_agent_hour = 1e308\n", 6, 40,
                 "from 0 to 10000000");
    put("plan.ini", PLAN);
}

/* Percents written as fractions, values far outside any operation, an empty
 * vendor list and a queue nobody may serve are refused at their cell; a row
 * dated centuries away is named before any grid is allocated. */
static void implausible_values_are_refused(void **state)
{
    (void)state;
    const char *qh = "queue,channel,target_pct,target_seconds,max_occupancy_pct,shrinkage_pct,"
                     "patience_seconds\n";
    static const struct {
        const char *row;
        long col;
        const char *needle;
    } qcases[] = {
        {"voice,voice,0.8,20,,,\n", 3, "target_pct is a percent: write 80, not 0.8"},
        {"voice,voice,1,20,,,\n", 3, "write 100, not 1"},
        {"voice,voice,0,20,,,\n", 3, "must be above 1"},
        {"voice,voice,80,20,0.85,,\n", 5, "max_occupancy_pct is a percent: write 85, not 0.85"},
        {"voice,voice,80,20,,0.3,\n", 6, "shrinkage_pct is a percent: write 30, not 0.3"},
        {"voice,voice,80,1e300,,,\n", 4, "must be at most 2.592e+06"},
        {"voice,voice,80,20,,,1e300\n", 7, "must be at most 86400"},
    };
    char text[1024];
    for (size_t i = 0; i < sizeof qcases / sizeof qcases[0]; i++) {
        snprintf(text, sizeof text, "%s%s", qh, qcases[i].row);
        expect_error("queues.csv", text, 2, qcases[i].col, qcases[i].needle);
    }
    put("queues.csv", QUEUES);

    const char *vh = "vendor,kind,queues,hourly_cost,seats,shrinkage_pct\n";
    static const struct {
        const char *row;
        long col;
        const char *needle;
    } vcases[] = {
        {"home,inhouse,*,1e300,10,30\n", 4, "must be at most 1e+06"},
        {"home,inhouse,*,30,1e300,30\n", 5, "must be at most 1e+06"},
        {"home,inhouse,*,30,10,0.25\n", 6, "shrinkage_pct is a percent: write 25, not 0.25"},
        {"home,inhouse,;,30,10,25\n", 3, "an empty queue list"},
    };
    for (size_t i = 0; i < sizeof vcases / sizeof vcases[0]; i++) {
        snprintf(text, sizeof text, "%s%s", vh, vcases[i].row);
        expect_error("vendors.csv", text, 2, vcases[i].col, vcases[i].needle);
    }
    /* 0 % shrinkage is a real setting, not a fraction */
    snprintf(text, sizeof text, "%shome,inhouse,*,30,10,0\nbpo_a,bpo,voice,20,5,\n", vh);
    put("vendors.csv", text);
    pp_workspace *ws = NULL;
    pp_error err;
    pp_error_clear(&err);
    if (pp_workspace_load(dir, &ws, &err) != PP_OK)
        fail_msg("0 %% shrinkage refused: %s", err.msg);
    pp_workspace_free(ws);
    /* tickets and t2 are served by nobody: the base workspace is refused */
    snprintf(text, sizeof text, "%shome,inhouse,voice;chat,30,10,30\n", vh);
    expect_error("vendors.csv", text, 0, 0, "no vendor may serve queue \"tickets\"");
    put("vendors.csv", VENDORS);

    const char *sh = "shift,vendors,days,earliest_start,latest_start,start_step_minutes,"
                     "length_minutes\n";
    snprintf(text, sizeof text, "%sx,;,*,08:00,09:00,30,480\n", sh);
    expect_error("shifts.csv", text, 2, 2, "an empty vendor list");
    snprintf(text, sizeof text, "%sx, ; ,*,08:00,09:00,30,480\n", sh);
    expect_error("shifts.csv", text, 2, 2, "an empty vendor list");
    put("shifts.csv", SHIFTS);

    expect_error("events.csv",
                 "event,kind,start_date,end_date,uplift_pct\nd11,double11,2025-11-11,2025-11-11,"
                 "1e300\n",
                 2, 5, "must be at most 10000");
    put("events.csv", EVENTS);

    /* one row in year 0001: named, and refused before a 2000-year grid is allocated */
    put_history("chat,0001-10-21 10:00,5,200\n");
    pp_error_clear(&err);
    assert_int_equal(pp_workspace_load(dir, &ws, &err), PP_EINVAL);
    if (err.line != 578 || err.col != 2 || !strstr(err.msg, "may span at most 3660 days"))
        fail_msg("year 0001: %ld:%ld %s", err.line, err.col, err.msg);
    put_history("voice,2026-10-19 10:00,1e300,200\n");
    pp_error_clear(&err);
    assert_int_equal(pp_workspace_load(dir, &ws, &err), PP_EINVAL);
    assert_int_equal(err.col, 3);
    assert_non_null(strstr(err.msg, "must be at most 1e+07"));
    put_history(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_workspace_loads),
        cmocka_unit_test(bad_queues),
        cmocka_unit_test(bad_vendors_and_shifts),
        cmocka_unit_test(several_breaks_load),
        cmocka_unit_test(bad_events_plan_history),
        cmocka_unit_test(plan_ini_is_strict),
        cmocka_unit_test(implausible_values_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
