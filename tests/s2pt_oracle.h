/* SPDX-License-Identifier: ISC */
/*
 * s2pt_oracle.h - the break-before-make oracle over an s2pt_fake log.
 *
 * The oracle replays the recorded callbacks against a shadow copy of every
 * table page and checks, for each call between its begin and end marks:
 *  - a valid->valid change of output address, size (block<->table) or
 *    memory type at an entry never happens in one store: the entry is made
 *    invalid first, and between that store and the new valid one a TLB
 *    invalidation of the call's VMID covers the old entry (Arm ARM D8.16.1);
 *  - every valid entry made invalid, every leaf below a table unlinked, and
 *    every permission change of a leaf, is covered by such an invalidation
 *    before the call returns;
 *  - a table page given back was unlinked, and the unlink covered by an
 *    invalidation, before table_free (in fini: the VMID was invalidated
 *    before pages holding mappings were freed);
 *  - every leaf written is aligned in IPA and PA to its level, sits at a
 *    level that can hold it, and every store's traced (entry, level, IPA)
 *    agree with each other and with the value the shadow holds.
 * An invalidation covers a leaf of level L if it names the VMID and either
 * is a whole-VMID invalidation or its IPA range contains the entry and its
 * level hint is 0 or L; it covers a table entry if it has no level hint (a
 * hint promises that every entry removed was a leaf of that level) and its
 * range contains (for a break-before-make) or meets (for an unlink) the
 * entry's range.
 */
#ifndef S2PT_ORACLE_H
#define S2PT_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "s2pt_fake.h"

/**
 * struct s2pt_oracle_counts - what the oracle has seen (so a test can tell
 * that the case it meant to check did happen).
 * @calls:        calls checked.
 * @stores:       descriptor stores.
 * @breaks:       valid entries made invalid.
 * @bbm:          break-before-make sequences (valid, invalid, TLBI, new
 *                valid with another address, size or memory type).
 * @perm_changes: valid->valid leaf stores changing permissions only.
 * @unlinks:      table descriptors removed.
 * @table_frees:  table_free calls.
 * @tlbi_ipa:     tlb_flush_ipa calls.
 * @tlbi_vmid:    tlb_flush_vmid calls.
 */
struct s2pt_oracle_counts {
	uint64_t calls;
	uint64_t stores;
	uint64_t breaks;
	uint64_t bbm;
	uint64_t perm_changes;
	uint64_t unlinks;
	uint64_t table_frees;
	uint64_t tlbi_ipa;
	uint64_t tlbi_vmid;
};

struct s2pt_oracle;

/**
 * s2pt_oracle_new() - an oracle for the tables of one fake.
 * @f: the fake whose log will be checked; every call made with it must be
 *     checked, in order, from the first s2pt_init() on.
 *
 * Return: the oracle, or NULL if host memory ran out.
 */
struct s2pt_oracle *s2pt_oracle_new(const struct s2pt_fake *f);

/**
 * s2pt_oracle_free() - free an oracle.
 * @o: the oracle (NULL is fine).
 */
void s2pt_oracle_free(struct s2pt_oracle *o);

/**
 * s2pt_oracle_memory_check() - how often to compare shadow and real tables.
 * @o:     the oracle.
 * @every: compare the shadow with every allocated page at the end of each
 *         @every-th call (1: every call; 0: never), which catches stores
 *         that were not traced.
 */
void s2pt_oracle_memory_check(struct s2pt_oracle *o, unsigned int every);

/**
 * s2pt_oracle_check() - check a log.
 * @o:   the oracle.
 * @log: records, in order, of whole calls.
 * @n:   their number.
 *
 * Return: 0 if every rule holds, else -1 and s2pt_oracle_msg() says what
 * broke where.  After a failure the oracle's shadow is no longer reliable.
 */
int s2pt_oracle_check(struct s2pt_oracle *o, const struct fake_ev *log,
    size_t n);

/**
 * s2pt_oracle_msg() - the first violation found.
 * @o: the oracle.
 *
 * Return: a message ("" if none).
 */
const char *s2pt_oracle_msg(const struct s2pt_oracle *o);

/**
 * s2pt_oracle_counts() - read the oracle's counters.
 * @o:  the oracle.
 * @c:  filled in.
 */
void s2pt_oracle_counts(const struct s2pt_oracle *o,
    struct s2pt_oracle_counts *c);

#endif /* S2PT_ORACLE_H */
