/* SPDX-License-Identifier: ISC */
/*
 * mailbox.c - the firmware's end of the mailbox: layout, doorbells, the
 * event ring and the service of the request ring (mailbox.h); the
 * requests themselves are mailbox_handle.c's and mailbox_vm.c's.
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
#include "spinlock.h"

#define MAILBOX_2M		((uint64_t)1 << 21)
/** MAILBOX_DOORBELL - the byte the firmware rings with (any byte would do). */
#define MAILBOX_DOORBELL	'!'

const struct mailbox_config *mailbox_cfg;

/*
 * The request ring is served by CPU 0 alone; the event ring is produced
 * from every CPU under tx_lock, which also keeps event numbers in ring
 * order.
 */
static struct abi_mailbox mb;
static struct spinlock tx_lock;
static uint64_t event_seq;
static unsigned char req_buf[ABI_SLOT_SIZE]
    __attribute__((aligned(ABI_MSG_ALIGN)));
static unsigned char rep_buf[ABI_MSG_MAX]
    __attribute__((aligned(ABI_MSG_ALIGN)));

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

/**
 * mailbox_next_event_seq() - the next event's number.
 *
 * Return: the number.
 */
uint64_t
mailbox_next_event_seq(void)
{
	return __atomic_add_fetch(&event_seq, 1, __ATOMIC_RELAXED);
}

/**
 * mailbox_send() - push a message and ring.
 * @msg: the message.
 * @len: its bytes.
 */
void
mailbox_send(const void *msg, size_t len)
{
	bool rang = false;

	spinlock_lock(&tx_lock);
	while (abi_ring_push(&mb.tx, msg, len) == -EAGAIN) {
		if (!rang) {
			plat_uart_putc(MAILBOX_DOORBELL);
			rang = true;
		}
	}
	plat_uart_putc(MAILBOX_DOORBELL);
	spinlock_unlock(&tx_lock);
}

/* A LOG event, cut at ABI_LOG_MAX: the console's lines once rings exist. */
static void
log_line(const char *text, size_t len)
{
	unsigned char buf[ABI_MSG_MAX] __attribute__((aligned(ABI_MSG_ALIGN)));
	int n;

	if (len == 0) {
		return;
	}
	n = abi_encode_text(buf, sizeof(buf), ABI_MSG_LOG,
	    mailbox_next_event_seq(), 0, ABI_LOG_INFO, text,
	    len < ABI_LOG_MAX ? len : ABI_LOG_MAX);
	if (n > 0) {
		mailbox_send(buf, (size_t)n);
	}
}

/* Serve every request on the ring. */
static void
drain(void)
{
	static const char bad_ring[] = "hvfw: request ring indices are "
	    "inconsistent";
	int len;

	for (;;) {
		len = abi_ring_pop(&mb.rx, req_buf, sizeof(req_buf));
		if (len == -EAGAIN) {
			break;
		}
		if (len < 0) {
			/* Not sticky: the next doorbell looks again. */
			log_line(bad_ring, sizeof(bad_ring) - 1);
			break;
		}
		len = mailbox_handle(req_buf, (size_t)len, rep_buf,
		    sizeof(rep_buf));
		mailbox_send(rep_buf, (size_t)len);
	}
}

/**
 * mailbox_serve() - serve the request ring if hvd rang.
 *
 * Doorbells carry no count: one pass serves them all.  Reading them all
 * also lowers the UART's interrupt.
 */
void
mailbox_serve(void)
{
	bool rang = false;

	while (plat_uart_getc() >= 0) {
		rang = true;
	}
	if (rang) {
		drain();
	}
}

/**
 * mailbox_start() - lay the mailbox out and announce it.
 * @cfg: the board and the firmware.
 */
void
mailbox_start(const struct mailbox_config *cfg)
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
	mailbox_cfg = cfg;
	cfg->env->host = &mailbox_host;
	console_printf("hvfw: mailbox at 0x%llx size 0x%llx\n",
	    (unsigned long long)base, (unsigned long long)MAILBOX_SIZE);
	console_set_sink(log_line);
	plat_uart_irq_enable();
}
