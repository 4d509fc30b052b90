/* SPDX-License-Identifier: ISC */
/*
 * hv/s2pt_desc.h - the VMSAv8-64 stage-2 descriptor format, 4 KiB granule
 * (Arm ARM D8.3), as hv uses it.  s2pt.c builds descriptors with these; the
 * tests and the benchmark read raw tables with them.
 *
 *  table (levels 0-2): [1:0]=0b11, [11:2] hv: non-zero entries in the next
 *                      table (IGNORED by hardware), [47:12] next table PA
 *  block (levels 1-2): [1:0]=0b01 \
 *  page  (level 3):    [1:0]=0b11  } [5:2] MemAttr, [7:6] S2AP, [9:8] SH,
 *                                   [10] AF, [47:12] output address,
 *                                   [54] XN
 *  invalid:            [0]=0, [9:2] hv: owner id (0 = none)
 */
#ifndef HV_S2PT_DESC_H
#define HV_S2PT_DESC_H

#include <stdint.h>

#define S2PT_DESC_VALID		((uint64_t)1 << 0)
#define S2PT_DESC_TABLE		((uint64_t)1 << 1)	/* table, or page at level 3 */
#define S2PT_DESC_TYPE_MASK	((uint64_t)3)
#define S2PT_DESC_ADDR_MASK	(((uint64_t)1 << 48) - ((uint64_t)1 << 12))

#define S2PT_DESC_MEMATTR_SHIFT	2
#define S2PT_DESC_MEMATTR_MASK	((uint64_t)0xf << S2PT_DESC_MEMATTR_SHIFT)
#define S2PT_MEMATTR_NORMAL_WB	((uint64_t)0xf)	/* outer WB, inner WB */
#define S2PT_MEMATTR_NORMAL_NC	((uint64_t)0x5)	/* outer NC, inner NC */
#define S2PT_MEMATTR_DEVICE_nGnRE ((uint64_t)0x1)
#define S2PT_DESC_S2AP_R	((uint64_t)1 << 6)
#define S2PT_DESC_S2AP_W	((uint64_t)1 << 7)
#define S2PT_DESC_SH_INNER	((uint64_t)3 << 8)
#define S2PT_DESC_AF		((uint64_t)1 << 10)
#define S2PT_DESC_XN		((uint64_t)1 << 54)

/* The leaf bits that s2pt_attr does not decide are fixed: */
#define S2PT_DESC_ATTR_MASK	(S2PT_DESC_MEMATTR_MASK | S2PT_DESC_S2AP_R | \
	S2PT_DESC_S2AP_W | S2PT_DESC_XN)

#define S2PT_DESC_COUNT_SHIFT	2
#define S2PT_DESC_COUNT_MASK	((uint64_t)0x3ff << S2PT_DESC_COUNT_SHIFT)
#define S2PT_DESC_OWNER_SHIFT	2
#define S2PT_DESC_OWNER_MASK	((uint64_t)0xff << S2PT_DESC_OWNER_SHIFT)

/**
 * s2pt_desc_is_valid() - whether a descriptor translates.
 * @d: the descriptor.
 *
 * Return: true for a valid table, block or page descriptor.
 */
static inline int
s2pt_desc_is_valid(uint64_t d)
{
	return (d & S2PT_DESC_VALID) != 0;
}

/**
 * s2pt_desc_is_table() - whether a descriptor at @level points to a table.
 * @d:     the descriptor.
 * @level: its level; level-3 entries are never tables.
 *
 * Return: true for a table descriptor.
 */
static inline int
s2pt_desc_is_table(uint64_t d, unsigned int level)
{
	return level < 3 && (d & S2PT_DESC_TYPE_MASK) == S2PT_DESC_TYPE_MASK;
}

/**
 * s2pt_desc_is_leaf() - whether a descriptor at @level is a block or page.
 * @d:     the descriptor.
 * @level: its level.
 *
 * Return: true for a valid block (levels 1-2) or page (level 3).
 */
static inline int
s2pt_desc_is_leaf(uint64_t d, unsigned int level)
{
	return s2pt_desc_is_valid(d) &&
	    (level == 3 || (d & S2PT_DESC_TABLE) == 0);
}

/**
 * s2pt_desc_addr() - the output or next-table address of a descriptor.
 * @d: a valid descriptor.
 *
 * Return: the PA in bits [47:12].
 */
static inline uint64_t
s2pt_desc_addr(uint64_t d)
{
	return d & S2PT_DESC_ADDR_MASK;
}

/**
 * s2pt_desc_owner() - the owner id an invalid descriptor carries.
 * @d: an invalid descriptor.
 *
 * Return: 0..255.
 */
static inline unsigned int
s2pt_desc_owner(uint64_t d)
{
	return (unsigned int)((d & S2PT_DESC_OWNER_MASK) >> S2PT_DESC_OWNER_SHIFT);
}

/**
 * s2pt_desc_count() - non-zero entries of the table a table descriptor
 * points to (hv's bookkeeping in IGNORED bits).
 * @d: a table descriptor.
 *
 * Return: 0..512.
 */
static inline unsigned int
s2pt_desc_count(uint64_t d)
{
	return (unsigned int)((d & S2PT_DESC_COUNT_MASK) >> S2PT_DESC_COUNT_SHIFT);
}

#endif /* HV_S2PT_DESC_H */
