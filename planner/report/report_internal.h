/*
 * report_internal.h -- what the report writers share (planner/report/).
 *
 * report.c loads an output folder's CSV files into rp_data (each table NULL
 * when its file is absent); html.c and xlsx_adapter.c (the only file that
 * includes <xlsxwriter.h>) turn it into report.html and plan.xlsx. Writers
 * write to a temporary path they are given; report.c renames it into place.
 */
#ifndef PEAKPLAN_REPORT_INTERNAL_H
#define PEAKPLAN_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "io/csvio.h"
#include "peakplan/error.h"

typedef struct rp_data {
    const char *title;
    int whatif;          /* 1: scenarios_summary.csv at the top, plan files from base/ */
    /* the plan (a run folder, or a whatif folder's base/) */
    pp_csv *summary, *forecast, *requirements, *roster, *coverage;
    /* optional outputs: a section each when present */
    pp_csv *scenarios, *allocation, *simulation, *capacity;
    /* a capacity folder's other files (`peakplan capacity`) */
    pp_csv *cap_queues, *hiring, *cap_summary;
    /* from the workspace, when given */
    pp_csv *history, *events, *queues;
    int step_minutes;    /* interval length of forecast/coverage (0 if unknown) */
} rp_data;

/* Column index by name, or -1 when the table is NULL or lacks it. */
long rp_col(const pp_csv *t, const char *name);
/* Cell as a number; NAN when blank, absent or not a number. */
double rp_num(const pp_csv *t, size_t row, long col);
/* Cell as minutes since 1970 (timestamp or date); false if it is neither. */
int rp_time(const pp_csv *t, size_t row, long col, int64_t *minute);
/* Checks that `t` has every column in `cols` (NULL-terminated): PP_EINVAL at line 1. */
pp_status rp_need(const pp_csv *t, const char *const *cols, pp_error *err);

/* JSON for report.html (html_json.c): a string (escaped so that it never closes
 * the <script> holding it), a number with `dec` decimals (trailing zeros dropped,
 * NaN as null), a table cell's own text, wall-clock minutes as seconds. */
void rp_jstr(FILE *fp, const char *s);
void rp_jnum(FILE *fp, double v, int dec);
void rp_jcell(FILE *fp, const pp_csv *t, size_t r, long c);
void rp_jtime(FILE *fp, int64_t minute);
/* Every column of a table: "cols":[header..],"rows":[[cell..]..] (each cell's text). */
void rp_jtable(FILE *fp, const pp_csv *t);

/* A list of distinct names in order of first appearance (owns its copies). */
typedef struct rp_names {
    char **s;
    size_t n, cap;
} rp_names;
long rp_names_find(const rp_names *nm, const char *s);      /* index, or -1 */
long rp_names_add(rp_names *nm, const char *s);             /* index; -1 out of memory */
void rp_names_free(rp_names *nm);

/* The capacity section of report.html's data (",\"capacity\":{...}"), when
 * d->capacity exists (html_capacity.c). */
pp_status rp_html_capacity(FILE *fp, const rp_data *d, pp_error *err);

pp_status rp_write_html(const rp_data *d, const char *path, pp_error *err);
pp_status rp_write_xlsx(const rp_data *d, const char *path, pp_error *err);

#endif
