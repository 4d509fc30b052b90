/* SPDX-License-Identifier: ISC */
/*
 * s2env.h - the environment libhv's stage-2 code and VMID allocator run in
 * inside hvfw: table pages from the firmware's page pool, and real TLB,
 * cache and barrier instructions through arch.h.
 *
 * Each operation is also counted, so the firmware (and its self-test) can
 * check that what libhv reports in its statistics is what the hardware was
 * actually asked to do.
 */
#ifndef HVFW_S2ENV_H
#define HVFW_S2ENV_H

#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/vmid.h>

#include "spinlock.h"

/**
 * struct s2env_counts - what the environment did.
 * @tlbi_ipa:       TLBI IPAS2E1IS instructions issued.
 * @tlbi_vmid:      whole-VMID invalidations (TLBI VMALLS12E1IS).
 * @tlbi_all:       all-VMID invalidations (TLBI ALLE1IS), i.e. rollovers.
 * @dcache_bytes:   bytes cleaned to PoC.
 * @icache_inval:   I-cache invalidations.
 * @store_barriers: DSB ISHST issued for libhv.
 * @locks:          times the VMID allocator lock was taken.
 */
struct s2env_counts {
	uint64_t tlbi_ipa;
	uint64_t tlbi_vmid;
	uint64_t tlbi_all;
	uint64_t dcache_bytes;
	uint64_t icache_inval;
	uint64_t store_barriers;
	uint64_t locks;
};

/**
 * struct s2env - one environment: give &s2env as the ctx of
 * s2env_mm_ops (struct s2pt_config.ctx) and of s2env_vmid_ops.
 * @pool:     where table pages come from.
 * @ram_base: start of RAM, which the EL2 map covers.
 * @ram_size: bytes of RAM.
 * @lock:     the VMID allocator's lock.
 * @count:    what was done so far.
 */
struct s2env {
	struct pagepool *pool;
	uint64_t ram_base;
	uint64_t ram_size;
	struct spinlock lock;
	struct s2env_counts count;
};

/**
 * s2env_mm_ops - struct s2pt_mm_ops for hvfw (identity-mapped tables):
 * memory is cleaned to the point of coherency before it is mapped, for
 * memory the firmware may have written through its cacheable map (the
 * self-test's).
 */
extern const struct s2pt_mm_ops s2env_mm_ops;

/**
 * s2env_vm_ops - s2env_mm_ops without the clean at map time, for VMs.
 *
 * The firmware writes a page a VM can be given in one place only: the
 * scrub that gives it back (vm.c), which cleans it to the point of
 * coherency right away.  The host writes guest images into RAM as another
 * agent, not through the firmware's caches.  So no page reaches a map
 * with a dirty line a guest running with its MMU off could miss, and
 * cleaning it again at every map (a gigabyte is sixteen million lines)
 * buys nothing.  The I-cache is still invalidated for executable maps.
 */
extern const struct s2pt_mm_ops s2env_vm_ops;

/** s2env_vmid_ops - struct vmid_ops for hvfw. */
extern const struct vmid_ops s2env_vmid_ops;

/**
 * s2env_init() - set an environment up.
 * @env:      the environment.
 * @pool:     the table page pool (identity-mapped: VA = PA).
 * @ram_base: start of RAM.
 * @ram_size: bytes of RAM.
 *
 * Cleaning to PoC is limited to RAM: the EL2 map has nothing else
 * cacheable, so no dirty line can exist outside it, and DC CVAC of an
 * address EL2 does not map would fault.
 */
void s2env_init(struct s2env *env, struct pagepool *pool, uint64_t ram_base,
    uint64_t ram_size);

#endif /* HVFW_S2ENV_H */
