/* SPDX-License-Identifier: ISC */
/*
 * main.h - the entry points start.S calls into, after it has set up a
 * stack and zeroed the BSS.
 */
#ifndef HVFW_MAIN_H
#define HVFW_MAIN_H

/**
 * main_el2() - hvfw on the boot CPU at EL2: console, device tree, EL2 MMU,
 * page pool, self-test, then run the guests the command line names, or
 * if it names none wait for a console byte; then power off.
 *
 * Does not return.
 */
void main_el2(void) __attribute__((noreturn));

/**
 * main_wrong_el() - hvfw was entered at an exception level other than EL2:
 * say so on the console and halt.
 * @el: the level it was entered at (CurrentEL.EL).
 *
 * Runs with the MMU off (the EL1 one, even, is not touched).
 */
void main_wrong_el(unsigned int el) __attribute__((noreturn));

#endif /* HVFW_MAIN_H */
