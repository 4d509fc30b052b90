/* SPDX-License-Identifier: ISC */
/*
 * psci.c - PSCI 1.0 for guests: a flat dispatch on the function id to one
 * handler each.
 *
 * Results are written to x0 as 64-bit signed values (so -1 reads as -1
 * through both W0 and X0); x1..x3 are left as the caller set them, which
 * SMCCC allows.  Arguments of SMC32 functions are their registers' low 32
 * bits, as SMCCC says.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "psci.h"
#include "sched.h"
#include "vcpu.h"
#include "vm.h"

/* The MPIDR affinity fields compared at each AFFINITY_INFO level. */
static const uint64_t affinity_mask[] = {
	0xff00ffffffull, 0xff00ffff00ull, 0xff00ff0000ull, 0xff00000000ull,
};

#define AFFINITY_LEVELS \
	(sizeof(affinity_mask) / sizeof(affinity_mask[0]))

static uint64_t
arg(const struct vcpu *v, unsigned int n, uint32_t fid)
{
	uint64_t x = arch_vcpu_reg(&v->arch, n);

	/* Bit 30 of the id: the SMC64/HVC64 calling convention. */
	return (fid & 0x40000000u) ? x : (uint32_t)x;
}

static int64_t
handle_features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

static int64_t
handle_affinity_info(struct vcpu *v, uint64_t target, uint64_t level)
{
	const struct vm *vm = v->vm;
	uint64_t mask;
	bool found = false, on = false;
	unsigned int i;

	if (level >= AFFINITY_LEVELS || (target & ~affinity_mask[0]) != 0) {
		return PSCI_RET_INVALID_PARAMETERS;
	}
	mask = affinity_mask[level];
	for (i = 0; i < vm->vcpu_count; i++) {
		if ((arch_vcpu_mpidr(&vm->vcpu[i].arch) & mask) ==
		    (target & mask)) {
			found = true;
			on = on || vm->vcpu[i].state != VCPU_OFF;
		}
	}
	if (!found) {
		return PSCI_RET_INVALID_PARAMETERS;
	}
	return on ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
}

/*
 * The target is a vCPU of the VM (INVALID_PARAMETERS otherwise); one that
 * is off is reset to enter at @entry with x0 = @context and scheduled.
 */
static int64_t
handle_cpu_on(struct vcpu *v, uint64_t target, uint64_t entry,
    uint64_t context)
{
	struct vm *vm = v->vm;
	struct vcpu *t;
	unsigned int i;

	for (i = 0; i < vm->vcpu_count; i++) {
		t = &vm->vcpu[i];
		if (arch_vcpu_mpidr(&t->arch) != target) {
			continue;
		}
		if (t->state != VCPU_OFF) {
			return PSCI_RET_ALREADY_ON;
		}
		vcpu_power_on(t, entry, context);
		sched_wake();
		return PSCI_RET_SUCCESS;
	}
	return PSCI_RET_INVALID_PARAMETERS;
}

static void
handle_cpu_off(struct vcpu *v)
{
	const struct vm *vm = v->vm;
	unsigned int i;

	v->state = VCPU_OFF;
	for (i = 0; i < vm->vcpu_count; i++) {
		if (vm->vcpu[i].state != VCPU_OFF) {
			return;
		}
	}
	vm_stop(v->vm, VM_STATE_OFF);
}

static int64_t
dispatch(struct vcpu *v, uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_0;
	case PSCI_FEATURES:
		return handle_features((uint32_t)arg(v, 1, fid));
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_MIGRATE_NONE;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_64:
		return handle_affinity_info(v, arg(v, 1, fid), arg(v, 2, fid));
	case PSCI_CPU_ON:
	case PSCI_CPU_ON_64:
		return handle_cpu_on(v, arg(v, 1, fid), arg(v, 2, fid),
		    arg(v, 3, fid));
	case PSCI_CPU_OFF:
		handle_cpu_off(v);
		return PSCI_RET_SUCCESS;
	case PSCI_SYSTEM_OFF:
		vm_stop(v->vm, VM_STATE_OFF);
		return PSCI_RET_SUCCESS;
	case PSCI_SYSTEM_RESET:
		vm_stop(v->vm, VM_STATE_RESET);
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

/**
 * psci_call() - carry out an SMCCC call.
 * @v:   the vCPU.
 * @imm: the HVC/SMC immediate.
 */
void
psci_call(struct vcpu *v, uint16_t imm)
{
	int64_t ret = PSCI_RET_NOT_SUPPORTED;

	if (imm == 0) {
		ret = dispatch(v, (uint32_t)arch_vcpu_reg(&v->arch, 0));
	}
	arch_vcpu_set_reg(&v->arch, 0, (uint64_t)ret);
}
