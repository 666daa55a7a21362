/* alloc.c -- the allocation hook (include/peakplan/alloc.h, planner/core/alloc.h). */
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *libc_alloc(void *userdata, void *ptr, size_t size)
{
    (void)userdata;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

static pp_alloc_fn alloc_fn = libc_alloc;
static void *alloc_ud;

void pp_set_allocator(pp_alloc_fn fn, void *userdata)
{
    alloc_fn = fn ? fn : libc_alloc;
    alloc_ud = fn ? userdata : NULL;
}

void *pp_malloc(size_t size)
{
    /* size 0 still returns a pointer (as glibc does), so "NULL means out of
     * memory" holds for every caller */
    return alloc_fn(alloc_ud, NULL, size ? size : 1);
}

void *pp_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    void *p = pp_malloc(bytes);
    if (p)
        memset(p, 0, bytes ? bytes : 1);
    return p;
}

void *pp_realloc(void *ptr, size_t size)
{
    if (size == 0) {
        pp_free(ptr);
        return NULL;
    }
    return alloc_fn(alloc_ud, ptr, size);
}

void pp_free(void *ptr)
{
    if (ptr)
        alloc_fn(alloc_ud, ptr, 0);
}

char *pp_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = pp_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}
