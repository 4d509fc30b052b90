/* SPDX-License-Identifier: ISC */
/*
 * vmmem.h - the board memory a VM holds: its mappings (IPA range -> PA
 * range), each either the VM's own memory, given back when the mapping
 * goes, or a piece of a shared backing, which several VMs map and which
 * is given back when the last of them lets go.
 *
 * This is hvd's record; the firmware's stage 2 is the truth it mirrors.
 * The record is what hvd frees on destroy and what the loader writes
 * through; after a restart hvd rebuilds it from the firmware's stage-2
 * dumps (vmmem_add() in IPA order, vmmem_backing_find_pa()).
 */
#ifndef HVD_VMMEM_H
#define HVD_VMMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"

/** VMMEM_KEY_MAX - bytes of a backing's key with its NUL. */
#define VMMEM_KEY_MAX		1200
/** VMMEM_PIECES_MAX - most physical pieces of one allocation. */
#define VMMEM_PIECES_MAX	64

/**
 * struct vmmem_backing - board memory several VMs map.
 * @key:    what it backs: "region NAME of VM,VM,..." (member names
 *          sorted), or "map IPA of VM,VM" for a runtime shared map.
 * @piece:  its physical pieces, in IPA order.
 * @count:  how many.
 * @size:   bytes in all.
 * @refs:   VMs that map it.
 * @next:   the next backing of the set.
 */
struct vmmem_backing {
	char key[VMMEM_KEY_MAX];
	struct guestmem_extent piece[VMMEM_PIECES_MAX];
	size_t count;
	uint64_t size;
	unsigned int refs;
	struct vmmem_backing *next;
};

/**
 * struct vmmem_shared - the shared backings of a board.
 * @head: the first backing, or NULL.
 */
struct vmmem_shared {
	struct vmmem_backing *head;
};

/**
 * struct vmmem_map - one mapping of a VM.
 * @ipa:     first IPA.
 * @pa:      first PA.
 * @size:    bytes (a multiple of 4 KiB).
 * @perm:    enum abi_perm bits.
 * @backing: the shared backing it is part of, or NULL for own memory.
 */
struct vmmem_map {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	unsigned int perm;
	struct vmmem_backing *backing;
};

/**
 * struct vmmem - a VM's mappings, sorted by IPA, none overlapping.
 * @map:   the mappings.
 * @count: how many.
 * @cap:   room in @map.
 * @bytes: bytes mapped in all.
 */
struct vmmem {
	struct vmmem_map *map;
	size_t count;
	size_t cap;
	uint64_t bytes;
};

/**
 * vmmem_fini() - free the record (not the board memory it names).
 * @m: the record (zeroed memory is an empty record).
 */
void vmmem_fini(struct vmmem *m);

/**
 * vmmem_add() - record a mapping; one adjacent to its neighbour in IPA
 * and PA with the same permissions and owner merges with it.
 * @m:       the record.
 * @ipa:     first IPA.
 * @pa:      first PA.
 * @size:    bytes, not 0.
 * @perm:    permissions.
 * @backing: its shared backing (a reference is taken), or NULL.
 *
 * Return: 0; -EEXIST if it overlaps a mapping; -ENOMEM.
 */
int vmmem_add(struct vmmem *m, uint64_t ipa, uint64_t pa, uint64_t size,
    unsigned int perm, struct vmmem_backing *backing);

/**
 * vmmem_find() - the mapping that holds an IPA.
 * @m:   the record.
 * @ipa: the IPA.
 *
 * Return: the mapping, or NULL.
 */
const struct vmmem_map *vmmem_find(const struct vmmem *m, uint64_t ipa);

/**
 * vmmem_overlaps() - does any mapping touch [@ipa, @ipa + @size)?
 * @m:    the record.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Return: true if one does.
 */
bool vmmem_overlaps(const struct vmmem *m, uint64_t ipa, uint64_t size);

/**
 * vmmem_cuts_shared() - would forgetting [@ipa, @ipa + @size) cut a
 * shared backing's mapping in two?
 * @m:    the record.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Return: true if a shared mapping lies partly inside the range.
 */
bool vmmem_cuts_shared(const struct vmmem *m, uint64_t ipa, uint64_t size);

/**
 * vmmem_remove() - forget [@ipa, @ipa + @size) (the firmware has unmapped
 * it): own memory in it goes back to @gm, shared backings lose this VM.
 * @m:      the record.
 * @ipa:    first IPA, 4 KiB aligned.
 * @size:   bytes, 4 KiB aligned.
 * @gm:     the board's allocator.
 * @shared: the board's shared backings.
 *
 * A shared backing must be covered whole: part of one cannot be unmapped.
 *
 * Return: 0; -EINVAL if the range cuts a shared backing (nothing changed);
 * -ENOMEM.
 */
int vmmem_remove(struct vmmem *m, uint64_t ipa, uint64_t size,
    struct guestmem *gm, struct vmmem_shared *shared);

/**
 * vmmem_release() - forget every mapping and give their memory back, as
 * vmmem_remove() does (the VM has been destroyed).
 * @m:      the record; empty afterwards.
 * @gm:     the board's allocator.
 * @shared: the board's shared backings.
 */
void vmmem_release(struct vmmem *m, struct guestmem *gm,
    struct vmmem_shared *shared);

/**
 * vmmem_ipa_to_pa() - where guest memory lies on the board.
 * @m:     the record.
 * @ipa:   an IPA.
 * @pa:    set to its PA.
 * @avail: set to the bytes from @ipa to the end of its mapping.
 *
 * Return: 0 or -ENOENT if nothing is mapped at @ipa.
 */
int vmmem_ipa_to_pa(const struct vmmem *m, uint64_t ipa, uint64_t *pa,
    uint64_t *avail);

/**
 * vmmem_backing_get() - the shared backing with @key, allocated on first
 * use with @size bytes from @gm (placed for @ipa, guestmem_alloc()).
 * @shared:  the board's shared backings.
 * @key:     what it backs (struct vmmem_backing.key).
 * @ipa:     where the first VM maps it.
 * @size:    bytes.
 * @gm:      the board's allocator.
 * @backing: set to the backing; its @refs count the VMs that have
 *           recorded it (vmmem_add()), 0 for a new one.
 *
 * Return: 0; -EINVAL if a backing with @key has another size; -ENAMETOOLONG
 * for too long a key; -ENOMEM (no board memory or no host memory).
 */
int vmmem_backing_get(struct vmmem_shared *shared, const char *key,
    uint64_t ipa, uint64_t size, struct guestmem *gm,
    struct vmmem_backing **backing);

/**
 * vmmem_backing_adopt() - the shared backing with @key, made empty if it
 * does not exist (a restarted hvd rebuilding what the firmware holds).
 * @shared:  the board's shared backings.
 * @key:     what it backs.
 * @backing: set to the backing.
 *
 * Return: 0, -ENAMETOOLONG or -ENOMEM.
 */
int vmmem_backing_adopt(struct vmmem_shared *shared, const char *key,
    struct vmmem_backing **backing);

/**
 * vmmem_backing_add_piece() - add board memory found mapped to a backing
 * (rebuilding it, vmmem_backing_adopt()).
 * @b:    the backing.
 * @pa:   first PA.
 * @size: bytes.
 *
 * Return: 1 if added; 0 if the backing holds any of that memory already;
 * -ENOSPC when it has VMMEM_PIECES_MAX pieces.
 */
int vmmem_backing_add_piece(struct vmmem_backing *b, uint64_t pa,
    uint64_t size);

/**
 * vmmem_backing_drop_unused() - give back a backing no VM has recorded
 * (a start that failed after vmmem_backing_get()).
 * @shared:  the board's shared backings.
 * @backing: the backing; freed if its @refs is 0.
 * @gm:      the board's allocator.
 */
void vmmem_backing_drop_unused(struct vmmem_shared *shared,
    struct vmmem_backing *backing, struct guestmem *gm);

/**
 * vmmem_backing_find_pa() - the shared backing that holds a PA.
 * @shared: the board's shared backings.
 * @pa:     the PA.
 *
 * Return: the backing, or NULL.
 */
struct vmmem_backing *vmmem_backing_find_pa(const struct vmmem_shared *shared,
    uint64_t pa);

/**
 * vmmem_shared_fini() - forget every backing (the board is gone, and its
 * memory with it).
 * @shared: the set.
 */
void vmmem_shared_fini(struct vmmem_shared *shared);

#endif /* HVD_VMMEM_H */
