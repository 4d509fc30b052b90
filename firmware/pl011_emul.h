/* SPDX-License-Identifier: ISC */
/*
 * pl011_emul.h - the PL011 UART each guest sees at IPA 0x09000000, where
 * QEMU virt has its own (Arm PrimeCell UART PL011 TRM, DDI 0183).
 *
 * The page is left unmapped in stage 2, so every access traps and comes
 * here decoded: an offset, a size and a direction.
 *
 * Transmit.  Bytes the guest writes to DR are handed to an output function
 * in chunks, exactly as written (no byte is replaced or dropped, '\r'
 * included): a chunk ends after a '\n', when PL011_EMUL_OUT_MAX bytes are
 * gathered, or at pl011_emul_flush(), which the firmware calls when the
 * vCPU stops running, so a prompt without a newline still goes out.  The
 * transmit FIFO is therefore always empty: a guest that polls the flags
 * before each byte never waits, and TXRIS is always set.
 *
 * Receive.  pl011_emul_input() puts bytes into a receive FIFO of
 * PL011_EMUL_RX_MAX entries, all of them or none; DR reads take them out
 * in order, each with its error bits (DR[11:8]) as the TRM's 12-bit FIFO
 * keeps them.  While entries wait, FR.RXFE is clear and the receive and
 * receive-timeout interrupts (RXRIS, RTRIS) are raised; they follow the
 * FIFO level, so writing ICR does not clear them while data waits, as a
 * real PL011 re-asserts them.  pl011_emul_irq_level() is the UART's
 * interrupt line (UARTINTR), for a virtual interrupt controller.
 *
 * Break.  pl011_emul_break() is a break condition on the receive line
 * (TRM 3.3.1, 3.3.2): one entry joins the FIFO and reads from DR as data 0
 * with DR.BE set; reading it sets RSR.BE, which stays set until the guest
 * writes ECR; the break interrupt (RIS.BERIS) is raised when the break
 * arrives and stays raised until ICR clears it, FIFO or not.  A break is
 * how a serial console asks a system for attention (Linux: SysRq).
 *
 * Simplifications, all visible to a guest: input is delivered whatever CR
 * says (UARTEN and RXE are not honoured), the FIFO is used whether
 * LCR_H.FEN is set or not, the loopback bit does not loop, and baud rate
 * and framing registers only keep what is written.  A break is the only
 * receive error: input that does not fit is refused rather than overrun,
 * and there is no framing or parity to get wrong.  Control registers
 * read back what is written; the PrimeCell identification registers read
 * as a real PL011's, which is what an AMBA bus probe checks.  Other
 * offsets read as zero and ignore writes.
 *
 * Portable C with no firmware dependencies (tested on the host by
 * tests/check_pl011_emul.c).
 */
#ifndef HVFW_PL011_EMUL_H
#define HVFW_PL011_EMUL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** PL011_EMUL_BASE - the device's IPA on QEMU virt. */
#define PL011_EMUL_BASE		0x09000000ull
/** PL011_EMUL_SIZE - the page it decodes. */
#define PL011_EMUL_SIZE		0x1000ull
/**
 * PL011_EMUL_OUT_MAX - most bytes in one chunk of output: one CONSOLE_OUT
 * event (ABI_CONSOLE_MAX of hv/abi.h).
 */
#define PL011_EMUL_OUT_MAX	256
/** PL011_EMUL_RX_MAX - entries (bytes or breaks) the receive FIFO holds. */
#define PL011_EMUL_RX_MAX	1024

/* Register offsets (TRM table 3-1) */
#define PL011_DR		0x000
#define PL011_RSR		0x004
#define PL011_ECR		0x004	/* RSR, as written */
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

/* Receive errors: DR bits 11:8 of an entry, RSR/ECR bits 3:0 */
#define PL011_DR_BE		(1u << 10)
#define PL011_RSR_BE		(1u << 2)

/* Flag register bits */
#define PL011_FR_BUSY		(1u << 3)
#define PL011_FR_RXFE		(1u << 4)
#define PL011_FR_TXFF		(1u << 5)
#define PL011_FR_RXFF		(1u << 6)
#define PL011_FR_TXFE		(1u << 7)

/* Interrupt bits of IMSC, RIS, MIS and ICR */
#define PL011_INT_RX		(1u << 4)
#define PL011_INT_TX		(1u << 5)
#define PL011_INT_RT		(1u << 6)
#define PL011_INT_BE		(1u << 9)

/**
 * typedef pl011_emul_out_fn - receives one chunk of a guest's output.
 * @arg:   the argument given to pl011_emul_init().
 * @bytes: the bytes as the guest wrote them, any value (not terminated).
 * @len:   1..PL011_EMUL_OUT_MAX.
 */
typedef void (*pl011_emul_out_fn)(void *arg, const uint8_t *bytes,
    size_t len);

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
	size_t out_len;
	uint8_t out_buf[PL011_EMUL_OUT_MAX];
	uint32_t rsr;			/* errors read since ECR written */
	uint32_t ris_latched;		/* RIS bits only ICR clears */
	size_t rx_head;			/* index of the oldest entry */
	size_t rx_count;
	uint16_t rx_buf[PL011_EMUL_RX_MAX];	/* as DR reads them */
};

/**
 * pl011_emul_init() - a UART in its reset state (TRM: CR = 0x300, IFLS =
 * 0x12, everything else 0), with no output gathered and nothing received.
 * @u:   the UART.
 * @out: where chunks of output go.
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
 * A read whose lanes include DR's low byte takes the oldest entry out of
 * the receive FIFO (DR reads as its byte and error bits, or as 0 if the
 * FIFO is empty) and adds its errors to RSR; a read of DR's other lanes
 * alone takes nothing and reads as 0.
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
 * A write whose lanes include DR's low byte adds that byte to the current
 * chunk of output; a '\n' or a full chunk (PL011_EMUL_OUT_MAX bytes)
 * hands the chunk to the output function before this returns.  Any write
 * to ECR clears RSR; ICR clears the latched interrupts whose bits it
 * writes.
 */
void pl011_emul_write(struct pl011_emul *u, uint64_t off, unsigned int size,
    uint64_t val);

/**
 * pl011_emul_flush() - hand over the bytes gathered since the last chunk,
 * if any (the vCPU stops running, or the guest is gone).
 * @u: the UART.
 */
void pl011_emul_flush(struct pl011_emul *u);

/**
 * pl011_emul_rx_room() - how many entries the receive FIFO takes now: the
 * bytes pl011_emul_input() takes, a break taking one.
 * @u: the UART.
 *
 * Return: 0..PL011_EMUL_RX_MAX.
 */
size_t pl011_emul_rx_room(const struct pl011_emul *u);

/**
 * pl011_emul_input() - bytes arrive on the UART's receive line.
 * @u:     the UART.
 * @bytes: the bytes, any value.
 * @len:   how many (0 is allowed and takes nothing).
 *
 * All of @bytes are queued behind what waits already, or none of them.
 * They are queued whatever CR says: an input is never lost because the
 * guest has not enabled its UART yet.
 *
 * Return: 0; -EAGAIN (hv/errno.h) if fewer than @len bytes fit, in which
 * case nothing was taken.
 */
int pl011_emul_input(struct pl011_emul *u, const uint8_t *bytes, size_t len);

/**
 * pl011_emul_break() - a break condition arrives on the receive line.
 * @u: the UART.
 *
 * One entry is queued behind what waits already: it reads from DR as data
 * 0 with DR.BE set (the TRM loads one 0 character per break), and RSR.BE
 * is set when the guest reads it.  RIS.BERIS is raised now.  Like input,
 * a break is queued whatever CR says.
 *
 * Return: 0; -EAGAIN (hv/errno.h) if the FIFO is full, in which case
 * nothing changed.
 */
int pl011_emul_break(struct pl011_emul *u);

/**
 * pl011_emul_rx_pending() - whether received entries wait to be read.
 * @u: the UART.
 *
 * Return: true if the receive FIFO is not empty.
 */
bool pl011_emul_rx_pending(const struct pl011_emul *u);

/**
 * pl011_emul_irq_level() - the UART's combined interrupt line.
 * @u: the UART.
 *
 * Return: true while any interrupt is raised and unmasked (MIS != 0).
 */
bool pl011_emul_irq_level(const struct pl011_emul *u);

#endif /* HVFW_PL011_EMUL_H */
