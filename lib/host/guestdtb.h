/* SPDX-License-Identifier: ISC */
/*
 * guestdtb.h - the flattened device tree hvd hands a guest OS (x0 at
 * entry), built with libfdt.
 *
 * It describes the platform every VM sees (doc: guests.md, "Platform
 * contract", item 8): QEMU virt's layout as the firmware emulates it for
 * the guest, pruned to what the firmware provides.  That is PSCI over HVC,
 * the guest's RAM, one cpu node per vCPU, the generic timer, a GICv3
 * distributor and one redistributor per vCPU (no ITS), the PL011 console
 * with its 24 MHz APB clock, and /chosen (command line, initrd, console).
 * Only what struct guestdtb_config holds changes from one VM to another.
 * Host-only code; no global state.
 */
#ifndef HV_HOST_GUESTDTB_H
#define HV_HOST_GUESTDTB_H

#include <stddef.h>
#include <stdint.h>

#include <hv/types.h>

/**
 * GUESTDTB_SIZE_MAX - the most a guest's DTB may take: 2 MiB
 * (Documentation/arch/arm64/booting.rst).  guestdtb_build() never uses
 * more of its buffer than this.
 */
#define GUESTDTB_SIZE_MAX	0x200000u
/**
 * GUESTDTB_BUF_SIZE - a buffer this large holds the DTB of every valid
 * config (8 vCPUs, the longest command line and an initrd take under half
 * of it); check_guestdtb asserts so.
 */
#define GUESTDTB_BUF_SIZE	0x4000u
/**
 * GUESTDTB_ALIGN - alignment of the buffer, as the guest needs the DTB
 * (booting.rst: 8 bytes).
 */
#define GUESTDTB_ALIGN		8u
/** GUESTDTB_VCPUS_MAX - most vCPUs: the firmware's CPU count, as vmdef.h. */
#define GUESTDTB_VCPUS_MAX	8u
/**
 * GUESTDTB_RAM_MIN - lowest IPA guest RAM may start at: QEMU virt's RAM
 * base; the devices this DTB describes are below it.
 */
#define GUESTDTB_RAM_MIN	0x40000000ull
/** GUESTDTB_PAGE - RAM base and size are multiples of 4 KiB. */
#define GUESTDTB_PAGE		0x1000ull
/**
 * GUESTDTB_CMDLINE_MAX - longest command line, in bytes without the NUL:
 * arm64 Linux's COMMAND_LINE_SIZE (2048) less one; the kernel would cut a
 * longer one silently.
 */
#define GUESTDTB_CMDLINE_MAX	2047u
/**
 * GUESTDTB_DEFAULT_BOOTARGS - /chosen/bootargs when the VM gives no command
 * line: the console on the PL011 (ttyAMA0) and, from the first
 * instruction that prints, the early console on the same UART, so that a
 * kernel that fails before its console driver probes still says why.
 */
#define GUESTDTB_DEFAULT_BOOTARGS "console=ttyAMA0 earlycon=pl011,0x9000000"

/**
 * struct guestdtb_config - what differs from one VM's DTB to another's.
 * @ram_base:    IPA of the guest's RAM, GUESTDTB_PAGE aligned, at least
 *               GUESTDTB_RAM_MIN.
 * @ram_size:    its bytes, a non-zero multiple of GUESTDTB_PAGE; the RAM
 *               must not wrap around the 64-bit IPA space.
 * @vcpu_count:  1..GUESTDTB_VCPUS_MAX.  vCPU n's MPIDR_EL1 reads Aff0 = n
 *               (the firmware sets VMPIDR_EL2 so), which is cpu@n's reg.
 * @cmdline:     the kernel command line, used as it is (an empty string
 *               too), or NULL for GUESTDTB_DEFAULT_BOOTARGS.  At most
 *               GUESTDTB_CMDLINE_MAX bytes.
 * @initrd_base: IPA of the initial RAM disk's first byte; ignored when
 *               @initrd_size is 0.
 * @initrd_size: its bytes, or 0 for no initrd (and no linux,initrd-*
 *               properties).  The initrd lies wholly inside the RAM.
 */
struct guestdtb_config {
	ipa_t ram_base;
	uint64_t ram_size;
	unsigned int vcpu_count;
	const char *cmdline;
	ipa_t initrd_base;
	uint64_t initrd_size;
};

/**
 * guestdtb_check() - whether a config describes a VM a DTB can be made for.
 * @cfg: the config.
 *
 * The checks guestdtb_build() makes before it writes anything, so hvd can
 * refuse a VM before placing its images.
 *
 * Return: 0; -EINVAL for a NULL @cfg or any field outside what struct
 * guestdtb_config allows.
 */
int guestdtb_check(const struct guestdtb_config *cfg);

/**
 * guestdtb_build() - write a guest's DTB.
 * @cfg:  the VM.
 * @buf:  where, GUESTDTB_ALIGN aligned; the guest gets these bytes as
 *        they are (hvd copies them to an 8-byte aligned IPA).
 * @size: bytes of @buf; GUESTDTB_BUF_SIZE always suffices.  Only the
 *        first GUESTDTB_SIZE_MAX bytes of a larger buffer are used.
 *
 * The blob is a version 17 FDT with an empty memory reservation map (the
 * RAM holds nothing of the firmware's) and phandles on the GIC and on the
 * APB clock only.  Nothing outside the first min(@size,
 * GUESTDTB_SIZE_MAX) bytes of @buf is written; on failure, what those
 * bytes hold is unspecified.
 *
 * Return: the DTB's size in bytes (its header's totalsize), at most
 * GUESTDTB_SIZE_MAX; -EINVAL for a config guestdtb_check() refuses, a
 * NULL or misaligned @buf; -ENOSPC when the DTB does not fit in @size
 * bytes (or in GUESTDTB_SIZE_MAX); -EIO when libfdt fails otherwise
 * (a bug, not expected).
 */
int guestdtb_build(const struct guestdtb_config *cfg, void *buf, size_t size);

#endif /* HV_HOST_GUESTDTB_H */
