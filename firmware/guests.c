/* SPDX-License-Identifier: ISC */
/*
 * guests.c - the guests named on the command line: checked, then run one
 * after the other, each destroyed before the next is created.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "bootarg.h"
#include "console.h"
#include "guests.h"
#include "vcpu.h"
#include "vm.h"

/** GUESTS_WORD_SHOWN - characters of a refused word that are shown. */
#define GUESTS_WORD_SHOWN	64

static struct bootarg_guest accepted[GUESTS_MAX];
/* One VM at a time, so one slot. */
static struct vm vm_slot;

/* "hvfw: hvfw.guest=VALUE: WHY, skipped", the value shown safely. */
static void
refuse(const char *val, size_t len, const char *why)
{
	char shown[GUESTS_WORD_SHOWN + 4];
	size_t i, n = len < GUESTS_WORD_SHOWN ? len : GUESTS_WORD_SHOWN;

	for (i = 0; i < n; i++) {
		shown[i] = val[i] > 0x20 && val[i] < 0x7f ? val[i] : '?';
	}
	if (n < len) {
		shown[n++] = '.';
		shown[n++] = '.';
		shown[n++] = '.';
	}
	shown[n] = '\0';
	console_printf("hvfw: hvfw.guest=%s: %s, skipped\n", shown, why);
}

/* Why [@g->pa, +@g->size) cannot be a guest's RAM, or NULL if it can. */
static const char *
check_range(const struct guests_config *cfg, const struct bootarg_guest *g,
    unsigned int count)
{
	uint64_t end = g->pa + g->size;
	unsigned int i;

	if (g->pa < cfg->ram_base || end > cfg->ram_end) {
		return "the range is not inside RAM";
	}
	if (g->pa < cfg->reserved_end) {
		return "the range overlaps the firmware's device tree, image "
		    "or page pool";
	}
	if (g->size > ((uint64_t)1 << cfg->env->ipa_bits) - GUESTS_IPA_BASE) {
		return "the size does not fit the IPA space";
	}
	for (i = 0; i < count; i++) {
		if (g->pa < accepted[i].pa + accepted[i].size &&
		    accepted[i].pa < end) {
			return "the range overlaps an earlier guest's";
		}
	}
	if (count == GUESTS_MAX) {
		return "too many guests";
	}
	return NULL;
}

/* Check every hvfw.guest= word into accepted[]; return the word count. */
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
		accepted[(*count)++] = g;
	}
	return words;
}

/* How the VM ended, and what its vCPU did. */
static void
report_end(const struct vm *vm)
{
	const struct vcpu_stats *st = &vm->vcpu[0].stats;

	switch (vm->state) {
	case VM_STATE_OFF:
		console_printf("hvfw: vm%u off\n", vm->id);
		break;
	case VM_STATE_RESET:
		console_printf("hvfw: vm%u reset: restarting is not supported "
		    "yet, stopped\n", vm->id);
		break;
	default:
		/* crashed: exit.c has said why */
		break;
	}
	console_printf("hvfw: vm%u ran as VMID %u: %llu exits (%llu psci, "
	    "%llu mmio, %llu wfx, %llu irq)\n", vm->id,
	    vmid_value(vmid_current(&vm->vmid)),
	    (unsigned long long)st->exits, (unsigned long long)st->psci,
	    (unsigned long long)st->mmio, (unsigned long long)st->wfx,
	    (unsigned long long)st->irq);
}

static void
report_created(const struct vm *vm, const struct bootarg_guest *g,
    size_t pool_free)
{
	struct s2pt_stats st;

	s2pt_stats(&vm->pt, &st);
	console_printf("hvfw: vm%u created: %s, IPA 0x%llx -> PA 0x%llx, "
	    "%llu KiB, %llu table pages, pool %zu free before\n", vm->id,
	    vm->name, (unsigned long long)GUESTS_IPA_BASE,
	    (unsigned long long)g->pa, (unsigned long long)(g->size >> 10),
	    (unsigned long long)st.table_pages, pool_free);
}

static void
report_destroyed(const struct guests_config *cfg, const struct vm *vm,
    uint64_t pages, size_t pool_before)
{
	size_t after = pagepool_free_pages(cfg->pool);

	if (after == pool_before) {
		console_printf("hvfw: vm%u destroyed, %llu pages scrubbed, "
		    "pool back to %zu free\n", vm->id,
		    (unsigned long long)pages, after);
		return;
	}
	console_printf("hvfw: vm%u destroyed, %llu pages scrubbed, pool at %zu "
	    "free, %zu before: table pages leaked\n", vm->id,
	    (unsigned long long)pages, after, pool_before);
}

static void
run_one(const struct guests_config *cfg, const struct bootarg_guest *g,
    unsigned int id)
{
	struct vm *vm = &vm_slot;
	size_t pool_before = pagepool_free_pages(cfg->pool);
	int ret;

	ret = vm_create(vm, cfg->env, id, g->name, GUESTS_IPA_BASE, g->size);
	if (ret != 0) {
		console_printf("hvfw: vm%u: cannot create %s (error %d), "
		    "skipped\n", id, g->name, ret);
		return;
	}
	ret = vm_map_ram(vm, ipa_init(GUESTS_IPA_BASE), pa_init(g->pa),
	    g->size);
	if (ret == 0) {
		report_created(vm, g, pool_before);
		vcpu_run(&vm->vcpu[0]);
		report_end(vm);
	} else {
		console_printf("hvfw: vm%u: cannot map the RAM of %s "
		    "(error %d), skipped\n", id, g->name, ret);
	}
	report_destroyed(cfg, vm, vm_destroy(vm), pool_before);
}

/**
 * guests_run() - run the guests of the command line.
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
	for (i = 0; i < count; i++) {
		run_one(cfg, &accepted[i], i + 1);
	}
	return words;
}
