/* SPDX-License-Identifier: ISC */
/*
 * check_guestdtb.c - tests of the device tree hvd gives a guest OS
 * (lib/host/guestdtb.c).
 *
 * Each test builds a DTB and reads it back with libfdt's read API: the
 * exact set of nodes, the exact set of properties of each node, and every
 * value byte for byte (cells decoded).  The expected values are written
 * out here as QEMU virt has them (hw/arm/virt.c with gic-version=3), not
 * taken from guestdtb.c, so that a wrong constant there fails here.
 * Short buffers are checked for every length below the size needed, with
 * a guard area behind each.
 */
#include <check.h>
#include <errno.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestdtb.h"

#define MIB		0x100000ull
#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(512 * MIB)
#define GUARD		64
#define GUARD_BYTE	0xa5

/* QEMU virt's interrupt specifiers: <type number flags>. */
#define SPI		0
#define PPI		1
#define LEVEL_HIGH	4

#define ARRAY_COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/* The buffer every test builds into, 8-byte aligned as the API wants. */
static uint64_t blob_words[GUESTDTB_BUF_SIZE / 8];
static void *const blob = blob_words;

/* 512 MiB at 0x40000000, two vCPUs, no command line, no initrd. */
static struct guestdtb_config
base_config(void)
{
	return (struct guestdtb_config){
		.ram_base = ipa_init(RAM_BASE), .ram_size = RAM_SIZE,
		.vcpu_count = 2,
	};
}

/* Build into blob: a valid FDT whose totalsize is what the call says. */
static int
build(const struct guestdtb_config *cfg)
{
	int rc = guestdtb_build(cfg, blob, sizeof(blob_words));

	ck_assert_int_gt(rc, 0);
	ck_assert_int_eq(fdt_check_header(blob), 0);
	ck_assert_int_eq((int)fdt_totalsize(blob), rc);
	return rc;
}

static int
node(const char *path)
{
	int off = fdt_path_offset(blob, path);

	ck_assert_msg(off >= 0, "no node %s: %s", path, fdt_strerror(off));
	return off;
}

/* The property's value; its length must be @len. */
static const void *
prop(const char *path, const char *name, int len)
{
	int got;
	const void *val = fdt_getprop(blob, node(path), name, &got);

	ck_assert_msg(val != NULL, "%s has no %s", path, name);
	ck_assert_msg(got == len, "%s %s: %d bytes, not %d", path, name, got,
	    len);
	return val;
}

/* A string list, NULs and all; sizeof(@want) includes the last NUL. */
static void
assert_strings(const char *path, const char *name, const char *want,
    size_t len)
{
	ck_assert_mem_eq(prop(path, name, (int)len), want, len);
}

#define ASSERT_STRINGS(path, name, want) \
	assert_strings((path), (name), (want), sizeof(want))

static void
assert_string(const char *path, const char *name, const char *want)
{
	assert_strings(path, name, want, strlen(want) + 1);
}

/* 32-bit cells, decoded. */
static void
assert_cells(const char *path, const char *name, const uint32_t *want,
    size_t count)
{
	const fdt32_t *cells = prop(path, name, (int)(count * 4));
	size_t i;

	for (i = 0; i < count; i++) {
		ck_assert_msg(fdt32_to_cpu(cells[i]) == want[i],
		    "%s %s cell %zu: 0x%x, not 0x%x", path, name, i,
		    fdt32_to_cpu(cells[i]), want[i]);
	}
}

#define ASSERT_CELLS(path, name, ...) \
	assert_cells((path), (name), (const uint32_t[]){ __VA_ARGS__ }, \
	    ARRAY_COUNT(((const uint32_t[]){ __VA_ARGS__ })))

static uint32_t
u32_prop(const char *path, const char *name)
{
	return fdt32_to_cpu(*(const fdt32_t *)prop(path, name, 4));
}

static uint64_t
u64_prop(const char *path, const char *name)
{
	const fdt32_t *cells = prop(path, name, 8);

	return (uint64_t)fdt32_to_cpu(cells[0]) << 32 | fdt32_to_cpu(cells[1]);
}

static void
assert_empty(const char *path, const char *name)
{
	prop(path, name, 0);
}

static void
assert_absent(const char *path, const char *name)
{
	ck_assert_msg(fdt_getprop(blob, node(path), name, NULL) == NULL,
	    "%s has %s", path, name);
}

static bool
listed(const char *const *names, size_t count, const char *name)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(names[i], name) == 0) {
			return true;
		}
	}
	return false;
}

/* The node has exactly the properties named, in any order. */
static void
assert_prop_names(const char *path, const char *const *names, size_t count)
{
	const char *name;
	int off, seen = 0;

	fdt_for_each_property_offset(off, blob, node(path)) {
		fdt_getprop_by_offset(blob, off, &name, NULL);
		ck_assert_msg(listed(names, count, name), "%s has %s", path,
		    name);
		seen++;
	}
	ck_assert_int_eq(seen, (int)count);
}

#define ASSERT_PROP_NAMES(path, ...) \
	assert_prop_names((path), (const char *const[]){ __VA_ARGS__ }, \
	    ARRAY_COUNT(((const char *const[]){ __VA_ARGS__ })))

/* The node a phandle property points at. */
static int
target(const char *path, const char *name)
{
	return fdt_node_offset_by_phandle(blob, u32_prop(path, name));
}

START_TEST(guestdtb_build_writes_valid_fdt_of_returned_size)
{
	struct guestdtb_config cfg = base_config();
	int size = build(&cfg);

	ck_assert_int_le(size, GUESTDTB_BUF_SIZE);
	ck_assert_uint_eq(fdt_version(blob), 17);
	ck_assert_int_eq(fdt_num_mem_rsv(blob), 0);
}
END_TEST

START_TEST(guestdtb_nodes_are_exactly_the_contract)
{
	static const char *const want[] = {
		"/", "/psci", "/memory@40000000", "/cpus", "/cpus/cpu@0",
		"/cpus/cpu@1", "/timer", "/intc@8000000", "/apb-pclk",
		"/pl011@9000000", "/chosen",
	};
	struct guestdtb_config cfg = base_config();
	char path[256];
	size_t n = 0;
	int off, depth = 0;

	build(&cfg);
	for (off = 0; off >= 0 && depth >= 0;
	    off = fdt_next_node(blob, off, &depth)) {
		ck_assert_uint_lt(n, ARRAY_COUNT(want));
		ck_assert_int_eq(fdt_get_path(blob, off, path, sizeof(path)),
		    0);
		ck_assert_str_eq(path, want[n]);
		n++;
	}
	ck_assert_uint_eq(n, ARRAY_COUNT(want));
}
END_TEST

START_TEST(guestdtb_root_is_dummy_virt_with_gic_as_interrupt_parent)
{
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	ASSERT_PROP_NAMES("/", "compatible", "model", "#address-cells",
	    "#size-cells", "interrupt-parent");
	assert_string("/", "compatible", "linux,dummy-virt");
	assert_string("/", "model", "linux,dummy-virt");
	ck_assert_uint_eq(u32_prop("/", "#address-cells"), 2);
	ck_assert_uint_eq(u32_prop("/", "#size-cells"), 2);
	ck_assert_int_eq(target("/", "interrupt-parent"),
	    node("/intc@8000000"));
}
END_TEST

START_TEST(guestdtb_psci_is_1_0_over_hvc)
{
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	ASSERT_PROP_NAMES("/psci", "compatible", "method", "cpu_on",
	    "cpu_off");
	ASSERT_STRINGS("/psci", "compatible",
	    "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	assert_string("/psci", "method", "hvc");
	/* The ids "arm,psci" readers need: CPU_ON (SMC64), CPU_OFF. */
	ck_assert_uint_eq(u32_prop("/psci", "cpu_on"), 0xc4000003);
	ck_assert_uint_eq(u32_prop("/psci", "cpu_off"), 0x84000002);
}
END_TEST

START_TEST(guestdtb_memory_node_is_the_ram)
{
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	ASSERT_PROP_NAMES("/memory@40000000", "device_type", "reg");
	assert_string("/memory@40000000", "device_type", "memory");
	ASSERT_CELLS("/memory@40000000", "reg", 0, 0x40000000, 0, 0x20000000);
}
END_TEST

START_TEST(guestdtb_memory_reg_splits_64bit_base_and_size)
{
	struct guestdtb_config cfg = base_config();

	cfg.ram_base = ipa_init(0x100000000ull);
	cfg.ram_size = 0x180000000ull;
	build(&cfg);
	ASSERT_CELLS("/memory@100000000", "reg", 1, 0, 1, 0x80000000);
}
END_TEST

START_TEST(guestdtb_cpu_nodes_follow_vcpu_count)
{
	struct guestdtb_config cfg = base_config();
	unsigned int count = (unsigned int)_i;
	int off, n = 0;

	cfg.vcpu_count = count;
	build(&cfg);
	ASSERT_PROP_NAMES("/cpus", "#address-cells", "#size-cells");
	ck_assert_uint_eq(u32_prop("/cpus", "#address-cells"), 1);
	ck_assert_uint_eq(u32_prop("/cpus", "#size-cells"), 0);
	fdt_for_each_subnode(off, blob, node("/cpus")) {
		n++;
	}
	ck_assert_int_eq(n, (int)count);
}
END_TEST

START_TEST(guestdtb_cpu_reg_is_mpidr_aff0_with_psci_enable)
{
	struct guestdtb_config cfg = base_config();
	char path[32];
	unsigned int i;

	cfg.vcpu_count = GUESTDTB_VCPUS_MAX;
	build(&cfg);
	for (i = 0; i < GUESTDTB_VCPUS_MAX; i++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		ASSERT_PROP_NAMES(path, "device_type", "compatible", "reg",
		    "enable-method");
		assert_string(path, "device_type", "cpu");
		assert_string(path, "compatible", "arm,armv8");
		ck_assert_uint_eq(u32_prop(path, "reg"), i);
		assert_string(path, "enable-method", "psci");
	}
}
END_TEST

START_TEST(guestdtb_timer_has_four_level_high_ppis)
{
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	ASSERT_PROP_NAMES("/timer", "compatible", "interrupts", "always-on");
	ASSERT_STRINGS("/timer", "compatible",
	    "arm,armv8-timer\0arm,armv7-timer");
	/* Secure, non-secure physical, virtual, EL2: INTIDs 29 30 27 26. */
	ASSERT_CELLS("/timer", "interrupts",
	    PPI, 13, LEVEL_HIGH, PPI, 14, LEVEL_HIGH,
	    PPI, 11, LEVEL_HIGH, PPI, 10, LEVEL_HIGH);
	assert_empty("/timer", "always-on");
}
END_TEST

START_TEST(guestdtb_gic_is_v3_at_virt_addresses)
{
	static const char gic[] = "/intc@8000000";
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	ASSERT_PROP_NAMES(gic, "compatible", "#interrupt-cells",
	    "interrupt-controller", "#address-cells", "#size-cells", "ranges",
	    "#redistributor-regions", "reg", "interrupts", "phandle");
	assert_string(gic, "compatible", "arm,gic-v3");
	ck_assert_uint_eq(u32_prop(gic, "#interrupt-cells"), 3);
	assert_empty(gic, "interrupt-controller");
	ck_assert_uint_eq(u32_prop(gic, "#address-cells"), 2);
	ck_assert_uint_eq(u32_prop(gic, "#size-cells"), 2);
	assert_empty(gic, "ranges");
	ck_assert_uint_eq(u32_prop(gic, "#redistributor-regions"), 1);
	/* Distributor 64 KiB; two redistributors of 128 KiB. */
	ASSERT_CELLS(gic, "reg", 0, 0x08000000, 0, 0x10000,
	    0, 0x080a0000, 0, 0x40000);
	ASSERT_CELLS(gic, "interrupts", PPI, 9, LEVEL_HIGH);
	ck_assert_uint_ne(u32_prop(gic, "phandle"), 0);
}
END_TEST

START_TEST(guestdtb_gic_redistributors_follow_vcpu_count)
{
	struct guestdtb_config cfg = base_config();
	const fdt32_t *reg;

	cfg.vcpu_count = (unsigned int)_i;
	build(&cfg);
	reg = prop("/intc@8000000", "reg", 32);
	ck_assert_uint_eq(fdt32_to_cpu(reg[4]), 0);
	ck_assert_uint_eq(fdt32_to_cpu(reg[5]), 0x080a0000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[6]), 0);
	ck_assert_uint_eq(fdt32_to_cpu(reg[7]), 0x20000u * (unsigned int)_i);
}
END_TEST

START_TEST(guestdtb_has_no_its)
{
	struct guestdtb_config cfg = base_config();
	int sub;

	build(&cfg);
	ck_assert_int_eq(fdt_node_offset_by_compatible(blob, -1,
	    "arm,gic-v3-its"), -FDT_ERR_NOTFOUND);
	ck_assert_int_eq(fdt_first_subnode(blob, node("/intc@8000000")),
	    -FDT_ERR_NOTFOUND);
	sub = fdt_node_offset_by_prop_value(blob, -1, "msi-controller", "",
	    0);
	ck_assert_int_eq(sub, -FDT_ERR_NOTFOUND);
}
END_TEST

START_TEST(guestdtb_clock_is_fixed_24mhz_with_own_phandle)
{
	struct guestdtb_config cfg = base_config();
	uint32_t phandle;

	build(&cfg);
	ASSERT_PROP_NAMES("/apb-pclk", "compatible", "#clock-cells",
	    "clock-frequency", "clock-output-names", "phandle");
	assert_string("/apb-pclk", "compatible", "fixed-clock");
	ck_assert_uint_eq(u32_prop("/apb-pclk", "#clock-cells"), 0);
	ck_assert_uint_eq(u32_prop("/apb-pclk", "clock-frequency"), 24000000);
	assert_string("/apb-pclk", "clock-output-names", "clk24mhz");
	phandle = u32_prop("/apb-pclk", "phandle");
	ck_assert_uint_ne(phandle, 0);
	ck_assert_uint_ne(phandle, u32_prop("/intc@8000000", "phandle"));
	ck_assert_int_eq(fdt_node_offset_by_phandle(blob, phandle),
	    node("/apb-pclk"));
}
END_TEST

START_TEST(guestdtb_pl011_has_spi1_and_both_clocks)
{
	static const char uart[] = "/pl011@9000000";
	struct guestdtb_config cfg = base_config();
	uint32_t clock;

	build(&cfg);
	ASSERT_PROP_NAMES(uart, "compatible", "reg", "interrupts", "clocks",
	    "clock-names");
	ASSERT_STRINGS(uart, "compatible", "arm,pl011\0arm,primecell");
	ASSERT_CELLS(uart, "reg", 0, 0x09000000, 0, 0x1000);
	ASSERT_CELLS(uart, "interrupts", SPI, 1, LEVEL_HIGH);
	clock = u32_prop("/apb-pclk", "phandle");
	ASSERT_CELLS(uart, "clocks", clock, clock);
	ASSERT_STRINGS(uart, "clock-names", "uartclk\0apb_pclk");
}
END_TEST

START_TEST(guestdtb_bootargs_default_without_cmdline)
{
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	assert_string("/chosen", "bootargs",
	    "console=ttyAMA0 earlycon=pl011,0x9000000");
	assert_string("/chosen", "bootargs", GUESTDTB_DEFAULT_BOOTARGS);
}
END_TEST

START_TEST(guestdtb_bootargs_is_given_cmdline)
{
	struct guestdtb_config cfg = base_config();

	cfg.cmdline = "root=/dev/vda ro quiet";
	build(&cfg);
	assert_string("/chosen", "bootargs", "root=/dev/vda ro quiet");
}
END_TEST

/* An empty command line is a choice, not an absence: kept as given. */
START_TEST(guestdtb_bootargs_empty_cmdline_stays_empty_quirk)
{
	struct guestdtb_config cfg = base_config();

	cfg.cmdline = "";
	build(&cfg);
	assert_string("/chosen", "bootargs", "");
}
END_TEST

START_TEST(guestdtb_stdout_path_is_the_pl011)
{
	struct guestdtb_config cfg = base_config();

	build(&cfg);
	assert_string("/chosen", "stdout-path", "/pl011@9000000");
	ck_assert_int_eq(fdt_path_offset(blob,
	    prop("/chosen", "stdout-path", 15)), node("/pl011@9000000"));
}
END_TEST

START_TEST(guestdtb_initrd_range_in_chosen_when_given)
{
	struct guestdtb_config cfg = base_config();

	cfg.initrd_base = ipa_init(RAM_BASE + 0x8000000);
	cfg.initrd_size = 0x123456;
	build(&cfg);
	ASSERT_PROP_NAMES("/chosen", "bootargs", "stdout-path",
	    "linux,initrd-start", "linux,initrd-end");
	ck_assert_uint_eq(u64_prop("/chosen", "linux,initrd-start"),
	    0x48000000);
	ck_assert_uint_eq(u64_prop("/chosen", "linux,initrd-end"),
	    0x48123456);
}
END_TEST

START_TEST(guestdtb_no_initrd_properties_without_initrd)
{
	struct guestdtb_config cfg = base_config();

	/* The base is ignored when the size says there is no initrd. */
	cfg.initrd_base = ipa_init(RAM_BASE + 0x8000000);
	build(&cfg);
	ASSERT_PROP_NAMES("/chosen", "bootargs", "stdout-path");
	assert_absent("/chosen", "linux,initrd-start");
	assert_absent("/chosen", "linux,initrd-end");
}
END_TEST

START_TEST(guestdtb_initrd_may_fill_ram_to_its_end)
{
	struct guestdtb_config cfg = base_config();

	cfg.initrd_base = ipa_init(RAM_BASE);
	cfg.initrd_size = RAM_SIZE;
	build(&cfg);
	ck_assert_uint_eq(u64_prop("/chosen", "linux,initrd-end"),
	    RAM_BASE + RAM_SIZE);
}
END_TEST

START_TEST(guestdtb_largest_config_fits_buf_size)
{
	static char cmdline[GUESTDTB_CMDLINE_MAX + 1];
	struct guestdtb_config cfg = base_config();
	int size;

	memset(cmdline, 'x', GUESTDTB_CMDLINE_MAX);
	cfg.cmdline = cmdline;
	cfg.vcpu_count = GUESTDTB_VCPUS_MAX;
	cfg.ram_base = ipa_init(0xfffff00000000000ull);
	cfg.ram_size = 0xfff00000000ull;
	cfg.initrd_base = cfg.ram_base;
	cfg.initrd_size = 1;
	size = build(&cfg);
	ck_assert_int_le(size, GUESTDTB_BUF_SIZE / 2);
	assert_string("/chosen", "bootargs", cmdline);
}
END_TEST

/*
 * Each config differs from base_config() in one respect: RAM base and
 * size, vCPUs, initrd base and size.
 */
#define CFG(ram, size, vcpus, initrd, initrd_size) \
	{ { (ram) }, (size), (vcpus), NULL, { (initrd) }, (initrd_size) }

static const struct {
	const char *what;
	struct guestdtb_config cfg;
} bad_configs[] = {
	{ "no vCPU", CFG(RAM_BASE, RAM_SIZE, 0, 0, 0) },
	{ "9 vCPUs", CFG(RAM_BASE, RAM_SIZE, GUESTDTB_VCPUS_MAX + 1, 0, 0) },
	{ "UINT_MAX vCPUs", CFG(RAM_BASE, RAM_SIZE, ~0u, 0, 0) },
	{ "no RAM", CFG(RAM_BASE, 0, 2, 0, 0) },
	{ "RAM at 0", CFG(0, RAM_SIZE, 2, 0, 0) },
	{ "RAM just below 0x40000000", CFG(RAM_BASE - 0x1000, RAM_SIZE, 2,
	    0, 0) },
	{ "RAM base not page aligned", CFG(RAM_BASE + 0x800, RAM_SIZE, 2,
	    0, 0) },
	{ "RAM size not page aligned", CFG(RAM_BASE, RAM_SIZE + 1, 2, 0, 0) },
	{ "RAM wrapping past 2^64", CFG(0xfffffffff0000000ull, 0x10000000ull,
	    2, 0, 0) },
	{ "initrd below RAM", CFG(RAM_BASE, RAM_SIZE, 2, RAM_BASE - 0x1000,
	    0x2000) },
	{ "initrd past RAM's end", CFG(RAM_BASE, RAM_SIZE, 2,
	    RAM_BASE + RAM_SIZE - 0x1000, 0x1001) },
	{ "initrd after RAM", CFG(RAM_BASE, RAM_SIZE, 2, RAM_BASE + RAM_SIZE,
	    1) },
	{ "initrd larger than the IPA space", CFG(RAM_BASE, RAM_SIZE, 2,
	    RAM_BASE + 0x1000, ~0ull - 0xfff) },
};

START_TEST(guestdtb_rejects_bad_config)
{
	const struct guestdtb_config *cfg = &bad_configs[_i].cfg;

	memset(blob, GUARD_BYTE, GUESTDTB_BUF_SIZE);
	ck_assert_msg(guestdtb_check(cfg) == -EINVAL, "check: %s",
	    bad_configs[_i].what);
	ck_assert_msg(guestdtb_build(cfg, blob, GUESTDTB_BUF_SIZE) == -EINVAL,
	    "build: %s", bad_configs[_i].what);
	/* Refused before anything is written. */
	ck_assert_uint_eq(((unsigned char *)blob)[0], GUARD_BYTE);
}
END_TEST

START_TEST(guestdtb_rejects_cmdline_longer_than_linux_takes)
{
	static char cmdline[GUESTDTB_CMDLINE_MAX + 2];
	struct guestdtb_config cfg = base_config();

	memset(cmdline, 'x', GUESTDTB_CMDLINE_MAX + 1);
	cfg.cmdline = cmdline;
	ck_assert_int_eq(guestdtb_check(&cfg), -EINVAL);
	ck_assert_int_eq(guestdtb_build(&cfg, blob, GUESTDTB_BUF_SIZE),
	    -EINVAL);
}
END_TEST

START_TEST(guestdtb_rejects_null_config_or_buffer)
{
	struct guestdtb_config cfg = base_config();

	ck_assert_int_eq(guestdtb_check(NULL), -EINVAL);
	ck_assert_int_eq(guestdtb_build(NULL, blob, GUESTDTB_BUF_SIZE),
	    -EINVAL);
	ck_assert_int_eq(guestdtb_build(&cfg, NULL, GUESTDTB_BUF_SIZE),
	    -EINVAL);
}
END_TEST

START_TEST(guestdtb_rejects_misaligned_buffer)
{
	struct guestdtb_config cfg = base_config();
	unsigned int off;

	for (off = 1; off < GUESTDTB_ALIGN; off++) {
		ck_assert_int_eq(guestdtb_build(&cfg, (char *)blob + off,
		    GUESTDTB_BUF_SIZE - GUESTDTB_ALIGN), -EINVAL);
	}
}
END_TEST

/*
 * The first byte of buf[from..to) that is not GUARD_BYTE, or @to: the
 * caller asserts once per buffer, as check records every assertion.
 */
static size_t
first_written(const unsigned char *buf, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		if (buf[i] != GUARD_BYTE) {
			return i;
		}
	}
	return to;
}

/* A config with every optional property: the short-buffer tests' one. */
static struct guestdtb_config
full_config(void)
{
	struct guestdtb_config cfg = base_config();

	cfg.vcpu_count = 3;
	cfg.cmdline = "console=ttyAMA0 root=/dev/ram0";
	cfg.initrd_base = ipa_init(RAM_BASE + 0x4000000);
	cfg.initrd_size = 0x100000;
	return cfg;
}

START_TEST(guestdtb_every_short_buffer_is_enospc_within_bounds)
{
	struct guestdtb_config cfg = full_config();
	size_t need = (size_t)build(&cfg), n, i;
	unsigned char *buf = malloc(need + GUARD);

	ck_assert_ptr_nonnull(buf);
	for (n = 0; n < need; n++) {
		memset(buf, GUARD_BYTE, need + GUARD);
		ck_assert_int_eq(guestdtb_build(&cfg, buf, n), -ENOSPC);
		i = first_written(buf, n, need + GUARD);
		ck_assert_msg(i == need + GUARD, "size %zu: byte %zu written",
		    n, i);
	}
	free(buf);
}
END_TEST

START_TEST(guestdtb_exact_size_buffer_gives_same_blob)
{
	struct guestdtb_config cfg = full_config();
	size_t need = (size_t)build(&cfg);
	unsigned char *buf = malloc(need + GUARD);

	ck_assert_ptr_nonnull(buf);
	memset(buf, GUARD_BYTE, need + GUARD);
	ck_assert_int_eq(guestdtb_build(&cfg, buf, need), (int)need);
	ck_assert_mem_eq(buf, blob, need);
	ck_assert_uint_eq(buf[need], GUARD_BYTE);
	free(buf);
}
END_TEST

/* hvd may hand a larger buffer: no more than 2 MiB of it is touched. */
START_TEST(guestdtb_uses_at_most_2m_of_larger_buffer)
{
	struct guestdtb_config cfg = base_config();
	size_t len = GUESTDTB_SIZE_MAX + GUARD;
	unsigned char *buf = malloc(len);

	ck_assert_ptr_nonnull(buf);
	memset(buf, GUARD_BYTE, len);
	ck_assert_int_gt(guestdtb_build(&cfg, buf, len), 0);
	ck_assert_int_eq(fdt_check_header(buf), 0);
	ck_assert_uint_eq(first_written(buf, GUESTDTB_SIZE_MAX, len), len);
	free(buf);
}
END_TEST

static Suite *
guestdtb_suite(void)
{
	Suite *s = suite_create("guestdtb");
	TCase *tc = tcase_create("tree");
	TCase *te = tcase_create("errors");

	tcase_add_test(tc, guestdtb_build_writes_valid_fdt_of_returned_size);
	tcase_add_test(tc, guestdtb_nodes_are_exactly_the_contract);
	tcase_add_test(tc,
	    guestdtb_root_is_dummy_virt_with_gic_as_interrupt_parent);
	tcase_add_test(tc, guestdtb_psci_is_1_0_over_hvc);
	tcase_add_test(tc, guestdtb_memory_node_is_the_ram);
	tcase_add_test(tc, guestdtb_memory_reg_splits_64bit_base_and_size);
	tcase_add_loop_test(tc, guestdtb_cpu_nodes_follow_vcpu_count, 1,
	    GUESTDTB_VCPUS_MAX + 1);
	tcase_add_test(tc, guestdtb_cpu_reg_is_mpidr_aff0_with_psci_enable);
	tcase_add_test(tc, guestdtb_timer_has_four_level_high_ppis);
	tcase_add_test(tc, guestdtb_gic_is_v3_at_virt_addresses);
	tcase_add_loop_test(tc, guestdtb_gic_redistributors_follow_vcpu_count,
	    1, GUESTDTB_VCPUS_MAX + 1);
	tcase_add_test(tc, guestdtb_has_no_its);
	tcase_add_test(tc, guestdtb_clock_is_fixed_24mhz_with_own_phandle);
	tcase_add_test(tc, guestdtb_pl011_has_spi1_and_both_clocks);
	tcase_add_test(tc, guestdtb_bootargs_default_without_cmdline);
	tcase_add_test(tc, guestdtb_bootargs_is_given_cmdline);
	tcase_add_test(tc, guestdtb_bootargs_empty_cmdline_stays_empty_quirk);
	tcase_add_test(tc, guestdtb_stdout_path_is_the_pl011);
	tcase_add_test(tc, guestdtb_initrd_range_in_chosen_when_given);
	tcase_add_test(tc, guestdtb_no_initrd_properties_without_initrd);
	tcase_add_test(tc, guestdtb_initrd_may_fill_ram_to_its_end);
	tcase_add_test(tc, guestdtb_largest_config_fits_buf_size);
	suite_add_tcase(s, tc);

	tcase_add_loop_test(te, guestdtb_rejects_bad_config, 0,
	    ARRAY_COUNT(bad_configs));
	tcase_add_test(te, guestdtb_rejects_cmdline_longer_than_linux_takes);
	tcase_add_test(te, guestdtb_rejects_null_config_or_buffer);
	tcase_add_test(te, guestdtb_rejects_misaligned_buffer);
	tcase_add_test(te, guestdtb_every_short_buffer_is_enospc_within_bounds);
	tcase_add_test(te, guestdtb_exact_size_buffer_gives_same_blob);
	tcase_add_test(te, guestdtb_uses_at_most_2m_of_larger_buffer);
	suite_add_tcase(s, te);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(guestdtb_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
