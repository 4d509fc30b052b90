/* SPDX-License-Identifier: ISC */
/*
 * irq.c - the board's GICv3: the distributor, for the UART's SPI, and each
 * CPU's redistributor, for the kick SGI and the EL2 timer's PPI (Arm IHI
 * 0069, chapters 12 "Programmers' model" and 9 "Power management").
 *
 * QEMU's virt without secure=on has a GIC with one security state, so the
 * firmware's Group 1 is the only group it needs; affinity routing is on,
 * as GICv3 system register access requires.  Every interrupt the firmware
 * does not use stays disabled.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/errno.h>

#include "arch.h"
#include "plat.h"

/* Distributor registers */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR(n)		(0x0080 + 4 * ((n) / 32))
#define GICD_ISENABLER(n)	(0x0100 + 4 * ((n) / 32))
#define GICD_ICENABLER(n)	(0x0180 + 4 * ((n) / 32))
#define GICD_IPRIORITYR(n)	(0x0400 + (n))
#define GICD_ICFGR(n)		(0x0c00 + 4 * ((n) / 16))
#define GICD_IROUTER(n)		(0x6000 + 8 * (n))
#define GICD_CTLR_ENABLE_GRP1NS	(1u << 1)
#define GICD_CTLR_ARE_NS	(1u << 4)
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_TYPER_LINES(t)	(32 * (((t) & 0x1f) + 1))

/* Redistributor: RD_base frame, then the SGI_base frame */
#define GICR_FRAME_SIZE		0x20000
#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI		0x10000
#define GICR_IGROUPR0		(GICR_SGI + 0x0080)
#define GICR_ISENABLER0		(GICR_SGI + 0x0100)
#define GICR_ICENABLER0		(GICR_SGI + 0x0180)
#define GICR_IPRIORITYR(n)	(GICR_SGI + 0x0400 + (n))
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER_LAST		((uint64_t)1 << 4)
#define GICR_TYPER_AFF_SHIFT	32
#define GICR_WAKER_SLEEP	(1u << 1)	/* ProcessorSleep */
#define GICR_WAKER_ASLEEP	(1u << 2)	/* ChildrenAsleep */

#define SPI_FIRST		32
#define ICFGR_EDGE(n)		(2u << (2 * ((n) % 16)))

/*
 * Priorities (lower is more urgent): a kick or the end of a slice before
 * the console; both above ICC_PMR_EL1 = 0xff whatever number of priority
 * bits the CPU interface implements.
 */
#define PRIO_CPU		0x80
#define PRIO_UART		0xa0

/* How long a register write or a redistributor wake-up may take. */
#define IRQ_TIMEOUT_MS		100

static volatile uint32_t *
reg32(uintptr_t base, unsigned int off)
{
	return (volatile uint32_t *)(base + off);
}

static volatile uint64_t *
reg64(uintptr_t base, unsigned int off)
{
	return (volatile uint64_t *)(base + off);
}

static volatile uint8_t *
reg8(uintptr_t base, unsigned int off)
{
	return (volatile uint8_t *)(base + off);
}

/* Wait until (*@r & @mask) == @want; -ETIMEDOUT after IRQ_TIMEOUT_MS. */
static int
wait_bits(volatile uint32_t *r, uint32_t mask, uint32_t want)
{
	uint64_t limit = arch_counter_now() +
	    arch_counter_freq() * IRQ_TIMEOUT_MS / 1000;

	while ((*r & mask) != want) {
		if (arch_counter_now() > limit) {
			return (*r & mask) == want ? 0 : -ETIMEDOUT;
		}
	}
	return 0;
}

/* GICD_CTLR = @v, and wait for it to take effect. */
static int
gicd_ctlr(uint32_t v)
{
	*reg32(PLAT_GICD_BASE, GICD_CTLR) = v;
	return wait_bits(reg32(PLAT_GICD_BASE, GICD_CTLR), GICD_CTLR_RWP, 0);
}

/* The UART's SPI: level, Group 1, its priority, to @mpidr, enabled. */
static void
uart_spi(uint64_t mpidr)
{
	const uintptr_t d = PLAT_GICD_BASE;
	const unsigned int n = PLAT_IRQ_UART;

	*reg32(d, GICD_ICFGR(n)) &= ~ICFGR_EDGE(n);
	*reg8(d, GICD_IPRIORITYR(n)) = PRIO_UART;
	*reg64(d, GICD_IROUTER(n)) = mpidr;	/* IRM = 0: this CPU only */
	*reg32(d, GICD_ISENABLER(n)) = 1u << (n % 32);
}

/**
 * plat_irq_init() - the distributor: every SPI off, the UART's on.
 *
 * The distributor is disabled while its routing mode changes, as the
 * GICv3 architecture asks (GICD_CTLR.ARE_NS may change only then).
 *
 * Return: 0, -ENOENT or -ETIMEDOUT.
 */
int
plat_irq_init(void)
{
	const uintptr_t d = PLAT_GICD_BASE;
	unsigned int lines = GICD_TYPER_LINES(*reg32(d, GICD_TYPER)), n;
	int ret;

	if (PLAT_IRQ_UART >= lines) {
		return -ENOENT;
	}
	ret = gicd_ctlr(0);
	for (n = SPI_FIRST; ret == 0 && n < lines; n += 32) {
		*reg32(d, GICD_ICENABLER(n)) = ~0u;
		*reg32(d, GICD_IGROUPR(n)) = ~0u;
	}
	if (ret == 0) {
		ret = gicd_ctlr(GICD_CTLR_ARE_NS);
	}
	if (ret == 0) {
		uart_spi(arch_cpu_mpidr());
		ret = gicd_ctlr(GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_GRP1NS);
	}
	return ret;
}

/*
 * The RD_base of the redistributor whose affinity is @mpidr's, or 0.  The
 * walk stops at the frame marked Last, and at the end of the region.
 */
static uintptr_t
redistributor(uint64_t mpidr)
{
	uint64_t aff = (mpidr >> 32 & 0xff) << 24 | (mpidr & 0xffffff), typer;
	uintptr_t rd;

	for (rd = PLAT_GICR_BASE;
	    rd + GICR_FRAME_SIZE <= PLAT_GICR_BASE + PLAT_GICR_SIZE;
	    rd += GICR_FRAME_SIZE) {
		typer = *reg64(rd, GICR_TYPER);
		if (typer >> GICR_TYPER_AFF_SHIFT == aff) {
			return rd;
		}
		if (typer & GICR_TYPER_LAST) {
			break;
		}
	}
	return 0;
}

/* The SGIs and PPIs of the redistributor at @rd: only the firmware's on. */
static int
cpu_interrupts(uintptr_t rd)
{
	const uint32_t mine = 1u << PLAT_IRQ_KICK | 1u << PLAT_IRQ_TIMER_EL2;
	int ret;

	*reg32(rd, GICR_ICENABLER0) = ~0u;
	ret = wait_bits(reg32(rd, GICR_CTLR), GICR_CTLR_RWP, 0);
	if (ret != 0) {
		return ret;
	}
	*reg32(rd, GICR_IGROUPR0) = ~0u;
	*reg8(rd, GICR_IPRIORITYR(PLAT_IRQ_KICK)) = PRIO_CPU;
	*reg8(rd, GICR_IPRIORITYR(PLAT_IRQ_TIMER_EL2)) = PRIO_CPU;
	*reg32(rd, GICR_ISENABLER0) = mine;
	return 0;
}

/**
 * plat_irq_cpu_init() - this CPU's redistributor and CPU interface.
 * @cpu: its index.
 *
 * Return: 0, -EINVAL, -ENOENT or -ETIMEDOUT.
 */
int
plat_irq_cpu_init(unsigned int cpu)
{
	uintptr_t rd;
	int ret;

	if (cpu >= PLAT_CPU_MAX) {
		return -EINVAL;
	}
	rd = redistributor(arch_cpu_mpidr());
	if (rd == 0) {
		return -ENOENT;
	}
	*reg32(rd, GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	ret = wait_bits(reg32(rd, GICR_WAKER), GICR_WAKER_ASLEEP, 0);
	if (ret == 0) {
		ret = cpu_interrupts(rd);
	}
	if (ret == 0) {
		arch_gic_cpu_init();
	}
	return ret;
}
