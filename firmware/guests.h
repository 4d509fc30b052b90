/* SPDX-License-Identifier: ISC */
/*
 * guests.h - running the guests the command line names, on the boot CPU.
 *
 * Each "hvfw.guest=NAME@ADDR+SIZE[:ARG]" word (bootarg.h) names a raw
 * image that the board's loader put at PA ADDR (QEMU: -device
 * loader,file=IMAGE,addr=ADDR,force-raw=on) and the SIZE bytes of RAM from
 * ADDR the guest gets: they appear at IPA GUESTS_IPA_BASE, where the guest
 * starts, at EL1h with its MMU off, x0 = SIZE (the guest's RAM size; a
 * device tree comes later), x1 = ARG (0 without one) and x2, x3 = 0.
 *
 * The VMs exist side by side, as they will under hvd: all are created
 * before the first runs, and each keeps its RAM, its stage-2 tables and
 * its VMID until all have run.  So a guest whose RAM overlaps another's is
 * refused by the ownership table, and more VMs than the VMID allocator has
 * numbers make it roll over.  One VM runs at a time, to its end, its
 * vCPUs (GUESTS_VCPUS, the first on, the others for PSCI CPU_ON) scheduled
 * over every CPU.
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
/** GUESTS_VCPUS - vCPUs of each guest; the first is on at the start. */
#define GUESTS_VCPUS		4
/** GUESTS_LINE_MAX - characters of a guest's console line; more are cut. */
#define GUESTS_LINE_MAX		120

/** guests_host - the host side of these VMs: the serial console. */
extern const struct vm_host_ops guests_host;

/**
 * struct guests_config - what running guests needs.
 * @bootargs:     the command line.
 * @env:          the VMs' environment.
 * @pool:         the stage-2 table pool (its balance is checked).
 * @ram_base:     start of RAM.
 * @ram_end:      end of the RAM the firmware maps (guest RAM ends below).
 *
 * What in RAM is the firmware's own, @env's ownership table says.
 */
struct guests_config {
	const char *bootargs;
	const struct vm_env *env;
	struct pagepool *pool;
	uint64_t ram_base;
	uint64_t ram_end;
};

/**
 * guests_run() - create, run and destroy every guest the command line
 * names.
 * @cfg: the configuration.
 *
 * First every hvfw.guest= word is checked: its syntax, and that its range
 * lies in RAM and fits the IPA space (a bad one is reported, "hvfw:
 * hvfw.guest=...: why, skipped", and the others go on).  Then the guests
 * are created in order as VM 1, 2, ..., each claiming its RAM in the
 * ownership table; a range with a page the firmware or an earlier VM owns
 * is refused and that VM is not created:
 *
 *	hvfw: vm1 created: NAME, IPA 0x40000000 -> PA ADDR, N KiB, T table
 *	      pages, pool F free before
 *	hvfw: vm2 (NAME): PA A-B refused: PA C-D belongs to vm1, skipped
 *	      (or "to the firmware")
 *
 * Then each VM runs, in order, until it stops:
 *
 *	[vm1] ...guest output...
 *	hvfw: vm1 off                            (or reset, or a crash report)
 *	hvfw: vm1 ran as VMID V: E exits (...)
 *
 * Then they are destroyed, the last created first, so that each gives the
 * pool back exactly what it took, and the VMID allocator's counters close:
 *
 *	hvfw: vm1 destroyed, P pages scrubbed, pool back to F free
 *	hvfw: vmid generation G, rollovers R, flushes L
 *
 * A pool that did not come back to F is reported as a leak instead.
 *
 * Return: the number of hvfw.guest= words (0: none, nothing was done).
 */
unsigned int guests_run(const struct guests_config *cfg);

#endif /* HVFW_GUESTS_H */
