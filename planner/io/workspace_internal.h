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

/* Joins dir and name into a malloc'd path (NULL on out of memory). */
char *pp_path_join(const char *dir, const char *name);

#endif
