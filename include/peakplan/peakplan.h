/*
 * peakplan.h -- every public header of libpeakplan, for programs that want
 * them all (`#include <peakplan/peakplan.h>`, `pkg-config --cflags --libs
 * peakplan`).  No GLPK, GSL or libcsv type appears in any of them.
 */
#ifndef PEAKPLAN_PEAKPLAN_H
#define PEAKPLAN_PEAKPLAN_H

#include "peakplan/version.h"
#include "peakplan/error.h"
#include "peakplan/interrupt.h"
#include "peakplan/alloc.h"
#include "peakplan/timeutil.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"
#include "peakplan/workspace.h"
#include "peakplan/forecast.h"
#include "peakplan/staffing.h"
#include "peakplan/plan.h"
#include "peakplan/pipeline.h"
#include "peakplan/scenario.h"
#include "peakplan/output.h"
#include "peakplan/report.h"
#include "peakplan/simulate.h"
#include "peakplan/capacity.h"

#endif
