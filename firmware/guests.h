/* SPDX-License-Identifier: ISC */
/*
 * guests.h - running the guests the command line names, one after the
 * other, on the boot CPU.
 *
 * Each "hvfw.guest=NAME@ADDR+SIZE" word (bootarg.h) names a raw image that
 * the board's loader put at PA ADDR (QEMU: -device loader,file=IMAGE,
 * addr=ADDR,force-raw=on) and the SIZE bytes of RAM from ADDR the guest
 * gets: they appear at IPA GUESTS_IPA_BASE, where the guest starts, at
 * EL1h with its MMU off, x0 = SIZE (the guest's RAM size; a device tree
 * comes later) and x1..x3 = 0.
 */
#ifndef HVFW_GUESTS_H
#define HVFW_GUESTS_H

#include <stdint.h>

#include <hv/pagepool.h>

#include "vm.h"

/** GUESTS_IPA_BASE - where a guest's RAM starts: RAM on QEMU virt. */
#define GUESTS_IPA_BASE		0x40000000ull
/** GUESTS_MAX - hvfw.guest= words taken; more are reported and skipped. */
#define GUESTS_MAX		8

/**
 * struct guests_config - what running guests needs.
 * @bootargs:     the command line.
 * @env:          the VMs' environment.
 * @pool:         the stage-2 table pool (its balance is checked).
 * @ram_base:     start of RAM.
 * @ram_end:      end of the RAM the firmware maps (guest RAM ends below).
 * @reserved_end: end of what the firmware keeps for itself from the start
 *                of RAM: the device tree, its image and stacks, the pool.
 *                Guest RAM starts at or above it.
 */
struct guests_config {
	const char *bootargs;
	const struct vm_env *env;
	struct pagepool *pool;
	uint64_t ram_base;
	uint64_t ram_end;
	uint64_t reserved_end;
};

/**
 * guests_run() - run every guest the command line names, in order.
 * @cfg: the configuration.
 *
 * First every hvfw.guest= word is checked: its syntax, and that its range
 * lies in RAM above the firmware's own memory and overlaps no earlier
 * guest's (a bad one is reported, "hvfw: hvfw.guest=...: why, skipped", and
 * the others go on).  Then each guest in turn is created as VM 1, 2, ...,
 * gets its RAM mapped, runs until it stops, and is destroyed:
 *
 *	hvfw: vm1 created: NAME, IPA 0x40000000 -> PA ADDR, N MiB, pool F free
 *	[vm1] ...guest output...
 *	hvfw: vm1 off                            (or reset, or a crash report)
 *	hvfw: vm1 ran as VMID V: E exits (...)
 *	hvfw: vm1 destroyed, P pages scrubbed, pool back to F free
 *
 * A pool that did not come back to F is reported as a leak instead.
 *
 * Return: the number of hvfw.guest= words (0: none, nothing was done).
 */
unsigned int guests_run(const struct guests_config *cfg);

#endif /* HVFW_GUESTS_H */
