/*
 * report.c -- pp_report_write: load an output folder's CSVs, hand them to the
 * HTML and workbook writers, rename each finished file into place.
 *
 * The report is rebuilt from files, never from the run's memory, so `peakplan
 * report OUTDIR` gives the same bytes as the report `run` wrote (one code
 * path), and a section appears exactly when its CSV exists.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peakplan/report.h"
#include "peakplan/timeutil.h"
#include "report_internal.h"

void pp_report_params_init(pp_report_params *p)
{
    memset(p, 0, sizeof *p);
    p->html = true;
    p->xlsx = true;
}

long rp_col(const pp_csv *t, const char *name)
{
    return t ? pp_csv_column(t, name) : -1;
}

double rp_num(const pp_csv *t, size_t row, long col)
{
    if (!t || col < 0)
        return NAN;
    const char *s = pp_csv_cell(t, row, col);
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end)
        return NAN;
    return v;
}

int rp_time(const pp_csv *t, size_t row, long col, int64_t *minute)
{
    bool date_only;
    if (!t || col < 0)
        return 0;
    return pp_parse_timestamp(pp_csv_cell(t, row, col), minute, &date_only);
}

pp_status rp_need(const pp_csv *t, const char *const *cols, pp_error *err)
{
    for (size_t i = 0; t && cols[i]; i++)
        if (pp_csv_column(t, cols[i]) < 0)
            return pp_error_at(err, PP_EINVAL, pp_csv_label(t), 1, 0,
                               "missing column '%s' (needed for the report)", cols[i]);
    return PP_OK;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Loads dir/name into *out when the file exists (else *out stays NULL). */
static pp_status load(const char *dir, const char *sub, const char *name, pp_csv **out,
                      pp_error *err)
{
    char path[4096];
    int n = sub ? snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name)
                : snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path)
        return pp_error_set(err, PP_EINVAL, "%s: path too long", dir);
    if (!exists(path))
        return PP_OK;
    return pp_csv_read_file(path, out, err);
}

static void data_free(rp_data *d)
{
    pp_csv *all[] = {d->summary,  d->forecast,   d->requirements, d->roster,
                     d->coverage, d->scenarios,  d->allocation,   d->simulation,
                     d->capacity, d->history,    d->events,       d->queues,
                     d->cap_queues, d->hiring,   d->cap_summary};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        pp_csv_free(all[i]);
}

/* The interval length: the smallest positive gap between two rows of one
 * queue in the coverage (else forecast) file. */
static int find_step(const pp_csv *t)
{
    long q = rp_col(t, "queue"), ts = rp_col(t, "interval_start");
    if (q < 0 || ts < 0)
        return 0;
    int64_t best = 0, prev = 0;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t m;
        if (!rp_time(t, r, ts, &m))
            continue;
        if (r > 0 && strcmp(pp_csv_cell(t, r, q), pp_csv_cell(t, r - 1, q)) == 0 && m > prev &&
            (best == 0 || m - prev < best))
            best = m - prev;
        prev = m;
    }
    return (int)best;
}

/* Every timestamp in column `tcol` and every cell of the numeric columns
 * `ncols` (blank allowed) must parse: bad cells are input errors at
 * file:line:col, not silently missing points. The workspace's files are not
 * checked again (the workspace loader did when the run read them; re-checking
 * its long history would double the report's time). */
static pp_status check_cells(const pp_csv *t, const char *tcol, const char *const *ncols,
                             pp_error *err)
{
    if (!t)
        return PP_OK;
    long tc = tcol ? pp_csv_column(t, tcol) : -1;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t m;
        if (tc >= 0 && !rp_time(t, r, tc, &m))
            return pp_csv_fail(t, r, tc, err, "not a timestamp (YYYY-MM-DD HH:MM)");
        for (size_t k = 0; ncols && ncols[k]; k++) {
            double v;
            pp_status st = pp_csv_number_opt(t, r, pp_csv_column(t, ncols[k]), -1e300, 1e300,
                                             &v, err);
            if (st != PP_OK)
                return st;
        }
    }
    return PP_OK;
}

static pp_status check_all(const rp_data *d, pp_error *err)
{
    static const char *const fc_num[] = {"offered", "offered_p10", "offered_p90", NULL};
    static const char *const cov_num[] = {"agents_needed", "agents_planned", "service_level_pct",
                                          "understaffed_agents", "offered", NULL};
    static const char *const sl_num[] = {"service_level_pct", "offered", NULL};
    static const char *const alloc_num[] = {"agents", NULL};
    static const char *const ros_num[] = {"paid_hours", "cost", NULL};
    static const char *const sc_num[] = {"total_cost", "service_level_pct", "delta_cost_pct", NULL};
    static const char *const cap_num[] = {"headcount", "productive_fte", "hires_starting", "bpo_fte",
                                          "allocated_fte", "required_fte", "gap_fte", NULL};
    static const char *const capq_num[] = {"required_fte", "gap_fte", NULL};
    pp_status st;
    if ((st = check_cells(d->forecast, "interval_start", fc_num, err)) ||
        (st = check_cells(d->requirements, "interval_start", NULL, err)) ||
        (st = check_cells(d->coverage, "interval_start", cov_num, err)) ||
        (st = check_cells(d->simulation, "interval_start", sl_num, err)) ||
        (st = check_cells(d->allocation, "interval_start", alloc_num, err)) ||
        (st = check_cells(d->roster, "date", ros_num, err)) ||
        (st = check_cells(d->scenarios, NULL, sc_num, err)) ||
        (st = check_cells(d->capacity, "week_start", cap_num, err)) ||
        (st = check_cells(d->cap_queues, "week_start", capq_num, err)))
        return st;
    return PP_OK;
}

static pp_status load_all(const char *outdir, const pp_report_params *p, rp_data *d,
                          pp_error *err)
{
    pp_status st = load(outdir, NULL, "scenarios_summary.csv", &d->scenarios, err);
    if (st != PP_OK)
        return st;
    d->whatif = d->scenarios != NULL;
    const char *sub = d->whatif ? "base" : NULL;
    struct { const char *dir, *sub, *name; pp_csv **t; } files[] = {
        {outdir, sub, "summary.csv", &d->summary},
        {outdir, sub, "forecast.csv", &d->forecast},
        {outdir, sub, "requirements.csv", &d->requirements},
        {outdir, sub, "roster.csv", &d->roster},
        {outdir, sub, "coverage.csv", &d->coverage},
        {outdir, sub, "allocation.csv", &d->allocation},
        {outdir, sub, "simulation.csv", &d->simulation},
        {outdir, NULL, "capacity.csv", &d->capacity},
        {outdir, NULL, "capacity_queues.csv", &d->cap_queues},
        {outdir, NULL, "hiring_plan.csv", &d->hiring},
        {outdir, NULL, "capacity_summary.csv", &d->cap_summary},
        {p->workspace, NULL, "history.csv", &d->history},
        {p->workspace, NULL, "events.csv", &d->events},
        {p->workspace, NULL, "queues.csv", &d->queues},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0] && st == PP_OK; i++)
        if (files[i].dir)
            st = load(files[i].dir, files[i].sub, files[i].name, files[i].t, err);
    if (st != PP_OK)
        return st;
    if (!d->summary && !d->scenarios && !d->capacity)
        return pp_error_set(err, PP_EINVAL,
                            "%s: no summary.csv, scenarios_summary.csv or capacity.csv: not a "
                            "peakplan output folder", outdir);
    static const char *const sum_cols[] = {"metric", "value", NULL};
    static const char *const grid_cols[] = {"queue", "interval_start", NULL};
    static const char *const fc_cols[] = {"queue", "interval_start", "offered", NULL};
    static const char *const cov_cols[] = {"queue", "interval_start", "agents_needed",
                                           "agents_planned", NULL};
    static const char *const ros_cols[] = {"vendor", "date", "paid_hours", NULL};
    static const char *const sc_cols[] = {"scenario", "total_cost", "service_level_pct", NULL};
    static const char *const hist_cols[] = {"queue", "interval_start", "offered", NULL};
    static const char *const ev_cols[] = {"event", "start_date", "end_date", NULL};
    static const char *const q_cols[] = {"queue", "target_pct", NULL};
    static const char *const cap_cols[] = {"week_start", "vendor", "kind", "headcount",
                                           "productive_fte", "hires_starting", "bpo_fte",
                                           "allocated_fte", "required_fte", "gap_fte", NULL};
    static const char *const capq_cols[] = {"week_start", "queue", "required_fte", "gap_fte",
                                            NULL};
    if ((st = rp_need(d->summary, sum_cols, err)) || (st = rp_need(d->forecast, fc_cols, err)) ||
        (st = rp_need(d->requirements, grid_cols, err)) ||
        (st = rp_need(d->coverage, cov_cols, err)) || (st = rp_need(d->roster, ros_cols, err)) ||
        (st = rp_need(d->scenarios, sc_cols, err)) ||
        (st = rp_need(d->history, hist_cols, err)) || (st = rp_need(d->events, ev_cols, err)) ||
        (st = rp_need(d->queues, q_cols, err)) || (st = rp_need(d->capacity, cap_cols, err)) ||
        (st = rp_need(d->cap_queues, capq_cols, err)) ||
        (st = rp_need(d->cap_summary, sum_cols, err)))
        return st;
    if ((st = check_all(d, err)) != PP_OK)
        return st;
    d->step_minutes = find_step(d->coverage ? d->coverage : d->forecast);
    return PP_OK;
}

typedef pp_status (*writer_fn)(const rp_data *, const char *, pp_error *);

/* Writes through `fn` to a temporary name in the folder, then renames it into
 * place, so readers never see half a report. */
static pp_status write_atomic(const char *outdir, const char *name, writer_fn fn,
                              const rp_data *d, pp_error *err)
{
    char tmp[4096], final[4096];
    int n1 = snprintf(final, sizeof final, "%s/%s", outdir, name);
    int n2 = snprintf(tmp, sizeof tmp, "%s/.%s.tmp%ld", outdir, name, (long)getpid());
    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof final || (size_t)n2 >= sizeof tmp)
        return pp_error_set(err, PP_EINVAL, "%s: path too long", outdir);
    pp_status st = fn(d, tmp, err);
    if (st == PP_OK && rename(tmp, final) != 0)
        st = pp_error_set(err, PP_EIO, "%s: cannot rename into place: %s", final,
                          strerror(errno));
    if (st != PP_OK)
        remove(tmp);
    return st;
}

pp_status pp_report_write(const char *outdir, const pp_report_params *p, pp_error *err)
{
    pp_report_params defaults;
    if (!p) {
        pp_report_params_init(&defaults);
        p = &defaults;
    }
    if (!outdir || !*outdir)
        return pp_error_set(err, PP_EINVAL, "report: no output folder given");
    rp_data d;
    memset(&d, 0, sizeof d);
    char title[512];
    if (p->title) {
        snprintf(title, sizeof title, "%s", p->title);
    } else {
        /* the folder's own name, without the path leading to it */
        size_t len = strlen(outdir);
        while (len > 1 && outdir[len - 1] == '/')
            len--;
        size_t b = len;
        while (b > 0 && outdir[b - 1] != '/')
            b--;
        snprintf(title, sizeof title, "peakplan %s: %.*s", "report", (int)(len - b), outdir + b);
    }
    d.title = title;
    pp_status st = load_all(outdir, p, &d, err);
    if (st == PP_OK && p->html)
        st = write_atomic(outdir, "report.html", rp_write_html, &d, err);
    if (st == PP_OK && p->xlsx)
        st = write_atomic(outdir, "plan.xlsx", rp_write_xlsx, &d, err);
    data_free(&d);
    return st;
}
