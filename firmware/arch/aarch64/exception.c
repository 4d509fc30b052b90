/* SPDX-License-Identifier: ISC */
/*
 * exception.c - what hvfw does with an EL2 exception: report and halt.
 *
 * Guest exits take another path (vectors.S, vcpu_switch.S) and the
 * firmware runs with interrupts masked, so any exception that comes here
 * is a firmware bug.  The report names the vector, the
 * exception class (ESR_EL2.EC) and the syndrome, return
 * and fault address registers, on the console, which needs nothing that
 * could itself have failed (no locks, no allocation).
 */
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"

_Static_assert(sizeof(struct arch_exception_frame) == 288,
    "vectors.S FRAME_SIZE matches struct arch_exception_frame");
_Static_assert(offsetof(struct arch_exception_frame, elr) == 248,
    "vectors.S stores ELR_EL2 after x30");
_Static_assert(offsetof(struct arch_exception_frame, far) == 272,
    "vectors.S stores FAR_EL2 at 272");

#define ESR_EC_SHIFT	26
#define ESR_EC_MASK	0x3fu

static const char *
vector_origin(unsigned int kind)
{
	static const char *const origin[] = {
		"current EL with SP_EL0", "current EL with SP_EL2",
		"lower EL (AArch64)", "lower EL (AArch32)",
	};

	return origin[(kind / 4) % 4];
}

static const char *
vector_type(unsigned int kind)
{
	static const char *const type[] = {
		"synchronous", "IRQ", "FIQ", "SError",
	};

	return type[kind % 4];
}

/**
 * arch_exception_handle() - report an unexpected EL2 exception and halt.
 * @frame: the state vectors.S saved.
 * @kind:  the vector number, 0..15.
 */
void
arch_exception_handle(const struct arch_exception_frame *frame,
    unsigned int kind)
{
	unsigned int ec = (unsigned int)(frame->esr >> ESR_EC_SHIFT) &
	    ESR_EC_MASK;

	console_printf("hvfw: panic: EL2 exception, %s %s: %s (EC 0x%x)\n",
	    vector_origin(kind), vector_type(kind),
	    arch_exception_class_name(ec), ec);
	console_printf("hvfw: ESR_EL2 0x%016llx ELR_EL2 0x%016llx "
	    "FAR_EL2 0x%016llx SPSR_EL2 0x%llx\n",
	    (unsigned long long)frame->esr, (unsigned long long)frame->elr,
	    (unsigned long long)frame->far, (unsigned long long)frame->spsr);
	console_printf("hvfw: x29 0x%016llx x30 0x%016llx sp 0x%016llx\n",
	    (unsigned long long)frame->x[29], (unsigned long long)frame->x[30],
	    (unsigned long long)(uintptr_t)(frame + 1));
	console_printf("hvfw: halted\n");
	arch_cpu_halt();
}
