/* fuzz_events.c -- events.csv (pp_load_events): against the example's queue names, and
 * with no names (forecast --events without a workspace). */
#include "fuzz_common.h"

static pp_queue *queues;
static const char **names;
static size_t nq;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_queue_fixture(PP_FUZZ_EXAMPLE "/queues.csv", &queues, &nq, &names);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    for (int pass = 0; pass < 2; pass++) {
        pp_error err;
        pp_error_clear(&err);
        pp_event *ev = NULL;
        unsigned char *eq = NULL;
        size_t ne = 0;
        if (pp_load_events(path, pass ? NULL : names, pass ? 0 : nq, &ev, &ne, &eq, &err) ==
            PP_OK) {
            free(ev);
            free(eq);
        }
    }
    return 0;
}
