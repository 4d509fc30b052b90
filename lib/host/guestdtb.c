/* SPDX-License-Identifier: ISC */
/*
 * guestdtb.c - the device tree of a guest OS (guestdtb.h), written with
 * libfdt's sequential-write API: nodes and properties in order into the
 * caller's buffer, then fdt_finish() packs the strings after them.
 *
 * The addresses and interrupts are QEMU virt's (hw/arm/virt.c, the board
 * the firmware runs on and emulates for each guest), given as that board
 * gives them with gic-version=3, so that a kernel that boots on bare QEMU
 * finds the same devices under hvfw.  Interrupt specifiers follow the
 * arm,gic-v3 binding: <type number flags>, type 0 for an SPI and 1 for a
 * PPI, number counted from the first of its type (INTID - 32 for an SPI,
 * INTID - 16 for a PPI), flags from dt-bindings/interrupt-controller/irq.h.
 * GICv3 specifiers carry no CPU mask in the flags (GICv2's bits 15:8), so
 * the timer's flags are 4 where QEMU with a GICv2 writes 0x104 and up.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guestdtb.h"
#include "vmdef.h"

static_assert(GUESTDTB_VCPUS_MAX == VMDEF_VCPUS_MAX,
    "a DTB for every vCPU count a VM definition allows");
static_assert(GUESTDTB_RAM_MIN <= VMDEF_RAM_BASE,
    "every VM definition's RAM is above the devices");
static_assert(GUESTDTB_SIZE_MAX <= INT32_MAX, "fdt_create() takes an int");

/* GICv3 (virt.c: VIRT_GIC_DIST, VIRT_GIC_REDIST; guests.md item 6). */
#define GIC_DIST_BASE		0x08000000ull
#define GIC_DIST_SIZE		0x10000ull	/* 64 KiB: GICD_* */
#define GIC_REDIST_BASE		0x080a0000ull
/*
 * Per CPU: a GICv3 redistributor's two 64 KiB frames, RD_base and SGI_base
 * (Arm IHI 0069, "Redistributor memory map"); virt.c: GICV3_REDIST_SIZE.
 */
#define GIC_REDIST_STRIDE	0x20000ull

/* The PL011 (virt.c: VIRT_UART; guests.md item 7). */
#define UART_BASE		0x09000000ull
#define UART_SIZE		0x1000ull

/* Interrupt specifier cells (arm,gic-v3 binding; dt-bindings irq.h). */
#define IRQ_TYPE_SPI		0u
#define IRQ_TYPE_PPI		1u
#define IRQ_LEVEL_HIGH		4u	/* IRQ_TYPE_LEVEL_HIGH */

/*
 * Generic timer PPIs in the arm,armv8-timer binding's order (virt.h:
 * ARCH_TIMER_*_IRQ, as INTIDs): secure EL1 physical (INTID 29),
 * non-secure EL1 physical (30), EL1 virtual (27, the one Linux uses at
 * EL1, guests.md item 5), non-secure EL2 physical (26).
 */
#define TIMER_PPI_SEC_PHYS	13u
#define TIMER_PPI_PHYS		14u
#define TIMER_PPI_VIRT		11u
#define TIMER_PPI_HYP		10u
/* GIC maintenance interrupt (virt.h: ARCH_GIC_MAINT_IRQ, INTID 25). */
#define GIC_PPI_MAINT		9u
/* PL011 receive/transmit (virt.c: a15irqmap[VIRT_UART], INTID 33). */
#define UART_SPI		1u

/* The PL011's UARTCLK and PCLK (virt.c: create_fdt()'s /apb-pclk). */
#define CLOCK_HZ		24000000u

/* Phandles: the two nodes other nodes point at. */
#define PHANDLE_GIC		1u
#define PHANDLE_CLOCK		2u

/*
 * PSCI function ids for "arm,psci" (PSCI 0.1) readers, which the psci
 * binding requires when that string is in compatible: CPU_ON (SMC64) and
 * CPU_OFF, as the firmware implements them (Arm DEN0022).  Newer kernels
 * use the standard ids of "arm,psci-0.2" and ignore these.
 */
#define PSCI_FN_CPU_ON		0xc4000003u
#define PSCI_FN_CPU_OFF		0x84000002u

/* Longest "name@unit-address" with a 64-bit address, and its NUL. */
#define NODE_NAME_MAX		40
/* Most cells of one property this file writes (the timer's 4 x 3). */
#define CELLS_MAX		12
/* Most (address, size) numbers of one reg (the GIC's 2 x 2). */
#define REG_NUMBERS_MAX		4

/*
 * libfdt's sequential-write calls with a sticky error: after the first
 * failure every call does nothing, and guestdtb_build() reports that one.
 */
struct dtbw {
	void *fdt;
	int err;
};

static void
begin(struct dtbw *w, const char *name)
{
	if (w->err == 0) {
		w->err = fdt_begin_node(w->fdt, name);
	}
}

static void
end(struct dtbw *w)
{
	if (w->err == 0) {
		w->err = fdt_end_node(w->fdt);
	}
}

static void
prop(struct dtbw *w, const char *name, const void *val, size_t len)
{
	if (w->err == 0) {
		w->err = fdt_property(w->fdt, name, val, (int)len);
	}
}

/* A property with no value (a flag such as interrupt-controller). */
static void
prop_empty(struct dtbw *w, const char *name)
{
	void *val;

	if (w->err == 0) {
		w->err = fdt_property_placeholder(w->fdt, name, 0, &val);
	}
}

static void
prop_string(struct dtbw *w, const char *name, const char *s)
{
	prop(w, name, s, strlen(s) + 1);
}

static void
prop_u32(struct dtbw *w, const char *name, uint32_t v)
{
	fdt32_t cell = cpu_to_fdt32(v);

	prop(w, name, &cell, sizeof(cell));
}

/* One cell per value. */
static void
prop_cells(struct dtbw *w, const char *name, const uint32_t *v, size_t count)
{
	fdt32_t cells[CELLS_MAX];
	size_t i;

	if (count > CELLS_MAX) {
		if (w->err == 0) {
			w->err = -FDT_ERR_INTERNAL;
		}
		return;
	}
	for (i = 0; i < count; i++) {
		cells[i] = cpu_to_fdt32(v[i]);
	}
	prop(w, name, cells, count * sizeof(cells[0]));
}

/* Two cells per value: the root's #address-cells and #size-cells. */
static void
prop_u64s(struct dtbw *w, const char *name, const uint64_t *v, size_t count)
{
	fdt64_t cells[REG_NUMBERS_MAX];
	size_t i;

	if (count > REG_NUMBERS_MAX) {
		if (w->err == 0) {
			w->err = -FDT_ERR_INTERNAL;
		}
		return;
	}
	for (i = 0; i < count; i++) {
		cells[i] = cpu_to_fdt64(v[i]);
	}
	prop(w, name, cells, count * sizeof(cells[0]));
}

/* "name@unit-address", the unit address in lower-case hex. */
static void
unit_name(char *buf, size_t len, const char *name, uint64_t addr)
{
	snprintf(buf, len, "%s@%" PRIx64, name, addr);
}

static void
add_root_props(struct dtbw *w)
{
	prop_string(w, "compatible", "linux,dummy-virt");
	prop_string(w, "model", "linux,dummy-virt");
	prop_u32(w, "#address-cells", 2);
	prop_u32(w, "#size-cells", 2);
	prop_u32(w, "interrupt-parent", PHANDLE_GIC);
}

/* PSCI 1.0 over HVC: SMCs would reach QEMU itself (guests.md item 3). */
static void
add_psci(struct dtbw *w)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

	begin(w, "psci");
	prop(w, "compatible", compat, sizeof(compat));
	prop_string(w, "method", "hvc");
	prop_u32(w, "cpu_on", PSCI_FN_CPU_ON);
	prop_u32(w, "cpu_off", PSCI_FN_CPU_OFF);
	end(w);
}

static void
add_memory(struct dtbw *w, const struct guestdtb_config *cfg)
{
	uint64_t reg[] = { ipa_addr(cfg->ram_base), cfg->ram_size };
	char name[NODE_NAME_MAX];

	unit_name(name, sizeof(name), "memory", reg[0]);
	begin(w, name);
	prop_string(w, "device_type", "memory");
	prop_u64s(w, "reg", reg, 2);
	end(w);
}

/*
 * One cpu node per vCPU, reg its MPIDR affinity: Aff0 = its index, the
 * other fields 0, so one address cell (Aff3 is never set).  Secondaries
 * start through PSCI CPU_ON.
 */
static void
add_cpus(struct dtbw *w, const struct guestdtb_config *cfg)
{
	char name[NODE_NAME_MAX];
	unsigned int i;

	begin(w, "cpus");
	prop_u32(w, "#address-cells", 1);
	prop_u32(w, "#size-cells", 0);
	for (i = 0; i < cfg->vcpu_count; i++) {
		unit_name(name, sizeof(name), "cpu", i);
		begin(w, name);
		prop_string(w, "device_type", "cpu");
		prop_string(w, "compatible", "arm,armv8");
		prop_u32(w, "reg", i);
		prop_string(w, "enable-method", "psci");
		end(w);
	}
	end(w);
}

/* QEMU's compatible pair and its four PPIs, level-high (see the top). */
static void
add_timer(struct dtbw *w)
{
	static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
	static const uint32_t irqs[] = {
		IRQ_TYPE_PPI, TIMER_PPI_SEC_PHYS, IRQ_LEVEL_HIGH,
		IRQ_TYPE_PPI, TIMER_PPI_PHYS, IRQ_LEVEL_HIGH,
		IRQ_TYPE_PPI, TIMER_PPI_VIRT, IRQ_LEVEL_HIGH,
		IRQ_TYPE_PPI, TIMER_PPI_HYP, IRQ_LEVEL_HIGH,
	};

	begin(w, "timer");
	prop(w, "compatible", compat, sizeof(compat));
	prop_cells(w, "interrupts", irqs, sizeof(irqs) / sizeof(irqs[0]));
	prop_empty(w, "always-on");
	end(w);
}

/*
 * The GICv3 with one redistributor region sized for the VM's vCPUs and no
 * ITS child (guests.md item 6).  #address-cells, #size-cells and an empty
 * ranges are QEMU's: the binding's room for ITS children, and dtc warns
 * about an interrupt provider without #address-cells.
 */
static void
add_gic(struct dtbw *w, const struct guestdtb_config *cfg)
{
	static const uint32_t maint[] = {
		IRQ_TYPE_PPI, GIC_PPI_MAINT, IRQ_LEVEL_HIGH,
	};
	uint64_t reg[] = {
		GIC_DIST_BASE, GIC_DIST_SIZE,
		GIC_REDIST_BASE, cfg->vcpu_count * GIC_REDIST_STRIDE,
	};
	char name[NODE_NAME_MAX];

	unit_name(name, sizeof(name), "intc", GIC_DIST_BASE);
	begin(w, name);
	prop_string(w, "compatible", "arm,gic-v3");
	prop_u32(w, "#interrupt-cells", 3);
	prop_empty(w, "interrupt-controller");
	prop_u32(w, "#address-cells", 2);
	prop_u32(w, "#size-cells", 2);
	prop_empty(w, "ranges");
	prop_u32(w, "#redistributor-regions", 1);
	prop_u64s(w, "reg", reg, sizeof(reg) / sizeof(reg[0]));
	prop_cells(w, "interrupts", maint, sizeof(maint) / sizeof(maint[0]));
	prop_u32(w, "phandle", PHANDLE_GIC);
	end(w);
}

/* The APB clock the PL011 binding requires (both of its clocks). */
static void
add_clock(struct dtbw *w)
{
	begin(w, "apb-pclk");
	prop_string(w, "compatible", "fixed-clock");
	prop_u32(w, "#clock-cells", 0);
	prop_u32(w, "clock-frequency", CLOCK_HZ);
	prop_string(w, "clock-output-names", "clk24mhz");
	prop_u32(w, "phandle", PHANDLE_CLOCK);
	end(w);
}

/*
 * The console with its interrupt: without it printk shows but userspace's
 * output is lost (guests.md item 7).
 */
static void
add_uart(struct dtbw *w)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	static const uint32_t irq[] = {
		IRQ_TYPE_SPI, UART_SPI, IRQ_LEVEL_HIGH,
	};
	static const uint32_t clocks[] = { PHANDLE_CLOCK, PHANDLE_CLOCK };
	static const uint64_t reg[] = { UART_BASE, UART_SIZE };
	char name[NODE_NAME_MAX];

	unit_name(name, sizeof(name), "pl011", UART_BASE);
	begin(w, name);
	prop(w, "compatible", compat, sizeof(compat));
	prop_u64s(w, "reg", reg, 2);
	prop_cells(w, "interrupts", irq, 3);
	prop_cells(w, "clocks", clocks, 2);
	prop(w, "clock-names", clock_names, sizeof(clock_names));
	end(w);
}

/*
 * The command line (or the default), the console's path and the initrd;
 * the initrd's bounds take the root's two address cells, end exclusive.
 */
static void
add_chosen(struct dtbw *w, const struct guestdtb_config *cfg)
{
	uint64_t start = ipa_addr(cfg->initrd_base);
	uint64_t end_ipa = start + cfg->initrd_size;
	char path[NODE_NAME_MAX + 1];

	begin(w, "chosen");
	prop_string(w, "bootargs", cfg->cmdline != NULL ? cfg->cmdline :
	    GUESTDTB_DEFAULT_BOOTARGS);
	path[0] = '/';
	unit_name(path + 1, sizeof(path) - 1, "pl011", UART_BASE);
	prop_string(w, "stdout-path", path);
	if (cfg->initrd_size != 0) {
		prop_u64s(w, "linux,initrd-start", &start, 1);
		prop_u64s(w, "linux,initrd-end", &end_ipa, 1);
	}
	end(w);
}

/* [base, base + size) inside the guest's RAM, given that RAM is valid. */
static bool
in_ram(const struct guestdtb_config *cfg, uint64_t base, uint64_t size)
{
	uint64_t ram = ipa_addr(cfg->ram_base);

	return base >= ram && base - ram <= cfg->ram_size &&
	    size <= cfg->ram_size - (base - ram);
}

int
guestdtb_check(const struct guestdtb_config *cfg)
{
	uint64_t ram;

	if (cfg == NULL) {
		return -EINVAL;
	}
	ram = ipa_addr(cfg->ram_base);
	if (cfg->vcpu_count == 0 || cfg->vcpu_count > GUESTDTB_VCPUS_MAX) {
		return -EINVAL;
	}
	if (ram < GUESTDTB_RAM_MIN || ram % GUESTDTB_PAGE != 0 ||
	    cfg->ram_size == 0 || cfg->ram_size % GUESTDTB_PAGE != 0 ||
	    cfg->ram_size > UINT64_MAX - ram) {
		return -EINVAL;
	}
	if (cfg->initrd_size != 0 && !in_ram(cfg, ipa_addr(cfg->initrd_base),
	    cfg->initrd_size)) {
		return -EINVAL;
	}
	if (cfg->cmdline != NULL &&
	    strnlen(cfg->cmdline, GUESTDTB_CMDLINE_MAX + 1) >
	    GUESTDTB_CMDLINE_MAX) {
		return -EINVAL;
	}
	return 0;
}

/*
 * The whole blob: an empty reservation map, then the nodes (their order is
 * free; the root's properties come first, as the format requires).
 */
static void
add_tree(struct dtbw *w, const struct guestdtb_config *cfg)
{
	if (w->err == 0) {
		w->err = fdt_finish_reservemap(w->fdt);
	}
	begin(w, "");
	add_root_props(w);
	add_psci(w);
	add_memory(w, cfg);
	add_cpus(w, cfg);
	add_timer(w);
	add_gic(w, cfg);
	add_clock(w);
	add_uart(w);
	add_chosen(w, cfg);
	end(w);
	if (w->err == 0) {
		w->err = fdt_finish(w->fdt);
	}
}

int
guestdtb_build(const struct guestdtb_config *cfg, void *buf, size_t size)
{
	struct dtbw w = { buf, 0 };
	int rc;

	rc = guestdtb_check(cfg);
	if (rc != 0) {
		return rc;
	}
	if (buf == NULL || (uintptr_t)buf % GUESTDTB_ALIGN != 0) {
		return -EINVAL;
	}
	if (size > GUESTDTB_SIZE_MAX) {
		size = GUESTDTB_SIZE_MAX;
	}
	w.err = fdt_create(buf, (int)size);
	add_tree(&w, cfg);
	if (w.err == -FDT_ERR_NOSPACE) {
		return -ENOSPC;
	}
	if (w.err != 0) {
		return -EIO;
	}
	return (int)fdt_totalsize(buf);
}
