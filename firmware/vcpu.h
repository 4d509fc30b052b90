/* SPDX-License-Identifier: ISC */
/*
 * vcpu.h - a virtual CPU: its saved state (arch.h) and running it on the
 * calling physical CPU until its VM stops or it goes off.
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
 */
struct vcpu_stats {
	uint64_t exits;
	uint64_t psci;
	uint64_t mmio;
	uint64_t wfx;
	uint64_t irq;
};

/**
 * struct vcpu - one vCPU of a VM.
 * @vm:    its VM.
 * @index: its number in the VM (its MPIDR Aff0).
 * @on:    powered on (PSCI): it runs while this holds and its VM runs.
 * @arch:  registers.
 * @stats: exit counts.
 */
struct vcpu {
	struct vm *vm;
	unsigned int index;
	bool on;
	struct arch_vcpu arch;
	struct vcpu_stats stats;
};

/**
 * vcpu_init() - a vCPU at reset, powered on.
 * @v:     the vCPU.
 * @vm:    its VM.
 * @index: its number in the VM.
 * @pc:    entry point (IPA).
 * @x0:    its x0.
 */
void vcpu_init(struct vcpu *v, struct vm *vm, unsigned int index,
    uint64_t pc, uint64_t x0);

/**
 * vcpu_run() - run @v on the calling CPU until it is off or its VM has
 * stopped (off, reset or crashed).
 * @v: the vCPU.
 *
 * Gets the VM a current VMID (vmid_enter()), loads the vCPU with its VM's
 * stage 2, enters it and hands every exit to exit_handle(); puts it back
 * when done, so the CPU is the firmware's again.
 */
void vcpu_run(struct vcpu *v);

#endif /* HVFW_VCPU_H */
