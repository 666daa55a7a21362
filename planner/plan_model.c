/* plan_model.c -- the growable sparse MIP record of glpk_adapter.h (no GLPK here).
 * Arrays grow geometrically; a failed allocation leaves the model unchanged, so
 * the caller can report PP_ENOMEM and still free it. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glpk_adapter.h"

void pp_mip_init(pp_mip *m, bool keep_names)
{
    memset(m, 0, sizeof *m);
    m->keep_names = keep_names;
}

void pp_mip_free(pp_mip *m)
{
    if (!m)
        return;
    free(m->col_lb);
    free(m->col_ub);
    free(m->col_cost);
    free(m->col_int);
    free(m->col_name);
    free(m->row_lb);
    free(m->row_ub);
    free(m->row_name);
    free(m->ti);
    free(m->tj);
    free(m->tv);
    free(m->names);
    free(m->col_group);
    free(m->col_role);
    free(m->col_owner);
    memset(m, 0, sizeof *m);
}

static bool grow(void **p, size_t n, size_t size)
{
    void *q = realloc(*p, n * size);
    if (!q)
        return false;
    *p = q;
    return true;
}

static size_t store_name(pp_mip *m, const char *name)
{
    if (!m->keep_names || !name)
        return SIZE_MAX;
    size_t len = strlen(name) + 1;
    if (m->names_len + len > m->names_cap) {
        size_t cap = m->names_cap ? m->names_cap * 2 : 4096;
        while (cap < m->names_len + len)
            cap *= 2;
        if (!grow((void **)&m->names, cap, 1))
            return SIZE_MAX; /* a missing name is harmless: GLPK writes a generic one */
        m->names_cap = cap;
    }
    memcpy(m->names + m->names_len, name, len);
    size_t off = m->names_len;
    m->names_len += len;
    return off;
}

size_t pp_mip_add_col(pp_mip *m, double lb, double ub, double cost, bool integer,
                      const char *name)
{
    if (m->ncols == m->capcols) {
        size_t cap = m->capcols ? m->capcols * 2 : 256;
        if (!grow((void **)&m->col_lb, cap, sizeof(double)) ||
            !grow((void **)&m->col_ub, cap, sizeof(double)) ||
            !grow((void **)&m->col_cost, cap, sizeof(double)) ||
            !grow((void **)&m->col_int, cap, 1) ||
            !grow((void **)&m->col_name, cap, sizeof(size_t)))
            return SIZE_MAX;
        m->capcols = cap;
    }
    size_t j = m->ncols++;
    m->col_lb[j] = lb;
    m->col_ub[j] = ub;
    m->col_cost[j] = cost;
    m->col_int[j] = integer;
    m->col_name[j] = store_name(m, name);
    return j;
}

size_t pp_mip_add_row(pp_mip *m, double lb, double ub, const char *name)
{
    if (m->nrows == m->caprows) {
        size_t cap = m->caprows ? m->caprows * 2 : 256;
        if (!grow((void **)&m->row_lb, cap, sizeof(double)) ||
            !grow((void **)&m->row_ub, cap, sizeof(double)) ||
            !grow((void **)&m->row_name, cap, sizeof(size_t)))
            return SIZE_MAX;
        m->caprows = cap;
    }
    size_t i = m->nrows++;
    m->row_lb[i] = lb;
    m->row_ub[i] = ub;
    m->row_name[i] = store_name(m, name);
    return i;
}

bool pp_mip_add_nz(pp_mip *m, size_t row, size_t col, double v)
{
    if (v == 0)
        return true;
    if (m->nnz == m->capnz) {
        size_t cap = m->capnz ? m->capnz * 2 : 1024;
        if (!grow((void **)&m->ti, cap, sizeof(size_t)) ||
            !grow((void **)&m->tj, cap, sizeof(size_t)) ||
            !grow((void **)&m->tv, cap, sizeof(double)))
            return false;
        m->capnz = cap;
    }
    m->ti[m->nnz] = row;
    m->tj[m->nnz] = col;
    m->tv[m->nnz] = v;
    m->nnz++;
    return true;
}
