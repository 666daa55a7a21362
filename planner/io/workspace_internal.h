/* workspace_internal.h -- the workspace record, for library modules only. */
#ifndef PEAKPLAN_WORKSPACE_INTERNAL_H
#define PEAKPLAN_WORKSPACE_INTERNAL_H

#include "peakplan/workspace.h"

struct pp_workspace {
    char *dir;
    pp_plan_config config;
    pp_queue *queues;
    size_t nq;
    const char **queue_names; /* nq pointers into queues[].name */
    pp_vendor *vendors;
    size_t nv;
    unsigned char *vendor_queue;
    pp_shift_family *families;
    size_t nf;
    unsigned char *family_vendor;
    pp_event *events;
    size_t ne;
    unsigned char *event_queues;
    pp_history history;
};

/* Parses a shifts.csv `breaks` cell (shift_breaks.c) for a shift of
 * length_minutes: up to PP_MAX_BREAKS breaks in out[], *nb of them; items
 * without a paid marker take default_paid.  False with a message in msg
 * (size bytes) when the cell is malformed or a window is invalid. */
bool pp_parse_shift_breaks(const char *cell, bool default_paid, int length_minutes,
                           pp_break_rule out[PP_MAX_BREAKS], int *nb, char *msg, size_t size);

/* Joins dir and name into a malloc'd path (NULL on out of memory). */
char *pp_path_join(const char *dir, const char *name);

#endif
