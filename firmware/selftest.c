/* SPDX-License-Identifier: ISC */
/*
 * selftest.c - run the self-test's checks in order and report each.
 *
 * The checks share one struct selftest: each starts from the state the
 * previous ones left (init, map, protect, unmap, collapse, translate, fini)
 * the way a VM's life would go, and each line of output names one check.
 * Checks marked stage2 run with HCR_EL2.VM = 1, so the MMU translates
 * through the table libhv built.
 */
#include <stdbool.h>
#include <stddef.h>

#include "arch.h"
#include "console.h"
#include "selftest.h"
#include "selftest_impl.h"

/** struct check - one named check. */
struct check {
	const char *name;
	void (*fn)(struct selftest *t);
	bool stage2;
};

static const struct check checks[] = {
	{ "el2_map", selftest_mmu_el2_map, false },
	{ "el2_timer_irq", selftest_irq_el2_timer, false },
	{ "kick_every_cpu", selftest_irq_kick_every_cpu, false },
	{ "cpu_on_refused", selftest_irq_cpu_on_refused, false },
	{ "s2pt_init", selftest_s2pt_init, false },
	{ "map_1g_block", selftest_s2pt_map_1g_block, false },
	{ "map_2m_block", selftest_s2pt_map_2m_block, false },
	{ "map_4k_pages", selftest_s2pt_map_4k_pages, false },
	{ "overmap_refused", selftest_s2pt_overmap_refused, false },
	{ "protect_splits_block", selftest_s2pt_protect_splits_block, false },
	{ "unmap_page", selftest_s2pt_unmap_page, false },
	{ "collapse_to_block", selftest_s2pt_collapse_to_block, false },
	{ "set_owner", selftest_s2pt_set_owner, false },
	{ "s2_translates", selftest_mmu_s2_translates, true },
	{ "s2_permission_fault", selftest_mmu_s2_permission_fault, true },
	{ "s2_translation_fault", selftest_mmu_s2_translation_fault, true },
	{ "s2_unmap_live", selftest_mmu_s2_unmap_live, true },
	{ "tlbi_restores_vttbr", selftest_mmu_tlbi_restores_vttbr, true },
	{ "tlbi_counts", selftest_s2pt_tlbi_counts, false },
	{ "vmid_rollover", selftest_vmid_rollover, false },
	{ "fini_returns_pages", selftest_s2pt_fini_returns_pages, false },
};

#define CHECK_COUNT	(sizeof(checks) / sizeof(checks[0]))

static struct selftest state;

/**
 * selftest_expect() - record the first failed expectation of a check.
 * @t:    the self-test.
 * @ok:   the condition's value.
 * @cond: its text.
 * @file: its file.
 * @line: its line.
 *
 * Return: @ok.
 */
bool
selftest_expect(struct selftest *t, bool ok, const char *cond,
    const char *file, unsigned int line)
{
	if (!ok && t->why == NULL) {
		t->why = cond;
		t->file = file;
		t->line = line;
	}
	return ok;
}

/* Run one check with stage 2 on or off as it asks; true if it passed. */
static bool
run_check(struct selftest *t, const struct check *c, bool *stage2)
{
	if (c->stage2 != *stage2) {
		if (c->stage2) {
			arch_stage2_enable();
		} else {
			arch_stage2_disable();
		}
		*stage2 = c->stage2;
	}
	t->why = NULL;
	c->fn(t);
	if (t->why != NULL) {
		console_printf("hvfw: selftest %s FAIL %s:%u: %s\n", c->name,
		    t->file, t->line, t->why);
		return false;
	}
	console_printf("hvfw: selftest %s ok\n", c->name);
	return true;
}

/**
 * selftest_run() - run every check, one console line each.
 * @cfg: the configuration.
 *
 * Return: the number of failed checks.
 */
unsigned int
selftest_run(const struct selftest_config *cfg)
{
	struct selftest *t = &state;
	unsigned int i, failed = 0;
	bool stage2 = false;

	t->cfg = cfg;
	console_printf("hvfw: selftest: %u checks\n", (unsigned int)CHECK_COUNT);
	for (i = 0; i < CHECK_COUNT; i++) {
		if (!run_check(t, &checks[i], &stage2)) {
			failed++;
		}
	}
	if (stage2) {
		arch_stage2_disable();
	}
	console_printf("hvfw: selftest %u passed, %u failed\n",
	    (unsigned int)CHECK_COUNT - failed, failed);
	return failed;
}
