/* SPDX-License-Identifier: ISC */
/*
 * guests.c - the guests named on the command line: checked, all created
 * (each claiming its RAM), run one after the other, destroyed last first.
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
#include "bootarg.h"
#include "console.h"
#include "guests.h"
#include "owner.h"
#include "sched.h"
#include "vcpu.h"
#include "vm.h"

/**
 * struct guest - one accepted hvfw.guest= word and its VM.
 * @vm:          its VM (first: guest_of() finds the guest from it).
 * @g:           what the word says.
 * @live:        @vm was created and is not destroyed yet.
 * @pool_before: free pool pages just before @vm was created.
 * @len:         bytes in @line.
 * @line:        the guest's console output since its last newline.
 */
struct guest {
	struct vm vm;
	struct bootarg_guest g;
	bool live;
	size_t pool_before;
	size_t len;
	char line[GUESTS_LINE_MAX + 1];
};

static struct guest guests[GUESTS_MAX];

static struct guest *
guest_of(struct vm *vm)
{
	return (struct guest *)(void *)vm;
}

/* A line of the guest's console: "[vmN] text", unprintable bytes as '?'. */
static void
put_line(struct guest *gu)
{
	gu->line[gu->len] = '\0';
	console_printf("[vm%u] %s\n", gu->vm.id, gu->line);
	gu->len = 0;
}

static void
console_out(struct vm *vm, const uint8_t *bytes, size_t len)
{
	struct guest *gu = guest_of(vm);
	size_t i;

	for (i = 0; i < len; i++) {
		if (bytes[i] == '\n') {
			put_line(gu);
		} else if (bytes[i] != '\r') {
			gu->line[gu->len++] = bytes[i] >= 0x20 &&
			    bytes[i] < 0x7f ? (char)bytes[i] : '?';
			if (gu->len == GUESTS_LINE_MAX) {
				put_line(gu);
			}
		}
	}
}

/* How the VM ended (a crash report has been made by exit.c). */
static void
exited(struct vm *vm)
{
	struct guest *gu = guest_of(vm);

	if (gu->len != 0) {
		put_line(gu);
	}
	switch (vm->state) {
	case VM_STATE_OFF:
		console_printf("hvfw: vm%u off\n", vm->id);
		break;
	case VM_STATE_RESET:
		console_printf("hvfw: vm%u reset: restarting is not supported "
		    "here, stopped\n", vm->id);
		break;
	default:
		break;
	}
}

/* No region of these guests is demand-paged, so no fault is sent here. */
static void
fault(struct vm *vm, const struct vm_crash *at)
{
	(void)at;
	vm_stop(vm, VM_STATE_CRASHED);
}

/**
 * guests_host - struct vm_host_ops of the guests of the command line:
 * their console lines and their ends go to the serial console.
 */
const struct vm_host_ops guests_host = {
	.console_out = console_out,
	.exited = exited,
	.fault = fault,
};

/* "hvfw: hvfw.guest=VALUE: WHY, skipped", the value shown safely. */
static void
refuse(const char *val, size_t len, const char *why)
{
	char shown[BOOTARG_SHOW_MAX + 4];

	console_printf("hvfw: hvfw.guest=%s: %s, skipped\n",
	    bootarg_show(val, len, shown), why);
}

/*
 * Why [@g->pa, +@g->size) cannot be a guest's RAM, or NULL if it may be.
 * Whose RAM it is, the ownership table decides when the VM is created.
 */
static const char *
check_range(const struct guests_config *cfg, const struct bootarg_guest *g,
    unsigned int count)
{
	if (g->pa < cfg->ram_base || g->pa + g->size > cfg->ram_end) {
		return "the range is not inside RAM";
	}
	if (g->size > ((uint64_t)1 << cfg->env->ipa_bits) - GUESTS_IPA_BASE) {
		return "the size does not fit the IPA space";
	}
	if (count == GUESTS_MAX) {
		return "too many guests";
	}
	return NULL;
}

/* Check every hvfw.guest= word into guests[]; return the word count. */
static unsigned int
collect(const struct guests_config *cfg, unsigned int *count)
{
	const char *p = cfg->bootargs, *val, *why;
	struct bootarg_guest g;
	unsigned int words = 0;
	size_t len;

	while ((p = bootarg_next(p, "hvfw.guest", &val, &len)) != NULL) {
		words++;
		if (bootarg_guest(val, len, &g, &why) == 0) {
			why = check_range(cfg, &g, *count);
		}
		if (why != NULL) {
			refuse(val, len, why);
			continue;
		}
		guests[(*count)++] = (struct guest){ .g = g };
	}
	return words;
}

static void
report_created(const struct guest *gu)
{
	struct s2pt_stats st;

	s2pt_stats(&gu->vm.pt, &st);
	console_printf("hvfw: vm%u created: %s, IPA 0x%llx -> PA 0x%llx, "
	    "%llu KiB, %llu table pages, pool %zu free before\n", gu->vm.id,
	    gu->vm.name, (unsigned long long)GUESTS_IPA_BASE,
	    (unsigned long long)gu->g.pa, (unsigned long long)(gu->g.size >> 10),
	    (unsigned long long)st.table_pages, gu->pool_before);
}

/* Why the VM's RAM could not be mapped; for -EPERM, whose it is. */
static void
report_refused(const struct guests_config *cfg, const struct guest *gu,
    int err)
{
	const struct bootarg_guest *g = &gu->g;
	unsigned long long lo = g->pa, hi = g->pa + g->size - 1;
	struct owner_run run;

	if (err != -EPERM || owner_find_other(cfg->env->owners, pa_init(g->pa),
	    g->size, OWNER_NONE, &run) != 0) {
		console_printf("hvfw: vm%u (%s): cannot map PA 0x%llx-0x%llx "
		    "(error %d), skipped\n", gu->vm.id, g->name, lo, hi, err);
		return;
	}
	console_printf("hvfw: vm%u (%s): PA 0x%llx-0x%llx refused: PA "
	    "0x%llx-0x%llx belongs to ", gu->vm.id, g->name, lo, hi,
	    (unsigned long long)pa_addr(run.pa),
	    (unsigned long long)(pa_addr(run.pa) + run.size - 1));
	if (run.owner == OWNER_FIRMWARE) {
		console_printf("the firmware");
	} else {
		console_printf("vm%u", run.owner - OWNER_VM_FIRST + 1u);
	}
	console_printf(", skipped\n");
}

/* Create VM @index + 1 for guests[@index], and give it its RAM. */
static void
create_one(const struct guests_config *cfg, unsigned int index)
{
	struct guest *gu = &guests[index];
	const struct bootarg_guest *g = &gu->g;
	const struct s2pt_attr rwx = { S2PT_RWX, S2PT_NORMAL_WB };
	int ret;

	gu->pool_before = pagepool_free_pages(cfg->pool);
	ret = vm_create(&gu->vm, cfg->env, index + 1, g->name, GUESTS_VCPUS,
	    cfg->env->ipa_bits);
	if (ret == 0) {
		ret = sched_add(&gu->vm);
	}
	if (ret != 0) {
		console_printf("hvfw: vm%u: cannot create %s (error %d), "
		    "skipped\n", index + 1, g->name, ret);
		return;
	}
	(void)vm_set_vcpu(&gu->vm, 0, true, GUESTS_IPA_BASE, g->size);
	arch_vcpu_set_reg(&gu->vm.vcpu[0].arch, 1, g->arg);
	ret = vm_map(&gu->vm, ipa_init(GUESTS_IPA_BASE), pa_init(g->pa),
	    g->size, rwx, false);
	if (ret != 0) {
		report_refused(cfg, gu, ret);
		sched_remove(&gu->vm);
		(void)vm_destroy(&gu->vm);
		if (pagepool_free_pages(cfg->pool) != gu->pool_before) {
			console_printf("hvfw: vm%u: table pages leaked\n",
			    index + 1);
		}
		return;
	}
	gu->live = true;
	report_created(gu);
}

/* Run the VM until it stops; say what its vCPUs did. */
static void
run_one(struct vm *vm)
{
	struct vcpu_stats st = { 0 };
	unsigned int i;

	sched_lock();
	(void)vm_run(vm);
	sched_unlock();
	if (!sched_run_vm(0, vm)) {
		sched_lock();
		console_printf("hvfw: vm%u: every vCPU is off or waits with "
		    "nothing to wake it, stopped\n", vm->id);
		vm_stop(vm, VM_STATE_OFF);
		sched_unlock();
	}
	for (i = 0; i < vm->vcpu_count; i++) {
		st.exits += vm->vcpu[i].stats.exits;
		st.psci += vm->vcpu[i].stats.psci;
		st.mmio += vm->vcpu[i].stats.mmio;
		st.wfx += vm->vcpu[i].stats.wfx;
		st.irq += vm->vcpu[i].stats.irq;
	}
	console_printf("hvfw: vm%u ran as VMID %u: %llu exits (%llu psci, "
	    "%llu mmio, %llu wfx, %llu irq)\n", vm->id,
	    vmid_value(vmid_current(&vm->vmid)),
	    (unsigned long long)st.exits, (unsigned long long)st.psci,
	    (unsigned long long)st.mmio, (unsigned long long)st.wfx,
	    (unsigned long long)st.irq);
}

static void
destroy_one(const struct guests_config *cfg, struct guest *gu)
{
	uint64_t pages;
	size_t after;

	sched_lock();
	sched_remove(&gu->vm);
	pages = vm_destroy(&gu->vm);
	after = pagepool_free_pages(cfg->pool);
	sched_unlock();

	gu->live = false;
	if (after == gu->pool_before) {
		console_printf("hvfw: vm%u destroyed, %llu pages scrubbed, "
		    "pool back to %zu free\n", gu->vm.id,
		    (unsigned long long)pages, after);
		return;
	}
	console_printf("hvfw: vm%u destroyed, %llu pages scrubbed, pool at %zu "
	    "free, %zu before: table pages leaked\n", gu->vm.id,
	    (unsigned long long)pages, after, gu->pool_before);
}

static void
report_vmids(const struct guests_config *cfg)
{
	struct vmid_stats st;

	vmid_stats(cfg->env->vmids, &st);
	console_printf("hvfw: vmid generation %llu, rollovers %llu, "
	    "flushes %llu\n", (unsigned long long)st.generation,
	    (unsigned long long)st.rollovers, (unsigned long long)st.flushes);
}

/**
 * guests_run() - create, run and destroy the guests of the command line.
 * @cfg: the configuration.
 *
 * Return: the number of hvfw.guest= words.
 */
unsigned int
guests_run(const struct guests_config *cfg)
{
	unsigned int words, count = 0, i;

	words = collect(cfg, &count);
	if (words == 0) {
		return 0;
	}
	console_printf("hvfw: %u of %u guests to run\n", count, words);
	sched_lock();
	for (i = 0; i < count; i++) {
		create_one(cfg, i);
	}
	sched_unlock();
	for (i = 0; i < count; i++) {
		if (guests[i].live) {
			run_one(&guests[i].vm);
		}
	}
	for (i = count; i-- > 0;) {
		if (guests[i].live) {
			destroy_one(cfg, &guests[i]);
		}
	}
	report_vmids(cfg);
	return words;
}
