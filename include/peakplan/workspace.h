/*
 * workspace.h -- loading and checking a workspace folder (see docs/formats.md).
 *
 * Every loader validates strictly: a missing file or column, a malformed or
 * out-of-range cell, an unknown queue or vendor reference, duplicate or
 * misaligned intervals, a value outside its plausible range or a percent
 * written as a fraction each give PP_EINVAL with `file:line:column` in the
 * error record.  An unknown column close to a known one is an error too
 * (did you mean); x_ columns pass silently; other unknown columns give one
 * warning per file (pp_warn).  Ranges: docs/formats.md and the PP_MAX_ below.
 */
#ifndef PEAKPLAN_WORKSPACE_H
#define PEAKPLAN_WORKSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Plausible ranges shared by plan.ini and the command-line options (docs/formats.md):
 * beyond them a value is a typo or a unit slip, and the solver's numbers degrade. */
#define PP_MAX_TIME_LIMIT_SECONDS 604800.0 /* a week */
#define PP_MAX_PENALTY 1e7                 /* understaffing price per agent-hour */
#define PP_MAX_HOURLY_COST 1e6             /* cost per paid hour */
#define PP_MAX_HEADCOUNT 1e6               /* seats, max_agents */
#define PP_MAX_HOURS_WEEK 1e8              /* a vendor's paid hours per week */
#define PP_MAX_UPLIFT_PCT 10000.0          /* an event's prior uplift: at most 101x */
#define PP_SECONDS_PER_DAY 86400.0         /* patience, ASA caps, handle times */
#define PP_MAX_TARGET_SECONDS 2592000.0    /* answer time / deadline: 30 days */
#define PP_MAX_CONTACTS 1e7                /* contacts per queue and interval */
#define PP_MAX_SPAN_DAYS 3660              /* days a history or grid file may span */
#define PP_MAX_GRID_CELLS 50000000         /* queues x intervals of one such file */

/* plan.ini */
typedef struct pp_plan_config {
    int64_t start_day;              /* [plan] start */
    size_t days;                    /* [plan] days */
    int interval_minutes;           /* [plan] interval_minutes */
    double quantile;                /* [plan] quantile, NAN = point forecast */
    double time_limit_seconds;      /* [solver] time_limit_seconds, default 60 */
    double mip_gap_pct;             /* [solver] mip_gap_pct, default 0.5 */
    double penalty_per_agent_hour;  /* [cost] understaffing_penalty_per_agent_hour, default 200 */
} pp_plan_config;
void pp_plan_config_init(pp_plan_config *c);
/* Reads plan.ini into *c (after pp_plan_config_init). PP_EINVAL with file:line for
 * a malformed or out-of-range value, an unknown section or key (with the closest
 * known name) or a line too long to read whole; PP_EIO if unreadable. */
pp_status pp_plan_config_load(const char *path, pp_plan_config *c, pp_error *err);

/* History of all queues on one uniform grid (zeros where a queue was closed). */
typedef struct pp_history {
    size_t nq;
    char (*queue_names)[PP_NAME_MAX];
    int64_t start;       /* first interval, minutes */
    int step_minutes;
    size_t n;            /* intervals per queue */
    double *offered;     /* nq * n */
    double *aht_seconds; /* nq * n, NAN where unknown */
} pp_history;

typedef struct pp_workspace pp_workspace;

/* Loads and cross-checks every file of the workspace folder `dir`:
 * queues.csv, vendors.csv, shifts.csv, plan.ini, history.csv, events.csv
 * (optional: absent = no events). scenarios.csv is read by the scenario
 * engine, not here. *out owns the workspace (pp_workspace_free). */
pp_status pp_workspace_load(const char *dir, pp_workspace **out, pp_error *err);
void pp_workspace_free(pp_workspace *ws); /* NULL is a no-op */

const char *pp_workspace_dir(const pp_workspace *ws);
const pp_plan_config *pp_workspace_config(const pp_workspace *ws);
size_t pp_workspace_queue_count(const pp_workspace *ws);
const pp_queue *pp_workspace_queues(const pp_workspace *ws);
size_t pp_workspace_vendor_count(const pp_workspace *ws);
const pp_vendor *pp_workspace_vendors(const pp_workspace *ws);
const unsigned char *pp_workspace_vendor_queue(const pp_workspace *ws); /* nv * nq */
size_t pp_workspace_family_count(const pp_workspace *ws);
const pp_shift_family *pp_workspace_families(const pp_workspace *ws);
const unsigned char *pp_workspace_family_vendor(const pp_workspace *ws); /* nf * nv */
size_t pp_workspace_event_count(const pp_workspace *ws);
const pp_event *pp_workspace_events(const pp_workspace *ws);
const unsigned char *pp_workspace_event_queues(const pp_workspace *ws); /* ne * nq */
const pp_history *pp_workspace_history(const pp_workspace *ws);

/* ---- single-file loaders (used by the workspace and by the sub-commands) ---- */

/* queues.csv -> *queues (malloc'd array, caller frees with free()). */
pp_status pp_load_queues(const char *path, pp_queue **queues, size_t *nq, pp_error *err);
/* vendors.csv; eligibility against the given queue names. *vendor_queue is nv*nq. */
pp_status pp_load_vendors(const char *path, const char *const *queue_names, size_t nq,
                          pp_vendor **vendors, size_t *nv, unsigned char **vendor_queue,
                          pp_error *err);
/* shifts.csv; vendor references against the vendors. *family_vendor is nf*nv. */
pp_status pp_load_shifts(const char *path, const pp_vendor *vendors, size_t nv,
                         pp_shift_family **families, size_t *nf, unsigned char **family_vendor,
                         pp_error *err);
/* events.csv; queue references against the queue names (NULL/0 = accept any
 * name, and then queue lists are ignored). *event_queues is ne*nq. */
pp_status pp_load_events(const char *path, const char *const *queue_names, size_t nq,
                         pp_event **events, size_t *ne, unsigned char **event_queues,
                         pp_error *err);
/* history.csv. With queue_names (nq > 0) every row must name one of them and the
 * history has exactly those queues in that order; with nq == 0 the queues are
 * taken from the file in order of first appearance. Rows at or after
 * `cutoff` (minutes; INT64_MAX = none) are ignored with a warning. */
pp_status pp_load_history(const char *path, const char *const *queue_names, size_t nq,
                          int64_t cutoff, pp_history *out, pp_error *err);
void pp_history_release(pp_history *h); /* frees the arrays; the struct may be reused */

/* Every queue of `queue_names` must be named by some vendor's `queues` (nv*nq
 * matrix vendor_queue); else PP_EINVAL naming the queue and `vendors_path`.
 * pp_workspace_load runs it on the base workspace; a scenario that takes a
 * vendor away reports the uncovered demand instead. */
pp_status pp_check_queue_vendors(const char *vendors_path, const char *const *queue_names,
                                 size_t nq, const unsigned char *vendor_queue, size_t nv,
                                 pp_error *err);

/* A per-queue grid CSV (forecast.csv, requirements.csv): `queue`,
 * `interval_start` and the `required` columns (NULL-terminated), plus any
 * `optional` ones present. Intervals must be on one uniform grid; a missing
 * (queue, interval) is 0. With queue_names given, queues follow that order and
 * unknown names are errors. */
pp_status pp_load_grid(const char *path, const char *const *required,
                       const char *const *optional, const char *const *queue_names, size_t nq,
                       pp_grid **out, pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
