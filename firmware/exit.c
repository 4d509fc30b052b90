/* SPDX-License-Identifier: ISC */
/*
 * exit.c - guest exits: a flat dispatch on what arch_vcpu_decode() says
 * the exit was, to one small handler each.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/s2pt.h>
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
	uint64_t lo, size, hi;

	if (!vm_ram_nearest(v->vm, t->ipa, &lo, &size)) {
		console_printf("hvfw: vm%u: the VM has no RAM\n", v->vm->id);
		return;
	}
	hi = lo + size - 1;
	console_printf("hvfw: vm%u: IPA 0x%llx is %s RAM at IPA "
	    "0x%llx-0x%llx\n", v->vm->id, (unsigned long long)t->ipa,
	    t->ipa >= lo && t->ipa <= hi ? "inside" : "outside the nearest",
	    (unsigned long long)lo, (unsigned long long)hi);
}

/* Where and how the vCPU faulted, for its host. */
static struct vm_crash
where(const struct vcpu *v, const struct arch_trap *t)
{
	bool fault = t->kind == ARCH_TRAP_S2_ABORT;

	return (struct vm_crash){
		.vcpu = v->index,
		.access = fault ? t->access : ARCH_ACCESS_READ,
		.ipa = fault && t->ipa_valid ? t->ipa : 0,
		.esr = t->esr,
		.pc = t->pc,
	};
}

/* Stop the VM as crashed and say why. */
static void
crash(struct vcpu *v, const struct arch_trap *t)
{
	unsigned int id = v->vm->id;

	v->vm->crash = where(v, t);
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

/*
 * A translation fault in a demand-paged range: the host maps the page and
 * the access is retried (the PC stays).  A fault on a page mapped since,
 * by another vCPU's fault, is just retried.
 */
static bool
handle_demand(struct vcpu *v, const struct arch_trap *t)
{
	struct vm *vm = v->vm;
	struct vm_crash at;
	struct s2pt_leaf leaf;

	if (!t->ipa_valid || !t->translation || !vm_is_demand(vm, t->ipa)) {
		return false;
	}
	if (s2pt_lookup(&vm->pt, ipa_init(t->ipa), &leaf) == 0) {
		return true;
	}
	v->state = VCPU_FAULT;
	v->fault_ipa = t->ipa & ~(uint64_t)0xfff;
	at = where(v, t);
	vm->env->host->fault(vm, &at);
	return true;
}

static void
handle_abort(struct vcpu *v, const struct arch_trap *t)
{
	struct pl011_emul *u = &v->vm->uart;
	uint64_t off = t->ipa - PL011_EMUL_BASE, val;

	if (handle_demand(v, t)) {
		return;
	}
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

/*
 * WFI (and WFE, which is not trapped) completes when the vCPU has
 * something to do: input on its UART or one of its own timers due.  Until
 * then it waits off the CPU (vcpu_runnable() looks).
 */
static void
handle_wfx(struct vcpu *v)
{
	v->stats.wfx++;
	arch_vcpu_skip(&v->arch);
	if (!pl011_emul_rx_pending(&v->vm->uart)) {
		v->state = VCPU_WFI;
	}
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
