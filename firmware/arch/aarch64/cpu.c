/* SPDX-License-Identifier: ISC */
/*
 * cpu.c - the calling CPU: its features, who it is, waiting, halting it.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/* ID_AA64MMFR0_EL1.PARange in bits, capped at 48. */
static unsigned int
pa_bits(uint64_t mmfr0)
{
	static const unsigned int bits[] = { 32, 36, 40, 42, 44, 48 };
	unsigned int range = (unsigned int)(mmfr0 & 0xf);

	return range < sizeof(bits) / sizeof(bits[0]) ? bits[range] : 48;
}

/*
 * Pointer authentication: ID_AA64ISAR1_EL1.APA [7:4], API [11:8],
 * GPA [27:24], GPI [31:28]; ID_AA64ISAR2_EL1 (S3_0_C0_C6_2, in the ARMv8.0
 * ID space: RAZ where absent) GPA3 [11:8], APA3 [15:12].
 */
static bool
has_pauth(void)
{
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t isar2 = read_sysreg(s3_0_c0_c6_2);

	return (isar1 & 0xff000ff0ull) != 0 || (isar2 & 0xff00ull) != 0;
}

/**
 * arch_cpu_features() - read the calling CPU's ID registers.
 * @f: filled in.
 */
void
arch_cpu_features(struct arch_cpu_features *f)
{
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	/* ID_AA64MMFR2_EL1 is in the ARMv8.0 ID space: RAZ where absent. */
	uint64_t mmfr2 = read_sysreg(id_aa64mmfr2_el1);
	uint64_t ctr = read_sysreg(ctr_el0);

	f->pa_bits = pa_bits(read_sysreg(id_aa64mmfr0_el1));
	f->vmid_bits = ((mmfr1 >> 4) & 0xf) == 2 ? 16 : 8;
	f->ttl = ((mmfr2 >> 48) & 0xf) != 0;
	f->dline = 4u << ((ctr >> 16) & 0xf);
	f->pauth = has_pauth();
}

/**
 * arch_cpu_mpidr() - MPIDR_EL1's affinity fields.
 *
 * Return: Aff3..Aff0, in their MPIDR_EL1 positions.
 */
uint64_t
arch_cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

/**
 * arch_cpu_wait() - DSB SY, then WFI.
 *
 * The DSB completes earlier memory accesses first, so whatever the CPU
 * published before it sleeps is seen by the CPU that will wake it.
 */
void
arch_cpu_wait(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/**
 * arch_cpu_halt() - mask every exception and wait for interrupts forever.
 */
void
arch_cpu_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;) {
		__asm__ volatile("wfi" ::: "memory");
	}
}
