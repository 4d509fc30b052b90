/* SPDX-License-Identifier: ISC */
/*
 * arch.h - what hvfw needs from the CPU: the one interface between the
 * firmware's portable core and AArch64 (ARMv8-A at EL2, E2H = 0).
 *
 * Everything that names a system register or an instruction lives behind
 * these functions: CPU features, the EL2 stage-1 MMU, stage-2 control,
 * address translation probes, TLB and cache maintenance, barriers, SMC,
 * halting and the EL2 exception handler.  Unless a function says otherwise
 * it acts on the calling CPU only and may be called with the EL2 MMU on.
 */
#ifndef HVFW_ARCH_H
#define HVFW_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/**
 * struct arch_cpu_features - what the calling CPU implements.
 * @pa_bits:   physical address size (ID_AA64MMFR0_EL1.PARange), capped at
 *             48: hvfw uses no 52-bit addressing.
 * @vmid_bits: VMID width, 8 or 16 (ID_AA64MMFR1_EL1.VMIDBits).
 * @ttl:       FEAT_TTL: TLBI by address takes a translation table level
 *             hint (ID_AA64MMFR2_EL1.TTL).
 * @dline:     smallest data cache line in bytes (CTR_EL0.DminLine).
 */
struct arch_cpu_features {
	unsigned int pa_bits;
	unsigned int vmid_bits;
	bool ttl;
	unsigned int dline;
};

/**
 * arch_cpu_features() - read the calling CPU's ID registers.
 * @f: filled in.
 */
void arch_cpu_features(struct arch_cpu_features *f);

/**
 * arch_cpu_halt() - mask every exception and wait for interrupts forever.
 *
 * The end of a CPU that cannot go on (panic, wrong exception level) or has
 * nothing left to do.
 */
void arch_cpu_halt(void) __attribute__((noreturn));

/** enum arch_mem - memory types of the EL2 stage-1 map (MAIR_EL2 slots). */
enum arch_mem {
	ARCH_MEM_NORMAL = 0,	/* Normal, inner/outer write-back RA/WA */
	ARCH_MEM_DEVICE = 1,	/* Device-nGnRE, never executable */
};

/**
 * struct arch_mmu_region - one identity-mapped range of the EL2 map.
 * @base: first address, 2 MiB aligned.
 * @size: bytes, a multiple of 2 MiB.
 * @type: enum arch_mem.
 */
struct arch_mmu_region {
	uint64_t base;
	uint64_t size;
	unsigned int type;
};

/** ARCH_MMU_VA_BITS - the EL2 map covers [0, 2^39): level-1 start. */
#define ARCH_MMU_VA_BITS	39

/**
 * arch_mmu_init() - identity-map @regions at EL2 and turn the MMU on.
 * @regions: the ranges; must not overlap.
 * @count:   how many.
 * @pa_bits: the CPU's PA size (TCR_EL2.PS).
 *
 * Builds the tables from a small static set (1 GiB blocks where a whole
 * aligned GiB is covered, else 2 MiB blocks), then sets MAIR_EL2, TCR_EL2,
 * TTBR0_EL2 and SCTLR_EL2.{M,C,I}.  Call once, on the boot CPU, before
 * anything uses atomics or unaligned accesses (both need Normal memory).
 *
 * Return: 0; -EINVAL for a misaligned region, one beyond the map or an
 * overlap; -ENOMEM if the static table set ran out.
 */
int arch_mmu_init(const struct arch_mmu_region *regions, unsigned int count,
    unsigned int pa_bits);

/**
 * arch_mmu_enabled() - whether the EL2 MMU and both caches are on.
 *
 * Return: true if SCTLR_EL2.M, .C and .I are all set.
 */
bool arch_mmu_enabled(void);

/*
 * PAR_EL1 as the AT instructions leave it (64-bit format): on success
 * F = 0, PA[47:12] and the memory attributes in ATTR; on a fault F = 1, the
 * fault status in FST and, for stage-1&2 lookups, S = 1 when stage 2
 * faulted.
 */
#define ARCH_PAR_F		((uint64_t)1 << 0)
#define ARCH_PAR_FST_SHIFT	1
#define ARCH_PAR_FST_MASK	((uint64_t)0x3f << ARCH_PAR_FST_SHIFT)
#define ARCH_PAR_S		((uint64_t)1 << 9)
#define ARCH_PAR_PA_MASK	((((uint64_t)1 << 48) - 1) & ~(uint64_t)0xfff)
#define ARCH_PAR_ATTR_SHIFT	56
/* FST values (DFSC encoding): translation and permission fault, level 0-3 */
#define ARCH_FSC_TRANSLATION(level)	(0x04u | (level))
#define ARCH_FSC_PERMISSION(level)	(0x0cu | (level))
/* MAIR encodings the EL2 map uses, as PAR_EL1.ATTR reports them */
#define ARCH_MAIR_NORMAL_WB	0xffu
#define ARCH_MAIR_DEVICE_nGnRE	0x04u

/**
 * arch_at_s1e2r() - translate an EL2 virtual address for reading.
 * @va: the address.
 *
 * Return: PAR_EL1 after AT S1E2R.
 */
uint64_t arch_at_s1e2r(uint64_t va);

/**
 * arch_at_s12e1() - translate an IPA through stage 2 as EL1 would.
 * @ipa:   the address; EL1's stage 1 is turned off first (SCTLR_EL1.M = 0,
 *         as it is while no guest is loaded), so the VA is the IPA.
 * @write: probe a write (AT S12E1W) rather than a read (AT S12E1R).
 *
 * Needs arch_stage2_load() and arch_stage2_enable() first.  A stage-2 fault
 * is reported in the result, not taken: this is how the firmware checks
 * what a guest would see without running one.
 *
 * Return: PAR_EL1.
 */
uint64_t arch_at_s12e1(uint64_t ipa, bool write);

/**
 * arch_stage2_load() - program the stage-2 translation registers.
 * @vtcr:  VTCR_EL2 (s2pt_vtcr()); its VS bit also decides how wide the
 *         VMIDs of TLB maintenance are, so load it before any.
 * @vttbr: VTTBR_EL2: root table and VMID (s2pt_vttbr()).
 */
void arch_stage2_load(uint64_t vtcr, uint64_t vttbr);

/**
 * arch_stage2_vttbr() - the VTTBR_EL2 value loaded now.
 *
 * Return: VTTBR_EL2.
 */
uint64_t arch_stage2_vttbr(void);

/**
 * arch_stage2_enable() - turn stage 2 on for EL1&0 (HCR_EL2.VM = 1, with
 * HCR_EL2.RW = 1: EL1 is AArch64).
 *
 * Completes earlier table stores (DSB ISH) first, so the walker sees them.
 */
void arch_stage2_enable(void);

/**
 * arch_stage2_disable() - turn stage 2 off again (HCR_EL2.VM = 0).
 */
void arch_stage2_disable(void);

/**
 * arch_tlb_flush_ipa() - invalidate stage-2 TLB entries of one VMID by IPA,
 * in the Inner Shareable domain.
 * @vmid:  the VMID whose entries go; loaded into VTTBR_EL2 for the duration
 *         (TLBI IPAS2E1IS and VMALLE1IS take it from there) and restored.
 * @ipa:   first IPA.
 * @size:  bytes.
 * @level: 1..3 if every entry removed was a leaf of that level: one TLBI
 *         per entry of that size, with the level as TTL hint if the CPU
 *         has FEAT_TTL; 0: one TLBI per 4 KiB, no hint.
 *
 * DSB ISHST (the table stores complete), TLBI IPAS2E1IS per step, DSB ISH,
 * then TLBI VMALLE1IS (entries that combine stage 1 and stage 2 are not
 * found by IPA, so they all go), DSB ISH, ISB.
 *
 * Return: the number of TLBI IPAS2E1IS instructions issued.
 */
uint64_t arch_tlb_flush_ipa(uint16_t vmid, uint64_t ipa, uint64_t size,
    unsigned int level);

/**
 * arch_tlb_flush_vmid() - invalidate every stage-1&2 entry of one VMID in
 * the Inner Shareable domain (TLBI VMALLS12E1IS, VMID loaded as above).
 * @vmid: the VMID.
 */
void arch_tlb_flush_vmid(uint16_t vmid);

/**
 * arch_tlb_flush_all() - invalidate the EL1&0 entries of every VMID in the
 * Inner Shareable domain (TLBI ALLE1IS): a VMID rollover.
 */
void arch_tlb_flush_all(void);

/**
 * arch_cache_clean_poc() - clean data cache lines to the point of coherency.
 * @va:   first byte; must be mapped at EL2.
 * @size: bytes.
 *
 * DC CVAC per line (CTR_EL0.DminLine), then DSB SY, so that an observer
 * that does not snoop (a guest with its caches off, a DMA master) reads what
 * the firmware wrote.
 */
void arch_cache_clean_poc(uintptr_t va, uint64_t size);

/**
 * arch_cache_inval_icache() - invalidate all instruction caches of the
 * Inner Shareable domain (IC IALLUIS, DSB ISH, ISB).
 */
void arch_cache_inval_icache(void);

/**
 * arch_barrier_store() - order earlier stores before later ones for every
 * observer of the Inner Shareable domain, the table walkers included
 * (DSB ISHST).
 */
static inline void
arch_barrier_store(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

/**
 * arch_smc() - an SMC Calling Convention call (SMC #0).
 * @fid: function id (x0).
 * @a1:  first argument (x1).
 * @a2:  second argument (x2).
 * @a3:  third argument (x3).
 *
 * Return: x0 as the callee left it.
 */
uint64_t arch_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/**
 * struct arch_exception_frame - the state vectors.S saves on an EL2
 * exception.
 * @x:    x0..x30.
 * @elr:  ELR_EL2.
 * @spsr: SPSR_EL2.
 * @esr:  ESR_EL2.
 * @far:  FAR_EL2.
 * @pad:  keeps the frame 16-byte aligned.
 */
struct arch_exception_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t pad;
};

/**
 * arch_exception_handle() - the C end of every EL2 exception vector.
 * @frame: the saved state.
 * @kind:  the vector: 0-3 current EL with SP_EL0, 4-7 current EL with
 *         SP_ELx, 8-11 lower EL AArch64, 12-15 lower EL AArch32; within
 *         each, synchronous, IRQ, FIQ, SError.
 *
 * hvfw takes no exception it expects yet (no guests, interrupts masked),
 * so any exception is a firmware bug: report the syndrome and halt.
 * Called from vectors.S only.
 */
void arch_exception_handle(const struct arch_exception_frame *frame,
    unsigned int kind) __attribute__((noreturn));

#endif /* HVFW_ARCH_H */
