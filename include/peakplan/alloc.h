/*
 * alloc.h -- where libpeakplan's memory comes from.
 *
 * Every allocation the library makes itself goes through one function, Lua
 * style, which a program may replace: to count or cap memory, or to fail the
 * Nth allocation in a test (tests/fault/).  The allocations made inside GLPK
 * and GSL do not come here; out of memory there is caught by their error
 * hooks and reported as PP_ENOMEM just the same.
 */
#ifndef PEAKPLAN_ALLOC_H
#define PEAKPLAN_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* realloc-like: ptr NULL and size > 0 allocates; size 0 frees ptr (returns NULL);
 * otherwise resizes.  Returns NULL on failure (ptr is then untouched).  Must be
 * thread-safe: plans run on several threads. */
typedef void *(*pp_alloc_fn)(void *userdata, void *ptr, size_t size);

/* Installs fn (NULL restores the C library's malloc/realloc/free).  Call it
 * before any other libpeakplan function and while no object of the library is
 * alive: memory must be freed by the allocator that made it. */
void pp_set_allocator(pp_alloc_fn fn, void *userdata);

#ifdef __cplusplus
}
#endif
#endif
