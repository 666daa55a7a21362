/* fuzz_scenarios.c -- scenarios.csv (pp_scenarios_load) against the bundled example
 * workspace (loaded once), as `whatif` reads it before anything runs. */
#include "fuzz_common.h"

static pp_workspace *ws;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pp_error err;
    pp_error_clear(&err);
    pp_set_warn_handler(fuzz_quiet, NULL);
    if (pp_workspace_load(PP_FUZZ_EXAMPLE, &ws, &err) != PP_OK)
        fuzz_die(PP_FUZZ_EXAMPLE, &err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_error_clear(&err);
    pp_scenario_set *set = NULL;
    if (pp_scenarios_load(path, ws, &set, &err) == PP_OK) {
        for (size_t i = 0; i < pp_scenarios_count(set); i++)
            (void)pp_scenarios_name(set, i);
        pp_scenarios_free(set);
    }
    return 0;
}
