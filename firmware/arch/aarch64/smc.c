/* SPDX-License-Identifier: ISC */
/*
 * smc.c - calls to the firmware below EL2 by the SMC Calling Convention
 * (Arm DEN0028).  On QEMU virt without EL3 the emulator itself answers
 * PSCI calls made this way.
 */
#include <stdint.h>

#include "arch.h"

/**
 * arch_smc() - an SMC #0 call.
 * @fid: function id.
 * @a1:  x1.
 * @a2:  x2.
 * @a3:  x3.
 *
 * SMCCC v1.0 lets the callee change x4-x17, hence the clobbers.
 *
 * Return: x0.
 */
uint64_t
arch_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
	    : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
	    :
	    : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
	      "x14", "x15", "x16", "x17", "memory");
	return x0;
}
