/* SPDX-License-Identifier: ISC */
/*
 * exit.c - guest exits: a flat dispatch on what arch_vcpu_decode() says
 * the exit was, to one small handler each.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/types.h>

#include "arch.h"
#include "console.h"
#include "exit.h"
#include "pl011_emul.h"
#include "psci.h"
#include "vcpu.h"
#include "vm.h"

static const char *
access_name(const struct arch_trap *t)
{
	static const char *const name[] = {
		[ARCH_ACCESS_READ] = "read",
		[ARCH_ACCESS_WRITE] = "write",
		[ARCH_ACCESS_EXEC] = "exec",
	};

	if (t->s1ptw) {
		return t->access == ARCH_ACCESS_WRITE ?
		    "write (stage-1 table walk)" : "read (stage-1 table walk)";
	}
	return name[t->access];
}

/* Where the faulting IPA is, against the VM's RAM. */
static void
report_region(const struct vcpu *v, const struct arch_trap *t)
{
	const struct vm_region *r = vm_region_nearest(v->vm, ipa_init(t->ipa));
	uint64_t lo, hi;

	if (r == NULL) {
		console_printf("hvfw: vm%u: the VM has no RAM\n", v->vm->id);
		return;
	}
	lo = ipa_addr(r->ipa);
	hi = lo + r->size - 1;
	console_printf("hvfw: vm%u: IPA 0x%llx is %s RAM at IPA "
	    "0x%llx-0x%llx\n", v->vm->id, (unsigned long long)t->ipa,
	    t->ipa >= lo && t->ipa <= hi ? "inside" : "outside the nearest",
	    (unsigned long long)lo, (unsigned long long)hi);
}

/* Stop the VM as crashed and say why. */
static void
crash(struct vcpu *v, const struct arch_trap *t)
{
	unsigned int id = v->vm->id;

	vm_stop(v->vm, VM_STATE_CRASHED);
	if (t->kind != ARCH_TRAP_S2_ABORT) {
		console_printf("hvfw: vm%u crashed: vcpu %u, unexpected exit: "
		    "%s (EC 0x%x), ESR 0x%llx, PC 0x%llx\n", id, v->index,
		    t->what, t->ec, (unsigned long long)t->esr,
		    (unsigned long long)t->pc);
		return;
	}
	if (!t->ipa_valid) {
		console_printf("hvfw: vm%u crashed: vcpu %u, IPA unknown, %s, "
		    "%s, ESR 0x%llx, PC 0x%llx\n", id, v->index,
		    access_name(t), t->fault, (unsigned long long)t->esr,
		    (unsigned long long)t->pc);
		return;
	}
	console_printf("hvfw: vm%u crashed: vcpu %u, IPA 0x%llx, %s, "
	    "%s level %d, ESR 0x%llx, PC 0x%llx\n", id, v->index,
	    (unsigned long long)t->ipa, access_name(t), t->fault, t->level,
	    (unsigned long long)t->esr, (unsigned long long)t->pc);
	report_region(v, t);
}

/* A load's value as the destination register gets it (ISS SSE and SF). */
static uint64_t
load_extend(uint64_t val, const struct arch_trap *t)
{
	unsigned int bits = 8 * t->size;

	if (bits < 64 && t->sign_extend && (val >> (bits - 1)) & 1) {
		val |= ~(uint64_t)0 << bits;
	}
	return t->reg64 ? val : val & 0xffffffffull;
}

static bool
is_uart(const struct arch_trap *t)
{
	return t->ipa >= PL011_EMUL_BASE &&
	    t->ipa - PL011_EMUL_BASE <= PL011_EMUL_SIZE - t->size;
}

static void
handle_abort(struct vcpu *v, const struct arch_trap *t)
{
	struct pl011_emul *u = &v->vm->uart;
	uint64_t off = t->ipa - PL011_EMUL_BASE, val;

	if (!t->isv || !t->ipa_valid || t->access == ARCH_ACCESS_EXEC ||
	    !is_uart(t)) {
		crash(v, t);
		return;
	}
	if (t->access == ARCH_ACCESS_WRITE) {
		pl011_emul_write(u, off, t->size,
		    arch_vcpu_reg(&v->arch, t->reg));
	} else {
		val = pl011_emul_read(u, off, t->size);
		arch_vcpu_set_reg(&v->arch, t->reg, load_extend(val, t));
	}
	v->stats.mmio++;
	arch_vcpu_skip(&v->arch);
}

static void
handle_smccc(struct vcpu *v, const struct arch_trap *t)
{
	v->stats.psci++;
	psci_call(v, t->imm);
}

static void
handle_wfx(struct vcpu *v)
{
	v->stats.wfx++;
	arch_vcpu_skip(&v->arch);
}

/**
 * exit_handle() - handle one exit.
 * @v:    the vCPU.
 * @exit: enum arch_exit.
 */
void
exit_handle(struct vcpu *v, unsigned int exit)
{
	struct arch_trap t;

	v->stats.exits++;
	arch_vcpu_decode(&v->arch, exit, &t);
	switch (t.kind) {
	case ARCH_TRAP_HVC:
	case ARCH_TRAP_SMC:
		handle_smccc(v, &t);
		break;
	case ARCH_TRAP_WFX:
		handle_wfx(v);
		break;
	case ARCH_TRAP_S2_ABORT:
		handle_abort(v, &t);
		break;
	case ARCH_TRAP_IRQ:
		v->stats.irq++;
		break;
	default:
		crash(v, &t);
		break;
	}
}
