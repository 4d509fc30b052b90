/* SPDX-License-Identifier: ISC */
/*
 * rt.h - the runtime of hv's EL1 test guests: entry, console, numbers,
 * SMCCC calls.
 *
 * A test guest is a raw image linked at IPA 0x40000000 (guest.ld) that
 * hvfw enters at EL1h with its MMU and caches off, x0 = the size of its
 * RAM, which starts at the image, and x1 = its argument (the ":ARG" of its
 * hvfw.guest= word, 0 without one).  rt.S sets up a stack, vectors and the
 * BSS and calls guest_main(); when that returns, the guest is switched off
 * with PSCI SYSTEM_OFF.  An exception taken at EL1 is reported on the
 * console, then the guest is switched off too.
 *
 * The guest's MMU is off, so all its data accesses are Device memory:
 * they must be aligned (built with -mstrict-align) and there are no
 * exclusives or DC ZVA.
 *
 * Secondary vCPUs: a guest started with PSCI CPU_ON at rt_secondary_entry,
 * context id = the vCPU's index (1..RT_VCPU_MAX - 1), gets a stack of its
 * own and the vectors and runs guest_secondary(index), if the guest
 * defines one; when that returns, the vCPU is switched off with PSCI
 * CPU_OFF.
 *
 * The constants are shared with rt.S.
 */
#ifndef HV_GUEST_RT_H
#define HV_GUEST_RT_H

/** RT_RAM_BASE - the IPA of the guest's RAM and image. */
#define RT_RAM_BASE		0x40000000ull
/** RT_VCPU_MAX - vCPUs a guest can run (hvfw's vcpu_max). */
#define RT_VCPU_MAX		8
/** RT_SECONDARY_STACK_SHIFT - log2 of a secondary vCPU's stack size. */
#define RT_SECONDARY_STACK_SHIFT 12

#ifndef __ASSEMBLER__
#include <stdint.h>

/* PSCI function ids (Arm DEN0022) */
#define RT_PSCI_VERSION		0x84000000u
#define RT_PSCI_CPU_SUSPEND_64	0xc4000001u
#define RT_PSCI_CPU_OFF		0x84000002u
#define RT_PSCI_CPU_ON_64	0xc4000003u
#define RT_PSCI_AFFINITY_INFO_64 0xc4000004u
#define RT_PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define RT_PSCI_SYSTEM_OFF	0x84000008u
#define RT_PSCI_SYSTEM_RESET	0x84000009u
#define RT_PSCI_FEATURES	0x8400000au

/* From guest.ld: the end of the image, its BSS and its stack. */
extern char __image_end[];

/**
 * guest_main() - what the guest does; each guest defines it.
 * @ram_size: bytes of RAM from RT_RAM_BASE (hvfw's x0 at entry).
 */
void guest_main(uint64_t ram_size);

/**
 * rt_arg() - the guest's argument: x1 at entry.
 *
 * Return: the argument.
 */
uint64_t rt_arg(void);

/**
 * rt_uart_read() - read a 32-bit register of the PL011.
 * @off: its offset.
 *
 * Return: its value.
 */
uint32_t rt_uart_read(unsigned int off);

/** RT_BREAK - what rt_getc() returns for a break on the console. */
#define RT_BREAK		(-1)

/**
 * rt_getc() - the next thing received on the PL011, waiting (WFI) while
 * its receive FIFO is empty.
 *
 * A break condition on the line comes as an entry of its own, data 0 with
 * DR's break error bit (BE) set; for hv's test guests it is the request
 * to power off, as SysRq-o is a Linux guest's.
 *
 * Return: the byte, 0..255, or RT_BREAK.
 */
int rt_getc(void);

/**
 * rt_putc() - send a byte on the PL011, waiting while its FIFO is full.
 * @c: the byte.
 */
void rt_putc(char c);

/**
 * rt_puts() - send a string.
 * @s: the string.
 */
void rt_puts(const char *s);

/**
 * rt_put_hex() - "0x" and @v in hexadecimal, no leading zeros.
 * @v: the number.
 */
void rt_put_hex(uint64_t v);

/**
 * rt_put_dec() - @v in signed decimal.
 * @v: the number.
 */
void rt_put_dec(int64_t v);

/**
 * rt_hvc() - an SMCCC call with HVC #0.
 * @fid: function id (x0).
 * @a1:  x1.
 * @a2:  x2.
 * @a3:  x3.
 *
 * Return: x0 after the call.
 */
uint64_t rt_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/**
 * rt_smc() - the same with SMC #0.
 * @fid: function id (x0).
 * @a1:  x1.
 * @a2:  x2.
 * @a3:  x3.
 *
 * Return: x0 after the call.
 */
uint64_t rt_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/**
 * rt_system_off() - PSCI SYSTEM_OFF over HVC.  If it returns, say so and
 * wait for interrupts forever.
 */
void rt_system_off(void) __attribute__((noreturn));

/**
 * rt_secondary_entry() - where secondary vCPUs start (rt.S): the entry
 * address to give PSCI CPU_ON, with the vCPU's index as context id.
 */
void rt_secondary_entry(void);

/**
 * guest_secondary() - what a secondary vCPU does; defined by the guests
 * that start any (a weak reference: the others need not).
 * @index: the vCPU's index, 1..RT_VCPU_MAX - 1.
 */
void guest_secondary(uint64_t index) __attribute__((weak));

#endif /* !__ASSEMBLER__ */
#endif /* HV_GUEST_RT_H */
