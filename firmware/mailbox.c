/* SPDX-License-Identifier: ISC */
/*
 * mailbox.c - the firmware's end of the mailbox: layout, doorbells and the
 * service loop (mailbox.h); the requests themselves are mailbox_handle.c's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "arch.h"
#include "console.h"
#include "mailbox.h"
#include "mailbox_impl.h"
#include "plat.h"

#define MAILBOX_2M		((uint64_t)1 << 21)
/** MAILBOX_DOORBELL - the byte the firmware rings with (any byte would do). */
#define MAILBOX_DOORBELL	'!'

/* One boot CPU serves the mailbox: one handle, one buffer each way. */
static struct abi_mailbox mb;
static unsigned char req_buf[ABI_SLOT_SIZE]
    __attribute__((aligned(ABI_MSG_ALIGN)));
static unsigned char rep_buf[ABI_MSG_MAX]
    __attribute__((aligned(ABI_MSG_ALIGN)));
static uint64_t event_seq;

/**
 * mailbox_base() - where the mailbox lies.
 * @ram_base: PA of RAM.
 * @ram_size: bytes of RAM.
 *
 * Return: the PA, or 0 if RAM is too small.
 */
uint64_t
mailbox_base(uint64_t ram_base, uint64_t ram_size)
{
	uint64_t mapped = ram_size & ~(MAILBOX_2M - 1);

	if (mapped < MAILBOX_2M) {
		return 0;
	}
	return ram_base + mapped - MAILBOX_SIZE;
}

/*
 * Put a message on the event ring.  A full ring is hvd's to drain: ring
 * the doorbell and wait for room, since a reply may not be dropped.  A
 * consumer index that makes no sense (-EPROTO) is hvd's bug; the message
 * is dropped (hvd times out, and a gap in event numbers shows it).
 */
static void
send(const void *msg, size_t len)
{
	bool rang = false;
	int ret;

	while ((ret = abi_ring_push(&mb.tx, msg, len)) == -EAGAIN) {
		if (!rang) {
			plat_uart_putc(MAILBOX_DOORBELL);
			rang = true;
		}
	}
}

/* A LOG event: the only way to say something once the rings exist. */
static void
log_event(unsigned int level, const char *text, size_t len)
{
	int n;

	n = abi_encode_text(rep_buf, sizeof(rep_buf), ABI_MSG_LOG,
	    ++event_seq, 0, level, text, len);
	if (n > 0) {
		send(rep_buf, (size_t)n);
	}
}

/* Serve every request on the ring; return the number of messages sent. */
static unsigned int
drain(const struct mailbox_config *cfg)
{
	static const char bad_ring[] = "request ring indices are inconsistent";
	unsigned int sent = 0;
	int len;

	for (;;) {
		len = abi_ring_pop(&mb.rx, req_buf, sizeof(req_buf));
		if (len == -EAGAIN) {
			break;
		}
		if (len < 0) {
			/* Not sticky: the next doorbell looks again. */
			log_event(ABI_LOG_ERR, bad_ring, sizeof(bad_ring) - 1);
			sent++;
			break;
		}
		len = mailbox_handle(cfg, req_buf, (size_t)len, rep_buf,
		    sizeof(rep_buf));
		send(rep_buf, (size_t)len);
		sent++;
	}
	return sent;
}

/**
 * mailbox_serve() - lay the mailbox out, announce it and serve forever.
 * @cfg: the board and the firmware.
 */
void
mailbox_serve(const struct mailbox_config *cfg)
{
	uint64_t base = mailbox_base(cfg->ram_base, cfg->ram_size);
	int ret = -EINVAL;

	if (base != 0) {
		ret = abi_mailbox_init(&mb, ABI_SIDE_FIRMWARE,
		    (void *)(uintptr_t)base, MAILBOX_SIZE, MAILBOX_REQ_SLOTS,
		    MAILBOX_EVT_SLOTS);
	}
	if (ret != 0) {
		console_printf("hvfw: cannot lay the mailbox out at 0x%llx "
		    "(error %d), halted\n", (unsigned long long)base, ret);
		arch_cpu_halt();
	}
	console_printf("hvfw: mailbox at 0x%llx size 0x%llx\n",
	    (unsigned long long)base, (unsigned long long)MAILBOX_SIZE);
	for (;;) {
		while (plat_uart_getc() < 0) {
			continue;
		}
		/* Doorbells carry no count: one pass serves them all. */
		while (plat_uart_getc() >= 0) {
			continue;
		}
		if (drain(cfg) > 0) {
			plat_uart_putc(MAILBOX_DOORBELL);
		}
	}
}
