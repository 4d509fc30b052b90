/* SPDX-License-Identifier: ISC */
/*
 * bench_env.c - pool-backed, counting s2pt environment for the benchmark.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hv/errno.h>
#include <hv/s2pt.h>

#include "bench_env.h"

/* The arena is aligned well beyond the largest pool block (4 MiB). */
#define BENCH_ENV_ARENA_ALIGN	((size_t)2 << 20)

static void *
env_table_alloc(void *ctx, unsigned int order)
{
	struct bench_env *env = ctx;
	void *p;

	p = pagepool_alloc(&env->pool, order);
	if (p != NULL) {
		env->table_pages += (uint64_t)1 << order;
	}
	return p;
}

static void
env_table_free(void *ctx, void *table, unsigned int order)
{
	struct bench_env *env = ctx;

	pagepool_free(&env->pool, table, order);
	env->table_pages -= (uint64_t)1 << order;
}

static void
env_tlb_flush_ipa(void *ctx, vmid_t vmid, ipa_t ipa, uint64_t size,
    unsigned int level)
{
	struct bench_env *env = ctx;
	uint64_t step;

	(void)vmid;
	(void)ipa;
	env->flush_ipa++;
	step = level >= 1 && level <= 3 ? S2PT_LEVEL_SIZE(level) :
	    S2PT_PAGE_SIZE;
	env->flush_ipa_ops += (size + step - 1) / step;
}

static void
env_tlb_flush_vmid(void *ctx, vmid_t vmid)
{
	struct bench_env *env = ctx;

	(void)vmid;
	env->flush_vmid++;
}

/**
 * bench_env_init() - allocate, touch and pool an arena.
 * @env:   the environment.
 * @bytes: arena size, a multiple of 4 KiB.
 *
 * The whole arena is written once here so that the first use of a page in
 * a timed region does not take a page fault.
 *
 * Return: 0, -ENOMEM, or what pagepool_init() returned.
 */
int
bench_env_init(struct bench_env *env, size_t bytes)
{
	int ret;

	memset(env, 0, sizeof(*env));
	env->page_count = bytes / PAGEPOOL_PAGE_SIZE;
	if (posix_memalign(&env->arena, BENCH_ENV_ARENA_ALIGN, bytes) != 0) {
		return -ENOMEM;
	}
	env->meta = malloc(pagepool_meta_size(env->page_count));
	if (env->meta == NULL) {
		free(env->arena);
		return -ENOMEM;
	}
	memset(env->arena, 0, bytes);
	memset(env->meta, 0, pagepool_meta_size(env->page_count));
	ret = pagepool_init(&env->pool, env->arena, env->page_count, env->meta);
	if (ret != 0) {
		bench_env_fini(env);
		return ret;
	}
	env->va_minus_pa = (uint64_t)(uintptr_t)env->arena - BENCH_ENV_ARENA_PA;
	env->ops.table_alloc = env_table_alloc;
	env->ops.table_free = env_table_free;
	env->ops.tlb_flush_ipa = env_tlb_flush_ipa;
	env->ops.tlb_flush_vmid = env_tlb_flush_vmid;
	return 0;
}

/**
 * bench_env_fini() - free the arena.
 * @env: the environment; no table may still use it.
 */
void
bench_env_fini(struct bench_env *env)
{
	free(env->meta);
	free(env->arena);
	env->meta = NULL;
	env->arena = NULL;
}

/**
 * bench_env_s2pt_init() - create an empty table in the environment.
 * @env: the environment.
 * @pt:  the table: BENCH_ENV_IPA_BITS of IPA, 48-bit PAs, VMID 0, the
 *       default TLBI threshold.
 *
 * Return: what s2pt_init() returned.
 */
int
bench_env_s2pt_init(struct bench_env *env, struct s2pt *pt)
{
	struct s2pt_config cfg = {
		.ipa_bits = BENCH_ENV_IPA_BITS,
		.pa_bits = 48,
		.ops = &env->ops,
		.ctx = env,
		.va_minus_pa = env->va_minus_pa,
		.vmid = NULL,
		.tlbi_threshold = 0,
	};

	return s2pt_init(pt, &cfg);
}

/**
 * bench_env_page_alloc() - a zeroed page for a bound, from the same pool.
 * @env: the environment.
 *
 * Return: the page, or NULL when the pool is empty.
 */
void *
bench_env_page_alloc(struct bench_env *env)
{
	return pagepool_alloc(&env->pool, 0);
}

/**
 * bench_env_page_free() - give back a page from bench_env_page_alloc().
 * @env:  the environment.
 * @page: the page.
 */
void
bench_env_page_free(struct bench_env *env, void *page)
{
	pagepool_free(&env->pool, page, 0);
}

/**
 * bench_env_now_ns() - monotonic time.
 *
 * Return: CLOCK_MONOTONIC in nanoseconds.
 */
uint64_t
bench_env_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
