/* SPDX-License-Identifier: ISC */
/*
 * vm.h - a virtual machine: its stage-2 address space, its VMID, its RAM
 * regions, its vCPUs and its emulated UART.
 *
 * The firmware keeps no allocator for VMs: the caller owns the struct
 * vm.  A VM is created empty, gets RAM mapped, runs, stops (off, reset or
 * crashed) and is destroyed, which unmaps everything, invalidates and
 * releases its VMID, scrubs its RAM and gives it back to nobody.  The RAM
 * it is given is claimed in the firmware's ownership table (owner.h)
 * first, so no page is ever in two VMs, nor the firmware's in any.
 */
#ifndef HVFW_VM_H
#define HVFW_VM_H

#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "owner.h"
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
 * @owners:   the ownership table of physical pages.
 * @vmids:    the VMID allocator.
 * @cpu:      the calling physical CPU's index for @vmids.
 * @ipa_bits: IPA size of every VM's stage 2.
 * @pa_bits:  the CPU's PA size.
 * @vtcr:     VTCR_EL2 for @ipa_bits (s2pt_vtcr()).
 */
struct vm_env {
	struct s2env *s2;
	struct owner_table *owners;
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
 * @id:           its number, for messages ("vm3"), 1..OWNER_VM_COUNT.
 * @owner:        the owner id of its RAM: owner_vm(@id - 1).
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
	uint8_t owner;
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
 * @id:   its number, 1..OWNER_VM_COUNT; its RAM is owned by owner id
 *        owner_vm(@id - 1), so two VMs that exist at once need two ids.
 * @name: its name (cut at VM_NAME_MAX).
 * @pc:   where its first vCPU starts (IPA).
 * @x0:   that vCPU's x0.
 *
 * Allocates the root of its stage-2 tables from the pool.  The UART's
 * lines go to the console as "[vmN] text".
 *
 * Return: 0; -EINVAL for an @id out of range; else what s2pt_init()
 * returned (-ENOMEM: the pool is empty).
 */
int vm_create(struct vm *vm, const struct vm_env *env, unsigned int id,
    const char *name, uint64_t pc, uint64_t x0);

/**
 * vm_map_ram() - give the VM RAM: Normal write-back, read/write/execute.
 * @vm:   the VM, not running.
 * @ipa:  where the guest sees it.
 * @pa:   where it is; the caller has checked that it is RAM.
 * @size: bytes.
 *
 * Every page of [@pa, @pa + @size) is claimed for the VM in the ownership
 * table before anything is mapped: if any is owned (by the firmware, by
 * another VM, or by this one already), nothing is mapped and -EPERM says
 * so (owner_find_other() names the owner in the way).
 *
 * Return: 0; -ENOSPC if the VM has VM_REGION_MAX regions; -EPERM if a
 * page is owned; else what owner_claim() or s2pt_map() returned.  On
 * error nothing is mapped or claimed.
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
 * is left for whoever gets the pages next, and only then releases the RAM
 * in the ownership table (VM -> OWNER_NONE).
 *
 * Return: the number of 4 KiB pages scrubbed.
 */
uint64_t vm_destroy(struct vm *vm);

#endif /* HVFW_VM_H */
