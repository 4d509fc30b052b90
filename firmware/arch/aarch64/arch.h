/* SPDX-License-Identifier: ISC */
/*
 * arch.h - what hvfw needs from the CPU: the one interface between the
 * firmware's portable core and AArch64 (ARMv8-A at EL2, E2H = 0).
 *
 * Everything that names a system register or an instruction lives behind
 * these functions: CPU features, the EL2 stage-1 MMU, stage-2 control,
 * address translation probes, TLB and cache maintenance, barriers, SMC,
 * the counter, the EL2 timer and the GICv3 CPU interface, waiting,
 * halting, a secondary CPU's entry, the EL2 exception handler, and
 * running a vCPU at EL1 (its saved
 * state, the world switch, and what a guest exit was, decoded).  Unless a
 * function says otherwise it acts on the calling CPU only and may be called
 * with the EL2 MMU on.
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
 * @pauth:     pointer authentication (ID_AA64ISAR1_EL1.APA/API/GPA/GPI or
 *             ID_AA64ISAR2_EL1.APA3/GPA3): guests get its keys and
 *             instructions (HCR_EL2.APK/API), and the keys are part of a
 *             vCPU's state.
 */
struct arch_cpu_features {
	unsigned int pa_bits;
	unsigned int vmid_bits;
	bool ttl;
	unsigned int dline;
	bool pauth;
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

/**
 * arch_mmu_enable_secondary() - turn the calling secondary CPU's EL2 MMU
 * on with the translation arch_mmu_init() built on the boot CPU: the same
 * MAIR_EL2, TCR_EL2, TTBR0_EL2 and SCTLR_EL2 (MMU and both caches on).
 *
 * Call first thing on a CPU started with its MMU off, after
 * arch_mmu_init() succeeded on the boot CPU, and before anything uses
 * atomics.  What the CPU wrote to its stack so far went straight to
 * memory; the stack's lines are cleaned and invalidated from every cache
 * before the caches are on, so a copy another CPU fetched earlier cannot
 * hide those writes.
 */
void arch_mmu_enable_secondary(void);

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
 * arch_tlb_flush_local_guest() - invalidate the calling CPU's EL1&0
 * entries of the VMID loaded in VTTBR_EL2 (TLBI VMALLS12E1, not
 * broadcast): a guest's own non-shareable invalidations reach only the CPU
 * it issued them on, so another vCPU of the same VM may not inherit what
 * the last one left in this CPU's TLB.
 */
void arch_tlb_flush_local_guest(void);

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

/*
 * Interrupts, the timer and the other CPUs.  The firmware never takes an
 * interrupt at EL2: PSTATE.I stays masked there.  It sees them as guest
 * exits (HCR_EL2.IMO while a guest runs), or finds them pending when
 * arch_cpu_wait() returns, and acknowledges them through the GICv3 CPU
 * interface's system registers: Group 1, EOImode 0 (an EOI both drops the
 * priority and deactivates).
 */

/** ARCH_IRQ_SPURIOUS - what arch_irq_ack() returns when nothing is pending. */
#define ARCH_IRQ_SPURIOUS	1023u

/**
 * arch_counter_now() - the system counter (CNTPCT_EL0), read after an ISB
 * so that it is not read ahead of what the program did before.
 *
 * Return: the count, at arch_counter_freq() per second.
 */
uint64_t arch_counter_now(void);

/**
 * arch_counter_freq() - the system counter's frequency (CNTFRQ_EL0).
 *
 * Return: ticks per second.
 */
uint64_t arch_counter_freq(void);

/**
 * arch_timer_arm() - arm the calling CPU's EL2 physical timer.
 * @deadline: the counter value (arch_counter_now()) at which it fires.
 *
 * CNTHP_CVAL_EL2 = @deadline, CNTHP_CTL_EL2 = ENABLE, not masked: from the
 * deadline on, its PPI (plat.h: PLAT_IRQ_TIMER_EL2) is asserted until the
 * timer is disarmed or armed for a later deadline.  A deadline in the past
 * fires at once.
 */
void arch_timer_arm(uint64_t deadline);

/**
 * arch_timer_disarm() - disable the calling CPU's EL2 physical timer; its
 * PPI is no longer asserted.
 */
void arch_timer_disarm(void);

/**
 * arch_gic_cpu_init() - set the calling CPU's GICv3 CPU interface up for
 * the firmware: system register access (ICC_SRE_EL2.SRE, and .Enable so
 * that EL1 may use ICC_SRE_EL1), every priority let through
 * (ICC_PMR_EL1 = 0xff), no preemption grouping (ICC_BPR1_EL1 = 0),
 * EOImode 0 (ICC_CTLR_EL1) and Group 1 on (ICC_IGRPEN1_EL1).
 *
 * The CPU's redistributor must be awake (plat_irq_cpu_init() calls this
 * last).
 */
void arch_gic_cpu_init(void);

/**
 * arch_irq_ack() - acknowledge the highest-priority pending Group 1
 * interrupt of the calling CPU (ICC_IAR1_EL1); it becomes active.
 *
 * Return: its INTID, or ARCH_IRQ_SPURIOUS if none is pending (the special
 * INTIDs 1020..1023 all read as that).
 */
unsigned int arch_irq_ack(void);

/**
 * arch_irq_eoi() - end an interrupt arch_irq_ack() returned
 * (ICC_EOIR1_EL1): priority drop and deactivation.
 * @intid: the INTID; never ARCH_IRQ_SPURIOUS.
 *
 * A level-sensitive interrupt still asserted is pending again after this.
 */
void arch_irq_eoi(unsigned int intid);

/**
 * arch_irq_pending() - whether the GIC signals an interrupt to the calling
 * CPU now (ISR_EL1.I): one arch_cpu_wait() would not wait for.
 *
 * Return: true if an IRQ is pending.
 */
bool arch_irq_pending(void);

/**
 * arch_sgi_send() - send a software-generated interrupt to one CPU
 * (ICC_SGI1R_EL1), after the caller's earlier stores (DSB ISHST): what
 * the sender wrote before is visible to the target once it has
 * acknowledged the SGI.
 * @intid:        0..15.
 * @target_mpidr: the target's MPIDR affinity fields (arch_cpu_mpidr() as
 *                that CPU reads it).
 */
void arch_sgi_send(unsigned int intid, uint64_t target_mpidr);

/**
 * arch_cpu_wait() - wait for an interrupt (DSB SY, WFI).
 *
 * Returns when an interrupt is pending for the calling CPU, masked by
 * PSTATE.I or not (it is not taken), or earlier for no reason: WFI may
 * return spuriously, so callers look at what is pending and loop.
 */
void arch_cpu_wait(void);

/**
 * arch_cpu_mpidr() - the calling CPU's MPIDR_EL1 affinity fields.
 *
 * Return: Aff3 (bits 39:32) and Aff2..Aff0 (bits 23:0); no other bits.
 */
uint64_t arch_cpu_mpidr(void);

/**
 * arch_secondary_entry() - where a secondary CPU starts: give its address
 * to PSCI CPU_ON (plat_cpu_start()), with the CPU's index as context.
 * @context: the CPU's index, in x0.
 *
 * Implemented in start.S: masks exceptions, takes this CPU's stack (by
 * MPIDR_EL1.Aff0, as the boot CPU does), resets SCTLR_EL2 (MMU and caches
 * off), installs the EL2 vectors and calls smp_secondary_main(@context).
 * A CPU that is not at EL2, or whose Aff0 has no stack, halts.  Never
 * called from C.
 */
void arch_secondary_entry(uint64_t context) __attribute__((noreturn));

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
 * Guest exits (the lower-EL AArch64 vectors) never come here: they
 * return from arch_vcpu_enter().  The firmware itself runs with interrupts
 * masked and expects no exception, so any that does come here is a
 * firmware bug: report the syndrome and halt.  Called from vectors.S only.
 */
void arch_exception_handle(const struct arch_exception_frame *frame,
    unsigned int kind) __attribute__((noreturn));

/*
 * Running a vCPU.  One vCPU at a time per physical CPU:
 *
 *	arch_vcpu_reset(v, ...);	once, when the vCPU is made
 *	arch_vcpu_load(v, vtcr, vttbr);	EL2 traps, stage 2, EL1 state
 *	while (...) {
 *		exit = arch_vcpu_enter(v);	the guest runs, exits
 *		arch_vcpu_decode(v, exit, &t);	what happened, portably
 *		...handle t, set registers, arch_vcpu_skip(v)...
 *	}
 *	arch_vcpu_put(v);		EL1 state saved, stage 2 off
 *
 * Between load and put the CPU's EL1 registers belong to the guest: the
 * firmware must not use anything that touches them (arch_at_s12e1()).
 */

/** ARCH_VCPU_PSTATE_EL1H - SPSR_EL2 of a vCPU at reset: EL1h, DAIF masked. */
#define ARCH_VCPU_PSTATE_EL1H	0x3c5ull

/**
 * struct arch_vcpu_gprs - what the world switch moves (vcpu_switch.S).
 * @x:      x0..x30.
 * @pc:     the guest's PC (ELR_EL2).
 * @pstate: the guest's PSTATE (SPSR_EL2).
 */
struct arch_vcpu_gprs {
	uint64_t x[31];
	uint64_t pc;
	uint64_t pstate;
};

/**
 * struct arch_vcpu_syndrome - the exit's syndrome, read by the world switch
 * before anything else can change it.
 * @esr:   ESR_EL2.
 * @far:   FAR_EL2.
 * @hpfar: HPFAR_EL2 (the faulting IPA's page of a stage-2 abort).
 */
struct arch_vcpu_syndrome {
	uint64_t esr;
	uint64_t far;
	uint64_t hpfar;
};

/**
 * struct arch_vcpu_sysregs - the EL1 (and EL0) system registers a guest
 * owns, VMPIDR_EL2/VPIDR_EL2 (what it reads as MPIDR_EL1/MIDR_EL1), its
 * timers' controls, and its pointer authentication keys.
 *
 * The field names are the registers' names.  @apkey holds APIAKey,
 * APIBKey, APDAKey, APDBKey and APGAKey, Lo then Hi; it is switched only
 * when the CPU has pointer authentication.
 */
struct arch_vcpu_sysregs {
	uint64_t sctlr_el1;
	uint64_t ttbr0_el1;
	uint64_t ttbr1_el1;
	uint64_t tcr_el1;
	uint64_t mair_el1;
	uint64_t amair_el1;
	uint64_t vbar_el1;
	uint64_t contextidr_el1;
	uint64_t tpidr_el0;
	uint64_t tpidr_el1;
	uint64_t tpidrro_el0;
	uint64_t esr_el1;
	uint64_t far_el1;
	uint64_t afsr0_el1;
	uint64_t afsr1_el1;
	uint64_t par_el1;
	uint64_t cpacr_el1;
	uint64_t cntkctl_el1;
	uint64_t sp_el0;
	uint64_t sp_el1;
	uint64_t elr_el1;
	uint64_t spsr_el1;
	uint64_t csselr_el1;
	uint64_t cntv_ctl_el0;
	uint64_t cntv_cval_el0;
	uint64_t cntp_ctl_el0;
	uint64_t cntp_cval_el0;
	uint64_t vmpidr_el2;
	uint64_t vpidr_el2;
	uint64_t apkey[10];
};

/**
 * struct arch_fpsimd - the FP/SIMD registers: V0..V31 as pairs of 64-bit
 * halves (low first), FPSR and FPCR.  The firmware itself never uses them
 * (-mgeneral-regs-only), so they are switched only at load and put.
 */
struct arch_fpsimd {
	uint64_t v[64];
	uint64_t fpsr;
	uint64_t fpcr;
};

/**
 * struct arch_vcpu - all the saved state of one vCPU.
 * @gprs:  general registers, PC and PSTATE (first: vcpu_switch.S).
 * @syn:   the last exit's syndrome (after @gprs: vcpu_switch.S).
 * @sys:   system registers.
 * @fp:    FP/SIMD registers.
 * @pauth: the CPU has pointer authentication (set by arch_vcpu_reset()).
 */
struct arch_vcpu {
	struct arch_vcpu_gprs gprs;
	struct arch_vcpu_syndrome syn;
	struct arch_vcpu_sysregs sys;
	struct arch_fpsimd fp;
	bool pauth;
};

/** enum arch_exit - which EL2 vector a guest exit came through. */
enum arch_exit {
	ARCH_EXIT_SYNC = 0,	/* synchronous: a trap or an abort */
	ARCH_EXIT_IRQ = 1,	/* physical IRQ (HCR_EL2.IMO) */
	ARCH_EXIT_FIQ = 2,	/* physical FIQ (HCR_EL2.FMO) */
	ARCH_EXIT_SERROR = 3,	/* SError (HCR_EL2.AMO) */
};

/**
 * arch_vcpu_reset() - a vCPU in its reset state: EL1h with DAIF masked
 * (ARCH_VCPU_PSTATE_EL1H), MMU and caches off, everything else zero.
 * @v:     the vCPU.
 * @pc:    where it starts (an IPA: its MMU is off).
 * @x0:    its x0 (x1..x30 are zero).
 * @index: its number in the VM: VMPIDR_EL2.Aff0, so the guest's
 *         MPIDR_EL1 reads 0x80000000 | @index.
 *
 * VPIDR_EL2 is the CPU's own MIDR_EL1.
 */
void arch_vcpu_reset(struct arch_vcpu *v, uint64_t pc, uint64_t x0,
    unsigned int index);

/**
 * arch_vcpu_mpidr() - the MPIDR_EL1 the vCPU reads: its affinity fields.
 * @v: the vCPU.
 *
 * Return: VMPIDR_EL2's Aff3..Aff0 (bits 39:32 and 23:0).
 */
uint64_t arch_vcpu_mpidr(const struct arch_vcpu *v);

/**
 * arch_vcpu_load() - make the calling CPU ready to enter @v.
 * @v:     the vCPU.
 * @vtcr:  VTCR_EL2 of its VM's stage 2 (s2pt_vtcr()).
 * @vttbr: VTTBR_EL2: the VM's root table and current VMID (s2pt_vttbr()
 *         with the VMID from vmid_enter()).
 *
 * Programs HCR_EL2 = RW | VM | TSC | TWI | IMO | FMO | AMO (| APK | API
 * with pointer authentication): stage 2 on, SMC and WFI trapped, physical
 * interrupts and SErrors taken to EL2; CPTR_EL2 with FP/SIMD not trapped
 * (SVE and SME are: their state is not switched); CNTHCTL_EL2 giving EL1
 * the physical counter and timer; CNTVOFF_EL2 = 0; then loads @v's system
 * and FP/SIMD registers.
 */
void arch_vcpu_load(const struct arch_vcpu *v, uint64_t vtcr,
    uint64_t vttbr);

/**
 * arch_vcpu_enter() - run @v at EL1 until it exits to EL2.
 * @v: the vCPU, loaded.
 *
 * Loads x0..x30, ELR_EL2 and SPSR_EL2 from @v->gprs and ERETs; the EL2
 * vectors for a lower EL (AArch64) save them back, with ESR_EL2, FAR_EL2
 * and HPFAR_EL2 in @v->syn, and return here.  The firmware's own
 * callee-saved registers are kept on its stack meanwhile.  Implemented in
 * vcpu_switch.S.
 *
 * Return: enum arch_exit.
 */
unsigned int arch_vcpu_enter(struct arch_vcpu *v);

/**
 * arch_vcpu_put() - save @v's system and FP/SIMD registers and give the
 * CPU back to the firmware: stage 2 off, HCR_EL2 = RW, VTTBR_EL2 = 0, and
 * the guest's timers disabled so none fires for the next one.
 * @v: the vCPU, loaded.
 */
void arch_vcpu_put(struct arch_vcpu *v);

/**
 * arch_cpu_relax() - let other CPUs (or hardware threads) go first for a
 * moment, in a loop that waits for them.
 */
static inline void
arch_cpu_relax(void)
{
	unsigned int i;

	for (i = 0; i < 64; i++) {
		__asm__ volatile("yield" ::: "memory");
	}
}

/**
 * arch_vcpu_timer_deadline() - when the vCPU's own timers would wake it
 * from WFI.
 * @v:    the vCPU, put (its timer registers saved).
 * @when: set to the earliest compare value (CNTPCT_EL0 units; CNTVOFF_EL2
 *        is 0) of its EL1 virtual and physical timers that are enabled and
 *        not masked.
 *
 * Return: true if such a timer is armed, else false (@when untouched).
 */
bool arch_vcpu_timer_deadline(const struct arch_vcpu *v, uint64_t *when);

/**
 * arch_vcpu_reg() - a general register of the vCPU as an instruction
 * reads it.
 * @v: the vCPU.
 * @n: 0..30, or 31 for the zero register (what a trapped access names).
 *
 * Return: its value (0 for 31).
 */
uint64_t arch_vcpu_reg(const struct arch_vcpu *v, unsigned int n);

/**
 * arch_vcpu_set_reg() - set a general register as an instruction would.
 * @v:   the vCPU.
 * @n:   0..30; 31 (the zero register) is ignored.
 * @val: the value.
 */
void arch_vcpu_set_reg(struct arch_vcpu *v, unsigned int n, uint64_t val);

/**
 * arch_vcpu_skip() - move the vCPU's PC past the instruction that trapped
 * (all of them are 4 bytes in AArch64).
 * @v: the vCPU.
 */
void arch_vcpu_skip(struct arch_vcpu *v);

/** enum arch_trap_kind - what a guest exit was, as the core acts on it. */
enum arch_trap_kind {
	ARCH_TRAP_HVC,		/* HVC: PC is after it */
	ARCH_TRAP_SMC,		/* SMC (HCR_EL2.TSC): PC after it too */
	ARCH_TRAP_WFX,		/* WFI or WFE: PC is at it */
	ARCH_TRAP_S2_ABORT,	/* stage-2 data or instruction abort */
	ARCH_TRAP_IRQ,		/* a physical interrupt */
	ARCH_TRAP_OTHER,	/* anything else: @what names it */
};

/** enum arch_access - the access an abort was for. */
enum arch_access {
	ARCH_ACCESS_READ,
	ARCH_ACCESS_WRITE,
	ARCH_ACCESS_EXEC,
};

/**
 * struct arch_trap - a guest exit, decoded.
 * @kind:        enum arch_trap_kind.
 * @what:        the exception class's name ("HVC (AArch64)", "SError").
 * @ec:          ESR_EL2.EC (0x3f for IRQ/FIQ/SError exits without one).
 * @esr:         ESR_EL2.
 * @pc:          PC of the instruction that trapped or faulted.
 * @imm:         the HVC or SMC immediate.
 * @access:      enum arch_access (aborts).
 * @s1ptw:       the abort was on the guest's own stage-1 table walk.
 * @translation: the abort is a translation fault (nothing mapped there).
 * @ipa_valid:   @ipa is known (HPFAR_EL2 is valid for the fault).
 * @ipa:         the faulting IPA (the page from HPFAR_EL2, the offset from
 *               FAR_EL2 when that is valid).
 * @fault:       the fault status in words ("translation fault").
 * @level:       its table level, or -1 if it has none.
 * @isv:         the syndrome describes the access and @ipa is exact, so
 *               it can be emulated (data aborts of single-register loads
 *               and stores).
 * @size:        bytes accessed: 1, 2, 4 or 8 (if @isv).
 * @reg:         the register transferred, 31 = zero register (if @isv).
 * @sign_extend: a load sign-extends (if @isv).
 * @reg64:       the register is Xn, not Wn (if @isv).
 */
struct arch_trap {
	unsigned int kind;
	const char *what;
	unsigned int ec;
	uint64_t esr;
	uint64_t pc;
	uint16_t imm;
	unsigned int access;
	bool s1ptw;
	bool translation;
	bool ipa_valid;
	uint64_t ipa;
	const char *fault;
	int level;
	bool isv;
	unsigned int size;
	unsigned int reg;
	bool sign_extend;
	bool reg64;
};

/**
 * arch_vcpu_decode() - what the last exit of @v was.
 * @v:    the vCPU, after arch_vcpu_enter().
 * @exit: what arch_vcpu_enter() returned.
 * @t:    filled in.
 *
 * A trapped SMC leaves ELR_EL2 at the SMC itself, unlike HVC (Arm ARM
 * D1.10.2, "preferred return address"): the PC is moved past it here, so
 * the two conduits look alike to the caller.  Call once per exit.
 */
void arch_vcpu_decode(struct arch_vcpu *v, unsigned int exit,
    struct arch_trap *t);

/**
 * arch_exception_class_name() - an ESR_ELx.EC in words.
 * @ec: the exception class.
 *
 * Return: a constant string ("other" for classes hvfw does not name).
 */
const char *arch_exception_class_name(unsigned int ec);

#endif /* HVFW_ARCH_H */
