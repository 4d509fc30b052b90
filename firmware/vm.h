/* SPDX-License-Identifier: ISC */
/*
 * vm.h - a virtual machine: its stage-2 address space, its VMID, its RAM
 * regions, its vCPUs and its emulated UART.
 *
 * The firmware keeps no allocator for VMs: the caller owns the struct
 * vm.  A VM is created empty, gets RAM mapped, runs, stops (off, reset or
 * crashed) and is destroyed, which unmaps everything, invalidates and
 * releases its VMID and scrubs its RAM.
 */
#ifndef HVFW_VM_H
#define HVFW_VM_H

#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "pl011_emul.h"
#include "s2env.h"
#include "vcpu.h"

/** VM_NAME_MAX - longest VM name, in characters. */
#define VM_NAME_MAX		15
/** VM_REGION_MAX - RAM regions per VM. */
#define VM_REGION_MAX		4
/** VM_VCPU_MAX - vCPUs per VM: one until vCPUs are scheduled. */
#define VM_VCPU_MAX		1

/** enum vm_state - where a VM is in its life. */
enum vm_state {
	VM_STATE_CREATED,	/* made, not run yet */
	VM_STATE_RUNNING,	/* its vCPUs may run */
	VM_STATE_OFF,		/* PSCI SYSTEM_OFF, or every vCPU off */
	VM_STATE_RESET,		/* PSCI SYSTEM_RESET */
	VM_STATE_CRASHED,	/* an exit it cannot go on from */
};

/**
 * struct vm_env - what every VM of the firmware shares.
 * @s2:       the stage-2 environment (table pool, TLB and cache ops).
 * @vmids:    the VMID allocator.
 * @cpu:      the calling physical CPU's index for @vmids.
 * @ipa_bits: IPA size of every VM's stage 2.
 * @pa_bits:  the CPU's PA size.
 * @vtcr:     VTCR_EL2 for @ipa_bits (s2pt_vtcr()).
 */
struct vm_env {
	struct s2env *s2;
	struct vmid_allocator *vmids;
	unsigned int cpu;
	unsigned int ipa_bits;
	unsigned int pa_bits;
	uint64_t vtcr;
};

/**
 * struct vm_region - RAM of a VM: [@ipa, @ipa + @size) -> [@pa, ...).
 * @ipa:  first IPA.
 * @pa:   first PA.
 * @size: bytes.
 */
struct vm_region {
	ipa_t ipa;
	pa_t pa;
	uint64_t size;
};

/**
 * struct vm - one VM.
 * @id:           its number, for messages ("vm3").
 * @name:         its name.
 * @state:        enum vm_state.
 * @env:          the shared environment.
 * @pt:           its stage-2 tables.
 * @vmid:         its VMID.
 * @region:       its RAM regions.
 * @region_count: how many.
 * @vcpu:         its vCPUs.
 * @vcpu_count:   how many.
 * @uart:         its PL011 at PL011_EMUL_BASE.
 */
struct vm {
	unsigned int id;
	char name[VM_NAME_MAX + 1];
	unsigned int state;
	const struct vm_env *env;
	struct s2pt pt;
	struct vmid_ctx vmid;
	struct vm_region region[VM_REGION_MAX];
	unsigned int region_count;
	struct vcpu vcpu[VM_VCPU_MAX];
	unsigned int vcpu_count;
	struct pl011_emul uart;
};

/**
 * vm_create() - an empty VM with one vCPU, powered on at @pc with @x0.
 * @vm:   the VM (caller memory).
 * @env:  the shared environment; must outlive the VM.
 * @id:   its number.
 * @name: its name (cut at VM_NAME_MAX).
 * @pc:   where its first vCPU starts (IPA).
 * @x0:   that vCPU's x0.
 *
 * Allocates the root of its stage-2 tables from the pool.  The UART's
 * lines go to the console as "[vmN] text".
 *
 * Return: 0, or what s2pt_init() returned (-ENOMEM: the pool is empty).
 */
int vm_create(struct vm *vm, const struct vm_env *env, unsigned int id,
    const char *name, uint64_t pc, uint64_t x0);

/**
 * vm_map_ram() - give the VM RAM: Normal write-back, read/write/execute.
 * @vm:   the VM, not running.
 * @ipa:  where the guest sees it.
 * @pa:   where it is; the caller has checked that it is RAM nobody else
 *        has (not the firmware, not another VM).
 * @size: bytes.
 *
 * Return: 0; -ENOSPC if the VM has VM_REGION_MAX regions; else what
 * s2pt_map() returned (nothing is mapped then).
 */
int vm_map_ram(struct vm *vm, ipa_t ipa, pa_t pa, uint64_t size);

/**
 * vm_region_nearest() - the region that holds @ipa, or the one closest to
 * it, for reports.
 * @vm:  the VM.
 * @ipa: the address.
 *
 * Return: the region, or NULL if the VM has none.
 */
const struct vm_region *vm_region_nearest(const struct vm *vm, ipa_t ipa);

/**
 * vm_stop() - stop the VM for good (no vCPU is entered again), unless it
 * has stopped already: the first reason stands.
 * @vm:    the VM.
 * @state: VM_STATE_OFF, VM_STATE_RESET or VM_STATE_CRASHED.
 *
 * The UART's partial line, if any, goes out first, so that a report that
 * follows comes after the guest's last words.
 */
void vm_stop(struct vm *vm, unsigned int state);

/**
 * vm_destroy() - tear the VM down.
 * @vm: the VM, not running.
 *
 * Unmaps everything and frees every table page (s2pt_fini(), which
 * invalidates the VMID's TLB entries), releases the VMID, then zeroes its
 * RAM and cleans it to the point of coherency, so that nothing of the guest
 * is left for whoever gets the pages next.
 *
 * Return: the number of 4 KiB pages scrubbed.
 */
uint64_t vm_destroy(struct vm *vm);

#endif /* HVFW_VM_H */
