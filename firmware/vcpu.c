/* SPDX-License-Identifier: ISC */
/*
 * vcpu.c - a vCPU's life as the scheduler sees it: powered on, runnable
 * or waiting, and run for one time slice: load, enter, handle the exit,
 * again; put.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "arch.h"
#include "exit.h"
#include "pl011_emul.h"
#include "sched.h"
#include "vcpu.h"
#include "vm.h"

/**
 * vcpu_init() - a vCPU, off.
 * @v:     the vCPU.
 * @vm:    its VM.
 * @index: its number.
 */
void
vcpu_init(struct vcpu *v, struct vm *vm, unsigned int index)
{
	*v = (struct vcpu){
		.vm = vm, .index = index, .state = VCPU_OFF,
		.cpu = VCPU_NOWHERE,
	};
	arch_vcpu_reset(&v->arch, 0, 0, index);
}

/**
 * vcpu_power_on() - reset and make ready at @pc with @x0.
 * @v:  the vCPU.
 * @pc: entry point.
 * @x0: x0.
 */
void
vcpu_power_on(struct vcpu *v, uint64_t pc, uint64_t x0)
{
	arch_vcpu_reset(&v->arch, pc, x0, v->index);
	v->state = VCPU_READY;
}

/* Whether the wait of a vCPU that is not running is over. */
static bool
wait_over(const struct vcpu *v, uint64_t now)
{
	struct s2pt_leaf leaf;
	uint64_t when;

	switch (v->state) {
	case VCPU_WFI:
		return pl011_emul_rx_pending(&v->vm->uart) ||
		    (arch_vcpu_timer_deadline(&v->arch, &when) && when <= now);
	case VCPU_FAULT:
		return s2pt_lookup(&v->vm->pt, ipa_init(v->fault_ipa),
		    &leaf) == 0;
	default:
		return false;
	}
}

/**
 * vcpu_runnable() - whether the vCPU may run now.
 * @v: the vCPU.
 *
 * Return: true if it may.
 */
bool
vcpu_runnable(struct vcpu *v)
{
	if (v->vm->state != VM_STATE_RUNNING || v->cpu != VCPU_NOWHERE) {
		return false;
	}
	if (v->state != VCPU_READY && wait_over(v, arch_counter_now())) {
		v->state = VCPU_READY;
	}
	return v->state == VCPU_READY;
}

/**
 * vcpu_run() - run @v for one time slice.
 * @v:        the vCPU.
 * @cpu:      the calling CPU.
 * @deadline: when the slice ends (counter value).
 *
 * The scheduler lock is held on entry and on return; it is dropped only
 * while the guest runs, so every exit is handled under it.
 */
void
vcpu_run(struct vcpu *v, unsigned int cpu, uint64_t deadline)
{
	struct vm *vm = v->vm;
	const struct vm_env *env = vm->env;
	unsigned int exit;
	uint64_t began = arch_counter_now();
	vmid_t vmid;

	vmid = vmid_enter(env->vmids, &vm->vmid, cpu);
	arch_vcpu_load(&v->arch, vm->vtcr, s2pt_vttbr(&vm->pt, vmid));
	if (vm->last_ran[cpu] != v->index + 1) {
		if (vm->last_ran[cpu] != 0) {
			arch_tlb_flush_local_guest();
		}
		vm->last_ran[cpu] = (uint8_t)(v->index + 1);
	}
	arch_timer_arm(deadline);
	for (;;) {
		sched_unlock();
		exit = arch_vcpu_enter(&v->arch);
		sched_lock();
		if (exit == ARCH_EXIT_IRQ) {
			v->stats.exits++;
			v->stats.irq++;
			if (sched_irq(cpu)) {
				break;
			}
			continue;
		}
		exit_handle(v, exit);
		if (v->state != VCPU_READY || vm->state != VM_STATE_RUNNING ||
		    arch_counter_now() >= deadline) {
			break;
		}
	}
	arch_timer_disarm();
	arch_vcpu_put(&v->arch);
	pl011_emul_flush(&vm->uart);
	v->stats.ticks += arch_counter_now() - began;
}
