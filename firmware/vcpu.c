/* SPDX-License-Identifier: ISC */
/*
 * vcpu.c - running a vCPU: load, enter, handle the exit, again; put.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/vmid.h>

#include "arch.h"
#include "exit.h"
#include "vcpu.h"
#include "vm.h"

/**
 * vcpu_init() - a vCPU at reset, powered on.
 * @v:     the vCPU.
 * @vm:    its VM.
 * @index: its number.
 * @pc:    entry point.
 * @x0:    x0.
 */
void
vcpu_init(struct vcpu *v, struct vm *vm, unsigned int index, uint64_t pc,
    uint64_t x0)
{
	*v = (struct vcpu){ .vm = vm, .index = index, .on = true };
	arch_vcpu_reset(&v->arch, pc, x0, index);
}

/**
 * vcpu_run() - run @v until it is off or its VM has stopped.
 * @v: the vCPU.
 *
 * The VMID is taken once per load: nothing else runs on this CPU until
 * the put, so it stays current (a rollover happens only in vmid_enter()).
 */
void
vcpu_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const struct vm_env *env = vm->env;
	vmid_t vmid;
	unsigned int exit;

	if (vm->state == VM_STATE_CREATED) {
		vm->state = VM_STATE_RUNNING;
	}
	vmid = vmid_enter(env->vmids, &vm->vmid, env->cpu);
	arch_vcpu_load(&v->arch, env->vtcr, s2pt_vttbr(&vm->pt, vmid));
	while (v->on && vm->state == VM_STATE_RUNNING) {
		exit = arch_vcpu_enter(&v->arch);
		exit_handle(v, exit);
	}
	arch_vcpu_put(&v->arch);
}
