/* SPDX-License-Identifier: ISC */
/*
 * hv/vmid.h - VMID allocator with generations.
 *
 * A VM does not own a VMID for its lifetime: it gets one when a vCPU is
 * entered (vmid_enter()), tagged with the allocator's generation.  When the
 * VMID space is exhausted the generation is bumped ("rollover"): the TLBs of
 * every CPU are flushed once, and each VMID that a CPU is running (or was
 * running at the previous rollover) is reserved, so running VMs keep their
 * number.  Any VM whose VMID is from an older generation gets a fresh one on
 * its next entry.  The scheme is the one KVM/arm64 and FreeBSD use; it lets
 * any number of VMs run over time with 8- or 16-bit VMIDs.
 *
 * Concurrency: vmid_enter() is lock-free on its fast path (the VM's VMID is
 * current and this CPU's active slot can be swapped with C11 atomics) and
 * takes the caller's lock on the slow path.  All memory is the caller's.
 */
#ifndef HV_VMID_H
#define HV_VMID_H

#include <stdatomic.h>
#include <stdint.h>

#include <hv/types.h>

/** VMID_BITS_MIN - narrowest width accepted (for rollover tests). */
#define VMID_BITS_MIN	2
/** VMID_BITS_MAX - widest width the architecture has (VTCR_EL2.VS = 1). */
#define VMID_BITS_MAX	16

/**
 * VMID_MAP_WORDS() - uint64_t words of bitmap needed for @bits-wide VMIDs.
 * @bits: VMID width.
 */
#define VMID_MAP_WORDS(bits)	((((uint32_t)1 << (bits)) + 63) / 64)

/**
 * struct vmid_ops - what the allocator needs from its environment.
 * @lock:          take the allocator lock (slow path only).
 * @unlock:        release it.
 * @tlb_flush_all: invalidate all stage-1&2 TLB entries of every VMID on
 *                 every CPU (TLBI ALLE1IS + DSB + ISB on hardware).  Called
 *                 exactly once per rollover, with the lock held.
 */
struct vmid_ops {
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	void (*tlb_flush_all)(void *ctx);
};

/**
 * struct vmid_cpu - per physical CPU state (private to vmid.c).
 * @active:   generation|VMID this CPU is running now, 0 during a rollover.
 * @reserved: the VMID kept for this CPU at the last rollover.
 */
struct vmid_cpu {
	_Atomic uint64_t active;
	uint64_t reserved;
};

/**
 * struct vmid_ctx - a VM's VMID: generation in the high bits, VMID in the
 * low @bits bits, 0 when the VM has never been given one.
 * @id: the value, updated by vmid_enter() only.
 */
struct vmid_ctx {
	_Atomic uint64_t id;
};

/**
 * struct vmid_stats - counters for `hvctl stats` and the tests.
 * @generation: current generation number (starts at 1).
 * @in_use:     VMIDs marked used in the current generation.
 * @rollovers:  generation bumps since init.
 * @flushes:    calls made to vmid_ops.tlb_flush_all.
 */
struct vmid_stats {
	uint64_t generation;
	uint32_t in_use;
	uint64_t rollovers;
	uint64_t flushes;
};

/**
 * struct vmid_allocator - the allocator (fields private to vmid.c).
 */
struct vmid_allocator {
	const struct vmid_ops *ops;
	void *ctx;
	unsigned int bits;
	unsigned int cpu_count;
	struct vmid_cpu *cpus;
	uint64_t *map;
	uint32_t next;
	uint32_t in_use;
	_Atomic uint64_t generation;
	uint64_t rollovers;
	uint64_t flushes;
};

/**
 * vmid_allocator_init() - set up an allocator.
 * @va:        the allocator.
 * @bits:      VMID width, VMID_BITS_MIN..VMID_BITS_MAX (8 or 16 on hardware).
 * @cpu_count: number of physical CPUs that will call vmid_enter().
 * @cpus:      @cpu_count per-CPU slots, caller memory.
 * @map:       VMID_MAP_WORDS(@bits) words of bitmap, caller memory.
 * @ops:       environment callbacks; must outlive the allocator.
 * @ctx:       passed to every @ops callback.
 *
 * VMID 0 is never handed out: it stays free for EL2's own use while no guest
 * runs.  So a @bits-wide allocator has 2^@bits - 1 VMIDs per generation, of
 * which a rollover may reserve one per CPU and must still find one more:
 * @cpu_count may be at most 2^@bits - 2.
 *
 * Return: 0, or -EINVAL for a bad width, no CPUs or too many for the width,
 * or a missing buffer or callback.
 */
int vmid_allocator_init(struct vmid_allocator *va, unsigned int bits,
    unsigned int cpu_count, struct vmid_cpu *cpus, uint64_t *map,
    const struct vmid_ops *ops, void *ctx);

/**
 * vmid_ctx_init() - mark a new VM as having no VMID yet.
 * @vc: the VM's VMID context.
 */
void vmid_ctx_init(struct vmid_ctx *vc);

/**
 * vmid_enter() - make sure the VM has a current VMID before a vCPU runs.
 * @va:  the allocator.
 * @vc:  the VM's VMID context.
 * @cpu: index of the calling physical CPU, < cpu_count.
 *
 * Call with the vCPU about to be entered on @cpu and before loading
 * VTTBR_EL2.  Fast path: the VM's VMID is of the current generation and
 * this CPU's active slot is swapped to it without a lock.  Slow path (lock
 * held): keep the VM's old number if it is free or reserved in the new
 * generation, else take a free one, else roll over (one TLB flush).
 *
 * Return: the VMID to program into VTTBR_EL2.VMID.
 */
vmid_t vmid_enter(struct vmid_allocator *va, struct vmid_ctx *vc,
    unsigned int cpu);

/**
 * vmid_release() - give a destroyed VM's VMID back early.
 * @va: the allocator.
 * @vc: the VM's VMID context; reset as by vmid_ctx_init().
 *
 * The caller must have invalidated the VMID's TLB entries and no vCPU of the
 * VM may be running.  A VMID of an old generation needs nothing.  Takes the
 * lock.
 */
void vmid_release(struct vmid_allocator *va, struct vmid_ctx *vc);

/**
 * vmid_current() - the VMID number a VM was last given.
 * @vc: the VM's VMID context.
 *
 * Used for TLB maintenance by IPA: if the generation is old, the number may
 * be stale, but then the VM's TLB entries were flushed at the rollover and an
 * invalidation of the stale number is merely redundant.  Read it after the
 * table store it has to cover.
 *
 * Return: the VMID (0 when never allocated).
 */
vmid_t vmid_current(const struct vmid_ctx *vc);

/**
 * vmid_stats() - read the allocator's counters.
 * @va: the allocator.
 * @st: filled in.  Takes the lock.
 */
void vmid_stats(struct vmid_allocator *va, struct vmid_stats *st);

#endif /* HV_VMID_H */
