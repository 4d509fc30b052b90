/* SPDX-License-Identifier: ISC */
/*
 * sysreg.h - system register access and bit names, private to
 * firmware/arch/aarch64/ (the rest of hvfw goes through arch.h).
 */
#ifndef HVFW_SYSREG_H
#define HVFW_SYSREG_H

#include <stdint.h>

/* read_sysreg(NAME) - MRS of a system register named in lower case. */
#define read_sysreg(reg) ({						\
	uint64_t read_sysreg_v;						\
	__asm__ volatile("mrs %0, " #reg : "=r"(read_sysreg_v));	\
	read_sysreg_v;							\
})

/* write_sysreg(NAME, value) - MSR; an ISB is the caller's business. */
#define write_sysreg(reg, v) do {					\
	uint64_t write_sysreg_v = (v);					\
	__asm__ volatile("msr " #reg ", %0" :: "r"(write_sysreg_v) : "memory"); \
} while (0)

static inline void
isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void
dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

/* HCR_EL2 */
#define HCR_VM			((uint64_t)1 << 0)
#define HCR_FMO			((uint64_t)1 << 3)
#define HCR_IMO			((uint64_t)1 << 4)
#define HCR_AMO			((uint64_t)1 << 5)
#define HCR_TWI			((uint64_t)1 << 13)
#define HCR_TSC			((uint64_t)1 << 19)
#define HCR_RW			((uint64_t)1 << 31)
#define HCR_APK			((uint64_t)1 << 40)
#define HCR_API			((uint64_t)1 << 41)

/*
 * CPTR_EL2 with E2H = 0: RES1 bits 13:12 (TSM where SME exists), 9 and
 * 7:0; TZ (bit 8) traps SVE; TFP (bit 10) would trap FP/SIMD.
 */
#define CPTR_EL2_RES1		0x32ffull
#define CPTR_TZ			((uint64_t)1 << 8)
#define CPTR_TFP		((uint64_t)1 << 10)

/* CNTHCTL_EL2 with E2H = 0: EL1 may read the counter, use the timer */
#define CNTHCTL_EL1PCTEN	((uint64_t)1 << 0)
#define CNTHCTL_EL1PCEN		((uint64_t)1 << 1)

/* CNTx_CTL_EL0 / CNTHP_CTL_EL2 */
#define CNT_CTL_ENABLE		((uint64_t)1 << 0)
#define CNT_CTL_IMASK		((uint64_t)1 << 1)
#define CNT_CTL_ISTATUS		((uint64_t)1 << 2)

/* VMPIDR_EL2: bit 31 is RES1 (the multiprocessor format) */
#define MPIDR_RES1		((uint64_t)1 << 31)
#define MPIDR_AFF_MASK		0xff00ffffffull

/* SCTLR_EL2 with E2H = 0: RES1 bits, and the ones hvfw sets */
#define SCTLR_EL2_RES1		0x30c50830ull
#define SCTLR_M			((uint64_t)1 << 0)
#define SCTLR_C			((uint64_t)1 << 2)
#define SCTLR_SA		((uint64_t)1 << 3)
#define SCTLR_I			((uint64_t)1 << 12)

/* SCTLR_EL1 RES1 bits (ARMv8.0): MMU, caches and alignment checks off */
#define SCTLR_EL1_RES1		0x30d00800ull

/* VTTBR_EL2.VMID */
#define VTTBR_VMID_SHIFT	48
#define VTTBR_VMID_MASK		((uint64_t)0xffff << VTTBR_VMID_SHIFT)

#endif /* HVFW_SYSREG_H */
