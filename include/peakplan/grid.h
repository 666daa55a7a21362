/*
 * grid.h -- per-queue, per-interval tables of numbers.
 *
 * A pp_grid holds, for nq queues and n equally spaced intervals starting at
 * `start` (minutes, see timeutil.h), any number of named columns of doubles.
 * Each column is one array of nq*n values laid out queue-major:
 * value(q, t) = column[q * n + t].  The forecast, the staffing requirements and
 * the plan's coverage are all grids with well-known column names (below), so
 * one CSV reader/writer serves them all.
 */
#ifndef PEAKPLAN_GRID_H
#define PEAKPLAN_GRID_H

#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Well-known column names (they are also the CSV header names). */
/* The most agents any search will consider, and any grid cell of agents may hold,
 * for one queue and interval. */
#define PP_STAFF_MAX_AGENTS 100000L

#define PP_COL_OFFERED "offered"
#define PP_COL_OFFERED_P10 "offered_p10"
#define PP_COL_OFFERED_P50 "offered_p50"
#define PP_COL_OFFERED_P90 "offered_p90"
#define PP_COL_AHT "aht_seconds"
#define PP_COL_AGENTS_NEEDED "agents_needed"     /* productive agents, fractional */
#define PP_COL_WORKLOAD "workload_agents"         /* deferred queues: arriving work in agent-intervals */
#define PP_COL_SERVICE_LEVEL "service_level_pct"
#define PP_COL_ASA "asa_seconds"
#define PP_COL_ABANDON "abandon_pct"
#define PP_COL_OCCUPANCY "occupancy_pct"
#define PP_COL_AGENTS_PLANNED "agents_planned"   /* productive agents the plan puts on the queue */
#define PP_COL_BACKLOG "backlog"                 /* deferred queues: items waiting at interval end */
#define PP_COL_SHORTFALL "understaffed_agents"   /* live queues: agents_needed not covered */

typedef struct pp_grid pp_grid;

/* Creates a grid with no columns. Queue names are copied. *out owns the grid
 * (free with pp_grid_free); on failure *out is NULL. PP_EINVAL, PP_ENOMEM. */
pp_status pp_grid_new(size_t nq, const char *const *queue_names, int64_t start, int step_minutes,
                      size_t n, pp_grid **out, pp_error *err);
/* Deep copy (all columns). NULL on out of memory. */
pp_grid *pp_grid_copy(const pp_grid *g);
void pp_grid_free(pp_grid *g); /* NULL is a no-op */

size_t pp_grid_queues(const pp_grid *g);
size_t pp_grid_intervals(const pp_grid *g);
int64_t pp_grid_start(const pp_grid *g);
int pp_grid_step(const pp_grid *g);
const char *pp_grid_queue_name(const pp_grid *g, size_t q);
/* Index of the queue named `name`, or -1. */
long pp_grid_find_queue(const pp_grid *g, const char *name);

/* Returns the column `name`, adding it (every value = fill) if absent. The
 * pointer is borrowed: valid until the grid is freed (adding columns does not
 * move existing ones). NULL on out of memory (err set). */
double *pp_grid_add_column(pp_grid *g, const char *name, double fill, pp_error *err);
/* The column `name`, or NULL if absent (borrowed as above). */
double *pp_grid_column(pp_grid *g, const char *name);
const double *pp_grid_column_const(const pp_grid *g, const char *name);
size_t pp_grid_column_count(const pp_grid *g);
const char *pp_grid_column_name(const pp_grid *g, size_t i);

#ifdef __cplusplus
}
#endif
#endif
