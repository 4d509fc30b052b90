/* SPDX-License-Identifier: ISC */
/*
 * sched.h - the vCPU scheduler: which vCPU each physical CPU runs, for how
 * long, and what an idle CPU waits for.
 *
 * Every physical CPU runs the same loop (sched_main()): take the next
 * runnable vCPU in round-robin order over the VMs the scheduler knows and
 * their vCPUs, run it for a time slice (the EL2 timer ends the slice), put
 * it back, again.  With nothing to run, the CPU waits for an interrupt:
 * the timer armed for the earliest vCPU whose own timer would end its WFI,
 * a kick from another CPU that made a vCPU runnable, or (CPU 0) the
 * mailbox's doorbell.  CPU 0 also serves the host between slices
 * (struct sched_config.serve).
 *
 * One lock, the scheduler lock, serialises everything the firmware does
 * with VMs: exits, the mailbox's requests, stage-2 changes, the VMID
 * allocator's slow path.  It is dropped only while a guest runs and while
 * a CPU is idle, so vCPUs of different VMs and of one VM run in parallel,
 * and what the lock serialises is what is rare and short.
 */
#ifndef HVFW_SCHED_H
#define HVFW_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "vm.h"

/** SCHED_VM_MAX - VMs the scheduler knows at once. */
#define SCHED_VM_MAX		16
/** SCHED_SLICE_US - a time slice, in microseconds. */
#define SCHED_SLICE_US		10000

/**
 * struct sched_config - what the scheduler serves.
 * @cpu_count: physical CPUs that will call sched_main() (indices
 *             0..@cpu_count - 1).
 * @serve:     called on CPU 0 with the lock held at every turn of its loop,
 *             or NULL: the mailbox (polls for doorbells itself).
 */
struct sched_config {
	unsigned int cpu_count;
	void (*serve)(void);
};

/**
 * sched_init() - set the scheduler up, knowing no VM.
 * @cfg: the configuration (copied).
 */
void sched_init(const struct sched_config *cfg);

/** sched_lock() - take the scheduler lock. */
void sched_lock(void);

/** sched_unlock() - release the scheduler lock. */
void sched_unlock(void);

/**
 * sched_add() - let the scheduler run @vm's vCPUs (when it runs).
 * @vm: the VM.
 *
 * Return: 0, or -ENOSPC if SCHED_VM_MAX VMs are known.
 */
int sched_add(struct vm *vm);

/**
 * sched_remove() - forget @vm: none of its vCPUs runs after this returns.
 * @vm: the VM, known or not.
 *
 * Waits (the lock dropped meanwhile) until no CPU runs a vCPU of @vm.
 */
void sched_remove(struct vm *vm);

/**
 * sched_evict() - make every CPU that runs a vCPU of @vm look again, and
 * wait until none does.
 * @vm: the VM whose state changed (paused, stopped).
 * @wait: wait for them (the lock dropped meanwhile); the caller of a
 *        vCPU exit must not wait, as it runs one of them itself.
 */
void sched_evict(struct vm *vm, bool wait);

/**
 * sched_wake() - tell idle CPUs that a vCPU may have become runnable
 * (a vCPU powered on, input arrived, a page mapped, a VM run).
 */
void sched_wake(void);

/**
 * sched_irq() - acknowledge what interrupted the calling CPU.
 * @cpu: its index.
 *
 * Return: true if the CPU must stop running its vCPU and look at its work
 * (its slice is over, another CPU kicked it, or the doorbell rang on
 * CPU 0).
 */
bool sched_irq(unsigned int cpu);

/**
 * sched_main() - the scheduler loop of one CPU; never returns.
 * @cpu: its index.
 */
void sched_main(unsigned int cpu) __attribute__((noreturn));

/**
 * sched_run_vm() - run the scheduler on the calling CPU until @vm has
 * stopped, or none of its vCPUs can ever run again (all off, or waiting
 * with nothing that could wake them).
 * @cpu: the calling CPU's index.
 * @vm:  the VM, known to the scheduler and running.
 *
 * For the guests of the command line, which run one VM at a time.
 *
 * Return: true if @vm stopped, false if it is stuck.
 */
bool sched_run_vm(unsigned int cpu, struct vm *vm);

#endif /* HVFW_SCHED_H */
