/* SPDX-License-Identifier: ISC */
/*
 * plat.h - the board hvfw runs on: QEMU's "virt" machine
 * (hw/arm/virt.c) with virtualization=on and gic-version=3.
 *
 * Fixed addresses of the board, its console (a PL011), what its device
 * tree says about RAM and the command line, and how to power it off.
 */
#ifndef HVFW_PLAT_H
#define HVFW_PLAT_H

#include <stdint.h>

/** PLAT_RAM_BASE - where RAM starts (its size comes from the DTB). */
#define PLAT_RAM_BASE		0x40000000ull
/**
 * PLAT_DTB_BASE - where QEMU puts the device tree for an ELF image: the
 * start of RAM, below the image (hvfw.ld links hvfw above it).
 */
#define PLAT_DTB_BASE		PLAT_RAM_BASE
/** PLAT_DTB_SIZE_MAX - room left for it below the image. */
#define PLAT_DTB_SIZE_MAX	0x200000ull
/**
 * PLAT_DEVICE_BASE, PLAT_DEVICE_SIZE - the window of board devices hvfw
 * maps at EL2: GICv3 distributor (0x08000000), ITS, redistributors (from
 * 0x080a0000), PL011 (0x09000000), RTC, fw_cfg, GPIO.  2 MiB aligned.
 */
#define PLAT_DEVICE_BASE	0x08000000ull
#define PLAT_DEVICE_SIZE	0x02000000ull
/** PLAT_UART_BASE - the PL011 the firmware's console is on. */
#define PLAT_UART_BASE		0x09000000ull
/** PLAT_CPU_MAX - CPUs hvfw has stacks for (MPIDR_EL1.Aff0 < this). */
#define PLAT_CPU_MAX		8

/**
 * plat_uart_init() - set the console PL011 to 115200 8N1 with FIFOs,
 * interrupts masked.
 *
 * Works with the MMU off or on (the device window is mapped
 * Device-nGnRE).
 */
void plat_uart_init(void);

/**
 * plat_uart_putc() - send one byte, waiting while the transmit FIFO is full.
 * @c: the byte.
 */
void plat_uart_putc(char c);

/**
 * plat_uart_getc() - take one received byte if there is one; never waits.
 *
 * Return: the byte (0..255), or -1 if the receive FIFO is empty.
 */
int plat_uart_getc(void);

/**
 * struct plat_board - what the board's device tree says.
 * @ram_base: first byte of the first /memory range.
 * @ram_size: its size in bytes.
 * @bootargs: /chosen/bootargs (QEMU's -append), "" if none; points into
 *            the DTB, which stays where QEMU put it.
 * @dtb_size: the DTB's size (its header's totalsize), at most
 *            PLAT_DTB_SIZE_MAX: the firmware keeps it.
 */
struct plat_board {
	uint64_t ram_base;
	uint64_t ram_size;
	const char *bootargs;
	uint64_t dtb_size;
};

/**
 * plat_board_probe() - read the RAM range, the command line and the DTB's
 * size from the DTB at PLAT_DTB_BASE.
 * @b: filled in.
 *
 * Return: 0; -EINVAL if there is no valid DTB there (one larger than
 * PLAT_DTB_SIZE_MAX is not valid), or it has no usable
 * /memory node (a range not starting at PLAT_RAM_BASE is refused too: the
 * firmware is linked there).
 */
int plat_board_probe(struct plat_board *b);

/**
 * plat_power_off() - switch the board off (PSCI SYSTEM_OFF).
 *
 * QEMU exits.  If the call returns, the CPU halts instead.
 */
void plat_power_off(void) __attribute__((noreturn));

#endif /* HVFW_PLAT_H */
