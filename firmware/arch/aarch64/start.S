/* SPDX-License-Identifier: ISC */
/*
 * start.S - hvfw's entry points: the boot CPU, straight from the loader,
 * and the secondary CPUs, from PSCI CPU_ON.
 *
 * QEMU enters an ELF image at its entry point on the boot CPU with the MMU
 * off, at the highest exception level the board has: EL2 with
 * virtualization=on and no EL3.  Secondary CPUs stay off until PSCI CPU_ON
 * starts them at arch_secondary_entry, at the caller's level (EL2), MMU
 * off, with the context in x0.
 *
 * Before any C runs: mask exceptions, put EL2's SCTLR in a known state (MMU
 * and caches off, little-endian), take this CPU's stack (indexed by
 * MPIDR_EL1.Aff0), zero the BSS (boot CPU only) and install the EL2
 * vectors.  Entered at any other level, hvfw says so from C
 * (main_wrong_el()) and stops: it cannot do its job without EL2.  A
 * secondary CPU not at EL2 just halts: the boot CPU reports it missing.
 */

#define STACK_SHIFT	14		/* 16 KiB per CPU */
#define CPU_MAX		8		/* stacks in hvfw.ld: CPU_MAX << STACK_SHIFT */
#define SCTLR_EL2_RES1	0x30c50830	/* MMU, caches, alignment check off */

/* sp = the top of this CPU's stack (clobbers x0, x1); halt if it has none. */
	.macro	cpu_stack
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cmp	x0, #CPU_MAX
	b.hs	halt
	add	x0, x0, #1
	lsl	x0, x0, #STACK_SHIFT
	adrp	x1, __stacks_start
	add	x1, x1, :lo12:__stacks_start
	add	x0, x1, x0
	mov	sp, x0
	.endm

/* SCTLR_EL2: MMU and caches off, little-endian (clobbers x0). */
	.macro	sctlr_reset
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	isb
	.endm

/* VBAR_EL2 = the EL2 vectors (clobbers x0). */
	.macro	vectors_install
	adrp	x0, arch_vectors
	add	x0, x0, :lo12:arch_vectors
	msr	vbar_el2, x0
	isb
	.endm

	.section .text.boot, "ax"
	.global _start
	.type	_start, %function
_start:
	msr	daifset, #0xf
	mrs	x19, CurrentEL
	ubfx	x19, x19, #2, #2

	/* This CPU's stack: CPU_MAX stacks of 16 KiB from __stacks_start. */
	cpu_stack

	cmp	x19, #2
	b.ne	1f
	sctlr_reset
1:
	/* Zero the BSS: 16-byte aligned by hvfw.ld, so stp stays aligned. */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:
	cmp	x19, #2
	b.ne	wrong_el
	vectors_install
	bl	main_el2
	b	halt

wrong_el:
	mov	x0, x19
	bl	main_wrong_el
halt:
	msr	daifset, #0xf
	wfi
	b	halt
	.size	_start, . - _start

	/* A secondary CPU: x0 is its index (PSCI CPU_ON's context id). */
	.global	arch_secondary_entry
	.type	arch_secondary_entry, %function
arch_secondary_entry:
	msr	daifset, #0xf
	mov	x20, x0
	mrs	x19, CurrentEL
	ubfx	x19, x19, #2, #2
	cmp	x19, #2
	b.ne	halt
	cpu_stack
	sctlr_reset
	vectors_install
	mov	x0, x20
	bl	smp_secondary_main
	b	halt
	.size	arch_secondary_entry, . - arch_secondary_entry
	.ltorg
