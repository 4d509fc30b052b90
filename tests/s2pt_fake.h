/* SPDX-License-Identifier: ISC */
/*
 * s2pt_fake.h - the host environment of a stage-2 table in the tests.
 *
 * Table pages come from a struct pagepool over an aligned arena and are
 * given fake physical addresses (PA = VA - va_minus_pa, with va_minus_pa
 * never 0) so that any confusion of the two in s2pt shows.  Allocations can
 * be made to fail on demand.  A recorder logs every callback s2pt makes
 * (descriptor stores, TLB and cache maintenance, table allocation) between
 * the "call begin" and "call end" marks the test puts around each s2pt call;
 * s2pt_oracle.h checks such a log.
 */
#ifndef S2PT_FAKE_H
#define S2PT_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/vmid.h>

/** FAKE_TABLE_PA_BASE - default fake PA of the first arena page. */
#define FAKE_TABLE_PA_BASE	((uint64_t)0xc0000000)
/** FAKE_TABLE_PA_HIGH - a fake PA above every host VA (VA - PA wraps). */
#define FAKE_TABLE_PA_HIGH	((uint64_t)0xfff000000000)

/** enum fake_ev_kind - what one log record is. */
enum fake_ev_kind {
	FAKE_EV_BEGIN,		/* the test starts an s2pt call */
	FAKE_EV_END,		/* ... and it returned */
	FAKE_EV_STORE,		/* trace_store */
	FAKE_EV_TLBI_IPA,	/* tlb_flush_ipa */
	FAKE_EV_TLBI_VMID,	/* tlb_flush_vmid */
	FAKE_EV_ALLOC,		/* table_alloc that succeeded */
	FAKE_EV_ALLOC_FAIL,	/* table_alloc that returned NULL */
	FAKE_EV_FREE,		/* table_free */
	FAKE_EV_DCACHE,		/* dcache_clean_poc */
	FAKE_EV_ICACHE,		/* icache_inval */
	FAKE_EV_BARRIER,	/* store_barrier */
	FAKE_EV_SNAP,		/* contents of a table page about to be linked */
};

/**
 * struct fake_ev - one log record.
 * @kind:  enum fake_ev_kind.
 * @level: STORE and TLBI_IPA: level; ALLOC/FREE: order.
 * @vmid:  TLBI_*: VMID named; BEGIN: VMID of the table being called.
 * @ptep:  STORE: the entry; ALLOC/FREE: the block.
 * @oldv:  STORE: value before.
 * @newv:  STORE: value stored.
 * @addr:  STORE, TLBI_IPA: IPA; DCACHE, ICACHE: PA.
 * @size:  TLBI_IPA, DCACHE, ICACHE: bytes.
 * @what:  BEGIN: name of the s2pt call ("map", "fini", ...).
 * @snap:  SNAP: copy of the page @ptep (NULL if all zero), whose entries
 *         are of level @level and start at IPA @addr.
 *
 * s2pt fills a new table before linking it, with stores nobody can observe
 * yet; the recorder therefore logs the contents of every table page (and of
 * the tables below it) just before the store that makes it reachable.
 */
struct fake_ev {
	enum fake_ev_kind kind;
	unsigned int level;
	uint16_t vmid;
	const uint64_t *ptep;
	uint64_t oldv;
	uint64_t newv;
	uint64_t addr;
	uint64_t size;
	const char *what;
	uint64_t *snap;
};

/**
 * struct s2pt_fake - the environment (see the file comment).
 * @ops:         what to put in struct s2pt_config.
 * @pool:        the table page allocator.
 * @arena:       its memory.
 * @arena_pages: pages in @arena.
 * @meta:        the pool's metadata.
 * @page_order:  per arena page: 0 free, order + 1 at the start of a block
 *               handed out, 0xff inside one.
 * @pa_base:     fake PA of the first arena page.
 * @va_minus_pa: host VA minus fake PA of table pages.
 * @fail_in:     allocations that still succeed before injected failures
 *               start; negative: never fail.
 * @fail_sticky: once failing, fail every later allocation too.
 * @failures:    allocations failed on purpose so far.
 * @allocs:      successful table_alloc calls.
 * @frees:       table_free calls.
 * @pages_out:   pages handed out and not given back.
 * @misuse:      bad table_free calls (unknown block, wrong order, twice).
 * @misuse_msg:  what the first misuse was.
 * @log:         the recorder's log.
 * @log_len:     records in @log.
 * @log_cap:     room in @log.
 */
struct s2pt_fake {
	struct s2pt_mm_ops ops;
	struct pagepool pool;
	void *arena;
	size_t arena_pages;
	uint8_t *meta;
	uint8_t *page_order;
	uint64_t pa_base;
	uint64_t va_minus_pa;
	long fail_in;
	bool fail_sticky;
	uint64_t failures;
	uint64_t allocs;
	uint64_t frees;
	uint64_t pages_out;
	uint64_t misuse;
	char misuse_msg[160];
	struct fake_ev *log;
	size_t log_len;
	size_t log_cap;
};

/**
 * s2pt_fake_init() - set up an environment with @pages table pages.
 * @f:     the fake.
 * @pages: arena size in pages.
 *
 * Return: 0, or -1 if host memory ran out.
 */
int s2pt_fake_init(struct s2pt_fake *f, size_t pages);

/**
 * s2pt_fake_init_at() - s2pt_fake_init() with table pages at fake PA
 * @pa_base.
 * @f:       the fake.
 * @pages:   arena size in pages.
 * @pa_base: fake PA of the first page, 2 MiB aligned, below 2^48.
 *
 * Return: 0, or -1 if host memory ran out.
 */
int s2pt_fake_init_at(struct s2pt_fake *f, size_t pages, uint64_t pa_base);

/**
 * s2pt_fake_fini() - free the arena and the log.
 * @f: the fake.
 */
void s2pt_fake_fini(struct s2pt_fake *f);

/**
 * s2pt_fake_config() - fill in the environment part of an s2pt config.
 * @f:   the fake.
 * @cfg: gets ops, ctx and va_minus_pa; the rest is left alone.
 */
void s2pt_fake_config(struct s2pt_fake *f, struct s2pt_config *cfg);

/**
 * s2pt_fake_fail_after() - make allocations fail.
 * @f:      the fake.
 * @k:      allocations that still succeed (0: the next one fails);
 *          negative: stop failing.
 * @sticky: fail every allocation after the first failure too.
 */
void s2pt_fake_fail_after(struct s2pt_fake *f, long k, bool sticky);

/**
 * s2pt_fake_begin() - log the start of an s2pt call.
 * @f:    the fake.
 * @what: name of the call (kept by pointer: use a literal).
 * @vmid: VMID of the table the call is made on.
 */
void s2pt_fake_begin(struct s2pt_fake *f, const char *what, uint16_t vmid);

/**
 * s2pt_fake_end() - log the end of the current call.
 * @f: the fake.
 */
void s2pt_fake_end(struct s2pt_fake *f);

/**
 * s2pt_fake_clear_log() - forget the log (after it has been checked).
 * @f: the fake.
 */
void s2pt_fake_clear_log(struct s2pt_fake *f);

/**
 * s2pt_fake_count() - records of one kind in the log.
 * @f:    the fake.
 * @kind: enum fake_ev_kind.
 *
 * Return: the count.
 */
size_t s2pt_fake_count(const struct s2pt_fake *f, enum fake_ev_kind kind);

/**
 * s2pt_fake_va() - host address of a table page's fake PA.
 * @f:  the fake.
 * @pa: fake PA.
 *
 * Return: the pointer, or NULL if @pa is not in the arena.
 */
uint64_t *s2pt_fake_va(const struct s2pt_fake *f, uint64_t pa);

/**
 * s2pt_fake_pa() - fake PA of a host address in the arena.
 * @f:  the fake.
 * @va: host address.
 *
 * Return: the PA.
 */
uint64_t s2pt_fake_pa(const struct s2pt_fake *f, const void *va);

/**
 * s2pt_fake_page_index() - arena page number of a host address.
 * @f:  the fake.
 * @va: host address.
 *
 * Return: the index, or (size_t)-1 outside the arena.
 */
size_t s2pt_fake_page_index(const struct s2pt_fake *f, const void *va);

/**
 * s2pt_fake_set_vmid() - give a VM's VMID context a number.
 * @vc:   the context passed as s2pt_config.vmid.
 * @vmid: the number s2pt must name in its invalidations.
 */
void s2pt_fake_set_vmid(struct vmid_ctx *vc, uint16_t vmid);

#endif /* S2PT_FAKE_H */
