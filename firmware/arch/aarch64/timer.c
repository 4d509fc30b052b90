/* SPDX-License-Identifier: ISC */
/*
 * timer.c - the generic timer as the firmware uses it: the system counter
 * for time, and the EL2 physical timer (CNTHP) to be woken at a deadline.
 *
 * The EL2 timer is the firmware's own: guests have the EL1 physical and
 * virtual timers, which a vCPU's state switches (vcpu.c), so arming this
 * one never disturbs theirs.
 */
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/**
 * arch_counter_now() - CNTPCT_EL0 after an ISB.
 *
 * Return: the count.
 */
uint64_t
arch_counter_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/**
 * arch_counter_freq() - CNTFRQ_EL0.
 *
 * Return: ticks per second.
 */
uint64_t
arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/**
 * arch_timer_arm() - fire the EL2 physical timer at @deadline.
 * @deadline: counter value.
 *
 * The compare value is set before the timer is enabled, so an old value
 * cannot make it fire early.
 */
void
arch_timer_arm(uint64_t deadline)
{
	write_sysreg(cnthp_cval_el2, deadline);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

/**
 * arch_timer_disarm() - disable the EL2 physical timer.
 */
void
arch_timer_disarm(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
}
