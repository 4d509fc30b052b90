/* SPDX-License-Identifier: ISC */
/*
 * console.h - hvctl's console: a domain's console stream on the terminal.
 *
 * On a terminal, stdin is put in raw mode and ^] detaches; every byte
 * typed goes to the guest, and the guest's output comes out as it is.
 * Without a terminal (a script, a pipe), input is sent until it ends and
 * output is shown until the domain stops.  Either way the stream ends
 * when the domain stops.
 */
#ifndef HVCTL_CONSOLE_H
#define HVCTL_CONSOLE_H

#include <stdbool.h>

#include "hvctl.h"

/** CONSOLE_ESCAPE - the byte that detaches: ^] (GS). */
#define CONSOLE_ESCAPE	0x1d

/**
 * console_run() - attach to a domain's console until it stops or the
 * user detaches.
 * @h:      the run (connected).
 * @dom:    the domain.
 * @replay: first show what the current boot has written (hvctl start
 *          --console: nothing the guest wrote before the attach is lost).
 *
 * Return: the exit status.
 */
int console_run(struct hvctl *h, const remote_nonnull_domain *dom,
    bool replay);

#endif /* HVCTL_CONSOLE_H */
