/* SPDX-License-Identifier: ISC */
/*
 * vcpu_switch.S - the world switch: from the firmware at EL2 into a guest
 * at EL1 and back, and the FP/SIMD registers' save and load.
 *
 * arch_vcpu_enter(v) keeps the firmware's callee-saved registers and @v in
 * a frame on the EL2 stack, loads the guest's x0..x30, ELR_EL2 and
 * SPSR_EL2 from @v and ERETs.  SP_EL2 is left pointing at that frame: the
 * guest runs on its own SP_EL1/SP_EL0, so the next exception taken to EL2
 * finds the frame where it was.  The lower-EL vectors (vectors.S) push the
 * guest's x0 and x1, put the vector's kind in x1 and branch to
 * arch_vcpu_exit, which stores the guest's registers and the syndrome into
 * @v, pops the frame and returns from arch_vcpu_enter() with the kind.
 *
 * Offsets are those of struct arch_vcpu (arch.h, checked in vcpu.c).
 */

#define GPRS_PC		248	/* ELR_EL2, then SPSR_EL2 */
#define SYN_ESR		264	/* ESR_EL2, then FAR_EL2 */
#define SYN_HPFAR	280
#define FRAME		112	/* x19..x30 and @v, 16-byte aligned */
#define FRAME_VCPU	96

	.text

/* unsigned int arch_vcpu_enter(struct arch_vcpu *v) */
	.global	arch_vcpu_enter
	.type	arch_vcpu_enter, %function
	.balign	16
arch_vcpu_enter:
	stp	x29, x30, [sp, #-FRAME]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x0, [sp, #FRAME_VCPU]

	ldp	x1, x2, [x0, #GPRS_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	/* Nothing is executed after an ERET, speculatively included. */
	dsb	nsh
	isb
	.size	arch_vcpu_enter, . - arch_vcpu_enter

/*
 * Entered from vectors.S with SP_EL2 = the frame minus 16, the guest's x0
 * and x1 at [sp], and the vector's kind (0..3) in x1.
 */
	.global	arch_vcpu_exit
	.type	arch_vcpu_exit, %function
	.balign	16
arch_vcpu_exit:
	ldr	x0, [sp, #16 + FRAME_VCPU]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #GPRS_PC]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #SYN_ESR]
	mrs	x2, hpfar_el2
	str	x2, [x0, #SYN_HPFAR]

	mov	x0, x1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #FRAME
	ret
	.size	arch_vcpu_exit, . - arch_vcpu_exit

/* void arch_fpsimd_save(struct arch_fpsimd *fp) - CPTR_EL2.TFP must be 0 */
	.global	arch_fpsimd_save
	.type	arch_fpsimd_save, %function
	.balign	16
arch_fpsimd_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret
	.size	arch_fpsimd_save, . - arch_fpsimd_save

/* void arch_fpsimd_load(const struct arch_fpsimd *fp) - likewise */
	.global	arch_fpsimd_load
	.type	arch_fpsimd_load, %function
	.balign	16
arch_fpsimd_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
	.size	arch_fpsimd_load, . - arch_fpsimd_load
