/* SPDX-License-Identifier: ISC */
/*
 * board.c - what QEMU's device tree tells hvfw: RAM, the command line and
 * the CPUs.
 *
 * For an ELF image QEMU writes its DTB at the start of RAM and passes no
 * pointer to it, so it is read from there; a missing or malformed one is
 * refused rather than guessed around.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/errno.h>

#include "arch.h"
#include "dtb.h"
#include "plat.h"

/* The totalsize field of an FDT header (Devicetree Specification 5.2). */
#define FDT_TOTALSIZE_OFF	4

/* #address-cells or #size-cells of a node, with the spec's default. */
static unsigned int
node_cells(const struct dtb *dt, const char *node, const char *name,
    unsigned int dflt)
{
	const void *v;
	uint32_t len;

	if (dtb_prop(dt, node, name, &v, &len) != 0 || len != 4) {
		return dflt;
	}
	return (unsigned int)dtb_cells(v, 1);
}

static int
probe_memory(const struct dtb *dt, struct plat_board *b)
{
	unsigned int ac = node_cells(dt, "", "#address-cells", 2);
	unsigned int sc = node_cells(dt, "", "#size-cells", 1);
	const uint8_t *reg;
	const void *v;
	uint32_t len;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    dtb_prop(dt, "memory", "reg", &v, &len) != 0 ||
	    len < 4 * (ac + sc)) {
		return -EINVAL;
	}
	reg = v;
	b->ram_base = dtb_cells(reg, ac);
	b->ram_size = dtb_cells(reg + 4 * ac, sc);
	if (b->ram_base != PLAT_RAM_BASE || b->ram_size == 0 ||
	    b->ram_base + b->ram_size < b->ram_base) {
		return -EINVAL;
	}
	return 0;
}

/*
 * Whether hvfw can run the CPU @mpidr as one more of @b's: it has a stack
 * for it (start.S takes it by Aff0, so the other affinity fields must be
 * zero), and does not have it already.
 */
static bool
cpu_usable(const struct plat_board *b, uint64_t mpidr)
{
	unsigned int i;

	if (mpidr >= PLAT_CPU_MAX) {
		return false;
	}
	for (i = 0; i < b->cpu_count; i++) {
		if (b->cpu_mpidr[i] == mpidr) {
			return false;
		}
	}
	return true;
}

/* The "reg" of every /cpus/cpu@*: the CPUs, the calling one first. */
static int
probe_cpus(const struct dtb *dt, struct plat_board *b)
{
	unsigned int ac = node_cells(dt, "cpus", "#address-cells", 2), n, i;
	uint64_t self = arch_cpu_mpidr(), mpidr;
	const void *v;
	uint32_t len;
	int ret;

	if (ac < 1 || ac > 2) {
		return -EINVAL;
	}
	b->cpu_count = 0;
	b->cpu_unusable = 0;
	for (n = 0; (ret = dtb_prop_nth(dt, "cpus/cpu", n, "reg", &v,
	    &len)) == 0; n++) {
		if (len < 4 * ac) {
			return -EINVAL;
		}
		mpidr = dtb_cells(v, ac);
		if (cpu_usable(b, mpidr)) {
			b->cpu_mpidr[b->cpu_count++] = mpidr;
		} else {
			b->cpu_unusable++;
		}
	}
	for (i = 0; i < b->cpu_count && b->cpu_mpidr[i] != self; i++) {
		continue;
	}
	if (ret != -ENOENT || i == b->cpu_count) {
		return -EINVAL;
	}
	b->cpu_mpidr[i] = b->cpu_mpidr[0];
	b->cpu_mpidr[0] = self;
	return 0;
}

/**
 * plat_board_probe() - RAM, command line, CPUs and DTB size from the DTB at
 * PLAT_DTB_BASE.
 * @b: filled in.
 *
 * Return: 0 or -EINVAL.
 */
int
plat_board_probe(struct plat_board *b)
{
	struct dtb dt;
	const void *v;
	uint32_t len;
	int ret;

	ret = dtb_init(&dt, (const void *)(uintptr_t)PLAT_DTB_BASE,
	    PLAT_DTB_SIZE_MAX);
	if (ret == 0) {
		ret = probe_memory(&dt, b);
	}
	if (ret == 0) {
		ret = probe_cpus(&dt, b);
	}
	if (ret != 0) {
		return ret;
	}
	b->dtb_size = dtb_cells((const uint8_t *)(uintptr_t)PLAT_DTB_BASE +
	    FDT_TOTALSIZE_OFF, 1);
	b->bootargs = "";
	/* A string property: use it only if it is terminated inside. */
	if (dtb_prop(&dt, "chosen", "bootargs", &v, &len) == 0 && len > 0 &&
	    ((const char *)v)[len - 1] == '\0') {
		b->bootargs = v;
	}
	return 0;
}
