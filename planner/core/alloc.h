/*
 * alloc.h (private) -- the library's allocation functions: malloc, calloc,
 * realloc, free and strdup through the hook of include/peakplan/alloc.h.
 * Library code calls these, never the C library's directly.
 */
#ifndef PEAKPLAN_PRIVATE_ALLOC_H
#define PEAKPLAN_PRIVATE_ALLOC_H

#include <stddef.h>

#include "peakplan/alloc.h"

void *pp_malloc(size_t size);                 /* size 0 gives a valid unique pointer */
void *pp_calloc(size_t count, size_t size);   /* zeroed; NULL on overflow */
void *pp_realloc(void *ptr, size_t size);     /* size 0 frees and returns NULL */
void pp_free(void *ptr);                      /* NULL is a no-op */
char *pp_strdup(const char *s);

#endif
