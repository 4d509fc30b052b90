/* SPDX-License-Identifier: ISC */
/*
 * exit.h - what the firmware does when a guest exits to EL2.
 */
#ifndef HVFW_EXIT_H
#define HVFW_EXIT_H

#include "vcpu.h"

/**
 * exit_handle() - handle one exit of @v.
 * @v:    the vCPU that exited.
 * @exit: what arch_vcpu_enter() returned.
 *
 * HVC and SMC are SMCCC calls (psci_call()); WFI/WFE are stepped over (a
 * single vCPU has nothing to wait for); a stage-2 data abort in the UART's
 * page that the syndrome describes is emulated (pl011_emul) and stepped
 * over; a physical interrupt is nothing to the guest.  Anything else
 * stops the VM as crashed, with a report on the console naming the VM,
 * the vCPU, the IPA and access (for an abort), ESR and PC.  Never fails:
 * a guest can only hurt itself.
 */
void exit_handle(struct vcpu *v, unsigned int exit);

#endif /* HVFW_EXIT_H */
