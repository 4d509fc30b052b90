/* SPDX-License-Identifier: ISC */
/*
 * selftest_s2pt.c - the self-test's table checks: libhv's s2pt building a
 * stage-2 address space from the firmware's page pool with the real TLB
 * and cache operations, its shape and bookkeeping checked after every step
 * (s2pt_lookup(), the statistics, s2pt_audit(), the pool's free count).
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/errno.h>
#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/vmid.h>

#include "arch.h"
#include "s2env.h"
#include "selftest_impl.h"

static const struct s2pt_attr attr_r = { S2PT_R, S2PT_NORMAL_WB };
static const struct s2pt_attr attr_rw = { S2PT_R | S2PT_W, S2PT_NORMAL_WB };
static const struct s2pt_attr attr_rwx = { S2PT_RWX, S2PT_NORMAL_WB };

static uint64_t
ram(const struct selftest *t, uint64_t off)
{
	return t->cfg->ram_base + off;
}

static struct s2pt_stats
stats(const struct selftest *t)
{
	struct s2pt_stats st;

	s2pt_stats(&t->pt, &st);
	return st;
}

/* The table is consistent and has @extra table pages besides the root. */
static void
shape(struct selftest *t, unsigned int extra)
{
	struct s2pt_stats st = stats(t);

	EXPECT(t, st.table_pages == t->root_pages + extra);
	EXPECT(t, pagepool_free_pages(t->cfg->env->pool) ==
	    t->pool_free_start - t->root_pages - extra);
	EXPECT(t, s2pt_audit(&t->pt, NULL) == 0);
}

/* @ipa is mapped by a leaf of @level to @pa with @perm. */
static void
mapped(struct selftest *t, uint64_t ipa, unsigned int level, uint64_t pa,
    unsigned int perm)
{
	struct s2pt_leaf leaf = { 0 };

	if (!EXPECT(t, s2pt_lookup(&t->pt, ipa_init(ipa), &leaf) == 0)) {
		return;
	}
	EXPECT(t, leaf.level == level);
	EXPECT(t, pa_addr(leaf.pa) == pa);
	EXPECT(t, leaf.attr.perm == perm);
	EXPECT(t, ipa_addr(leaf.base) == (ipa & ~(S2PT_LEVEL_SIZE(level) - 1)));
}

/* @ipa is not mapped; the entry met is of @level and has owner @owner. */
static void
unmapped(struct selftest *t, uint64_t ipa, unsigned int level,
    unsigned int owner)
{
	struct s2pt_leaf leaf = { 0 };

	EXPECT(t, s2pt_lookup(&t->pt, ipa_init(ipa), &leaf) == -ENOENT);
	EXPECT(t, leaf.level == level);
	EXPECT(t, leaf.owner == owner);
}

/**
 * selftest_s2pt_init() - an empty table with the CPU's IPA size, its VMID
 * from a full-width allocator, VTCR_EL2 and VTTBR_EL2 loaded for it.
 * @t: the self-test.
 *
 * The layout of the later checks assumes the walk starts at level 1 (IPA
 * sizes 35 to 43 bits): the root's entries are GiBs.
 */
void
selftest_s2pt_init(struct selftest *t)
{
	const struct selftest_config *c = t->cfg;
	struct s2pt_config pc = {
		.ipa_bits = c->ipa_bits, .pa_bits = c->pa_bits,
		.ops = &s2env_mm_ops, .ctx = c->env, .vmid = &t->vm,
	};
	struct s2pt_geometry geo;

	t->pool_free_start = pagepool_free_pages(c->env->pool);
	t->count_start = c->env->count;
	if (!EXPECT(t, vmid_allocator_init(&t->hw, c->vmid_bits, 1,
	    &t->hw_cpu, t->hw_map, &s2env_vmid_ops, c->env) == 0) ||
	    !EXPECT(t, s2pt_geometry(c->ipa_bits, &geo) == 0) ||
	    !EXPECT(t, geo.start_level == 1) ||
	    !EXPECT(t, s2pt_vtcr(c->ipa_bits, c->pa_bits, c->vmid_bits,
	    &t->vtcr) == 0)) {
		return;
	}
	vmid_ctx_init(&t->vm);
	t->vmid = vmid_enter(&t->hw, &t->vm, 0);
	EXPECT(t, vmid_value(t->vmid) == 1);
	if (!EXPECT(t, s2pt_init(&t->pt, &pc) == 0)) {
		return;
	}
	t->pt_live = true;
	t->root_pages = geo.root_pages;
	EXPECT(t, (pa_addr(s2pt_root(&t->pt)) &
	    (geo.root_pages * S2PT_PAGE_SIZE - 1)) == 0);
	shape(t, 0);
	arch_stage2_load(t->vtcr, s2pt_vttbr(&t->pt, t->vmid));
}

/**
 * selftest_s2pt_map_1g_block() - 1 GiB of RAM at a 1 GiB-aligned IPA is one
 * level-1 block in the root, cleaned to PoC before it became visible.
 * @t: the self-test.
 */
void
selftest_s2pt_map_1g_block(struct selftest *t)
{
	uint64_t cleaned;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	cleaned = t->cfg->env->count.dcache_bytes;
	EXPECT(t, s2pt_map(&t->pt, ipa_init(ST_IPA_1G), pa_init(ram(t, 0)),
	    ST_1G, attr_rw) == 0);
	mapped(t, ST_IPA_1G + 0x123000, 1, ram(t, 0x123000), attr_rw.perm);
	EXPECT(t, stats(t).leaves[1] == 1);
	EXPECT(t, t->cfg->env->count.dcache_bytes > cleaned);
	shape(t, 0);
}

/**
 * selftest_s2pt_map_2m_block() - a 2 MiB-aligned range is one level-2
 * block, in a new level-2 table.
 * @t: the self-test.
 */
void
selftest_s2pt_map_2m_block(struct selftest *t)
{
	if (!selftest_s2pt_live(t)) {
		return;
	}
	EXPECT(t, s2pt_map(&t->pt, ipa_init(ST_IPA_2M),
	    pa_init(ram(t, ST_PA_2M)), ST_2M, attr_rw) == 0);
	mapped(t, ST_IPA_2M + 0x1000, 2, ram(t, ST_PA_2M + 0x1000),
	    attr_rw.perm);
	EXPECT(t, stats(t).leaves[2] == 1);
	shape(t, 1);
}

/**
 * selftest_s2pt_map_4k_pages() - a range whose PA is only 4 KiB aligned is
 * pages, in a new level-3 table; executable, so the I-cache was
 * invalidated.
 * @t: the self-test.
 */
void
selftest_s2pt_map_4k_pages(struct selftest *t)
{
	uint64_t inval;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	inval = t->cfg->env->count.icache_inval;
	EXPECT(t, s2pt_map(&t->pt, ipa_init(ST_IPA_4K),
	    pa_init(ram(t, ST_PA_4K)), ST_PAGES * ST_4K, attr_rwx) == 0);
	mapped(t, ST_IPA_4K + 0x3000, 3, ram(t, ST_PA_4K + 0x3000),
	    attr_rwx.perm);
	EXPECT(t, stats(t).leaves[3] == ST_PAGES);
	EXPECT(t, t->cfg->env->count.icache_inval > inval);
	shape(t, 2);
}

/**
 * selftest_s2pt_overmap_refused() - mapping a mapped IPA to another PA is
 * refused and changes nothing.
 * @t: the self-test.
 */
void
selftest_s2pt_overmap_refused(struct selftest *t)
{
	uint64_t writes;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	writes = stats(t).desc_writes;
	EXPECT(t, s2pt_map(&t->pt, ipa_init(ST_IPA_4K),
	    pa_init(ram(t, 0x300000)), ST_4K, attr_rw) == -EEXIST);
	mapped(t, ST_IPA_4K, 3, ram(t, ST_PA_4K), attr_rwx.perm);
	EXPECT(t, stats(t).desc_writes == writes);
	shape(t, 2);
}

/**
 * selftest_s2pt_protect_splits_block() - making one page of the 2 MiB block
 * read-only splits it into 512 pages (break-before-make), the others keep
 * their PA and permissions.
 * @t: the self-test.
 */
void
selftest_s2pt_protect_splits_block(struct selftest *t)
{
	uint64_t bbm;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	bbm = stats(t).bbm;
	EXPECT(t, s2pt_protect(&t->pt, ipa_init(ST_IPA_2M + 0x5000), ST_4K,
	    attr_r) == 0);
	mapped(t, ST_IPA_2M + 0x5000, 3, ram(t, ST_PA_2M + 0x5000), S2PT_R);
	mapped(t, ST_IPA_2M + 0x4000, 3, ram(t, ST_PA_2M + 0x4000),
	    attr_rw.perm);
	EXPECT(t, stats(t).leaves[2] == 0);
	EXPECT(t, stats(t).leaves[3] == ST_PAGES + S2PT_ENTRIES);
	EXPECT(t, stats(t).bbm > bbm);
	shape(t, 3);
}

/**
 * selftest_s2pt_unmap_page() - unmapping one page removes exactly it, with
 * exactly one TLBI by IPA.
 * @t: the self-test.
 */
void
selftest_s2pt_unmap_page(struct selftest *t)
{
	uint64_t tlbi;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	tlbi = t->cfg->env->count.tlbi_ipa;
	EXPECT(t, s2pt_unmap(&t->pt, ipa_init(ST_IPA_2M + 0x6000), ST_4K) == 0);
	unmapped(t, ST_IPA_2M + 0x6000, 3, S2PT_OWNER_NONE);
	mapped(t, ST_IPA_2M + 0x7000, 3, ram(t, ST_PA_2M + 0x7000),
	    attr_rw.perm);
	EXPECT(t, stats(t).leaves[3] == ST_PAGES + S2PT_ENTRIES - 1);
	EXPECT(t, t->cfg->env->count.tlbi_ipa == tlbi + 1);
	shape(t, 3);
}

/**
 * selftest_s2pt_collapse_to_block() - once the split range is uniform again
 * (page mapped back, permissions restored), collapse makes it one 2 MiB
 * block and frees the level-3 table.
 * @t: the self-test.
 */
void
selftest_s2pt_collapse_to_block(struct selftest *t)
{
	if (!selftest_s2pt_live(t)) {
		return;
	}
	EXPECT(t, s2pt_map(&t->pt, ipa_init(ST_IPA_2M + 0x6000),
	    pa_init(ram(t, ST_PA_2M + 0x6000)), ST_4K, attr_rw) == 0);
	EXPECT(t, s2pt_protect(&t->pt, ipa_init(ST_IPA_2M + 0x5000), ST_4K,
	    attr_rw) == 0);
	EXPECT(t, s2pt_collapse(&t->pt, ipa_init(ST_IPA_2M), ST_2M) == 0);
	mapped(t, ST_IPA_2M + 0x5000, 2, ram(t, ST_PA_2M + 0x5000),
	    attr_rw.perm);
	EXPECT(t, stats(t).leaves[2] == 1);
	EXPECT(t, stats(t).leaves[3] == ST_PAGES);
	shape(t, 2);
}

/**
 * selftest_s2pt_set_owner() - owner annotations: set on unmapped pages,
 * they block mapping; refused on mapped pages; cleared, their table goes.
 * @t: the self-test.
 */
void
selftest_s2pt_set_owner(struct selftest *t)
{
	uint64_t size = ST_PAGES * ST_4K;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	EXPECT(t, s2pt_set_owner(&t->pt, ipa_init(ST_IPA_OWNED), size,
	    S2PT_OWNER_NONE, ST_OWNER) == 0);
	unmapped(t, ST_IPA_OWNED + 0x2000, 3, ST_OWNER);
	shape(t, 3);
	EXPECT(t, s2pt_map(&t->pt, ipa_init(ST_IPA_OWNED),
	    pa_init(ram(t, 0x300000)), ST_4K, attr_rw) == -EPERM);
	EXPECT(t, s2pt_set_owner(&t->pt, ipa_init(ST_IPA_4K), ST_4K,
	    S2PT_OWNER_NONE, ST_OWNER) == -EBUSY);
	EXPECT(t, s2pt_set_owner(&t->pt, ipa_init(ST_IPA_OWNED), size,
	    ST_OWNER + 1, S2PT_OWNER_NONE) == -EPERM);
	EXPECT(t, s2pt_set_owner(&t->pt, ipa_init(ST_IPA_OWNED), size,
	    ST_OWNER, S2PT_OWNER_NONE) == 0);
	unmapped(t, ST_IPA_OWNED + 0x2000, 2, S2PT_OWNER_NONE);
	shape(t, 2);
}

/**
 * selftest_s2pt_tlbi_counts() - what libhv counted as TLB invalidations is
 * what the firmware issued: TLBI IPAS2E1IS instructions and whole-VMID
 * invalidations alike.
 * @t: the self-test.
 */
void
selftest_s2pt_tlbi_counts(struct selftest *t)
{
	const struct s2env_counts *now = &t->cfg->env->count;
	struct s2pt_stats st;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	st = stats(t);
	EXPECT(t, st.tlbi_ipa > 0);
	EXPECT(t, now->tlbi_ipa - t->count_start.tlbi_ipa == st.tlbi_ipa);
	EXPECT(t, now->tlbi_vmid - t->count_start.tlbi_vmid == st.tlbi_vmid);
	EXPECT(t, now->store_barriers > t->count_start.store_barriers);
}

/**
 * selftest_s2pt_fini_returns_pages() - tearing the table down invalidates
 * its VMID once and gives every table page back to the pool; the VMID is
 * then released.
 * @t: the self-test.
 */
void
selftest_s2pt_fini_returns_pages(struct selftest *t)
{
	uint64_t flushes = t->cfg->env->count.tlbi_vmid;
	struct vmid_stats vs;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	s2pt_fini(&t->pt);
	t->pt_live = false;
	/* VTTBR_EL2 must not keep pointing at a freed root. */
	arch_stage2_load(t->vtcr, 0);
	EXPECT(t, pagepool_free_pages(t->cfg->env->pool) == t->pool_free_start);
	EXPECT(t, t->cfg->env->count.tlbi_vmid == flushes + 1);
	vmid_release(&t->hw, &t->vm);
	vmid_stats(&t->hw, &vs);
	EXPECT(t, vs.in_use == 0);
	EXPECT(t, vmid_value(vmid_current(&t->vm)) == 0);
}
