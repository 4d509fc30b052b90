/* SPDX-License-Identifier: ISC */
/*
 * dtb.h - a minimal, bounds-checked reader of a flattened device tree
 * (Devicetree Specification v0.4, chapter 5), for what the firmware needs
 * at boot: a property of a node named by its path from the root, or of
 * each of several nodes (/cpus/cpu@0, /cpus/cpu@1, ...).
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
 * @path: "" for the root, else the names of the nodes from the root down,
 *        '/' between them and none first or last, each with or without its
 *        unit address ("memory" finds "memory@40000000", "cpus/cpu" finds
 *        "cpu@0" under "cpus"); the first node on the path (in the blob's
 *        order) that has the property wins.
 * @name: the property.
 * @val:  set to its value, inside the blob.
 * @len:  set to the value's length.
 *
 * Return: 0; -ENOENT if there is no such property; -EINVAL if the walk met
 * a malformed structure block.
 */
int dtb_prop(const struct dtb *dt, const char *path, const char *name,
    const void **val, uint32_t *len);

/**
 * dtb_prop_nth() - find a property of one of several nodes.
 * @dt:   the DTB.
 * @path: as for dtb_prop(); several nodes may be on it ("cpus/cpu").
 * @n:    which of those that have the property: 0 for the first in the
 *        blob's order, as dtb_prop().
 * @name: the property.
 * @val:  set to its value, inside the blob.
 * @len:  set to the value's length.
 *
 * Calling it with @n = 0, 1, ... until -ENOENT visits each in turn (one
 * walk each: the blobs are small).
 *
 * Return: 0; -ENOENT if fewer than @n + 1 nodes on @path have it; -EINVAL
 * if the walk met a malformed structure block.
 */
int dtb_prop_nth(const struct dtb *dt, const char *path, unsigned int n,
    const char *name, const void **val, uint32_t *len);

/**
 * dtb_cells() - a big-endian number of one or two 32-bit cells.
 * @p:     the first cell.
 * @cells: 1 or 2.
 *
 * Return: the number.
 */
uint64_t dtb_cells(const void *p, unsigned int cells);

#endif /* HVFW_DTB_H */
