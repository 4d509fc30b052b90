/* SPDX-License-Identifier: ISC */
/*
 * plat.h - the board hvfw runs on: QEMU's "virt" machine
 * (hw/arm/virt.c) with virtualization=on and gic-version=3.
 *
 * Fixed addresses of the board, its console (a PL011), its interrupt
 * controller (a GICv3) and the interrupts the firmware uses, what its
 * device tree says about RAM, the command line and the CPUs, how to start
 * a CPU and how to power the board off.
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
/** PLAT_GICD_BASE - the GICv3 distributor. */
#define PLAT_GICD_BASE		0x08000000ull
/**
 * PLAT_GICR_BASE, PLAT_GICR_SIZE - the redistributors: one 128 KiB frame
 * pair (RD_base, then SGI_base) per CPU, in no promised order.
 */
#define PLAT_GICR_BASE		0x080a0000ull
#define PLAT_GICR_SIZE		0x00f60000ull
/** PLAT_CPU_MAX - CPUs hvfw has stacks for (MPIDR_EL1.Aff0 < this). */
#define PLAT_CPU_MAX		8

/*
 * The interrupts the firmware uses (GICv3 INTIDs), all Group 1.
 */
/** PLAT_IRQ_KICK - the SGI one CPU sends another to make it look at its work. */
#define PLAT_IRQ_KICK		0
/** PLAT_IRQ_TIMER_EL2 - the EL2 physical timer's PPI (CNTHP). */
#define PLAT_IRQ_TIMER_EL2	26
/** PLAT_IRQ_UART - the console PL011's SPI (virt's UART0: SPI 1). */
#define PLAT_IRQ_UART		33

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
 * plat_uart_irq_enable() - unmask the PL011's receive and receive-timeout
 * interrupts (UARTIMSC.RXIM, .RTIM): from now on a received byte asserts
 * PLAT_IRQ_UART until the receive FIFO is read empty.
 *
 * Leave them masked while nobody reads the UART: with the SPI enabled, a
 * byte nobody takes would interrupt CPU 0 (end its guest's slice) over and
 * over.
 */
void plat_uart_irq_enable(void);

/**
 * plat_irq_init() - set the GICv3 distributor up, on the boot CPU, once.
 *
 * Every SPI disabled and Group 1, affinity routing on (GICD_CTLR.ARE_NS),
 * then PLAT_IRQ_UART: level-sensitive, Group 1, its priority, routed to
 * the calling CPU (GICD_IROUTER) and enabled; then Group 1 on
 * (GICD_CTLR.EnableGrp1NS).  The PL011 itself still masks its interrupts
 * (plat_uart_irq_enable()).
 *
 * Return: 0; -ENOENT if the distributor has no PLAT_IRQ_UART;
 * -ETIMEDOUT if a register write never completed (GICD_CTLR.RWP).
 */
int plat_irq_init(void);

/**
 * plat_irq_cpu_init() - set the calling CPU's redistributor and CPU
 * interface up; on every CPU, after plat_irq_init().
 * @cpu: the calling CPU's index (smp.h), < PLAT_CPU_MAX.
 *
 * Finds the redistributor whose GICR_TYPER affinity is the CPU's MPIDR
 * (frames from PLAT_GICR_BASE, up to the one marked Last), wakes it
 * (GICR_WAKER), makes every SGI and PPI Group 1 and disabled but
 * PLAT_IRQ_KICK and PLAT_IRQ_TIMER_EL2, which get their priority and are
 * enabled; then arch_gic_cpu_init().  An SGI already pending stays so.
 *
 * Return: 0; -EINVAL for a bad @cpu; -ENOENT if no redistributor has the
 * CPU's affinity; -ETIMEDOUT if it did not wake or a write did not
 * complete.
 */
int plat_irq_cpu_init(unsigned int cpu);

/**
 * plat_cpu_start() - start a CPU (PSCI CPU_ON, 64-bit, over SMC).
 * @mpidr:    the CPU's MPIDR affinity fields.
 * @entry_pa: where it starts, at EL2 with its MMU off.
 * @context:  its x0 there.
 *
 * Return: 0 if it is starting; else the PSCI error as -errno: -EINVAL no
 * such CPU (INVALID_PARAMETERS), -EBUSY already on or starting
 * (ALREADY_ON, ON_PENDING), -EFAULT a bad @entry_pa (INVALID_ADDRESS),
 * -EOPNOTSUPP no CPU_ON, -EPERM denied, -ENOENT not present or disabled,
 * -EIO anything else.
 */
int plat_cpu_start(uint64_t mpidr, uint64_t entry_pa, uint64_t context);

/**
 * struct plat_board - what the board's device tree says.
 * @ram_base: first byte of the first /memory range.
 * @ram_size: its size in bytes.
 * @bootargs: /chosen/bootargs (QEMU's -append), "" if none; points into
 *            the DTB, which stays where QEMU put it.
 * @dtb_size: the DTB's size (its header's totalsize), at most
 *            PLAT_DTB_SIZE_MAX: the firmware keeps it.
 * @cpu_count: CPUs in @cpu_mpidr, 1..PLAT_CPU_MAX.
 * @cpu_mpidr: their MPIDR affinity fields, from the "reg" of each
 *            /cpus/cpu@* node in DTB order, except that the calling CPU
 *            (the boot CPU) is always first.  Only CPUs hvfw has a stack
 *            for are listed: Aff0 < PLAT_CPU_MAX, Aff1..Aff3 zero, each
 *            once.
 * @cpu_unusable: CPUs of the DTB left out of @cpu_mpidr for that.
 */
struct plat_board {
	uint64_t ram_base;
	uint64_t ram_size;
	const char *bootargs;
	uint64_t dtb_size;
	unsigned int cpu_count;
	uint64_t cpu_mpidr[PLAT_CPU_MAX];
	unsigned int cpu_unusable;
};

/**
 * plat_board_probe() - read the RAM range, the command line, the CPUs and
 * the DTB's size from the DTB at PLAT_DTB_BASE.
 * @b: filled in.
 *
 * Return: 0; -EINVAL if there is no valid DTB there (one larger than
 * PLAT_DTB_SIZE_MAX is not valid), or it has no usable
 * /memory node (a range not starting at PLAT_RAM_BASE is refused too: the
 * firmware is linked there), or its /cpus do not list the calling CPU.
 */
int plat_board_probe(struct plat_board *b);

/**
 * plat_power_off() - switch the board off (PSCI SYSTEM_OFF).
 *
 * QEMU exits.  If the call returns, the CPU halts instead.
 */
void plat_power_off(void) __attribute__((noreturn));

#endif /* HVFW_PLAT_H */
