/*
 * outset.h (private) -- output sets that replace the previous one whole or not at all.
 *
 * A folder set (pp_outset_new) writes every file into a hidden temporary folder
 * beside OUTDIR (`.NAME.peakplan-XXXXXX`), fsyncs them, marks the folder with a
 * `.peakplan` file and swaps it into place with one renameat2(RENAME_EXCHANGE)
 * (rename when OUTDIR does not exist yet); the previous set, now under the
 * temporary name, is then removed.  So OUTDIR holds the previous complete set or
 * the new complete set, never a mixture and never stale files of an older run.
 * A non-empty OUTDIR that peakplan did not make (no `.peakplan` marker, and files
 * other than peakplan's own output names) is refused with PP_EINVAL.
 *
 * A single-file set (pp_outset_single) writes a regular file through a temporary
 * file renamed over it in the same folder; anything else at the path (a device
 * such as /dev/null or /dev/full, a FIFO, a link to a file descriptor) is written
 * through, never replaced; "-" and /dev/stdout are standard output.
 *
 * Failures while writing (ENOSPC, EIO, ...) are PP_EWRITE; an unusable output
 * path (missing parent, permission, a file where a folder is wanted) is PP_EIO.
 * Temporary paths are kept in a registry that pp_outset_signal_cleanup() empties
 * from a signal handler.
 */
#ifndef PEAKPLAN_OUTSET_H
#define PEAKPLAN_OUTSET_H

#include <stdio.h>

#include "peakplan/error.h"

typedef struct pp_outset pp_outset;

/* The name of the marker file in every output folder peakplan makes. */
#define PP_OUTSET_MARKER ".peakplan"

/* A set of files that will replace folder `dir` (created on commit if missing);
 * "-" = a single file to standard output.  Checks that `dir` may be replaced
 * and creates the hidden temporary folder.  PP_EINVAL (a foreign folder, a file
 * at the path), PP_EIO (cannot create beside it), PP_EWRITE, PP_ENOMEM. */
pp_status pp_outset_new(const char *dir, pp_outset **out, pp_error *err);
/* Creates `name` ("file.csv" or "sub/file.csv") in the set and returns its stream,
 * owned by the set (do not fclose).  NULL on error (err set). */
FILE *pp_outset_open(pp_outset *set, const char *name, pp_error *err);
/* The temporary folder the files are being written to (to add more files, e.g. a
 * report, before commit); NULL for a single-file set. */
const char *pp_outset_dir(const pp_outset *set);
/* Checks, flushes, fsyncs and closes every file opened so far (their streams are
 * then gone), so that they can be read back before commit. */
pp_status pp_outset_close_files(pp_outset *set, pp_error *err);
/* Checks, flushes, fsyncs and closes every file, then moves the set into place. */
pp_status pp_outset_commit(pp_outset *set, pp_error *err);
/* Removes everything not committed and frees the set.  NULL is a no-op. */
void pp_outset_free(pp_outset *set);

/* A set of the single file `path` (see above); *fp gets its stream. */
pp_status pp_outset_single(const char *path, pp_outset **out, FILE **fp, pp_error *err);

/* Removes every temporary file and folder of sets not yet committed.  Async-signal-
 * safe: for a handler that then calls _exit. */
void pp_outset_signal_cleanup(void);

/* Tests only: nonzero = commit as on a filesystem without RENAME_EXCHANGE. */
void pp_outset_test_no_exchange(int on);

#endif
