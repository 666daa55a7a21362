/*
 * scenario.h -- leadership what-ifs: a batch of scenarios, each a set of
 * changes to the base workspace, planned side by side.
 *
 * Parameters (value semantics):
 *   volume_pct         relative: +30 = 30 % more contacts (optional queue, from/to)
 *   aht_pct            relative: +10 = handle time 10 % longer (optional queue, from/to)
 *   target_pct         absolute service-level target, 0..100 (optional queue; blank = all)
 *   target_seconds     absolute answer-time target / deadline (optional queue)
 *   shrinkage_pct      absolute: of the vendor given, else of the queue given, else of every vendor
 *   vendor_seats       absolute seats of the vendor (vendor required)
 *   vendor_hourly_cost absolute hourly cost of the vendor (vendor required)
 *   vendor_available   0 = outage, 1 = available (vendor required; optional from/to)
 * Every parameter may be limited to a date range (from/to): it then holds on those days
 * only, on top of the changes for the whole horizon.
 * Sweeps: a value cell holding a `;`-separated list (`-10;0;10`) makes its row a sweep
 * dimension; the rows of one scenario name are crossed into one scenario per combination,
 * the first list row varying slowest, the rows without a list in every one.  Generated
 * names are the scenario name and each coordinate as written, joined by `_`
 * (`peak_-10_95`).  docs/formats.md has the rules and limits.
 * Only the stages a change touches run again: the forecast is made once; the
 * requirements are recomputed only for volume, handle-time and target changes.
 */
#ifndef PEAKPLAN_SCENARIO_H
#define PEAKPLAN_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "peakplan/error.h"
#include "peakplan/pipeline.h"
#include "peakplan/workspace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pp_scenario_set pp_scenario_set;

/* At most this many scenarios in a file, sweeps expanded: every plan of a batch stays in
 * memory until the set is written (a two-week example plan holds a few MB). */
#define PP_SCENARIOS_MAX 1000
#define PP_SWEEP_TOKEN_MAX 32 /* a list item, as written: at most 31 characters */
#define PP_SWEEP_DIM_MAX 256  /* a sweep column's name (sweep:parameter:queue:vendor:dates) */

/* Reads and validates scenarios.csv against the workspace (names of queues and
 * vendors, parameter names, value ranges, date ranges) before anything runs. */
pp_status pp_scenarios_load(const char *path, const pp_workspace *ws, pp_scenario_set **out,
                            pp_error *err);
void pp_scenarios_free(pp_scenario_set *set); /* NULL is a no-op */
size_t pp_scenarios_count(const pp_scenario_set *set);
const char *pp_scenarios_name(const pp_scenario_set *set, size_t i);
/* Sweep dimensions of the file, in order of first appearance: the names of the columns
 * appended to scenarios_summary.csv ("sweep:volume_pct", "sweep:vendor_available:bpo_a",
 * "sweep:volume_pct:voice:2026-11-10..2026-11-13"); 0 when the file has no sweep. */
size_t pp_scenarios_sweep_dims(const pp_scenario_set *set);
const char *pp_scenarios_sweep_dim(const pp_scenario_set *set, size_t d);
/* Scenario i's coordinate on dimension d as written in the list, or NULL (not on it).
 * Borrowed: valid until pp_scenarios_free. */
const char *pp_scenarios_coord(const pp_scenario_set *set, size_t i, size_t d);

/* ---- distributed batches (docs/scaling.md) ----
 * Started by an MPI launcher (mpirun, srun) with more than one process and built with MPI,
 * the job's processes form a cluster: rank 0 plans the base and hands the scenarios out
 * one at a time to the other ranks as they become idle; each rank plans on its own
 * threads and sends back the scenario's files and figures, and rank 0 writes the set. */
typedef struct pp_cluster pp_cluster;
/* Whether this build has MPI at all. */
bool pp_cluster_available(void);
/* Joins the job's cluster when an MPI launcher started the process: *out the cluster
 * (to be left with pp_cluster_leave); otherwise, or built without MPI, *out NULL (one
 * machine, as always). */
pp_status pp_cluster_join(pp_cluster **out, pp_error *err);
int pp_cluster_rank(const pp_cluster *c); /* NULL: 0 */
int pp_cluster_size(const pp_cluster *c); /* NULL: 1 */
/* Leaves the cluster: abort_code 0 finishes normally (every rank must), another value
 * ends every process of the job with that exit code.  NULL is a no-op. */
void pp_cluster_leave(pp_cluster *c, int abort_code);

typedef struct pp_whatif_params {
    pp_run_params run;  /* solver limit and progress for every plan */
    int threads;        /* worker threads; <= 0 = number of cores */
    void (*on_done)(void *userdata, size_t done, size_t total, const char *name);
    void *userdata;
    /* A previous batch's OUTDIR (NULL = none): scenarios whose folder there holds a
     * matching .complete marker are not planned again; their row and folder are
     * carried into the new set (pp_whatif_carried).  The base always runs. */
    const char *resume_dir;
    /* A cluster of more than one process (NULL = this machine only): on rank 0
     * pp_whatif_run plans the base and distributes the scenarios; the other ranks call
     * pp_whatif_serve.  `threads` is each rank's own. */
    pp_cluster *cluster;
    /* A folder (NULL = none) where, under a cluster, rank 0 keeps each scenario planned
     * to the end as it comes back (its files, then .complete), so that a job killed
     * before the set is written loses none; resume_dir's scenarios not complete there
     * are taken from this folder too.  pp_whatif_checkpoint_remove clears it. */
    const char *checkpoint_dir;
    /* Nonzero: each worker renders its scenario's output folder in memory as soon as
     * it is planned, while the others still solve, and pp_whatif_write copies those
     * bytes (the same files; about 2 MB a scenario of data/example held until the
     * result is freed).  0 (the default): pp_whatif_write renders every folder. */
    int render_folders;
} pp_whatif_params;
/* Removes a checkpoint folder of pp_whatif_params (its scenario folders, one level). */
void pp_whatif_checkpoint_remove(const char *dir);
void pp_whatif_params_init(pp_whatif_params *p);

typedef struct pp_whatif_result pp_whatif_result;

/* Runs the base plan and every scenario. Results do not depend on the number
 * of threads. A scenario whose plan is infeasible is reported in its row
 * (solver_status infeasible); only a failure of the base stops the batch.
 * After pp_interrupt_request() the plans running finish with their best so far
 * (status interrupted) and the scenarios not yet started are left (not_run).
 * A scenario that runs out of memory fails the batch: PP_ENOMEM, *out NULL. */
pp_status pp_whatif_run(const pp_workspace *ws, const pp_scenario_set *set,
                        const pp_whatif_params *p, pp_whatif_result **out, pp_error *err);
void pp_whatif_result_free(pp_whatif_result *r);
/* A rank other than 0: plans the scenarios rank 0 hands out until it says stop.  With a
 * load error instead (ws or set NULL, *load_err what went wrong) it tells rank 0, which
 * plans nothing on this rank. */
pp_status pp_whatif_serve(const pp_workspace *ws, const pp_scenario_set *set,
                          const pp_whatif_params *p, const pp_error *load_err, pp_error *err);

/* Entry 0 is the base, 1..count the scenarios in file order. */
size_t pp_whatif_count(const pp_whatif_result *r);
const char *pp_whatif_name(const pp_whatif_result *r, size_t i);
/* NULL when the scenario failed (see pp_whatif_error). */
const pp_run_result *pp_whatif_run_result(const pp_whatif_result *r, size_t i);
const pp_error *pp_whatif_error(const pp_whatif_result *r, size_t i);

/* How far a scenario got: the `status` column of scenarios_summary.csv. */
typedef enum pp_scn_status {
    PP_SCN_DONE,        /* planned (solver_status may still say infeasible) */
    PP_SCN_INTERRUPTED, /* its plan was stopped by pp_interrupt_request(): best so far */
    PP_SCN_NOT_RUN,     /* no plan: interrupted before it began or had a first plan */
    PP_SCN_FAILED       /* an error (see pp_whatif_error) */
} pp_scn_status;
pp_scn_status pp_whatif_status(const pp_whatif_result *r, size_t i);
/* Taken from resume_dir instead of planned: no run result (pp_whatif_run_result is
 * NULL), status done; its files are copied from resume_dir when the set is written. */
bool pp_whatif_carried(const pp_whatif_result *r, size_t i);
/* Lost with the rank planning it (an error on that rank, or the job stopping): status
 * not_run, the rank's message in pp_whatif_error; `whatif --resume` plans it again. */
bool pp_whatif_lost(const pp_whatif_result *r, size_t i);
/* The figures of row i of scenarios_summary.csv, however it was planned (here, on
 * another rank); false when it has no plan (failed, not run, carried). */
typedef struct pp_whatif_figures {
    int plan_status; /* pp_plan_status */
    double total_cost, service_level_pct, understaffed_agent_hours, paid_hours, mip_gap_pct,
        objective;
    const double *vendor_paid_hours; /* per vendor; borrowed until the result is freed */
} pp_whatif_figures;
bool pp_whatif_figures_get(const pp_whatif_result *r, size_t i, pp_whatif_figures *out);
/* "done", "interrupted", "not_run", "failed". */
const char *pp_scn_status_name(pp_scn_status s);

/* The files of a batch (scenarios_summary.csv and a folder per plan): output.h. */

#ifdef __cplusplus
}
#endif
#endif
