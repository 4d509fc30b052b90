/* SPDX-License-Identifier: ISC */
/*
 * main.c - hvfw's boot sequence on the boot CPU.
 *
 * Console first (so every later failure can be told), then the device
 * tree for RAM, the command line and the CPUs, the EL2 map with caches
 * on, the stage-2 table pool right after the image, the interrupt
 * controller, the other CPUs started into smp_idle() ("hvfw: N CPUs up"),
 * the self-test (stage 2, the EL2 timer, a kick to every CPU), the
 * ownership table with the firmware's own memory claimed (owner.h), the
 * VMID allocator, and "hvfw: ready".  Then, if the command line names
 * guests, the firmware runs them one after the other (guests.h), says
 * "hvfw: guests done" and powers the board off; if it names none, it waits
 * for one byte on the console and powers the board off.  With
 * "hvfw.mailbox" it serves hvd through the mailbox instead (mailbox.h).
 *
 * Boot options (QEMU -append):
 *  - "hvfw.guest=NAME@ADDR+SIZE[:ARG]", any number of times: a guest to
 *    run (guests.h, bootarg.h);
 *  - "hvfw.vmid_bits=N": narrow the VMID allocator to N bits, 2 up to the
 *    CPU's width, so that a few VMs make it roll over; a bad value is
 *    reported and ignored, and the last good one counts;
 *  - "hvfw.mailbox": lay the mailbox out at the top of RAM and serve hvd
 *    through it (mailbox.h) instead of running guests or waiting;
 *  - "hvfw.test=el2-fault" reads an address the EL2 map leaves unmapped
 *    after the self-test, to show that an EL2 exception is caught and
 *    reported.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "arch.h"
#include "bootarg.h"
#include "console.h"
#include "guests.h"
#include "mailbox.h"
#include "main.h"
#include "owner.h"
#include "plat.h"
#include "s2env.h"
#include "sched.h"
#include "selftest.h"
#include "shared.h"
#include "smp.h"
#include "vm.h"

/** MAIN_IPA_BITS_MAX - IPA size hvfw builds stage 2 for, at most. */
#define MAIN_IPA_BITS_MAX	40
/** MAIN_POOL_PAGES - stage-2 table pages: 8 MiB after the image. */
#define MAIN_POOL_PAGES		2048
/**
 * MAIN_OWNER_PAGES - table pages of the ownership table, a pool of its own
 * so that guests' stage-2 tables and page ownership never starve each
 * other: enough for the firmware's regions and about sixty VM ranges
 * unaligned at both ends (2 MiB-aligned ranges need none).
 */
#define MAIN_OWNER_PAGES	128
/** MAIN_UNMAPPED_VA - nothing of the board is here; EL2 leaves it unmapped. */
#define MAIN_UNMAPPED_VA	0x7f00000000ull
#define MAIN_2M			((uint64_t)1 << 21)

/* From hvfw.ld: the image, BSS and stacks included. */
extern char __image_start[], __image_end[];

static uint8_t pool_meta[MAIN_POOL_PAGES];
static struct pagepool pool;
static uint64_t pool_base, pool_end;
static struct s2env env;
/* The ownership table and its own pages (part of the image's BSS). */
static uint8_t owner_mem[MAIN_OWNER_PAGES][PAGEPOOL_PAGE_SIZE]
    __attribute__((aligned(PAGEPOOL_PAGE_SIZE)));
static uint8_t owner_meta[MAIN_OWNER_PAGES];
static struct pagepool owner_pool;
static struct owner_table owners;
static struct shared_table shared;
static struct vmid_allocator vmids;
static struct vmid_cpu vmid_cpu[PLAT_CPU_MAX];
static uint64_t vmid_map[VMID_MAP_WORDS(VMID_BITS_MAX)];
static struct vm_env vm_env;

static void __attribute__((noreturn))
die(const char *what, int err)
{
	console_printf("hvfw: %s (error %d), halted\n", what, err);
	arch_cpu_halt();
}

/* Identity-map RAM (whole 2 MiB blocks) and the device window. */
static int
map_el2(const struct plat_board *b, const struct arch_cpu_features *f)
{
	const struct arch_mmu_region regions[] = {
		{ b->ram_base, b->ram_size & ~(MAIN_2M - 1), ARCH_MEM_NORMAL },
		{ PLAT_DEVICE_BASE, PLAT_DEVICE_SIZE, ARCH_MEM_DEVICE },
	};

	return arch_mmu_init(regions, sizeof(regions) / sizeof(regions[0]),
	    f->pa_bits);
}

/* The table pool: MAIN_POOL_PAGES right after the image, inside RAM. */
static int
pool_setup(const struct plat_board *b)
{
	uint64_t base = ((uint64_t)(uintptr_t)__image_end + PAGEPOOL_PAGE_SIZE -
	    1) & ~(uint64_t)(PAGEPOOL_PAGE_SIZE - 1);
	uint64_t end = base + (uint64_t)MAIN_POOL_PAGES * PAGEPOOL_PAGE_SIZE;

	if (end > b->ram_base + (b->ram_size & ~(MAIN_2M - 1))) {
		return -1;
	}
	pool_base = base;
	pool_end = end;
	return pagepool_init(&pool, (void *)(uintptr_t)base, MAIN_POOL_PAGES,
	    pool_meta);
}

static void
el2_fault_test(void)
{
	const volatile uint64_t *p =
	    (const volatile uint64_t *)(uintptr_t)MAIN_UNMAPPED_VA;

	console_printf("hvfw: test: reading unmapped VA 0x%llx\n",
	    (unsigned long long)MAIN_UNMAPPED_VA);
	(void)*p;
	console_printf("hvfw: test: the read did not fault\n");
}

static unsigned int
self_test(const struct plat_board *b, const struct arch_cpu_features *f,
    unsigned int ipa_bits)
{
	const struct selftest_config cfg = {
		.env = &env,
		.ram_base = b->ram_base,
		.ipa_bits = ipa_bits,
		.pa_bits = f->pa_bits,
		.vmid_bits = f->vmid_bits,
		.device_va = PLAT_UART_BASE,
		.unmapped_va = MAIN_UNMAPPED_VA,
		.cpu_count = b->cpu_count,
	};

	unsigned int failed;

	failed = selftest_run(&cfg);
	console_printf("hvfw: stage-2 work: %llu TLBI IPAS2E1IS, %llu VMALLS12E1IS, "
	    "%llu ALLE1IS, %llu KiB cleaned to PoC, %llu I-cache invalidations\n",
	    (unsigned long long)env.count.tlbi_ipa,
	    (unsigned long long)env.count.tlbi_vmid,
	    (unsigned long long)env.count.tlbi_all,
	    (unsigned long long)(env.count.dcache_bytes >> 10),
	    (unsigned long long)env.count.icache_inval);
	return failed;
}

/*
 * The ownership table, with everything the firmware keeps for itself
 * claimed by OWNER_FIRMWARE: no guest can be given any of it.  The
 * regions are reported, and must not overlap (the claim would refuse).
 */
static int
owners_setup(const struct plat_board *b, const struct arch_cpu_features *f)
{
	const uint64_t mailbox = mailbox_base(b->ram_base, b->ram_size);
	const struct {
		const char *what;
		uint64_t base;
		uint64_t size;
	} fw[] = {
		{ "device tree", PLAT_DTB_BASE, (b->dtb_size +
		    PAGEPOOL_PAGE_SIZE - 1) & ~(uint64_t)(PAGEPOOL_PAGE_SIZE - 1) },
		{ "image", (uintptr_t)__image_start,
		    (uint64_t)(__image_end - __image_start) },
		{ "page pool", pool_base, pool_end - pool_base },
		{ "mailbox", mailbox, mailbox != 0 ? MAILBOX_SIZE : 0 },
	};
	unsigned int i;
	int ret;

	ret = pagepool_init(&owner_pool, owner_mem, MAIN_OWNER_PAGES,
	    owner_meta);
	if (ret == 0) {
		ret = owner_init(&owners, &owner_pool, f->pa_bits);
	}
	for (i = 0; ret == 0 && i < sizeof(fw) / sizeof(fw[0]); i++) {
		if (fw[i].size == 0) {
			continue;	/* no room for a mailbox: none is served */
		}
		ret = owner_claim(&owners, pa_init(fw[i].base), fw[i].size,
		    OWNER_FIRMWARE);
		console_printf("hvfw: %s PA 0x%llx-0x%llx (%s)\n",
		    ret == 0 ? "firmware owns" : "cannot claim",
		    (unsigned long long)fw[i].base,
		    (unsigned long long)(fw[i].base + fw[i].size - 1),
		    fw[i].what);
	}
	return ret;
}

/*
 * hvfw.vmid_bits=N: the last good value, or the CPU's width.  The
 * narrowest width has room for one VMID per CPU to stay reserved over a
 * rollover and one more (vmid_allocator_init()).
 */
static unsigned int
vmid_width(const char *args, unsigned int hw_bits, unsigned int cpus)
{
	const char *p = args, *val;
	char shown[BOOTARG_SHOW_MAX + 4];
	unsigned int bits = hw_bits, min = VMID_BITS_MIN;
	uint64_t n;
	size_t len;

	while (((1u << min) - 2) < cpus) {
		min++;
	}
	while ((p = bootarg_next(p, "hvfw.vmid_bits", &val, &len)) != NULL) {
		if (bootarg_number(val, len, &n) != 0 || n < min ||
		    n > hw_bits) {
			console_printf("hvfw: hvfw.vmid_bits=%s: not a number "
			    "from %u to %u, ignored\n",
			    bootarg_show(val, len, shown), min, hw_bits);
			continue;
		}
		bits = (unsigned int)n;
	}
	if (bits != hw_bits) {
		console_printf("hvfw: VMID allocator narrowed to %u bits "
		    "(%u VMIDs)\n", bits, (1u << bits) - 1);
	}
	return bits;
}

/*
 * The VMID allocator at the CPU's width or narrower, and what every VM
 * shares.  VTCR_EL2.VS follows the CPU's width whatever the allocator's:
 * a narrowed allocator only hands out fewer numbers.
 */
static int
vm_env_setup(const struct plat_board *b, const struct arch_cpu_features *f,
    unsigned int ipa_bits)
{
	int ret;

	ret = vmid_allocator_init(&vmids, vmid_width(b->bootargs,
	    f->vmid_bits, b->cpu_count), b->cpu_count, vmid_cpu, vmid_map,
	    &s2env_vmid_ops, &env);
	if (ret == 0) {
		ret = s2pt_vtcr(ipa_bits, f->pa_bits, f->vmid_bits,
		    &vm_env.vtcr);
	}
	shared_init(&shared, &owners);
	vm_env.s2 = &env;
	vm_env.owners = &owners;
	vm_env.shared = &shared;
	vm_env.vmids = &vmids;
	vm_env.host = &guests_host;
	vm_env.ipa_bits = ipa_bits;
	vm_env.pa_bits = f->pa_bits;
	vm_env.vmid_hw_bits = f->vmid_bits;
	vm_env.ram_base = b->ram_base;
	vm_env.ram_end = mailbox_base(b->ram_base, b->ram_size);
	return ret;
}

/*
 * The scheduler, serving the mailbox on this CPU if @mailbox, and every
 * CPU of the board running it; return how many do.
 */
static unsigned int
start_cpus(const struct plat_board *b, bool mailbox)
{
	const struct sched_config cfg = {
		.cpu_count = b->cpu_count,
		.serve = mailbox ? mailbox_serve : NULL,
	};
	unsigned int cpu, up = 0;

	sched_init(&cfg);
	smp_idle_handover(sched_main);
	for (cpu = 0; cpu < b->cpu_count; cpu++) {
		up += smp_cpu_up(cpu);
	}
	return up;
}

/* Run the guests of the command line, if it names any, and power off. */
static void
run_guests(const struct plat_board *b)
{
	const struct guests_config cfg = {
		.bootargs = b->bootargs,
		.env = &vm_env,
		.pool = &pool,
		.ram_base = b->ram_base,
		.ram_end = vm_env.ram_end,
	};

	if (guests_run(&cfg) == 0) {
		return;
	}
	console_printf("hvfw: guests done\n");
	plat_power_off();
}

/* Serve hvd through the mailbox (mailbox.h); never returns. */
static void __attribute__((noreturn))
serve_mailbox(const struct plat_board *b, unsigned int cpus)
{
	static struct mailbox_config cfg;

	cfg = (struct mailbox_config){
		.ram_base = b->ram_base,
		.ram_size = b->ram_size,
		.fw_base = b->ram_base,
		.fw_size = pool_end - b->ram_base,
		.cpu_count = cpus,
		.pool = &pool,
		.pool_pages = MAIN_POOL_PAGES,
		.env = &vm_env,
	};
	mailbox_start(&cfg);
	sched_main(0);
}

/**
 * main_el2() - hvfw on the boot CPU at EL2.
 */
void
main_el2(void)
{
	struct arch_cpu_features f;
	struct plat_board b;
	unsigned int ipa_bits, cpus;
	bool mailbox;
	int ret, c;

	console_init();
	ret = plat_board_probe(&b);
	if (ret != 0) {
		die("no usable device tree at the start of RAM", ret);
	}
	arch_cpu_features(&f);
	ret = map_el2(&b, &f);
	if (ret != 0) {
		die("cannot map RAM and devices at EL2", ret);
	}
	console_lock_enable();
	ipa_bits = f.pa_bits < MAIN_IPA_BITS_MAX ? f.pa_bits : MAIN_IPA_BITS_MAX;
	console_printf("hvfw: EL2, %llu MiB RAM, VMID bits %u, IPA bits %u\n",
	    (unsigned long long)(b.ram_size >> 20), f.vmid_bits, ipa_bits);
	console_printf("hvfw: PA bits %u, FEAT_TTL %s, image %p-%p\n",
	    f.pa_bits, f.ttl ? "yes" : "no", (void *)__image_start,
	    (void *)__image_end);
	ret = pool_setup(&b);
	if (ret != 0) {
		die("no room for the page pool after the image", ret);
	}
	s2env_init(&env, &pool, b.ram_base, b.ram_size);
	ret = plat_irq_init();
	if (ret == 0) {
		ret = plat_irq_cpu_init(0);
	}
	if (ret != 0) {
		die("cannot set the interrupt controller up", ret);
	}
	console_printf("hvfw: %u CPUs up\n", smp_boot(&b, smp_idle));
	if (self_test(&b, &f, ipa_bits) != 0) {
		die("the self-test failed", -1);
	}
	if (bootarg_has(b.bootargs, "hvfw.test=el2-fault")) {
		el2_fault_test();
	}
	ret = owners_setup(&b, &f);
	if (ret != 0) {
		die("cannot set the ownership table up", ret);
	}
	ret = vm_env_setup(&b, &f, ipa_bits);
	if (ret != 0) {
		die("cannot set the VMID allocator and VTCR_EL2 up", ret);
	}
	mailbox = bootarg_has(b.bootargs, "hvfw.mailbox");
	cpus = start_cpus(&b, mailbox);
	console_printf("hvfw: ready\n");
	if (mailbox) {
		serve_mailbox(&b, cpus);
	}
	run_guests(&b);
	console_printf("hvfw: send a byte on the console to power off\n");
	while ((c = console_getc()) < 0) {
		continue;
	}
	console_printf("hvfw: console byte 0x%02x, powering off\n", c);
	plat_power_off();
}

/**
 * main_wrong_el() - report the wrong exception level and halt.
 * @el: CurrentEL.EL at entry.
 */
void
main_wrong_el(unsigned int el)
{
	console_init();
	console_printf("hvfw: entered at EL%u, but hvfw runs at EL2 "
	    "(QEMU: -M virt,virtualization=on)\n", el);
	arch_cpu_halt();
}
