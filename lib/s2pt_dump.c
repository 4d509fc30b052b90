/* SPDX-License-Identifier: ISC */
/*
 * s2pt_dump.c - the dump visitor (s2pt_lookup() itself is inline in
 * hv/s2pt.h).
 *
 * It runs the same walker as the mutating operations; it never writes, so
 * it takes a const table.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

/**
 * struct dump - a dump in progress.
 * @fn:   the caller's callback.
 * @arg:  its argument.
 * @run:  the run being gathered.
 * @open: @run holds entries not reported yet.
 * @ret:  what @fn returned when it stopped the dump.
 */
struct dump {
	s2pt_dump_fn fn;
	void *arg;
	struct s2pt_dump_rec run;
	bool open;
	int ret;
};

static int
dump_emit(struct dump *d)
{
	if (!d->open) {
		return 0;
	}
	d->open = false;
	d->ret = d->fn(d->arg, &d->run);
	return d->ret;
}

/* Whether @rec continues the open run. */
static bool
dump_extends(const struct dump *d, const struct s2pt_dump_rec *rec)
{
	const struct s2pt_dump_rec *run = &d->run;

	if (!d->open || run->level != rec->level || run->valid != rec->valid ||
	    ipa_addr(run->ipa) + run->size != ipa_addr(rec->ipa)) {
		return false;
	}
	if (!rec->valid) {
		return run->owner == rec->owner;
	}
	return pa_addr(run->pa) + run->size == pa_addr(rec->pa) &&
	    run->attr.perm == rec->attr.perm &&
	    run->attr.memtype == rec->attr.memtype;
}

static long
dump_leaf(struct walk *w, struct span *sp)
{
	struct dump *d = w->arg;
	uint64_t size = S2PT_LEVEL_SIZE(sp->level), pte, base, a, b;
	struct s2pt_dump_rec rec;
	unsigned int i;

	for (i = 0; i < sp->n; i++) {
		pte = pte_load(&sp->ptep[i]);
		if (pte == 0) {
			if (dump_emit(d) != 0) {
				return WALK_STOP;
			}
			continue;
		}
		base = span_entry_base(sp, i);
		a = base > w->start ? base : w->start;
		b = base + size < w->end ? base + size : w->end;
		rec = (struct s2pt_dump_rec){
			.ipa = ipa_init(a), .size = b - a, .level = sp->level,
			.count = 1, .valid = s2pt_desc_is_valid(pte),
		};
		if (rec.valid) {
			rec.pa = pa_init(s2pt_desc_addr(pte) + (a - base));
			rec.attr = s2pt_desc_attr(pte);
		} else {
			rec.owner = (uint8_t)s2pt_desc_owner(pte);
		}
		if (dump_extends(d, &rec)) {
			d->run.size += rec.size;
			d->run.count++;
			continue;
		}
		if (dump_emit(d) != 0) {
			return WALK_STOP;
		}
		d->run = rec;
		d->open = true;
	}
	return i;
}

int
s2pt_dump(const struct s2pt *pt, ipa_t ipa, uint64_t size, s2pt_dump_fn fn,
    void *arg)
{
	static const struct visitor dump_visitor = { .leaf = dump_leaf };
	struct dump d = { .fn = fn, .arg = arg, .open = false, .ret = 0 };
	struct walk w;
	int ret;

	ret = s2pt_check_range(pt, ipa_addr(ipa), size);
	if (ret != 0) {
		return ret;
	}
	s2pt_walk_init(&w, s2pt_readonly(pt), &dump_visitor, ipa_addr(ipa), size);
	w.arg = &d;
	ret = s2pt_walk(&w, w.start, w.end);
	if (ret == 0) {
		dump_emit(&d);
	}
	return d.ret;
}
