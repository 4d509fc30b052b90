/* SPDX-License-Identifier: ISC */
/*
 * vm.c - a VM's life: create, map RAM, stop, destroy.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/vmid.h>

#include "arch.h"
#include "console.h"
#include "owner.h"
#include "pl011_emul.h"
#include "s2env.h"
#include "vcpu.h"
#include "vm.h"

#define PAGE_SHIFT	12

/* A line of the guest's console output. */
static void
console_line(void *arg, const char *line, size_t len)
{
	const struct vm *vm = arg;

	(void)len;
	console_printf("[vm%u] %s\n", vm->id, line);
}

/**
 * vm_create() - an empty VM with one vCPU.
 * @vm:   the VM.
 * @env:  the environment.
 * @id:   its number.
 * @name: its name.
 * @pc:   entry point.
 * @x0:   x0 at entry.
 *
 * Return: 0, -EINVAL or what s2pt_init() returned.
 */
int
vm_create(struct vm *vm, const struct vm_env *env, unsigned int id,
    const char *name, uint64_t pc, uint64_t x0)
{
	const struct s2pt_config pc_cfg = {
		.ipa_bits = env->ipa_bits,
		.pa_bits = env->pa_bits,
		.ops = &s2env_mm_ops,
		.ctx = env->s2,
		.vmid = &vm->vmid,
	};
	unsigned int i;
	int ret;

	if (id == 0 || id > OWNER_VM_COUNT) {
		return -EINVAL;
	}
	*vm = (struct vm){
		.id = id,
		.owner = owner_vm(id - 1),
		.state = VM_STATE_CREATED,
		.env = env,
	};
	for (i = 0; i < VM_NAME_MAX && name[i] != '\0'; i++) {
		vm->name[i] = name[i];
	}
	vmid_ctx_init(&vm->vmid);
	ret = s2pt_init(&vm->pt, &pc_cfg);
	if (ret != 0) {
		return ret;
	}
	pl011_emul_init(&vm->uart, console_line, vm);
	vm->vcpu_count = 1;
	vcpu_init(&vm->vcpu[0], vm, 0, pc, x0);
	return 0;
}

/**
 * vm_map_ram() - map RAM into the VM.
 * @vm:   the VM.
 * @ipa:  guest address.
 * @pa:   board address.
 * @size: bytes.
 *
 * Return: 0, -ENOSPC, or what owner_claim() or s2pt_map() returned.
 */
int
vm_map_ram(struct vm *vm, ipa_t ipa, pa_t pa, uint64_t size)
{
	const struct s2pt_attr rwx = { S2PT_RWX, S2PT_NORMAL_WB };
	struct owner_table *owners = vm->env->owners;
	int ret;

	if (vm->region_count == VM_REGION_MAX) {
		return -ENOSPC;
	}
	/*
	 * The one gate every page passes on its way into a VM.  A region
	 * hvd declares shared will be let through here for the VMs it
	 * lists, instead of being claimed (owner.h).
	 */
	ret = owner_claim(owners, pa, size, vm->owner);
	if (ret != 0) {
		return ret;
	}
	ret = s2pt_map(&vm->pt, ipa, pa, size, rwx);
	if (ret != 0) {
		(void)owner_release(owners, pa, size, vm->owner);
		return ret;
	}
	vm->region[vm->region_count++] = (struct vm_region){
		.ipa = ipa, .pa = pa, .size = size,
	};
	return 0;
}

/* How far @a is from [@lo, @lo + @size): 0 inside. */
static uint64_t
distance(uint64_t a, uint64_t lo, uint64_t size)
{
	if (a < lo) {
		return lo - a;
	}
	return a - lo < size ? 0 : a - (lo + size - 1);
}

/**
 * vm_region_nearest() - the region holding @ipa, or the closest one.
 * @vm:  the VM.
 * @ipa: the address.
 *
 * Return: the region or NULL.
 */
const struct vm_region *
vm_region_nearest(const struct vm *vm, ipa_t ipa)
{
	const struct vm_region *best = NULL, *r;
	uint64_t d, best_d = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < vm->region_count; i++) {
		r = &vm->region[i];
		d = distance(ipa_addr(ipa), ipa_addr(r->ipa), r->size);
		if (best == NULL || d < best_d) {
			best = r;
			best_d = d;
		}
	}
	return best;
}

/**
 * vm_stop() - stop the VM, the first reason standing.
 * @vm:    the VM.
 * @state: why.
 */
void
vm_stop(struct vm *vm, unsigned int state)
{
	if (vm->state == VM_STATE_CREATED || vm->state == VM_STATE_RUNNING) {
		vm->state = state;
	}
	pl011_emul_flush(&vm->uart);
}

/* Zero [@pa, @pa + @size) through the EL2 identity map, a word at a time. */
static void
scrub(uint64_t pa, uint64_t size)
{
	uint64_t *p = (uint64_t *)(uintptr_t)pa;
	uint64_t i, words = size / sizeof(*p);

	for (i = 0; i < words; i++) {
		p[i] = 0;
	}
	arch_cache_clean_poc((uintptr_t)pa, size);
}

/* Scrub a region, then hand its pages back to nobody. */
static void
give_back(const struct vm *vm, const struct vm_region *r)
{
	int ret;

	scrub(pa_addr(r->pa), r->size);
	ret = owner_release(vm->env->owners, r->pa, r->size, vm->owner);
	if (ret != 0) {
		/* The table disagrees with the VM's regions: a firmware bug. */
		console_printf("hvfw: vm%u: PA 0x%llx-0x%llx not released "
		    "(error %d): the ownership table is inconsistent\n", vm->id,
		    (unsigned long long)pa_addr(r->pa),
		    (unsigned long long)(pa_addr(r->pa) + r->size - 1), ret);
	}
}

/**
 * vm_destroy() - unmap, release the VMID, scrub, release the RAM.
 * @vm: the VM.
 *
 * Return: pages scrubbed.
 */
uint64_t
vm_destroy(struct vm *vm)
{
	uint64_t pages = 0;
	unsigned int i;

	vm_stop(vm, VM_STATE_OFF);
	s2pt_fini(&vm->pt);
	vmid_release(vm->env->vmids, &vm->vmid);
	for (i = 0; i < vm->region_count; i++) {
		give_back(vm, &vm->region[i]);
		pages += vm->region[i].size >> PAGE_SHIFT;
	}
	vm->region_count = 0;
	return pages;
}
