/* fuzz_common.h -- shared by the libFuzzer harnesses in tests/fuzz/ (one per reader).
 *
 * The readers take paths, so each input is written to an anonymous in-memory file
 * (memfd_create; one per process, rewritten for every input) and the reader is given
 * its /proc/self/fd/N path: no file is ever left behind, even when a run crashes, and
 * parallel fuzzers cannot collide. Fixtures (queues, vendors, a workspace) are read
 * once from the source tree (PP_FUZZ_EXAMPLE = data/example, PP_FUZZ_SMALL = the
 * golden small workspace), whose paths tests/fuzz/meson.build compiles in.
 * Warnings (pp_warn) are swallowed: a reader's warnings are not findings. */
#ifndef PP_FUZZ_COMMON_H
#define PP_FUZZ_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "peakplan/peakplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void fuzz_quiet(void *userdata, const char *message)
{
    (void)userdata;
    (void)message;
}

static void fuzz_die(const char *what, const pp_error *err)
{
    fprintf(stderr, "fuzz setup: %s: %s\n", what, err ? err->msg : strerror(errno));
    abort();
}

/* Writes the input to this process's memfd and returns a path that opens it. */
static const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("pp_fuzz_input", MFD_CLOEXEC);
        if (fd < 0)
            fuzz_die("memfd_create", NULL);
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        pp_set_warn_handler(fuzz_quiet, NULL);
    }
    if (ftruncate(fd, 0) != 0)
        fuzz_die("ftruncate", NULL);
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        if (w <= 0)
            fuzz_die("pwrite", NULL);
        done += (size_t)w;
    }
    return path;
}

/* Queue names of a queues.csv fixture (arrays owned by the caller, freed at exit). */
static inline void fuzz_queue_fixture(const char *path, pp_queue **queues, size_t *nq,
                               const char ***names)
{
    pp_error err;
    pp_error_clear(&err);
    if (pp_load_queues(path, queues, nq, &err) != PP_OK)
        fuzz_die(path, &err);
    *names = malloc(*nq * sizeof **names);
    if (!*names)
        fuzz_die("malloc", NULL);
    for (size_t q = 0; q < *nq; q++)
        (*names)[q] = (*queues)[q].name;
}

/* The example's vendors (read against its queues, which are freed again: the
 * vendors keep no pointer into them). */
static inline void fuzz_vendor_fixture(pp_vendor **vendors, size_t *nv)
{
    pp_queue *queues;
    const char **names;
    size_t nq;
    unsigned char *vq;
    pp_error err;
    pp_error_clear(&err);
    fuzz_queue_fixture(PP_FUZZ_EXAMPLE "/queues.csv", &queues, &nq, &names);
    if (pp_load_vendors(PP_FUZZ_EXAMPLE "/vendors.csv", names, nq, vendors, nv, &vq, &err) !=
        PP_OK)
        fuzz_die("vendors.csv", &err);
    free(vq);
    free(names);
    free(queues);
}

#endif
