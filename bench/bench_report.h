/* SPDX-License-Identifier: ISC */
/*
 * bench_report.h - the stage-2 benchmark's table: one row per case.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "bench_run.h"

void bench_report_header(unsigned int reps, size_t pool_bytes);
int bench_report_row(const struct bench_case *c,
    const struct bench_result *res, bool failed);

#endif /* BENCH_REPORT_H */
