/* version.c -- the linked library's version (include/peakplan/version.h). */
#include "peakplan/version.h"

const char *pp_version(void) { return PEAKPLAN_VERSION; }
