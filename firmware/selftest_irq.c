/* SPDX-License-Identifier: ISC */
/*
 * selftest_irq.c - the self-test's interrupt and CPU checks: the EL2 timer
 * interrupts this CPU through the GIC, every other CPU answers a kick,
 * and PSCI refuses to start CPUs that are on or absent.
 *
 * Every wait is bounded by the counter.  This CPU never sleeps unless an
 * interrupt is already signalled (ISR_EL1), so a GIC that delivers nothing
 * makes a check fail rather than the boot hang.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/errno.h>

#include "arch.h"
#include "plat.h"
#include "selftest_impl.h"
#include "smp.h"

/** ST_WAIT_MS - how long a check waits for an interrupt or a CPU. */
#define ST_WAIT_MS		1000
/** ST_ABSENT_MPIDR - an MPIDR no CPU of the board has (Aff0 255). */
#define ST_ABSENT_MPIDR		0xffull

static uint64_t
ticks_ms(uint64_t ms)
{
	return arch_counter_freq() * ms / 1000;
}

/*
 * Spin until an interrupt is signalled or the counter passes @limit; true
 * and the counter just after it was seen in *@seen, or false.
 */
static bool
wait_pending(uint64_t limit, uint64_t *seen)
{
	for (;;) {
		if (arch_irq_pending()) {
			*seen = arch_counter_now();
			return true;
		}
		if (arch_counter_now() > limit) {
			return false;
		}
	}
}

/* Acknowledge and end whatever is pending; its INTID (or spurious). */
static unsigned int
ack_and_end(void)
{
	unsigned int intid = arch_irq_ack();

	if (intid != ARCH_IRQ_SPURIOUS) {
		arch_irq_eoi(intid);
	}
	return intid;
}

/**
 * selftest_irq_el2_timer() - the EL2 timer armed 1 ms ahead is signalled
 * no earlier than its deadline, arch_cpu_wait() returns for it,
 * arch_irq_ack() names its PPI, and after disarming and ending it nothing
 * is pending any more.
 * @t: the self-test.
 */
void
selftest_irq_el2_timer(struct selftest *t)
{
	uint64_t deadline, seen = 0;
	unsigned int intid = ARCH_IRQ_SPURIOUS;

	if (!EXPECT(t, arch_counter_freq() != 0) ||
	    !EXPECT(t, !arch_irq_pending())) {
		return;
	}
	deadline = arch_counter_now() + ticks_ms(1);
	arch_timer_arm(deadline);
	if (EXPECT(t, wait_pending(deadline + ticks_ms(ST_WAIT_MS), &seen))) {
		arch_cpu_wait();
		intid = arch_irq_ack();
	}
	arch_timer_disarm();
	if (intid != ARCH_IRQ_SPURIOUS) {
		arch_irq_eoi(intid);
	}
	EXPECT(t, intid == PLAT_IRQ_TIMER_EL2);
	EXPECT(t, seen >= deadline);
	EXPECT(t, !arch_irq_pending());
	EXPECT(t, ack_and_end() == ARCH_IRQ_SPURIOUS);
}

/* Kicks taken by every CPU but @self. */
static uint64_t
kicks_elsewhere(unsigned int count, unsigned int self)
{
	unsigned int cpu;
	uint64_t sum = 0;

	for (cpu = 0; cpu < count; cpu++) {
		sum += cpu != self ? smp_idle_kicks(cpu) : 0;
	}
	return sum;
}

/**
 * selftest_irq_kick_every_cpu() - every CPU of the board is up, and each
 * one but this wakes from smp_idle() for a PLAT_IRQ_KICK sent to it alone
 * and counts it once.
 * @t: the self-test.
 */
void
selftest_irq_kick_every_cpu(struct selftest *t)
{
	unsigned int count = t->cfg->cpu_count, self = smp_cpu_index(), cpu;
	uint64_t before, total, limit;

	total = kicks_elsewhere(count, self);
	for (cpu = 0; cpu < count; cpu++) {
		if (!EXPECT(t, smp_cpu_up(cpu)) || cpu == self) {
			continue;
		}
		before = smp_idle_kicks(cpu);
		arch_sgi_send(PLAT_IRQ_KICK, smp_cpu_mpidr(cpu));
		limit = arch_counter_now() + ticks_ms(ST_WAIT_MS);
		while (smp_idle_kicks(cpu) == before &&
		    arch_counter_now() < limit) {
			continue;
		}
		EXPECT(t, smp_idle_kicks(cpu) == before + 1);
	}
	EXPECT(t, kicks_elsewhere(count, self) == total + (count - 1));
}

/**
 * selftest_irq_cpu_on_refused() - PSCI CPU_ON of a CPU that runs (this
 * one included) is -EBUSY, of one the board does not have -EINVAL.
 * @t: the self-test.
 *
 * Were either to start a CPU after all, it would halt in
 * smp_secondary_main(): its index is not one smp_boot() is starting.
 */
void
selftest_irq_cpu_on_refused(struct selftest *t)
{
	uint64_t entry = (uint64_t)(uintptr_t)arch_secondary_entry;
	unsigned int cpu;

	for (cpu = 0; cpu < t->cfg->cpu_count; cpu++) {
		if (smp_cpu_up(cpu)) {
			EXPECT(t, plat_cpu_start(smp_cpu_mpidr(cpu), entry,
			    cpu) == -EBUSY);
		}
	}
	EXPECT(t, plat_cpu_start(ST_ABSENT_MPIDR, entry, PLAT_CPU_MAX) ==
	    -EINVAL);
}
