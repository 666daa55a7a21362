/*
 * glpk_adapter.c -- lp.h on GLPK; the only file that includes <glpk.h>.
 *
 * Design
 * ------
 * An adapter, not a solver: every function is one GLPK call or the fixed
 * sequence GLPK needs for one (a parameter block initialised, two fields
 * set, the call).  What to solve, in which order and when to stop is the
 * search's business (search*.c, solve.c), so that the GLPK call sequence is
 * exactly the one the search writes down.
 *
 * Three things only GLPK needs live here:
 *  - Validation.  GLPK aborts the process (xerror) on invalid API use, so
 *    everything that could reach xerror is checked first (pp_lp_check):
 *    index ranges, names over 255 bytes, NaN or unordered bounds,
 *    non-integral bounds on integer columns (glp_intopt would return
 *    GLP_EBOUND), non-finite coefficients; duplicate (row, column) entries,
 *    on which glp_load_matrix aborts, are summed (pp_lp_matrix_merge).
 *  - Silence.  glp_term_hook drops all of GLPK's output (the library never
 *    prints); the last line is kept, since after an error it is GLPK's
 *    message.
 *  - Staying alive.  GLPK calls abort() after any xerror(): out of memory
 *    (its own malloc failing, or glp_mem_limit reached) as well as API
 *    misuse.  pp_lp_guard runs the search with error_hook installed in the
 *    thread's GLPK environment (GLPK keeps one per thread): it longjmp()s
 *    back to pp_lp_guard, after which only glp_free_env() is allowed (it
 *    frees every GLPK object of that thread).  The search's own buffers are
 *    tracked by it (search_core.c), since the frames skipped by the longjmp
 *    cannot free them.
 *
 * The enums of lp.h are GLPK's values; the static assertions below keep
 * them so, and the codes pass through unconverted.
 */
#include "optimizer/lp.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

_Static_assert(PP_LP_FR == GLP_FR && PP_LP_LO == GLP_LO && PP_LP_UP == GLP_UP &&
                   PP_LP_DB == GLP_DB && PP_LP_FX == GLP_FX,
               "bound types are GLPK's");
_Static_assert(PP_LP_CV == GLP_CV && PP_LP_IV == GLP_IV, "column kinds are GLPK's");
_Static_assert(PP_LP_UNDEF == GLP_UNDEF && PP_LP_FEAS == GLP_FEAS && PP_LP_INFEAS == GLP_INFEAS &&
                   PP_LP_NOFEAS == GLP_NOFEAS && PP_LP_OPT == GLP_OPT && PP_LP_UNBND == GLP_UNBND,
               "statuses are GLPK's");
_Static_assert(PP_LP_ETMLIM == GLP_ETMLIM && PP_LP_ENOPFS == GLP_ENOPFS &&
                   PP_LP_ESTOP == GLP_ESTOP && PP_LP_EMIPGAP == GLP_EMIPGAP,
               "return codes are GLPK's");
_Static_assert(PP_LP_PRIMAL == GLP_PRIMAL && PP_LP_DUALP == GLP_DUALP, "methods are GLPK's");
_Static_assert(PP_LP_BR_DTH == GLP_BR_DTH && PP_LP_BR_PCH == GLP_BR_PCH &&
                   PP_LP_BT_BLB == GLP_BT_BLB,
               "branching and backtracking are GLPK's");
_Static_assert(PP_LP_ISELECT == GLP_ISELECT && PP_LP_IHEUR == GLP_IHEUR &&
                   PP_LP_ICUTGEN == GLP_ICUTGEN && PP_LP_IBINGO == GLP_IBINGO,
               "callback reasons are GLPK's");

/* pp_lp is glp_prob, pp_lp_tree is glp_tree: only pointers change names. */
#define P(lp) ((glp_prob *)(lp))
#define T(t) ((glp_tree *)(t))

/* ------------------------------------------------------------------------ */
/* Validation and the merged matrix                                          */

typedef struct trip {
    int i, j;
    double v;
} trip;

static int trip_cmp(const void *a, const void *b)
{
    const trip *x = a, *y = b;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return 0;
}

static const char *mip_name(const pp_mip *m, const size_t *offs, size_t k)
{
    if (!m->keep_names || !offs || offs[k] == SIZE_MAX)
        return NULL;
    return m->names + offs[k];
}

static pp_status check_bounds(double lb, double ub, bool integer, const char *what, size_t k,
                              const char *name, pp_error *err)
{
    if (isnan(lb) || isnan(ub) || lb > ub || lb == INFINITY || ub == -INFINITY)
        return pp_error_set(err, PP_EINVAL, "model: %s %zu%s%s%s has invalid bounds [%g, %g]",
                            what, k, name ? " (" : "", name ? name : "", name ? ")" : "", lb, ub);
    if (integer && ((isfinite(lb) && lb != floor(lb)) || (isfinite(ub) && ub != floor(ub))))
        return pp_error_set(err, PP_EINVAL,
                            "model: integer %s %zu%s%s%s has fractional bounds [%g, %g]", what, k,
                            name ? " (" : "", name ? name : "", name ? ")" : "", lb, ub);
    return PP_OK;
}

int pp_lp_bound_type(double lb, double ub)
{
    bool hl = isfinite(lb), hu = isfinite(ub);
    if (hl && hu)
        return lb == ub ? GLP_FX : GLP_DB;
    if (hl)
        return GLP_LO;
    if (hu)
        return GLP_UP;
    return GLP_FR;
}

pp_status pp_lp_check(const pp_mip *m, pp_error *err)
{
    if (m->ncols >= INT_MAX / 2 || m->nrows >= INT_MAX / 2 || m->nnz >= INT_MAX / 2)
        return pp_error_set(err, PP_EINVAL, "model: too large for GLPK (%zu rows, %zu columns)",
                            m->nrows, m->ncols);
    for (size_t j = 0; j < m->ncols; j++) {
        const char *nm = mip_name(m, m->col_name, j);
        pp_status st =
            check_bounds(m->col_lb[j], m->col_ub[j], m->col_int[j], "column", j, nm, err);
        if (st != PP_OK)
            return st;
        if (!isfinite(m->col_cost[j]))
            return pp_error_set(err, PP_EINVAL, "model: column %zu has a non-finite cost", j);
        if (nm && strlen(nm) > 255)
            return pp_error_set(err, PP_EINVAL, "model: column name longer than 255 bytes");
    }
    for (size_t i = 0; i < m->nrows; i++) {
        const char *nm = mip_name(m, m->row_name, i);
        pp_status st = check_bounds(m->row_lb[i], m->row_ub[i], false, "row", i, nm, err);
        if (st != PP_OK)
            return st;
        if (nm && strlen(nm) > 255)
            return pp_error_set(err, PP_EINVAL, "model: row name longer than 255 bytes");
    }
    for (size_t k = 0; k < m->nnz; k++) {
        if (m->ti[k] >= m->nrows || m->tj[k] >= m->ncols)
            return pp_error_set(err, PP_EINVAL, "model: coefficient %zu out of range", k);
        if (!isfinite(m->tv[k]))
            return pp_error_set(err, PP_EINVAL, "model: coefficient %zu is not finite", k);
    }
    if (!isfinite(m->obj_offset))
        return pp_error_set(err, PP_EINVAL, "model: objective constant is not finite");
    return PP_OK;
}

void pp_lp_matrix_free(pp_lp_matrix *A)
{
    pp_free(A->ia);
    pp_free(A->ja);
    pp_free(A->ar);
    memset(A, 0, sizeof *A);
}

bool pp_lp_matrix_merge(const pp_mip *m, pp_lp_matrix *A)
{
    memset(A, 0, sizeof *A);
    trip *t = pp_malloc((m->nnz ? m->nnz : 1) * sizeof *t);
    A->ia = pp_malloc((m->nnz + 1) * sizeof *A->ia);
    A->ja = pp_malloc((m->nnz + 1) * sizeof *A->ja);
    A->ar = pp_malloc((m->nnz + 1) * sizeof *A->ar);
    if (!t || !A->ia || !A->ja || !A->ar) {
        pp_free(t);
        pp_lp_matrix_free(A);
        return false;
    }
    for (size_t k = 0; k < m->nnz; k++)
        t[k] = (trip){(int)m->ti[k] + 1, (int)m->tj[k] + 1, m->tv[k]};
    qsort(t, m->nnz, sizeof *t, trip_cmp);
    int nz = 0;
    for (size_t k = 0; k < m->nnz; k++) {
        if (nz > 0 && A->ia[nz] == t[k].i && A->ja[nz] == t[k].j) {
            A->ar[nz] += t[k].v;
            continue;
        }
        nz++;
        A->ia[nz] = t[k].i;
        A->ja[nz] = t[k].j;
        A->ar[nz] = t[k].v;
    }
    pp_free(t);
    A->nz = nz;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Problems                                                                  */

pp_lp *pp_lp_new(void) { return (pp_lp *)glp_create_prob(); }
void pp_lp_free(pp_lp *lp) { glp_delete_prob(P(lp)); }

pp_lp *pp_lp_copy(pp_lp *src)
{
    glp_prob *h = glp_create_prob();
    glp_copy_prob(h, P(src), GLP_OFF);
    return (pp_lp *)h;
}

pp_lp *pp_lp_from_mip(const pp_mip *m, const pp_lp_matrix *A)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    if (m->nrows)
        glp_add_rows(lp, (int)m->nrows);
    if (m->ncols)
        glp_add_cols(lp, (int)m->ncols);
    for (size_t i = 0; i < m->nrows; i++) {
        int type = pp_lp_bound_type(m->row_lb[i], m->row_ub[i]);
        glp_set_row_bnds(lp, (int)i + 1, type, isfinite(m->row_lb[i]) ? m->row_lb[i] : 0,
                         isfinite(m->row_ub[i]) ? m->row_ub[i] : 0);
        const char *nm = mip_name(m, m->row_name, i);
        if (nm && *nm)
            glp_set_row_name(lp, (int)i + 1, nm);
    }
    for (size_t j = 0; j < m->ncols; j++) {
        int type = pp_lp_bound_type(m->col_lb[j], m->col_ub[j]);
        glp_set_col_bnds(lp, (int)j + 1, type, isfinite(m->col_lb[j]) ? m->col_lb[j] : 0,
                         isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
        glp_set_obj_coef(lp, (int)j + 1, m->col_cost[j]);
        if (m->col_int[j])
            glp_set_col_kind(lp, (int)j + 1, GLP_IV);
        const char *nm = mip_name(m, m->col_name, j);
        if (nm && *nm)
            glp_set_col_name(lp, (int)j + 1, nm);
    }
    glp_set_obj_coef(lp, 0, m->obj_offset);
    /* Exact zeros after summing duplicates are harmless to GLPK (it stores them). */
    if (A->nz > 0)
        glp_load_matrix(lp, A->nz, A->ia, A->ja, A->ar);
    return (pp_lp *)lp;
}

void pp_lp_set_minimize(pp_lp *lp) { glp_set_obj_dir(P(lp), GLP_MIN); }
int pp_lp_add_rows(pp_lp *lp, int n) { return glp_add_rows(P(lp), n); }
int pp_lp_add_cols(pp_lp *lp, int n) { return glp_add_cols(P(lp), n); }
void pp_lp_del_rows(pp_lp *lp, int n, const int *num) { glp_del_rows(P(lp), n, num); }

void pp_lp_set_row_bnds(pp_lp *lp, int i, int type, double lb, double ub)
{
    glp_set_row_bnds(P(lp), i, type, lb, ub);
}

void pp_lp_set_col_bnds(pp_lp *lp, int j, int type, double lb, double ub)
{
    glp_set_col_bnds(P(lp), j, type, lb, ub);
}

void pp_lp_set_obj_coef(pp_lp *lp, int j, double c) { glp_set_obj_coef(P(lp), j, c); }
void pp_lp_set_col_kind(pp_lp *lp, int j, int kind) { glp_set_col_kind(P(lp), j, kind); }

void pp_lp_load_matrix(pp_lp *lp, int nz, const int *ia, const int *ja, const double *ar)
{
    glp_load_matrix(P(lp), nz, ia, ja, ar);
}

void pp_lp_set_mat_row(pp_lp *lp, int i, int len, const int *ind, const double *val)
{
    glp_set_mat_row(P(lp), i, len, ind, val);
}

void pp_lp_scale(pp_lp *lp) { glp_scale_prob(P(lp), GLP_SF_AUTO); }
void pp_lp_adv_basis(pp_lp *lp) { glp_adv_basis(P(lp), 0); }

int pp_lp_write(pp_lp *lp, const char *path, bool lp_format)
{
    return lp_format ? glp_write_lp(P(lp), NULL, path)
                     : glp_write_mps(P(lp), GLP_MPS_FILE, NULL, path);
}

int pp_lp_num_cols(pp_lp *lp) { return glp_get_num_cols(P(lp)); }
double pp_lp_col_lb(pp_lp *lp, int j) { return glp_get_col_lb(P(lp), j); }
double pp_lp_col_ub(pp_lp *lp, int j) { return glp_get_col_ub(P(lp), j); }
int pp_lp_col_type(pp_lp *lp, int j) { return glp_get_col_type(P(lp), j); }
int pp_lp_col_kind(pp_lp *lp, int j) { return glp_get_col_kind(P(lp), j); }

/* ------------------------------------------------------------------------ */
/* Solves                                                                    */

int pp_lp_simplex(pp_lp *lp, int meth, int tm_lim_ms)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_OFF; /* the optimal basis stays with the problem */
    sp.meth = meth;
    sp.tm_lim = tm_lim_ms;
    return glp_simplex(P(lp), &sp);
}

int pp_lp_simplex_presolved(pp_lp *lp, int tm_lim_ms, double obj_ul)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_ON;
    sp.meth = GLP_DUALP;
    sp.tm_lim = tm_lim_ms;
    if (isfinite(obj_ul))
        sp.obj_ul = obj_ul;
    return glp_simplex(P(lp), &sp);
}

int pp_lp_status(pp_lp *lp) { return glp_get_status(P(lp)); }
double pp_lp_obj_val(pp_lp *lp) { return glp_get_obj_val(P(lp)); }
double pp_lp_col_prim(pp_lp *lp, int j) { return glp_get_col_prim(P(lp), j); }
double pp_lp_col_dual(pp_lp *lp, int j) { return glp_get_col_dual(P(lp), j); }
int pp_lp_it_cnt(pp_lp *lp) { return glp_get_it_cnt(P(lp)); }

int pp_lp_interior(pp_lp *lp)
{
    glp_iptcp ipp;
    glp_init_iptcp(&ipp);
    ipp.msg_lev = GLP_MSG_OFF;
    return glp_interior(P(lp), &ipp);
}

int pp_lp_ipt_status(pp_lp *lp) { return glp_ipt_status(P(lp)); }
double pp_lp_ipt_obj_val(pp_lp *lp) { return glp_ipt_obj_val(P(lp)); }
double pp_lp_ipt_col_prim(pp_lp *lp, int j) { return glp_ipt_col_prim(P(lp), j); }

void pp_lp_mip_params_init(pp_lp_mip_params *p)
{
    p->presolve = false;
    p->mip_gap = 0;
    p->tm_lim_ms = INT_MAX;
    p->br_tech = GLP_BR_DTH;
    p->bt_tech = GLP_BT_BLB;
    p->cb = NULL;
    p->cb_info = NULL;
}

typedef struct tree_cb {
    pp_lp_tree_fn fn;
    void *info;
} tree_cb;

static void tree_trampoline(glp_tree *tree, void *info)
{
    const tree_cb *c = info;
    c->fn((pp_lp_tree *)tree, c->info);
}

int pp_lp_intopt(pp_lp *lp, const pp_lp_mip_params *p)
{
    tree_cb cb = {p->cb, p->cb_info};
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = p->presolve ? GLP_ON : GLP_OFF;
    io.mip_gap = p->mip_gap;
    io.tm_lim = p->tm_lim_ms;
    io.br_tech = p->br_tech;
    io.bt_tech = p->bt_tech;
    if (p->cb) {
        io.cb_func = tree_trampoline;
        io.cb_info = &cb;
    }
    return glp_intopt(P(lp), &io);
}

int pp_lp_mip_status(pp_lp *lp) { return glp_mip_status(P(lp)); }
double pp_lp_mip_obj_val(pp_lp *lp) { return glp_mip_obj_val(P(lp)); }
double pp_lp_mip_col_val(pp_lp *lp, int j) { return glp_mip_col_val(P(lp), j); }

int pp_lp_tree_reason(pp_lp_tree *t) { return glp_ios_reason(T(t)); }
pp_lp *pp_lp_tree_prob(pp_lp_tree *t) { return (pp_lp *)glp_ios_get_prob(T(t)); }
int pp_lp_tree_best_node(pp_lp_tree *t) { return glp_ios_best_node(T(t)); }
double pp_lp_tree_node_bound(pp_lp_tree *t, int node) { return glp_ios_node_bound(T(t), node); }
int pp_lp_tree_curr_node(pp_lp_tree *t) { return glp_ios_curr_node(T(t)); }
double pp_lp_tree_mip_gap(pp_lp_tree *t) { return glp_ios_mip_gap(T(t)); }
void pp_lp_tree_heur_sol(pp_lp_tree *t, const double *x) { glp_ios_heur_sol(T(t), x); }
void pp_lp_tree_terminate(pp_lp_tree *t) { glp_ios_terminate(T(t)); }

void pp_lp_tree_size(pp_lp_tree *t, int *active, int *live, int *total)
{
    glp_ios_tree_size(T(t), active, live, total);
}

void pp_lp_tree_add_cut(pp_lp_tree *t, int len, const int *ind, const double *val, double lb)
{
    glp_ios_add_row(T(t), NULL, 101, 0, len, ind, val, GLP_LO, lb);
}

/* ------------------------------------------------------------------------ */
/* The thread's environment: silence and the error hook                      */

static _Thread_local jmp_buf *tl_jmp;      /* where error_hook returns to, NULL = nowhere */
static _Thread_local char tl_glpk_msg[256]; /* GLPK's last line before an error */

/* GLPK output is dropped: the library never prints (progress goes through the
 * callback).  The last line is kept: after an error it is GLPK's message. */
static int silent_hook(void *info, const char *s)
{
    (void)info;
    if (s && strncmp(s, "Error detected", 14) != 0) {
        snprintf(tl_glpk_msg, sizeof tl_glpk_msg, "%s", s);
        size_t len = strlen(tl_glpk_msg);
        while (len > 0 && (tl_glpk_msg[len - 1] == '\n' || tl_glpk_msg[len - 1] == ' '))
            tl_glpk_msg[--len] = 0;
    }
    return 1;
}

/* Installed with glp_error_hook by pp_lp_guard. */
static void error_hook(void *info)
{
    (void)info;
    if (tl_jmp)
        longjmp(*tl_jmp, 1);
}

void pp_lp_silence(bool on) { glp_term_hook(on ? silent_hook : NULL, NULL); }

bool pp_lp_guard(void (*fn)(void *arg), void *arg, int mem_limit_mb, bool unhook)
{
    jmp_buf jb;
    volatile bool ok = false;
    tl_glpk_msg[0] = 0;
    /* The thread's first GLPK call creates its environment, and GLPK aborts
     * when that fails (out of memory); creating it here turns that into an
     * error the caller can report. */
    if (glp_init_env() > 1) {
        snprintf(tl_glpk_msg, sizeof tl_glpk_msg, "cannot create its environment: out of memory");
        return false;
    }
    glp_term_hook(silent_hook, NULL);
    if (setjmp(jb) == 0) {
        tl_jmp = &jb;
        glp_error_hook(error_hook, NULL);
        if (mem_limit_mb > 0)
            glp_mem_limit(mem_limit_mb);
        fn(arg);
        ok = true; /* not read after a longjmp: that path returns false below */
    }
    tl_jmp = NULL;
    if (unhook)
        glp_error_hook(NULL, NULL);
    return ok;
}

const char *pp_lp_message(void) { return tl_glpk_msg; }
void pp_lp_env_free(void) { glp_free_env(); }
