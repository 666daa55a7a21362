/*
 * scenario_internal.h -- what a loaded scenario set is, shared by the reader of
 * scenarios.csv (scenario_load.c: validation and sweep expansion) and the batch
 * runner (scenario.c).  Not installed.
 */
#ifndef PP_SCENARIO_INTERNAL_H
#define PP_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "peakplan/model.h"
#include "peakplan/scenario.h"
#include "scenario/pipeline_internal.h"

typedef enum param_kind {
    P_VOLUME,
    P_AHT,
    P_TARGET_PCT,
    P_TARGET_SECONDS,
    P_SHRINKAGE,
    P_SEATS,
    P_COST,
    P_AVAILABLE,
    P_QUANTILE, /* staff every queue to this forecast quantile (plan.ini's quantile) */
    P_MAX_DAYS, /* a vendor's work rules (vendors.csv): they shape its tours and headcount */
    P_MIN_DAYS_OFF,
    P_MAX_CONSECUTIVE,
    P_MAX_HEADCOUNT, /* a hiring freeze: the vendor's people at most (its tours join the MIP) */
    P_WEEKLY_COST_PER_HEAD /* a salaried vendor's cost per person and week */
} param_kind;


typedef struct change {
    param_kind kind;
    double value;
    long queue, vendor;      /* -1 = not given */
    int64_t from_day, to_day; /* inclusive; INT64_MIN / INT64_MAX = open */
} change;

/* A sweep coordinate: which dimension (pp_scenario_set.dims) and the value as written. */
typedef struct coord {
    size_t dim;
    char tok[PP_SWEEP_TOKEN_MAX];
} coord;

typedef struct scenario {
    char name[PP_NAME_MAX];
    change *changes;
    size_t n, cap;
    coord *coords; /* sweep scenarios only: one per list row of its group */
    size_t ncoords;
    size_t row;    /* its group's first row (for messages) */
} scenario;

struct pp_scenario_set {
    scenario *items;
    size_t n, cap;
    char (*dims)[PP_SWEEP_DIM_MAX]; /* summary column names, in order of first appearance */
    size_t ndims;
};

/* The .complete marker of scenario i (see scenario.c, "resuming"): due for a scenario
 * planned to the end in this run; written by the output set after its other files. */
#include <stdio.h>
bool pp_whatif_marker_due(const pp_whatif_result *r, size_t i);
void pp_whatif_write_marker(FILE *fp, const pp_whatif_result *r, size_t i,
                            const pp_workspace *ws);
/* The folder carried scenario i comes from (resume_dir or checkpoint_dir), or NULL. */
const char *pp_whatif_carried_dir(const pp_whatif_result *r, size_t i);

/* ---------------------------------------------------------------- batches
 * (scenario.c runs them, output.c writes them, distribute.c spreads them over ranks) */

/* A file of a scenario's folder planned on another rank: its name and bytes. */
typedef struct scn_file {
    char name[48];
    unsigned char *bytes;
    size_t len;
} scn_file;

/* What another rank sent back for a scenario it planned: the figures of its row
 * (vendor_paid_hours: nv entries) and its folder's files. */
typedef struct scn_remote {
    pp_whatif_figures fig;
    double *vendor_paid;
    scn_file *files;
    size_t nfiles;
} scn_remote;

typedef struct slot {
    char name[PP_NAME_MAX];
    pp_run_result *result;
    pp_error err;
    pp_scn_status status;
    uint64_t fingerprint; /* what its .complete marker must say (resume_fingerprint) */
    char *carried;        /* resumed: its summary row from the marker, result NULL */
    scn_remote *remote;   /* planned on another rank, result NULL */
    scn_file *files;      /* its folder, rendered by the worker that planned it (nfiles; */
    size_t nfiles;        /* none: written from result with the others) */
    bool lost;            /* its rank failed or the job stopped before it came back */
    bool from_checkpoint; /* carried from the checkpoint folder, not resume_dir */
} slot;

struct pp_whatif_result {
    slot *slots; /* 0 = base */
    size_t n;
    /* the sweep columns of scenarios_summary.csv, copied from the set so the result
     * stands alone: ndims names, and n x ndims coordinates ("" = blank) */
    char (*dims)[PP_SWEEP_DIM_MAX];
    char (*coords)[PP_SWEEP_TOKEN_MAX];
    size_t ndims;
    char *resume_dir; /* where carried scenarios' folders are copied from */
    char *checkpoint_dir; /* ... or from here (pp_whatif_params.checkpoint_dir) */
};

void pp_scn_remote_free(scn_remote *r); /* NULL is a no-op */

/* The files of r's output folder, rendered in memory exactly as pp_run_write writes
 * them: *files (pp_free each one's bytes, then the array) and *nfiles. */
pp_status pp_run_render(const pp_run_result *r, const pp_workspace *ws, scn_file **files,
                        size_t *nfiles, pp_error *err);

/* A scenario made ready for the solver: everything it changes up to the plan
 * (the forecast, the requirements, the records and the values over time).  It
 * needs the base forecast and requirements only, not the base plan, so a what-if
 * prepares scenarios while the base plan is still being solved. */
typedef struct pp_scn_prepared {
    pp_grid *fc, *req;
    pp_queue *queues;
    pp_vendor *vendors;
    unsigned char *avail;
    double *seats_t, *vshrink_t, *qshrink_t, *cost_day;
    bool ranged_target;
} pp_scn_prepared;
/* Applies scenario sc's changes to the base forecast bfc and requirements breq
 * (staffing again where they change): *P, freed by pp_scn_prepared_free also
 * after a failure. */
pp_status pp_scn_prepare(const pp_workspace *ws, const pp_grid *bfc, const pp_grid *breq,
                         const scenario *sc, const pp_run_params *rp, pp_scn_prepared *P,
                         pp_error *err);
/* The plan of a prepared scenario, started from the base plan bplan (NULL = none);
 * *out takes P's forecast and requirements. */
pp_status pp_scn_plan(const pp_workspace *ws, pp_scn_prepared *P, const pp_plan *bplan,
                      const scenario *sc, const pp_run_params *rp, pp_run_result **out,
                      pp_error *err);
void pp_scn_prepared_free(pp_scn_prepared *P);
/* A scenario's status from how its run ended (st, out); err prefixed with its name. */
pp_scn_status pp_scn_outcome(pp_status st, const scenario *sc, const pp_run_result *out,
                             pp_error *err);

/* The steps of pp_whatif_run (batch.c), also for the distributed run (distribute.c):
 * the result with its slots (all not run); the base plan into slot 0 (staffed, when
 * not NULL, called as pp_run_staged says); then each
 * scenario's fingerprint and, resuming, the ones carried: todo[0..*ntodo) are the
 * set's indices still to plan. */
pp_status pp_whatif_begin(const pp_scenario_set *set, const pp_whatif_params *p,
                          pp_whatif_result **out, pp_error *err);
pp_status pp_whatif_base(pp_whatif_result *res, const pp_workspace *ws,
                         const pp_whatif_params *p, pp_staffed_fn staffed, void *userdata,
                         pp_error *err);
pp_status pp_whatif_sort_out(pp_whatif_result *res, const pp_workspace *ws,
                             const pp_scenario_set *set, const pp_whatif_params *p, size_t *todo,
                             size_t *ntodo, pp_error *err);
/* Plans scenario sc from the base's forecast and requirements, warm-started from the
 * base plan (NULL = none): *out (or NULL) and its
 * status, err its error prefixed with the scenario's name. */
pp_scn_status pp_whatif_plan_one(const pp_workspace *ws, const pp_grid *base_forecast,
                                 const pp_grid *base_requirements, const pp_plan *base_plan,
                                 const scenario *sc,
                                 const pp_run_params *rp, pp_run_result **out, pp_error *err);
/* The batch's final check: a scenario out of memory fails it (PP_ENOMEM, res freed). */
pp_status pp_whatif_finish(pp_whatif_result *res, pp_error *err);
/* A rank's side of the distributed batch (distribute.c): rank 0 fills res. */
pp_status pp_whatif_coordinate(const pp_workspace *ws, const pp_scenario_set *set,
                               const pp_whatif_params *p, pp_whatif_result *res, pp_error *err);

/* The cluster's messages (mpi_adapter.c): 0 / -1; poll 1 = a message waits, 0 none. */
int pp_cluster_send(pp_cluster *c, int dest, int tag, const void *buf, size_t len);
int pp_cluster_poll(pp_cluster *c, int *from, int *tag, size_t *len);
int pp_cluster_wait(pp_cluster *c, int src, int *tag, size_t *len);
int pp_cluster_recv(pp_cluster *c, int from, int tag, void *buf, size_t len);

#endif
