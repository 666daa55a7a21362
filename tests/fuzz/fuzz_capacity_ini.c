/* fuzz_capacity_ini.c -- capacity.ini (pp_cap_config_load, inih underneath): the
 * [capacity], [cost], [solver] keys and the week/month/default [shrinkage] keys that
 * are resolved into one value per week. */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_error_clear(&err);
    pp_cap_config c;
    /* weeks as written, and a caller's override as `capacity --weeks` gives */
    for (size_t weeks = 0; weeks <= 3; weeks += 3) {
        (void)pp_cap_config_load(path, weeks, &c, &err);
        pp_cap_config_release(&c); /* a failed load has released already: a no-op */
        pp_error_clear(&err);
    }
    return 0;
}
