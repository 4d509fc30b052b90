/* SPDX-License-Identifier: ISC */
/*
 * smp.c - a guest that runs every vCPU its VM has.  vCPU 0 counts them
 * with PSCI AFFINITY_INFO (index by index, until INVALID_PARAMETERS) and
 * starts each other one with CPU_ON at rt_secondary_entry, context id =
 * its index.  Each secondary says "smp: vcpu K up", records itself in its
 * slot and returns (rt.c switches it off with CPU_OFF).  vCPU 0 waits
 * until every slot is set and AFFINITY_INFO says every secondary is off,
 * then says "smp: N vcpus ran" and returns (SYSTEM_OFF).
 *
 * The MMU is off: memory is Device, without exclusives, so there is no
 * lock.  The secondaries print in turn instead: each waits until the turn
 * is its own, and hands it on; one writer at a time, aligned plain stores.
 */
#include <stdint.h>

#include "rt.h"

/* PSCI return codes and AFFINITY_INFO states */
#define INVALID_PARAMETERS	(-2)
#define AFFINITY_OFF		1

/** SMP_MARK - what vCPU K leaves in its slot: SMP_MARK | K. */
#define SMP_MARK		0x736d700000000000ull	/* "smp" */
/** SMP_PROBE_MAX - the most vCPU indices AFFINITY_INFO is asked about. */
#define SMP_PROBE_MAX		64

static volatile uint64_t slot[RT_VCPU_MAX];
/* The secondary whose turn it is to print; 0 until all were started. */
static volatile uint64_t turn;

static int64_t
affinity_info(uint64_t index)
{
	return (int64_t)rt_hvc(RT_PSCI_AFFINITY_INFO_64, index, 0, 0);
}

/**
 * guest_secondary() - say so, record this vCPU, hand the turn on.
 * @index: this vCPU's index.
 */
void
guest_secondary(uint64_t index)
{
	while (turn != index) {
		continue;
	}
	rt_puts("smp: vcpu ");
	rt_put_dec((int64_t)index);
	rt_puts(" up\n");
	slot[index] = SMP_MARK | index;
	__asm__ volatile("dmb sy" ::: "memory");
	turn = index + 1;
}

/* Start vCPUs 1..n-1; return 0, or the first failing CPU_ON's result. */
static int64_t
start_all(uint64_t n)
{
	uint64_t k;
	int64_t ret;

	for (k = 1; k < n; k++) {
		ret = (int64_t)rt_hvc(RT_PSCI_CPU_ON_64, k,
		    (uint64_t)(uintptr_t)rt_secondary_entry, k);
		if (ret != 0) {
			rt_puts("smp: CPU_ON(");
			rt_put_dec((int64_t)k);
			rt_puts(") = ");
			rt_put_dec(ret);
			rt_putc('\n');
			return ret;
		}
	}
	return 0;
}

/**
 * guest_main() - count, start and wait for every vCPU.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	uint64_t n = 1, k;

	(void)ram_size;
	while (n < SMP_PROBE_MAX && affinity_info(n) != INVALID_PARAMETERS) {
		n++;
	}
	if (n > RT_VCPU_MAX) {
		rt_puts("smp: ");
		rt_put_dec((int64_t)n);
		rt_puts(" vcpus: more than the runtime has stacks for\n");
		return;
	}
	if (start_all(n) != 0) {
		return;
	}
	__asm__ volatile("dmb sy" ::: "memory");
	turn = 1;
	for (k = 1; k < n; k++) {
		while (slot[k] != (SMP_MARK | k)) {
			continue;
		}
		while (affinity_info(k) != AFFINITY_OFF) {
			continue;
		}
	}
	rt_puts("smp: ");
	rt_put_dec((int64_t)n);
	rt_puts(" vcpus ran\n");
}
