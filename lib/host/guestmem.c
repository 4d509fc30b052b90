/* SPDX-License-Identifier: ISC */
/*
 * guestmem.c - placement of guest RAM in the board's physical memory
 * (guestmem.h).
 *
 * The free space is one array of extents sorted by PA, never two adjacent
 * ones (they are merged as they meet), so the representation of a given
 * free set is unique: freeing what an allocation took gives back exactly
 * the array it started from, which is how a failed allocation undoes
 * itself.  A board has a few guests with a few regions each, so the array
 * stays short; every operation is a binary search or one pass over it
 * (O(extents)), with no randomness, and the same calls always give the
 * same placement.  lib/pagepool.c's buddy does not fit here: its blocks
 * are powers of two aligned to their size, while guest RAM comes in any
 * multiple of 4 KiB and wants PA congruent to an IPA that need not be
 * aligned at all.
 *
 * Placement of an IPA range [ipa, ipa + size) in one piece tries three
 * levels in turn: 1 GiB, 2 MiB, 4 KiB.  A level is tried only when the IPA
 * range holds at least one whole naturally aligned block of its size
 * (otherwise no block of that size could be mapped anyway).  At level A a
 * free extent can take the range if it holds a PA p with p == ipa mod A
 * and p + size inside the extent; the first such p of an extent is
 * base + ((ipa - base) mod A).  Among extents that can, the smallest wins
 * (best fit keeps large extents whole), the lowest PA among equals.  With
 * p and ipa congruent mod A, every A-aligned block of the IPA range lands
 * on an A-aligned PA, so the firmware maps it with one block descriptor:
 * a 1 GiB range at an IPA of 0x40000000 lands 1 GiB aligned, and one at
 * IPA 0x40100000 lands at a PA ending in 0x100000, its 2 MiB blocks still
 * 2 MiB-aligned on both sides.  When no single extent can take the range,
 * the largest free extents are taken whole, in turn, and the rest placed
 * as above.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "guestmem.h"

/* The placement levels, largest first (see the file comment). */
static const uint64_t levels[] = {
	GUESTMEM_BLOCK_1G, GUESTMEM_BLOCK_2M, GUESTMEM_GRANULE,
};

static uint64_t
ext_end(const struct guestmem_extent *e)
{
	return pa_addr(e->pa) + e->size;
}

static bool
granule_aligned(uint64_t v)
{
	return (v & (GUESTMEM_GRANULE - 1)) == 0;
}

/* Room for @more extents beyond the current count. */
static int
reserve_slots(struct guestmem *gm, size_t more)
{
	struct guestmem_extent *grown;
	size_t cap;

	if (gm->free_count + more <= gm->free_cap) {
		return 0;
	}
	cap = (gm->free_count + more) * 2;
	grown = realloc(gm->free, cap * sizeof(*grown));
	if (grown == NULL) {
		return -ENOMEM;
	}
	gm->free = grown;
	gm->free_cap = cap;
	return 0;
}

/* Index of the first free extent that ends after @pa (free_count if none). */
static size_t
first_ending_after(const struct guestmem *gm, uint64_t pa)
{
	size_t lo = 0, hi = gm->free_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ext_end(&gm->free[mid]) <= pa) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/*
 * Remove [pa, pa + size) from free extent @i, which holds it.  Splitting
 * the extent in two needs one spare slot (reserve_slots(gm, 1)).
 */
static void
take(struct guestmem *gm, size_t i, uint64_t pa, uint64_t size)
{
	struct guestmem_extent *e = &gm->free[i];
	uint64_t head = pa - pa_addr(e->pa);
	uint64_t tail = ext_end(e) - (pa + size);

	gm->free_bytes -= size;
	if (head != 0 && tail != 0) {
		memmove(e + 2, e + 1, (gm->free_count - i - 1) * sizeof(*e));
		gm->free_count++;
		e[1] = (struct guestmem_extent){ pa_init(pa + size), tail };
		e->size = head;
	} else if (head != 0) {
		e->size = head;
	} else if (tail != 0) {
		*e = (struct guestmem_extent){ pa_init(pa + size), tail };
	} else {
		memmove(e, e + 1, (gm->free_count - i - 1) * sizeof(*e));
		gm->free_count--;
	}
}

/*
 * Add [pa, pa + size), which overlaps no free extent, merging it with its
 * neighbours.  Needs one spare slot when it merges with neither.
 */
static void
give(struct guestmem *gm, uint64_t pa, uint64_t size)
{
	size_t i = first_ending_after(gm, pa);
	bool with_prev = i > 0 && ext_end(&gm->free[i - 1]) == pa;
	bool with_next = i < gm->free_count &&
	    pa_addr(gm->free[i].pa) == pa + size;
	struct guestmem_extent *e = gm->free;

	gm->free_bytes += size;
	if (with_prev && with_next) {
		e[i - 1].size += size + e[i].size;
		memmove(&e[i], &e[i + 1], (gm->free_count - i - 1) * sizeof(*e));
		gm->free_count--;
	} else if (with_prev) {
		e[i - 1].size += size;
	} else if (with_next) {
		e[i] = (struct guestmem_extent){ pa_init(pa), e[i].size + size };
	} else {
		memmove(&e[i + 1], &e[i], (gm->free_count - i) * sizeof(*e));
		gm->free_count++;
		e[i] = (struct guestmem_extent){ pa_init(pa), size };
	}
}

/* Remove whatever of [base, end) is free (the firmware's, the mailbox's). */
static int
exclude(struct guestmem *gm, uint64_t base, uint64_t end)
{
	size_t i;
	int rc;

	while ((i = first_ending_after(gm, base)) < gm->free_count &&
	    pa_addr(gm->free[i].pa) < end) {
		struct guestmem_extent *e = &gm->free[i];
		uint64_t lo = pa_addr(e->pa) > base ? pa_addr(e->pa) : base;
		uint64_t hi = ext_end(e) < end ? ext_end(e) : end;

		if ((rc = reserve_slots(gm, 1)) != 0) {
			return rc;
		}
		take(gm, i, lo, hi - lo);
	}
	return 0;
}

/* [base, base + size) rounded outwards to granules, in @e; false if it wraps. */
static bool
fixed_range(uint64_t base, uint64_t size, struct guestmem_extent *e)
{
	uint64_t lo = base & ~(GUESTMEM_GRANULE - 1);
	uint64_t end = base + size;

	if (end < base || end > UINT64_MAX - GUESTMEM_GRANULE) {
		return false;
	}
	end = (end + GUESTMEM_GRANULE - 1) & ~(GUESTMEM_GRANULE - 1);
	*e = (struct guestmem_extent){ pa_init(lo), size == 0 ? 0 : end - lo };
	return true;
}

int
guestmem_init(struct guestmem *gm, const struct abi_hello_reply *hello)
{
	uint64_t base = hello->ram_base, end = hello->ram_base + hello->ram_size;
	size_t i;
	int rc;

	memset(gm, 0, sizeof(*gm));
	if (end < base || base > UINT64_MAX - GUESTMEM_GRANULE ||
	    !fixed_range(hello->fw_base, hello->fw_size, &gm->fixed[0]) ||
	    !fixed_range(hello->mailbox_base, hello->mailbox_size,
	    &gm->fixed[1])) {
		return -EINVAL;
	}
	base = (base + GUESTMEM_GRANULE - 1) & ~(GUESTMEM_GRANULE - 1);
	end &= ~(GUESTMEM_GRANULE - 1);
	if (end <= base) {
		return -EINVAL;
	}
	gm->ram_base = base;
	gm->ram_end = end;
	if ((rc = reserve_slots(gm, 1)) != 0) {
		return rc;
	}
	give(gm, base, end - base);
	for (i = 0; i < 2; i++) {
		rc = exclude(gm, pa_addr(gm->fixed[i].pa), ext_end(&gm->fixed[i]));
		if (rc != 0) {
			guestmem_fini(gm);
			return rc;
		}
	}
	if (gm->free_bytes == 0) {
		guestmem_fini(gm);
		return -EINVAL;
	}
	return 0;
}

void
guestmem_fini(struct guestmem *gm)
{
	free(gm->free);
	memset(gm, 0, sizeof(*gm));
}

/* The lowest PA of @e congruent to @ipa mod @align that takes @size, or false. */
static bool
fits(const struct guestmem_extent *e, uint64_t ipa, uint64_t size,
    uint64_t align, uint64_t *pa)
{
	uint64_t skip = (ipa - pa_addr(e->pa)) & (align - 1);

	if (e->size < size || skip > e->size - size) {
		return false;
	}
	*pa = pa_addr(e->pa) + skip;
	return true;
}

/* Whether [ipa, ipa + size) holds a whole naturally aligned @align block. */
static bool
holds_block(uint64_t ipa, uint64_t size, uint64_t align)
{
	uint64_t first = (ipa + align - 1) & ~(align - 1);

	return first >= ipa && first - ipa <= size && size - (first - ipa) >=
	    align;
}

/* Place [ipa, ipa + size) in one free extent (one spare slot needed). */
static int
place_one(struct guestmem *gm, uint64_t ipa, uint64_t size,
    struct guestmem_extent *out)
{
	size_t l, i, best;
	uint64_t pa, best_pa = 0;

	for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
		if (!holds_block(ipa, size, levels[l])) {
			continue;
		}
		best = gm->free_count;
		for (i = 0; i < gm->free_count; i++) {
			if (fits(&gm->free[i], ipa, size, levels[l], &pa) &&
			    (best == gm->free_count ||
			    gm->free[i].size < gm->free[best].size)) {
				best = i;
				best_pa = pa;
			}
		}
		if (best != gm->free_count) {
			take(gm, best, best_pa, size);
			*out = (struct guestmem_extent){ pa_init(best_pa), size };
			return 0;
		}
	}
	return -ENOMEM;
}

/* Index of the largest free extent, the lowest PA among equals. */
static size_t
largest(const struct guestmem *gm)
{
	size_t i, best = 0;

	for (i = 1; i < gm->free_count; i++) {
		if (gm->free[i].size > gm->free[best].size) {
			best = i;
		}
	}
	return best;
}

int
guestmem_alloc(struct guestmem *gm, ipa_t ipa, uint64_t size,
    struct guestmem_extent *out, size_t out_max, size_t *out_count)
{
	uint64_t at = ipa_addr(ipa), left = size;
	size_t n = 0, i;
	int rc;

	*out_count = 0;
	if (size == 0 || !granule_aligned(size) || !granule_aligned(at) ||
	    at + size < at || out_max == 0) {
		return -EINVAL;
	}
	if (size > gm->free_bytes) {
		return -ENOMEM;
	}
	if ((rc = reserve_slots(gm, 1)) != 0) {
		return rc;
	}
	if (place_one(gm, at, size, &out[0]) == 0) {
		*out_count = 1;
		return 0;
	}
	while (n < out_max) {
		i = largest(gm);
		if (gm->free[i].size >= left) {
			/* Cannot fail: the largest extent takes it at 4 KiB. */
			place_one(gm, at, left, &out[n++]);
			*out_count = n;
			return 0;
		}
		out[n] = gm->free[i];
		at += out[n].size;
		left -= out[n].size;
		take(gm, i, pa_addr(out[n].pa), out[n].size);
		n++;
	}
	/* Too many pieces: undo, newest first (see the file comment). */
	while (n-- > 0) {
		give(gm, pa_addr(out[n].pa), out[n].size);
	}
	return -ENOMEM;
}

int
guestmem_alloc_page(struct guestmem *gm, pa_t *pa)
{
	struct guestmem_extent e;
	size_t count;
	int rc;

	rc = guestmem_alloc(gm, ipa_init(0), GUESTMEM_GRANULE, &e, 1, &count);
	if (rc == 0) {
		*pa = e.pa;
	}
	return rc;
}

/* Whether [a, a_end) and [b, b_end) share a byte. */
static bool
overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

/* -EINVAL or -EBUSY (guestmem_free()) for extent @k of @ext, else 0. */
static int
free_check(const struct guestmem *gm, const struct guestmem_extent *ext,
    size_t k)
{
	uint64_t pa = pa_addr(ext[k].pa), end = ext_end(&ext[k]);
	size_t i;

	if (ext[k].size == 0 || !granule_aligned(pa) ||
	    !granule_aligned(ext[k].size) || end < pa || pa < gm->ram_base ||
	    end > gm->ram_end) {
		return -EINVAL;
	}
	for (i = 0; i < 2; i++) {
		if (overlaps(pa, end, pa_addr(gm->fixed[i].pa),
		    ext_end(&gm->fixed[i]))) {
			return -EINVAL;
		}
	}
	for (i = 0; i < k; i++) {
		if (overlaps(pa, end, pa_addr(ext[i].pa), ext_end(&ext[i]))) {
			return -EINVAL;
		}
	}
	i = first_ending_after(gm, pa);
	if (i < gm->free_count && pa_addr(gm->free[i].pa) < end) {
		return -EBUSY;
	}
	return 0;
}

int
guestmem_free(struct guestmem *gm, const struct guestmem_extent *ext,
    size_t count)
{
	size_t k;
	int rc;

	for (k = 0; k < count; k++) {
		if ((rc = free_check(gm, ext, k)) != 0) {
			return rc;
		}
	}
	if ((rc = reserve_slots(gm, count)) != 0) {
		return rc;
	}
	for (k = 0; k < count; k++) {
		give(gm, pa_addr(ext[k].pa), ext[k].size);
	}
	return 0;
}

int
guestmem_reserve(struct guestmem *gm, const struct guestmem_extent *ext)
{
	uint64_t pa = pa_addr(ext->pa), end = ext_end(ext);
	size_t i;
	int rc;

	if (ext->size == 0 || !granule_aligned(pa) ||
	    !granule_aligned(ext->size) || end < pa) {
		return -EINVAL;
	}
	i = first_ending_after(gm, pa);
	if (i == gm->free_count || pa_addr(gm->free[i].pa) > pa ||
	    ext_end(&gm->free[i]) < end) {
		return -EBUSY;
	}
	if ((rc = reserve_slots(gm, 1)) != 0) {
		return rc;
	}
	take(gm, i, pa, ext->size);
	return 0;
}

uint64_t
guestmem_free_bytes(const struct guestmem *gm)
{
	return gm->free_bytes;
}

const struct guestmem_extent *
guestmem_free_extents(const struct guestmem *gm, size_t *count)
{
	*count = gm->free_count;
	return gm->free;
}
