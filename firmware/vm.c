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
 * Return: 0 or what s2pt_init() returned.
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

	*vm = (struct vm){ .id = id, .state = VM_STATE_CREATED, .env = env };
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
 * Return: 0, -ENOSPC or what s2pt_map() returned.
 */
int
vm_map_ram(struct vm *vm, ipa_t ipa, pa_t pa, uint64_t size)
{
	const struct s2pt_attr rwx = { S2PT_RWX, S2PT_NORMAL_WB };
	int ret;

	if (vm->region_count == VM_REGION_MAX) {
		return -ENOSPC;
	}
	ret = s2pt_map(&vm->pt, ipa, pa, size, rwx);
	if (ret == 0) {
		vm->region[vm->region_count++] = (struct vm_region){
			.ipa = ipa, .pa = pa, .size = size,
		};
	}
	return ret;
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

/**
 * vm_destroy() - unmap, release the VMID, scrub.
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
		scrub(pa_addr(vm->region[i].pa), vm->region[i].size);
		pages += vm->region[i].size >> PAGE_SHIFT;
	}
	vm->region_count = 0;
	return pages;
}
