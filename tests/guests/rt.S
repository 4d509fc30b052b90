/* SPDX-License-Identifier: ISC */
/*
 * rt.S - entry and exception vectors of hv's test guests.
 *
 * Entered at IPA 0x40000000 at EL1h, MMU off, x0 = RAM size, x1 = the
 * guest's argument: take the stack at the end of the image (guest.ld),
 * install the vectors, zero the BSS, then rt_main(x0, x1).  Every vector
 * reports the exception through rt_exception(kind, ESR_EL1, ELR_EL1,
 * FAR_EL1), which switches the guest off.
 *
 * Secondary vCPUs enter at rt_secondary_entry with x0 = their index (the
 * context id of PSCI CPU_ON): each takes its own stack from
 * rt_secondary_stacks (rt.c), installs the vectors (VBAR_EL1 is per vCPU)
 * and calls rt_secondary_main(index).  An index out of range parks the
 * vCPU: it has no stack to run C on.
 */
#include "rt.h"

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
_start:
	mov	x19, x0
	mov	x20, x1
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	adrp	x1, rt_vectors
	add	x1, x1, :lo12:rt_vectors
	msr	vbar_el1, x1
	isb
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	mov	x0, x19
	mov	x1, x20
	bl	rt_main
3:	wfi
	b	3b
	.size	_start, . - _start

	.text
	.global	rt_secondary_entry
	.type	rt_secondary_entry, %function
rt_secondary_entry:
	cbz	x0, 9f
	cmp	x0, #RT_VCPU_MAX
	b.hs	9f
	/* Stack of vCPU k: the top of rt_secondary_stacks[k - 1]. */
	adrp	x1, rt_secondary_stacks
	add	x1, x1, :lo12:rt_secondary_stacks
	add	x1, x1, x0, lsl #RT_SECONDARY_STACK_SHIFT
	mov	sp, x1
	adrp	x1, rt_vectors
	add	x1, x1, :lo12:rt_vectors
	msr	vbar_el1, x1
	isb
	bl	rt_secondary_main
9:	wfi
	b	9b
	.size	rt_secondary_entry, . - rt_secondary_entry

.macro	rt_vector kind
	.balign	0x80
	mov	x0, #\kind
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	b	rt_exception
.endm

	.text
	.balign	0x800
rt_vectors:
	rt_vector 0
	rt_vector 1
	rt_vector 2
	rt_vector 3
	rt_vector 4
	rt_vector 5
	rt_vector 6
	rt_vector 7
	rt_vector 8
	rt_vector 9
	rt_vector 10
	rt_vector 11
	rt_vector 12
	rt_vector 13
	rt_vector 14
	rt_vector 15
