/* SPDX-License-Identifier: ISC */
/*
 * selftest_vmid.c - the self-test's VMID check: libhv's allocator, narrowed
 * to 3 bits on one CPU, with the firmware's lock and real TLBI ALLE1IS.
 */
#include <stdint.h>

#include <hv/vmid.h>

#include "s2env.h"
#include "selftest_impl.h"

#define NARROW_BITS	3
#define NARROW_VMIDS	((1u << NARROW_BITS) - 1)	/* VMID 0 is never used */

/* Enter @vc on CPU 0 and return the VMID number it got. */
static unsigned int
enter(struct vmid_allocator *va, struct vmid_ctx *vc)
{
	return vmid_value(vmid_enter(va, vc, 0));
}

/**
 * selftest_vmid_rollover() - 7 VMs take VMIDs 1..7 without a flush; the
 * 8th rolls over with exactly one TLB flush; the VM the CPU was running
 * keeps its number, and an older VM gets a fresh one.
 * @t: the self-test.
 */
void
selftest_vmid_rollover(struct selftest *t)
{
	struct s2env *env = t->cfg->env;
	struct vmid_allocator va;
	struct vmid_cpu cpu;
	uint64_t map[VMID_MAP_WORDS(NARROW_BITS)];
	struct vmid_ctx vm[NARROW_VMIDS + 1];
	uint64_t flushes = env->count.tlbi_all, locks = env->count.locks;
	struct vmid_stats st;
	unsigned int i, v8, v1;

	if (!EXPECT(t, vmid_allocator_init(&va, NARROW_BITS, 1, &cpu, map,
	    &s2env_vmid_ops, env) == 0)) {
		return;
	}
	for (i = 0; i <= NARROW_VMIDS; i++) {
		vmid_ctx_init(&vm[i]);
	}
	for (i = 0; i < NARROW_VMIDS; i++) {
		EXPECT(t, enter(&va, &vm[i]) == i + 1);
	}
	vmid_stats(&va, &st);
	EXPECT(t, st.rollovers == 0 && st.in_use == NARROW_VMIDS);
	EXPECT(t, env->count.tlbi_all == flushes);
	v8 = enter(&va, &vm[NARROW_VMIDS]);
	vmid_stats(&va, &st);
	EXPECT(t, st.rollovers == 1 && st.flushes == 1 && st.generation == 2);
	EXPECT(t, env->count.tlbi_all == flushes + 1);
	EXPECT(t, v8 != 0 && v8 != NARROW_VMIDS);
	/* VM 7 was running at the rollover: its number was reserved. */
	EXPECT(t, enter(&va, &vm[NARROW_VMIDS - 1]) == NARROW_VMIDS);
	v1 = enter(&va, &vm[0]);
	EXPECT(t, v1 != 0 && v1 != NARROW_VMIDS && v1 != v8);
	vmid_stats(&va, &st);
	EXPECT(t, st.rollovers == 1 && env->count.tlbi_all == flushes + 1);
	EXPECT(t, env->count.locks > locks);
}
