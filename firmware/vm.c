/* SPDX-License-Identifier: ISC */
/*
 * vm.c - a VM's life: create, set vCPUs, map and unmap RAM, run, pause,
 * stop, destroy.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>
#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "arch.h"
#include "owner.h"
#include "pl011_emul.h"
#include "s2env.h"
#include "sched.h"
#include "shared.h"
#include "vcpu.h"
#include "vm.h"

#define PAGE_SIZE	4096ull
/*
 * Table pages an unmap may need to split the blocks at both ends of its
 * range: a 1 GiB block split to 2 MiB and one of those to 4 KiB, twice.
 */
#define UNMAP_SPLIT_PAGES	4

static void
uart_out(void *arg, const uint8_t *bytes, size_t len)
{
	struct vm *vm = arg;

	vm->env->host->console_out(vm, bytes, len);
}

/**
 * vm_create() - an empty, paused VM with its vCPUs off.
 * @vm:         the VM.
 * @env:        the environment.
 * @id:         its number.
 * @name:       its name.
 * @vcpu_count: vCPUs.
 * @ipa_bits:   IPA size.
 *
 * Return: 0, -EINVAL or what s2pt_init() returned.
 */
int
vm_create(struct vm *vm, const struct vm_env *env, unsigned int id,
    const char *name, unsigned int vcpu_count, unsigned int ipa_bits)
{
	const struct s2pt_config pt_cfg = {
		.ipa_bits = ipa_bits,
		.pa_bits = env->pa_bits,
		.ops = &s2env_vm_ops,
		.ctx = env->s2,
		.vmid = &vm->vmid,
	};
	unsigned int i;
	int ret;

	if (id == 0 || id > OWNER_VM_COUNT || vcpu_count == 0 ||
	    vcpu_count > VM_VCPU_MAX || ipa_bits < S2PT_IPA_BITS_MIN ||
	    ipa_bits > env->ipa_bits) {
		return -EINVAL;
	}
	*vm = (struct vm){
		.id = id,
		.owner = owner_vm(id - 1),
		.state = VM_STATE_CREATED,
		.env = env,
		.vcpu_count = vcpu_count,
	};
	for (i = 0; i < VM_NAME_MAX && name[i] != '\0'; i++) {
		vm->name[i] = name[i];
	}
	ret = s2pt_vtcr(ipa_bits, env->pa_bits, env->vmid_hw_bits, &vm->vtcr);
	if (ret != 0) {
		return ret;
	}
	vmid_ctx_init(&vm->vmid);
	ret = s2pt_init(&vm->pt, &pt_cfg);
	if (ret != 0) {
		return ret;
	}
	pl011_emul_init(&vm->uart, uart_out, vm);
	for (i = 0; i < vcpu_count; i++) {
		vcpu_init(&vm->vcpu[i], vm, i);
	}
	return 0;
}

/**
 * vm_stopped() - off, reset or crashed.
 * @vm: the VM.
 *
 * Return: whether it stopped.
 */
bool
vm_stopped(const struct vm *vm)
{
	return vm->state == VM_STATE_OFF || vm->state == VM_STATE_RESET ||
	    vm->state == VM_STATE_CRASHED;
}

/**
 * vm_set_vcpu() - a vCPU's state for the next run.
 * @vm:    the VM.
 * @index: the vCPU.
 * @on:    on or off.
 * @pc:    entry point.
 * @x0:    x0.
 *
 * Return: 0, -EINVAL or -EBUSY.
 */
int
vm_set_vcpu(struct vm *vm, unsigned int index, bool on, uint64_t pc,
    uint64_t x0)
{
	struct vcpu *v;

	if (index >= vm->vcpu_count) {
		return -EINVAL;
	}
	if (vm->state == VM_STATE_RUNNING) {
		return -EBUSY;
	}
	v = &vm->vcpu[index];
	if (on) {
		vcpu_power_on(v, pc, x0);
	} else {
		v->state = VCPU_OFF;
	}
	return 0;
}

/* Zero [@pa, @pa + @size) through the EL2 identity map; clean to PoC. */
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

/* Whether [@pa, @pa + @size) is RAM a VM may be given. */
static bool
givable(const struct vm_env *env, uint64_t pa, uint64_t size)
{
	return pa >= env->ram_base && size <= env->ram_end - env->ram_base &&
	    pa - env->ram_base <= env->ram_end - env->ram_base - size;
}

/**
 * vm_map() - give the VM RAM.
 * @vm:     the VM.
 * @ipa:    guest address.
 * @pa:     board address.
 * @size:   bytes.
 * @attr:   permissions and memory type.
 * @shared: a shared region.
 *
 * Return: 0 or -errno; nothing changed on error.
 */
int
vm_map(struct vm *vm, ipa_t ipa, pa_t pa, uint64_t size,
    struct s2pt_attr attr, bool shared)
{
	const struct vm_env *env = vm->env;
	uint64_t spa, ssize;
	int ret, region = -1;

	if (size == 0 || ((pa_addr(pa) | size) & (PAGE_SIZE - 1)) != 0) {
		return -EINVAL;
	}
	if (!givable(env, pa_addr(pa), size)) {
		return -EPERM;
	}
	/* The one gate every page passes on its way into a VM. */
	if (shared) {
		region = shared_get(env->shared, pa, size, &vm->shared);
		ret = region < 0 ? region : 0;
	} else {
		ret = owner_claim(env->owners, pa, size, vm->owner);
	}
	if (ret != 0) {
		return ret;
	}
	ret = s2pt_map(&vm->pt, ipa, pa, size, attr);
	if (ret != 0) {
		if (shared) {
			shared_put(env->shared, (unsigned int)region,
			    &vm->shared, &spa, &ssize);
			if (ssize != 0) {
				(void)shared_release(env->shared, spa, ssize);
			}
		} else {
			(void)owner_release(env->owners, pa, size, vm->owner);
		}
		return ret;
	}
	sched_wake();
	return 0;
}

/*
 * What vm_unmap() and vm_destroy() find in the VM's stage 2: the first
 * mapped run, or every one.
 */
struct found {
	struct vm *vm;
	struct s2pt_dump_rec rec;
	uint64_t pages;
};

static int
first_mapped(void *arg, const struct s2pt_dump_rec *rec)
{
	struct found *f = arg;

	if (!rec->valid) {
		return 0;
	}
	f->rec = *rec;
	return 1;
}

/* Scrub a run of the VM's own pages and give them back to nobody. */
static void
give_back(struct vm *vm, pa_t pa, uint64_t size)
{
	struct owner_table *owners = vm->env->owners;

	if (owner_of(owners, pa) != vm->owner) {
		return;		/* shared: the region's, until the last holder */
	}
	scrub(pa_addr(pa), size);
	(void)owner_release(owners, pa, size, vm->owner);
}

/**
 * vm_unmap() - take RAM away from the VM, scrubbing what it owned.
 * @vm:   the VM.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Run by run: each mapped run is unmapped (and invalidated) before its
 * pages are scrubbed, so no vCPU can see the scrub or write after it.
 * Only the two ends of the range can need a split, and the pool is checked
 * for that first, so no step after the first can fail.
 *
 * Return: 0, -EINVAL, -ERANGE or -ENOMEM.
 */
int
vm_unmap(struct vm *vm, ipa_t ipa, uint64_t size)
{
	struct found f = { .vm = vm };
	uint64_t at = ipa_addr(ipa), end = at + size;
	int ret;

	ret = s2pt_dump(&vm->pt, ipa, size, first_mapped, &f);
	if (ret < 0) {
		return ret;
	}
	if (ret == 1 &&
	    pagepool_free_pages(vm->env->s2->pool) < UNMAP_SPLIT_PAGES) {
		return -ENOMEM;
	}
	while (ret == 1) {
		ret = s2pt_unmap(&vm->pt, f.rec.ipa, f.rec.size);
		if (ret != 0) {
			return ret;	/* not reached: see above */
		}
		give_back(vm, f.rec.pa, f.rec.size);
		at = ipa_addr(f.rec.ipa) + f.rec.size;
		if (at >= end) {
			break;
		}
		ret = s2pt_dump(&vm->pt, ipa_init(at), end - at, first_mapped,
		    &f);
	}
	return ret < 0 ? ret : 0;
}

/* vm_ram_nearest()'s search: the range being gathered, the best so far. */
struct nearest {
	uint64_t ipa;
	uint64_t lo, hi;		/* the range being gathered, [lo, hi) */
	uint64_t best_lo, best_hi;
	bool found;
};

/* How far @a is from [@lo, @hi): 0 inside. */
static uint64_t
distance(uint64_t a, uint64_t lo, uint64_t hi)
{
	if (a < lo) {
		return lo - a;
	}
	return a < hi ? 0 : a - hi + 1;
}

static void
consider(struct nearest *n)
{
	if (n->hi == n->lo) {
		return;
	}
	if (!n->found || distance(n->ipa, n->lo, n->hi) <
	    distance(n->ipa, n->best_lo, n->best_hi)) {
		n->best_lo = n->lo;
		n->best_hi = n->hi;
		n->found = true;
	}
}

static int
gather(void *arg, const struct s2pt_dump_rec *rec)
{
	struct nearest *n = arg;
	uint64_t a = ipa_addr(rec->ipa);

	if (!rec->valid) {
		return 0;
	}
	if (a != n->hi) {
		consider(n);
		n->lo = a;
	}
	n->hi = a + rec->size;
	return 0;
}

/**
 * vm_ram_nearest() - the mapped range nearest @ipa.
 * @vm:   the VM.
 * @ipa:  the address.
 * @base: its first IPA.
 * @size: its bytes.
 *
 * Return: true if anything is mapped.
 */
bool
vm_ram_nearest(const struct vm *vm, uint64_t ipa, uint64_t *base,
    uint64_t *size)
{
	struct nearest n = { .ipa = ipa };

	(void)s2pt_dump(&vm->pt, ipa_init(0), vm->pt.ipa_limit, gather, &n);
	consider(&n);
	if (n.found) {
		*base = n.best_lo;
		*size = n.best_hi - n.best_lo;
	}
	return n.found;
}

/**
 * vm_add_demand() - declare a demand-paged range.
 * @vm:   the VM.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Return: 0, -EINVAL, -ERANGE or -ENOSPC.
 */
int
vm_add_demand(struct vm *vm, uint64_t ipa, uint64_t size)
{
	uint64_t limit = vm->pt.ipa_limit;

	if (size == 0 || ((ipa | size) & (PAGE_SIZE - 1)) != 0) {
		return -EINVAL;
	}
	if (ipa >= limit || size > limit - ipa) {
		return -ERANGE;
	}
	if (vm->demand_count == VM_DEMAND_MAX) {
		return -ENOSPC;
	}
	vm->demand[vm->demand_count++] = (struct vm_demand){ ipa, size };
	return 0;
}

/**
 * vm_is_demand() - whether @ipa is demand-paged.
 * @vm:  the VM.
 * @ipa: the address.
 *
 * Return: true if it is.
 */
bool
vm_is_demand(const struct vm *vm, uint64_t ipa)
{
	unsigned int i;

	for (i = 0; i < vm->demand_count; i++) {
		if (ipa - vm->demand[i].ipa < vm->demand[i].size) {
			return true;
		}
	}
	return false;
}

/**
 * vm_run() - schedule the VM's vCPUs.
 * @vm: the VM.
 *
 * Return: 0 or -EINVAL.
 */
int
vm_run(struct vm *vm)
{
	if (vm_stopped(vm)) {
		return -EINVAL;
	}
	vm->state = VM_STATE_RUNNING;
	sched_wake();
	return 0;
}

/**
 * vm_pause() - hold the VM's vCPUs.
 * @vm: the VM.
 */
void
vm_pause(struct vm *vm)
{
	if (vm->state == VM_STATE_RUNNING) {
		vm->state = VM_STATE_PAUSED;
	}
}

/**
 * vm_stop() - stop the VM, the first reason standing.
 * @vm:    the VM.
 * @state: why.
 */
void
vm_stop(struct vm *vm, unsigned int state)
{
	pl011_emul_flush(&vm->uart);
	if (vm_stopped(vm)) {
		return;
	}
	vm->state = state;
	vm->env->host->exited(vm);
	sched_evict(vm, false);
	sched_wake();
}

static int
give_back_run(void *arg, const struct s2pt_dump_rec *rec)
{
	struct found *f = arg;

	if (rec->valid) {
		give_back(f->vm, rec->pa, rec->size);
		f->pages += rec->size / PAGE_SIZE;
	}
	return 0;
}

/* Let go of every shared region the VM holds; the last holder scrubs. */
static void
drop_shared(struct vm *vm)
{
	struct shared_table *st = vm->env->shared;
	uint64_t pa, size;
	unsigned int i;

	for (i = 0; i < SHARED_MAX; i++) {
		shared_put(st, i, &vm->shared, &pa, &size);
		if (size != 0) {
			scrub(pa, size);
			(void)shared_release(st, pa, size);
		}
	}
}

/**
 * vm_destroy() - scrub and give back, unmap, release the VMID.
 * @vm: the VM, not running anywhere.
 *
 * The host asked for it, so the host is not told the VM stopped. *
 * Its pages are scrubbed while still mapped: no vCPU of it runs, and the
 * scheduler lock keeps anyone from claiming them before the table is gone.
 *
 * Return: pages scrubbed.
 */
uint64_t
vm_destroy(struct vm *vm)
{
	struct found f = { .vm = vm };

	pl011_emul_flush(&vm->uart);
	if (!vm_stopped(vm)) {
		vm->state = VM_STATE_OFF;	/* asked for: nothing to tell */
	}
	(void)s2pt_dump(&vm->pt, ipa_init(0),
	    vm->pt.ipa_limit, give_back_run, &f);
	drop_shared(vm);
	s2pt_fini(&vm->pt);
	vmid_release(vm->env->vmids, &vm->vmid);
	return f.pages;
}
