/* SPDX-License-Identifier: ISC */
/*
 * pl011_emul.h - the PL011 UART each guest sees at IPA 0x09000000, where
 * QEMU virt has its own (Arm PrimeCell UART PL011 TRM, DDI 0183).
 *
 * The page is left unmapped in stage 2, so every access traps and comes
 * here decoded: an offset, a size and a direction.  Transmitted bytes are
 * gathered into lines and handed to an output function a line at a time;
 * nothing is ever received yet (the data register reads 0, the receive
 * FIFO is always empty).  The transmit FIFO is always empty too, so a
 * guest that polls the flags before each byte never waits.  Control
 * registers keep what is written and read it back; the PrimeCell
 * identification registers read as a real PL011's, which is what an AMBA
 * bus probe checks.  Other offsets read as zero and ignore writes.
 *
 * Portable C with no firmware dependencies (tested on the host by
 * tests/check_pl011_emul.c).
 */
#ifndef HVFW_PL011_EMUL_H
#define HVFW_PL011_EMUL_H

#include <stddef.h>
#include <stdint.h>

/** PL011_EMUL_BASE - the device's IPA on QEMU virt. */
#define PL011_EMUL_BASE		0x09000000ull
/** PL011_EMUL_SIZE - the page it decodes. */
#define PL011_EMUL_SIZE		0x1000ull
/** PL011_EMUL_LINE_MAX - characters gathered before a line is cut. */
#define PL011_EMUL_LINE_MAX	120

/* Register offsets (TRM table 3-1) */
#define PL011_DR		0x000
#define PL011_RSR		0x004
#define PL011_FR		0x018
#define PL011_ILPR		0x020
#define PL011_IBRD		0x024
#define PL011_FBRD		0x028
#define PL011_LCR_H		0x02c
#define PL011_CR		0x030
#define PL011_IFLS		0x034
#define PL011_IMSC		0x038
#define PL011_RIS		0x03c
#define PL011_MIS		0x040
#define PL011_ICR		0x044
#define PL011_DMACR		0x048
#define PL011_PERIPHID0		0xfe0

/* Flag register bits */
#define PL011_FR_BUSY		(1u << 3)
#define PL011_FR_RXFE		(1u << 4)
#define PL011_FR_TXFF		(1u << 5)
#define PL011_FR_TXFE		(1u << 7)

/**
 * typedef pl011_emul_out_fn - receives one line of a guest's output.
 * @arg:  the argument given to pl011_emul_init().
 * @line: the text, without its newline; printable ASCII only (any other
 *        byte has been replaced by '?'), NUL-terminated.
 * @len:  its length.
 */
typedef void (*pl011_emul_out_fn)(void *arg, const char *line, size_t len);

/**
 * struct pl011_emul - one emulated UART (fields private to pl011_emul.c).
 */
struct pl011_emul {
	pl011_emul_out_fn out;
	void *arg;
	uint32_t ibrd;
	uint32_t fbrd;
	uint32_t lcr_h;
	uint32_t cr;
	uint32_t ifls;
	uint32_t imsc;
	uint32_t dmacr;
	size_t len;
	char line[PL011_EMUL_LINE_MAX + 1];
};

/**
 * pl011_emul_init() - a UART in its reset state (TRM: CR = 0x300, IFLS =
 * 0x12, everything else 0), with no output gathered.
 * @u:   the UART.
 * @out: where lines go.
 * @arg: passed to @out.
 */
void pl011_emul_init(struct pl011_emul *u, pl011_emul_out_fn out, void *arg);

/**
 * pl011_emul_read() - a guest reads.
 * @u:    the UART.
 * @off:  offset in the page (any, up to PL011_EMUL_SIZE - @size).
 * @size: 1, 2, 4 or 8 bytes; a narrow read takes its bytes from the
 *        32-bit register it falls in, a wide one is the register
 *        zero-extended.
 *
 * Return: the value read.
 */
uint64_t pl011_emul_read(struct pl011_emul *u, uint64_t off,
    unsigned int size);

/**
 * pl011_emul_write() - a guest writes.
 * @u:    the UART.
 * @off:  offset in the page.
 * @size: 1, 2, 4 or 8 bytes; a narrow write changes its byte lanes of the
 *        32-bit register it falls in, an 8-byte one writes the register of
 *        its low half (the high half is dropped, as a 32-bit bus would).
 * @val:  the value.
 *
 * A write whose lanes include DR's low byte sends that byte to the current
 * line; '\n' or a full line hands the line to the output function ('\r'
 * is dropped).
 */
void pl011_emul_write(struct pl011_emul *u, uint64_t off, unsigned int size,
    uint64_t val);

/**
 * pl011_emul_flush() - hand over a partial line (the guest is gone).
 * @u: the UART.
 */
void pl011_emul_flush(struct pl011_emul *u);

#endif /* HVFW_PL011_EMUL_H */
