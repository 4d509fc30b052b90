/* SPDX-License-Identifier: ISC */
/*
 * selftest_impl.h - what the self-test's files share: the state the checks
 * build on one after the other, the IPA layout they use, and EXPECT().
 */
#ifndef HVFW_SELFTEST_IMPL_H
#define HVFW_SELFTEST_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/vmid.h>

#include "s2env.h"
#include "selftest.h"

/*
 * The stage-2 layout the checks build (PAs are offsets from RAM base), all
 * within a 32-bit IPA space so that every supported IPA size holds it:
 *  - a 1 GiB block at IPA 2 GiB onto RAM's first GiB;
 *  - a 2 MiB block at IPA 2 MiB;
 *  - 16 pages at IPA 4 MiB whose PA is not 2 MiB aligned (so pages);
 *  - owner annotations at IPA 16 MiB;
 *  - a hole at IPA 256 MiB under a level-2 table, and the never-used GiB
 *    at IPA 1 GiB.
 */
#define ST_IPA_1G		0x80000000ull
#define ST_IPA_2M		0x00200000ull
#define ST_PA_2M		0x00400000ull
#define ST_IPA_4K		0x00400000ull
#define ST_PA_4K		0x00201000ull
#define ST_PAGES		16u
#define ST_IPA_OWNED		0x01000000ull
#define ST_OWNER		7u
#define ST_IPA_HOLE		0x10000000ull
#define ST_IPA_EMPTY_GIB	0x40000000ull

#define ST_1G			((uint64_t)1 << 30)
#define ST_2M			((uint64_t)1 << 21)
#define ST_4K			((uint64_t)1 << 12)

/** struct selftest - state carried from one check to the next. */
struct selftest {
	const struct selftest_config *cfg;
	struct s2pt pt;
	bool pt_live;			/* s2pt_init() succeeded, no fini yet */
	unsigned int root_pages;
	unsigned int start_level;
	uint64_t vtcr;
	size_t pool_free_start;
	struct s2env_counts count_start;
	/* the table's VMID, from an allocator of the CPU's full width */
	struct vmid_allocator hw;
	struct vmid_cpu hw_cpu;
	uint64_t hw_map[VMID_MAP_WORDS(VMID_BITS_MAX)];
	struct vmid_ctx vm;
	vmid_t vmid;
	/* the first failed expectation of the current check */
	const char *why;
	const char *file;
	unsigned int line;
};

/**
 * EXPECT() - record a failed expectation (the first of a check is shown).
 * @t:    the self-test.
 * @cond: what must hold.
 *
 * Return: @cond, so a check can stop at a failure that makes the rest
 * meaningless.
 */
#define EXPECT(t, cond) \
	selftest_expect((t), (cond), #cond, __FILE_NAME__, __LINE__)

/**
 * selftest_expect() - the function behind EXPECT().
 * @t:    the self-test.
 * @ok:   the condition's value.
 * @cond: its text.
 * @file: where it is.
 * @line: likewise.
 *
 * Return: @ok.
 */
bool selftest_expect(struct selftest *t, bool ok, const char *cond,
    const char *file, unsigned int line);

/* selftest_s2pt.c: building and changing the table, checking its shape. */
void selftest_s2pt_init(struct selftest *t);
void selftest_s2pt_map_1g_block(struct selftest *t);
void selftest_s2pt_map_2m_block(struct selftest *t);
void selftest_s2pt_map_4k_pages(struct selftest *t);
void selftest_s2pt_overmap_refused(struct selftest *t);
void selftest_s2pt_protect_splits_block(struct selftest *t);
void selftest_s2pt_unmap_page(struct selftest *t);
void selftest_s2pt_collapse_to_block(struct selftest *t);
void selftest_s2pt_set_owner(struct selftest *t);
void selftest_s2pt_tlbi_counts(struct selftest *t);
void selftest_s2pt_fini_returns_pages(struct selftest *t);

/* selftest_mmu.c: what the MMU makes of the tables (AT instructions). */
void selftest_mmu_el2_map(struct selftest *t);
void selftest_mmu_s2_translates(struct selftest *t);
void selftest_mmu_s2_permission_fault(struct selftest *t);
void selftest_mmu_s2_translation_fault(struct selftest *t);
void selftest_mmu_s2_unmap_live(struct selftest *t);
void selftest_mmu_tlbi_restores_vttbr(struct selftest *t);

/* selftest_vmid.c: the VMID allocator on the real TLB flush. */
void selftest_vmid_rollover(struct selftest *t);

/* selftest_irq.c: the EL2 timer through the GIC, the other CPUs. */
void selftest_irq_el2_timer(struct selftest *t);
void selftest_irq_kick_every_cpu(struct selftest *t);
void selftest_irq_cpu_on_refused(struct selftest *t);

/**
 * selftest_s2pt_live() - whether the table exists, as an expectation.
 * @t: the self-test.
 *
 * Return: true if the checks may use t->pt.
 */
static inline bool
selftest_s2pt_live(struct selftest *t)
{
	return EXPECT(t, t->pt_live);
}

#endif /* HVFW_SELFTEST_IMPL_H */
