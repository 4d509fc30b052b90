/* SPDX-License-Identifier: ISC */
/*
 * guestmem.h - placement of guest RAM in the board's physical memory.
 *
 * hvd hands each VM physical extents of the board's RAM; the firmware maps
 * them at the VM's IPAs.  The free space is the board's RAM as HELLO
 * describes it (struct abi_hello_reply) less the firmware's memory and the
 * mailbox, in 4 KiB granules.  Placement prefers physical addresses that
 * let the firmware's stage-2 use 1 GiB and 2 MiB blocks: the PA of a piece
 * is chosen congruent to its IPA modulo 1 GiB, or else modulo 2 MiB, when
 * the IPA range holds a whole block of that size (guestmem.c says how).
 * Host-only code; not thread-safe: the caller serialises.
 */
#ifndef HV_HOST_GUESTMEM_H
#define HV_HOST_GUESTMEM_H

#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/types.h>

/** GUESTMEM_GRANULE - unit of placement: every address and size. */
#define GUESTMEM_GRANULE	0x1000ull
/** GUESTMEM_BLOCK_2M - a level-2 stage-2 block. */
#define GUESTMEM_BLOCK_2M	0x200000ull
/** GUESTMEM_BLOCK_1G - a level-1 stage-2 block. */
#define GUESTMEM_BLOCK_1G	0x40000000ull

/**
 * struct guestmem_extent - physically contiguous board RAM.
 * @pa:   first byte, GUESTMEM_GRANULE aligned.
 * @size: bytes, a non-zero multiple of GUESTMEM_GRANULE.
 */
struct guestmem_extent {
	pa_t pa;
	uint64_t size;
};

/**
 * struct guestmem - the allocator (fields private to guestmem.c).
 */
struct guestmem {
	struct guestmem_extent *free;	/* sorted by PA, none adjacent */
	size_t free_count;
	size_t free_cap;
	uint64_t free_bytes;
	uint64_t ram_base;
	uint64_t ram_end;
	struct guestmem_extent fixed[2];	/* firmware, mailbox */
};

/**
 * guestmem_init() - an allocator over the RAM a board is free to give.
 * @gm:    the allocator.
 * @hello: the firmware's HELLO reply: RAM, firmware and mailbox ranges.
 *
 * RAM is rounded inwards to 4 KiB granules, the firmware's and the
 * mailbox's ranges outwards; those two are never handed out.
 *
 * Return: 0; -EINVAL when no whole granule is left for guests or a range
 * wraps around; -ENOMEM when out of host memory.
 */
int guestmem_init(struct guestmem *gm, const struct abi_hello_reply *hello);

/**
 * guestmem_fini() - release the allocator's own memory.
 * @gm: the allocator (may be zeroed or already finished).
 */
void guestmem_fini(struct guestmem *gm);

/**
 * guestmem_alloc() - place guest RAM for an IPA range.
 * @gm:          the allocator.
 * @ipa:         IPA of the range's first byte, 4 KiB aligned (0 when the
 *               range has no IPA yet: pieces are then simply aligned).
 * @size:        bytes, a non-zero multiple of 4 KiB.
 * @out:         the pieces, in IPA order: piece i backs the IPAs that
 *               follow piece i - 1's.
 * @out_max:     room in @out.
 * @out_count:   pieces used.
 *
 * One piece when a free extent can hold the whole range, with its PA
 * congruent to @ipa modulo 1 GiB if the range holds a whole 1 GiB block
 * and such room exists, else modulo 2 MiB likewise, else anywhere (best
 * fit: the smallest extent that can take it, lowest PA among equals).
 * Otherwise the range is assembled from the largest free extents.
 *
 * Return: 0; -EINVAL for a misaligned or zero size or IPA; -ENOMEM when
 * the free space is too small or would take more than @out_max pieces
 * (the allocator is then unchanged).
 */
int guestmem_alloc(struct guestmem *gm, ipa_t ipa, uint64_t size,
    struct guestmem_extent *out, size_t out_max, size_t *out_count);

/**
 * guestmem_alloc_page() - one 4 KiB page, e.g. for a demand fault.
 * @gm: the allocator.
 * @pa: the page.
 *
 * Taken from the smallest free extent, so that large aligned ranges stay
 * whole for block mappings.
 *
 * Return: 0 or -ENOMEM.
 */
int guestmem_alloc_page(struct guestmem *gm, pa_t *pa);

/**
 * guestmem_free() - give extents back; adjacent free space merges.
 * @gm:    the allocator.
 * @ext:   the extents (any that were allocated or reserved, whole or in
 *         parts).
 * @count: how many.
 *
 * Either all are freed or none is.
 *
 * Return: 0; -EINVAL for a misaligned extent, one outside RAM, one that
 * overlaps the firmware or the mailbox, or two that overlap each other;
 * -EBUSY for one that overlaps free space (a double free); -ENOMEM when
 * out of host memory.
 */
int guestmem_free(struct guestmem *gm, const struct guestmem_extent *ext,
    size_t count);

/**
 * guestmem_reserve() - mark a known extent used (hvd reconciling its
 * state with the firmware's after a restart).
 * @gm:  the allocator.
 * @ext: the extent.
 *
 * Return: 0; -EINVAL for a misaligned or empty extent; -EBUSY when any
 * part of it is not free (allocated, firmware, mailbox, outside RAM);
 * -ENOMEM when out of host memory.
 */
int guestmem_reserve(struct guestmem *gm, const struct guestmem_extent *ext);

/**
 * guestmem_free_bytes() - free space.
 * @gm: the allocator.
 *
 * Return: bytes free.
 */
uint64_t guestmem_free_bytes(const struct guestmem *gm);

/**
 * guestmem_free_extents() - the free space, e.g. for statistics.
 * @gm:    the allocator.
 * @count: set to the number of extents.
 *
 * Return: the free extents, sorted by PA, none adjacent to another; valid
 * until the next call that changes @gm.
 */
const struct guestmem_extent *guestmem_free_extents(const struct guestmem *gm,
    size_t *count);

#endif /* HV_HOST_GUESTMEM_H */
