/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt.c - unit tests of the stage-2 translation tables: main, and
 * the checked environment every suite uses.
 *
 * Every mutating s2pt call made through t_*() is recorded by the fake and
 * then checked: the break-before-make oracle over its log, s2pt_audit(),
 * the table page count against the pages the fake handed out, and, when
 * the call failed, that it wrote nothing and kept no page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_s2pt.h"

/*
 * Environments not yet freed: a test that fails stops half-way, and with
 * CK_FORK=no its environments would leak into the next test's report.
 */
#define T_ENV_MAX	8
static struct t_env *t_live_envs[T_ENV_MAX];

static void
t_env_track(struct t_env *e, bool add)
{
	size_t i;

	for (i = 0; i < T_ENV_MAX; i++) {
		if (add ? t_live_envs[i] == NULL : t_live_envs[i] == e) {
			t_live_envs[i] = add ? e : NULL;
			return;
		}
	}
	ck_abort_msg("too many test environments at once");
}

/**
 * t_teardown() - free what a failed test left (a checked fixture).
 *
 * Tables sharing a fake go first; nothing is checked any more.
 */
void
t_teardown(void)
{
	struct t_env *e;
	size_t i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < T_ENV_MAX; i++) {
			e = t_live_envs[i];
			if (e == NULL || (pass == 0) != (e->owner != NULL)) {
				continue;
			}
			t_live_envs[i] = NULL;
			if (e->live) {
				s2pt_fini(&e->pt);
			}
			if (e->owner == NULL) {
				s2pt_oracle_free(e->oracle);
				s2pt_fake_fini(e->fake);
				free(e->fake);
			}
			free(e);
		}
	}
}

static void
t_cfg_defaults(struct t_cfg *c)
{
	if (c->ipa_bits == 0) {
		c->ipa_bits = 40;
	}
	if (c->vmid == 0) {
		c->vmid = 5;
	}
	if (c->pool_pages == 0) {
		c->pool_pages = 4096;
	}
	if (c->table_pa == 0) {
		c->table_pa = FAKE_TABLE_PA_BASE;
	}
	if (c->deep_every == 0) {
		c->deep_every = 1;
	}
	if (c->no_vmid) {
		c->vmid = 0;
	}
}

static struct t_env *
t_env_alloc(const struct t_cfg *cfg)
{
	struct t_env *e = calloc(1, sizeof(*e));

	ck_assert_ptr_nonnull(e);
	t_env_track(e, true);
	e->cfg = *cfg;
	t_cfg_defaults(&e->cfg);
	e->vmid_no = e->cfg.vmid;
	s2pt_fake_set_vmid(&e->vmid, e->vmid_no);
	return e;
}

/**
 * t_env_new() - a table in a fake of its own, initialised.
 * @cfg: parameters (zero fields take defaults).
 *
 * Return: the environment.
 */
struct t_env *
t_env_new(const struct t_cfg *cfg)
{
	struct t_env *e = t_env_alloc(cfg);

	e->fake = calloc(1, sizeof(*e->fake));
	ck_assert_ptr_nonnull(e->fake);
	ck_assert_int_eq(s2pt_fake_init_at(e->fake, e->cfg.pool_pages,
	    e->cfg.table_pa), 0);
	e->oracle = s2pt_oracle_new(e->fake);
	ck_assert_ptr_nonnull(e->oracle);
	s2pt_oracle_memory_check(e->oracle, e->cfg.deep_every);
	ck_assert_int_eq(t_init(e), 0);
	return e;
}

/**
 * t_env_share() - a second table in the fake of @other, initialised.
 * @other: the environment whose fake and oracle are shared.
 * @cfg:   parameters; pool_pages is ignored.
 *
 * Return: the environment; free it before @other.
 */
struct t_env *
t_env_share(struct t_env *other, const struct t_cfg *cfg)
{
	struct t_env *e = t_env_alloc(cfg);

	e->fake = other->fake;
	e->oracle = other->oracle;
	e->owner = other;
	e->peer = other;
	other->peer = e;
	ck_assert_int_eq(t_init(e), 0);
	return e;
}

/**
 * t_env_free() - finish the table (checked) and free the environment.
 * @e: the environment.
 *
 * When @e owns its fake, every table page must be back in the pool.
 */
void
t_env_free(struct t_env *e)
{
	if (e->live) {
		t_fini(e);
	}
	if (e->peer != NULL) {
		e->peer->peer = NULL;
	}
	t_env_track(e, false);
	if (e->owner == NULL) {
		T_CHECK(e->fake->pages_out == 0,
		    "%llu table pages leaked", (unsigned long long)e->fake->pages_out);
		ck_assert_uint_eq(pagepool_free_pages(&e->fake->pool),
		    e->cfg.pool_pages);
		s2pt_oracle_free(e->oracle);
		s2pt_fake_fini(e->fake);
		free(e->fake);
	}
	free(e);
}

static void
t_begin(struct t_env *e, const char *what)
{
	s2pt_fake_clear_log(e->fake);
	if (e->live) {
		s2pt_stats(&e->pt, &e->before);
	}
	e->pages_before = e->fake->pages_out;
	s2pt_fake_begin(e->fake, what, e->vmid_no);
}

/**
 * t_check_env() - check the oracle's verdict on the log and the table.
 * @e:    the environment.
 * @what: what was called, for messages.
 */
void
t_check_env(struct t_env *e, const char *what)
{
	struct s2pt_stats st, counted, peer, mine;
	unsigned int i;

	T_CHECK(s2pt_oracle_check(e->oracle, e->fake->log,
	    e->fake->log_len) == 0, "%s%s: %s", e->note, what,
	    s2pt_oracle_msg(e->oracle));
	T_CHECK(e->fake->misuse == 0, "%s%s: %s", e->note, what,
	    e->fake->misuse_msg);
	if (!e->live) {
		return;
	}
	T_CHECK(s2pt_audit(&e->pt, &counted) == 0,
	    "%s%s: s2pt_audit() failed", e->note, what);
	s2pt_stats(&e->pt, &st);
	T_CHECK(counted.table_pages == st.table_pages, "%s%s: s2pt_audit()"
	    " counted %llu table pages, stats say %llu", e->note, what,
	    (unsigned long long)counted.table_pages,
	    (unsigned long long)st.table_pages);
	if (++e->calls % e->cfg.deep_every == 0) {
		t_recount(e, &mine);
		for (i = 0; i < S2PT_LEVELS; i++) {
			T_CHECK(mine.leaves[i] == st.leaves[i], "%s%s:"
			    " %llu level-%u leaves in the table, stats say"
			    " %llu", e->note, what,
			    (unsigned long long)mine.leaves[i], i,
			    (unsigned long long)st.leaves[i]);
		}
		T_CHECK(mine.table_pages == st.table_pages, "%s%s: %llu table"
		    " pages reachable, stats say %llu", e->note, what,
		    (unsigned long long)mine.table_pages,
		    (unsigned long long)st.table_pages);
	}
	peer.table_pages = 0;
	if (e->peer != NULL && e->peer->live) {
		s2pt_stats(&e->peer->pt, &peer);
	}
	T_CHECK(st.table_pages + peer.table_pages == e->fake->pages_out,
	    "%s%s: stats say %llu table pages (%llu in the other table), %llu"
	    " are out", e->note, what, (unsigned long long)st.table_pages,
	    (unsigned long long)peer.table_pages,
	    (unsigned long long)e->fake->pages_out);
}

/* A failed call must have written nothing and kept no page. */
static int
t_end(struct t_env *e, const char *what, int rc)
{
	struct s2pt_stats st;

	s2pt_fake_end(e->fake);
	t_check_env(e, what);
	if (rc == 0) {
		return rc;
	}
	s2pt_stats(&e->pt, &st);
	T_CHECK(t_log_count(e, FAKE_EV_STORE) == 0,
	    "%s%s failed with %d after %zu descriptor stores", e->note, what,
	    rc, t_log_count(e, FAKE_EV_STORE));
	T_CHECK(e->fake->pages_out == e->pages_before,
	    "%s%s failed with %d and kept %lld table pages", e->note, what, rc,
	    (long long)(e->fake->pages_out - e->pages_before));
	T_CHECK(st.table_pages == e->before.table_pages &&
	    st.desc_writes == e->before.desc_writes, "%s%s failed with %d but"
	    " its statistics moved", e->note, what, rc);
	return rc;
}

/**
 * t_init() - s2pt_init() the table of @e, checked.
 * @e: the environment.
 *
 * Return: what s2pt_init() returned.
 */
int
t_init(struct t_env *e)
{
	struct s2pt_config cfg = {
		.ipa_bits = e->cfg.ipa_bits,
		.pa_bits = e->cfg.pa_bits,
		.vmid = e->cfg.no_vmid ? NULL : &e->vmid,
		.tlbi_threshold = e->cfg.tlbi_threshold,
	};
	int rc;

	s2pt_fake_config(e->fake, &cfg);
	t_begin(e, "init");
	rc = s2pt_init(&e->pt, &cfg);
	e->live = rc == 0;
	s2pt_fake_end(e->fake);
	t_check_env(e, "s2pt_init");
	if (rc != 0) {
		ck_assert_uint_eq(e->fake->pages_out, e->pages_before);
	}
	return rc;
}

/**
 * t_fini() - s2pt_fini() the table of @e, checked.
 * @e: the environment.
 */
void
t_fini(struct t_env *e)
{
	t_begin(e, "fini");
	s2pt_fini(&e->pt);
	e->live = false;
	s2pt_fake_end(e->fake);
	t_check_env(e, "s2pt_fini");
}

/**
 * t_map() - s2pt_map(), checked.
 * @e: the environment.  Other arguments as s2pt_map().
 *
 * Return: what s2pt_map() returned.
 */
int
t_map(struct t_env *e, uint64_t ipa, uint64_t pa, uint64_t size,
    uint8_t perm, uint8_t memtype)
{
	struct s2pt_attr attr = { perm, memtype };

	t_begin(e, "map");
	return t_end(e, "s2pt_map", s2pt_map(&e->pt, ipa_init(ipa),
	    pa_init(pa), size, attr));
}

/**
 * t_unmap() - s2pt_unmap(), checked.
 * @e: the environment.  Other arguments as s2pt_unmap().
 *
 * Return: what s2pt_unmap() returned.
 */
int
t_unmap(struct t_env *e, uint64_t ipa, uint64_t size)
{
	t_begin(e, "unmap");
	return t_end(e, "s2pt_unmap", s2pt_unmap(&e->pt, ipa_init(ipa), size));
}

/**
 * t_protect() - s2pt_protect(), checked.
 * @e: the environment.  Other arguments as s2pt_protect().
 *
 * Return: what s2pt_protect() returned.
 */
int
t_protect(struct t_env *e, uint64_t ipa, uint64_t size, uint8_t perm,
    uint8_t memtype)
{
	struct s2pt_attr attr = { perm, memtype };

	t_begin(e, "protect");
	return t_end(e, "s2pt_protect", s2pt_protect(&e->pt, ipa_init(ipa),
	    size, attr));
}

/**
 * t_set_owner() - s2pt_set_owner(), checked.
 * @e: the environment.  Other arguments as s2pt_set_owner().
 *
 * Return: what s2pt_set_owner() returned.
 */
int
t_set_owner(struct t_env *e, uint64_t ipa, uint64_t size, uint8_t from,
    uint8_t to)
{
	t_begin(e, "set_owner");
	return t_end(e, "s2pt_set_owner", s2pt_set_owner(&e->pt,
	    ipa_init(ipa), size, from, to));
}

/**
 * t_collapse() - s2pt_collapse(), checked.
 * @e: the environment.  Other arguments as s2pt_collapse().
 *
 * Return: what s2pt_collapse() returned.
 */
int
t_collapse(struct t_env *e, uint64_t ipa, uint64_t size)
{
	t_begin(e, "collapse");
	return t_end(e, "s2pt_collapse", s2pt_collapse(&e->pt, ipa_init(ipa),
	    size));
}

/**
 * t_delta() - what the counters did during the last checked call.
 * @e: the environment.
 * @d: gets the stats after minus the stats before (table_pages and leaves
 *     as signed differences in two's complement).
 */
void
t_delta(const struct t_env *e, struct s2pt_stats *d)
{
	struct s2pt_stats now;
	unsigned int i;

	s2pt_stats(&e->pt, &now);
	d->table_pages = now.table_pages - e->before.table_pages;
	for (i = 0; i < S2PT_LEVELS; i++) {
		d->leaves[i] = now.leaves[i] - e->before.leaves[i];
	}
	d->desc_writes = now.desc_writes - e->before.desc_writes;
	d->tlbi_ipa = now.tlbi_ipa - e->before.tlbi_ipa;
	d->tlbi_vmid = now.tlbi_vmid - e->before.tlbi_vmid;
	d->bbm = now.bbm - e->before.bbm;
}

/**
 * t_log_count() - records of one kind the last call produced.
 * @e:    the environment.
 * @kind: the kind.
 *
 * Return: the count.
 */
size_t
t_log_count(const struct t_env *e, enum fake_ev_kind kind)
{
	return s2pt_fake_count(e->fake, kind);
}

/**
 * t_log_tlbi_ops() - TLBI-by-IPA instructions the last call's
 * tlb_flush_ipa() calls stand for (one per entry of the hinted level, one
 * per 4 KiB without a hint).
 * @e: the environment.
 *
 * Return: the count.
 */
uint64_t
t_log_tlbi_ops(const struct t_env *e)
{
	const struct s2pt_fake *f = e->fake;
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < f->log_len; i++) {
		if (f->log[i].kind != FAKE_EV_TLBI_IPA) {
			continue;
		}
		n += f->log[i].size / (f->log[i].level != 0 ?
		    S2PT_LEVEL_SIZE(f->log[i].level) : SZ_4K);
	}
	return n;
}

int
main(void)
{
	Suite *(*const suites[])(void) = {
		s2pt_suite_geometry, s2pt_suite_shape_map,
		s2pt_suite_shape_unmap, s2pt_suite_shape_owner,
		s2pt_suite_shape_read, s2pt_suite_bbm, s2pt_suite_model,
		s2pt_suite_alloc,
	};
	SRunner *sr = srunner_create(NULL);
	size_t i;
	int failed;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		srunner_add_suite(sr, suites[i]());
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
