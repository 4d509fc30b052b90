/* SPDX-License-Identifier: ISC */
/*
 * gicv3_cpu.c - the GICv3 CPU interface through its system registers
 * (Arm IHI 0069, chapter 12): set up, acknowledge, end, send SGIs.
 *
 * The distributor and the redistributors are memory-mapped and the
 * board's business (plat_irq_init(), plat_irq_cpu_init()); what is here
 * belongs to the CPU.  The firmware uses Group 1 only, which the CPU
 * signals as IRQ.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/* ICC_SRE_EL2 */
#define ICC_SRE_SRE		((uint64_t)1 << 0)
#define ICC_SRE_ENABLE		((uint64_t)1 << 3)
/* ICC_IAR1_EL1.INTID: 24 bits */
#define ICC_IAR_INTID_MASK	0xffffffu
/* INTIDs 1020..1023 are special: "nothing for you" */
#define ICC_INTID_SPECIAL	1020u
/* ICC_SGI1R_EL1 fields (IHI 0069, 12.2.23) */
#define SGI1R_TARGETS_SHIFT	0
#define SGI1R_AFF1_SHIFT	16
#define SGI1R_INTID_SHIFT	24
#define SGI1R_AFF2_SHIFT	32
#define SGI1R_RS_SHIFT		44
#define SGI1R_AFF3_SHIFT	48
/* ISR_EL1.I: an IRQ is pending */
#define ISR_I			((uint64_t)1 << 7)

/**
 * arch_gic_cpu_init() - system register access, every priority, Group 1.
 *
 * ICC_SRE_EL2 first: the EL1 registers used below are reached through it.
 */
void
arch_gic_cpu_init(void)
{
	write_sysreg(icc_sre_el2, read_sysreg(icc_sre_el2) | ICC_SRE_SRE |
	    ICC_SRE_ENABLE);
	isb();
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, 0);		/* EOImode 0 */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
}

/**
 * arch_irq_ack() - ICC_IAR1_EL1.
 *
 * The DSB keeps the memory accesses that act on the interrupt after its
 * acknowledgement, as Linux does (arch/arm64/include/asm/arch_gicv3.h).
 *
 * Return: the INTID or ARCH_IRQ_SPURIOUS.
 */
unsigned int
arch_irq_ack(void)
{
	unsigned int intid;

	intid = (unsigned int)read_sysreg(icc_iar1_el1) & ICC_IAR_INTID_MASK;
	__asm__ volatile("dsb sy" ::: "memory");
	return intid >= ICC_INTID_SPECIAL && intid <= ARCH_IRQ_SPURIOUS ?
	    ARCH_IRQ_SPURIOUS : intid;
}

/**
 * arch_irq_eoi() - ICC_EOIR1_EL1.
 * @intid: the INTID acknowledged.
 */
void
arch_irq_eoi(unsigned int intid)
{
	write_sysreg(icc_eoir1_el1, intid);
	isb();
}

/**
 * arch_irq_pending() - ISR_EL1.I.
 *
 * Return: true if an IRQ is signalled.
 */
bool
arch_irq_pending(void)
{
	return (read_sysreg(isr_el1) & ISR_I) != 0;
}

/**
 * arch_sgi_send() - ICC_SGI1R_EL1 naming one CPU.
 * @intid:        the SGI, 0..15.
 * @target_mpidr: the target's affinity.
 *
 * The target list is 16 CPUs of one Aff3.Aff2.Aff1 cluster; the range
 * selector picks which 16 (Aff0 / 16), the list bit the one (Aff0 % 16).
 */
void
arch_sgi_send(unsigned int intid, uint64_t target_mpidr)
{
	uint64_t aff0 = target_mpidr & 0xff;
	uint64_t v;

	v = (uint64_t)1 << ((aff0 % 16) + SGI1R_TARGETS_SHIFT) |
	    ((target_mpidr >> 8) & 0xff) << SGI1R_AFF1_SHIFT |
	    (uint64_t)(intid & 0xf) << SGI1R_INTID_SHIFT |
	    ((target_mpidr >> 16) & 0xff) << SGI1R_AFF2_SHIFT |
	    (aff0 / 16) << SGI1R_RS_SHIFT |
	    ((target_mpidr >> 32) & 0xff) << SGI1R_AFF3_SHIFT;
	__asm__ volatile("dsb ishst" ::: "memory");
	write_sysreg(icc_sgi1r_el1, v);
	isb();
}
