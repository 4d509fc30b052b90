/* SPDX-License-Identifier: ISC */
/*
 * pl011_emul.c - an emulated PL011: registers, and lines of output.
 */
#include <stddef.h>
#include <stdint.h>

#include "pl011_emul.h"

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

/* PeriphID0..3 and PCellID0..3 of a PL011 r1p5, as QEMU's and TRM 3.3.14 */
static const uint8_t primecell_id[8] = {
	0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

/**
 * pl011_emul_init() - a UART at reset.
 * @u:   the UART.
 * @out: where lines go.
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
 * pl011_emul_flush() - hand over the partial line, if any.
 * @u: the UART.
 */
void
pl011_emul_flush(struct pl011_emul *u)
{
	if (u->len == 0) {
		return;
	}
	u->line[u->len] = '\0';
	u->out(u->arg, u->line, u->len);
	u->len = 0;
}

/*
 * One transmitted byte.  Only printable ASCII reaches the firmware's
 * console: a guest must not be able to send escape sequences to whoever
 * reads it.
 */
static void
transmit(struct pl011_emul *u, uint8_t c)
{
	if (c == '\r') {
		return;
	}
	if (c == '\n') {
		u->line[u->len] = '\0';
		u->out(u->arg, u->line, u->len);
		u->len = 0;
		return;
	}
	u->line[u->len++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	if (u->len == PL011_EMUL_LINE_MAX) {
		pl011_emul_flush(u);
	}
}

/* The 32-bit register at @reg (4-byte aligned), as the guest reads it. */
static uint32_t
reg_read(const struct pl011_emul *u, uint64_t reg)
{
	switch (reg) {
	case PL011_FR:		return PL011_FR_TXFE | PL011_FR_RXFE;
	case PL011_IBRD:	return u->ibrd;
	case PL011_FBRD:	return u->fbrd;
	case PL011_LCR_H:	return u->lcr_h;
	case PL011_CR:		return u->cr;
	case PL011_IFLS:	return u->ifls;
	case PL011_IMSC:	return u->imsc;
	case PL011_DMACR:	return u->dmacr;
	default:
		break;
	}
	if (reg >= PL011_PERIPHID0 && reg < PL011_EMUL_SIZE) {
		return primecell_id[(reg - PL011_PERIPHID0) / 4];
	}
	/* DR (nothing received), RSR, RIS, MIS, ICR, reserved: zero. */
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
	default:
		/* RSR/ECR and ICR clear state this UART never has. */
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
	uint64_t v = reg_read(u, off & ~(uint64_t)3) >> (8 * (off & 3));

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
