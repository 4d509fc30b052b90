/* SPDX-License-Identifier: ISC */
/*
 * pl011_emul.c - an emulated PL011: registers, chunks of output and a
 * receive FIFO with breaks.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "pl011_emul.h"

/* One chunk of output is one CONSOLE_OUT event. */
_Static_assert(PL011_EMUL_OUT_MAX == ABI_CONSOLE_MAX,
    "a chunk of output fills a CONSOLE_OUT event");

/* TRM 3.2: reset values of the registers that are not zero */
#define CR_RESET	0x0300u		/* TXE | RXE */
#define IFLS_RESET	0x0012u

/* Register widths: what the PL011 keeps of a write */
#define IBRD_MASK	0xffffu
#define FBRD_MASK	0x3fu
#define LCR_H_MASK	0xffu
#define CR_MASK		0xff87u
#define IFLS_MASK	0x3fu
#define IMSC_MASK	0x7ffu
#define DMACR_MASK	0x7u

/* TRM 3.3.1: an entry's error bits are DR[11:8], RSR[3:0] when read */
#define DR_ERROR_SHIFT	8

/* PeriphID0..3 and PCellID0..3 of a PL011 r1p5, as QEMU's and TRM 3.3.14 */
static const uint8_t primecell_id[8] = {
	0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

/**
 * pl011_emul_init() - a UART at reset.
 * @u:   the UART.
 * @out: where chunks of output go.
 * @arg: passed to @out.
 */
void
pl011_emul_init(struct pl011_emul *u, pl011_emul_out_fn out, void *arg)
{
	*u = (struct pl011_emul){
		.out = out,
		.arg = arg,
		.cr = CR_RESET,
		.ifls = IFLS_RESET,
	};
}

/**
 * pl011_emul_flush() - hand over the bytes gathered, if any.
 * @u: the UART.
 */
void
pl011_emul_flush(struct pl011_emul *u)
{
	if (u->out_len == 0) {
		return;
	}
	u->out(u->arg, u->out_buf, u->out_len);
	u->out_len = 0;
}

/*
 * One transmitted byte, kept as it is: whoever shows a guest's output
 * decides what of it is safe to show.
 */
static void
transmit(struct pl011_emul *u, uint8_t c)
{
	u->out_buf[u->out_len++] = c;
	if (c == '\n' || u->out_len == PL011_EMUL_OUT_MAX) {
		pl011_emul_flush(u);
	}
}

/**
 * pl011_emul_rx_room() - free space in the receive FIFO.
 * @u: the UART.
 *
 * Return: entries that fit.
 */
size_t
pl011_emul_rx_room(const struct pl011_emul *u)
{
	return PL011_EMUL_RX_MAX - u->rx_count;
}

/* One entry behind the others; the caller made sure there is room. */
static void
rx_push(struct pl011_emul *u, uint16_t entry)
{
	u->rx_buf[(u->rx_head + u->rx_count) % PL011_EMUL_RX_MAX] = entry;
	u->rx_count++;
}

/**
 * pl011_emul_input() - queue @len bytes, all or none.
 * @u:     the UART.
 * @bytes: the bytes.
 * @len:   how many.
 *
 * Return: 0 or -EAGAIN.
 */
int
pl011_emul_input(struct pl011_emul *u, const uint8_t *bytes, size_t len)
{
	size_t i;

	if (len > pl011_emul_rx_room(u)) {
		return -EAGAIN;
	}
	for (i = 0; i < len; i++) {
		rx_push(u, bytes[i]);
	}
	return 0;
}

/**
 * pl011_emul_break() - queue a break: a 0 with DR.BE, and BERIS.
 * @u: the UART.
 *
 * Return: 0 or -EAGAIN.
 */
int
pl011_emul_break(struct pl011_emul *u)
{
	if (pl011_emul_rx_room(u) == 0) {
		return -EAGAIN;
	}
	rx_push(u, PL011_DR_BE);
	u->ris_latched |= PL011_INT_BE;
	return 0;
}

/**
 * pl011_emul_rx_pending() - whether the receive FIFO holds an entry.
 * @u: the UART.
 *
 * Return: true if it does.
 */
bool
pl011_emul_rx_pending(const struct pl011_emul *u)
{
	return u->rx_count != 0;
}

/*
 * DR as a read finds it: the oldest entry, taken out, or 0.  Its errors
 * stay in RSR until ECR is written (TRM 3.3.2: RSR's break, framing and
 * parity bits are those of the characters read from DR).
 */
static uint32_t
receive(struct pl011_emul *u)
{
	uint16_t entry;

	if (u->rx_count == 0) {
		return 0;
	}
	entry = u->rx_buf[u->rx_head];
	u->rx_head = (u->rx_head + 1) % PL011_EMUL_RX_MAX;
	u->rx_count--;
	u->rsr |= (uint32_t)entry >> DR_ERROR_SHIFT;
	return entry;
}

static uint32_t
flags(const struct pl011_emul *u)
{
	uint32_t fr = PL011_FR_TXFE;

	if (u->rx_count == 0) {
		fr |= PL011_FR_RXFE;
	}
	if (u->rx_count == PL011_EMUL_RX_MAX) {
		fr |= PL011_FR_RXFF;
	}
	return fr;
}

/*
 * RIS.  The transmit FIFO is always empty, so TXRIS is always set.  RXRIS
 * and RTRIS are the FIFO level rather than latched events: a guest drains
 * the FIFO on either, and a real PL011 raises one of them again as long
 * as a byte waits, whatever it wrote to ICR.  BERIS is an event: latched
 * when a break arrives, cleared by ICR only.
 */
static uint32_t
raw_interrupts(const struct pl011_emul *u)
{
	uint32_t ris = PL011_INT_TX | u->ris_latched;

	if (u->rx_count != 0) {
		ris |= PL011_INT_RX | PL011_INT_RT;
	}
	return ris;
}

/**
 * pl011_emul_irq_level() - whether UARTINTR is asserted.
 * @u: the UART.
 *
 * Return: MIS != 0.
 */
bool
pl011_emul_irq_level(const struct pl011_emul *u)
{
	return (raw_interrupts(u) & u->imsc) != 0;
}

/* The 32-bit register at @reg (4-byte aligned), as the guest reads it. */
static uint32_t
reg_read(const struct pl011_emul *u, uint64_t reg)
{
	switch (reg) {
	case PL011_RSR:		return u->rsr;
	case PL011_FR:		return flags(u);
	case PL011_IBRD:	return u->ibrd;
	case PL011_FBRD:	return u->fbrd;
	case PL011_LCR_H:	return u->lcr_h;
	case PL011_CR:		return u->cr;
	case PL011_IFLS:	return u->ifls;
	case PL011_IMSC:	return u->imsc;
	case PL011_RIS:		return raw_interrupts(u);
	case PL011_MIS:		return raw_interrupts(u) & u->imsc;
	case PL011_DMACR:	return u->dmacr;
	default:
		break;
	}
	if (reg >= PL011_PERIPHID0 && reg < PL011_EMUL_SIZE) {
		return primecell_id[(reg - PL011_PERIPHID0) / 4];
	}
	/* DR's upper lanes alone (nothing is taken), ICR, reserved: zero. */
	return 0;
}

/* @old with the lanes of @val (at byte @lane of the register) merged in. */
static uint32_t
merge(uint32_t old, uint64_t val, unsigned int lane, unsigned int size,
    uint32_t mask)
{
	uint64_t lanes = size >= 4 ? 0xffffffffull :
	    (((uint64_t)1 << (8 * size)) - 1) << (8 * lane);

	return (uint32_t)((old & ~lanes) | ((val << (8 * lane)) & lanes)) &
	    mask;
}

static void
reg_write(struct pl011_emul *u, uint64_t reg, unsigned int lane,
    unsigned int size, uint64_t val)
{
	switch (reg) {
	case PL011_DR:
		if (lane == 0) {
			transmit(u, (uint8_t)val);
		}
		break;
	case PL011_IBRD:
		u->ibrd = merge(u->ibrd, val, lane, size, IBRD_MASK);
		break;
	case PL011_FBRD:
		u->fbrd = merge(u->fbrd, val, lane, size, FBRD_MASK);
		break;
	case PL011_LCR_H:
		u->lcr_h = merge(u->lcr_h, val, lane, size, LCR_H_MASK);
		break;
	case PL011_CR:
		u->cr = merge(u->cr, val, lane, size, CR_MASK);
		break;
	case PL011_IFLS:
		u->ifls = merge(u->ifls, val, lane, size, IFLS_MASK);
		break;
	case PL011_IMSC:
		u->imsc = merge(u->imsc, val, lane, size, IMSC_MASK);
		break;
	case PL011_DMACR:
		u->dmacr = merge(u->dmacr, val, lane, size, DMACR_MASK);
		break;
	case PL011_ECR:
		/* TRM 3.3.2: any value written clears every error. */
		u->rsr = 0;
		break;
	case PL011_ICR:
		/* The others follow the FIFOs' state (raw_interrupts()). */
		u->ris_latched &= ~merge(0, val, lane, size, IMSC_MASK);
		break;
	default:
		break;
	}
}

/**
 * pl011_emul_read() - a guest reads @size bytes at @off.
 * @u:    the UART.
 * @off:  offset.
 * @size: 1, 2, 4 or 8.
 *
 * Return: the value.
 */
uint64_t
pl011_emul_read(struct pl011_emul *u, uint64_t off, unsigned int size)
{
	uint64_t reg = off & ~(uint64_t)3;
	unsigned int lane = (unsigned int)(off & 3);
	uint64_t v;

	v = reg == PL011_DR && lane == 0 ? receive(u) : reg_read(u, reg);
	v >>= 8 * lane;
	return size >= 4 ? v : v & (((uint64_t)1 << (8 * size)) - 1);
}

/**
 * pl011_emul_write() - a guest writes @size bytes of @val at @off.
 * @u:    the UART.
 * @off:  offset.
 * @size: 1, 2, 4 or 8.
 * @val:  the value.
 */
void
pl011_emul_write(struct pl011_emul *u, uint64_t off, unsigned int size,
    uint64_t val)
{
	reg_write(u, off & ~(uint64_t)3, (unsigned int)(off & 3), size, val);
}
