/*
 * run_capacity.c -- the "capacity" block of `peakplan run`'s summary, printed when the
 * workspace holds capacity.ini (docs/capacity.md, "In run's summary").
 *
 * A planner running next week's shifts wants to know whether the people the roster
 * needs are there: the capacity plan's heads and productive FTE per vendor in the
 * weeks of the run's horizon, beside the people the shift plan's tours need
 * (summary.csv headcount:<vendor>).  The capacity plan is solved here (about 1 s on
 * the example: the forecast of its horizon dominates); only standard output changes,
 * never the run's files.  A capacity.ini or staff.csv that cannot be planned does not
 * fail the run: the block says why and points to `peakplan capacity`.
 */
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"
#include "peakplan/capacity.h"
#include "peakplan/interrupt.h"
#include "peakplan/timeutil.h"

/* The capacity plan's own warnings (its history cut at [capacity] start, ...) pass on
 * to the command's handler, said to be the capacity plan's. */
typedef struct warn_fwd {
    pp_warn_fn fn;
    void *userdata;
} warn_fwd;

static void capacity_warning(void *userdata, const char *message)
{
    const warn_fwd *f = userdata;
    char buf[1200];
    snprintf(buf, sizeof buf, "capacity plan for the summary: %s", message);
    if (f->fn)
        f->fn(f->userdata, buf);
}

void cli_run_capacity_section(const char *workspace, const pp_plan *plan,
                              const pp_vendor *vendors, size_t nv)
{
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/capacity.ini", workspace);
    if (stat(path, &sb) != 0 || pp_interrupt_requested())
        return;
    pp_cap_params p;
    pp_cap_params_init(&p);
    pp_cap_result *r = NULL;
    pp_error err;
    pp_error_clear(&err);
    warn_fwd fwd;
    fwd.fn = pp_get_warn_handler(&fwd.userdata);
    pp_set_warn_handler(capacity_warning, &fwd);
    pp_status st = pp_cap_run(workspace, &p, &r, &err);
    pp_set_warn_handler(fwd.fn, fwd.userdata);
    if (st != PP_OK) {
        char buf[1024];
        pp_error_format(&err, buf, sizeof buf);
        printf("  capacity            capacity.ini present, but no capacity plan: %s\n"
               "                      (`peakplan capacity %s` for the details)\n", buf,
               workspace);
        return;
    }
    size_t n;
    const pp_cap_row *rows = pp_cap_rows(r, &n);
    pp_cap_summary s;
    pp_cap_summarize(r, &s);
    /* the capacity weeks overlapping the plan's days */
    int64_t d0 = pp_plan_start_day(plan), d1 = d0 + (int64_t)pp_plan_days(plan);
    int64_t start = s.start_day;
    char a[16], b[16];
    pp_format_date(start, a, sizeof a);
    pp_format_date(start + 7 * (int64_t)s.weeks - 1, b, sizeof b);
    printf("  capacity            plan of capacity.ini (%s .. %s, %zu weeks; `peakplan "
           "capacity` writes it)\n", a, b, s.weeks);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t w0 = start + 7 * (int64_t)rows[i].week;
        if (w0 + 7 <= d0 || w0 >= d1)
            continue;
        if (!shown++)
            printf("    %-18s%-12s%10s%16s%18s%10s\n", "vendor", "week of", "heads",
                   "productive FTE", "shift plan people", "margin");
        pp_format_date(w0, a, sizeof a);
        const pp_cap_row *rw = &rows[i];
        long people = rw->vendor < nv ? pp_plan_headcount(plan, rw->vendor) : 0;
        printf("    %-18s%-12s%10.1f%16.1f%18ld%+10.1f\n",
               rw->vendor < nv ? vendors[rw->vendor].name : "?", a, rw->headcount,
               rw->productive_fte, people, rw->headcount - (double)people);
    }
    if (!shown)
        printf("    the plan's days lie outside the capacity plan's weeks\n");
    else
        printf("    heads: the capacity plan's people (BPO: contracted FTE); shift plan people:\n"
               "    its tours' people (summary.csv headcount:<vendor>); margin = heads - people\n");
    pp_cap_result_free(r);
}
