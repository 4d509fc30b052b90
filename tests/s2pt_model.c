/* SPDX-License-Identifier: ISC */
/*
 * s2pt_model.c - flat reference model of a stage-2 IPA window.
 *
 * Key of a page: bit 0 mapped, bits [3:1] permissions, bits [5:4] memory
 * type, bits [47:12] (PA - IPA) modulo 2^48, bits [55:48] owner.  Pages of
 * one physically contiguous run with one attribute share a key, so runs are
 * compared with a plain scan.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "s2pt_model.h"

#define PAGE		S2PT_PAGE_SIZE
#define KEY_MAPPED	((uint64_t)1)
#define KEY_DELTA_MASK	((((uint64_t)1 << 48) - 1) & ~(PAGE - 1))
#define KEY_OWNER_SHIFT	48

static uint64_t
key_mapped(uint64_t ipa, uint64_t pa, struct s2pt_attr attr)
{
	return KEY_MAPPED | (uint64_t)attr.perm << 1 |
	    (uint64_t)attr.memtype << 4 | ((pa - ipa) & KEY_DELTA_MASK);
}

static uint64_t
key_owner(uint8_t owner)
{
	return (uint64_t)owner << KEY_OWNER_SHIFT;
}

static uint64_t
key_pa(uint64_t key, uint64_t ipa)
{
	return (ipa + (key & KEY_DELTA_MASK)) & (((uint64_t)1 << 48) - 1);
}

static struct s2pt_attr
key_attr(uint64_t key)
{
	struct s2pt_attr a = { (uint8_t)((key >> 1) & 7),
	    (uint8_t)((key >> 4) & 3) };

	return a;
}

static uint8_t
key_owner_of(uint64_t key)
{
	return (uint8_t)(key >> KEY_OWNER_SHIFT);
}

static uint64_t *
key_at(const struct s2pt_model *m, uint64_t ipa)
{
	return &m->key[(ipa - m->base) / PAGE];
}

static const char *
key_str(uint64_t key, uint64_t ipa, char *buf, size_t len)
{
	if (key & KEY_MAPPED) {
		snprintf(buf, len, "mapped to PA %#" PRIx64 " perm %u type %u",
		    key_pa(key, ipa), key_attr(key).perm, key_attr(key).memtype);
	} else {
		snprintf(buf, len, "unmapped, owner %u", key_owner_of(key));
	}
	return buf;
}

/**
 * s2pt_model_init() - an empty window.
 * @m:        the model.
 * @base:     first IPA, 1 GiB aligned.
 * @size:     bytes, a multiple of 1 GiB.
 * @ipa_bits: IPA size of the table modelled.
 * @pa_bits:  PA size (0 means 48).
 *
 * Return: 0, or -1 if host memory ran out.
 */
int
s2pt_model_init(struct s2pt_model *m, uint64_t base, uint64_t size,
    unsigned int ipa_bits, unsigned int pa_bits)
{
	m->base = base;
	m->size = size;
	m->ipa_limit = (uint64_t)1 << ipa_bits;
	m->pa_limit = (uint64_t)1 << (pa_bits != 0 ? pa_bits : 48);
	m->key = calloc(size / PAGE, sizeof(*m->key));
	return m->key != NULL ? 0 : -1;
}

/**
 * s2pt_model_fini() - free the model.
 * @m: the model.
 */
void
s2pt_model_fini(struct s2pt_model *m)
{
	free(m->key);
	m->key = NULL;
}

static bool
attr_ok(struct s2pt_attr attr)
{
	return attr.perm != 0 && (attr.perm & ~S2PT_RWX) == 0 &&
	    attr.memtype <= S2PT_DEVICE_nGnRE &&
	    !(attr.memtype == S2PT_DEVICE_nGnRE && (attr.perm & S2PT_X));
}

/* Errors from the arguments alone, then whether the window covers it. */
static uint64_t
check_range(const struct s2pt_model *m, uint64_t ipa, uint64_t size)
{
	uint64_t set = 0;

	if (ipa % PAGE != 0 || size % PAGE != 0 || size == 0) {
		set |= MODEL_RC(-EINVAL);
	}
	if (ipa + size < ipa || ipa + size > m->ipa_limit) {
		set |= MODEL_RC(-ERANGE);
	}
	if (set == 0 && (ipa < m->base || ipa + size > m->base + m->size)) {
		set |= MODEL_UNMODELLED;
	}
	return set;
}

/**
 * s2pt_model_map() - what s2pt_map() must do; applied if it must succeed.
 * @m: the model.  Other arguments as s2pt_map().
 *
 * Return: the set of allowed return codes (MODEL_RC() bits).
 */
uint64_t
s2pt_model_map(struct s2pt_model *m, uint64_t ipa, uint64_t pa,
    uint64_t size, struct s2pt_attr attr)
{
	uint64_t set = check_range(m, ipa, size) & ~MODEL_UNMODELLED;
	uint64_t off, k;

	if (pa % PAGE != 0 || !attr_ok(attr)) {
		set |= MODEL_RC(-EINVAL);
	}
	if (pa + size < pa || pa + size > m->pa_limit) {
		set |= MODEL_RC(-ERANGE);
	}
	if (set != 0 || (set = check_range(m, ipa, size)) != 0) {
		return set;
	}
	for (off = 0; off < size; off += PAGE) {
		k = *key_at(m, ipa + off);
		if ((k & KEY_MAPPED) && key_pa(k, ipa + off) != pa + off) {
			set |= MODEL_RC(-EEXIST);
		} else if (!(k & KEY_MAPPED) && key_owner_of(k) != 0) {
			set |= MODEL_RC(-EPERM);
		}
	}
	if (set != 0) {
		return set;
	}
	for (off = 0; off < size; off += PAGE) {
		*key_at(m, ipa + off) = key_mapped(ipa + off, pa + off, attr);
	}
	return MODEL_RC(0);
}

/**
 * s2pt_model_unmap() - what s2pt_unmap() must do.
 * @m: the model.  Other arguments as s2pt_unmap().
 *
 * Return: the set of allowed return codes.
 */
uint64_t
s2pt_model_unmap(struct s2pt_model *m, uint64_t ipa, uint64_t size)
{
	uint64_t set = check_range(m, ipa, size), off, *k;

	if (set != 0) {
		return set;
	}
	for (off = 0; off < size; off += PAGE) {
		k = key_at(m, ipa + off);
		if (*k & KEY_MAPPED) {
			*k = 0;
		}
	}
	return MODEL_RC(0);
}

/**
 * s2pt_model_protect() - what s2pt_protect() must do.
 * @m: the model.  Other arguments as s2pt_protect().
 *
 * Return: the set of allowed return codes.
 */
uint64_t
s2pt_model_protect(struct s2pt_model *m, uint64_t ipa, uint64_t size,
    struct s2pt_attr attr)
{
	uint64_t set = check_range(m, ipa, size) & ~MODEL_UNMODELLED;
	uint64_t off, *k;

	if (!attr_ok(attr)) {
		set |= MODEL_RC(-EINVAL);
	}
	if (set != 0 || (set = check_range(m, ipa, size)) != 0) {
		return set;
	}
	for (off = 0; off < size; off += PAGE) {
		k = key_at(m, ipa + off);
		if (*k & KEY_MAPPED) {
			*k = key_mapped(ipa + off, key_pa(*k, ipa + off), attr);
		}
	}
	return MODEL_RC(0);
}

/**
 * s2pt_model_set_owner() - what s2pt_set_owner() must do.
 * @m: the model.  Other arguments as s2pt_set_owner().
 *
 * Return: the set of allowed return codes.
 */
uint64_t
s2pt_model_set_owner(struct s2pt_model *m, uint64_t ipa, uint64_t size,
    uint8_t from, uint8_t to)
{
	uint64_t set = check_range(m, ipa, size), off, k;

	if (set != 0) {
		return set;
	}
	for (off = 0; off < size; off += PAGE) {
		k = *key_at(m, ipa + off);
		if (k & KEY_MAPPED) {
			set |= MODEL_RC(-EBUSY);
			/* A mapped page is owned by nobody, but may be taken
			 * as "not owned by @from" too. */
			if (from != S2PT_OWNER_NONE) {
				set |= MODEL_RC(-EPERM);
			}
		} else if (key_owner_of(k) != from) {
			set |= MODEL_RC(-EPERM);
		}
	}
	if (set != 0) {
		return set;
	}
	for (off = 0; off < size; off += PAGE) {
		*key_at(m, ipa + off) = key_owner(to);
	}
	return MODEL_RC(0);
}

/**
 * s2pt_model_collapse() - what s2pt_collapse() must do (nothing visible).
 * @m: the model.  Other arguments as s2pt_collapse().
 *
 * Return: the set of allowed return codes.
 */
uint64_t
s2pt_model_collapse(struct s2pt_model *m, uint64_t ipa, uint64_t size)
{
	uint64_t set = check_range(m, ipa, size);

	return set != 0 ? set : MODEL_RC(0);
}

/**
 * s2pt_model_save() - remember a range (clipped to the window) so that an
 * operation the table refused (-ENOMEM) can be taken back.
 * @m:    the model.
 * @ipa:  first IPA.
 * @size: bytes.
 * @sv:   gets the copy; free it with s2pt_model_restore().
 *
 * Return: 0, or -1 if host memory ran out.
 */
int
s2pt_model_save(const struct s2pt_model *m, uint64_t ipa, uint64_t size,
    struct s2pt_model_saved *sv)
{
	uint64_t end = ipa + size, top = m->base + m->size;

	ipa &= ~(PAGE - 1);
	ipa = ipa < m->base ? m->base : ipa > top ? top : ipa;
	end = end < ipa || end > top ? top : end;
	sv->ipa = ipa;
	sv->n = (size_t)((end - ipa + PAGE - 1) / PAGE);
	sv->keys = malloc(sv->n * sizeof(*sv->keys) + 1);
	if (sv->keys == NULL) {
		return -1;
	}
	if (sv->n != 0) {
		memcpy(sv->keys, key_at(m, ipa), sv->n * sizeof(*sv->keys));
	}
	return 0;
}

/**
 * s2pt_model_restore() - put a saved range back, or just drop the copy.
 * @m:     the model.
 * @sv:    from s2pt_model_save().
 * @apply: write the saved pages back.
 */
void
s2pt_model_restore(struct s2pt_model *m, struct s2pt_model_saved *sv,
    bool apply)
{
	if (apply && sv->n != 0) {
		memcpy(key_at(m, sv->ipa), sv->keys, sv->n * sizeof(*sv->keys));
	}
	free(sv->keys);
	sv->keys = NULL;
}

/**
 * s2pt_model_owner() - owner of the page at @ipa (0 if mapped).
 * @m:   the model.
 * @ipa: an IPA inside the window.
 *
 * Return: the owner id.
 */
uint8_t
s2pt_model_owner(const struct s2pt_model *m, uint64_t ipa)
{
	return key_owner_of(*key_at(m, ipa & ~(PAGE - 1)));
}

/**
 * s2pt_model_rc_ok() - whether a return code is in a set.
 * @set: from a model operation.
 * @rc:  what s2pt returned.
 *
 * Return: true if allowed.
 */
bool
s2pt_model_rc_ok(uint64_t set, int rc)
{
	if (rc > 0 || rc <= -63) {
		return false;
	}
	return (set & MODEL_RC(rc)) != 0;
}

/**
 * s2pt_model_rc_str() - a code set for messages ("0|-EEXIST").
 * @set: the set.
 * @buf: room for the text.
 * @len: its size.
 *
 * Return: @buf.
 */
const char *
s2pt_model_rc_str(uint64_t set, char *buf, size_t len)
{
	size_t n = 0;
	int e;

	buf[0] = '\0';
	if (set & MODEL_UNMODELLED) {
		snprintf(buf, len, "(request outside the model's window)");
		return buf;
	}
	for (e = 0; e < 63 && n < len; e++) {
		if (set & ((uint64_t)1 << e)) {
			n += (size_t)snprintf(buf + n, len - n, "%s%d",
			    n != 0 ? "|" : "", -e);
		}
	}
	return buf;
}

/* A dump record with plain addresses. */
struct rec {
	uint64_t ipa;
	uint64_t size;
	unsigned int level;
	uint64_t count;
	bool valid;
	uint64_t pa;
	struct s2pt_attr attr;
	uint8_t owner;
};

struct cmp {
	const struct s2pt_model *m;
	uint64_t end;		/* end of the range compared */
	uint64_t cursor;	/* first IPA not yet compared */
	struct rec prev;
	bool have_prev;
	char *msg;
	size_t len;
};

/* Every page of [ipa, ipa + size) must have key @want. */
static int
cmp_pages(struct cmp *c, uint64_t ipa, uint64_t size, uint64_t want,
    const char *what)
{
	const uint64_t *k = key_at(c->m, ipa);
	uint64_t i, n = size / PAGE;
	char a[96], b[96];

	for (i = 0; i < n && k[i] == want; i++) {
		continue;
	}
	if (i == n) {
		return 0;
	}
	ipa += i * PAGE;
	snprintf(c->msg, c->len, "IPA %#" PRIx64 ": model says %s, %s says %s",
	    ipa, key_str(k[i], ipa, a, sizeof(a)), what,
	    key_str(want, ipa, b, sizeof(b)));
	return -1;
}

static bool
rec_mergeable(const struct rec *a, const struct rec *b)
{
	if (a->ipa + a->size != b->ipa || a->level != b->level ||
	    a->valid != b->valid) {
		return false;
	}
	if (!a->valid) {
		return a->owner == b->owner;
	}
	return a->pa + a->size == b->pa && a->attr.perm == b->attr.perm &&
	    a->attr.memtype == b->attr.memtype;
}

static int
cmp_rec_shape(struct cmp *c, const struct rec *r)
{
	const char *bad = NULL;

	if (r->size == 0 || r->ipa % PAGE != 0 || r->size % PAGE != 0) {
		bad = "empty or misaligned";
	} else if (r->ipa < c->cursor || r->ipa + r->size > c->end) {
		bad = "out of order or outside the range";
	} else if (r->level < 1 || r->level > 3 || r->count == 0) {
		bad = "bad level or count";
	} else if (r->valid &&
	    (r->ipa - r->pa) % S2PT_LEVEL_SIZE(r->level) != 0) {
		bad = "IPA and PA not congruent modulo the level size";
	} else if (!r->valid && r->owner == S2PT_OWNER_NONE) {
		bad = "an unowned hole is reported";
	} else if (c->have_prev && rec_mergeable(&c->prev, r)) {
		bad = "adjacent like runs not merged";
	}
	if (bad == NULL) {
		return 0;
	}
	snprintf(c->msg, c->len, "dump record ipa %#" PRIx64 " size %#" PRIx64
	    " level %u count %" PRIu64 " valid %d pa %#" PRIx64 " owner %u: %s",
	    r->ipa, r->size, r->level, r->count, r->valid, r->pa, r->owner,
	    bad);
	return -1;
}

static int
cmp_rec(void *arg, const struct s2pt_dump_rec *d)
{
	struct cmp *c = arg;
	struct rec rr = { ipa_addr(d->ipa), d->size, d->level, d->count,
	    d->valid, pa_addr(d->pa), d->attr, d->owner };
	const struct rec *r = &rr;
	uint64_t want;

	if (cmp_rec_shape(c, r) != 0 ||
	    cmp_pages(c, c->cursor, r->ipa - c->cursor, 0, "dump (hole)") != 0) {
		return -1;
	}
	want = r->valid ? key_mapped(r->ipa, r->pa, r->attr) :
	    key_owner(r->owner);
	if (cmp_pages(c, r->ipa, r->size, want, "dump") != 0) {
		return -1;
	}
	c->cursor = r->ipa + r->size;
	c->prev = *r;
	c->have_prev = true;
	return 0;
}

/**
 * s2pt_model_compare() - compare the table with the model over a range.
 * @m:    the model.
 * @pt:   the table.
 * @ipa:  first IPA (clipped to the window), 4 KiB aligned.
 * @size: bytes.
 * @msg:  gets the first difference.
 * @len:  size of @msg.
 *
 * Return: 0 if equal, -1 with @msg set otherwise.
 */
int
s2pt_model_compare(const struct s2pt_model *m, const struct s2pt *pt,
    uint64_t ipa, uint64_t size, char *msg, size_t len)
{
	uint64_t end = ipa + size;
	struct cmp c;
	int rc;

	ipa = ipa < m->base ? m->base : ipa;
	end = end > m->base + m->size || end < ipa ? m->base + m->size : end;
	if (ipa >= end) {
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.end = end;
	c.cursor = ipa;
	c.msg = msg;
	c.len = len;
	msg[0] = '\0';
	rc = s2pt_dump(pt, ipa_init(ipa), end - ipa, cmp_rec, &c);
	if (rc != 0) {
		if (msg[0] == '\0') {
			snprintf(msg, len, "s2pt_dump(%#" PRIx64 ", %#" PRIx64
			    ") returned %d", ipa, end - ipa, rc);
		}
		return -1;
	}
	return cmp_pages(&c, c.cursor, end - c.cursor, 0, "dump (hole)");
}

static int
spot_fail(char *msg, size_t len, uint64_t ipa, int rc,
    const struct s2pt_leaf *l, const char *why, uint64_t key)
{
	char k[96];

	snprintf(msg, len, "s2pt_lookup(%#" PRIx64 ") = %d {valid %d level %u"
	    " base %#" PRIx64 " size %#" PRIx64 " pa %#" PRIx64 " perm %u type"
	    " %u owner %u}: %s; model: %s", ipa, rc, l->valid, l->level,
	    ipa_addr(l->base), l->size, pa_addr(l->pa), l->attr.perm,
	    l->attr.memtype, l->owner, why, key_str(key, ipa & ~(PAGE - 1), k,
	    sizeof(k)));
	return -1;
}

/* The whole entry lookup reports must look alike in the model. */
static bool
spot_entry_uniform(const struct s2pt_model *m, const struct s2pt_leaf *l)
{
	uint64_t b = ipa_addr(l->base), off, k0, k;

	if (b < m->base || b + l->size > m->base + m->size) {
		return true;
	}
	k0 = *key_at(m, b);
	for (off = PAGE; off < l->size; off += PAGE) {
		k = *key_at(m, b + off);
		if (k != k0) {
			return false;
		}
	}
	return true;
}

/**
 * s2pt_model_spot_check() - compare one IPA with s2pt_lookup().
 * @m:    the model.
 * @pt:   the table.
 * @ipa:  any IPA inside the window (need not be page aligned).
 * @msg:  gets the difference.
 * @len:  size of @msg.
 *
 * Return: 0 if s2pt_lookup() agrees with the model, -1 otherwise.
 */
int
s2pt_model_spot_check(const struct s2pt_model *m, const struct s2pt *pt,
    uint64_t ipa, char *msg, size_t len)
{
	uint64_t key = *key_at(m, ipa & ~(PAGE - 1));
	struct s2pt_leaf l;
	int rc;

	memset(&l, 0xa5, sizeof(l));
	rc = s2pt_lookup(pt, ipa_init(ipa), &l);
	/* Level 0 only for an invalid entry met there (no level-0 blocks). */
	if (l.level > 3 || (l.level == 0 && rc == 0) ||
	    l.size != S2PT_LEVEL_SIZE(l.level) ||
	    ipa_addr(l.base) % l.size != 0 || ipa_addr(l.base) > ipa ||
	    ipa - ipa_addr(l.base) >= l.size) {
		return spot_fail(msg, len, ipa, rc, &l, "bad entry bounds", key);
	}
	if (key & KEY_MAPPED) {
		if (rc != 0 || !l.valid ||
		    pa_addr(l.pa) != key_pa(key, ipa & ~(PAGE - 1)) +
		    (ipa & (PAGE - 1)) || l.attr.perm != key_attr(key).perm ||
		    l.attr.memtype != key_attr(key).memtype) {
			return spot_fail(msg, len, ipa, rc, &l, "differs", key);
		}
	} else if (rc != -ENOENT || l.valid || l.owner != key_owner_of(key)) {
		return spot_fail(msg, len, ipa, rc, &l, "differs", key);
	}
	if (!spot_entry_uniform(m, &l)) {
		return spot_fail(msg, len, ipa, rc, &l,
		    "the model's pages under the entry are not alike", key);
	}
	return 0;
}
