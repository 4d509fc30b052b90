/* SPDX-License-Identifier: ISC */
/*
 * selftest.h - the self-test hvfw runs at EL2 on every boot: stage 2,
 * the EL2 map, the VMID allocator, interrupts and the other CPUs.
 */
#ifndef HVFW_SELFTEST_H
#define HVFW_SELFTEST_H

#include <stdint.h>

#include "s2env.h"

/**
 * struct selftest_config - what the self-test works with.
 * @env:         the firmware's stage-2 environment (pool, real TLBI).
 * @ram_base:    start of RAM (1 GiB aligned on QEMU virt).
 * @ipa_bits:    IPA size to build the stage-2 tables for (32..48).
 * @pa_bits:     the CPU's PA size.
 * @vmid_bits:   the CPU's VMID width (8 or 16).
 * @device_va:   an address the EL2 map has as Device-nGnRE.
 * @unmapped_va: an address the EL2 map does not map.
 * @cpu_count:   the board's CPUs (struct plat_board), every one of which
 *               must be up (smp_boot()) and in smp_idle().
 */
struct selftest_config {
	struct s2env *env;
	uint64_t ram_base;
	unsigned int ipa_bits;
	unsigned int pa_bits;
	unsigned int vmid_bits;
	uint64_t device_va;
	uint64_t unmapped_va;
	unsigned int cpu_count;
};

/**
 * selftest_run() - run every check, one console line each.
 * @cfg: the configuration.
 *
 * Prints "hvfw: selftest: N checks", then "hvfw: selftest NAME ok" or
 * "hvfw: selftest NAME FAIL file:line: condition" per check, then
 * "hvfw: selftest P passed, F failed".  The checks build a stage-2 address
 * space with libhv and the real TLB and cache operations, verify its shape
 * and its bookkeeping, have the MMU translate through it (AT S12E1R/W with
 * HCR_EL2.VM = 1), exercise the VMID allocator's rollover at 3 bits, and
 * tear everything down, checking every table page came back to the pool.
 * They also have the EL2 timer interrupt the calling CPU through the GIC,
 * kick every other CPU and see it answer, and have PSCI refuse CPU_ON for
 * CPUs that are on or do not exist.  Stage 2 is off again when it returns.
 *
 * Return: the number of failed checks.
 */
unsigned int selftest_run(const struct selftest_config *cfg);

#endif /* HVFW_SELFTEST_H */
