/* SPDX-License-Identifier: ISC */
/*
 * vm.h - a virtual machine: its stage-2 address space, its VMID, the RAM it
 * was given, its demand-paged regions, its vCPUs and its emulated UART.
 *
 * The firmware keeps no allocator for VMs: the caller owns the struct vm
 * (vmtable.h holds the mailbox's).  A VM is created empty and paused, gets
 * RAM mapped, runs, may be paused and run again, stops (off, reset or
 * crashed) and is destroyed, which unmaps everything, invalidates and
 * releases its VMID, scrubs its RAM and gives it back to nobody.
 *
 * Every page of RAM a VM is given is claimed in the firmware's ownership
 * table (owner.h) first, so no page is ever in two VMs, nor the firmware's
 * in any, unless hvd declared the range shared (shared.h).  The VM's own
 * stage-2 table is the record of what it holds: unmapping and destroying
 * walk it to find the pages to scrub and give back, so no list of regions
 * can disagree with what the hardware translates.
 *
 * What happens to the VM that its host must know (console output, a stop,
 * a demand fault) goes out through struct vm_host_ops: lines on the serial
 * console for the guests of the command line, mailbox events under hvd.
 *
 * All calls are made with the scheduler lock held (sched.h).
 */
#ifndef HVFW_VM_H
#define HVFW_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "owner.h"
#include "pl011_emul.h"
#include "plat.h"
#include "s2env.h"
#include "shared.h"
#include "vcpu.h"

/** VM_NAME_MAX - longest VM name, in characters. */
#define VM_NAME_MAX		15
/** VM_VCPU_MAX - vCPUs per VM. */
#define VM_VCPU_MAX		8
/** VM_DEMAND_MAX - demand-paged regions per VM. */
#define VM_DEMAND_MAX		4

/** enum vm_state - where a VM is in its life. */
enum vm_state {
	VM_STATE_CREATED,	/* made, not run yet (paused) */
	VM_STATE_RUNNING,	/* its vCPUs that are on are scheduled */
	VM_STATE_PAUSED,	/* ran, and is held until the next run */
	VM_STATE_OFF,		/* PSCI SYSTEM_OFF, or every vCPU off */
	VM_STATE_RESET,		/* PSCI SYSTEM_RESET */
	VM_STATE_CRASHED,	/* an exit it cannot go on from */
};

/**
 * struct vm_crash - what made a VM crash, for its host's report.
 * @vcpu:   the vCPU.
 * @access: enum arch_access of the fault (ARCH_ACCESS_READ if not a fault).
 * @ipa:    the faulting IPA (0 if unknown or not a fault).
 * @esr:    ESR_EL2 of the exit.
 * @pc:     the guest PC.
 */
struct vm_crash {
	unsigned int vcpu;
	unsigned int access;
	uint64_t ipa;
	uint64_t esr;
	uint64_t pc;
};

struct vm;

/**
 * struct vm_host_ops - how a VM tells its host what happened.
 * @console_out: bytes the guest wrote to its UART (a chunk of at most
 *               PL011_EMUL_OUT_MAX).
 * @exited:      the VM stopped: vm->state says how, vm->crash why it crashed.
 *               Called once per VM.
 * @fault:       a vCPU (@where->vcpu) faulted inside a demand-paged region
 *               and waits until the host maps @where->ipa.
 */
struct vm_host_ops {
	void (*console_out)(struct vm *vm, const uint8_t *bytes, size_t len);
	void (*exited)(struct vm *vm);
	void (*fault)(struct vm *vm, const struct vm_crash *where);
};

/**
 * struct vm_env - what every VM of the firmware shares.
 * @s2:       the stage-2 environment (table pool, TLB and cache ops).
 * @owners:   the ownership table of physical pages.
 * @shared:   the shared regions.
 * @vmids:    the VMID allocator.
 * @host:     where the VMs' news go.
 * @ipa_bits: largest IPA size of a VM's stage 2.
 * @pa_bits:  the CPU's PA size.
 * @vtcr:     VTCR_EL2 for @ipa_bits (s2pt_vtcr()), VS for the CPU's width.
 * @vmid_hw_bits: the CPU's VMID width (for VTCR_EL2 of smaller VMs).
 * @ram_base: first byte of RAM a VM may be given.
 * @ram_end:  first byte past it (the mailbox and beyond are not).
 */
struct vm_env {
	struct s2env *s2;
	struct owner_table *owners;
	struct shared_table *shared;
	struct vmid_allocator *vmids;
	const struct vm_host_ops *host;
	unsigned int ipa_bits;
	unsigned int pa_bits;
	uint64_t vtcr;
	unsigned int vmid_hw_bits;
	uint64_t ram_base;
	uint64_t ram_end;
};

/**
 * struct vm_demand - a demand-paged IPA range: a fault there is the host's
 * to resolve with a map, not a crash.
 * @ipa:  first IPA.
 * @size: bytes.
 */
struct vm_demand {
	uint64_t ipa;
	uint64_t size;
};

/**
 * struct vm - one VM.
 * @id:           its number, for messages ("vm3") and hvd, 1..OWNER_VM_COUNT.
 * @owner:        the owner id of its RAM: owner_vm(@id - 1).
 * @name:         its name.
 * @state:        enum vm_state.
 * @env:          the shared environment.
 * @pt:           its stage-2 tables.
 * @vtcr:         VTCR_EL2 for its IPA size.
 * @vmid:         its VMID.
 * @shared:       bit i: it holds shared region i (shared.h).
 * @demand:       its demand-paged regions.
 * @demand_count: how many.
 * @crash:        why it crashed (VM_STATE_CRASHED).
 * @vcpu:         its vCPUs.
 * @vcpu_count:   how many.
 * @last_ran:     per physical CPU, 1 + the index of its vCPU that CPU ran
 *                last (0: none), so another vCPU of it coming there
 *                flushes what that one left in the CPU's TLB.
 * @uart:         its PL011 at PL011_EMUL_BASE.
 */
struct vm {
	unsigned int id;
	uint8_t owner;
	char name[VM_NAME_MAX + 1];
	unsigned int state;
	const struct vm_env *env;
	struct s2pt pt;
	uint64_t vtcr;
	struct vmid_ctx vmid;
	uint32_t shared;
	struct vm_demand demand[VM_DEMAND_MAX];
	unsigned int demand_count;
	struct vm_crash crash;
	struct vcpu vcpu[VM_VCPU_MAX];
	unsigned int vcpu_count;
	uint8_t last_ran[PLAT_CPU_MAX];
	struct pl011_emul uart;
};

/**
 * vm_create() - an empty, paused VM whose vCPUs are all off.
 * @vm:         the VM (caller memory).
 * @env:        the shared environment; must outlive the VM.
 * @id:         its number, 1..OWNER_VM_COUNT; its RAM is owned by owner id
 *              owner_vm(@id - 1), so two VMs that exist at once need two ids.
 * @name:       its name (cut at VM_NAME_MAX).
 * @vcpu_count: its vCPUs, 1..VM_VCPU_MAX.
 * @ipa_bits:   its IPA size, S2PT_IPA_BITS_MIN..@env->ipa_bits.
 *
 * Allocates the root of its stage-2 tables from the pool.
 *
 * Return: 0; -EINVAL for an @id, @vcpu_count or @ipa_bits out of range;
 * else what s2pt_init() returned (-ENOMEM: the pool is empty).
 */
int vm_create(struct vm *vm, const struct vm_env *env, unsigned int id,
    const char *name, unsigned int vcpu_count, unsigned int ipa_bits);

/**
 * vm_set_vcpu() - a vCPU's state for the next run: on at @pc with @x0 (the
 * rest of its registers at reset), or off.
 * @vm:    the VM, not running.
 * @index: the vCPU.
 * @on:    power it on (else off).
 * @pc:    entry point (IPA).
 * @x0:    its x0.
 *
 * Return: 0; -EINVAL for an @index out of range; -EBUSY if the VM runs.
 */
int vm_set_vcpu(struct vm *vm, unsigned int index, bool on, uint64_t pc,
    uint64_t x0);

/**
 * vm_map() - give the VM RAM.
 * @vm:     the VM, in any state (a running VM's vCPUs see it at once).
 * @ipa:    where the guest sees it.
 * @pa:     where it is.
 * @size:   bytes.
 * @attr:   permissions and memory type.
 * @shared: the range is shared (shared.h): exactly the same range may be
 *          mapped into other VMs with @shared too.
 *
 * The range must be RAM a VM may have (@vm->env's [ram_base, ram_end)),
 * and every page of it nobody's: it is claimed for the VM (or for the
 * shared region) in the ownership table before anything is mapped.  vCPUs
 * waiting on a demand fault in the range are woken.
 *
 * Return: 0; -EPERM if a page is outside that RAM or owned by the firmware
 * or another VM (or by this one, mapped elsewhere); -ENOSPC if no shared
 * region is left; else what owner_claim() or s2pt_map() returned
 * (-EINVAL misaligned, -ERANGE outside the IPA space, -EEXIST an IPA
 * mapped to another PA, -ENOMEM).  On error nothing changed.
 */
int vm_map(struct vm *vm, ipa_t ipa, pa_t pa, uint64_t size,
    struct s2pt_attr attr, bool shared);

/**
 * vm_unmap() - take RAM away from the VM.
 * @vm:   the VM.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Every mapped page of the range is unmapped and its TLB entries
 * invalidated; then the pages the VM owned are scrubbed and given back to
 * nobody, so the host may give them to another VM.  Shared pages stay the
 * shared region's until the VM is destroyed.
 *
 * Return: 0; -EINVAL misaligned; -ERANGE outside the IPA space; -ENOMEM if
 * the pool could not split a block at an end of the range (checked before
 * anything is unmapped).
 */
int vm_unmap(struct vm *vm, ipa_t ipa, uint64_t size);

/**
 * vm_add_demand() - declare [@ipa, @ipa + @size) demand-paged.
 * @vm:   the VM.
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 *
 * Return: 0; -EINVAL misaligned; -ERANGE outside the VM's IPA space;
 * -ENOSPC if it has VM_DEMAND_MAX regions.
 */
int vm_add_demand(struct vm *vm, uint64_t ipa, uint64_t size);

/**
 * vm_is_demand() - whether @ipa is inside one of the VM's demand regions.
 * @vm:  the VM.
 * @ipa: the address.
 *
 * Return: true if it is.
 */
bool vm_is_demand(const struct vm *vm, uint64_t ipa);

/**
 * vm_ram_nearest() - the mapped IPA range that holds @ipa, or the one
 * closest to it, for reports.
 * @vm:   the VM.
 * @ipa:  the address.
 * @base: set to the range's first IPA.
 * @size: set to its bytes.
 *
 * A range is a run of mapped pages with no hole in IPA.
 *
 * Return: true if the VM has anything mapped (else nothing is set).
 */
bool vm_ram_nearest(const struct vm *vm, uint64_t ipa, uint64_t *base,
    uint64_t *size);

/**
 * vm_run() - let the VM's vCPUs that are on be scheduled.
 * @vm: the VM.
 *
 * Return: 0; -EINVAL if it has stopped.
 */
int vm_run(struct vm *vm);

/**
 * vm_pause() - hold the VM's vCPUs until vm_run(); a stopped VM stays as
 * it is.
 * @vm: the VM.
 */
void vm_pause(struct vm *vm);

/**
 * vm_stopped() - whether the VM has stopped for good.
 * @vm: the VM.
 *
 * Return: true if off, reset or crashed.
 */
bool vm_stopped(const struct vm *vm);

/**
 * vm_stop() - stop the VM for good (no vCPU is entered again), unless it
 * has stopped already: the first reason stands, and only the first tells
 * the host (vm_host_ops.exited).
 * @vm:    the VM.
 * @state: VM_STATE_OFF, VM_STATE_RESET or VM_STATE_CRASHED (@vm->crash
 *         filled in first).
 *
 * The UART's pending output goes out first, so that a report that follows
 * comes after the guest's last words.
 */
void vm_stop(struct vm *vm, unsigned int state);

/**
 * vm_destroy() - tear the VM down.
 * @vm: the VM, no vCPU of which is running on any CPU.
 *
 * Stops the VM without telling its host (which asked).  Scrubs every page
 * the VM owns (zeroed and cleaned to the point of
 * coherency, so nothing of the guest is left for whoever gets the pages
 * next) and gives it back to nobody, drops its shared regions, then
 * unmaps everything and frees every table page (s2pt_fini(), which
 * invalidates the VMID's TLB entries) and releases the VMID.
 *
 * Return: the number of 4 KiB pages scrubbed.
 */
uint64_t vm_destroy(struct vm *vm);

#endif /* HVFW_VM_H */
