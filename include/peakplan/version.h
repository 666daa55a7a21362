/*
 * version.h -- which peakplan this is, for programs built against the library.
 *
 * PEAKPLAN_VERSION is the release; PEAKPLAN_API_VERSION counts changes to the
 * public headers that break source compatibility (a program can test it with
 * #if).  pp_version() tells the version of the library actually linked, which
 * differs from the header's when a shared library was upgraded underneath.
 */
#ifndef PEAKPLAN_VERSION_H
#define PEAKPLAN_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define PEAKPLAN_VERSION_MAJOR 0
#define PEAKPLAN_VERSION_MINOR 1
#define PEAKPLAN_VERSION_PATCH 0
#define PEAKPLAN_VERSION "0.1.0"
#define PEAKPLAN_API_VERSION 1

/* The linked library's version string, e.g. "0.1.0" (static storage). */
const char *pp_version(void);

#ifdef __cplusplus
}
#endif
#endif
