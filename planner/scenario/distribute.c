/*
 * distribute.c -- a what-if batch spread over the ranks of an MPI job (docs/scaling.md).
 *
 * Design: every rank reads the workspace and the scenarios file itself and makes the
 * base forecast and requirements (cheap, and deterministic: the same inputs through
 * the same code give the same grids on every rank).  Rank 0 plans the base on a
 * thread of its own while its main thread hands out scenarios: a rank that is idle
 * sends READY, rank 0 answers WORK with the index of the next scenario not yet handed
 * out (or -1: no more), so fast ranks take more.  A rank keeps up to --threads
 * scenarios in flight, each on a thread of its own; when one is planned, the thread
 * writes its folder (the same writer as on one machine) into a private temporary
 * folder, reads the files back and packs them with the row's figures; the rank's
 * main thread sends the pack (RESULT) and asks for more.  Rank 0 keeps each pack in
 * the scenario's slot and writes the whole set at the end, .complete markers
 * included, exactly as a single machine would.  Only main threads talk to MPI
 * (mpi_adapter.c); rank 0 polls, so a SIGTERM from the launcher is seen at once.
 *
 * Failures: a rank that cannot go on (its workspace does not load, a test hook) says
 * FAIL; the scenarios it held are lost -- not_run, its message in the error column --
 * and the batch carries on without it.  A rank that dies makes the launcher end the
 * job: rank 0 gets SIGTERM, stops handing out, writes the set with what came back
 * (the others lost, not_run) and ends the job; `whatif --resume OUTDIR` plans the rest.
 *
 * Packs are raw bytes of this program's structs: every rank runs the same binary
 * (a job is one build on like machines).
 */
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "peakplan/interrupt.h"
#include "peakplan/output.h"
#include "peakplan/scenario.h"
#include "scenario/pipeline_internal.h"
#include "scenario/scenario_internal.h"

enum { TAG_READY = 1, TAG_WORK = 2, TAG_RESULT = 3, TAG_FAIL = 4 };

/* ---------------------------------------------------------------- packs */

void pp_scn_remote_free(scn_remote *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfiles; i++)
        pp_free(r->files[i].bytes);
    pp_free(r->files);
    pp_free(r->vendor_paid);
    pp_free(r);
}

typedef struct pack {
    unsigned char *p;
    size_t n, cap;
    bool oom;
} pack;

static void put_bytes(pack *b, const void *d, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        unsigned char *q = pp_realloc(b->p, cap);
        if (!q) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void put_u64(pack *b, uint64_t v) { put_bytes(b, &v, sizeof v); }

typedef struct reader {
    const unsigned char *p;
    size_t n, at;
    bool bad;
} reader;

static void get_bytes(reader *r, void *d, size_t n)
{
    if (r->bad || r->n - r->at < n) {
        r->bad = true;
        return;
    }
    memcpy(d, r->p + r->at, n);
    r->at += n;
}

static uint64_t get_u64(reader *r)
{
    uint64_t v = 0;
    get_bytes(r, &v, sizeof v);
    return v;
}

/* The pack of scenario `index`: status, error, figures and folder files. */
static pp_status pack_result(pack *b, size_t index, pp_scn_status status, const pp_error *e,
                             const pp_run_result *r, const pp_workspace *ws, pp_error *err)
{
    put_u64(b, index);
    put_u64(b, (uint64_t)status);
    put_bytes(b, e, sizeof *e);
    put_u64(b, r != NULL);
    if (!r)
        return b->oom ? pp_error_set(err, PP_ENOMEM, "out of memory") : PP_OK;
    const pp_plan *plan = pp_run_plan(r);
    const pp_plan_summary *m = pp_plan_get_summary(plan);
    pp_whatif_figures f = {.plan_status = (int)m->status,
                           .total_cost = m->total_cost,
                           .service_level_pct = pp_run_service_level_pct(r),
                           .understaffed_agent_hours = m->understaffed_agent_hours,
                           .paid_hours = m->paid_hours,
                           .mip_gap_pct = m->mip_gap_pct,
                           .objective = m->objective};
    put_bytes(b, &f, sizeof f);
    put_u64(b, ws->nv);
    for (size_t v = 0; v < ws->nv; v++) {
        double h = pp_plan_vendor_paid_hours(plan, v);
        put_bytes(b, &h, sizeof h);
    }
    /* the folder, rendered by the one writer in memory */
    scn_remote rm = {0};
    pp_status st = pp_run_render(r, ws, &rm.files, &rm.nfiles, err);
    put_u64(b, rm.nfiles);
    for (size_t k = 0; k < rm.nfiles; k++) {
        put_bytes(b, rm.files[k].name, sizeof rm.files[k].name);
        put_u64(b, rm.files[k].len);
        put_bytes(b, rm.files[k].bytes, rm.files[k].len);
        pp_free(rm.files[k].bytes);
    }
    pp_free(rm.files);
    if (st == PP_OK && b->oom)
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
    return st;
}

/* Unpacks a RESULT into its slot; false when the pack is damaged or memory ran out. */
static bool unpack_result(const unsigned char *p, size_t n, pp_whatif_result *res,
                          const pp_scenario_set *set, size_t *index)
{
    reader r = {p, n, 0, false};
    uint64_t i = get_u64(&r), status = get_u64(&r);
    pp_error e;
    get_bytes(&r, &e, sizeof e);
    uint64_t has = get_u64(&r);
    if (r.bad || i >= set->n || status > PP_SCN_FAILED)
        return false;
    slot *s = &res->slots[i + 1];
    *index = (size_t)i;
    e.msg[sizeof e.msg - 1] = e.file[sizeof e.file - 1] = '\0';
    s->err = e;
    s->status = (pp_scn_status)status;
    if (!has)
        return true;
    scn_remote *rm = pp_calloc(1, sizeof *rm);
    if (!rm)
        return false;
    get_bytes(&r, &rm->fig, sizeof rm->fig);
    uint64_t nv = get_u64(&r);
    if (!r.bad && nv < 100000 && (rm->vendor_paid = pp_calloc(nv + 1, sizeof(double))))
        get_bytes(&r, rm->vendor_paid, nv * sizeof(double));
    else
        r.bad = true;
    rm->fig.vendor_paid_hours = rm->vendor_paid;
    uint64_t nf = get_u64(&r);
    if (!r.bad && nf < 1000 && !(rm->files = pp_calloc(nf + 1, sizeof *rm->files)))
        r.bad = true;
    for (uint64_t k = 0; !r.bad && k < nf; k++) {
        scn_file *f = &rm->files[k];
        get_bytes(&r, f->name, sizeof f->name);
        f->name[sizeof f->name - 1] = '\0';
        f->len = (size_t)get_u64(&r);
        if (r.bad || f->len > r.n - r.at || strchr(f->name, '/') || !(f->bytes = pp_malloc(f->len + 1))) {
            r.bad = true;
            break;
        }
        get_bytes(&r, f->bytes, f->len);
        rm->nfiles++;
    }
    if (r.bad) {
        pp_scn_remote_free(rm);
        return false;
    }
    s->remote = rm;
    return true;
}

/* ---------------------------------------------------------------- rank 0 */

/* Removes the regular files of dir, then dir. */
static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

#define CHECKPOINT_TAG ".peakplan-checkpoint" /* a folder without it is not ours */

void pp_whatif_checkpoint_remove(const char *dir)
{
    char tag[8192];
    snprintf(tag, sizeof tag, "%s/" CHECKPOINT_TAG, dir);
    if (access(tag, F_OK) != 0)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_folder(path);
    }
    closedir(d);
    unlink(tag);
    rmdir(dir);
}

/* Keeps scenario i, back from another rank and planned to the end, in the checkpoint
 * folder: its files and marker into a hidden folder, renamed to its name when whole.
 * Best effort: a checkpoint that cannot be written costs only a replan on resume. */
static void checkpoint(const pp_whatif_params *p, const pp_whatif_result *res, size_t i,
                       const pp_workspace *ws)
{
    const slot *s = &res->slots[i + 1];
    if (!p->checkpoint_dir || !s->remote || !pp_whatif_marker_due(res, i + 1))
        return;
    char tmp[4096 + 2 * PP_NAME_MAX], fin[4096 + 2 * PP_NAME_MAX], path[8192 + 128];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", p->checkpoint_dir, s->name);
    snprintf(fin, sizeof fin, "%s/%s", p->checkpoint_dir, s->name);
    if (mkdir(p->checkpoint_dir, 0777) == 0) {
        snprintf(path, sizeof path, "%s/" CHECKPOINT_TAG, p->checkpoint_dir);
        FILE *tf = fopen(path, "w");
        if (tf)
            fclose(tf);
    }
    remove_folder(tmp);
    bool ok = mkdir(tmp, 0777) == 0;
    for (size_t k = 0; ok && k <= s->remote->nfiles; k++) {
        bool marker = k == s->remote->nfiles;
        snprintf(path, sizeof path, "%s/%s", tmp, marker ? ".complete" : s->remote->files[k].name);
        FILE *fp = fopen(path, "wb");
        if (!fp) {
            ok = false;
            break;
        }
        if (marker)
            pp_whatif_write_marker(fp, res, i + 1, ws);
        else if (s->remote->files[k].len)
            fwrite(s->remote->files[k].bytes, 1, s->remote->files[k].len, fp);
        ok = !ferror(fp);
        ok = fclose(fp) == 0 && ok;
    }
    remove_folder(fin);
    if (!ok || rename(tmp, fin) != 0) {
        remove_folder(tmp);
        pp_warn("checkpoint %s: cannot be written (a resume plans it again)", fin);
    }
}

typedef struct base_job {
    pp_whatif_result *res;
    const pp_workspace *ws;
    const pp_whatif_params *p;
    pp_error err;
    pp_status st;
    atomic_int done;
} base_job;

static void *base_thread(void *arg)
{
    base_job *b = arg;
    b->st = pp_whatif_base(b->res, b->ws, b->p, NULL, NULL, &b->err);
    pp_plan_thread_cleanup();
    atomic_store(&b->done, 1);
    return NULL;
}

/* The scenarios rank `rank` held and never sent back: lost, with why. */
static void lose(pp_whatif_result *res, int *owner, const bool *back, size_t n, int rank,
                 const char *why)
{
    for (size_t i = 0; i < n; i++)
        if (owner[i] == rank && !back[i]) {
            slot *s = &res->slots[i + 1];
            s->lost = true;
            s->status = PP_SCN_NOT_RUN;
            pp_error_clear(&s->err);
            pp_error_set(&s->err, PP_EINTERNAL, "rank %d: %s", rank, why);
            owner[i] = -1;
        }
}

static pp_status send_work(pp_cluster *c, int to, int64_t index, pp_error *err)
{
    if (pp_cluster_send(c, to, TAG_WORK, &index, sizeof index) != 0)
        return pp_error_set(err, PP_EIO, "MPI: cannot send work to rank %d", to);
    return PP_OK;
}

pp_status pp_whatif_coordinate(const pp_workspace *ws, const pp_scenario_set *set,
                               const pp_whatif_params *p, pp_whatif_result *res, pp_error *err)
{
    pp_cluster *c = p->cluster;
    int size = pp_cluster_size(c);
    size_t n = set->n, ntodo = 0, next = 0, done = 0;
    size_t *todo = pp_calloc(n + 1, sizeof *todo);
    int *owner = pp_calloc(n + 1, sizeof *owner);
    bool *back = pp_calloc(n + 1, sizeof *back);
    char *state = pp_calloc((size_t)size, 1); /* 0 active, 1 told to stop, 2 failed */
    unsigned char *msg = NULL;
    base_job bj = {.res = res, .ws = ws, .p = p};
    pthread_t tid;
    bool threaded = false, marked = false; /* marked: fingerprints made */
    pp_status st = PP_OK;
    if (!todo || !owner || !back || !state) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        owner[i] = -1;
    if (p->resume_dir) {
        /* which scenarios are complete depends on the base plan: it comes first */
        if ((st = pp_whatif_base(res, ws, p, NULL, NULL, err)) != PP_OK ||
            (st = pp_whatif_sort_out(res, ws, set, p, todo, &ntodo, err)) != PP_OK)
            goto out;
        atomic_store(&bj.done, 1);
    } else {
        for (size_t i = 0; i < n; i++)
            todo[ntodo++] = i;
        threaded = pthread_create(&tid, NULL, base_thread, &bj) == 0;
        if (!threaded)
            base_thread(&bj);
    }
    if (p->on_done)
        p->on_done(p->userdata, 0, ntodo, "base");
    int active = size - 1;
    size_t outstanding = 0;
    bool stopping = false;
    marked = p->resume_dir != NULL;
    while (active > 0 || outstanding > 0) {
        if (!marked && atomic_load(&bj.done) && bj.st == PP_OK) {
            /* the markers' fingerprints need the base plan: now it is there */
            if ((st = pp_whatif_sort_out(res, ws, set, p, todo, &ntodo, err)) != PP_OK)
                break;
            marked = true;
            for (size_t i = 0; i < n; i++)
                if (back[i])
                    checkpoint(p, res, i, ws);
        }
        if (pp_interrupt_requested() && !stopping) {
            /* the launcher is ending the job (a rank died, or Ctrl-C): keep what came back */
            stopping = true;
            for (int r = 1; r < size; r++)
                lose(res, owner, back, n, r, "the job stopped before this scenario came back");
            break;
        }
        if (atomic_load(&bj.done) && bj.st != PP_OK)
            break; /* the base failed: the batch does (the caller ends the job) */
        int from, tag;
        size_t len;
        int got = pp_cluster_poll(c, &from, &tag, &len);
        if (got < 0) {
            st = pp_error_set(err, PP_EIO, "MPI: receiving failed");
            break;
        }
        if (got == 0) {
            nanosleep(&(struct timespec){0, 2000000}, NULL);
            continue;
        }
        pp_free(msg);
        if (!(msg = pp_malloc(len + 1))) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            break;
        }
        if (pp_cluster_recv(c, from, tag, msg, len) != 0) {
            st = pp_error_set(err, PP_EIO, "MPI: receiving from rank %d failed", from);
            break;
        }
        if (from <= 0 || from >= size)
            continue;
        if (tag == TAG_READY) {
            if (state[from] != 0)
                continue;
            if (next >= ntodo || pp_interrupt_requested()) {
                state[from] = 1;
                active--;
                st = send_work(c, from, -1, err);
            } else {
                size_t i = todo[next++];
                owner[i] = from;
                outstanding++;
                st = send_work(c, from, (int64_t)i, err);
            }
            if (st != PP_OK)
                break;
        } else if (tag == TAG_RESULT) {
            size_t i;
            if (!unpack_result(msg, len, res, set, &i)) {
                lose(res, owner, back, n, from, "its result could not be read");
                continue; /* its outstanding count is settled below, when it stops */
            }
            if (owner[i] == from && !back[i]) {
                back[i] = true;
                outstanding--;
            }
            if (marked)
                checkpoint(p, res, i, ws);
            const char *die = getenv("PEAKPLAN_TEST_RANK0_KILL_AFTER"); /* test hook */
            if (die && marked && done + 1 >= strtoul(die, NULL, 10))
                raise(SIGKILL);
            done++;
            if (p->on_done)
                p->on_done(p->userdata, done, ntodo, res->slots[i + 1].name);
        } else if (tag == TAG_FAIL) {
            msg[len] = '\0';
            size_t before = 0;
            for (size_t i = 0; i < n; i++)
                before += owner[i] == from && !back[i];
            lose(res, owner, back, n, from, (const char *)msg);
            outstanding -= before;
            if (state[from] == 0)
                active--;
            state[from] = 2;
        }
        /* a damaged pack left its scenario lost: no longer waited for */
        size_t waiting = 0;
        for (size_t i = 0; i < n; i++)
            waiting += owner[i] >= 0 && !back[i];
        outstanding = waiting;
    }
out:
    if (threaded)
        pthread_join(tid, NULL);
    if (st == PP_OK && atomic_load(&bj.done) && bj.st != PP_OK) {
        if (err)
            *err = bj.err;
        st = bj.st;
    }
    if (st == PP_OK && !marked)
        st = pp_whatif_sort_out(res, ws, set, p, todo, &ntodo, err);
    pp_free(msg);
    pp_free(todo);
    pp_free(owner);
    pp_free(back);
    pp_free(state);
    return st;
}

/* ---------------------------------------------------------------- the other ranks */

typedef struct job {
    struct serve *sv;
    size_t index;
    pthread_t tid;
    pack msg;
    struct job *next;
} job;

typedef struct serve {
    const pp_workspace *ws;
    const pp_scenario_set *set;
    const pp_grid *fc, *req;
    const pp_plan *base; /* the warm start of every scenario (NULL = none) */
    pp_run_params rp;
    pthread_mutex_t lock;
    pthread_cond_t cv;
    job *finished;
} serve;

static void *job_thread(void *arg)
{
    job *j = arg;
    serve *sv = j->sv;
    pp_run_result *r = NULL;
    pp_error e, perr;
    pp_error_clear(&e);
    pp_error_clear(&perr);
    pp_scn_status status =
        pp_whatif_plan_one(sv->ws, sv->fc, sv->req, sv->base, &sv->set->items[j->index], &sv->rp,
                           &r, &e);
    if (pack_result(&j->msg, j->index, status, &e, r, sv->ws, &perr) != PP_OK) {
        /* the folder could not be made: the scenario failed here, and says why */
        pp_free(j->msg.p);
        j->msg = (pack){0};
        pp_error_prefix(&perr, "scenario %s", sv->set->items[j->index].name);
        pack_result(&j->msg, j->index, PP_SCN_FAILED, &perr, NULL, sv->ws, NULL);
    }
    pp_run_result_free(r);
    pp_plan_thread_cleanup();
    pthread_mutex_lock(&sv->lock);
    j->next = sv->finished;
    sv->finished = j;
    pthread_cond_signal(&sv->cv);
    pthread_mutex_unlock(&sv->lock);
    return NULL;
}

static void send_fail(pp_cluster *c, const char *why)
{
    pp_cluster_send(c, 0, TAG_FAIL, why, strlen(why));
}

/* Test hooks (tests/e2e/test_mpi.py): the rank that is handed scenario NAME fails
 * (PEAKPLAN_TEST_RANK_FAIL=NAME) or dies (PEAKPLAN_TEST_RANK_KILL=NAME); rank 0 dies
 * once N scenarios are back and kept (PEAKPLAN_TEST_RANK0_KILL_AFTER=N). */
static bool hook(const char *var, const char *name)
{
    const char *v = getenv(var);
    return v && strcmp(v, name) == 0;
}

pp_status pp_whatif_serve(const pp_workspace *ws, const pp_scenario_set *set,
                          const pp_whatif_params *p, const pp_error *load_err, pp_error *err)
{
    pp_cluster *c = p->cluster;
    char why[1200];
    if (!ws || !set) {
        pp_error_format(load_err, why, sizeof why);
        send_fail(c, why);
        return PP_OK;
    }
    serve sv = {.ws = ws, .set = set, .rp = p->run};
    sv.rp.progress = NULL;
    if (sv.rp.solver_threads <= 0)
        sv.rp.solver_threads = 1; /* as pp_whatif_run: every plan of a batch alike */
    pp_grid *fc = NULL, *req = NULL;
    pp_error e;
    pp_error_clear(&e);
    pp_status st = pp_stage_forecast(ws, &sv.rp, &fc, &e);
    if (st == PP_OK)
        st = pp_stage_staff(ws->queues, ws->nq, fc, pp_run_quantile(ws, &sv.rp), NULL, NULL, &req,
                            &e);
    if (st != PP_OK) {
        pp_error_prefix(&e, "base forecast");
        pp_error_format(&e, why, sizeof why);
        send_fail(c, why);
        pp_grid_free(fc);
        return PP_OK;
    }
    sv.fc = fc;
    sv.req = req;
    /* The scenarios start from the base plan (scenario.c).  Rank 0's is not sent
     * over: this rank plans the base itself, through the same code with the same
     * solver threads, so it is the very same plan (as the forecast and the
     * requirements are) unless a time limit stops it -- the condition under which
     * plans do not depend on the thread count anyway (docs/performance.md). */
    pp_plan *bplan = NULL;
    pp_grid *bcov = NULL;
    pp_stage_inputs bsi = {.ws = ws};
    pp_error be;
    pp_error_clear(&be);
    pp_status bst = pp_stage_plan(&bsi, req, &sv.rp, &bplan, &bcov, &be);
    pp_grid_free(bcov);
    if (bst == PP_ENOMEM) {
        pp_plan_free(bplan);
        pp_error_format(&be, why, sizeof why);
        send_fail(c, why);
        pp_grid_free(fc);
        pp_grid_free(req);
        return PP_OK;
    }
    sv.base = bplan; /* an infeasible base: its empty roster, the commitments topped up */
    pthread_mutex_init(&sv.lock, NULL);
    pthread_cond_init(&sv.cv, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t most = p->threads > 0 ? (size_t)p->threads : (size_t)(cores > 0 ? cores : 1);
    size_t inflight = 0;
    bool stop = false;
    const char *failing = NULL;
    for (;;) {
        while (!stop && inflight < most) {
            int64_t index = -1;
            int tag;
            size_t len;
            if (pp_cluster_send(c, 0, TAG_READY, "", 0) != 0 ||
                pp_cluster_wait(c, 0, &tag, &len) != 0 || tag != TAG_WORK ||
                len != sizeof index || pp_cluster_recv(c, 0, TAG_WORK, &index, len) != 0) {
                st = pp_error_set(err, PP_EIO, "MPI: talking to rank 0 failed");
                stop = true;
                break;
            }
            if (index < 0 || (size_t)index >= set->n) {
                stop = true;
                break;
            }
            const char *name = set->items[index].name;
            if (hook("PEAKPLAN_TEST_RANK_KILL", name))
                raise(SIGKILL);
            if (hook("PEAKPLAN_TEST_RANK_FAIL", name)) {
                failing = name; /* said once the scenarios in flight are back */
                stop = true;
                break;
            }
            job *j = pp_calloc(1, sizeof *j);
            if (j) {
                j->sv = &sv;
                j->index = (size_t)index;
            }
            if (!j || pthread_create(&j->tid, NULL, job_thread, j) != 0) {
                pp_free(j);
                snprintf(why, sizeof why, "cannot start a planning thread for scenario %s", name);
                failing = why;
                stop = true;
                break;
            }
            inflight++;
        }
        if (inflight == 0)
            break;
        pthread_mutex_lock(&sv.lock);
        while (!sv.finished)
            pthread_cond_wait(&sv.cv, &sv.lock);
        job *j = sv.finished;
        sv.finished = j->next;
        pthread_mutex_unlock(&sv.lock);
        pthread_join(j->tid, NULL);
        inflight--;
        if (pp_cluster_send(c, 0, TAG_RESULT, j->msg.p, j->msg.n) != 0 && st == PP_OK)
            st = pp_error_set(err, PP_EIO, "MPI: sending a result to rank 0 failed");
        pp_free(j->msg.p);
        pp_free(j);
    }
    if (failing) {
        char said[PP_NAME_MAX + 64];
        snprintf(said, sizeof said, "failed on scenario %.*s (test hook)", PP_NAME_MAX,
                 failing);
        send_fail(c, failing == why ? why : said);
    }
    pthread_cond_destroy(&sv.cv);
    pthread_mutex_destroy(&sv.lock);
    pp_plan_free(bplan);
    pp_grid_free(fc);
    pp_grid_free(req);
    return st;
}
