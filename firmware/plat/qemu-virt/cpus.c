/* SPDX-License-Identifier: ISC */
/*
 * cpus.c - starting the board's other CPUs through PSCI CPU_ON (Arm
 * DEN0022, 5.1.4), which QEMU virt with virtualization=on and no EL3
 * answers itself for SMC from EL2.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>

#include "arch.h"
#include "plat.h"

#define PSCI_CPU_ON_64		0xc4000003u

/* PSCI return codes (DEN0022, 5.2.2) and what the firmware calls them. */
static const struct {
	int64_t psci;
	int err;
} psci_errors[] = {
	{ 0, 0 },		/* SUCCESS */
	{ -1, -EOPNOTSUPP },	/* NOT_SUPPORTED */
	{ -2, -EINVAL },	/* INVALID_PARAMETERS */
	{ -3, -EPERM },		/* DENIED */
	{ -4, -EBUSY },		/* ALREADY_ON */
	{ -5, -EBUSY },		/* ON_PENDING */
	{ -6, -EIO },		/* INTERNAL_FAILURE */
	{ -7, -ENOENT },	/* NOT_PRESENT */
	{ -8, -ENOENT },	/* DISABLED */
	{ -9, -EFAULT },	/* INVALID_ADDRESS */
};

/**
 * plat_cpu_start() - PSCI CPU_ON_64.
 * @mpidr:    the CPU.
 * @entry_pa: its entry point.
 * @context:  its x0.
 *
 * Return: 0 or -errno (plat.h).
 */
int
plat_cpu_start(uint64_t mpidr, uint64_t entry_pa, uint64_t context)
{
	int64_t ret = (int64_t)arch_smc(PSCI_CPU_ON_64, mpidr, entry_pa,
	    context);
	size_t i;

	for (i = 0; i < sizeof(psci_errors) / sizeof(psci_errors[0]); i++) {
		if (psci_errors[i].psci == ret) {
			return psci_errors[i].err;
		}
	}
	return -EIO;
}
