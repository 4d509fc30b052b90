/* SPDX-License-Identifier: ISC */
/*
 * uart.c - the PL011 console (Arm PrimeCell UART, DDI 0183).
 */
#include <stdint.h>

#include "plat.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_IBRD	0x24
#define UART_FBRD	0x28
#define UART_LCR_H	0x2c
#define UART_CR		0x30
#define UART_IMSC	0x38
#define UART_ICR	0x44

#define FR_BUSY		(1u << 3)
#define FR_RXFE		(1u << 4)
#define FR_TXFF		(1u << 5)
#define LCR_H_FEN	(1u << 4)
#define LCR_H_WLEN8	(3u << 5)
#define CR_UARTEN	(1u << 0)
#define CR_TXE		(1u << 8)
#define CR_RXE		(1u << 9)
#define IMSC_RXIM	(1u << 4)
#define IMSC_RTIM	(1u << 6)

/* UARTCLK on virt is 24 MHz: 24e6 / (16 * 115200) = 13 + 1/64 */
#define UART_IBRD_115200	13
#define UART_FBRD_115200	1

static volatile uint32_t *
reg(unsigned int off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_UART_BASE + off);
}

/**
 * plat_uart_init() - 115200 8N1, FIFOs on, interrupts masked and cleared.
 *
 * The UART is disabled and drained before its line settings change, as
 * the PL011 manual asks.
 */
void
plat_uart_init(void)
{
	*reg(UART_CR) = 0;
	while (*reg(UART_FR) & FR_BUSY) {
		continue;
	}
	*reg(UART_IMSC) = 0;
	*reg(UART_ICR) = 0x7ff;
	*reg(UART_IBRD) = UART_IBRD_115200;
	*reg(UART_FBRD) = UART_FBRD_115200;
	*reg(UART_LCR_H) = LCR_H_WLEN8 | LCR_H_FEN;
	*reg(UART_CR) = CR_UARTEN | CR_TXE | CR_RXE;
}

/**
 * plat_uart_irq_enable() - unmask the receive and receive-timeout
 * interrupts.
 */
void
plat_uart_irq_enable(void)
{
	*reg(UART_IMSC) |= IMSC_RXIM | IMSC_RTIM;
}

/**
 * plat_uart_putc() - send one byte.
 * @c: the byte.
 */
void
plat_uart_putc(char c)
{
	while (*reg(UART_FR) & FR_TXFF) {
		continue;
	}
	*reg(UART_DR) = (uint8_t)c;
}

/**
 * plat_uart_getc() - one received byte, or -1.
 *
 * Return: 0..255 or -1.
 */
int
plat_uart_getc(void)
{
	if (*reg(UART_FR) & FR_RXFE) {
		return -1;
	}
	/* Bits 11:8 are the byte's error flags; the byte is what counts. */
	return (int)(*reg(UART_DR) & 0xff);
}
