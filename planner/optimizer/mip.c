/* mip.c -- the growable sparse MIP record of mip.h, and the mixed-integer
 * rounding cuts derived from its rounding bases (no solver here).
 * Arrays grow geometrically; a failed allocation leaves the model unchanged, so
 * the caller can report PP_ENOMEM and still free it. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "optimizer/mip.h"

void pp_mip_init(pp_mip *m, bool keep_names)
{
    memset(m, 0, sizeof *m);
    m->keep_names = keep_names;
}

void pp_mip_free(pp_mip *m)
{
    if (!m)
        return;
    pp_free(m->col_lb);
    pp_free(m->col_ub);
    pp_free(m->col_cost);
    pp_free(m->col_int);
    pp_free(m->col_name);
    pp_free(m->row_lb);
    pp_free(m->row_ub);
    pp_free(m->row_name);
    pp_free(m->ti);
    pp_free(m->tj);
    pp_free(m->tv);
    pp_free(m->names);
    pp_free(m->col_group);
    pp_free(m->col_role);
    pp_free(m->col_owner);
    pp_free(m->base_first);
    pp_free(m->base_rhs);
    pp_free(m->bterm_col);
    pp_free(m->bterm_coef);
    pp_free(m->bterm_int);
    memset(m, 0, sizeof *m);
}

static bool dup_array(void **dst, const void *src, size_t n, size_t size)
{
    *dst = NULL;
    if (!src)
        return true;
    *dst = pp_malloc(n ? n * size : 1);
    if (!*dst)
        return false;
    if (n)
        memcpy(*dst, src, n * size);
    return true;
}

bool pp_mip_clone(const pp_mip *src, pp_mip *dst, bool triplets)
{
    pp_mip_init(dst, src->keep_names);
    dst->ncols = dst->capcols = src->ncols;
    dst->nrows = dst->caprows = src->nrows;
    dst->obj_offset = src->obj_offset;
    dst->nbases = dst->capbases = src->nbases;
    dst->nbterms = dst->capbterms = src->nbterms;
    size_t nc = src->ncols, nr = src->nrows;
    bool ok = dup_array((void **)&dst->col_lb, src->col_lb, nc, sizeof(double)) &&
              dup_array((void **)&dst->col_ub, src->col_ub, nc, sizeof(double)) &&
              dup_array((void **)&dst->col_cost, src->col_cost, nc, sizeof(double)) &&
              dup_array((void **)&dst->col_int, src->col_int, nc, 1) &&
              dup_array((void **)&dst->col_name, src->col_name, nc, sizeof(size_t)) &&
              dup_array((void **)&dst->row_lb, src->row_lb, nr, sizeof(double)) &&
              dup_array((void **)&dst->row_ub, src->row_ub, nr, sizeof(double)) &&
              dup_array((void **)&dst->row_name, src->row_name, nr, sizeof(size_t)) &&
              dup_array((void **)&dst->names, src->names, src->names_len, 1) &&
              dup_array((void **)&dst->col_group, src->col_group, nc, sizeof(size_t)) &&
              dup_array((void **)&dst->col_role, src->col_role, nc, 1) &&
              dup_array((void **)&dst->col_owner, src->col_owner, nc, sizeof(size_t)) &&
              dup_array((void **)&dst->base_first, src->base_first, src->nbases, sizeof(size_t)) &&
              dup_array((void **)&dst->base_rhs, src->base_rhs, src->nbases, sizeof(double)) &&
              dup_array((void **)&dst->bterm_col, src->bterm_col, src->nbterms, sizeof(size_t)) &&
              dup_array((void **)&dst->bterm_coef, src->bterm_coef, src->nbterms, sizeof(double)) &&
              dup_array((void **)&dst->bterm_int, src->bterm_int, src->nbterms, 1);
    dst->names_len = dst->names_cap = src->names ? src->names_len : 0;
    if (ok && triplets) {
        dst->nnz = dst->capnz = src->nnz;
        ok = dup_array((void **)&dst->ti, src->ti, src->nnz, sizeof(size_t)) &&
             dup_array((void **)&dst->tj, src->tj, src->nnz, sizeof(size_t)) &&
             dup_array((void **)&dst->tv, src->tv, src->nnz, sizeof(double));
    }
    if (!ok) {
        pp_mip_free(dst);
        return false;
    }
    return true;
}

static bool grow(void **p, size_t n, size_t size)
{
    void *q = pp_realloc(*p, n * size);
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

bool pp_mip_add_base(pp_mip *m, double rhs)
{
    if (m->nbases == m->capbases) {
        size_t cap = m->capbases ? m->capbases * 2 : 256;
        if (!grow((void **)&m->base_first, cap, sizeof(size_t)) ||
            !grow((void **)&m->base_rhs, cap, sizeof(double)))
            return false;
        m->capbases = cap;
    }
    m->base_first[m->nbases] = m->nbterms;
    m->base_rhs[m->nbases] = rhs;
    m->nbases++;
    return true;
}

bool pp_mip_add_base_term(pp_mip *m, size_t col, double coef, bool integral)
{
    if (m->nbterms == m->capbterms) {
        size_t cap = m->capbterms ? m->capbterms * 2 : 1024;
        if (!grow((void **)&m->bterm_col, cap, sizeof(size_t)) ||
            !grow((void **)&m->bterm_coef, cap, sizeof(double)) ||
            !grow((void **)&m->bterm_int, cap, 1))
            return false;
        m->capbterms = cap;
    }
    m->bterm_col[m->nbterms] = col;
    m->bterm_coef[m->nbterms] = coef;
    m->bterm_int[m->nbterms] = integral;
    m->nbterms++;
    return true;
}

void pp_mip_cuts_free(pp_mip_cuts *c)
{
    pp_free(c->first);
    pp_free(c->lb);
    pp_free(c->col);
    pp_free(c->coef);
    memset(c, 0, sizeof *c);
}

static bool cuts_reserve(pp_mip_cuts *c, size_t terms)
{
    if (c->n + 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        if (!grow((void **)&c->first, cap, sizeof(size_t)) ||
            !grow((void **)&c->lb, cap, sizeof(double)))
            return false;
        c->cap = cap;
        if (c->n == 0)
            c->first[0] = 0;
    }
    if (c->nterms + terms > c->capterms) {
        size_t cap = c->capterms ? c->capterms * 2 : 1024;
        while (cap < c->nterms + terms)
            cap *= 2;
        if (!grow((void **)&c->col, cap, sizeof(size_t)) ||
            !grow((void **)&c->coef, cap, sizeof(double)))
            return false;
        c->capterms = cap;
    }
    return true;
}

/* MIR for a base  sum_I a_k x_k + sum_C c_k y_k >= b  (x integral, y continuous,
 * all >= 0): divided by delta and negated it reads  sum_I alpha_k x_k - s <= beta
 * with alpha_k = -a_k / delta, s = sum_C c_k y_k / delta >= 0, beta = -b / delta,
 * and the MIR inequality  sum_I (floor(alpha_k) + max(0, f_k - f0) / (1 - f0)) x_k
 * - s / (1 - f0) <= floor(beta)  (f = fractional parts) holds for every integer
 * point.  For one integral term of coefficient 1 it is the familiar
 * x + y / frac(b) >= ceil(b): a fractional need costs a whole agent or its
 * shortfall, which the LP relaxation does not see. */
/* The MIR coefficient of a term (see below) for divisor delta and f0. */
static double mir_coef(double coef, bool integral, double delta, double f0)
{
    if (!integral)
        return -coef / delta / (1 - f0);
    double alpha = -coef / delta, fk = alpha - floor(alpha);
    return floor(alpha) + fmax(0, fk - f0) / (1 - f0);
}

size_t pp_mip_mir_cuts(const pp_mip *m, const double *x, double min_violation,
                       pp_mip_cuts *out)
{
    size_t added = 0;
    for (size_t b = 0; b < m->nbases; b++) {
        size_t k0 = m->base_first[b], k1 = b + 1 < m->nbases ? m->base_first[b + 1] : m->nbterms;
        double rhs = m->base_rhs[b], best_viol = min_violation, best_delta = 0;
        for (size_t d = k0; d < k1; d++) {
            if (!m->bterm_int[d] || !(m->bterm_coef[d] > 1e-9))
                continue;
            double delta = m->bterm_coef[d];
            bool seen = false; /* each divisor once */
            for (size_t e = k0; e < d && !seen; e++)
                seen = m->bterm_int[e] && m->bterm_coef[e] == delta;
            if (seen)
                continue;
            double beta = -rhs / delta, f0 = beta - floor(beta);
            if (f0 < 0.01 || f0 > 0.99) /* nearly integral: weak and badly scaled */
                continue;
            double lhs = 0, norm = 0;
            for (size_t k = k0; k < k1; k++) {
                double g = mir_coef(m->bterm_coef[k], m->bterm_int[k], delta, f0);
                lhs += g * x[m->bterm_col[k]];
                norm += g * g;
            }
            double viol = (lhs - floor(beta)) / sqrt(fmax(norm, 1e-12));
            if (viol > best_viol) {
                best_viol = viol;
                best_delta = delta;
            }
        }
        if (best_delta == 0)
            continue;
        if (!cuts_reserve(out, k1 - k0))
            return SIZE_MAX;
        double delta = best_delta, beta = -rhs / delta, f0 = beta - floor(beta);
        for (size_t k = k0; k < k1; k++) {
            double g = mir_coef(m->bterm_coef[k], m->bterm_int[k], delta, f0);
            if (g != 0) { /* as a >= row */
                out->col[out->nterms] = m->bterm_col[k];
                out->coef[out->nterms] = -g;
                out->nterms++;
            }
        }
        out->lb[out->n] = -floor(beta);
        out->n++;
        out->first[out->n] = out->nterms;
        added++;
    }
    return added;
}
