/*
 * scenario.c -- what-if batches.
 *
 * Design: the base forecast is made once.  A scenario is a list of changes;
 * each change says which stage it touches.  Forecast-level changes
 * (volume_pct, aht_pct) are applied to a copy of the base forecast grid —
 * a what-if about volume is "the same forecast, scaled", not a new fit — and
 * together with target changes they force the requirements to be computed
 * again; vendor changes (seats, cost, shrinkage, availability) only re-solve
 * the plan on the base requirements.  Every scenario owns its copies, so
 * scenarios run on worker threads without sharing anything mutable, and a
 * result lands in the slot of its scenario: the output does not depend on
 * the number of threads or on which finishes first.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "peakplan/scenario.h"
#include "peakplan/timeutil.h"
#include "pipeline_internal.h"

typedef enum param_kind {
    P_VOLUME,
    P_AHT,
    P_TARGET_PCT,
    P_TARGET_SECONDS,
    P_SHRINKAGE,
    P_SEATS,
    P_COST,
    P_AVAILABLE
} param_kind;

static const struct {
    const char *name;
    param_kind kind;
    double lo, hi;
    bool needs_vendor, allows_range;
} PARAMS[] = {
    {"volume_pct", P_VOLUME, -100, 10000, false, true},
    {"aht_pct", P_AHT, -99, 10000, false, true},
    {"target_pct", P_TARGET_PCT, 0, 100, false, false},
    {"target_seconds", P_TARGET_SECONDS, 0, 1e7, false, false},
    {"shrinkage_pct", P_SHRINKAGE, 0, 99.9, false, false},
    {"vendor_seats", P_SEATS, 0, 1e7, true, false},
    {"vendor_hourly_cost", P_COST, 0, 1e7, true, false},
    {"vendor_available", P_AVAILABLE, 0, 1, true, true},
};
#define NPARAMS (sizeof PARAMS / sizeof PARAMS[0])

typedef struct change {
    param_kind kind;
    double value;
    long queue, vendor;      /* -1 = not given */
    int64_t from_day, to_day; /* inclusive; INT64_MIN / INT64_MAX = open */
} change;

typedef struct scenario {
    char name[PP_NAME_MAX];
    change *changes;
    size_t n, cap;
} scenario;

struct pp_scenario_set {
    scenario *items;
    size_t n;
};

void pp_scenarios_free(pp_scenario_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        free(set->items[i].changes);
    free(set->items);
    free(set);
}

size_t pp_scenarios_count(const pp_scenario_set *set) { return set->n; }
const char *pp_scenarios_name(const pp_scenario_set *set, size_t i) { return set->items[i].name; }

static const char *const SCN_REQ[] = {"scenario", "parameter", "value", NULL};
static const char *const SCN_OPT[] = {"queue", "vendor", "from", "to", NULL};

static bool safe_name(const char *s)
{
    if (!*s || strcmp(s, "base") == 0 || s[0] == '.')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.' || *s == '+'))
            return false;
    return true;
}

pp_status pp_scenarios_load(const char *path, const pp_workspace *ws, pp_scenario_set **out,
                            pp_error *err)
{
    *out = NULL;
    pp_csv *csv = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    pp_scenario_set *set = calloc(1, sizeof *set);
    size_t rows = pp_csv_rows(csv);
    if (!set || !(set->items = calloc(rows ? rows : 1, sizeof *set->items))) {
        free(set);
        pp_csv_free(csv);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    if ((st = pp_csv_check_columns(csv, SCN_REQ, SCN_OPT, err)) != PP_OK)
        goto fail;
    long c_s = pp_csv_column(csv, "scenario"), c_p = pp_csv_column(csv, "parameter"),
         c_v = pp_csv_column(csv, "value"), c_q = pp_csv_column(csv, "queue"),
         c_vd = pp_csv_column(csv, "vendor"), c_f = pp_csv_column(csv, "from"),
         c_t = pp_csv_column(csv, "to");
    for (size_t r = 0; r < rows; r++) {
        const char *name = pp_csv_cell(csv, r, c_s);
        if (strlen(name) >= PP_NAME_MAX || !safe_name(name)) {
            st = pp_csv_fail(csv, r, c_s, err,
                             "scenario names are letters, digits, _ - . + (not \"base\"), "
                             "at most %d bytes",
                             PP_NAME_MAX - 1);
            goto fail;
        }
        scenario *sc = NULL;
        for (size_t i = 0; i < set->n; i++)
            if (strcmp(set->items[i].name, name) == 0)
                sc = &set->items[i];
        if (!sc) {
            sc = &set->items[set->n++];
            snprintf(sc->name, sizeof sc->name, "%s", name);
        }
        const char *pname = pp_csv_cell(csv, r, c_p);
        size_t k = 0;
        while (k < NPARAMS && strcmp(PARAMS[k].name, pname) != 0)
            k++;
        if (k == NPARAMS) {
            st = pp_csv_fail(csv, r, c_p, err,
                             "unknown parameter (volume_pct, aht_pct, target_pct, target_seconds, "
                             "shrinkage_pct, vendor_seats, vendor_hourly_cost, vendor_available)");
            goto fail;
        }
        change ch = {.kind = PARAMS[k].kind, .queue = -1, .vendor = -1,
                     .from_day = INT64_MIN, .to_day = INT64_MAX};
        if ((st = pp_csv_number(csv, r, c_v, PARAMS[k].lo, PARAMS[k].hi, NAN, &ch.value, err)))
            goto fail;
        if (ch.kind == P_AVAILABLE && ch.value != 0 && ch.value != 1) {
            st = pp_csv_fail(csv, r, c_v, err, "must be 0 (outage) or 1");
            goto fail;
        }
        if (ch.kind == P_VOLUME && ch.value <= -100) {
            st = pp_csv_fail(csv, r, c_v, err, "must be above -100");
            goto fail;
        }
        if (c_q >= 0 && !pp_csv_blank(csv, r, c_q)) {
            const char *qn = pp_csv_cell(csv, r, c_q);
            for (size_t q = 0; q < ws->nq; q++)
                if (strcmp(ws->queues[q].name, qn) == 0)
                    ch.queue = (long)q;
            if (ch.queue < 0) {
                st = pp_csv_fail(csv, r, c_q, err, "unknown queue");
                goto fail;
            }
            if (PARAMS[k].needs_vendor) {
                st = pp_csv_fail(csv, r, c_q, err, "%s applies to a vendor, not a queue", pname);
                goto fail;
            }
        }
        if (c_vd >= 0 && !pp_csv_blank(csv, r, c_vd)) {
            const char *vn = pp_csv_cell(csv, r, c_vd);
            for (size_t v = 0; v < ws->nv; v++)
                if (strcmp(ws->vendors[v].name, vn) == 0)
                    ch.vendor = (long)v;
            if (ch.vendor < 0) {
                st = pp_csv_fail(csv, r, c_vd, err, "unknown vendor");
                goto fail;
            }
            if (!PARAMS[k].needs_vendor && ch.kind != P_SHRINKAGE) {
                st = pp_csv_fail(csv, r, c_vd, err, "%s does not apply to a vendor", pname);
                goto fail;
            }
        } else if (PARAMS[k].needs_vendor) {
            st = pp_csv_fail(csv, r, c_vd >= 0 ? c_vd : c_p, err, "%s needs a vendor", pname);
            goto fail;
        }
        if (ch.kind == P_SHRINKAGE && ch.queue >= 0 && ch.vendor >= 0) {
            st = pp_csv_fail(csv, r, c_q, err, "shrinkage_pct: give a queue or a vendor, not both");
            goto fail;
        }
        bool has_from = c_f >= 0 && !pp_csv_blank(csv, r, c_f),
             has_to = c_t >= 0 && !pp_csv_blank(csv, r, c_t);
        if ((has_from || has_to) && !PARAMS[k].allows_range) {
            st = pp_csv_fail(csv, r, has_from ? c_f : c_t, err,
                             "%s takes no date range (it holds for the whole horizon)", pname);
            goto fail;
        }
        if (has_from && !pp_parse_date(pp_csv_cell(csv, r, c_f), &ch.from_day)) {
            st = pp_csv_fail(csv, r, c_f, err, "not a date YYYY-MM-DD");
            goto fail;
        }
        if (has_to && !pp_parse_date(pp_csv_cell(csv, r, c_t), &ch.to_day)) {
            st = pp_csv_fail(csv, r, c_t, err, "not a date YYYY-MM-DD");
            goto fail;
        }
        if (ch.to_day < ch.from_day) {
            st = pp_csv_fail(csv, r, c_t, err, "the date range ends before it starts");
            goto fail;
        }
        if (sc->n == sc->cap) {
            size_t cap = sc->cap ? 2 * sc->cap : 4;
            change *p = realloc(sc->changes, cap * sizeof *p);
            if (!p) {
                st = pp_error_set(err, PP_ENOMEM, "out of memory");
                goto fail;
            }
            sc->changes = p;
            sc->cap = cap;
        }
        sc->changes[sc->n++] = ch;
    }
    pp_csv_free(csv);
    *out = set;
    return PP_OK;
fail:
    pp_csv_free(csv);
    pp_scenarios_free(set);
    return st;
}

/* ---------------------------------------------------------------- running */

typedef struct slot {
    char name[PP_NAME_MAX];
    pp_run_result *result;
    pp_error err;
} slot;

struct pp_whatif_result {
    slot *slots; /* 0 = base */
    size_t n;
};

void pp_whatif_params_init(pp_whatif_params *p)
{
    pp_run_params_init(&p->run);
    p->threads = 0;
    p->on_done = NULL;
    p->userdata = NULL;
}

void pp_whatif_result_free(pp_whatif_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        pp_run_result_free(r->slots[i].result);
    free(r->slots);
    free(r);
}

size_t pp_whatif_count(const pp_whatif_result *r) { return r->n; }
const char *pp_whatif_name(const pp_whatif_result *r, size_t i) { return r->slots[i].name; }
const pp_run_result *pp_whatif_run_result(const pp_whatif_result *r, size_t i)
{
    return r->slots[i].result;
}
const pp_error *pp_whatif_error(const pp_whatif_result *r, size_t i) { return &r->slots[i].err; }

static bool in_range(const change *c, int64_t day)
{
    return day >= c->from_day && day <= c->to_day;
}

/* Runs one scenario on copies of the base; never touches shared state. */
static pp_status run_scenario(const pp_workspace *ws, const pp_run_result *base,
                              const scenario *sc, const pp_run_params *rp, pp_run_result **out,
                              pp_error *err)
{
    *out = NULL;
    const pp_grid *bfc = pp_run_forecast(base), *breq = pp_run_requirements(base);
    pp_grid *fc = pp_grid_copy(bfc), *req = NULL;
    pp_queue *queues = malloc(ws->nq * sizeof *queues);
    pp_vendor *vendors = malloc(ws->nv * sizeof *vendors);
    size_t n = pp_grid_intervals(bfc);
    unsigned char *avail = NULL;
    pp_plan *plan = NULL;
    pp_status st = PP_OK;
    if (!fc || !queues || !vendors) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(queues, ws->queues, ws->nq * sizeof *queues);
    memcpy(vendors, ws->vendors, ws->nv * sizeof *vendors);
    bool restaff = false;
    static const char *const volume_cols[] = {PP_COL_OFFERED, PP_COL_OFFERED_P10,
                                              PP_COL_OFFERED_P50, PP_COL_OFFERED_P90};
    for (size_t k = 0; k < sc->n; k++) {
        const change *c = &sc->changes[k];
        switch (c->kind) {
        case P_VOLUME:
        case P_AHT: {
            restaff = true;
            double factor = 1 + c->value / 100;
            for (size_t col = 0; col < (c->kind == P_VOLUME ? 4u : 1u); col++) {
                double *v = pp_grid_column(fc, c->kind == P_VOLUME ? volume_cols[col] : PP_COL_AHT);
                if (!v)
                    continue;
                for (size_t q = 0; q < ws->nq; q++) {
                    if (c->queue >= 0 && (size_t)c->queue != q)
                        continue;
                    for (size_t t = 0; t < n; t++) {
                        int64_t minute = pp_grid_start(fc) + (int64_t)t * pp_grid_step(fc);
                        if (in_range(c, pp_day_of_minute(minute)))
                            v[q * n + t] *= factor;
                    }
                }
            }
            break;
        }
        case P_TARGET_PCT:
        case P_TARGET_SECONDS:
            restaff = true;
            for (size_t q = 0; q < ws->nq; q++)
                if (c->queue < 0 || (size_t)c->queue == q) {
                    if (c->kind == P_TARGET_PCT)
                        queues[q].target_pct = c->value;
                    else
                        queues[q].target_seconds = c->value;
                }
            break;
        case P_SHRINKAGE:
            if (c->queue >= 0)
                queues[c->queue].shrinkage_pct = c->value;
            else
                for (size_t v = 0; v < ws->nv; v++)
                    if (c->vendor < 0 || (size_t)c->vendor == v)
                        vendors[v].shrinkage_pct = c->value;
            break;
        case P_SEATS: vendors[c->vendor].seats = c->value; break;
        case P_COST: vendors[c->vendor].hourly_cost = c->value; break;
        case P_AVAILABLE:
            if (!avail) {
                avail = malloc(ws->nv * n);
                if (!avail) {
                    st = pp_error_set(err, PP_ENOMEM, "out of memory");
                    goto done;
                }
                memset(avail, 1, ws->nv * n);
            }
            for (size_t t = 0; t < n; t++) {
                int64_t minute = pp_grid_start(breq) + (int64_t)t * pp_grid_step(breq);
                if (in_range(c, pp_day_of_minute(minute)))
                    avail[(size_t)c->vendor * n + t] = (unsigned char)c->value;
            }
            break;
        }
    }
    for (size_t q = 0; q < ws->nq; q++)
        if (queues[q].target_pct >= 100 && queues[q].target_seconds <= 0 &&
            !pp_channel_is_deferred(queues[q].channel)) {
            st = pp_error_set(err, PP_EINVAL,
                              "queue %s: 100%% within 0 seconds cannot be met by any staffing",
                              queues[q].name);
            goto done;
        }
    if (restaff)
        st = pp_stage_staff(queues, ws->nq, fc, ws->config.quantile, &req, err);
    else if (!(req = pp_grid_copy(breq)))
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    if (st != PP_OK)
        goto done;
    pp_stage_inputs si = {.ws = ws, .queues = queues, .vendors = vendors, .vendor_available = avail};
    double sl;
    st = pp_stage_plan(&si, req, rp, &plan, &sl, err);
    if (st == PP_OK || (st == PP_EINFEASIBLE && plan)) {
        *out = pp_run_result_take(fc, req, plan, sl);
        if (*out) {
            fc = req = NULL;
            plan = NULL;
        } else
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
    }
done:
    pp_grid_free(fc);
    pp_grid_free(req);
    pp_plan_free(plan);
    free(queues);
    free(vendors);
    free(avail);
    return st;
}

typedef struct pool {
    const pp_workspace *ws;
    const pp_scenario_set *set;
    const pp_whatif_params *p;
    pp_whatif_result *res;
    pthread_mutex_t lock;
    size_t next, done;
} pool;

static void *worker(void *arg)
{
    pool *pl = arg;
    for (;;) {
        pthread_mutex_lock(&pl->lock);
        size_t i = pl->next++;
        pthread_mutex_unlock(&pl->lock);
        if (i >= pl->set->n)
            break;
        slot *s = &pl->res->slots[i + 1];
        pp_run_params rp = pl->p->run;
        rp.progress = NULL; /* interleaved solver chatter from several threads helps nobody */
        pp_status st = run_scenario(pl->ws, pl->res->slots[0].result, &pl->set->items[i], &rp,
                                    &s->result, &s->err);
        if (st != PP_OK && st != PP_EINFEASIBLE)
            pp_error_prefix(&s->err, "scenario %s", s->name);
        pthread_mutex_lock(&pl->lock);
        pl->done++;
        if (pl->p->on_done)
            pl->p->on_done(pl->p->userdata, pl->done, pl->set->n, s->name);
        pthread_mutex_unlock(&pl->lock);
    }
    pp_plan_thread_cleanup();
    return NULL;
}

pp_status pp_whatif_run(const pp_workspace *ws, const pp_scenario_set *set,
                        const pp_whatif_params *p, pp_whatif_result **out, pp_error *err)
{
    *out = NULL;
    pp_whatif_result *res = calloc(1, sizeof *res);
    if (!res || !(res->slots = calloc(set->n + 1, sizeof *res->slots))) {
        free(res);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    res->n = set->n + 1;
    snprintf(res->slots[0].name, PP_NAME_MAX, "base");
    for (size_t i = 0; i < set->n; i++)
        snprintf(res->slots[i + 1].name, PP_NAME_MAX, "%s", set->items[i].name);
    pp_status st = pp_run(ws, &p->run, &res->slots[0].result, err);
    if (st != PP_OK) {
        pp_error_prefix(err, "base plan");
        pp_whatif_result_free(res);
        return st;
    }
    if (p->on_done)
        p->on_done(p->userdata, 0, set->n, "base");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = p->threads > 0 ? (size_t)p->threads : (size_t)(cores > 0 ? cores : 1);
    if (nthreads > set->n)
        nthreads = set->n;
    pool pl = {.ws = ws, .set = set, .p = p, .res = res};
    pthread_mutex_init(&pl.lock, NULL);
    pthread_t *tids = calloc(nthreads ? nthreads : 1, sizeof *tids);
    size_t started = 0;
    if (tids)
        for (; started < nthreads; started++)
            if (pthread_create(&tids[started], NULL, worker, &pl) != 0)
                break;
    if (started == 0 && set->n > 0)
        worker(&pl); /* no threads to be had: run them here */
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    pthread_mutex_destroy(&pl.lock);
    *out = res;
    return PP_OK;
}

/* ---------------------------------------------------------------- writing */

static void put(FILE *fp, double v, int decimals)
{
    if (isfinite(v))
        fprintf(fp, ",%.*f", decimals, fabs(v) < 0.5 * pow(10, -decimals) ? 0.0 : v);
    else
        fputc(',', fp);
}

void pp_whatif_write_summary_csv(FILE *fp, const pp_whatif_result *r, const pp_workspace *ws)
{
    fputs("scenario,total_cost,delta_cost_pct,service_level_pct,understaffed_agent_hours,"
          "paid_hours,solver_status,mip_gap_pct,objective",
          fp);
    for (size_t v = 0; v < ws->nv; v++) {
        fputs(",paid_hours:", fp);
        pp_csv_put_text(fp, ws->vendors[v].name);
    }
    fputs(",error\n", fp);
    const pp_plan_summary *b = pp_plan_get_summary(pp_run_plan(r->slots[0].result));
    for (size_t i = 0; i < r->n; i++) {
        const slot *s = &r->slots[i];
        pp_csv_put_text(fp, s->name);
        const pp_plan *plan = s->result ? pp_run_plan(s->result) : NULL;
        const pp_plan_summary *m = plan ? pp_plan_get_summary(plan) : NULL;
        bool ok = m && m->status != PP_PLAN_INFEASIBLE;
        put(fp, ok ? m->total_cost : NAN, 2);
        put(fp, ok && b->total_cost > 0 ? (m->total_cost / b->total_cost - 1) * 100 : NAN, 2);
        put(fp, ok ? pp_run_service_level_pct(s->result) : NAN, 2);
        put(fp, ok ? m->understaffed_agent_hours : NAN, 2);
        put(fp, ok ? m->paid_hours : NAN, 2);
        fprintf(fp, ",%s", m ? pp_plan_status_name(m->status) : "error");
        put(fp, ok ? m->mip_gap_pct : NAN, 3);
        /* cost + understaffing penalty: a scenario that leaves demand unmet can cost
         * less in shifts yet be worse; this is the figure to compare */
        put(fp, ok ? m->objective : NAN, 2);
        for (size_t v = 0; v < ws->nv; v++)
            put(fp, ok ? pp_plan_vendor_paid_hours(plan, v) : NAN, 2);
        fputc(',', fp);
        if (s->err.code != PP_OK) {
            char buf[1200];
            pp_error_format(&s->err, buf, sizeof buf);
            pp_csv_put_text(fp, buf);
        }
        fputc('\n', fp);
    }
}

pp_status pp_whatif_write(const pp_whatif_result *r, const pp_workspace *ws, const char *outdir,
                          pp_error *err)
{
    pp_outset *set = NULL;
    pp_status st = pp_outset_new(outdir, &set, err);
    if (st != PP_OK)
        return st;
    FILE *fp = pp_outset_open(set, "scenarios_summary.csv", err);
    if (!fp)
        goto fail;
    pp_whatif_write_summary_csv(fp, r, ws);
    for (size_t i = 0; i < r->n; i++) {
        const pp_run_result *rr = r->slots[i].result;
        if (!rr)
            continue;
        const pp_plan *plan = pp_run_plan(rr);
        char name[PP_NAME_MAX + 32];
#define OPEN(file)                                                                             \
    do {                                                                                       \
        snprintf(name, sizeof name, "%s/%s", r->slots[i].name, file);                          \
        if (!(fp = pp_outset_open(set, name, err)))                                            \
            goto fail;                                                                         \
    } while (0)
        OPEN("forecast.csv");
        pp_write_forecast_csv(fp, pp_run_forecast(rr));
        OPEN("requirements.csv");
        pp_write_requirements_csv(fp, pp_run_requirements(rr));
        if (pp_plan_get_summary(plan)->status != PP_PLAN_INFEASIBLE) {
            OPEN("roster.csv");
            pp_write_roster_csv(fp, plan, ws->vendors, ws->families);
            OPEN("coverage.csv");
            pp_write_coverage_csv(fp, pp_plan_coverage(plan), pp_run_requirements(rr));
        }
        OPEN("summary.csv");
        pp_write_summary_csv(fp, plan, ws->vendors, ws->nv, pp_run_service_level_pct(rr));
#undef OPEN
    }
    st = pp_outset_commit(set, err);
    pp_outset_free(set);
    return st;
fail:
    pp_outset_free(set);
    return err && err->code != PP_OK ? err->code : PP_EIO;
}
