/* SPDX-License-Identifier: ISC */
/*
 * psci.c - a guest that makes PSCI calls over HVC and over SMC and prints
 * what each returned: "psci: hvc NAME = VALUE".  It checks the values
 * itself too, and ends with "psci: N calls, M unexpected".  In the middle
 * it arms its virtual timer 1 ms ahead and waits for it with WFI, which
 * must come back once the timer is due (hvfw blocks the vCPU until then).
 * vCPU 8 exists in no VM hvfw makes, so calls naming it are refused.
 */
#include <stdbool.h>
#include <stdint.h>

#include "rt.h"

/* PSCI return codes */
#define NOT_SUPPORTED		(-1)
#define INVALID_PARAMETERS	(-2)
#define ALREADY_ON		(-4)

/** UNKNOWN_PSCI - a PSCI function id that no PSCI version defines. */
#define UNKNOWN_PSCI		0x8400001fu
/** SIP_CALL - a silicon provider's service call: not a hypervisor's. */
#define SIP_CALL		0xc2000000u

/** struct call - one call and what it must return. */
struct call {
	const char *name;
	uint32_t fid;
	uint64_t a1;
	uint64_t a2;
	int64_t want;
	bool hex;
};

static const struct call calls[] = {
	{ "PSCI_VERSION", RT_PSCI_VERSION, 0, 0, 0x10000, true },
	{ "PSCI_FEATURES(PSCI_VERSION)", RT_PSCI_FEATURES, RT_PSCI_VERSION,
	    0, 0, false },
	{ "PSCI_FEATURES(CPU_ON_64)", RT_PSCI_FEATURES, RT_PSCI_CPU_ON_64, 0,
	    0, false },
	{ "PSCI_FEATURES(SYSTEM_OFF)", RT_PSCI_FEATURES, RT_PSCI_SYSTEM_OFF,
	    0, 0, false },
	{ "PSCI_FEATURES(CPU_SUSPEND_64)", RT_PSCI_FEATURES,
	    RT_PSCI_CPU_SUSPEND_64, 0, NOT_SUPPORTED, false },
	{ "PSCI_FEATURES(0x8400001f)", RT_PSCI_FEATURES, UNKNOWN_PSCI, 0,
	    NOT_SUPPORTED, false },
	{ "MIGRATE_INFO_TYPE", RT_PSCI_MIGRATE_INFO_TYPE, 0, 0, 2, false },
	{ "AFFINITY_INFO_64(0, 0)", RT_PSCI_AFFINITY_INFO_64, 0, 0, 0, false },
	{ "AFFINITY_INFO_64(8, 0)", RT_PSCI_AFFINITY_INFO_64, 8, 0,
	    INVALID_PARAMETERS, false },
	{ "CPU_ON_64(0)", RT_PSCI_CPU_ON_64, 0, RT_RAM_BASE, ALREADY_ON,
	    false },
	{ "CPU_ON_64(8)", RT_PSCI_CPU_ON_64, 8, RT_RAM_BASE,
	    INVALID_PARAMETERS, false },
	{ "0x8400001f", UNKNOWN_PSCI, 0, 0, NOT_SUPPORTED, false },
	{ "0xc2000000", SIP_CALL, 0, 0, NOT_SUPPORTED, false },
};

#define CALL_COUNT	(sizeof(calls) / sizeof(calls[0]))

/* Make every call over one conduit; return how many were unexpected. */
static unsigned int
run(const char *conduit, bool smc)
{
	const struct call *c;
	unsigned int i, bad = 0;
	int64_t got;

	for (i = 0; i < CALL_COUNT; i++) {
		c = &calls[i];
		got = (int64_t)(smc ? rt_smc(c->fid, c->a1, c->a2, 0) :
		    rt_hvc(c->fid, c->a1, c->a2, 0));
		rt_puts("psci: ");
		rt_puts(conduit);
		rt_putc(' ');
		rt_puts(c->name);
		rt_puts(" = ");
		if (c->hex) {
			rt_put_hex((uint64_t)got);
		} else {
			rt_put_dec(got);
		}
		if (got != c->want) {
			rt_puts(" (unexpected)");
			bad++;
		}
		rt_putc('\n');
	}
	return bad;
}

/* Arm the virtual timer 1 ms ahead (interrupts stay masked) and WFI. */
static void
wait_for_timer(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	__asm__ volatile("msr cntv_tval_el0, %0" :: "r"(freq / 1000));
	__asm__ volatile("msr cntv_ctl_el0, %0; isb" :: "r"((uint64_t)1));
	__asm__ volatile("wfi" ::: "memory");
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
}

/**
 * guest_main() - every call over HVC, a WFI, every call over SMC.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	unsigned int bad;

	(void)ram_size;
	bad = run("hvc", false);
	wait_for_timer();
	rt_puts("psci: wfi returned\n");
	bad += run("smc", true);
	rt_puts("psci: ");
	rt_put_dec((int64_t)(2 * CALL_COUNT));
	rt_puts(" calls, ");
	rt_put_dec((int64_t)bad);
	rt_puts(" unexpected\n");
}
