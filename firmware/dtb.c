/* SPDX-License-Identifier: ISC */
/*
 * dtb.c - reading a flattened device tree, every access bounds-checked.
 *
 * Debian has no freestanding libfdt to link into the firmware, and hvfw
 * needs only a few properties at boot, so this is a small reader of its
 * own: a linear walk of the structure block (Devicetree Specification 5.4)
 * that follows one path from the root.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>

#include "dtb.h"

#define DTB_MAGIC		0xd00dfeedu
#define DTB_VERSION		17
#define DTB_HEADER_SIZE		40
#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9

/* Big-endian, byte by byte: no alignment assumed. */
static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Whether [off, off + len) lies in a block of @size bytes. */
static int
in_block(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

/**
 * dtb_init() - check a DTB header.
 * @dt:   filled in.
 * @blob: the DTB.
 * @max:  bytes readable at @blob.
 *
 * Return: 0 or -EINVAL.
 */
int
dtb_init(struct dtb *dt, const void *blob, size_t max)
{
	const uint8_t *h = blob;
	uint32_t total;

	if (max < DTB_HEADER_SIZE || be32(h) != DTB_MAGIC) {
		return -EINVAL;
	}
	total = be32(h + 4);
	if (total < DTB_HEADER_SIZE || total > max ||
	    be32(h + 20) < DTB_VERSION || be32(h + 24) > DTB_VERSION) {
		return -EINVAL;
	}
	dt->blob = h;
	dt->struct_off = be32(h + 8);
	dt->strings_off = be32(h + 12);
	dt->strings_size = be32(h + 32);
	dt->struct_size = be32(h + 36);
	if (!in_block(dt->struct_off, dt->struct_size, total) ||
	    !in_block(dt->strings_off, dt->strings_size, total) ||
	    (dt->struct_off & 3) != 0 || (dt->struct_size & 3) != 0) {
		return -EINVAL;
	}
	return 0;
}

/* Length of the NUL-terminated string at @p within @room bytes, or -1. */
static long
bounded_strlen(const uint8_t *p, uint32_t room)
{
	uint32_t i;

	for (i = 0; i < room; i++) {
		if (p[i] == '\0') {
			return (long)i;
		}
	}
	return -1;
}

/*
 * Whether a node name is @want, or @want followed by '@' and a unit; @want
 * ends at a '/' or a NUL (it is one component of a path).
 */
static int
node_match(const uint8_t *name, const char *want)
{
	size_t i;

	for (i = 0; want[i] != '\0' && want[i] != '/'; i++) {
		if (name[i] != (uint8_t)want[i]) {
			return 0;
		}
	}
	return name[i] == '\0' || name[i] == '@';
}

static int
str_equal(const uint8_t *s, const char *want)
{
	size_t i;

	for (i = 0; want[i] != '\0'; i++) {
		if (s[i] != (uint8_t)want[i]) {
			return 0;
		}
	}
	return s[i] == '\0';
}

/* The name of the property whose nameoff is @nameoff, or NULL. */
static const uint8_t *
prop_name(const struct dtb *dt, uint32_t nameoff)
{
	const uint8_t *s = dt->blob + dt->strings_off;

	if (nameoff >= dt->strings_size ||
	    bounded_strlen(s + nameoff, dt->strings_size - nameoff) < 0) {
		return NULL;
	}
	return s + nameoff;
}

/** struct walk - where a dtb_prop_nth() walk is in the structure block. */
struct walk {
	const struct dtb *dt;
	const uint8_t *s;	/* the structure block */
	uint32_t off;		/* next token */
	unsigned int depth;	/* 1 inside the root */
	const char *path;	/* the nodes searched */
	unsigned int target;	/* their depth: the path's components + 1 */
	unsigned int matched;	/* deepest open node matching the path so far */
	unsigned int n;		/* how many found properties to pass over */
};

/* How many components @path has ("" none, "cpus/cpu" two). */
static unsigned int
path_components(const char *path)
{
	unsigned int n = path[0] != '\0';

	for (; *path != '\0'; path++) {
		n += *path == '/';
	}
	return n;
}

/* Component @k (from 0) of @path, which has more than @k. */
static const char *
path_component(const char *path, unsigned int k)
{
	for (; k > 0; k--) {
		while (*path != '/') {
			path++;
		}
		path++;
	}
	return path;
}

static uint32_t
align4(uint32_t n)
{
	return (n + 3) & ~(uint32_t)3;
}

/*
 * FDT_BEGIN_NODE: step over the name; note whether the node continues the
 * path (the root always starts it: its name is "").
 */
static int
begin_node(struct walk *w)
{
	long n = bounded_strlen(w->s + w->off, w->dt->struct_size - w->off);

	if (n < 0) {
		return -EINVAL;
	}
	w->depth++;
	if (w->depth == 1) {
		w->matched = 1;
	} else if (w->matched == w->depth - 1 && w->depth <= w->target &&
	    node_match(w->s + w->off, path_component(w->path, w->depth - 2))) {
		w->matched = w->depth;
	}
	w->off += align4((uint32_t)n + 1);
	return 0;
}

/*
 * FDT_PROP: 1 and @val/@len if it is the one searched (of a node on the
 * path, and the n-th such), else step over.
 */
static int
prop(struct walk *w, const char *name, const void **val, uint32_t *len)
{
	uint32_t size = w->dt->struct_size, plen, nameoff;
	const uint8_t *pname;

	if (!in_block(w->off, 8, size)) {
		return -EINVAL;
	}
	plen = be32(w->s + w->off);
	nameoff = be32(w->s + w->off + 4);
	w->off += 8;
	if (!in_block(w->off, plen, size)) {
		return -EINVAL;
	}
	if (w->depth == w->target && w->matched == w->target) {
		pname = prop_name(w->dt, nameoff);
		if (pname == NULL) {
			return -EINVAL;
		}
		if (str_equal(pname, name) && w->n-- == 0) {
			*val = w->s + w->off;
			*len = plen;
			return 1;
		}
	}
	w->off += align4(plen);
	return 0;
}

/**
 * dtb_prop() - the first property @name of the nodes at @path.
 * @dt:   the DTB.
 * @path: "" or node names from the root, '/' between them.
 * @name: the property.
 * @val:  its value.
 * @len:  its length.
 *
 * Return: 0, -ENOENT or -EINVAL.
 */
int
dtb_prop(const struct dtb *dt, const char *path, const char *name,
    const void **val, uint32_t *len)
{
	return dtb_prop_nth(dt, path, 0, name, val, len);
}

/**
 * dtb_prop_nth() - the @n-th property @name of the nodes at @path.
 * @dt:   the DTB.
 * @path: "" or node names from the root, '/' between them.
 * @n:    how many to pass over.
 * @name: the property.
 * @val:  its value.
 * @len:  its length.
 *
 * Return: 0, -ENOENT or -EINVAL.
 */
int
dtb_prop_nth(const struct dtb *dt, const char *path, unsigned int n,
    const char *name, const void **val, uint32_t *len)
{
	struct walk w = {
		.dt = dt, .s = dt->blob + dt->struct_off, .path = path,
		.target = path_components(path) + 1, .n = n,
	};
	int ret = 0;

	while (ret >= 0 && in_block(w.off, 4, dt->struct_size)) {
		uint32_t tok = be32(w.s + w.off);

		w.off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			ret = begin_node(&w);
			break;
		case FDT_END_NODE:
			if (w.depth <= 1) {
				return w.depth == 1 ? -ENOENT : -EINVAL;
			}
			if (w.matched == w.depth) {
				w.matched--;
			}
			w.depth--;
			break;
		case FDT_PROP:
			ret = prop(&w, name, val, len);
			if (ret == 1) {
				return 0;
			}
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return -ENOENT;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

/**
 * dtb_cells() - a big-endian number of one or two cells.
 * @p:     the first cell.
 * @cells: 1 or 2.
 *
 * Return: the number.
 */
uint64_t
dtb_cells(const void *p, unsigned int cells)
{
	const uint8_t *b = p;

	return cells == 2 ? (uint64_t)be32(b) << 32 | be32(b + 4) : be32(b);
}
