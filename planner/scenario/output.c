/*
 * output.c -- the CSV files peakplan writes, and the one writer of output sets
 * (pp_output_set_write) that `run`, `plan`, `whatif` and each scenario use.
 *
 * Golden tests compare these byte for byte, so every number goes through
 * one formatter with a fixed number of decimals in the C locale, negative
 * zero and rounding noise are folded to 0, rows come in a fixed order
 * (queue order of the workspace, then time), and no wall-clock time or path
 * of the run is written — except solve_seconds in summary.csv, which the
 * golden runner masks.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/numfmt.h"
#include "io/csvio.h"
#include "io/outset.h"
#include "io/workspace_internal.h"
#include "peakplan/output.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "scenario/scenario_internal.h"

static void put_num(FILE *fp, double v, int decimals)
{
    if (isnan(v)) {
        return; /* blank cell = not applicable */
    }
    if (isinf(v)) {
        fputs(v > 0 ? "inf" : "-inf", fp);
        return;
    }
    double scale = pow(10, decimals);
    if (fabs(v) * scale < 0.5)
        v = 0; /* no "-0.000" */
    char buf[PP_FIXED_BUF];
    fwrite(buf, 1, pp_format_fixed(buf, v, decimals), fp);
}

static void put_time(FILE *fp, int64_t minute)
{
    char buf[32];
    pp_format_timestamp(minute, buf, sizeof buf);
    fputs(buf, fp);
}

/* A column of a per-queue, per-interval file: its header name, the values (NULL =
 * the grid lacks it: every cell is `missing`, NAN = blank) and its decimals. */
typedef struct out_col {
    const char *name;
    const double *v;
    int decimals;
    double missing;
} out_col;

/* queue, interval_start, then `cols`: one row per queue (grid order) and interval. */
static void write_grid(FILE *fp, const pp_grid *g, const out_col *cols, size_t ncols)
{
    fputs("queue,interval_start", fp);
    for (size_t k = 0; k < ncols; k++)
        fprintf(fp, ",%s", cols[k].name);
    fputc('\n', fp);
    size_t n = pp_grid_intervals(g);
    for (size_t q = 0; q < pp_grid_queues(g); q++)
        for (size_t t = 0; t < n; t++) {
            size_t i = q * n + t;
            pp_csv_put_text(fp, pp_grid_queue_name(g, q));
            fputc(',', fp);
            put_time(fp, pp_grid_start(g) + (int64_t)t * pp_grid_step(g));
            for (size_t k = 0; k < ncols; k++) {
                fputc(',', fp);
                put_num(fp, cols[k].v ? cols[k].v[i] : cols[k].missing, cols[k].decimals);
            }
            fputc('\n', fp);
        }
}

#define COL(g, name, decimals) {name, pp_grid_column_const(g, name), decimals, NAN}

void pp_write_forecast_csv(FILE *fp, const pp_grid *g)
{
    const out_col cols[] = {COL(g, PP_COL_OFFERED, 3), COL(g, PP_COL_OFFERED_P10, 3),
                            COL(g, PP_COL_OFFERED_P50, 3), COL(g, PP_COL_OFFERED_P90, 3),
                            COL(g, PP_COL_AHT, 1)};
    write_grid(fp, g, cols, sizeof cols / sizeof cols[0]);
}

void pp_write_requirements_csv(FILE *fp, const pp_grid *g)
{
    /* work_spare_agents when the staffing engine kept a spare for deferred work: the
     * optimizer plans workload + spare, so `plan --requirements` needs it back */
    const out_col cols[] = {COL(g, PP_COL_OFFERED, 3),       COL(g, PP_COL_AHT, 1),
                            COL(g, PP_COL_AGENTS_NEEDED, 3), COL(g, PP_COL_SERVICE_LEVEL, 2),
                            COL(g, PP_COL_ASA, 2),           COL(g, PP_COL_ABANDON, 2),
                            COL(g, PP_COL_OCCUPANCY, 2),     COL(g, PP_COL_WORKLOAD, 3),
                            COL(g, PP_COL_WORK_SPARE, 3)};
    size_t ncols = sizeof cols / sizeof cols[0];
    write_grid(fp, g, cols, cols[ncols - 1].v ? ncols : ncols - 1);
}

void pp_write_roster_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                         const pp_shift_family *families)
{
    fputs("vendor,date,shift,start,end,break_start,break_end,agents,paid_hours,cost,breaks\n",
          fp);
    const pp_roster_row *rows = pp_plan_roster(plan);
    for (size_t i = 0; i < pp_plan_roster_count(plan); i++) {
        const pp_roster_row *r = &rows[i];
        char date[16];
        pp_format_date(pp_day_of_minute(r->start), date, sizeof date);
        pp_csv_put_text(fp, vendors[r->vendor].name);
        fprintf(fp, ",%s,", date);
        pp_csv_put_text(fp, families[r->family].name);
        fputc(',', fp);
        put_time(fp, r->start);
        fputc(',', fp);
        put_time(fp, r->end);
        fputc(',', fp);
        if (r->break_end > r->break_start) {
            put_time(fp, r->break_start);
            fputc(',', fp);
            put_time(fp, r->break_end);
        } else
            fputc(',', fp);
        fprintf(fp, ",%ld,", r->agents);
        put_num(fp, r->paid_hours, 2);
        fputc(',', fp);
        put_num(fp, r->cost, 2);
        /* breaks: every break as HH:MM-HH:MM, joined by ';' (blank: none) */
        fputc(',', fp);
        for (int b = 0; b < r->nbreaks; b++) {
            char ca[8], cb[8];
            pp_format_clock(r->breaks[b].start, ca, sizeof ca);
            pp_format_clock(r->breaks[b].end, cb, sizeof cb);
            fprintf(fp, "%s%s-%s", b ? ";" : "", ca, cb);
        }
        fputc('\n', fp);
    }
}

void pp_write_coverage_csv(FILE *fp, const pp_grid *cov, const pp_grid *req)
{
    const out_col cols[] = {
        COL(cov, PP_COL_AGENTS_NEEDED, 3),
        COL(cov, PP_COL_AGENTS_PLANNED, 3),
        COL(cov, PP_COL_SERVICE_LEVEL, 2),
        COL(cov, PP_COL_ASA, 2),
        COL(cov, PP_COL_ABANDON, 2),
        {PP_COL_BACKLOG, pp_grid_column_const(cov, PP_COL_BACKLOG), 3, 0}, /* none: 0 waiting */
        COL(cov, PP_COL_SHORTFALL, 3),
        {PP_COL_OFFERED, req ? pp_grid_column_const(req, PP_COL_OFFERED) : NULL, 3, NAN},
    };
    write_grid(fp, cov, cols, sizeof cols / sizeof cols[0]);
}

void pp_write_allocation_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors, size_t nv)
{
    /* rows for every pair the vendor may serve (zeros too), so a reader sees the
     * eligibility and every row set has the same shape; vendor, queue, time order */
    fputs("vendor,queue,interval_start,agents\n", fp);
    const pp_grid *g = pp_plan_coverage(plan);
    const double *a = pp_plan_allocation(plan);
    if (!g || !a)
        return;
    size_t nq = pp_grid_queues(g), n = pp_grid_intervals(g);
    for (size_t v = 0; v < nv; v++)
        for (size_t q = 0; q < nq; q++) {
            if (!pp_plan_vendor_serves(plan, v, q))
                continue;
            for (size_t t = 0; t < n; t++) {
                pp_csv_put_text(fp, vendors[v].name);
                fputc(',', fp);
                pp_csv_put_text(fp, pp_grid_queue_name(g, q));
                fputc(',', fp);
                put_time(fp, pp_grid_start(g) + (int64_t)t * pp_grid_step(g));
                fputc(',', fp);
                put_num(fp, a[(v * nq + q) * n + t], 3);
                fputc('\n', fp);
            }
        }
}

void pp_write_tours_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                        const pp_shift_family *families)
{
    size_t days = pp_plan_days(plan);
    fputs("vendor,tour,people", fp);
    for (size_t d = 0; d < days; d++) {
        char date[16];
        pp_format_date(pp_plan_start_day(plan) + (int64_t)d, date, sizeof date);
        fprintf(fp, ",%s", date);
    }
    fputc('\n', fp);
    const pp_tour *t = pp_plan_tours(plan);
    size_t number = 0;
    for (size_t k = 0; k < pp_plan_tour_count(plan); k++) {
        number = k > 0 && t[k - 1].vendor == t[k].vendor ? number + 1 : 1;
        pp_csv_put_text(fp, vendors[t[k].vendor].name);
        fprintf(fp, ",%zu,%ld", number, t[k].people);
        for (size_t d = 0; d < days; d++) {
            const pp_tour_day *c = &t[k].days[d];
            fputc(',', fp);
            if (c->kind == PP_TOUR_WORK) {
                char clock[8], cell[PP_NAME_MAX + 16];
                pp_format_clock(c->start, clock, sizeof clock);
                snprintf(cell, sizeof cell, "%s %s", families[c->family].name, clock);
                pp_csv_put_text(fp, cell);
            } else
                fputs(c->kind == PP_TOUR_SPARE ? "spare" : "off", fp);
        }
        fputc('\n', fp);
    }
}

static void metric(FILE *fp, const char *name, double v, int decimals)
{
    pp_csv_put_text(fp, name);
    fputc(',', fp);
    put_num(fp, v, decimals);
    fputc('\n', fp);
}

void pp_write_summary_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors, size_t nv,
                          double service_level_pct)
{
    const pp_plan_summary *s = pp_plan_get_summary(plan);
    fputs("metric,value\n", fp);
    metric(fp, "total_cost", s->total_cost, 2);
    metric(fp, "paid_hours", s->paid_hours, 2);
    metric(fp, "service_level_pct", service_level_pct, 2);
    metric(fp, "understaffed_agent_hours", s->understaffed_agent_hours, 2);
    fprintf(fp, "solver_status,%s\n", pp_plan_status_name(s->status));
    metric(fp, "mip_gap_pct", s->mip_gap_pct, 3);
    metric(fp, "solve_seconds", s->solve_seconds, 2);
    metric(fp, "objective", s->objective, 2);
    metric(fp, "lp_bound", s->lp_bound, 2);
    metric(fp, "model_rows", (double)s->rows, 0);
    metric(fp, "model_columns", (double)s->cols, 0);
    metric(fp, "model_integers", (double)s->integers, 0);
    for (size_t v = 0; v < nv; v++) {
        char name[PP_NAME_MAX + 32];
        snprintf(name, sizeof name, "paid_hours:%s", vendors[v].name);
        metric(fp, name, pp_plan_vendor_paid_hours(plan, v), 2);
        snprintf(name, sizeof name, "cost:%s", vendors[v].name);
        metric(fp, name, pp_plan_vendor_cost(plan, v), 2);
    }
    if (s->status == PP_PLAN_INFEASIBLE)
        return;
    /* people (tours.csv) after the older metrics, so those keep their lines */
    long heads = 0;
    for (size_t v = 0; v < nv; v++)
        heads += pp_plan_headcount(plan, v);
    metric(fp, "headcount", (double)heads, 0);
    for (size_t v = 0; v < nv; v++) {
        char name[PP_NAME_MAX + 32];
        snprintf(name, sizeof name, "headcount:%s", vendors[v].name);
        metric(fp, name, (double)pp_plan_headcount(plan, v), 0);
    }
    /* full-time equivalents: paid hours over a full-time week for the horizon */
    double weeks = (double)pp_plan_days(plan) / 7;
    metric(fp, "fte", weeks > 0 ? s->paid_hours / (PP_FTE_HOURS_WEEK * weeks) : 0, 2);
    /* salaried vendors (cost_basis head): their price per person, so cost:<vendor>
     * = headcount:<vendor> x weekly_cost_per_head:<vendor> x days / 7 (+ hourly) */
    for (size_t v = 0; v < nv; v++) {
        double w = pp_plan_weekly_cost_per_head(plan, v);
        if (isnan(w))
            continue;
        char name[PP_NAME_MAX + 32];
        snprintf(name, sizeof name, "weekly_cost_per_head:%s", vendors[v].name);
        metric(fp, name, w, 2);
    }
}

/* ---------------------------------------------------------------- output sets */

/* Where a plan's files go: an output set, or memory (a what-if worker renders its
 * scenario's folder while the other workers still solve, so that the batch's
 * end only copies bytes: writing data/example's 21 folders was a second and a
 * half on one thread with the other core idle).  In memory each file is an
 * open_memstream stream until the next one opens or sink_close_current. */
typedef struct sink {
    pp_outset *set;  /* the set, or NULL: memory */
    scn_file *files; /* memory: the files finished so far */
    size_t nfiles, cap;
    FILE *cur; /* memory: the stream being written, files[nfiles] when finished */
    char *buf;
    size_t len;
    char name[sizeof ((scn_file *)0)->name];
} sink;

/* Ends the memory stream being written: its bytes become files[nfiles]. */
static pp_status sink_close_current(sink *k, pp_error *err)
{
    if (!k->cur)
        return PP_OK;
    bool bad = fclose(k->cur) != 0;
    k->cur = NULL;
    unsigned char *bytes = bad ? NULL : pp_malloc(k->len ? k->len : 1);
    if (bytes)
        memcpy(bytes, k->buf, k->len);
    free(k->buf); /* open_memstream's, from the C library's allocator */
    k->buf = NULL;
    if (!bytes)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    scn_file *f = &k->files[k->nfiles++];
    memcpy(f->name, k->name, sizeof f->name);
    f->bytes = bytes;
    f->len = k->len;
    return PP_OK;
}

/* Opens prefix+name in the set, or name in memory. */
static FILE *open_in(sink *k, const char *prefix, const char *name, pp_error *err)
{
    if (k->set) {
        char path[PP_NAME_MAX + 64];
        snprintf(path, sizeof path, "%s%s", prefix, name);
        return pp_outset_open(k->set, path, err);
    }
    if (sink_close_current(k, err) != PP_OK)
        return NULL;
    if (strlen(name) >= sizeof k->name) {
        pp_error_set(err, PP_EINVAL, "%s: file name too long", name);
        return NULL;
    }
    if (k->nfiles == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 16;
        scn_file *f = pp_realloc(k->files, cap * sizeof *f);
        if (!f) {
            pp_error_set(err, PP_ENOMEM, "out of memory");
            return NULL;
        }
        k->files = f;
        k->cap = cap;
    }
    snprintf(k->name, sizeof k->name, "%s", name);
    if (!(k->cur = open_memstream(&k->buf, &k->len)))
        pp_error_set(err, PP_ENOMEM, "out of memory");
    return k->cur;
}

/* A stream that failed while being written: stop now rather than fill a full disk. */
static pp_status check_stream(FILE *fp, const char *prefix, const char *name, pp_error *err)
{
    int e = errno; /* from the write that failed, if it was the last call */
    if (!ferror(fp))
        return PP_OK;
    if (e == ENOSPC || e == EIO || e == EDQUOT || e == EFBIG)
        return pp_error_set(err, PP_EWRITE, "%s%s: write failed: %s", prefix, name, strerror(e));
    return pp_error_set(err, PP_EWRITE, "%s%s: write failed", prefix, name);
}

/* The status of a failed pp_outset_open. */
static pp_status open_failed(const pp_error *err)
{
    return err && err->code ? err->code : PP_EWRITE;
}

/* Writes the files of `f` into `set`, each name prefixed by `prefix` ("" or
 * "name/"); stops at the first failure (PP_EWRITE, PP_ENOMEM, ...). */
static pp_status plan_files_put(sink *set, const char *prefix, const pp_plan_files *f,
                                pp_error *err)
{
    FILE *fp;
    pp_status st;
    bool infeasible = pp_plan_get_summary(f->plan)->status == PP_PLAN_INFEASIBLE;
    if (f->forecast) {
        if (!(fp = open_in(set, prefix, "forecast.csv", err)))
            return open_failed(err);
        pp_write_forecast_csv(fp, f->forecast);
        if ((st = check_stream(fp, prefix, "forecast.csv", err)) != PP_OK)
            return st;
    }
    if (f->write_requirements && f->requirements) {
        if (!(fp = open_in(set, prefix, "requirements.csv", err)))
            return open_failed(err);
        pp_write_requirements_csv(fp, f->requirements);
        if ((st = check_stream(fp, prefix, "requirements.csv", err)) != PP_OK)
            return st;
    }
    if (!infeasible) {
        if (!(fp = open_in(set, prefix, "roster.csv", err)))
            return open_failed(err);
        pp_write_roster_csv(fp, f->plan, f->vendors, f->families);
        if ((st = check_stream(fp, prefix, "roster.csv", err)) != PP_OK)
            return st;
        if (!(fp = open_in(set, prefix, "coverage.csv", err)))
            return open_failed(err);
        pp_write_coverage_csv(fp, f->coverage ? f->coverage : pp_plan_coverage(f->plan),
                              f->requirements);
        if ((st = check_stream(fp, prefix, "coverage.csv", err)) != PP_OK)
            return st;
        if (!(fp = open_in(set, prefix, "allocation.csv", err)))
            return open_failed(err);
        pp_write_allocation_csv(fp, f->plan, f->vendors, f->nv);
        if ((st = check_stream(fp, prefix, "allocation.csv", err)) != PP_OK)
            return st;
        if (!(fp = open_in(set, prefix, "tours.csv", err)))
            return open_failed(err);
        pp_write_tours_csv(fp, f->plan, f->vendors, f->families);
        if ((st = check_stream(fp, prefix, "tours.csv", err)) != PP_OK)
            return st;
        if (!(fp = open_in(set, prefix, "schedule.csv", err)))
            return open_failed(err);
        if ((st = pp_write_schedule_csv(fp, f->plan, f->vendors, f->nv, f->families, err)) !=
            PP_OK)
            return st; /* the set owns the stream: abandoning it closes and removes it */
        if ((st = check_stream(fp, prefix, "schedule.csv", err)) != PP_OK)
            return st;
    }
    if (!(fp = open_in(set, prefix, "summary.csv", err)))
        return open_failed(err);
    pp_write_summary_csv(fp, f->plan, f->vendors, f->nv, f->service_level_pct);
    return check_stream(fp, prefix, "summary.csv", err);
}

/* Copies SRC/<name>/ (regular files only) into the set as <name>/..., its .complete
 * marker last: a resumed scenario's folder, byte for byte as the earlier run wrote it. */
static pp_status copy_folder(pp_outset *outset, const char *src, const char *name, pp_error *err)
{
    sink set[1] = {{.set = outset}};
    char dir[4096], path[4096 + 64];
    snprintf(dir, sizeof dir, "%s/%s", src, name);
    DIR *d = opendir(dir);
    if (!d)
        return pp_error_set(err, PP_EIO, "%s: cannot read the folder to resume: %s", dir,
                            strerror(errno));
    pp_status st = PP_OK;
    char buf[65536];
    for (int pass = 0; pass < 2 && st == PP_OK; pass++) {
        rewinddir(d);
        struct dirent *e;
        while (st == PP_OK && (e = readdir(d)) != NULL) {
            /* peakplan's own files have short names; anything else is not its output */
            char fname[48];
            size_t len = strlen(e->d_name);
            if (len >= sizeof fname)
                continue;
            memcpy(fname, e->d_name, len + 1);
            bool marker = strcmp(fname, ".complete") == 0;
            if (strcmp(fname, ".") == 0 || strcmp(fname, "..") == 0 || marker != (pass == 1))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, fname);
            struct stat sb;
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            FILE *in = fopen(path, "rb");
            if (!in) {
                st = pp_error_set(err, PP_EIO, "%s: %s", path, strerror(errno));
                break;
            }
            char prefix[PP_NAME_MAX + 2];
            snprintf(prefix, sizeof prefix, "%s/", name);
            FILE *out = open_in(set, prefix, fname, err);
            if (!out) {
                fclose(in);
                st = open_failed(err);
                break;
            }
            size_t got;
            while ((got = fread(buf, 1, sizeof buf, in)) > 0)
                if (fwrite(buf, 1, got, out) != got)
                    break;
            if (ferror(in))
                st = pp_error_set(err, PP_EIO, "%s: read failed", path);
            fclose(in);
            if (st == PP_OK)
                st = check_stream(out, prefix, fname, err);
        }
    }
    closedir(d);
    return st;
}

/* A batch's resume side: the .complete marker of each scenario planned to the end,
 * written after its files, and the folders of the scenarios carried from a resumed
 * OUTDIR. */
static pp_status whatif_extras(pp_outset *outset, const pp_output_set *s, pp_error *err)
{
    const pp_whatif_result *r = s->whatif;
    sink set[1] = {{.set = outset}};
    pp_status st = PP_OK;
    for (size_t i = 1; st == PP_OK && i < pp_whatif_count(r); i++) {
        const char *name = pp_whatif_name(r, i);
        if (pp_whatif_carried(r, i)) {
            st = copy_folder(outset, pp_whatif_carried_dir(r, i), name, err);
            continue;
        }
        /* planned on another rank, or rendered by the worker that planned it: its
         * folder's files as they were written there */
        const slot *sl = &r->slots[i];
        const scn_file *files = sl->remote ? sl->remote->files : sl->files;
        size_t nfiles = sl->remote ? sl->remote->nfiles : sl->nfiles;
        for (size_t k = 0; st == PP_OK && k < nfiles; k++) {
            char prefix[PP_NAME_MAX + 2];
            snprintf(prefix, sizeof prefix, "%s/", name);
            FILE *fp = open_in(set, prefix, files[k].name, err);
            if (!fp)
                return open_failed(err);
            if (files[k].len)
                fwrite(files[k].bytes, 1, files[k].len, fp);
            st = check_stream(fp, prefix, files[k].name, err);
        }
        if (st == PP_OK && pp_whatif_marker_due(r, i)) {
            char prefix[PP_NAME_MAX + 2];
            snprintf(prefix, sizeof prefix, "%s/", name);
            FILE *fp = open_in(set, prefix, ".complete", err);
            if (!fp)
                return open_failed(err);
            pp_whatif_write_marker(fp, r, i, s->ws);
            st = check_stream(fp, prefix, ".complete", err);
        }
    }
    return st;
}

pp_status pp_output_set_write(const pp_output_set *s, const char *outdir, pp_error *err)
{
    if (!s || (!s->folders && s->nplans > 1))
        return pp_error_set(err, PP_EINVAL, "output set: several plans need a folder each");
    if (s->whatif && !s->ws)
        return pp_error_set(err, PP_EINVAL, "output set: a batch's summary needs its workspace");
    pp_outset *set = NULL;
    pp_status st = pp_outset_new(outdir, &set, err);
    if (st != PP_OK)
        return st;
    sink to_set = {.set = set};
    FILE *fp;
    if (s->whatif) {
        if (!(fp = pp_outset_open(set, "scenarios_summary.csv", err)))
            st = open_failed(err);
        else {
            pp_whatif_write_summary_csv(fp, s->whatif, s->ws);
            st = check_stream(fp, "", "scenarios_summary.csv", err);
        }
    }
    for (size_t i = 0; st == PP_OK && i < s->nplans; i++) {
        char prefix[PP_NAME_MAX + 2] = "";
        if (s->folders)
            snprintf(prefix, sizeof prefix, "%s/", s->folders[i]);
        st = plan_files_put(&to_set, prefix, &s->plans[i], err);
    }
    if (st == PP_OK && s->whatif)
        st = whatif_extras(set, s, err);
    /* the caller's own files last, once the set's are complete and closed */
    if (st == PP_OK && s->extra && s->extra->fn && (st = pp_outset_close_files(set, err)) == PP_OK)
        st = s->extra->fn(s->extra->userdata, pp_outset_dir(set), err);
    if (st == PP_OK)
        st = pp_outset_commit(set, err);
    pp_outset_free(set);
    return st;
}

/* The files of one run result, as the workspace's plan. */
static pp_plan_files run_files(const pp_run_result *r, const pp_workspace *ws)
{
    pp_plan_files f = {.forecast = pp_run_forecast(r),
                       .requirements = pp_run_requirements(r),
                       .write_requirements = 1,
                       .plan = pp_run_plan(r),
                       .coverage = pp_run_coverage(r),
                       .vendors = ws->vendors,
                       .nv = ws->nv,
                       .families = ws->families,
                       .service_level_pct = pp_run_service_level_pct(r)};
    return f;
}

pp_status pp_run_render(const pp_run_result *r, const pp_workspace *ws, scn_file **files,
                        size_t *nfiles, pp_error *err)
{
    pp_plan_files f = run_files(r, ws);
    sink k = {0};
    pp_status st = plan_files_put(&k, "", &f, err);
    if (st == PP_OK)
        st = sink_close_current(&k, err);
    if (k.cur) { /* failed while writing it */
        fclose(k.cur);
        free(k.buf);
    }
    if (st != PP_OK) {
        for (size_t i = 0; i < k.nfiles; i++)
            pp_free(k.files[i].bytes);
        pp_free(k.files);
        return st;
    }
    *files = k.files;
    *nfiles = k.nfiles;
    return PP_OK;
}

pp_status pp_run_write_ex(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                          const pp_set_extra *extra, pp_error *err)
{
    pp_plan_files f = run_files(r, ws);
    pp_output_set s = {.plans = &f, .nplans = 1, .extra = extra};
    return pp_output_set_write(&s, outdir, err);
}

pp_status pp_run_write(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                       pp_error *err)
{
    return pp_run_write_ex(r, ws, outdir, NULL, err);
}

pp_status pp_runs_write_ex(const pp_run_result *const *runs, const char *const *folders, size_t n,
                           const pp_workspace *ws, const char *outdir, const pp_set_extra *extra,
                           pp_error *err)
{
    pp_plan_files *plans = pp_malloc((n ? n : 1) * sizeof *plans);
    if (!plans)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        plans[i] = run_files(runs[i], ws);
    pp_output_set s = {.plans = plans, .nplans = n, .folders = folders, .ws = ws, .extra = extra};
    pp_status st = pp_output_set_write(&s, outdir, err);
    pp_free(plans);
    return st;
}

pp_status pp_whatif_write_ex(const pp_whatif_result *r, const pp_workspace *ws,
                             const char *outdir, const pp_set_extra *extra, pp_error *err)
{
    size_t n = pp_whatif_count(r), k = 0;
    pp_plan_files *plans = pp_malloc((n ? n : 1) * sizeof *plans);
    const char **folders = pp_malloc((n ? n : 1) * sizeof *folders);
    pp_status st;
    if (!plans || !folders)
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    else {
        /* a folder for each plan made, in the batch's order; none for a scenario
         * without, or with its folder rendered already (whatif_extras writes that) */
        for (size_t i = 0; i < n; i++) {
            const pp_run_result *rr = pp_whatif_run_result(r, i);
            if (!rr || r->slots[i].nfiles)
                continue;
            plans[k] = run_files(rr, ws);
            folders[k++] = pp_whatif_name(r, i);
        }
        pp_output_set s = {.plans = plans, .nplans = k, .folders = folders, .whatif = r,
                           .ws = ws, .extra = extra};
        st = pp_output_set_write(&s, outdir, err);
    }
    pp_free(plans);
    pp_free(folders);
    return st;
}

pp_status pp_whatif_write(const pp_whatif_result *r, const pp_workspace *ws, const char *outdir,
                          pp_error *err)
{
    return pp_whatif_write_ex(r, ws, outdir, NULL, err);
}
