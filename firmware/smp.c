/* SPDX-License-Identifier: ISC */
/*
 * smp.c - starting the secondary CPUs, knowing which CPU is which, and the
 * idle loop.
 *
 * Each CPU's start is a small handshake on its state word: smp_boot()
 * sets it STARTING before PSCI CPU_ON; the CPU moves it to UP, or to OFF
 * if it cannot go on; if the wait runs out first smp_boot() moves it to
 * GAVE_UP, and a CPU that comes up after that finds its compare-and-swap
 * failed and halts.  So a CPU reported missing never runs anything.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "plat.h"
#include "smp.h"

/** enum smp_state - where a CPU is in its start. */
enum smp_state {
	SMP_OFF = 0,
	SMP_STARTING,
	SMP_UP,
	SMP_GAVE_UP,
};

/* Written by smp_boot() before any secondary starts, read-only after. */
static uint64_t cpu_mpidr[PLAT_CPU_MAX];
static unsigned int cpu_count;
static smp_main_fn cpu_main;

static atomic_uint cpu_state[PLAT_CPU_MAX];
static _Atomic uint64_t idle_kicks[PLAT_CPU_MAX];
static _Atomic(smp_main_fn) idle_next;

/* Start CPU @cpu and wait for it; true if it is up. */
static bool
start_one(unsigned int cpu)
{
	unsigned int state = SMP_STARTING;
	uint64_t limit;
	int ret;

	atomic_store(&cpu_state[cpu], SMP_STARTING);
	/* What the CPU will read once its MMU is on is in memory before. */
	arch_barrier_store();
	ret = plat_cpu_start(cpu_mpidr[cpu],
	    (uint64_t)(uintptr_t)arch_secondary_entry, cpu);
	if (ret != 0) {
		atomic_store(&cpu_state[cpu], SMP_OFF);
		console_printf("hvfw: cpu %u (MPIDR 0x%llx) did not start "
		    "(error %d), left out\n", cpu,
		    (unsigned long long)cpu_mpidr[cpu], ret);
		return false;
	}
	limit = arch_counter_now() + arch_counter_freq() * SMP_START_MS / 1000;
	while (atomic_load(&cpu_state[cpu]) == SMP_STARTING &&
	    arch_counter_now() < limit) {
		continue;
	}
	if (atomic_compare_exchange_strong(&cpu_state[cpu], &state,
	    SMP_GAVE_UP)) {
		console_printf("hvfw: cpu %u (MPIDR 0x%llx) did not come up "
		    "in %u ms, left out\n", cpu,
		    (unsigned long long)cpu_mpidr[cpu], SMP_START_MS);
		return false;
	}
	if (state != SMP_UP) {
		console_printf("hvfw: cpu %u (MPIDR 0x%llx) stopped while "
		    "starting, left out\n", cpu,
		    (unsigned long long)cpu_mpidr[cpu]);
		return false;
	}
	return true;
}

/**
 * smp_boot() - start the other CPUs.
 * @b:  the board.
 * @fn: what they run.
 *
 * Return: CPUs running, the caller included.
 */
unsigned int
smp_boot(const struct plat_board *b, smp_main_fn fn)
{
	unsigned int cpu, up = 1;

	cpu_count = b->cpu_count < PLAT_CPU_MAX ? b->cpu_count : PLAT_CPU_MAX;
	for (cpu = 0; cpu < cpu_count; cpu++) {
		cpu_mpidr[cpu] = b->cpu_mpidr[cpu];
	}
	cpu_main = fn;
	if (b->cpu_unusable != 0) {
		console_printf("hvfw: %u of the device tree's CPUs left out: "
		    "no stack for their MPIDR\n", b->cpu_unusable);
	}
	atomic_store(&cpu_state[0], SMP_UP);
	for (cpu = 1; cpu < cpu_count; cpu++) {
		if (start_one(cpu)) {
			up++;
		}
	}
	return up;
}

/**
 * smp_secondary_main() - a secondary CPU's way from start.S to its
 * function.
 * @context: its index.
 */
void
smp_secondary_main(uint64_t context)
{
	unsigned int cpu = (unsigned int)context, state = SMP_STARTING;
	int ret;

	arch_mmu_enable_secondary();
	if (context >= cpu_count || cpu == 0 ||
	    cpu_mpidr[cpu] != arch_cpu_mpidr()) {
		arch_cpu_halt();
	}
	ret = plat_irq_cpu_init(cpu);
	if (ret != 0) {
		console_printf("hvfw: cpu %u: cannot set its interrupts up "
		    "(error %d), halted\n", cpu, ret);
		(void)atomic_compare_exchange_strong(&cpu_state[cpu], &state,
		    SMP_OFF);
		arch_cpu_halt();
	}
	if (!atomic_compare_exchange_strong(&cpu_state[cpu], &state, SMP_UP)) {
		arch_cpu_halt();	/* too late: left out */
	}
	cpu_main(cpu);
	arch_cpu_halt();
}

/**
 * smp_cpu_index() - the calling CPU's index.
 *
 * Return: 0..cpu_count - 1 (0 before smp_boot()).
 */
unsigned int
smp_cpu_index(void)
{
	uint64_t self = arch_cpu_mpidr();
	unsigned int cpu;

	for (cpu = 0; cpu < cpu_count; cpu++) {
		if (cpu_mpidr[cpu] == self) {
			return cpu;
		}
	}
	return 0;
}

/**
 * smp_cpu_mpidr() - a CPU's MPIDR.
 * @cpu: its index.
 *
 * Return: the MPIDR, or 0.
 */
uint64_t
smp_cpu_mpidr(unsigned int cpu)
{
	return cpu < cpu_count ? cpu_mpidr[cpu] : 0;
}

/**
 * smp_cpu_up() - whether a CPU runs.
 * @cpu: its index.
 *
 * Return: true if it does.
 */
bool
smp_cpu_up(unsigned int cpu)
{
	return cpu < cpu_count && atomic_load(&cpu_state[cpu]) == SMP_UP;
}

/**
 * smp_idle() - wait, acknowledge, count kicks; hand over when told.
 * @cpu: the calling CPU.
 */
void
smp_idle(unsigned int cpu)
{
	smp_main_fn next;
	unsigned int intid;

	for (;;) {
		arch_cpu_wait();
		while ((intid = arch_irq_ack()) != ARCH_IRQ_SPURIOUS) {
			if (intid == PLAT_IRQ_KICK) {
				atomic_fetch_add(&idle_kicks[cpu], 1);
			}
			arch_irq_eoi(intid);
		}
		next = atomic_load(&idle_next);
		if (next != NULL) {
			next(cpu);
			arch_cpu_halt();
		}
	}
}

/**
 * smp_idle_kicks() - kicks a CPU took in smp_idle().
 * @cpu: its index.
 *
 * Return: the count.
 */
uint64_t
smp_idle_kicks(unsigned int cpu)
{
	return cpu < PLAT_CPU_MAX ? atomic_load(&idle_kicks[cpu]) : 0;
}

/**
 * smp_idle_handover() - idle CPUs run @fn from now on.
 * @fn: the function.
 */
void
smp_idle_handover(smp_main_fn fn)
{
	unsigned int self = smp_cpu_index(), cpu;

	atomic_store(&idle_next, fn);
	for (cpu = 0; cpu < cpu_count; cpu++) {
		if (cpu != self && smp_cpu_up(cpu)) {
			arch_sgi_send(PLAT_IRQ_KICK, cpu_mpidr[cpu]);
		}
	}
}
