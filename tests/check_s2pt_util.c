/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_util.c - readers of raw stage-2 tables and dumps for the
 * check_s2pt suites, and their environment variables.
 */
#include <stdlib.h>
#include <string.h>

#include "check_s2pt.h"

/**
 * t_start_level() - start level of the table of @e.
 * @e: the environment.
 *
 * Return: the level, from s2pt_geometry().
 */
unsigned int
t_start_level(const struct t_env *e)
{
	struct s2pt_geometry g;

	T_CHECK(s2pt_geometry(e->cfg.ipa_bits, &g) == 0, "bad IPA size");
	return g.start_level;
}

/**
 * t_root_entries() - entries of the (concatenated) root of @e.
 * @e: the environment.
 *
 * Return: 512 times the root pages.
 */
size_t
t_root_entries(const struct t_env *e)
{
	struct s2pt_geometry g;

	T_CHECK(s2pt_geometry(e->cfg.ipa_bits, &g) == 0, "bad IPA size");
	return (size_t)g.root_pages * S2PT_ENTRIES;
}

/**
 * t_table() - the table holding the level-@level entry for @ipa, found by
 * following table descriptors from the root (PA + va_minus_pa).
 * @e:     the environment.
 * @ipa:   the IPA.
 * @level: start level .. 3.
 *
 * Return: the table's first entry (the whole root at the start level), or
 * NULL if a shallower entry on the way is not a table.
 */
const uint64_t *
t_table(const struct t_env *e, uint64_t ipa, unsigned int level)
{
	const uint64_t *tbl = e->pt.root;
	unsigned int l = t_start_level(e);
	size_t n = t_root_entries(e), idx;
	uint64_t d;

	T_CHECK(level >= l, "level %u above the start level", level);
	for (; l < level; l++) {
		idx = (size_t)(ipa / S2PT_LEVEL_SIZE(l)) & (n - 1);
		d = tbl[idx];
		if (!s2pt_desc_is_table(d, l)) {
			return NULL;
		}
		tbl = s2pt_fake_va(e->fake, s2pt_desc_addr(d));
		T_CHECK(tbl != NULL, "table descriptor %#llx at level %u"
		    " points outside the table pages", (unsigned long long)d, l);
		n = S2PT_ENTRIES;
	}
	return tbl;
}

/**
 * t_desc() - the raw level-@level entry for @ipa.
 * @e:     the environment.
 * @ipa:   the IPA.
 * @level: start level .. 3.
 *
 * Return: the descriptor; the test fails if no table leads there.
 */
uint64_t
t_desc(const struct t_env *e, uint64_t ipa, unsigned int level)
{
	const uint64_t *tbl = t_table(e, ipa, level);
	size_t n = level == t_start_level(e) ? t_root_entries(e) : S2PT_ENTRIES;

	T_CHECK(tbl != NULL, "no level-%u table for IPA %#llx", level,
	    (unsigned long long)ipa);
	return tbl[(size_t)(ipa / S2PT_LEVEL_SIZE(level)) & (n - 1)];
}

/**
 * t_nonzero() - non-zero entries among @n.
 * @table: the entries.
 * @n:     how many.
 *
 * Return: the count.
 */
size_t
t_nonzero(const uint64_t *table, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++) {
		c += table[i] != 0;
	}
	return c;
}

/**
 * t_page_desc() - the leaf descriptor hv writes (s2pt_desc.h: AF and
 * inner shareable fixed, MemAttr, S2AP and XN from the attributes).
 * @pa:      output address.
 * @perm:    enum s2pt_perm bits.
 * @memtype: enum s2pt_memtype.
 * @level:   1..3.
 *
 * Return: the descriptor.
 */
uint64_t
t_page_desc(uint64_t pa, uint8_t perm, uint8_t memtype, unsigned int level)
{
	static const uint64_t memattr[] = { S2PT_MEMATTR_NORMAL_WB,
	    S2PT_MEMATTR_NORMAL_NC, S2PT_MEMATTR_DEVICE_nGnRE };
	uint64_t d = pa | S2PT_DESC_AF | S2PT_DESC_SH_INNER |
	    memattr[memtype] << S2PT_DESC_MEMATTR_SHIFT;

	d |= (perm & S2PT_R) ? S2PT_DESC_S2AP_R : 0;
	d |= (perm & S2PT_W) ? S2PT_DESC_S2AP_W : 0;
	d |= (perm & S2PT_X) ? 0 : S2PT_DESC_XN;
	return d | (level == 3 ? S2PT_DESC_TYPE_MASK : S2PT_DESC_VALID);
}

static void
recount_table(const struct t_env *e, const uint64_t *tbl, unsigned int level,
    size_t n, struct s2pt_stats *st)
{
	const uint64_t *child;
	size_t i;
	uint64_t d;

	for (i = 0; i < n; i++) {
		d = tbl[i];
		if (s2pt_desc_is_table(d, level)) {
			child = s2pt_fake_va(e->fake, s2pt_desc_addr(d));
			T_CHECK(child != NULL && e->fake->page_order[
			    s2pt_fake_page_index(e->fake, child)] == 1,
			    "%stable descriptor %#llx at level %u points at no"
			    " table page", e->note, (unsigned long long)d, level);
			T_CHECK(s2pt_desc_count(d) ==
			    t_nonzero(child, S2PT_ENTRIES), "%stable descriptor"
			    " %#llx counts %u entries, the table has %zu",
			    e->note, (unsigned long long)d, s2pt_desc_count(d),
			    t_nonzero(child, S2PT_ENTRIES));
			T_CHECK(s2pt_desc_count(d) != 0, "%sempty table"
			    " left linked", e->note);
			st->table_pages++;
			recount_table(e, child, level + 1, S2PT_ENTRIES, st);
		} else if (s2pt_desc_is_leaf(d, level)) {
			T_CHECK(level > 0, "%sblock at level 0", e->note);
			st->leaves[level]++;
		}
	}
}

/**
 * t_recount() - count table pages and leaves by reading the raw tables,
 * checking each table descriptor's entry count on the way.
 * @e:  the environment.
 * @st: gets table_pages and leaves (other fields zero).
 *
 * Tables reached twice would be counted twice, which the comparison with
 * the pages the fake handed out catches.
 */
void
t_recount(const struct t_env *e, struct s2pt_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->table_pages = t_root_entries(e) / S2PT_ENTRIES;
	recount_table(e, e->pt.root, t_start_level(e), t_root_entries(e), st);
}

static int
t_dump_add(void *arg, const struct s2pt_dump_rec *rec)
{
	struct t_dump *d = arg;

	if (d->n == d->cap) {
		d->cap = d->cap != 0 ? d->cap * 2 : 64;
		d->rec = realloc(d->rec, d->cap * sizeof(*d->rec));
		ck_assert_ptr_nonnull(d->rec);
	}
	d->rec[d->n++] = *rec;
	return 0;
}

/**
 * t_dump_take() - s2pt_dump() a range into @d (which starts empty).
 * @e:    the environment.
 * @ipa:  first IPA.
 * @size: bytes.
 * @d:    gets the records.
 */
void
t_dump_take(const struct t_env *e, uint64_t ipa, uint64_t size,
    struct t_dump *d)
{
	memset(d, 0, sizeof(*d));
	ck_assert_int_eq(s2pt_dump(&e->pt, ipa_init(ipa), size, t_dump_add, d),
	    0);
}

/**
 * t_dump_same() - whether two dumps are equal record by record.
 * @a: one.
 * @b: the other.
 *
 * Return: true if equal.
 */
bool
t_dump_same(const struct t_dump *a, const struct t_dump *b)
{
	size_t i;

	if (a->n != b->n) {
		return false;
	}
	for (i = 0; i < a->n; i++) {
		const struct s2pt_dump_rec *x = &a->rec[i], *y = &b->rec[i];

		if (ipa_addr(x->ipa) != ipa_addr(y->ipa) || x->size != y->size ||
		    x->level != y->level || x->count != y->count ||
		    x->valid != y->valid || pa_addr(x->pa) != pa_addr(y->pa) ||
		    x->attr.perm != y->attr.perm ||
		    x->attr.memtype != y->attr.memtype || x->owner != y->owner) {
			return false;
		}
	}
	return true;
}

/**
 * t_dump_free() - free a dump's records.
 * @d: the dump.
 */
void
t_dump_free(struct t_dump *d)
{
	free(d->rec);
	memset(d, 0, sizeof(*d));
}

/**
 * t_quick() - whether HV_TEST_QUICK=1 asks for short runs (valgrind).
 *
 * Return: true if so.
 */
bool
t_quick(void)
{
	const char *v = getenv("HV_TEST_QUICK");

	return v != NULL && strcmp(v, "0") != 0 && v[0] != '\0';
}

/**
 * t_env_u64() - a number from the environment.
 * @name: variable name.
 * @dflt: value when unset or not a number.
 *
 * Return: the value.
 */
uint64_t
t_env_u64(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long n;

	if (v == NULL || v[0] == '\0') {
		return dflt;
	}
	n = strtoull(v, &end, 0);
	return *end == '\0' ? (uint64_t)n : dflt;
}
