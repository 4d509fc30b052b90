/* SPDX-License-Identifier: ISC */
/*
 * mailbox.h - the firmware's end of the mailbox (hv/abi.h): where it lies
 * in the board's RAM, serving hvd's requests, and the events that tell hvd
 * what its VMs do.
 *
 * Placement: the last MAILBOX_SIZE bytes of the RAM the EL2 map covers
 * (RAM rounded down to 2 MiB).  The firmware's own memory grows upwards
 * from the start of RAM (device tree, image, stacks, table pool), so the
 * top of RAM is the one place that does not move when the image or the
 * pool grows, and hvd can find the mailbox in QEMU's RAM file from the
 * RAM size alone.  No guest may be given this range.
 *
 * Doorbell protocol: the serial line carries plain text until the mailbox
 * is laid out and announced with one line,
 *   "hvfw: mailbox at 0x<PA> size 0x<bytes>"
 * and after that only doorbell bytes, of any value: the firmware's log
 * becomes LOG events.  hvd pushes requests on the request ring and then
 * sends a byte; the firmware, woken by the UART's interrupt on CPU 0,
 * drains the request ring, pushes one reply per request on the event ring
 * and sends a byte back; every event pushed from any CPU (console output,
 * faults, exits, log lines) rings too.  Doorbells carry no count: each
 * side drains its ring until it is empty, so a doorbell that arrives while
 * a ring is being drained costs one empty pass, never a lost message.
 */
#ifndef HVFW_MAILBOX_H
#define HVFW_MAILBOX_H

#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/vmid.h>

#include "vm.h"

/** MAILBOX_SIZE - bytes reserved for the mailbox at the top of RAM. */
#define MAILBOX_SIZE		0x100000ull
/** MAILBOX_REQ_SLOTS - slots of the request ring (hvd -> firmware). */
#define MAILBOX_REQ_SLOTS	64u
/**
 * MAILBOX_EVT_SLOTS - slots of the event ring: more than requests, as
 * console output and faults share it with the replies.
 */
#define MAILBOX_EVT_SLOTS	256u
/** MAILBOX_VM_MAX - VMs hvd may have at once (HELLO's vm_max). */
#define MAILBOX_VM_MAX		16

/**
 * struct mailbox_config - what the firmware tells hvd about the board and
 * itself (HELLO, STATS), and what hvd's VMs are made with.
 * @ram_base:   PA of the board's RAM.
 * @ram_size:   bytes of it.
 * @fw_base:    PA of the firmware's own memory (DTB, image, stacks, pool).
 * @fw_size:    bytes of it.
 * @cpu_count:  physical CPUs running the firmware.
 * @pool:       the stage-2 table pool.
 * @pool_pages: its size in pages.
 * @env:        the VMs' environment; mailbox_start() sets its host ops.
 */
struct mailbox_config {
	uint64_t ram_base;
	uint64_t ram_size;
	uint64_t fw_base;
	uint64_t fw_size;
	unsigned int cpu_count;
	struct pagepool *pool;
	size_t pool_pages;
	struct vm_env *env;
};

/**
 * mailbox_base() - where the mailbox lies.
 * @ram_base: PA of RAM.
 * @ram_size: bytes of RAM.
 *
 * Return: the PA of the mailbox: MAILBOX_SIZE below the end of RAM rounded
 * down to 2 MiB (what the EL2 map covers); 0 if RAM is too small for it.
 */
uint64_t mailbox_base(uint64_t ram_base, uint64_t ram_size);

/**
 * mailbox_start() - lay the mailbox out and announce it.
 * @cfg: the board and the firmware; must stay valid.
 *
 * Prints the announcement line, the last plain text on the serial line
 * (but for a panic); from then on the console's lines go out as LOG
 * events, and @cfg->env's VMs report through mailbox events.  Halts (after
 * saying why) if the mailbox cannot be laid out.
 */
void mailbox_start(const struct mailbox_config *cfg);

/**
 * mailbox_serve() - answer whatever hvd has asked since the last call.
 *
 * The scheduler calls it on CPU 0, with its lock held, at every turn (it
 * is struct sched_config.serve): if doorbell bytes came, every request on
 * the ring is carried out and answered: HELLO, VM requests, STATS,
 * S2_DUMP; a message abi_decode() refuses, or one that is not a request,
 * gets a NAK.
 */
void mailbox_serve(void);

#endif /* HVFW_MAILBOX_H */
