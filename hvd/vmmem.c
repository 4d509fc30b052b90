/* SPDX-License-Identifier: ISC */
/*
 * vmmem.c - the board memory a VM holds (vmmem.h).
 *
 * Mappings are a sorted array, searched by bisection.  A VM holds one
 * reference to each shared backing it has any mapping of, however many
 * mappings that is; the reference goes when its last such mapping does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmmem.h"

void
vmmem_fini(struct vmmem *m)
{
	free(m->map);
	*m = (struct vmmem){ 0 };
}

/* Index of the first mapping that ends above @ipa (m->count if none). */
static size_t
vmmem_lower(const struct vmmem *m, uint64_t ipa)
{
	size_t lo = 0, hi = m->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->map[mid].ipa + m->map[mid].size <= ipa) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

bool
vmmem_overlaps(const struct vmmem *m, uint64_t ipa, uint64_t size)
{
	size_t i = vmmem_lower(m, ipa);

	return i < m->count && m->map[i].ipa < ipa + size;
}

const struct vmmem_map *
vmmem_find(const struct vmmem *m, uint64_t ipa)
{
	size_t i = vmmem_lower(m, ipa);

	return i < m->count && m->map[i].ipa <= ipa ? &m->map[i] : NULL;
}

int
vmmem_ipa_to_pa(const struct vmmem *m, uint64_t ipa, uint64_t *pa,
    uint64_t *avail)
{
	const struct vmmem_map *map = vmmem_find(m, ipa);

	if (map == NULL) {
		return -ENOENT;
	}
	*pa = map->pa + (ipa - map->ipa);
	*avail = map->ipa + map->size - ipa;
	return 0;
}

/* Does the VM have a mapping of @backing? */
static bool
vmmem_holds(const struct vmmem *m, const struct vmmem_backing *backing)
{
	size_t i;

	for (i = 0; i < m->count; i++) {
		if (m->map[i].backing == backing) {
			return true;
		}
	}
	return false;
}

/* Can @b follow @a as one mapping? */
static bool
vmmem_joins(const struct vmmem_map *a, const struct vmmem_map *b)
{
	return a->ipa + a->size == b->ipa && a->pa + a->size == b->pa &&
	    a->perm == b->perm && a->backing == b->backing;
}

/* Put @map at index @i, growing the array. */
static int
vmmem_insert_at(struct vmmem *m, size_t i, const struct vmmem_map *map)
{
	struct vmmem_map *grown;
	size_t cap;

	if (m->count == m->cap) {
		cap = m->cap == 0 ? 8 : 2 * m->cap;
		grown = realloc(m->map, cap * sizeof(*grown));
		if (grown == NULL) {
			return -ENOMEM;
		}
		m->map = grown;
		m->cap = cap;
	}
	memmove(&m->map[i + 1], &m->map[i], (m->count - i) * sizeof(*map));
	m->map[i] = *map;
	m->count++;
	return 0;
}

/* Take out the mapping at index @i. */
static void
vmmem_delete_at(struct vmmem *m, size_t i)
{
	memmove(&m->map[i], &m->map[i + 1], (m->count - i - 1) *
	    sizeof(m->map[0]));
	m->count--;
}

/* Merge the mapping at @i with its neighbours where they join. */
static void
vmmem_merge_at(struct vmmem *m, size_t i)
{
	if (i + 1 < m->count && vmmem_joins(&m->map[i], &m->map[i + 1])) {
		m->map[i].size += m->map[i + 1].size;
		vmmem_delete_at(m, i + 1);
	}
	if (i > 0 && vmmem_joins(&m->map[i - 1], &m->map[i])) {
		m->map[i - 1].size += m->map[i].size;
		vmmem_delete_at(m, i);
	}
}

int
vmmem_add(struct vmmem *m, uint64_t ipa, uint64_t pa, uint64_t size,
    unsigned int perm, struct vmmem_backing *backing)
{
	struct vmmem_map map = { ipa, pa, size, perm, backing };
	bool held = backing != NULL && vmmem_holds(m, backing);
	size_t i;
	int rc;

	if (size == 0 || ipa + size < ipa) {
		return -EINVAL;
	}
	if (vmmem_overlaps(m, ipa, size)) {
		return -EEXIST;
	}
	i = vmmem_lower(m, ipa);
	if ((rc = vmmem_insert_at(m, i, &map)) < 0) {
		return rc;
	}
	vmmem_merge_at(m, i);
	if (backing != NULL && !held) {
		backing->refs++;
	}
	m->bytes += size;
	return 0;
}

/* Free a backing's memory and take it out of the set. */
static void
vmmem_backing_free(struct vmmem_shared *shared, struct vmmem_backing *b,
    struct guestmem *gm)
{
	struct vmmem_backing **p;

	for (p = &shared->head; *p != NULL; p = &(*p)->next) {
		if (*p == b) {
			*p = b->next;
			break;
		}
	}
	if (gm != NULL) {
		guestmem_free(gm, b->piece, b->count);
	}
	free(b);
}

/* The VM no longer maps @b at all: drop its reference. */
static void
vmmem_backing_unref(struct vmmem_shared *shared, struct vmmem_backing *b,
    struct guestmem *gm)
{
	if (b->refs > 0 && --b->refs == 0) {
		vmmem_backing_free(shared, b, gm);
	}
}

bool
vmmem_cuts_shared(const struct vmmem *m, uint64_t ipa, uint64_t size)
{
	uint64_t end = ipa + size;
	size_t i;

	for (i = vmmem_lower(m, ipa); i < m->count && m->map[i].ipa < end;
	    i++) {
		if (m->map[i].backing != NULL && (m->map[i].ipa < ipa ||
		    m->map[i].ipa + m->map[i].size > end)) {
			return true;
		}
	}
	return false;
}

/*
 * Cut the mapping at @i so that none straddles @at; the piece above @at
 * becomes @i + 1.
 */
static int
vmmem_split(struct vmmem *m, size_t i, uint64_t at)
{
	struct vmmem_map upper = m->map[i];
	uint64_t cut = at - m->map[i].ipa;

	upper.ipa += cut;
	upper.pa += cut;
	upper.size -= cut;
	m->map[i].size = cut;
	return vmmem_insert_at(m, i + 1, &upper);
}

/* Split the mappings at the edges of [@ipa, @end). */
static int
vmmem_split_edges(struct vmmem *m, uint64_t ipa, uint64_t end)
{
	size_t i = vmmem_lower(m, ipa);
	int rc;

	if (i < m->count && m->map[i].ipa < ipa &&
	    (rc = vmmem_split(m, i, ipa)) < 0) {
		return rc;
	}
	i = vmmem_lower(m, end);
	if (i < m->count && m->map[i].ipa < end &&
	    (rc = vmmem_split(m, i, end)) < 0) {
		return rc;
	}
	return 0;
}

int
vmmem_remove(struct vmmem *m, uint64_t ipa, uint64_t size,
    struct guestmem *gm, struct vmmem_shared *shared)
{
	struct guestmem_extent ext;
	struct vmmem_backing *b;
	uint64_t end = ipa + size;
	size_t i;
	int rc;

	if (vmmem_cuts_shared(m, ipa, size)) {
		return -EINVAL;
	}
	if ((rc = vmmem_split_edges(m, ipa, end)) < 0) {
		return rc;
	}
	i = vmmem_lower(m, ipa);
	while (i < m->count && m->map[i].ipa < end) {
		b = m->map[i].backing;
		ext = (struct guestmem_extent){ pa_init(m->map[i].pa),
		    m->map[i].size };
		m->bytes -= m->map[i].size;
		vmmem_delete_at(m, i);
		if (b == NULL) {
			guestmem_free(gm, &ext, 1);
		} else if (!vmmem_holds(m, b)) {
			vmmem_backing_unref(shared, b, gm);
		}
	}
	return 0;
}

void
vmmem_release(struct vmmem *m, struct guestmem *gm,
    struct vmmem_shared *shared)
{
	if (m->count > 0) {
		vmmem_remove(m, m->map[0].ipa, m->map[m->count - 1].ipa +
		    m->map[m->count - 1].size - m->map[0].ipa, gm, shared);
	}
	vmmem_fini(m);
}

int
vmmem_backing_get(struct vmmem_shared *shared, const char *key,
    uint64_t ipa, uint64_t size, struct guestmem *gm,
    struct vmmem_backing **backing)
{
	struct vmmem_backing *b;
	int rc;

	for (b = shared->head; b != NULL; b = b->next) {
		if (strcmp(b->key, key) == 0) {
			*backing = b;
			return b->size == size ? 0 : -EINVAL;
		}
	}
	if (strlen(key) >= sizeof(b->key)) {
		return -ENAMETOOLONG;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		return -ENOMEM;
	}
	rc = guestmem_alloc(gm, ipa_init(ipa), size, b->piece,
	    VMMEM_PIECES_MAX, &b->count);
	if (rc < 0) {
		free(b);
		return rc;
	}
	snprintf(b->key, sizeof(b->key), "%s", key);
	b->size = size;
	b->next = shared->head;
	shared->head = b;
	*backing = b;
	return 0;
}

int
vmmem_backing_adopt(struct vmmem_shared *shared, const char *key,
    struct vmmem_backing **backing)
{
	struct vmmem_backing *b;

	for (b = shared->head; b != NULL; b = b->next) {
		if (strcmp(b->key, key) == 0) {
			*backing = b;
			return 0;
		}
	}
	if (strlen(key) >= sizeof(b->key)) {
		return -ENAMETOOLONG;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		return -ENOMEM;
	}
	snprintf(b->key, sizeof(b->key), "%s", key);
	b->next = shared->head;
	shared->head = b;
	*backing = b;
	return 0;
}

int
vmmem_backing_add_piece(struct vmmem_backing *b, uint64_t pa, uint64_t size)
{
	size_t i;

	for (i = 0; i < b->count; i++) {
		if (pa < pa_addr(b->piece[i].pa) + b->piece[i].size &&
		    pa_addr(b->piece[i].pa) < pa + size) {
			return 0;	/* held already (by another VM's map) */
		}
	}
	if (b->count == VMMEM_PIECES_MAX) {
		return -ENOSPC;
	}
	b->piece[b->count++] = (struct guestmem_extent){ pa_init(pa), size };
	b->size += size;
	return 1;
}

void
vmmem_backing_drop_unused(struct vmmem_shared *shared,
    struct vmmem_backing *backing, struct guestmem *gm)
{
	if (backing != NULL && backing->refs == 0) {
		vmmem_backing_free(shared, backing, gm);
	}
}

struct vmmem_backing *
vmmem_backing_find_pa(const struct vmmem_shared *shared, uint64_t pa)
{
	struct vmmem_backing *b;
	size_t i;

	for (b = shared->head; b != NULL; b = b->next) {
		for (i = 0; i < b->count; i++) {
			if (pa >= pa_addr(b->piece[i].pa) &&
			    pa - pa_addr(b->piece[i].pa) < b->piece[i].size) {
				return b;
			}
		}
	}
	return NULL;
}

void
vmmem_shared_fini(struct vmmem_shared *shared)
{
	while (shared->head != NULL) {
		vmmem_backing_free(shared, shared->head, NULL);
	}
}
