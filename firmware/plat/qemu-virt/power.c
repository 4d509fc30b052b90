/* SPDX-License-Identifier: ISC */
/*
 * power.c - board power control through PSCI (Arm DEN0022).
 *
 * QEMU virt with virtualization=on and no EL3 implements PSCI itself for
 * SMC from EL2 (its device tree says method = "smc").
 */
#include <stdint.h>

#include "arch.h"
#include "plat.h"

#define PSCI_SYSTEM_OFF		0x84000008u

/**
 * plat_power_off() - PSCI SYSTEM_OFF; halt if it returns.
 */
void
plat_power_off(void)
{
	(void)arch_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	arch_cpu_halt();
}
