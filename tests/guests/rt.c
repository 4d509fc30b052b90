/* SPDX-License-Identifier: ISC */
/*
 * rt.c - the runtime of hv's test guests: the PL011 console (a driver as a
 * real one would be: poll the flags, then write or read the data
 * register), numbers, SMCCC calls, the end of a guest.
 */
#include <stdint.h>

#include "rt.h"

#define UART_BASE	0x09000000ul
#define UART_DR		0x00
#define UART_FR		0x18
#define DR_BE		(1u << 10)
#define FR_RXFE		(1u << 4)
#define FR_TXFF		(1u << 5)

void rt_main(uint64_t ram_size, uint64_t arg) __attribute__((noreturn));
void rt_secondary_main(uint64_t index) __attribute__((noreturn));
void rt_exception(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
    __attribute__((noreturn));

/* x1 at entry, kept for rt_arg() (in the BSS: set after rt.S zeroed it). */
static uint64_t entry_arg;

/*
 * The stacks of secondary vCPUs 1..RT_VCPU_MAX - 1 (rt.S), in the BSS:
 * zeroed by vCPU 0 before it can start any.
 */
uint8_t rt_secondary_stacks[RT_VCPU_MAX - 1][1u << RT_SECONDARY_STACK_SHIFT]
    __attribute__((aligned(16)));

static volatile uint32_t *
uart(unsigned int off)
{
	return (volatile uint32_t *)(UART_BASE + off);
}

/**
 * rt_uart_read() - a PL011 register.
 * @off: its offset.
 *
 * Return: its value.
 */
uint32_t
rt_uart_read(unsigned int off)
{
	return *uart(off);
}

/**
 * rt_getc() - the next byte received, or a break, waiting for one.
 *
 * One 32-bit read of DR takes the entry and its error bits together.
 *
 * Return: 0..255 or RT_BREAK.
 */
int
rt_getc(void)
{
	uint32_t dr;

	while (*uart(UART_FR) & FR_RXFE) {
		__asm__ volatile("wfi" ::: "memory");
	}
	dr = *uart(UART_DR);
	return (dr & DR_BE) != 0 ? RT_BREAK : (int)(dr & 0xff);
}

/**
 * rt_putc() - send a byte.
 * @c: the byte.
 */
void
rt_putc(char c)
{
	while (*uart(UART_FR) & FR_TXFF) {
		continue;
	}
	*uart(UART_DR) = (uint8_t)c;
}

/**
 * rt_puts() - send a string.
 * @s: the string.
 */
void
rt_puts(const char *s)
{
	while (*s != '\0') {
		rt_putc(*s++);
	}
}

/**
 * rt_put_hex() - a number in hexadecimal.
 * @v: the number.
 */
void
rt_put_hex(uint64_t v)
{
	int shift = 60;

	rt_puts("0x");
	while (shift > 0 && (v >> shift) == 0) {
		shift -= 4;
	}
	for (; shift >= 0; shift -= 4) {
		rt_putc("0123456789abcdef"[(v >> shift) & 0xf]);
	}
}

/**
 * rt_put_dec() - a number in signed decimal.
 * @v: the number.
 */
void
rt_put_dec(int64_t v)
{
	char buf[20];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do {
		buf[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0) {
		rt_putc('-');
	}
	while (n > 0) {
		rt_putc(buf[--n]);
	}
}

/**
 * rt_hvc() - SMCCC call over HVC #0.
 * @fid: x0.
 * @a1:  x1.
 * @a2:  x2.
 * @a3:  x3.
 *
 * SMCCC v1.0 lets the callee change x4..x17.
 *
 * Return: x0.
 */
uint64_t
rt_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0"
	    : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
	    :
	    : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
	      "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/**
 * rt_smc() - SMCCC call over SMC #0.
 * @fid: x0.
 * @a1:  x1.
 * @a2:  x2.
 * @a3:  x3.
 *
 * Return: x0.
 */
uint64_t
rt_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
	    : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
	    :
	    : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
	      "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/**
 * rt_system_off() - PSCI SYSTEM_OFF; it does not return.
 */
void
rt_system_off(void)
{
	(void)rt_hvc(RT_PSCI_SYSTEM_OFF, 0, 0, 0);
	rt_puts("rt: SYSTEM_OFF returned\n");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/**
 * rt_arg() - the guest's argument.
 *
 * Return: x1 at entry.
 */
uint64_t
rt_arg(void)
{
	return entry_arg;
}

/**
 * rt_main() - run the guest, then switch it off (called by rt.S).
 * @ram_size: x0 at entry.
 * @arg:      x1 at entry.
 */
void
rt_main(uint64_t ram_size, uint64_t arg)
{
	entry_arg = arg;
	guest_main(ram_size);
	rt_system_off();
}

/**
 * rt_secondary_main() - run a secondary vCPU, then switch it off (rt.S).
 * @index: its index, 1..RT_VCPU_MAX - 1.
 */
void
rt_secondary_main(uint64_t index)
{
	if (guest_secondary != 0) {
		guest_secondary(index);
	}
	(void)rt_hvc(RT_PSCI_CPU_OFF, 0, 0, 0);
	rt_puts("rt: CPU_OFF returned\n");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/**
 * rt_exception() - an exception at EL1: report and switch off (rt.S).
 * @kind: the vector, 0..15.
 * @esr:  ESR_EL1.
 * @elr:  ELR_EL1.
 * @far:  FAR_EL1.
 */
void
rt_exception(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	rt_puts("rt: exception ");
	rt_put_dec((int64_t)kind);
	rt_puts(" ESR ");
	rt_put_hex(esr);
	rt_puts(" ELR ");
	rt_put_hex(elr);
	rt_puts(" FAR ");
	rt_put_hex(far);
	rt_putc('\n');
	rt_system_off();
}
