/* SPDX-License-Identifier: ISC */
/*
 * dtb.h - a minimal, bounds-checked reader of a flattened device tree
 * (Devicetree Specification v0.4, chapter 5), for what the firmware needs
 * at boot: a property of the root or of a top-level node.
 *
 * The DTB comes from the loader and is checked as untrusted input: every
 * offset, length and string is checked against the blob before use, and a
 * malformed blob gives an error, never a read outside it.
 */
#ifndef HVFW_DTB_H
#define HVFW_DTB_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct dtb - a blob that passed dtb_init() (fields private to dtb.c).
 */
struct dtb {
	const uint8_t *blob;
	uint32_t struct_off;
	uint32_t struct_size;
	uint32_t strings_off;
	uint32_t strings_size;
};

/**
 * dtb_init() - check a DTB header.
 * @dt:   filled in.
 * @blob: the DTB.
 * @max:  bytes readable at @blob; the DTB's totalsize must fit in it.
 *
 * Return: 0, or -EINVAL for a bad magic, an unsupported version (hvfw
 * reads version 17, which QEMU writes) or blocks outside the blob.
 */
int dtb_init(struct dtb *dt, const void *blob, size_t max);

/**
 * dtb_prop() - find a property.
 * @dt:   the DTB.
 * @node: "" for the root, else a top-level node's name with or without
 *        its unit address ("memory" finds "memory@40000000"); the first
 *        such node that has the property wins.
 * @name: the property.
 * @val:  set to its value, inside the blob.
 * @len:  set to the value's length.
 *
 * Return: 0; -ENOENT if there is no such property; -EINVAL if the walk met
 * a malformed structure block.
 */
int dtb_prop(const struct dtb *dt, const char *node, const char *name,
    const void **val, uint32_t *len);

/**
 * dtb_cells() - a big-endian number of one or two 32-bit cells.
 * @p:     the first cell.
 * @cells: 1 or 2.
 *
 * Return: the number.
 */
uint64_t dtb_cells(const void *p, unsigned int cells);

#endif /* HVFW_DTB_H */
