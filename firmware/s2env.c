/* SPDX-License-Identifier: ISC */
/*
 * s2env.c - libhv's stage-2 and VMID environment in the firmware.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/vmid.h>

#include "arch.h"
#include "s2env.h"

static void *
table_alloc(void *ctx, unsigned int order)
{
	struct s2env *env = ctx;

	return pagepool_alloc(env->pool, order);
}

static void
table_free(void *ctx, void *table, unsigned int order)
{
	struct s2env *env = ctx;

	pagepool_free(env->pool, table, order);
}

static void
tlb_flush_ipa(void *ctx, vmid_t vmid, ipa_t ipa, uint64_t size,
    unsigned int level)
{
	struct s2env *env = ctx;

	env->count.tlbi_ipa += arch_tlb_flush_ipa(vmid_value(vmid),
	    ipa_addr(ipa), size, level);
}

static void
tlb_flush_vmid(void *ctx, vmid_t vmid)
{
	struct s2env *env = ctx;

	arch_tlb_flush_vmid(vmid_value(vmid));
	env->count.tlbi_vmid++;
}

static void
dcache_clean_poc(void *ctx, pa_t pa, uint64_t size)
{
	struct s2env *env = ctx;
	uint64_t lo = pa_addr(pa), hi = lo + size;
	uint64_t ram_end = env->ram_base + env->ram_size;

	lo = lo > env->ram_base ? lo : env->ram_base;
	hi = hi < ram_end ? hi : ram_end;
	if (lo < hi) {
		arch_cache_clean_poc((uintptr_t)lo, hi - lo);
		env->count.dcache_bytes += hi - lo;
	}
}

static void
icache_inval(void *ctx, pa_t pa, uint64_t size)
{
	struct s2env *env = ctx;

	(void)pa;
	(void)size;
	arch_cache_inval_icache();
	env->count.icache_inval++;
}

static void
store_barrier(void *ctx)
{
	struct s2env *env = ctx;

	arch_barrier_store();
	env->count.store_barriers++;
}

#define S2ENV_OPS(clean)						\
	{								\
		.table_alloc = table_alloc,				\
		.table_free = table_free,				\
		.tlb_flush_ipa = tlb_flush_ipa,				\
		.tlb_flush_vmid = tlb_flush_vmid,			\
		.dcache_clean_poc = (clean),				\
		.icache_inval = icache_inval,				\
		.store_barrier = store_barrier,				\
		.trace_store = NULL,					\
	}

const struct s2pt_mm_ops s2env_mm_ops = S2ENV_OPS(dcache_clean_poc);
const struct s2pt_mm_ops s2env_vm_ops = S2ENV_OPS(NULL);

static void
vmid_lock(void *ctx)
{
	struct s2env *env = ctx;

	spinlock_lock(&env->lock);
	env->count.locks++;
}

static void
vmid_unlock(void *ctx)
{
	struct s2env *env = ctx;

	spinlock_unlock(&env->lock);
}

static void
vmid_flush_all(void *ctx)
{
	struct s2env *env = ctx;

	arch_tlb_flush_all();
	env->count.tlbi_all++;
}

const struct vmid_ops s2env_vmid_ops = {
	.lock = vmid_lock,
	.unlock = vmid_unlock,
	.tlb_flush_all = vmid_flush_all,
};

/**
 * s2env_init() - set an environment up.
 * @env:      the environment.
 * @pool:     the table page pool.
 * @ram_base: start of RAM.
 * @ram_size: bytes of RAM.
 */
void
s2env_init(struct s2env *env, struct pagepool *pool, uint64_t ram_base,
    uint64_t ram_size)
{
	*env = (struct s2env){
		.pool = pool,
		.ram_base = ram_base,
		.ram_size = ram_size,
	};
	atomic_flag_clear(&env->lock.held);
}
