/* SPDX-License-Identifier: ISC */
/*
 * s2pt_oracle.c - the break-before-make oracle (see s2pt_oracle.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/s2pt_desc.h>

#include "s2pt_oracle.h"

#define ENTRIES	((size_t)S2PT_ENTRIES)
#define NO_ENTRY	((size_t)-1)

/*
 * An entry the current call made invalid (a break), or a leaf whose
 * permissions it changed in place: either needs a covering invalidation.
 */
struct pend {
	size_t entry;		/* NO_ENTRY for leaves below an unlinked table */
	uint64_t oldv;
	uint64_t ipa;
	uint64_t size;		/* bytes the old value translated */
	unsigned int level;
	bool table;
	bool perm_only;
	bool full;		/* an invalidation contained the entry */
	bool touch;		/* an invalidation met the entry */
};

struct s2pt_oracle {
	const struct s2pt_fake *fake;
	size_t pages;
	uint64_t *shadow;	/* per entry: value as traced */
	uint32_t *pend_idx;	/* per entry: its pend in this call, + 1 */
	uint8_t *order;		/* per page: 0 free, order + 1, 0xff inside */
	bool *root;		/* per page: allocated by s2pt_init() */
	int8_t *page_level;	/* per page: level of its entries, -1 unknown */
	uint32_t *links;	/* per page: table descriptors pointing at it */
	uint32_t *parent;	/* per page: entry linking it, + 1 */
	uint32_t *unlink_pend;	/* per page: pend of its unlink, + 1 */
	struct pend *pend;
	size_t pend_len;
	size_t pend_cap;
	size_t *open;		/* pends not yet wholly covered */
	size_t open_len;
	bool in_call;
	bool init;
	bool fini;
	bool vmid_flushed;
	const char *what;
	uint16_t vmid;
	size_t ev_no;
	size_t ev_count;	/* records in the log being checked */
	unsigned int mem_every;
	struct s2pt_oracle_counts cnt;
	char msg[512];
};

static int
fail(struct s2pt_oracle *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(o->msg, sizeof(o->msg), "%s call #%" PRIu64 ", record %zu: ",
	    o->what != NULL ? o->what : "(outside a call)", o->cnt.calls,
	    o->ev_no);
	if (n < 0 || (size_t)n >= sizeof(o->msg)) {
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(o->msg + n, sizeof(o->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
is_table(uint64_t d, unsigned int level)
{
	return s2pt_desc_is_valid(d) && s2pt_desc_is_table(d, level);
}

static uint64_t
memattr(uint64_t d)
{
	return (d & S2PT_DESC_MEMATTR_MASK) >> S2PT_DESC_MEMATTR_SHIFT;
}

/* Whether going from valid @a to valid @b needs a break-before-make. */
static bool
conflicts(uint64_t a, uint64_t b, unsigned int level)
{
	if (is_table(a, level) != is_table(b, level)) {
		return true;
	}
	if (s2pt_desc_addr(a) != s2pt_desc_addr(b)) {
		return true;
	}
	return !is_table(a, level) && memattr(a) != memattr(b);
}

static size_t
page_of_pa(const struct s2pt_oracle *o, uint64_t pa)
{
	const uint64_t *va = s2pt_fake_va(o->fake, pa);

	return va == NULL ? (size_t)-1 : s2pt_fake_page_index(o->fake, va);
}

/**
 * s2pt_oracle_new() - an oracle for the tables of one fake.
 * @f: the fake whose log will be checked.
 *
 * Return: the oracle, or NULL if host memory ran out.
 */
struct s2pt_oracle *
s2pt_oracle_new(const struct s2pt_fake *f)
{
	struct s2pt_oracle *o = calloc(1, sizeof(*o));

	if (o == NULL) {
		return NULL;
	}
	o->fake = f;
	o->pages = f->arena_pages;
	o->mem_every = 1;
	o->shadow = calloc(o->pages * ENTRIES, sizeof(*o->shadow));
	o->pend_idx = calloc(o->pages * ENTRIES, sizeof(*o->pend_idx));
	o->order = calloc(o->pages, 1);
	o->root = calloc(o->pages, sizeof(*o->root));
	o->page_level = malloc(o->pages);
	o->links = calloc(o->pages, sizeof(*o->links));
	o->parent = calloc(o->pages, sizeof(*o->parent));
	o->unlink_pend = calloc(o->pages, sizeof(*o->unlink_pend));
	if (o->shadow == NULL || o->pend_idx == NULL || o->order == NULL ||
	    o->root == NULL || o->page_level == NULL || o->links == NULL ||
	    o->parent == NULL || o->unlink_pend == NULL) {
		s2pt_oracle_free(o);
		return NULL;
	}
	memset(o->page_level, -1, o->pages);
	return o;
}

/**
 * s2pt_oracle_free() - free an oracle.
 * @o: the oracle (NULL is fine).
 */
void
s2pt_oracle_free(struct s2pt_oracle *o)
{
	if (o == NULL) {
		return;
	}
	free(o->shadow);
	free(o->pend_idx);
	free(o->order);
	free(o->root);
	free(o->page_level);
	free(o->links);
	free(o->parent);
	free(o->unlink_pend);
	free(o->pend);
	free(o->open);
	free(o);
}

/**
 * s2pt_oracle_memory_check() - how often to compare shadow and real tables.
 * @o:     the oracle.
 * @every: every how many calls (0: never).
 */
void
s2pt_oracle_memory_check(struct s2pt_oracle *o, unsigned int every)
{
	o->mem_every = every;
}

/**
 * s2pt_oracle_msg() - the first violation found.
 * @o: the oracle.
 *
 * Return: a message ("" if none).
 */
const char *
s2pt_oracle_msg(const struct s2pt_oracle *o)
{
	return o->msg;
}

/**
 * s2pt_oracle_counts() - read the oracle's counters.
 * @o:  the oracle.
 * @c:  filled in.
 */
void
s2pt_oracle_counts(const struct s2pt_oracle *o, struct s2pt_oracle_counts *c)
{
	*c = o->cnt;
}

static int
add_pend(struct s2pt_oracle *o, size_t entry, uint64_t oldv,
    const struct fake_ev *ev, bool perm_only)
{
	struct pend *p;

	if (o->pend_len == o->pend_cap) {
		size_t cap = o->pend_cap != 0 ? o->pend_cap * 2 : 256;
		struct pend *np = realloc(o->pend, cap * sizeof(*np));
		size_t *nopen = realloc(o->open, cap * sizeof(*nopen));

		if (np != NULL) {
			o->pend = np;
		}
		if (nopen != NULL) {
			o->open = nopen;
		}
		if (np == NULL || nopen == NULL) {
			return fail(o, "oracle out of memory");
		}
		o->pend_cap = cap;
	}
	p = &o->pend[o->pend_len];
	memset(p, 0, sizeof(*p));
	p->entry = entry;
	p->oldv = oldv;
	p->ipa = ev->addr;
	p->size = ev->size != 0 ? ev->size : S2PT_LEVEL_SIZE(ev->level);
	p->level = ev->level;
	p->table = is_table(oldv, ev->level);
	p->perm_only = perm_only;
	o->open[o->open_len++] = o->pend_len++;
	if (entry != NO_ENTRY) {
		o->pend_idx[entry] = (uint32_t)o->pend_len;
	}
	return 0;
}

/* Leaves [ipa, ipa + size) of @level went with an unlinked table. */
static int
add_gone(struct s2pt_oracle *o, uint64_t ipa, uint64_t size,
    unsigned int level)
{
	struct fake_ev ev = { .kind = FAKE_EV_STORE, .level = level,
	    .addr = ipa, .size = size };

	return size == 0 ? 0 : add_pend(o, NO_ENTRY, S2PT_DESC_VALID, &ev,
	    false);
}

/*
 * Unlinking a table removes every leaf below it at once: each run of them
 * needs a covering invalidation like a leaf removed by its own store.
 */
static int
add_subtree_leaves(struct s2pt_oracle *o, size_t page, unsigned int level,
    uint64_t base)
{
	uint64_t run = base, len = 0, d, step = S2PT_LEVEL_SIZE(level);
	size_t i, t;

	for (i = 0; i < ENTRIES; i++) {
		d = o->shadow[page * ENTRIES + i];
		if (s2pt_desc_is_leaf(d, level)) {
			run = len == 0 ? base + i * step : run;
			len += step;
			continue;
		}
		if (add_gone(o, run, len, level) != 0) {
			return -1;
		}
		len = 0;
		t = is_table(d, level) ? page_of_pa(o, s2pt_desc_addr(d)) :
		    (size_t)-1;
		if (t != (size_t)-1 && o->order[t] != 0 &&
		    add_subtree_leaves(o, t, level + 1, base + i * step) != 0) {
			return -1;
		}
	}
	return add_gone(o, run, len, level);
}

/* Mark what an invalidation of [a, a + s) with level hint @hint covers. */
static void
cover(struct pend *p, uint64_t a, uint64_t s, unsigned int hint)
{
	uint64_t e = p->ipa, len = p->size;
	bool contains = a <= e && e - a + len <= s;
	bool meets = e < a + s && a < e + len;

	if (p->table) {
		/* A hint promises every entry removed was a leaf of that
		 * level (hv/s2pt.h); a table entry is none. */
		if (hint != 0) {
			return;
		}
		p->touch = p->touch || meets;
		p->full = p->full || contains;
	} else if ((hint == 0 || hint == p->level) && contains) {
		p->touch = p->full = true;
	}
}

static int
ev_tlbi(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	size_t i = 0;
	uint64_t unit;

	if (ev->vmid != o->vmid) {
		return fail(o, "invalidation names VMID %u, the table's is %u",
		    ev->vmid, o->vmid);
	}
	if (ev->kind == FAKE_EV_TLBI_VMID) {
		o->cnt.tlbi_vmid++;
		o->vmid_flushed = true;
		for (i = 0; i < o->open_len; i++) {
			o->pend[o->open[i]].full = o->pend[o->open[i]].touch = true;
		}
		o->open_len = 0;
		return 0;
	}
	o->cnt.tlbi_ipa++;
	unit = ev->level == 0 ? S2PT_PAGE_SIZE : S2PT_LEVEL_SIZE(ev->level);
	if (ev->level > 3 || ev->size == 0 || ev->addr % unit != 0 ||
	    ev->size % unit != 0) {
		return fail(o, "bad TLBI by IPA: ipa %#" PRIx64 " size %#" PRIx64
		    " level %u", ev->addr, ev->size, ev->level);
	}
	while (i < o->open_len) {
		struct pend *p = &o->pend[o->open[i]];

		cover(p, ev->addr, ev->size, ev->level);
		if (p->full) {
			o->open[i] = o->open[--o->open_len];
		} else {
			i++;
		}
	}
	return 0;
}

static int
check_leaf(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	uint64_t d = ev->newv, size = S2PT_LEVEL_SIZE(ev->level);
	uint64_t ma = memattr(d);

	if (ev->level == 0) {
		return fail(o, "block descriptor at level 0: %#" PRIx64, d);
	}
	if (ev->level == 3 && (d & S2PT_DESC_TYPE_MASK) != S2PT_DESC_TYPE_MASK) {
		return fail(o, "reserved level-3 encoding %#" PRIx64, d);
	}
	if (s2pt_desc_addr(d) % size != 0) {
		return fail(o, "level-%u leaf at IPA %#" PRIx64 " has PA %#"
		    PRIx64 " not aligned to its size", ev->level, ev->addr,
		    s2pt_desc_addr(d));
	}
	if ((d & S2PT_DESC_AF) == 0) {
		return fail(o, "leaf %#" PRIx64 " without the access flag", d);
	}
	if (ma != S2PT_MEMATTR_NORMAL_WB && ma != S2PT_MEMATTR_NORMAL_NC &&
	    ma != S2PT_MEMATTR_DEVICE_nGnRE) {
		return fail(o, "leaf %#" PRIx64 " has MemAttr %#" PRIx64, d, ma);
	}
	if (ma == S2PT_MEMATTR_DEVICE_nGnRE && (d & S2PT_DESC_XN) == 0) {
		return fail(o, "executable Device leaf %#" PRIx64, d);
	}
	return 0;
}

/* Where the traced entry is: checks it and returns its entry index. */
static int
locate(struct s2pt_oracle *o, const struct fake_ev *ev, size_t *entry)
{
	size_t page = s2pt_fake_page_index(o->fake, ev->ptep), start, idx;
	unsigned int order;

	if (page == (size_t)-1 || o->order[page] == 0) {
		return fail(o, "store to %p, not in an allocated table page",
		    (const void *)ev->ptep);
	}
	if (ev->level > 3 || ev->addr % S2PT_LEVEL_SIZE(ev->level) != 0) {
		return fail(o, "store traced with level %u, IPA %#" PRIx64,
		    ev->level, ev->addr);
	}
	for (start = page; o->order[start] == 0xff; start--) {
		continue;
	}
	order = o->order[start] - 1u;
	*entry = page * ENTRIES + (size_t)((uintptr_t)ev->ptep % 4096) / 8;
	idx = *entry - start * ENTRIES;
	if (idx != ((ev->addr / S2PT_LEVEL_SIZE(ev->level)) &
	    ((ENTRIES << order) - 1))) {
		return fail(o, "entry %zu of its table traced with IPA %#"
		    PRIx64 " at level %u", idx, ev->addr, ev->level);
	}
	if (o->page_level[page] >= 0 && o->page_level[page] != (int)ev->level) {
		return fail(o, "store at level %u into a level-%d table",
		    ev->level, o->page_level[page]);
	}
	o->page_level[page] = (int8_t)ev->level;
	return 0;
}

static int
link_table(struct s2pt_oracle *o, uint64_t d, unsigned int level,
    size_t entry)
{
	size_t t = page_of_pa(o, s2pt_desc_addr(d));

	if (t == (size_t)-1 || o->order[t] != 1 || o->root[t]) {
		return fail(o, "table descriptor %#" PRIx64 " points at no"
		    " allocated table page", d);
	}
	if (o->links[t]++ != 0) {
		return fail(o, "table page PA %#" PRIx64 " linked twice",
		    s2pt_desc_addr(d));
	}
	if (o->page_level[t] >= 0 && o->page_level[t] != (int)level + 1) {
		return fail(o, "level-%d table linked at level %u",
		    o->page_level[t], level);
	}
	o->page_level[t] = (int8_t)(level + 1);
	o->parent[t] = (uint32_t)entry + 1;
	return 0;
}

static void
unlink_table(struct s2pt_oracle *o, uint64_t d)
{
	size_t t = page_of_pa(o, s2pt_desc_addr(d));

	if (t != (size_t)-1 && o->links[t] > 0) {
		o->links[t]--;
		o->parent[t] = 0;
		o->cnt.unlinks++;
	}
}

/* A valid value stored over an invalid one: was the old entry broken? */
static int
check_make(struct s2pt_oracle *o, size_t entry, const struct fake_ev *ev)
{
	uint32_t pi = o->pend_idx[entry];
	const struct pend *p = pi != 0 ? &o->pend[pi - 1] : NULL;

	if (p == NULL || p->perm_only ||
	    !conflicts(p->oldv, ev->newv, ev->level)) {
		return 0;
	}
	if (!p->full) {
		return fail(o, "break-before-make: level-%u entry at IPA %#"
		    PRIx64 " changed %#" PRIx64 " -> invalid -> %#" PRIx64
		    " without a TLBI of VMID %u covering the old entry between",
		    ev->level, ev->addr, p->oldv, ev->newv, o->vmid);
	}
	o->cnt.bbm++;
	return 0;
}

/* A valid value stored over a valid one. */
static int
check_change(struct s2pt_oracle *o, size_t entry, const struct fake_ev *ev)
{
	if (conflicts(ev->oldv, ev->newv, ev->level)) {
		return fail(o, "valid->valid store without break: level-%u"
		    " entry at IPA %#" PRIx64 " %#" PRIx64 " -> %#" PRIx64,
		    ev->level, ev->addr, ev->oldv, ev->newv);
	}
	if (is_table(ev->oldv, ev->level) ||
	    (ev->oldv & S2PT_DESC_ATTR_MASK) == (ev->newv & S2PT_DESC_ATTR_MASK)) {
		return 0;
	}
	o->cnt.perm_changes++;
	return add_pend(o, entry, ev->oldv, ev, true);
}

/* The table entry @entry pointed to is no longer linked from it. */
static int
note_unlink(struct s2pt_oracle *o, size_t entry, const struct fake_ev *ev)
{
	size_t t = page_of_pa(o, s2pt_desc_addr(ev->oldv));

	unlink_table(o, ev->oldv);
	if (s2pt_desc_is_valid(ev->newv) || t == (size_t)-1) {
		return 0;	/* a direct replacement fails check_change() */
	}
	o->unlink_pend[t] = o->pend_idx[entry];
	return add_subtree_leaves(o, t, ev->level + 1, ev->addr);
}

static int
ev_store(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	bool ov = s2pt_desc_is_valid(ev->oldv);
	bool nv = s2pt_desc_is_valid(ev->newv);
	size_t entry = 0;

	if (locate(o, ev, &entry) != 0) {
		return -1;
	}
	if (o->shadow[entry] != ev->oldv) {
		return fail(o, "store traced with old %#" PRIx64 " but the entry"
		    " (level %u, IPA %#" PRIx64 ") held %#" PRIx64, ev->oldv,
		    ev->level, ev->addr, o->shadow[entry]);
	}
	o->shadow[entry] = ev->newv;
	o->cnt.stores++;
	if (nv && s2pt_desc_is_leaf(ev->newv, ev->level) &&
	    check_leaf(o, ev) != 0) {
		return -1;
	}
	if (ov && !nv) {
		o->cnt.breaks++;
		if (add_pend(o, entry, ev->oldv, ev, false) != 0) {
			return -1;
		}
	}
	if (is_table(ev->oldv, ev->level) && ev->newv != ev->oldv &&
	    (!is_table(ev->newv, ev->level) ||
	    s2pt_desc_addr(ev->newv) != s2pt_desc_addr(ev->oldv)) &&
	    note_unlink(o, entry, ev) != 0) {
		return -1;
	}
	if (is_table(ev->newv, ev->level) && (!is_table(ev->oldv, ev->level) ||
	    s2pt_desc_addr(ev->newv) != s2pt_desc_addr(ev->oldv)) &&
	    link_table(o, ev->newv, ev->level, entry) != 0) {
		return -1;
	}
	if (nv && !ov) {
		return check_make(o, entry, ev);
	}
	return ov && nv ? check_change(o, entry, ev) : 0;
}

static int
ev_alloc(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	size_t page = s2pt_fake_page_index(o->fake, ev->ptep);
	size_t n = (size_t)1 << ev->level, i;

	if (page == (size_t)-1 || page + n > o->pages) {
		return fail(o, "table_alloc returned %p, outside the arena",
		    (const void *)ev->ptep);
	}
	memset(&o->shadow[page * ENTRIES], 0, n * ENTRIES * sizeof(uint64_t));
	for (i = page; i < page + n; i++) {
		o->order[i] = i == page ? (uint8_t)(ev->level + 1) : 0xff;
		o->root[i] = o->init;
		o->page_level[i] = -1;
		o->links[i] = 0;
		o->parent[i] = 0;
		o->unlink_pend[i] = 0;
	}
	return 0;
}

/* Entry @i of @page gets @v without a traced store (a snapshot). */
static int
snap_entry(struct s2pt_oracle *o, size_t page, size_t i, uint64_t v,
    const struct fake_ev *ev)
{
	size_t entry = page * ENTRIES + i;
	struct fake_ev e = *ev;

	if (is_table(o->shadow[entry], ev->level)) {
		unlink_table(o, o->shadow[entry]);
	}
	o->shadow[entry] = v;
	e.addr = ev->addr + i * S2PT_LEVEL_SIZE(ev->level);
	e.newv = v;
	if (s2pt_desc_is_leaf(v, ev->level) && check_leaf(o, &e) != 0) {
		return -1;
	}
	if (is_table(v, ev->level)) {
		return link_table(o, v, ev->level, entry);
	}
	return 0;
}

static int
ev_snap(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	size_t page = s2pt_fake_page_index(o->fake, ev->ptep), i;

	if (page == (size_t)-1 || o->order[page] != 1 || o->root[page]) {
		return fail(o, "table descriptor for %p, not an allocated"
		    " table page", (const void *)ev->ptep);
	}
	if (ev->addr % S2PT_LEVEL_SIZE(ev->level - 1) != 0) {
		return fail(o, "level-%u table linked at unaligned IPA %#"
		    PRIx64, ev->level, ev->addr);
	}
	o->page_level[page] = (int8_t)ev->level;
	for (i = 0; i < ENTRIES; i++) {
		if (snap_entry(o, page, i, ev->snap != NULL ? ev->snap[i] : 0,
		    ev) != 0) {
			return -1;
		}
	}
	return 0;
}

static bool
page_has_leaf(const struct s2pt_oracle *o, size_t page)
{
	size_t i;

	if (o->page_level[page] < 0) {
		return false;
	}
	for (i = 0; i < ENTRIES; i++) {
		if (s2pt_desc_is_leaf(o->shadow[page * ENTRIES + i],
		    (unsigned int)o->page_level[page])) {
			return true;
		}
	}
	return false;
}

/*
 * A page may be freed once no walk can reach it: the chain of tables
 * linking it ends at a freed table or at one whose unlink was invalidated,
 * never at the root.
 */
static int
check_unreachable(struct s2pt_oracle *o, size_t page)
{
	size_t top = page, hops = 0;
	uint32_t pi;

	while (o->parent[top] != 0 && hops++ < o->pages) {
		top = (o->parent[top] - 1) / ENTRIES;
		if (o->order[top] == 0) {
			return 0;
		}
	}
	if (o->root[top]) {
		return fail(o, "table page PA %#" PRIx64 " freed while still"
		    " reachable from the root", o->fake->pa_base + page * 4096);
	}
	pi = o->unlink_pend[top];
	if (pi != 0 && !o->pend[pi - 1].touch) {
		return fail(o, "table page PA %#" PRIx64 " freed before the"
		    " unlink of level-%u entry at IPA %#" PRIx64 " was"
		    " invalidated", o->fake->pa_base + page * 4096,
		    o->pend[pi - 1].level, o->pend[pi - 1].ipa);
	}
	return 0;
}

/* The tables @page links are linked from nowhere once it is gone. */
static void
forget_children(struct s2pt_oracle *o, size_t page)
{
	size_t i, t;
	uint64_t d;

	if (o->page_level[page] < 0 || o->page_level[page] == 3) {
		return;
	}
	for (i = 0; i < ENTRIES; i++) {
		d = o->shadow[page * ENTRIES + i];
		if (!is_table(d, (unsigned int)o->page_level[page])) {
			continue;
		}
		t = page_of_pa(o, s2pt_desc_addr(d));
		if (t != (size_t)-1 && o->parent[t] == page * ENTRIES + i + 1) {
			o->parent[t] = 0;
			o->links[t] = 0;
		}
	}
}

static int
ev_free_page(struct s2pt_oracle *o, size_t page)
{
	if (o->fini) {
		if (!o->vmid_flushed && page_has_leaf(o, page)) {
			return fail(o, "table page with mappings freed before"
			    " the VMID was invalidated");
		}
	} else if (o->root[page]) {
		return fail(o, "root table page freed outside s2pt_fini()");
	} else if (check_unreachable(o, page) != 0) {
		return -1;
	}
	forget_children(o, page);
	return 0;
}

static int
ev_free(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	size_t page = s2pt_fake_page_index(o->fake, ev->ptep);
	size_t n = (size_t)1 << ev->level, i;

	o->cnt.table_frees++;
	if (page == (size_t)-1 || page + n > o->pages ||
	    o->order[page] != ev->level + 1) {
		return fail(o, "table_free(%p, order %u) of no block handed out",
		    (const void *)ev->ptep, ev->level);
	}
	for (i = page; i < page + n; i++) {
		if (ev_free_page(o, i) != 0) {
			return -1;
		}
	}
	for (i = page; i < page + n; i++) {
		o->order[i] = 0;
		o->root[i] = false;
	}
	return 0;
}

static int
ev_begin(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	if (o->in_call) {
		return fail(o, "call begins inside another");
	}
	o->in_call = true;
	o->what = ev->what;
	o->vmid = ev->vmid;
	o->init = ev->what != NULL && strcmp(ev->what, "init") == 0;
	o->fini = ev->what != NULL && strcmp(ev->what, "fini") == 0;
	o->vmid_flushed = false;
	o->cnt.calls++;
	return 0;
}

static int
check_memory(struct s2pt_oracle *o)
{
	const uint64_t *mem = o->fake->arena;
	size_t page, i;

	for (page = 0; page < o->pages; page++) {
		const uint64_t *s = &o->shadow[page * ENTRIES];
		const uint64_t *m = &mem[page * ENTRIES];

		if (o->order[page] == 0 ||
		    memcmp(s, m, ENTRIES * sizeof(*s)) == 0) {
			continue;
		}
		for (i = 0; m[i] == s[i]; i++) {
			continue;
		}
		return fail(o, "untraced store: table page PA %#" PRIx64
		    " entry %zu holds %#" PRIx64 ", the trace says %#" PRIx64,
		    o->fake->pa_base + page * 4096, i, m[i], s[i]);
	}
	return 0;
}

static int
ev_end(struct s2pt_oracle *o)
{
	size_t i, t;

	for (i = 0; i < o->open_len; i++) {
		const struct pend *p = &o->pend[o->open[i]];

		if (!p->table || !p->touch) {
			return fail(o, "level-%u %s at IPA %#" PRIx64 " (%#"
			    PRIx64 " bytes, was %#" PRIx64 ") not covered by a"
			    " TLBI of VMID %u before the call returned",
			    p->level, p->perm_only ? "permission change" :
			    p->entry == NO_ENTRY ? "removal with its table" :
			    "removal", p->ipa, p->size, p->oldv,
			    o->vmid);
		}
	}
	for (i = 0; i < o->pend_len; i++) {
		const struct pend *p = &o->pend[i];

		if (p->entry != NO_ENTRY) {
			o->pend_idx[p->entry] = 0;
		}
		t = p->table ? page_of_pa(o, s2pt_desc_addr(p->oldv)) :
		    (size_t)-1;
		if (t != (size_t)-1) {
			o->unlink_pend[t] = 0;
		}
	}
	o->pend_len = o->open_len = 0;
	o->in_call = false;
	/* The arena shows the state after the last call of the log only. */
	if (o->mem_every != 0 && o->cnt.calls % o->mem_every == 0 &&
	    o->ev_no + 1 == o->ev_count) {
		return check_memory(o);
	}
	return 0;
}

static int
ev_one(struct s2pt_oracle *o, const struct fake_ev *ev)
{
	if (ev->kind == FAKE_EV_BEGIN) {
		return ev_begin(o, ev);
	}
	if (!o->in_call) {
		return fail(o, "callback (kind %d) outside any s2pt call",
		    (int)ev->kind);
	}
	switch (ev->kind) {
	case FAKE_EV_END:
		return ev_end(o);
	case FAKE_EV_STORE:
		return ev_store(o, ev);
	case FAKE_EV_TLBI_IPA:
	case FAKE_EV_TLBI_VMID:
		return ev_tlbi(o, ev);
	case FAKE_EV_ALLOC:
		return ev_alloc(o, ev);
	case FAKE_EV_SNAP:
		return ev_snap(o, ev);
	case FAKE_EV_FREE:
		return ev_free(o, ev);
	default:
		return 0;
	}
}

/**
 * s2pt_oracle_check() - check a log.
 * @o:   the oracle.
 * @log: records, in order, of whole calls.
 * @n:   their number.
 *
 * Return: 0 if every rule holds, else -1 (see s2pt_oracle_msg()).
 */
int
s2pt_oracle_check(struct s2pt_oracle *o, const struct fake_ev *log, size_t n)
{
	size_t i;

	o->msg[0] = '\0';
	o->ev_count = n;
	for (i = 0; i < n; i++) {
		o->ev_no = i;
		if (ev_one(o, &log[i]) != 0) {
			o->in_call = false;
			return -1;
		}
	}
	if (o->in_call) {
		return fail(o, "log ends inside a call");
	}
	return 0;
}
