/* SPDX-License-Identifier: ISC */
/*
 * vcpu.h - a virtual CPU: its saved state (arch.h), what it waits for,
 * and running it on the calling physical CPU for one time slice.
 */
#ifndef HVFW_VCPU_H
#define HVFW_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

struct vm;

/**
 * struct vcpu_stats - the exits of a vCPU, by what they were.
 * @exits: all of them.
 * @psci:  SMCCC calls (HVC or SMC).
 * @mmio:  emulated device accesses.
 * @wfx:   WFI/WFE.
 * @irq:   physical interrupts taken while it ran.
 * @ticks: counter ticks a CPU spent on it, in the guest and handling its
 *         exits (arch_counter_freq() per second).
 */
struct vcpu_stats {
	uint64_t exits;
	uint64_t psci;
	uint64_t mmio;
	uint64_t wfx;
	uint64_t irq;
	uint64_t ticks;
};

/**
 * enum vcpu_state - what a vCPU is doing, as the scheduler sees it.
 * @VCPU_OFF:   powered off (PSCI): never scheduled.
 * @VCPU_READY: runs whenever its VM runs and a CPU is free.
 * @VCPU_WFI:   waits (WFI) until its UART has input for it.
 * @VCPU_FAULT: waits until the host maps the IPA it faulted on.
 */
enum vcpu_state {
	VCPU_OFF,
	VCPU_READY,
	VCPU_WFI,
	VCPU_FAULT,
};

/** VCPU_NOWHERE - struct vcpu.cpu of a vCPU no physical CPU runs. */
#define VCPU_NOWHERE	(~0u)

/**
 * struct vcpu - one vCPU of a VM.
 * @vm:         its VM.
 * @index:      its number in the VM (its MPIDR Aff0).
 * @state:      enum vcpu_state.
 * @fault_ipa:  the IPA it waits for (VCPU_FAULT).
 * @cpu:        the physical CPU running it, or VCPU_NOWHERE.
 * @arch:       registers.
 * @stats:      exit counts.
 */
struct vcpu {
	struct vm *vm;
	unsigned int index;
	unsigned int state;
	uint64_t fault_ipa;
	unsigned int cpu;
	struct arch_vcpu arch;
	struct vcpu_stats stats;
};

/**
 * vcpu_init() - a vCPU of @vm, off.
 * @v:     the vCPU.
 * @vm:    its VM.
 * @index: its number in the VM.
 */
void vcpu_init(struct vcpu *v, struct vm *vm, unsigned int index);

/**
 * vcpu_power_on() - reset the vCPU and make it ready: EL1h, MMU off,
 * entering at @pc with @x0 (PSCI CPU_ON, or hvd's SET_VCPU).
 * @v:  the vCPU.
 * @pc: entry point (IPA).
 * @x0: its x0; x1..x30 are 0.
 */
void vcpu_power_on(struct vcpu *v, uint64_t pc, uint64_t x0);

/**
 * vcpu_runnable() - whether the scheduler may run the vCPU now: its VM
 * runs, nobody runs it, and it is ready or what it waits for has come.
 * @v: the vCPU.
 *
 * Return: true if it may run.  A vCPU whose wait is over is made ready.
 */
bool vcpu_runnable(struct vcpu *v);

/**
 * vcpu_run() - run @v on the calling CPU for one time slice.
 * @v:        the vCPU; the caller has set @v->cpu and holds the scheduler
 *            lock, which is dropped while the guest runs.
 * @cpu:      the calling CPU's index.
 * @deadline: counter value at which the slice ends.
 *
 * Gets the VM a current VMID (vmid_enter()), loads the vCPU with its VM's
 * stage 2, enters it and hands every exit to exit_handle(), until the
 * slice is over, the vCPU waits or goes off, its VM stops running, or an
 * interrupt asks this CPU to look at its work (sched_irq()); then puts it
 * back, so the CPU is the firmware's again, and sends its UART's pending
 * output.
 */
void vcpu_run(struct vcpu *v, unsigned int cpu, uint64_t deadline);

#endif /* HVFW_VCPU_H */
