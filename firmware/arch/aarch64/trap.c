/* SPDX-License-Identifier: ISC */
/*
 * trap.c - what a guest exit was: ESR_EL2, FAR_EL2 and HPFAR_EL2 decoded
 * into a struct arch_trap, so that the firmware's core handles exits
 * without knowing the syndrome's layout (Arm ARM D17.2.37, ESR_EL2).
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		0x3fu
#define ESR_IMM16_MASK		0xffffu

/* Exception classes hvfw acts on */
#define EC_WFX			0x01u
#define EC_HVC64		0x16u
#define EC_SMC64		0x17u
#define EC_IABT_LOW		0x20u
#define EC_DABT_LOW		0x24u
#define EC_NONE			0x3fu	/* an interrupt: none */

/* Data and instruction abort ISS */
#define ISS_ISV			((uint64_t)1 << 24)
#define ISS_SAS_SHIFT		22
#define ISS_SSE			((uint64_t)1 << 21)
#define ISS_SRT_SHIFT		16
#define ISS_SF			((uint64_t)1 << 15)
#define ISS_FNV			((uint64_t)1 << 10)
#define ISS_S1PTW		((uint64_t)1 << 7)
#define ISS_WNR			((uint64_t)1 << 6)
#define ISS_FSC_MASK		0x3fu

/* HPFAR_EL2.FIPA, bits 43:4, is IPA[55:12] */
#define HPFAR_FIPA_MASK		0x00000ffffffffff0ull
#define HPFAR_FIPA_SHIFT	8

/**
 * arch_exception_class_name() - an exception class in words.
 * @ec: ESR_ELx.EC.
 *
 * Return: its name.
 */
const char *
arch_exception_class_name(unsigned int ec)
{
	switch (ec) {
	case 0x00: return "unknown reason";
	case 0x01: return "WFI/WFE";
	case 0x07: return "FP/SIMD access";
	case 0x09: return "pointer authentication";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC (AArch64)";
	case 0x16: return "HVC (AArch64)";
	case 0x17: return "SMC (AArch64)";
	case 0x18: return "MSR/MRS/system instruction";
	case 0x19: return "SVE access";
	case 0x1d: return "SME access";
	case 0x20: return "instruction abort (lower EL)";
	case 0x21: return "instruction abort (same EL)";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort (lower EL)";
	case 0x25: return "data abort (same EL)";
	case 0x26: return "SP alignment fault";
	case 0x2f: return "SError";
	case 0x3c: return "BRK";
	default: return "other";
	}
}

/* The fault status code's kind; its low two bits are the level for the
 * four kinds that have one. */
static const char *
fault_name(unsigned int fsc, int *level)
{
	static const char *const leveled[] = {
		"address size fault", "translation fault",
		"access flag fault", "permission fault",
	};

	*level = -1;
	if (fsc < 0x10) {
		*level = (int)(fsc & 3);
		return leveled[fsc >> 2];
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	default: return "other fault";
	}
}

static void
decode_abort(const struct arch_vcpu *v, unsigned int ec, struct arch_trap *t)
{
	uint64_t esr = v->syn.esr;
	unsigned int fsc = (unsigned int)esr & ISS_FSC_MASK;

	t->kind = ARCH_TRAP_S2_ABORT;
	t->fault = fault_name(fsc, &t->level);
	t->s1ptw = (esr & ISS_S1PTW) != 0;
	t->translation = (fsc & ~3u) == ARCH_FSC_TRANSLATION(0);
	if (ec == EC_IABT_LOW) {
		t->access = ARCH_ACCESS_EXEC;
	} else {
		t->access = (esr & ISS_WNR) ? ARCH_ACCESS_WRITE :
		    ARCH_ACCESS_READ;
	}
	/* HPFAR_EL2 holds the IPA for the leveled faults only (D17.2.68). */
	t->ipa_valid = fsc < 0x10;
	if (t->ipa_valid) {
		t->ipa = (v->syn.hpfar & HPFAR_FIPA_MASK) << HPFAR_FIPA_SHIFT;
		if ((esr & ISS_FNV) == 0) {
			t->ipa |= v->syn.far & 0xfffu;
		}
	}
	/* Emulation needs the whole address: FAR_EL2 valid (FnV = 0). */
	if (ec == EC_DABT_LOW && (esr & ISS_ISV) && !t->s1ptw &&
	    (esr & ISS_FNV) == 0) {
		t->isv = true;
		t->size = 1u << ((esr >> ISS_SAS_SHIFT) & 3);
		t->reg = (unsigned int)(esr >> ISS_SRT_SHIFT) & 31;
		t->sign_extend = (esr & ISS_SSE) != 0;
		t->reg64 = (esr & ISS_SF) != 0;
	}
}

/**
 * arch_vcpu_decode() - what the last exit of @v was.
 * @v:    the vCPU.
 * @exit: enum arch_exit.
 * @t:    filled in.
 */
void
arch_vcpu_decode(struct arch_vcpu *v, unsigned int exit, struct arch_trap *t)
{
	unsigned int ec = (unsigned int)(v->syn.esr >> ESR_EC_SHIFT) &
	    ESR_EC_MASK;

	*t = (struct arch_trap){
		.kind = ARCH_TRAP_OTHER,
		.ec = ec,
		.esr = v->syn.esr,
		.pc = v->gprs.pc,
		.level = -1,
	};
	if (exit == ARCH_EXIT_IRQ || exit == ARCH_EXIT_FIQ) {
		t->kind = ARCH_TRAP_IRQ;
		t->ec = EC_NONE;
		t->what = exit == ARCH_EXIT_IRQ ? "IRQ" : "FIQ";
		return;
	}
	/* An SError has a syndrome of its own (EC 0x2f): ARCH_TRAP_OTHER. */
	t->what = arch_exception_class_name(ec);
	switch (ec) {
	case EC_WFX:
		t->kind = ARCH_TRAP_WFX;
		break;
	case EC_HVC64:
		t->kind = ARCH_TRAP_HVC;
		t->imm = (uint16_t)(v->syn.esr & ESR_IMM16_MASK);
		t->pc -= 4;
		break;
	case EC_SMC64:
		t->kind = ARCH_TRAP_SMC;
		t->imm = (uint16_t)(v->syn.esr & ESR_IMM16_MASK);
		arch_vcpu_skip(v);
		break;
	case EC_IABT_LOW:
	case EC_DABT_LOW:
		decode_abort(v, ec, t);
		break;
	default:
		break;
	}
}
