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
    P_MAX_CONSECUTIVE
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
/* The folder carried scenarios come from (pp_whatif_params.resume_dir), or NULL. */
const char *pp_whatif_resume_dir(const pp_whatif_result *r);

#endif
