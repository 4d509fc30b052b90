/* SPDX-License-Identifier: ISC */
/*
 * smp.h - the board's other CPUs: started once at boot, each known by its
 * index (the position of its MPIDR in the board's CPU list, 0 for the boot
 * CPU), and an idle loop for CPUs that have nothing to run yet.
 *
 * A secondary CPU starts in start.S (arch_secondary_entry), turns its MMU
 * on with the boot CPU's map, sets its interrupts up, says it is up and
 * calls the function smp_boot() was given, for good.  Its interrupts stay
 * masked at EL2 like the boot CPU's: it waits for them with
 * arch_cpu_wait() and acknowledges them itself.
 */
#ifndef HVFW_SMP_H
#define HVFW_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "plat.h"

/**
 * typedef smp_main_fn - what a secondary CPU runs once it is up; it must
 * not return (a CPU whose function returns halts).
 * @cpu: the CPU's index.
 */
typedef void (*smp_main_fn)(unsigned int cpu);

/** SMP_START_MS - how long smp_boot() waits for one CPU to come up. */
#define SMP_START_MS	2000

/**
 * smp_boot() - start every CPU of @b but the caller, each running @fn.
 * @b:  the board (plat_board_probe()); the caller is b->cpu_mpidr[0], with
 *      its MMU on (arch_mmu_init()) and plat_irq_init() and
 *      plat_irq_cpu_init(0) done.
 * @fn: what each runs once up.
 *
 * One CPU at a time: PSCI CPU_ON, then wait until the CPU says it is up,
 * at most SMP_START_MS (by the counter).  A CPU that cannot be started or
 * does not come up in time is reported on the console and left out: if it
 * comes up later it halts instead of calling @fn.  CPUs of the device tree
 * the firmware has no stack for (b->cpu_unusable) are reported too.  Call
 * once.
 *
 * Return: how many CPUs run, the caller included.
 */
unsigned int smp_boot(const struct plat_board *b, smp_main_fn fn);

/**
 * smp_cpu_index() - the calling CPU's index.
 *
 * Return: the position of its MPIDR in the board's list (0 = the boot
 * CPU); 0 before smp_boot().
 */
unsigned int smp_cpu_index(void);

/**
 * smp_cpu_mpidr() - a CPU's MPIDR affinity fields (for arch_sgi_send()).
 * @cpu: its index.
 *
 * Return: its MPIDR; 0 for an index smp_boot() was not given a CPU for.
 */
uint64_t smp_cpu_mpidr(unsigned int cpu);

/**
 * smp_cpu_up() - whether a CPU runs: the boot CPU once smp_boot() was
 * called, a secondary once it said it was up in time.
 * @cpu: its index.
 *
 * Return: true if it runs.
 */
bool smp_cpu_up(unsigned int cpu);

/**
 * smp_idle() - a CPU with nothing to do: wait for interrupts, acknowledge
 * and end each, and count the PLAT_IRQ_KICK SGIs (smp_idle_kicks()).
 * @cpu: the calling CPU's index.
 *
 * After each wake-up, if smp_idle_handover() named a function, the CPU
 * calls that instead (for good).
 */
void smp_idle(unsigned int cpu) __attribute__((noreturn));

/**
 * smp_idle_kicks() - how many PLAT_IRQ_KICK SGIs a CPU in smp_idle() took.
 * @cpu: its index.
 *
 * Return: the count (0 for a CPU that never ran smp_idle()).
 */
uint64_t smp_idle_kicks(unsigned int cpu);

/**
 * smp_idle_handover() - make every CPU in smp_idle() leave it for @fn.
 * @fn: what they run from now on; everything it needs must be set up.
 *
 * Kicks every CPU that is up but the caller; each calls @fn(its index)
 * when it next wakes, which is at once.  Does not wait for them.
 */
void smp_idle_handover(smp_main_fn fn);

/**
 * smp_secondary_main() - a secondary CPU's C entry, from start.S.
 * @context: its index, as smp_boot() gave it to PSCI CPU_ON.
 *
 * Runs with the MMU off until arch_mmu_enable_secondary().  A CPU that
 * was not started by smp_boot() under that index, that cannot set its
 * interrupts up, or that smp_boot() gave up on, halts.
 */
void smp_secondary_main(uint64_t context) __attribute__((noreturn));

#endif /* HVFW_SMP_H */
