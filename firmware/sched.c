/* SPDX-License-Identifier: ISC */
/*
 * sched.c - round-robin time slices over every known vCPU, one lock, and
 * idle CPUs that wait for an interrupt.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hv/errno.h>

#include "arch.h"
#include "plat.h"
#include "sched.h"
#include "smp.h"
#include "spinlock.h"
#include "vcpu.h"
#include "vm.h"

/* vCPU slots the round robin goes over: every vCPU of every VM slot. */
#define SLOTS		(SCHED_VM_MAX * VM_VCPU_MAX)

static struct spinlock lock;
static struct sched_config config;
static struct vm *vms[SCHED_VM_MAX];
static unsigned int cursor;
static uint64_t slice_ticks;
static bool idle[PLAT_CPU_MAX];

/**
 * sched_init() - set the scheduler up.
 * @cfg: the configuration.
 */
void
sched_init(const struct sched_config *cfg)
{
	config = *cfg;
	slice_ticks = arch_counter_freq() * SCHED_SLICE_US / 1000000u;
}

/** sched_lock() - take the scheduler lock. */
void
sched_lock(void)
{
	spinlock_lock(&lock);
}

/** sched_unlock() - release the scheduler lock. */
void
sched_unlock(void)
{
	spinlock_unlock(&lock);
}

/**
 * sched_add() - know @vm.
 * @vm: the VM.
 *
 * Return: 0 or -ENOSPC.
 */
int
sched_add(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < SCHED_VM_MAX; i++) {
		if (vms[i] == NULL) {
			vms[i] = vm;
			return 0;
		}
	}
	return -ENOSPC;
}

/* Whether a CPU other than the caller runs a vCPU of @vm. */
static bool
runs_elsewhere(const struct vm *vm, unsigned int self)
{
	unsigned int i;

	for (i = 0; i < vm->vcpu_count; i++) {
		if (vm->vcpu[i].cpu != VCPU_NOWHERE &&
		    vm->vcpu[i].cpu != self) {
			return true;
		}
	}
	return false;
}

/**
 * sched_evict() - make the CPUs running vCPUs of @vm look again.
 * @vm:   the VM.
 * @wait: wait until none runs one.
 */
void
sched_evict(struct vm *vm, bool wait)
{
	unsigned int self = smp_cpu_index(), i, cpu;

	for (i = 0; i < vm->vcpu_count; i++) {
		cpu = vm->vcpu[i].cpu;
		if (cpu != VCPU_NOWHERE && cpu != self) {
			arch_sgi_send(PLAT_IRQ_KICK, smp_cpu_mpidr(cpu));
		}
	}
	while (wait && runs_elsewhere(vm, self)) {
		sched_unlock();
		arch_cpu_relax();
		sched_lock();
	}
}

/**
 * sched_remove() - forget @vm once none of its vCPUs runs.
 * @vm: the VM.
 */
void
sched_remove(struct vm *vm)
{
	unsigned int i;

	sched_evict(vm, true);
	for (i = 0; i < SCHED_VM_MAX; i++) {
		if (vms[i] == vm) {
			vms[i] = NULL;
		}
	}
}

/**
 * sched_wake() - kick the idle CPUs.
 */
void
sched_wake(void)
{
	unsigned int self = smp_cpu_index(), cpu;

	for (cpu = 0; cpu < config.cpu_count; cpu++) {
		if (cpu != self && idle[cpu]) {
			arch_sgi_send(PLAT_IRQ_KICK, smp_cpu_mpidr(cpu));
		}
	}
}

/**
 * sched_irq() - acknowledge the calling CPU's interrupts.
 * @cpu: its index.
 *
 * The UART's interrupt stays asserted until the mailbox has read the
 * doorbell bytes, so it ends the loop: acknowledging it again would find
 * it pending again.
 *
 * Return: true if the CPU must look at its work.
 */
bool
sched_irq(unsigned int cpu)
{
	unsigned int intid;
	bool look = false;

	(void)cpu;
	while ((intid = arch_irq_ack()) != ARCH_IRQ_SPURIOUS) {
		switch (intid) {
		case PLAT_IRQ_TIMER_EL2:
			arch_timer_disarm();
			look = true;
			break;
		case PLAT_IRQ_KICK:
		case PLAT_IRQ_UART:
			look = true;
			break;
		default:
			break;
		}
		arch_irq_eoi(intid);
		if (intid == PLAT_IRQ_UART) {
			break;
		}
	}
	return look;
}

/*
 * The next runnable vCPU after the last one picked, or NULL; *@wake gets
 * the earliest time a waiting vCPU's own timer ends its WFI.
 */
static struct vcpu *
pick(uint64_t *wake)
{
	struct vcpu *v;
	struct vm *vm;
	unsigned int i, k;
	uint64_t when;

	for (i = 1; i <= SLOTS; i++) {
		k = (cursor + i) % SLOTS;
		vm = vms[k / VM_VCPU_MAX];
		if (vm == NULL || k % VM_VCPU_MAX >= vm->vcpu_count) {
			continue;
		}
		v = &vm->vcpu[k % VM_VCPU_MAX];
		if (vcpu_runnable(v)) {
			cursor = k;
			return v;
		}
		if (vm->state == VM_STATE_RUNNING && v->state == VCPU_WFI &&
		    arch_vcpu_timer_deadline(&v->arch, &when) && when < *wake) {
			*wake = when;
		}
	}
	return NULL;
}

static void
run(struct vcpu *v, unsigned int cpu)
{
	v->cpu = cpu;
	vcpu_run(v, cpu, arch_counter_now() + slice_ticks);
	v->cpu = VCPU_NOWHERE;
}

/* Nothing to run: wait for an interrupt, the timer set for @wake. */
static void
wait(unsigned int cpu, uint64_t wake)
{
	if (wake != UINT64_MAX) {
		arch_timer_arm(wake);
	}
	idle[cpu] = true;
	sched_unlock();
	arch_cpu_wait();
	sched_lock();
	idle[cpu] = false;
	(void)sched_irq(cpu);
	arch_timer_disarm();
}

/**
 * sched_main() - one CPU's scheduler loop.
 * @cpu: its index.
 */
void
sched_main(unsigned int cpu)
{
	struct vcpu *v;
	uint64_t wake;

	sched_lock();
	for (;;) {
		if (cpu == 0 && config.serve != NULL) {
			config.serve();
		}
		wake = UINT64_MAX;
		v = pick(&wake);
		if (v != NULL) {
			run(v, cpu);
		} else {
			wait(cpu, wake);
		}
	}
}

/* Whether any vCPU of @vm is ready or runs. */
static bool
busy(const struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->vcpu_count; i++) {
		if (vm->vcpu[i].state == VCPU_READY ||
		    vm->vcpu[i].cpu != VCPU_NOWHERE) {
			return true;
		}
	}
	return false;
}

/**
 * sched_run_vm() - schedule on this CPU until @vm stops or is stuck.
 * @cpu: the calling CPU.
 * @vm:  the VM.
 *
 * Return: true if it stopped.
 */
bool
sched_run_vm(unsigned int cpu, struct vm *vm)
{
	struct vcpu *v;
	uint64_t wake;
	bool stopped;

	sched_lock();
	for (;;) {
		stopped = vm_stopped(vm);
		if (stopped) {
			break;
		}
		wake = UINT64_MAX;
		v = pick(&wake);
		if (v != NULL) {
			run(v, cpu);
			continue;
		}
		if (!busy(vm) && wake == UINT64_MAX) {
			break;
		}
		wait(cpu, wake);
	}
	sched_unlock();
	return stopped;
}
