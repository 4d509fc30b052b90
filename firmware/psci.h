/* SPDX-License-Identifier: ISC */
/*
 * psci.h - the Power State Coordination Interface a guest sees (Arm
 * DEN0022, version 1.0) over the SMC Calling Convention (Arm DEN0028),
 * whether it calls with HVC or with SMC (trapped by HCR_EL2.TSC).
 */
#ifndef HVFW_PSCI_H
#define HVFW_PSCI_H

#include <stdint.h>

#include "vcpu.h"

/* Function identifiers (SMC32 unless _64) */
#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND	0x84000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON		0x84000003u
#define PSCI_AFFINITY_INFO	0x84000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au
#define PSCI_CPU_SUSPEND_64	0xc4000001u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_INFO_64	0xc4000004u

/* Return codes */
#define PSCI_RET_SUCCESS		0
#define PSCI_RET_NOT_SUPPORTED		(-1)
#define PSCI_RET_INVALID_PARAMETERS	(-2)
#define PSCI_RET_ALREADY_ON		(-4)

/** PSCI_VERSION_1_0 - what PSCI_VERSION returns: major 1, minor 0. */
#define PSCI_VERSION_1_0	0x10000

/* AFFINITY_INFO states */
#define PSCI_AFFINITY_ON	0
#define PSCI_AFFINITY_OFF	1

/** PSCI_MIGRATE_NONE - MIGRATE_INFO_TYPE: no Trusted OS to migrate. */
#define PSCI_MIGRATE_NONE	2

/**
 * psci_call() - carry out the call @v made: function id in w0, arguments
 * in x1..x3, the result in x0.
 * @v:   the vCPU; its PC is already past the HVC or SMC.
 * @imm: the instruction's immediate: SMCCC calls use #0, so any other is
 *       refused with NOT_SUPPORTED.
 *
 * PSCI_VERSION (1.0), PSCI_FEATURES, MIGRATE_INFO_TYPE (2), AFFINITY_INFO,
 * CPU_ON, CPU_OFF, SYSTEM_OFF and SYSTEM_RESET; every other function id,
 * PSCI or not, returns NOT_SUPPORTED (-1).  A VM has one vCPU for now:
 * CPU_ON of it says ALREADY_ON and of any other MPIDR INVALID_PARAMETERS.
 * SYSTEM_OFF, SYSTEM_RESET and CPU_OFF of the last vCPU that is on stop
 * the VM (vm_stop()): off, reset, off.
 */
void psci_call(struct vcpu *v, uint16_t imm);

#endif /* HVFW_PSCI_H */
