/* SPDX-License-Identifier: ISC */
/*
 * vectors.S - the EL2 exception vector table (VBAR_EL2).
 *
 * Sixteen entries of 128 bytes, 2 KiB aligned.
 *
 * The four entries for a lower EL in AArch64 (8..11) are guest exits: each
 * pushes the guest's x0/x1, puts its kind (0..3: synchronous, IRQ, FIQ,
 * SError) in x1 and branches to arch_vcpu_exit (vcpu_switch.S), which
 * returns from arch_vcpu_enter().
 *
 * Every other entry is the firmware's own exception (or an AArch32 guest,
 * which HCR_EL2.RW rules out): it saves x0/x1, puts its number in x1 and
 * joins the common path, which saves the rest of the general registers and
 * ELR/SPSR/ESR/FAR_EL2 as a struct arch_exception_frame on the current
 * stack and calls arch_exception_handle(frame, kind).  That does not
 * return: the report is made and the CPU halts.
 */

#define FRAME_SIZE	288	/* sizeof(struct arch_exception_frame) */

.macro	ventry kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
.endm

.macro	gentry kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	arch_vcpu_exit
.endm

	.text
	.balign	0x800
	.global	arch_vectors
arch_vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	gentry	0		/* lower EL, AArch64: enum arch_exit */
	gentry	1
	gentry	2
	gentry	3
	ventry	12
	ventry	13
	ventry	14
	ventry	15

exception_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el2
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el2
	mrs	x3, esr_el2
	stp	x2, x3, [sp, #256]
	mrs	x2, far_el2
	stp	x2, xzr, [sp, #272]
	mov	x0, sp
	bl	arch_exception_handle
1:	wfi
	b	1b
