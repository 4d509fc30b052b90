/* SPDX-License-Identifier: ISC */
/*
 * bench_env.h - the host environment the stage-2 benchmark runs tables in.
 *
 * Table pages come from a pagepool over one arena that is touched before any
 * timing starts, so page faults are never measured.  The arena is addressed
 * as if it sat at a fixed physical address (va_minus_pa != 0), which keeps
 * table addresses inside the 48-bit descriptor field whatever the host's
 * virtual layout.  TLB and cache callbacks only count.
 */
#ifndef BENCH_ENV_H
#define BENCH_ENV_H

#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>

/** BENCH_ENV_IPA_BITS - IPA size: start level 1, 1 GiB blocks in the root. */
#define BENCH_ENV_IPA_BITS	40
/** BENCH_ENV_ARENA_PA - physical address the arena pretends to sit at. */
#define BENCH_ENV_ARENA_PA	((uint64_t)1 << 30)

/**
 * struct bench_env - pool, callbacks and what the callbacks saw.
 * @pool:        the page pool tables and bound pages come from.
 * @arena:       the pool's memory.
 * @meta:        the pool's metadata.
 * @page_count:  pages in the arena.
 * @ops:         the s2pt callbacks (ctx is the env).
 * @va_minus_pa: arena VA minus its pretended PA.
 * @table_pages: pages s2pt holds now (allocated minus freed).
 * @flush_ipa:   tlb_flush_ipa calls seen.
 * @flush_ipa_ops: TLBI instructions those calls stand for (one per
 *               S2PT_LEVEL_SIZE(level), or per 4 KiB without a level hint).
 * @flush_vmid:  tlb_flush_vmid calls seen.
 */
struct bench_env {
	struct pagepool pool;
	void *arena;
	uint8_t *meta;
	size_t page_count;
	struct s2pt_mm_ops ops;
	uint64_t va_minus_pa;
	uint64_t table_pages;
	uint64_t flush_ipa;
	uint64_t flush_ipa_ops;
	uint64_t flush_vmid;
};

int bench_env_init(struct bench_env *env, size_t bytes);
void bench_env_fini(struct bench_env *env);
int bench_env_s2pt_init(struct bench_env *env, struct s2pt *pt);
void *bench_env_page_alloc(struct bench_env *env);
void bench_env_page_free(struct bench_env *env, void *page);
uint64_t bench_env_now_ns(void);

#endif /* BENCH_ENV_H */
