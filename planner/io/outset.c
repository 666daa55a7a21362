/*
 * outset.c -- output sets that replace the previous one whole or not at all
 * (see outset.h for the contract).
 *
 * Why a folder swap and not a rename per file: renaming five files one by one
 * leaves a mixture when the third rename fails or the process dies between
 * two, and never removes a file the new run no longer writes (an old scenario
 * folder, an old roster beside an infeasible summary).  One renameat2 with
 * RENAME_EXCHANGE swaps the whole folder in a single step; the old set ends up
 * under the temporary name and is removed afterwards, so an interrupted removal
 * leaves at worst a hidden `.NAME.peakplan-XXXXXX` folder beside OUTDIR, never a
 * mixture inside it.  Filesystems without RENAME_EXCHANGE get two renames
 * (old set aside, new set in) with a moment where OUTDIR is absent -- still
 * never mixed.
 *
 * Signals: a handler may call pp_outset_signal_cleanup() and _exit.  Every
 * temporary path sits in a fixed table whose slots change state with atomic
 * compare-and-swap, so the handler (on any thread) and the committing thread
 * never both act on one path: the handler removes only ACTIVE (not yet
 * committing) or OLD (already swapped out) paths, and a commit proceeds only if
 * it takes the slot from ACTIVE first.  The removal itself uses only
 * open/getdents64/unlinkat/close, which are async-signal-safe.
 */
#define _GNU_SOURCE 1 /* renameat2, getdents64 */

#include "io/outset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

/* ------------------------------------------------------------ the registry */

enum { R_FREE, R_BUSY, R_ACTIVE, R_COMMITTING, R_OLD, R_CLAIMED };
#define NSLOTS 16

static char reg_path[NSLOTS][PATH_MAX];
static atomic_int reg_state[NSLOTS];

static int reg_add(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < NSLOTS; i++) {
        int expect = R_FREE;
        if (atomic_compare_exchange_strong(&reg_state[i], &expect, R_BUSY)) {
            strcpy(reg_path[i], path);
            atomic_store(&reg_state[i], R_ACTIVE);
            return i;
        }
    }
    return -1; /* full: the path is still removed normally, just not by a handler */
}

/* Moves slot from state `from` to `to`; false if it was not in `from` (a handler
 * claimed it).  A path that is not registered always moves. */
static bool reg_move(int slot, int from, int to)
{
    if (slot < 0)
        return true;
    int expect = from;
    return atomic_compare_exchange_strong(&reg_state[slot], &expect, to);
}

static void reg_release(int slot)
{
    if (slot < 0)
        return;
    int cur = atomic_load(&reg_state[slot]);
    while (cur != R_CLAIMED && cur != R_FREE &&
           !atomic_compare_exchange_weak(&reg_state[slot], &cur, R_FREE))
        ;
}

/* Removes everything inside the open folder dfd (async-signal-safe). */
static void remove_inside(int dfd, int depth)
{
    char buf[4096] __attribute__((aligned(8)));
    for (int pass = 0; pass < 4; pass++) {
        bool removed = false;
        if (lseek(dfd, 0, SEEK_SET) != 0)
            return;
        ssize_t n;
        while ((n = getdents64(dfd, buf, sizeof buf)) > 0) {
            for (ssize_t pos = 0; pos < n;) {
                struct dirent64 *e = (struct dirent64 *)(void *)(buf + pos);
                pos += e->d_reclen;
                const char *name = e->d_name;
                if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
                    continue;
                if (unlinkat(dfd, name, 0) == 0) {
                    removed = true;
                    continue;
                }
                if ((errno == EISDIR || errno == EPERM) && depth < 8) {
                    int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                    if (sub >= 0) {
                        remove_inside(sub, depth + 1);
                        close(sub);
                    }
                    if (unlinkat(dfd, name, AT_REMOVEDIR) == 0)
                        removed = true;
                }
            }
        }
        if (!removed)
            return;
    }
}

/* Removes a file or a folder tree (async-signal-safe). */
static void remove_path(const char *path)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        remove_inside(fd, 0);
        close(fd);
    }
    rmdir(path);
}

void pp_outset_signal_cleanup(void)
{
    for (int i = 0; i < NSLOTS; i++) {
        int expect = R_ACTIVE;
        bool mine = atomic_compare_exchange_strong(&reg_state[i], &expect, R_CLAIMED);
        if (!mine) {
            expect = R_OLD;
            mine = atomic_compare_exchange_strong(&reg_state[i], &expect, R_CLAIMED);
        }
        if (mine)
            remove_path(reg_path[i]);
    }
}

/* ------------------------------------------------------------ the set */

typedef enum set_mode {
    SET_DIR,     /* a folder swapped into place */
    SET_FILE,    /* one regular file: temporary file renamed over it */
    SET_THROUGH, /* one non-regular file written in place */
    SET_STDOUT   /* standard output */
} set_mode;

typedef struct outfile {
    FILE *fp;
    char *path; /* where it is written (inside the temporary folder for SET_DIR) */
    char *shown; /* its final name, for messages */
} outfile;

struct pp_outset {
    set_mode mode;
    char *shown;  /* the path as the caller gave it */
    char *final;  /* OUTDIR (resolved) or the final file */
    char *tmp;    /* temporary folder or file; NULL for THROUGH / STDOUT */
    char *parent; /* folder holding `final` (fsynced after the rename) */
    int slot;     /* registry slot of `tmp`, -1 = none */
    mode_t dir_mode;
    outfile *files;
    size_t n, cap;
};

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = pp_malloc(la + lb + 2);
    if (s) {
        memcpy(s, a, la);
        s[la] = '/';
        memcpy(s + la + 1, b, lb + 1);
    }
    return s;
}

static int push(void **arr, size_t *n, size_t *cap, size_t elem)
{
    if (*n < *cap)
        return 0;
    size_t nc = *cap ? 2 * *cap : 8;
    void *p = pp_realloc(*arr, nc * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

/* Writing failures (the disk, not the path the user gave) are PP_EWRITE. */
static pp_status io_error(pp_error *err, int e, const char *path, const char *what)
{
    pp_status code = (e == ENOSPC || e == EDQUOT || e == EIO || e == EFBIG || e == ENOMEM)
                         ? PP_EWRITE
                         : PP_EIO;
    return pp_error_at(err, code, path, 0, 0, "%s: %s", what, strerror(e));
}

static void fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd); /* EINVAL on filesystems that cannot: nothing to do */
        close(fd);
    }
}

/* fsyncs every regular file under `path` (files added by an extra writer too) and the
 * folders themselves, deepest first; 0, or the errno of the first failure. */
static int fsync_tree(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d)
        return errno;
    int bad = 0;
    struct dirent *e;
    char sub[PATH_MAX];
    while (!bad && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        struct stat sb;
        if (n < 0 || (size_t)n >= sizeof sub || lstat(sub, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth < 8) {
            bad = fsync_tree(sub, depth + 1);
        } else if (S_ISREG(sb.st_mode)) {
            int fd = open(sub, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                bad = errno;
            else if (fsync(fd) != 0 && errno != EINVAL)
                bad = errno;
            if (fd >= 0)
                close(fd);
        }
    }
    closedir(d);
    if (!bad)
        fsync_path(path);
    return bad;
}

/* The names peakplan writes into an output folder: a folder holding only these (and
 * sub-folders holding only these, the what-if scenarios) was made by peakplan
 * before the .peakplan marker existed. */
static bool known_output_name(const char *name)
{
    static const char *const names[] = {
        "forecast.csv", "requirements.csv", "roster.csv", "coverage.csv", "summary.csv",
        "scenarios_summary.csv", "simulation.csv", "report.html", "plan.xlsx", NULL};
    if (name[0] == '.') /* a temporary file left by an older version: .roster.csv.XXXXXX */
        name++;
    for (size_t i = 0; names[i]; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(name, names[i], n) == 0 && (name[n] == '\0' || name[n] == '.'))
            return true;
    }
    return false;
}

/* 1 if folder `path` may be replaced (empty, marked, or only peakplan's files),
 * 0 if not, -1 with errno if it cannot be read. */
static int replaceable(const char *path, int depth)
{
    char sub[PATH_MAX];
    struct stat sb;
    int n = snprintf(sub, sizeof sub, "%s/%s", path, PP_OUTSET_MARKER);
    if (depth == 0 && n > 0 && (size_t)n < sizeof sub && lstat(sub, &sb) == 0 &&
        S_ISREG(sb.st_mode))
        return 1;
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int ok = 1;
    struct dirent *e;
    while (ok == 1 && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (known_output_name(name))
            continue;
        n = snprintf(sub, sizeof sub, "%s/%s", path, name);
        if (depth == 0 && n > 0 && (size_t)n < sizeof sub && lstat(sub, &sb) == 0 &&
            S_ISDIR(sb.st_mode) && replaceable(sub, 1) == 1)
            continue;
        ok = 0;
    }
    closedir(d);
    return ok;
}

static pp_status set_alloc(set_mode mode, const char *shown, pp_outset **out, pp_error *err)
{
    pp_outset *s = pp_calloc(1, sizeof *s);
    if (s && !(s->shown = pp_strdup(shown))) {
        pp_free(s);
        s = NULL;
    }
    if (!s)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    s->mode = mode;
    s->slot = -1;
    *out = s;
    return PP_OK;
}

pp_status pp_outset_new(const char *dir, pp_outset **out, pp_error *err)
{
    *out = NULL;
    if (strcmp(dir, "-") == 0)
        return set_alloc(SET_STDOUT, "-", out, err);
    char given[PATH_MAX], real[PATH_MAX];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof given)
        return pp_error_at(err, PP_EINVAL, dir, 0, 0, "not a usable output folder name");
    memcpy(given, dir, len + 1);
    while (len > 1 && given[len - 1] == '/')
        given[--len] = '\0';
    struct stat sb;
    mode_t dir_mode = 0755;
    const char *target = given;
    if (stat(given, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return pp_error_at(err, PP_EINVAL, dir, 0, 0,
                               "output path exists and is not a folder");
        if (!realpath(given, real))
            return io_error(err, errno, dir, "cannot resolve the output folder");
        if (strcmp(real, "/") == 0)
            return pp_error_at(err, PP_EINVAL, dir, 0, 0, "cannot replace the root folder");
        int ok = replaceable(real, 0);
        if (ok < 0)
            return io_error(err, errno, dir, "cannot read the output folder");
        if (ok == 0)
            return pp_error_at(err, PP_EINVAL, dir, 0, 0,
                               "refusing to replace a folder peakplan did not make (it is not "
                               "empty and has no %s marker); give another -o or empty it",
                               PP_OUTSET_MARKER);
        dir_mode = sb.st_mode & 07777;
        target = real;
    } else if (errno != ENOENT) {
        return io_error(err, errno, dir, "cannot use as output folder");
    }
    /* parent and base name of the target */
    const char *slash = strrchr(target, '/');
    char parent[PATH_MAX];
    const char *base = slash ? slash + 1 : target;
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else if (slash == target)
        snprintf(parent, sizeof parent, "/");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - target), target);
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return pp_error_at(err, PP_EINVAL, dir, 0, 0, "not a usable output folder name");

    pp_outset *s = NULL;
    pp_status st = set_alloc(SET_DIR, dir, &s, err);
    if (st != PP_OK)
        return st;
    s->dir_mode = dir_mode;
    s->final = pp_strdup(target);
    s->parent = pp_strdup(parent);
    size_t tl = strlen(parent) + strlen(base) + 32;
    s->tmp = pp_malloc(tl);
    if (!s->final || !s->parent || !s->tmp) {
        pp_outset_free(s);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    snprintf(s->tmp, tl, "%s/.%s.peakplan-XXXXXX", parent, base);
    if (!mkdtemp(s->tmp)) {
        st = io_error(err, errno, dir, "cannot create the output folder");
        pp_free(s->tmp);
        s->tmp = NULL;
        pp_outset_free(s);
        return st;
    }
    s->slot = reg_add(s->tmp);
    *out = s;
    return PP_OK;
}

const char *pp_outset_dir(const pp_outset *s) { return s->mode == SET_DIR ? s->tmp : NULL; }

static FILE *add_file(pp_outset *s, FILE *fp, char *path, char *shown, pp_error *err)
{
    if (push((void **)&s->files, &s->n, &s->cap, sizeof *s->files)) {
        pp_error_set(err, PP_ENOMEM, "out of memory");
        return NULL;
    }
    s->files[s->n++] = (outfile){fp, path, shown};
    return fp;
}

FILE *pp_outset_open(pp_outset *s, const char *name, pp_error *err)
{
    if (s->mode == SET_STDOUT && s->n == 0)
        return add_file(s, stdout, NULL, NULL, err);
    if (s->mode != SET_DIR) {
        pp_error_set(err, PP_EINVAL, "-o %s writes a single file; this command writes several",
                     s->shown);
        return NULL;
    }
    char *path = join(s->tmp, name), *shown = join(s->shown, name);
    if (!path || !shown) {
        pp_free(path);
        pp_free(shown);
        pp_error_set(err, PP_ENOMEM, "out of memory");
        return NULL;
    }
    /* "sub/file.csv": make the sub-folders */
    for (char *p = path + strlen(s->tmp) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        int bad = mkdir(path, 0755) != 0 && errno != EEXIST;
        int e = errno;
        *p = '/';
        if (bad) {
            io_error(err, e, shown, "cannot create folder");
            goto fail;
        }
    }
    FILE *fp = fopen(path, "wx");
    if (!fp) {
        io_error(err, errno, shown, "cannot create");
        goto fail;
    }
    if (!add_file(s, fp, path, shown, err)) {
        fclose(fp);
        goto fail;
    }
    return fp;
fail:
    pp_free(path);
    pp_free(shown);
    return NULL;
}

/* Flushes, checks, fsyncs (regular files) and closes one file. */
static pp_status close_file(outfile *f, bool do_fsync, pp_error *err)
{
    FILE *fp = f->fp;
    f->fp = NULL;
    errno = 0;
    bool bad = fflush(fp) != 0;
    int e = errno;
    bad = bad || ferror(fp);
    if (!bad && do_fsync && fsync(fileno(fp)) != 0 && errno != EINVAL) {
        bad = true;
        e = errno;
    }
    if (fp == stdout || fp == stderr) {
        if (bad)
            clearerr(fp);
    } else if (fclose(fp) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    if (!bad)
        return PP_OK;
    const char *name = f->shown ? f->shown : "standard output";
    if (e)
        return pp_error_at(err, PP_EWRITE, name, 0, 0, "write failed: %s", strerror(e));
    return pp_error_at(err, PP_EWRITE, name, 0, 0, "write failed");
}

/* Tests only: behave as on a filesystem without RENAME_EXCHANGE. */
static bool no_exchange;
void pp_outset_test_no_exchange(int on) { no_exchange = on != 0; }

static pp_status commit_dir(pp_outset *s, pp_error *err)
{
    char *marker = join(s->tmp, PP_OUTSET_MARKER);
    if (!marker)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    FILE *fp = fopen(marker, "wx");
    pp_free(marker);
    if (!fp)
        return io_error(err, errno, s->shown, "cannot create the folder marker");
    fputs("peakplan output folder: each run replaces it whole\n", fp);
    outfile mf = {fp, NULL, s->shown};
    pp_status st = close_file(&mf, false, err);
    if (st != PP_OK)
        return st;
    (void)chmod(s->tmp, s->dir_mode);
    int e = fsync_tree(s->tmp, 0); /* every file on disk before the set is swapped in */
    if (e)
        return pp_error_at(err, PP_EWRITE, s->shown, 0, 0, "write failed: %s", strerror(e));
    if (!reg_move(s->slot, R_ACTIVE, R_COMMITTING))
        return pp_error_at(err, PP_EWRITE, s->shown, 0, 0, "interrupted");
    struct stat sb;
    bool exists = lstat(s->final, &sb) == 0;
    if (!exists && rename(s->tmp, s->final) == 0)
        goto done_fresh;
    if (!exists && errno != EEXIST && errno != ENOTEMPTY)
        goto fail;
    if (!no_exchange && renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->final, RENAME_EXCHANGE) == 0) {
        /* the old set is now under the temporary name */
        reg_move(s->slot, R_COMMITTING, R_OLD);
        remove_path(s->tmp);
        goto done;
    }
    if (!no_exchange && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        goto fail;
    {
        /* no RENAME_EXCHANGE here: the old set aside, then the new one in */
        size_t bl = strlen(s->tmp) + 8;
        char *old = pp_malloc(bl);
        if (!old) {
            reg_move(s->slot, R_COMMITTING, R_ACTIVE);
            return pp_error_set(err, PP_ENOMEM, "out of memory");
        }
        snprintf(old, bl, "%s-old", s->tmp);
        if (rename(s->final, old) != 0) {
            pp_free(old);
            goto fail;
        }
        if (rename(s->tmp, s->final) != 0) {
            int back = errno;
            (void)rename(old, s->final);
            pp_free(old);
            errno = back;
            goto fail;
        }
        remove_path(old);
        pp_free(old);
    }
done_fresh:
    reg_move(s->slot, R_COMMITTING, R_OLD);
done:
    reg_release(s->slot);
    s->slot = -1;
    pp_free(s->tmp);
    s->tmp = NULL;
    fsync_path(s->parent);
    return PP_OK;
fail:
    e = errno;
    reg_move(s->slot, R_COMMITTING, R_ACTIVE);
    return pp_error_at(err, PP_EWRITE, s->shown, 0, 0, "cannot move the new output folder "
                       "into place: %s", strerror(e));
}

pp_status pp_outset_close_files(pp_outset *s, pp_error *err)
{
    pp_status st = PP_OK;
    for (size_t i = 0; i < s->n; i++)
        if (s->files[i].fp) {
            /* a folder's files are fsynced together at commit (fsync_tree) */
            pp_status fst = close_file(&s->files[i], s->mode == SET_FILE, err);
            if (st == PP_OK)
                st = fst;
        }
    return st;
}

pp_status pp_outset_commit(pp_outset *s, pp_error *err)
{
    /* close everything first: any failure keeps the previous set untouched */
    pp_status st = pp_outset_close_files(s, err);
    if (st != PP_OK)
        return st;
    switch (s->mode) {
    case SET_DIR: return commit_dir(s, err);
    case SET_FILE:
        if (!reg_move(s->slot, R_ACTIVE, R_COMMITTING))
            return pp_error_at(err, PP_EWRITE, s->shown, 0, 0, "interrupted");
        if (rename(s->tmp, s->final) != 0) {
            int e = errno;
            reg_move(s->slot, R_COMMITTING, R_ACTIVE);
            return pp_error_at(err, PP_EWRITE, s->shown, 0, 0, "cannot rename into place: %s",
                               strerror(e));
        }
        reg_release(s->slot);
        s->slot = -1;
        pp_free(s->tmp);
        s->tmp = NULL;
        fsync_path(s->parent);
        return PP_OK;
    case SET_THROUGH:
    case SET_STDOUT: return PP_OK;
    }
    return PP_OK;
}

void pp_outset_free(pp_outset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        outfile *f = &s->files[i];
        if (f->fp && f->fp != stdout && f->fp != stderr)
            fclose(f->fp);
        if (f->fp == stdout)
            fflush(stdout);
        pp_free(f->path);
        pp_free(f->shown);
    }
    if (s->tmp) {
        /* not committed: take the slot back from the handler's reach, then remove */
        if (reg_move(s->slot, R_ACTIVE, R_CLAIMED) || reg_move(s->slot, R_OLD, R_CLAIMED))
            remove_path(s->tmp);
        if (s->slot >= 0)
            atomic_store(&reg_state[s->slot], R_FREE);
    }
    pp_free(s->files);
    pp_free(s->tmp);
    pp_free(s->final);
    pp_free(s->parent);
    pp_free(s->shown);
    pp_free(s);
}

/* True for paths that name an open file descriptor (/proc/self/fd/1, /dev/fd/1). */
static bool fd_path(const char *p)
{
    return strncmp(p, "/proc/", 6) == 0 || strncmp(p, "/dev/fd/", 8) == 0;
}

/* Paths never replaced by a rename, whatever they are now: devices live in /dev
 * (a /dev/null that some tool turned into a regular file stays where it is). */
static bool device_path(const char *p)
{
    return strncmp(p, "/dev/", 5) == 0;
}

pp_status pp_outset_single(const char *path, pp_outset **out, FILE **fp, pp_error *err)
{
    *out = NULL;
    *fp = NULL;
    pp_outset *s = NULL;
    pp_status st;
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0) {
        if ((st = set_alloc(SET_STDOUT, "-", &s, err)) != PP_OK)
            return st;
        if (!add_file(s, stdout, NULL, NULL, err)) {
            pp_outset_free(s);
            return PP_ENOMEM;
        }
        *out = s;
        *fp = stdout;
        return PP_OK;
    }
    struct stat lsb, sb;
    bool exists = lstat(path, &lsb) == 0;
    if (!exists && errno != ENOENT)
        return io_error(err, errno, path, "cannot write");
    bool resolves = exists && stat(path, &sb) == 0;
    char target[PATH_MAX];
    bool through = false, append = false;
    const char *where = path;
    if (exists && S_ISLNK(lsb.st_mode)) {
        ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        if (!resolves) {
            through = true; /* a dangling link: create what it points to */
        } else if (fd_path(path) || fd_path(target) || device_path(path) ||
                   !S_ISREG(sb.st_mode)) {
            through = true;
            append = S_ISREG(sb.st_mode) && (fd_path(path) || fd_path(target));
        } else if (realpath(path, target)) {
            where = target; /* a link to a regular file: replace the file, keep the link */
        } else {
            return io_error(err, errno, path, "cannot resolve");
        }
    } else if (exists && S_ISDIR(lsb.st_mode)) {
        return pp_error_at(err, PP_EIO, path, 0, 0, "is a folder, not a file");
    } else if (exists && (!S_ISREG(lsb.st_mode) || fd_path(path) || device_path(path))) {
        through = true;
        append = S_ISREG(lsb.st_mode) && fd_path(path);
    }
    if (through) {
        if ((st = set_alloc(SET_THROUGH, path, &s, err)) != PP_OK)
            return st;
        /* a descriptor's file is appended to (a shell's `>>` stays right); another
         * regular file is rewritten; devices and FIFOs are just opened */
        bool regular = resolves && S_ISREG(sb.st_mode);
        int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC | (append ? O_APPEND : 0) |
                    (!resolves ? O_CREAT | O_TRUNC : regular && !append ? O_TRUNC : 0);
        int fd = open(path, flags, 0666);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        char *shown = pp_strdup(path);
        if (!f || !shown) {
            int e = errno;
            if (f)
                fclose(f);
            else if (fd >= 0)
                close(fd);
            pp_free(shown);
            pp_outset_free(s);
            return shown ? io_error(err, e, path, "cannot open for writing")
                         : pp_error_set(err, PP_ENOMEM, "out of memory");
        }
        if (!add_file(s, f, NULL, shown, err)) {
            fclose(f);
            pp_free(shown);
            pp_outset_free(s);
            return PP_ENOMEM;
        }
        *out = s;
        *fp = f;
        return PP_OK;
    }
    /* a regular file (or none yet): a temporary file beside it, renamed over it */
    if ((st = set_alloc(SET_FILE, path, &s, err)) != PP_OK)
        return st;
    const char *slash = strrchr(where, '/');
    const char *base = slash ? slash + 1 : where;
    size_t dl = slash ? (size_t)(slash - where) : 1;
    s->final = pp_strdup(where);
    s->parent = pp_malloc(dl + 2);
    s->tmp = pp_malloc(strlen(where) + 32);
    char *shown = pp_strdup(path);
    if (!s->final || !s->parent || !s->tmp || !shown) {
        pp_free(shown);
        pp_outset_free(s);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    if (!slash)
        snprintf(s->parent, dl + 2, ".");
    else
        snprintf(s->parent, dl + 2, "%.*s", dl ? (int)dl : 1, dl ? where : "/");
    snprintf(s->tmp, strlen(where) + 32, "%.*s.%s.XXXXXX", (int)(base - where), where, base);
    int fd = mkstemp(s->tmp);
    if (fd < 0) {
        st = io_error(err, errno, path, "cannot create");
        pp_free(s->tmp);
        s->tmp = NULL;
        pp_free(shown);
        pp_outset_free(s);
        return st;
    }
    s->slot = reg_add(s->tmp);
    (void)fchmod(fd, exists ? (sb.st_mode & 07777) : 0644);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        st = io_error(err, errno, path, "cannot create");
        pp_free(shown);
        pp_outset_free(s);
        return st;
    }
    if (!add_file(s, f, NULL, shown, err)) {
        fclose(f);
        pp_free(shown);
        pp_outset_free(s);
        return PP_ENOMEM;
    }
    *out = s;
    *fp = f;
    return PP_OK;
}
