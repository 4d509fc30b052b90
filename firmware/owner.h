/* SPDX-License-Identifier: ISC */
/*
 * owner.h - who owns each page of the board's physical address space.
 *
 * The firmware keeps one ownership table: a stage-2 table of libhv's
 * (struct s2pt) over the whole PA space, identity (its IPA is the PA),
 * whose invalid entries carry an owner id (s2pt_set_owner(), as pKVM keeps
 * ownership in the host's stage 2).  It is never loaded into VTTBR_EL2 and
 * never holds a valid entry: it is bookkeeping, read and written only
 * through the compare-and-set of s2pt_set_owner(), so one call moves a
 * whole range from one owner to another or, if any page of it is not the
 * expected owner's, changes nothing.
 *
 * Owner ids:
 *  - OWNER_NONE (0): nobody has claimed the page; free RAM is the host's.
 *  - OWNER_FIRMWARE (1): the firmware's own memory, claimed at boot and
 *    never given up: the device tree, the mailbox region, the image with
 *    its data, BSS and stacks, the stage-2 table pool.
 *  - owner_vm(i) = OWNER_VM_FIRST + i: the RAM of the VM with index i,
 *    claimed NONE -> VM when it is mapped into the VM and released
 *    VM -> NONE once the VM is destroyed and the pages scrubbed.
 *
 * Because every mapping of RAM into a VM first claims it from NONE
 * (vm_map()), the firmware's memory can never be mapped into a guest
 * and a page of one VM can never be mapped into another: both are refused
 * by construction, with the owner in the way named (owner_find_other()).
 *
 *  - OWNER_SHARED (2): RAM hvd declared shared between VMs, claimed
 *    NONE -> SHARED by the first VM that maps the region and released
 *    once the last VM holding it is destroyed (shared.h).
 *
 * Portable C on libhv alone (tests/check_owner.c runs it on the host); the
 * caller serialises calls on one table.
 */
#ifndef HVFW_OWNER_H
#define HVFW_OWNER_H

#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/types.h>

/** OWNER_NONE - nobody's page: free RAM (the host's), devices. */
#define OWNER_NONE		S2PT_OWNER_NONE
/** OWNER_FIRMWARE - the firmware's own memory. */
#define OWNER_FIRMWARE		1u
/** OWNER_SHARED - RAM hvd declared shared between VMs (shared.h). */
#define OWNER_SHARED		2u
/** OWNER_VM_FIRST - the owner id of the VM with index 0. */
#define OWNER_VM_FIRST		3u
/** OWNER_VM_COUNT - VM indices the owner ids have room for. */
#define OWNER_VM_COUNT		(S2PT_OWNER_MAX - OWNER_VM_FIRST + 1u)
/** OWNER_BITS_MIN, OWNER_BITS_MAX - PA sizes the table can cover. */
#define OWNER_BITS_MIN		S2PT_IPA_BITS_MIN
#define OWNER_BITS_MAX		S2PT_IPA_BITS_MAX

/**
 * struct owner_table - the ownership table (fields private to owner.c).
 * @pt:    the stage-2 table that holds the owner ids; its table pages
 *         come from the pool given to owner_init().
 * @limit: the first PA it does not cover.
 */
struct owner_table {
	struct s2pt pt;
	uint64_t limit;
};

/**
 * struct owner_run - pages of one owner found in a range.
 * @pa:    first byte.
 * @size:  bytes, all inside the range that was searched.
 * @owner: their owner id.
 */
struct owner_run {
	pa_t pa;
	uint64_t size;
	uint8_t owner;
};

/**
 * owner_vm() - the owner id of a VM.
 * @index: the VM's index, 0..OWNER_VM_COUNT - 1.
 *
 * Return: OWNER_VM_FIRST + @index.
 */
static inline uint8_t
owner_vm(unsigned int index)
{
	return (uint8_t)(OWNER_VM_FIRST + index);
}

/**
 * owner_init() - an ownership table with every page owned by OWNER_NONE.
 * @ot:      the table.
 * @pool:    where its table pages come from; identity-mapped (VA = PA)
 *           in the firmware.  Its pages should be claimed by
 *           OWNER_FIRMWARE like the rest of the firmware's memory.
 * @pa_bits: the PA size to cover, clamped to OWNER_BITS_MIN..
 *           OWNER_BITS_MAX; ranges beyond it are refused (-ERANGE).
 *
 * Takes the root table's pages from @pool.
 *
 * Return: 0, or -ENOMEM if @pool has no room for the root.
 */
int owner_init(struct owner_table *ot, struct pagepool *pool,
    unsigned int pa_bits);

/**
 * owner_fini() - give every table page back to the pool.
 * @ot: the table.
 */
void owner_fini(struct owner_table *ot);

/**
 * owner_limit() - the first PA the table does not cover.
 * @ot: the table.
 *
 * Return: 2^(PA bits covered).
 */
uint64_t owner_limit(const struct owner_table *ot);

/**
 * owner_claim() - move [@pa, @pa + @size) from OWNER_NONE to @owner.
 * @ot:    the table.
 * @pa:    first byte, 4 KiB aligned.
 * @size:  bytes, a non-zero multiple of 4 KiB.
 * @owner: the new owner: OWNER_FIRMWARE or a VM's id (not OWNER_NONE).
 *
 * All or nothing: if any page of the range is owned by anybody, nothing
 * changes (owner_find_other() with OWNER_NONE then says who is in the way).
 * May take table pages from the pool.
 *
 * Return: 0; -EPERM if a page is owned already; -EINVAL for a misaligned
 * range or @owner OWNER_NONE; -ERANGE if the range wraps or leaves the PA
 * space covered; -ENOMEM if a table page could not be had.
 */
int owner_claim(struct owner_table *ot, pa_t pa, uint64_t size,
    uint8_t owner);

/**
 * owner_release() - move [@pa, @pa + @size) from @owner back to OWNER_NONE.
 * @ot:    the table.
 * @pa:    first byte, 4 KiB aligned.
 * @size:  bytes, a non-zero multiple of 4 KiB.
 * @owner: the owner every page of the range must have (not OWNER_NONE).
 *
 * All or nothing, as owner_claim().  Tables that become empty go back to
 * the pool, so releasing what a claim took gives the pool back what the
 * claim took from it.  The caller has scrubbed the pages first.
 *
 * Return: 0; -EPERM if a page is not @owner's; -EINVAL, -ERANGE as
 * owner_claim().
 */
int owner_release(struct owner_table *ot, pa_t pa, uint64_t size,
    uint8_t owner);

/**
 * owner_find_other() - the first run of pages in a range not owned by
 * @owner.
 * @ot:    the table.
 * @pa:    first byte of the range, 4 KiB aligned.
 * @size:  bytes, a non-zero multiple of 4 KiB.
 * @owner: the owner looked past.
 * @run:   filled in: where the first page owned by someone else is, how
 *         far that someone's pages go on (clipped to the range), who.
 *
 * For reports: after owner_claim() failed with -EPERM, this names what is
 * in the way.
 *
 * Return: 0 if such a page was found; -ENOENT if every page of the range
 * is @owner's; -EINVAL, -ERANGE for a bad range.
 */
int owner_find_other(const struct owner_table *ot, pa_t pa, uint64_t size,
    uint8_t owner, struct owner_run *run);

/**
 * owner_of() - the owner of one page.
 * @ot: the table.
 * @pa: any byte of the page.
 *
 * Return: its owner id; OWNER_NONE beyond the PA space covered.
 */
uint8_t owner_of(const struct owner_table *ot, pa_t pa);

#endif /* HVFW_OWNER_H */
