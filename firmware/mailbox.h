/* SPDX-License-Identifier: ISC */
/*
 * mailbox.h - the firmware's end of the mailbox (hv/abi.h): where it lies
 * in the board's RAM, and the loop that serves hvd's requests.
 *
 * Placement: the last MAILBOX_SIZE bytes of the RAM the EL2 map covers
 * (RAM rounded down to 2 MiB).  The firmware's own memory grows upwards
 * from the start of RAM (device tree, image, stacks, table pool), so the
 * top of RAM is the one place that does not move when the image or the
 * pool grows, and hvd can find the mailbox in QEMU's RAM file from the
 * RAM size alone.  No guest may be given this range (main.c keeps
 * hvfw.guest= below it).
 *
 * Doorbell protocol: the serial line carries plain text until the mailbox
 * is laid out and announced with one line,
 *   "hvfw: mailbox at 0x<PA> size 0x<bytes>"
 * and after that only doorbell bytes, of any value.  hvd pushes requests
 * on the request ring and then sends a byte; the firmware, woken by any
 * byte, drains the request ring, pushes one reply per request on the event
 * ring, and then sends one byte back.  Doorbells carry no count: each side
 * drains its ring until it is empty, so a doorbell that arrives while a
 * ring is being drained costs one empty pass, never a lost message.
 */
#ifndef HVFW_MAILBOX_H
#define HVFW_MAILBOX_H

#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/vmid.h>

/** MAILBOX_SIZE - bytes reserved for the mailbox at the top of RAM. */
#define MAILBOX_SIZE		0x100000ull
/** MAILBOX_REQ_SLOTS - slots of the request ring (hvd -> firmware). */
#define MAILBOX_REQ_SLOTS	64u
/**
 * MAILBOX_EVT_SLOTS - slots of the event ring: more than requests, as
 * console output and faults share it with the replies.
 */
#define MAILBOX_EVT_SLOTS	256u

/**
 * struct mailbox_config - what the firmware tells hvd about the board and
 * itself (HELLO, STATS).
 * @ram_base:   PA of the board's RAM.
 * @ram_size:   bytes of it.
 * @fw_base:    PA of the firmware's own memory (DTB, image, stacks, pool).
 * @fw_size:    bytes of it.
 * @cpu_count:  physical CPUs running the firmware.
 * @ipa_bits:   IPA size of guests' stage 2.
 * @pa_bits:    the CPU's PA size.
 * @vm_max:     VM ids the firmware has room for.
 * @vcpu_max:   vCPUs per VM.
 * @pool:       the stage-2 table pool.
 * @pool_pages: its size in pages.
 * @vmids:      the VMID allocator (its width is HELLO's vmid_bits).
 */
struct mailbox_config {
	uint64_t ram_base;
	uint64_t ram_size;
	uint64_t fw_base;
	uint64_t fw_size;
	unsigned int cpu_count;
	unsigned int ipa_bits;
	unsigned int pa_bits;
	unsigned int vm_max;
	unsigned int vcpu_max;
	struct pagepool *pool;
	size_t pool_pages;
	struct vmid_allocator *vmids;
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
 * mailbox_serve() - lay the mailbox out, announce it and serve hvd forever.
 * @cfg: the board and the firmware; must stay valid.
 *
 * Prints the announcement line, the last plain text on the serial line
 * (but for a panic), then serves requests as the doorbell protocol says:
 * HELLO and STATS are answered, every other request with -ENOSYS, and a
 * message abi_decode() refuses, or one that is not a request, with a NAK.
 * Halts (after saying why) only if the mailbox cannot be laid out.
 */
void mailbox_serve(const struct mailbox_config *cfg)
    __attribute__((noreturn));

#endif /* HVFW_MAILBOX_H */
