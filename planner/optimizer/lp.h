/*
 * lp.h -- the LP/MIP building blocks the search is written against,
 * implemented by glpk_adapter.c (the only file that includes <glpk.h>).
 *
 * Design
 * ------
 * The search (search*.c, solve.c) needs a solver's parts, not a solver: an
 * LP it can copy, tighten and re-solve warm, an interior-point solve, a
 * branch and bound it can hand an incumbent and cuts to and stop from its
 * callback.  Each function here is one GLPK call (or the short fixed
 * sequence GLPK needs for it, e.g. glp_init_smcp + glp_simplex), so the
 * order of GLPK calls -- and with it every plan -- is exactly what the
 * search asks for, and a second adapter would only have to implement this
 * page.  Indices are GLPK's: 1-based, int.  The numeric codes (bound types,
 * statuses, return codes, callback reasons) are GLPK's own values, checked
 * by static assertions in the adapter, so they pass through unchanged.
 *
 * pp_lp and pp_lp_tree are GLPK's glp_prob and glp_tree under our names:
 * no allocation of our own, so GLPK's error path (pp_lp_guard: the error
 * hook longjmps out, glp_free_env frees every object of the thread) leaks
 * nothing here.  The adapter also validates a pp_mip against everything
 * that would reach GLPK's xerror() (pp_lp_check) before any call.
 */
#ifndef PEAKPLAN_LP_H
#define PEAKPLAN_LP_H

#include <stdbool.h>
#include <stddef.h>

#include "optimizer/mip.h"
#include "peakplan/error.h"

typedef struct pp_lp pp_lp;           /* an LP/MIP problem (GLPK's glp_prob) */
typedef struct pp_lp_tree pp_lp_tree; /* the branch-and-bound tree inside a callback */

/* Bound types (GLP_FR .. GLP_FX). */
enum { PP_LP_FR = 1, PP_LP_LO = 2, PP_LP_UP = 3, PP_LP_DB = 4, PP_LP_FX = 5 };
/* Column kinds. */
enum { PP_LP_CV = 1, PP_LP_IV = 2 };
/* Solution statuses (glp_get_status, glp_ipt_status, glp_mip_status). */
enum { PP_LP_UNDEF = 1, PP_LP_FEAS = 2, PP_LP_INFEAS = 3, PP_LP_NOFEAS = 4, PP_LP_OPT = 5,
       PP_LP_UNBND = 6 };
/* Return codes of the solves (0 = the call worked, which says nothing of the answer). */
enum { PP_LP_ETMLIM = 0x09, PP_LP_ENOPFS = 0x0A, PP_LP_EOBJUL = 0x07, PP_LP_ESTOP = 0x0D,
       PP_LP_EMIPGAP = 0x0E };
/* Simplex methods. */
enum { PP_LP_PRIMAL = 1, PP_LP_DUALP = 2 };
/* Branching and backtracking (GLP_BR_*, GLP_BT_*). */
enum { PP_LP_BR_DTH = 4, PP_LP_BR_PCH = 5 };
enum { PP_LP_BT_BLB = 3 };
/* Why the branch-and-bound callback is called (GLP_I*). */
enum { PP_LP_IBINGO = 0x02, PP_LP_IHEUR = 0x03, PP_LP_ICUTGEN = 0x04, PP_LP_ISELECT = 0x06 };

/* ---- the constraint matrix as GLPK loads it ---- */

/* Duplicates summed, 1-based (entry 0 unused), sorted by column then row. */
typedef struct pp_lp_matrix {
    int nz;
    int *ia, *ja;
    double *ar;
} pp_lp_matrix;
/* Merges m's triplets into *A (pp_malloc'ed); false on out of memory. */
bool pp_lp_matrix_merge(const pp_mip *m, pp_lp_matrix *A);
void pp_lp_matrix_free(pp_lp_matrix *A); /* pp_free's the arrays */

/* Everything about m that would make GLPK abort (xerror): ranges, bounds
 * (NaN, unordered, fractional on integer columns), coefficients, names over
 * 255 bytes.  PP_EINVAL naming the column or row. */
pp_status pp_lp_check(const pp_mip *m, pp_error *err);
/* GLP_FR .. GLP_FX for these bounds (infinite = none). */
int pp_lp_bound_type(double lb, double ub);

/* ---- problems ---- */

pp_lp *pp_lp_new(void);                 /* glp_create_prob */
void pp_lp_free(pp_lp *lp);             /* glp_delete_prob */
pp_lp *pp_lp_copy(pp_lp *src);          /* a new problem, src copied without names */
pp_lp *pp_lp_from_mip(const pp_mip *m, const pp_lp_matrix *A); /* minimise m, names kept */
void pp_lp_set_minimize(pp_lp *lp);
int pp_lp_add_rows(pp_lp *lp, int n);   /* returns the first new row's index */
int pp_lp_add_cols(pp_lp *lp, int n);
void pp_lp_del_rows(pp_lp *lp, int n, const int *num); /* num[1..n] */
void pp_lp_set_row_bnds(pp_lp *lp, int i, int type, double lb, double ub);
void pp_lp_set_col_bnds(pp_lp *lp, int j, int type, double lb, double ub);
void pp_lp_set_obj_coef(pp_lp *lp, int j, double c);
void pp_lp_set_col_kind(pp_lp *lp, int j, int kind);
void pp_lp_load_matrix(pp_lp *lp, int nz, const int *ia, const int *ja, const double *ar);
void pp_lp_set_mat_row(pp_lp *lp, int i, int len, const int *ind, const double *val);
void pp_lp_scale(pp_lp *lp);            /* automatic scaling (GLP_SF_AUTO) */
void pp_lp_adv_basis(pp_lp *lp);        /* a triangular crash basis */
/* Writes free MPS, or CPLEX LP when `lp_format`; 0 on success. */
int pp_lp_write(pp_lp *lp, const char *path, bool lp_format);

int pp_lp_num_cols(pp_lp *lp);
double pp_lp_col_lb(pp_lp *lp, int j);
double pp_lp_col_ub(pp_lp *lp, int j);
int pp_lp_col_type(pp_lp *lp, int j);
int pp_lp_col_kind(pp_lp *lp, int j);

/* ---- solves (silent; tm_lim_ms as GLPK's tm_lim) ---- */

/* Simplex without presolve (the basis stays with the problem). */
int pp_lp_simplex(pp_lp *lp, int meth, int tm_lim_ms);
/* Dual simplex after GLPK's presolver (a problem solved once, its basis not reused;
 * 0 or GLPK's code, GLP_ENOPFS / GLP_ENODFS when presolve finds it infeasible). */
int pp_lp_simplex_presolved(pp_lp *lp, int tm_lim_ms, double obj_ul);
int pp_lp_status(pp_lp *lp);
double pp_lp_obj_val(pp_lp *lp);
double pp_lp_col_prim(pp_lp *lp, int j);
double pp_lp_col_dual(pp_lp *lp, int j);
int pp_lp_it_cnt(pp_lp *lp);

/* Interior point (GLPK's defaults). */
int pp_lp_interior(pp_lp *lp);
int pp_lp_ipt_status(pp_lp *lp);
double pp_lp_ipt_obj_val(pp_lp *lp);
double pp_lp_ipt_col_prim(pp_lp *lp, int j);

/* Branch and bound. */
typedef void (*pp_lp_tree_fn)(pp_lp_tree *tree, void *info);
typedef struct pp_lp_mip_params {
    bool presolve;   /* GLPK's MIP presolver (renumbers columns: no callback incumbents) */
    double mip_gap;  /* relative gap to stop at */
    int tm_lim_ms;
    int br_tech, bt_tech; /* PP_LP_BR_*, PP_LP_BT_* */
    pp_lp_tree_fn cb; /* may be NULL */
    void *cb_info;
} pp_lp_mip_params;
/* GLPK's defaults (glp_init_iocp): no presolve, gap 0, no time limit, no callback. */
void pp_lp_mip_params_init(pp_lp_mip_params *p);
int pp_lp_intopt(pp_lp *lp, const pp_lp_mip_params *p);
int pp_lp_mip_status(pp_lp *lp);
double pp_lp_mip_obj_val(pp_lp *lp);
double pp_lp_mip_col_val(pp_lp *lp, int j);

/* Inside the callback. */
int pp_lp_tree_reason(pp_lp_tree *t);
pp_lp *pp_lp_tree_prob(pp_lp_tree *t);
int pp_lp_tree_best_node(pp_lp_tree *t);  /* 0 = none */
double pp_lp_tree_node_bound(pp_lp_tree *t, int node);
int pp_lp_tree_curr_node(pp_lp_tree *t);
void pp_lp_tree_size(pp_lp_tree *t, int *active, int *live, int *total);
double pp_lp_tree_mip_gap(pp_lp_tree *t);
void pp_lp_tree_heur_sol(pp_lp_tree *t, const double *x); /* x[1..ncols] */
/* A cut row sum val[k] x[ind[k]] >= lb (k = 1..len), valid at every node. */
void pp_lp_tree_add_cut(pp_lp_tree *t, int len, const int *ind, const double *val, double lb);
void pp_lp_tree_terminate(pp_lp_tree *t);

/* ---- the thread's GLPK environment ---- */

/* Runs fn(arg) on this thread with GLPK's terminal output dropped and its
 * error hook armed (memory limit mem_limit_mb, 0 = none): GLPK aborts the
 * process on an internal error or when out of memory, the hook longjmps back
 * here instead.  True when fn returned, false when GLPK failed inside it
 * (pp_lp_message then holds GLPK's last line; the frames fn had open are
 * gone, and only pp_lp_env_free may follow).  With `unhook` the error hook is
 * removed again before returning. */
bool pp_lp_guard(void (*fn)(void *arg), void *arg, int mem_limit_mb, bool unhook);
const char *pp_lp_message(void); /* this thread's; "" = none */
/* Drops (on) or restores (off) GLPK's terminal output on this thread. */
void pp_lp_silence(bool on);
/* Frees this thread's GLPK environment and every problem in it (glp_free_env). */
void pp_lp_env_free(void);

#endif
