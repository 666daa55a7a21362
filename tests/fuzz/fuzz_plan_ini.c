/* fuzz_plan_ini.c -- plan.ini (pp_plan_config_load, inih underneath). */
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
    pp_plan_config c;
    pp_plan_config_init(&c);
    (void)pp_plan_config_load(path, &c, &err);
    return 0;
}
