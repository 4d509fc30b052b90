/* SPDX-License-Identifier: ISC */
/*
 * lifecycle.h - what clients ask of domains, with libvirt's semantics:
 * define (new or updated), undefine, start, shutdown, destroy, reboot,
 * suspend, resume, autostart; each checks the domain's state and answers
 * with libvirt's error code and a message when it cannot be done.
 *
 * Every function returns 0 on success or an enum rpc_error_code with the
 * message in @err.
 */
#ifndef HVD_LIFECYCLE_H
#define HVD_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "vmdef.h"

struct domain;
struct hvd;

/**
 * lifecycle_define() - define a domain, or give an existing one (same name)
 * a new definition: at once if it is inactive, at its next start if not.
 * @hvd:        the daemon.
 * @def:        the definition, taken over (left empty) on success.
 * @persistent: written to the VM directory (false: a transient domain,
 *              for lifecycle_create()).
 * @out:        set to the domain.
 * @err:        the message.
 * @len:        bytes at @err.
 *
 * Its image paths should be absolute (vmdef_absolute_paths()).  A
 * definition without a UUID takes the existing domain's.
 *
 * Return: 0, VIR_ERR_OPERATION_FAILED (the UUID or name belongs to
 * another domain, limits.max_vms reached, the file cannot be written),
 * VIR_ERR_NO_MEMORY.
 */
int lifecycle_define(struct hvd *hvd, struct vmdef *def, bool persistent,
    struct domain **out, char *err, size_t len);

/**
 * lifecycle_undefine() - forget a domain's definition: an inactive one goes,
 * an active one becomes transient and goes when it stops.
 * @hvd: the daemon.
 * @d:   the domain (may be freed).
 * @err: the message.
 * @len: bytes at @err.
 *
 * Return: 0 or VIR_ERR_OPERATION_INVALID (transient already).
 */
int lifecycle_undefine(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * lifecycle_start() - start an inactive domain.
 * @hvd:    the daemon.
 * @d:      the domain.
 * @paused: leave it paused.
 * @err:    the message.
 * @len:    bytes at @err.
 *
 * Return: 0, VIR_ERR_OPERATION_INVALID (active already, a shared region
 * its peers do not define alike), VIR_ERR_OPERATION_FAILED (the board,
 * memory, images, the firmware).
 */
int lifecycle_start(struct hvd *hvd, struct domain *d, bool paused, char *err,
    size_t len);

/**
 * lifecycle_create() - define a transient domain and start it.
 * @hvd:    the daemon.
 * @def:    the definition (taken over on success).
 * @paused: leave it paused.
 * @out:    set to the domain.
 * @err:    the message.
 * @len:    bytes at @err.
 *
 * Return: 0, VIR_ERR_DOM_EXIST (a domain of that name or UUID exists),
 * or what lifecycle_start() returns (nothing is left defined then).
 */
int lifecycle_create(struct hvd *hvd, struct vmdef *def, bool paused,
    struct domain **out, char *err, size_t len);

/**
 * lifecycle_destroy() - stop an active domain at once.
 * @hvd: the daemon.
 * @d:   the domain (may be freed: transient).
 * @err: the message.
 * @len: bytes at @err.
 *
 * Return: 0 or VIR_ERR_OPERATION_INVALID (not active).
 */
int lifecycle_destroy(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * lifecycle_shutdown() - ask a running domain's guest to power off.
 * @hvd: the daemon.
 * @d:   the domain.
 * @err: the message.
 * @len: bytes at @err.
 *
 * Return: 0, VIR_ERR_OPERATION_INVALID (not running),
 * VIR_ERR_OPERATION_FAILED.
 */
int lifecycle_shutdown(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * lifecycle_reboot() - reset an active domain in place.
 * @hvd: the daemon.
 * @d:   the domain.
 * @err: the message.
 * @len: bytes at @err.
 *
 * Return: 0, VIR_ERR_OPERATION_INVALID, VIR_ERR_OPERATION_FAILED.
 */
int lifecycle_reboot(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * lifecycle_suspend() - pause a running domain.
 * @hvd: the daemon.
 * @d:   the domain.
 * @err: the message.
 * @len: bytes at @err.
 *
 * Return: 0, VIR_ERR_OPERATION_INVALID, VIR_ERR_OPERATION_FAILED.
 */
int lifecycle_suspend(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * lifecycle_resume() - run a paused domain again.
 * @hvd: the daemon.
 * @d:   the domain.
 * @err: the message.
 * @len: bytes at @err.
 *
 * Return: 0, VIR_ERR_OPERATION_INVALID, VIR_ERR_OPERATION_FAILED.
 */
int lifecycle_resume(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * lifecycle_set_autostart() - start the domain when hvd starts, or not.
 * @hvd:       the daemon.
 * @d:         the domain.
 * @autostart: the new setting.
 * @err:       the message.
 * @len:       bytes at @err.
 *
 * Return: 0, VIR_ERR_OPERATION_INVALID (transient),
 * VIR_ERR_OPERATION_FAILED (the definition cannot be written).
 */
int lifecycle_set_autostart(struct hvd *hvd, struct domain *d, bool autostart,
    char *err, size_t len);

/**
 * lifecycle_autostart() - start every inactive domain marked autostart
 * (hvd's startup); failures are logged.
 * @hvd: the daemon.
 */
void lifecycle_autostart(struct hvd *hvd);

#endif /* HVD_LIFECYCLE_H */
