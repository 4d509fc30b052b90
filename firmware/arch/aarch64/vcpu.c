/* SPDX-License-Identifier: ISC */
/*
 * vcpu.c - a vCPU's system registers: reset state, load onto the CPU with
 * the EL2 controls that confine it, save back.
 *
 * One vCPU is loaded on a CPU at a time, and its EL1 registers stay on the
 * CPU from arch_vcpu_load() to arch_vcpu_put(): the exits in between are
 * handled at EL2 without touching them, so only x0..x30, PC and PSTATE move
 * on every entry and exit (vcpu_switch.S).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/* vcpu_switch.S addresses these by offset. */
_Static_assert(offsetof(struct arch_vcpu, gprs) == 0,
    "vcpu_switch.S: the registers start the vCPU");
_Static_assert(offsetof(struct arch_vcpu_gprs, pc) == 248 &&
    offsetof(struct arch_vcpu_gprs, pstate) == 256,
    "vcpu_switch.S: ELR_EL2 and SPSR_EL2 follow x30");
_Static_assert(offsetof(struct arch_vcpu, syn) == 264 &&
    offsetof(struct arch_vcpu_syndrome, far) == 8 &&
    offsetof(struct arch_vcpu_syndrome, hpfar) == 16,
    "vcpu_switch.S: ESR, FAR and HPFAR_EL2 follow SPSR_EL2");
_Static_assert(offsetof(struct arch_fpsimd, fpsr) == 512 &&
    offsetof(struct arch_fpsimd, fpcr) == 520,
    "vcpu_switch.S: FPSR and FPCR follow V31");

/* vcpu_switch.S */
void arch_fpsimd_save(struct arch_fpsimd *fp);
void arch_fpsimd_load(const struct arch_fpsimd *fp);

/* APIAKeyLo_EL1 .. APGAKeyHi_EL1 (Arm ARM D19.2), named by encoding so
 * that an ARMv8.0 assembler takes them. */
#define APKEY_READ(k, i, reg)	((k)[i] = read_sysreg(reg))
#define APKEY_WRITE(k, i, reg)	write_sysreg(reg, (k)[i])

static void
apkeys_save(uint64_t *k)
{
	APKEY_READ(k, 0, s3_0_c2_c1_0);
	APKEY_READ(k, 1, s3_0_c2_c1_1);
	APKEY_READ(k, 2, s3_0_c2_c1_2);
	APKEY_READ(k, 3, s3_0_c2_c1_3);
	APKEY_READ(k, 4, s3_0_c2_c2_0);
	APKEY_READ(k, 5, s3_0_c2_c2_1);
	APKEY_READ(k, 6, s3_0_c2_c2_2);
	APKEY_READ(k, 7, s3_0_c2_c2_3);
	APKEY_READ(k, 8, s3_0_c2_c3_0);
	APKEY_READ(k, 9, s3_0_c2_c3_1);
}

static void
apkeys_load(const uint64_t *k)
{
	APKEY_WRITE(k, 0, s3_0_c2_c1_0);
	APKEY_WRITE(k, 1, s3_0_c2_c1_1);
	APKEY_WRITE(k, 2, s3_0_c2_c1_2);
	APKEY_WRITE(k, 3, s3_0_c2_c1_3);
	APKEY_WRITE(k, 4, s3_0_c2_c2_0);
	APKEY_WRITE(k, 5, s3_0_c2_c2_1);
	APKEY_WRITE(k, 6, s3_0_c2_c2_2);
	APKEY_WRITE(k, 7, s3_0_c2_c2_3);
	APKEY_WRITE(k, 8, s3_0_c2_c3_0);
	APKEY_WRITE(k, 9, s3_0_c2_c3_1);
}

/**
 * arch_vcpu_reset() - a vCPU in its reset state.
 * @v:     the vCPU.
 * @pc:    entry point.
 * @x0:    x0.
 * @index: its number in the VM (MPIDR Aff0).
 */
void
arch_vcpu_reset(struct arch_vcpu *v, uint64_t pc, uint64_t x0,
    unsigned int index)
{
	struct arch_cpu_features f;

	arch_cpu_features(&f);
	*v = (struct arch_vcpu){
		.gprs = { .pc = pc, .pstate = ARCH_VCPU_PSTATE_EL1H },
		.pauth = f.pauth,
	};
	v->gprs.x[0] = x0;
	v->sys.sctlr_el1 = SCTLR_EL1_RES1;
	v->sys.vmpidr_el2 = MPIDR_RES1 | (index & 0xffu);
	v->sys.vpidr_el2 = read_sysreg(midr_el1);
}

/**
 * arch_vcpu_mpidr() - the vCPU's affinity fields.
 * @v: the vCPU.
 *
 * Return: Aff3..Aff0 of VMPIDR_EL2.
 */
uint64_t
arch_vcpu_mpidr(const struct arch_vcpu *v)
{
	return v->sys.vmpidr_el2 & MPIDR_AFF_MASK;
}

static void
sysregs_load(const struct arch_vcpu_sysregs *s)
{
	write_sysreg(sctlr_el1, s->sctlr_el1);
	write_sysreg(ttbr0_el1, s->ttbr0_el1);
	write_sysreg(ttbr1_el1, s->ttbr1_el1);
	write_sysreg(tcr_el1, s->tcr_el1);
	write_sysreg(mair_el1, s->mair_el1);
	write_sysreg(amair_el1, s->amair_el1);
	write_sysreg(vbar_el1, s->vbar_el1);
	write_sysreg(contextidr_el1, s->contextidr_el1);
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(tpidrro_el0, s->tpidrro_el0);
	write_sysreg(esr_el1, s->esr_el1);
	write_sysreg(far_el1, s->far_el1);
	write_sysreg(afsr0_el1, s->afsr0_el1);
	write_sysreg(afsr1_el1, s->afsr1_el1);
	write_sysreg(par_el1, s->par_el1);
	write_sysreg(cpacr_el1, s->cpacr_el1);
	write_sysreg(cntkctl_el1, s->cntkctl_el1);
	write_sysreg(sp_el0, s->sp_el0);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr_el1);
	write_sysreg(spsr_el1, s->spsr_el1);
	write_sysreg(csselr_el1, s->csselr_el1);
	write_sysreg(cntv_cval_el0, s->cntv_cval_el0);
	write_sysreg(cntv_ctl_el0, s->cntv_ctl_el0);
	write_sysreg(cntp_cval_el0, s->cntp_cval_el0);
	write_sysreg(cntp_ctl_el0, s->cntp_ctl_el0);
	write_sysreg(vmpidr_el2, s->vmpidr_el2);
	write_sysreg(vpidr_el2, s->vpidr_el2);
}

static void
sysregs_save(struct arch_vcpu_sysregs *s)
{
	s->sctlr_el1 = read_sysreg(sctlr_el1);
	s->ttbr0_el1 = read_sysreg(ttbr0_el1);
	s->ttbr1_el1 = read_sysreg(ttbr1_el1);
	s->tcr_el1 = read_sysreg(tcr_el1);
	s->mair_el1 = read_sysreg(mair_el1);
	s->amair_el1 = read_sysreg(amair_el1);
	s->vbar_el1 = read_sysreg(vbar_el1);
	s->contextidr_el1 = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->esr_el1 = read_sysreg(esr_el1);
	s->far_el1 = read_sysreg(far_el1);
	s->afsr0_el1 = read_sysreg(afsr0_el1);
	s->afsr1_el1 = read_sysreg(afsr1_el1);
	s->par_el1 = read_sysreg(par_el1);
	s->cpacr_el1 = read_sysreg(cpacr_el1);
	s->cntkctl_el1 = read_sysreg(cntkctl_el1);
	s->sp_el0 = read_sysreg(sp_el0);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->csselr_el1 = read_sysreg(csselr_el1);
	s->cntv_ctl_el0 = read_sysreg(cntv_ctl_el0);
	s->cntv_cval_el0 = read_sysreg(cntv_cval_el0);
	s->cntp_ctl_el0 = read_sysreg(cntp_ctl_el0);
	s->cntp_cval_el0 = read_sysreg(cntp_cval_el0);
	/* VMPIDR_EL2 and VPIDR_EL2 are the firmware's to set: not read back. */
}

/**
 * arch_vcpu_load() - EL2 controls, stage 2 and @v's registers.
 * @v:     the vCPU.
 * @vtcr:  VTCR_EL2.
 * @vttbr: VTTBR_EL2.
 *
 * HCR_EL2.VM goes on last, after the DSB that makes the stage-2 tables
 * visible to the walker and with every EL1 register already the guest's.
 */
void
arch_vcpu_load(const struct arch_vcpu *v, uint64_t vtcr, uint64_t vttbr)
{
	uint64_t hcr = HCR_RW | HCR_VM | HCR_TSC | HCR_TWI | HCR_IMO |
	    HCR_FMO | HCR_AMO;

	if (v->pauth) {
		hcr |= HCR_APK | HCR_API;
		apkeys_load(v->sys.apkey);
	}
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_TZ);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	isb();
	arch_fpsimd_load(&v->fp);
	sysregs_load(&v->sys);
	write_sysreg(vtcr_el2, vtcr);
	write_sysreg(vttbr_el2, vttbr);
	dsb_ish();
	write_sysreg(hcr_el2, hcr);
	isb();
}

/**
 * arch_vcpu_put() - save @v and give the CPU back to the firmware.
 * @v: the vCPU.
 */
void
arch_vcpu_put(struct arch_vcpu *v)
{
	sysregs_save(&v->sys);
	arch_fpsimd_save(&v->fp);
	if (v->pauth) {
		apkeys_save(v->sys.apkey);
	}
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	write_sysreg(vttbr_el2, 0);
	isb();
}

/**
 * arch_vcpu_reg() - a general register, 31 reading as zero.
 * @v: the vCPU.
 * @n: 0..31.
 *
 * Return: its value.
 */
uint64_t
arch_vcpu_reg(const struct arch_vcpu *v, unsigned int n)
{
	return n < 31 ? v->gprs.x[n] : 0;
}

/**
 * arch_vcpu_set_reg() - set a general register; 31 is the zero register.
 * @v:   the vCPU.
 * @n:   0..31.
 * @val: the value.
 */
void
arch_vcpu_set_reg(struct arch_vcpu *v, unsigned int n, uint64_t val)
{
	if (n < 31) {
		v->gprs.x[n] = val;
	}
}

/**
 * arch_vcpu_skip() - PC past the trapping instruction.
 * @v: the vCPU.
 */
void
arch_vcpu_skip(struct arch_vcpu *v)
{
	v->gprs.pc += 4;
}

/* One EL1 timer's compare value, if it is enabled and not masked. */
static bool
timer_armed(uint64_t ctl, uint64_t cval, uint64_t *when)
{
	if ((ctl & CNT_CTL_ENABLE) == 0 || (ctl & CNT_CTL_IMASK) != 0) {
		return false;
	}
	*when = cval;
	return true;
}

/**
 * arch_vcpu_timer_deadline() - the earliest armed timer of the vCPU.
 * @v:    the vCPU.
 * @when: its compare value.
 *
 * Return: true if one is armed.
 */
bool
arch_vcpu_timer_deadline(const struct arch_vcpu *v, uint64_t *when)
{
	uint64_t virt, phys;
	bool has_virt, has_phys;

	has_virt = timer_armed(v->sys.cntv_ctl_el0, v->sys.cntv_cval_el0, &virt);
	has_phys = timer_armed(v->sys.cntp_ctl_el0, v->sys.cntp_cval_el0, &phys);
	if (!has_virt && !has_phys) {
		return false;
	}
	*when = !has_phys || (has_virt && virt < phys) ? virt : phys;
	return true;
}
