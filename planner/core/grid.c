/* grid.c -- per-queue, per-interval tables of named columns (see grid.h).
 * Columns are separate heap arrays, so adding one never moves another. */
#include "core/alloc.h"
#include "peakplan/grid.h"

#include <stdlib.h>
#include <string.h>

#include "peakplan/model.h"

typedef struct column {
    char name[PP_NAME_MAX];
    double *values;
} column;

struct pp_grid {
    size_t nq, n;
    int64_t start;
    int step;
    char (*names)[PP_NAME_MAX];
    column *cols;
    size_t ncols, capcols;
};

pp_status pp_grid_new(size_t nq, const char *const *queue_names, int64_t start, int step_minutes,
                      size_t n, pp_grid **out, pp_error *err)
{
    *out = NULL;
    if (step_minutes <= 0)
        return pp_error_set(err, PP_EINVAL, "grid: interval length must be positive (got %d)",
                            step_minutes);
    pp_grid *g = pp_calloc(1, sizeof *g);
    if (!g)
        return pp_error_set(err, PP_ENOMEM, "grid: out of memory");
    g->nq = nq;
    g->n = n;
    g->start = start;
    g->step = step_minutes;
    g->names = pp_calloc(nq ? nq : 1, sizeof *g->names);
    if (!g->names) {
        pp_free(g);
        return pp_error_set(err, PP_ENOMEM, "grid: out of memory");
    }
    for (size_t q = 0; q < nq; q++) {
        size_t len = strlen(queue_names[q]);
        if (len >= PP_NAME_MAX)
            len = PP_NAME_MAX - 1;
        memcpy(g->names[q], queue_names[q], len);
        g->names[q][len] = '\0';
    }
    *out = g;
    return PP_OK;
}

void pp_grid_free(pp_grid *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ncols; i++)
        pp_free(g->cols[i].values);
    pp_free(g->cols);
    pp_free(g->names);
    pp_free(g);
}

pp_grid *pp_grid_copy(const pp_grid *g)
{
    pp_grid *c = pp_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    *c = *g;
    c->cols = NULL;
    c->ncols = c->capcols = 0;
    c->names = pp_calloc(g->nq ? g->nq : 1, sizeof *c->names);
    if (!c->names) {
        pp_free(c);
        return NULL;
    }
    memcpy(c->names, g->names, g->nq * sizeof *g->names);
    for (size_t i = 0; i < g->ncols; i++) {
        double *dst = pp_grid_add_column(c, g->cols[i].name, 0.0, NULL);
        if (!dst) {
            pp_grid_free(c);
            return NULL;
        }
        memcpy(dst, g->cols[i].values, g->nq * g->n * sizeof *dst);
    }
    return c;
}

size_t pp_grid_queues(const pp_grid *g) { return g->nq; }
size_t pp_grid_intervals(const pp_grid *g) { return g->n; }
int64_t pp_grid_start(const pp_grid *g) { return g->start; }
int pp_grid_step(const pp_grid *g) { return g->step; }
const char *pp_grid_queue_name(const pp_grid *g, size_t q) { return g->names[q]; }

long pp_grid_find_queue(const pp_grid *g, const char *name)
{
    for (size_t q = 0; q < g->nq; q++)
        if (strcmp(g->names[q], name) == 0)
            return (long)q;
    return -1;
}

static column *find_column(const pp_grid *g, const char *name)
{
    for (size_t i = 0; i < g->ncols; i++)
        if (strcmp(g->cols[i].name, name) == 0)
            return &g->cols[i];
    return NULL;
}

double *pp_grid_add_column(pp_grid *g, const char *name, double fill, pp_error *err)
{
    column *c = find_column(g, name);
    if (c)
        return c->values;
    if (strlen(name) >= PP_NAME_MAX) {
        pp_error_set(err, PP_EINVAL, "grid: column name too long: %s", name);
        return NULL;
    }
    if (g->ncols == g->capcols) {
        size_t cap = g->capcols ? 2 * g->capcols : 8;
        column *cols = pp_realloc(g->cols, cap * sizeof *cols);
        if (!cols) {
            pp_error_set(err, PP_ENOMEM, "grid: out of memory");
            return NULL;
        }
        g->cols = cols;
        g->capcols = cap;
    }
    size_t count = g->nq * g->n;
    double *values = pp_malloc((count ? count : 1) * sizeof *values);
    if (!values) {
        pp_error_set(err, PP_ENOMEM, "grid: out of memory");
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        values[i] = fill;
    c = &g->cols[g->ncols++];
    strcpy(c->name, name);
    c->values = values;
    return values;
}

double *pp_grid_column(pp_grid *g, const char *name)
{
    column *c = find_column(g, name);
    return c ? c->values : NULL;
}

const double *pp_grid_column_const(const pp_grid *g, const char *name)
{
    column *c = find_column(g, name);
    return c ? c->values : NULL;
}

size_t pp_grid_column_count(const pp_grid *g) { return g->ncols; }
const char *pp_grid_column_name(const pp_grid *g, size_t i) { return g->cols[i].name; }
