/* SPDX-License-Identifier: ISC */
/*
 * vmrun.h - a domain's life on the board: everything hvd asks of the
 * firmware for one VM, and everything the firmware tells hvd about it.
 *
 *   vmrun.c        start, pause, resume, the shutdown request, and the
 *                  one way an active domain ends: vmrun_shut_off()
 *   vmrun_mem.c    guest memory: placement, images, stage-2 maps, demand
 *                  faults, runtime map/unmap/protect
 *   vmrun_event.c  console output and input, VM exits, a lost board
 *
 * Functions that fail write why into @err ("the board did not start:
 * ...", "not enough free board memory ...") for the client that asked;
 * the domain is left as it was, or shut off with reason failed.  State
 * changes are saved (store.h) and announced (events.h) here.
 */
#ifndef HVD_VMRUN_H
#define HVD_VMRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "domain.h"

struct hvd;

/**
 * vmrun_start() - start a shut-off domain: memory, images, stage 2, vCPU
 * 0, and RUN unless @paused.
 * @hvd:    the daemon.
 * @d:      the domain (shut off).
 * @paused: leave it paused.
 * @err:    why not.
 * @len:    bytes at @err.
 *
 * Return: 0 or -errno (nothing held then).
 */
int vmrun_start(struct hvd *hvd, struct domain *d, bool paused, char *err,
    size_t len);

/**
 * vmrun_shut_off() - end an active domain: the firmware destroys the VM
 * (unmapped, TLBs invalidated, pages scrubbed), its memory goes back, its
 * state is shut off with @why (crashed for DOMAIN_WHY_BOARD_LOST, with
 * nothing held, the board being gone); then what follows: an on_crash
 * restart starts it again, a transient domain goes away.
 * @hvd: the daemon.
 * @d:   the domain (active).  It may be freed (transient): the caller
 *       must not use it after this returns.
 * @why: DOMAIN_WHY_SHUTDOWN, DESTROYED, CRASHED, FAILED, BOARD_LOST...
 */
void vmrun_shut_off(struct hvd *hvd, struct domain *d, enum domain_why why);

/**
 * vmrun_pause() - PAUSE: hold the vCPUs.
 * @hvd: the daemon.
 * @d:   the domain (running or shutting down).
 * @err: why not.
 * @len: bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_pause(struct hvd *hvd, struct domain *d, char *err, size_t len);

/**
 * vmrun_cpu_use() - what an active domain's vCPUs have cost so far, as
 * the firmware counts it (STATS).
 * @hvd:   the daemon.
 * @d:     the domain.
 * @ns:    set: their time on the board's CPUs, in nanoseconds.
 * @exits: set: their exits to the firmware.
 *
 * Both are 0 for a domain that is not active or when the firmware does
 * not answer (boardctl_check() has seen why).
 */
void vmrun_cpu_use(struct hvd *hvd, const struct domain *d, uint64_t *ns,
    uint64_t *exits);

/**
 * vmrun_resume() - RUN a paused domain again.
 * @hvd: the daemon.
 * @d:   the domain (paused).
 * @err: why not.
 * @len: bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_resume(struct hvd *hvd, struct domain *d, char *err, size_t len);

/**
 * vmrun_request_shutdown() - ask the guest to power off: a break on its
 * console followed by 'o' (the hv test guests power off on the break; a
 * Linux guest takes it as SysRq-o).  The domain is shutting down until
 * the guest powers off; nothing forces it (that is destroy's job).
 * @hvd: the daemon.
 * @d:   the domain (running).
 * @err: why not.
 * @len: bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_request_shutdown(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * vmrun_map() - place and map new guest memory into an active domain.
 * @hvd:   the daemon.
 * @d:     the domain (active).
 * @ipa:   first IPA, 4 KiB aligned.
 * @size:  bytes, 4 KiB aligned.
 * @perm:  enum abi_perm bits.
 * @peer:  NULL, or a running domain that maps the same new memory at the
 *         same IPA.
 * @err:   why not.
 * @len:   bytes at @err.
 *
 * Return: 0 or -errno (nothing changed then).
 */
int vmrun_map(struct hvd *hvd, struct domain *d, uint64_t ipa, uint64_t size,
    unsigned int perm, struct domain *peer, char *err, size_t len);

/**
 * vmrun_unmap() - unmap [@ipa, @ipa + @size) of a domain and give back the
 * memory only it used.
 * @hvd:  the daemon.
 * @d:    the domain (active).
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, 4 KiB aligned.
 * @err:  why not.
 * @len:  bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_unmap(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size, char *err, size_t len);

/**
 * vmrun_protect() - change the permissions of mapped memory.
 * @hvd:  the daemon.
 * @d:    the domain (active).
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, 4 KiB aligned.
 * @perm: enum abi_perm bits, not 0.
 * @err:  why not.
 * @len:  bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_protect(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size, unsigned int perm, char *err, size_t len);

/**
 * vmrun_console_ready() - make the domain's console if it has none (its
 * log size follows the definition).
 * @hvd: the daemon.
 * @d:   the domain.
 *
 * Return: 0 or -ENOMEM.
 */
int vmrun_console_ready(struct hvd *hvd, struct domain *d);

/**
 * vmrun_console_out() - the guest wrote to its console.
 * @hvd:   the daemon.
 * @d:     the domain.
 * @bytes: what.
 * @len:   how many.
 */
void vmrun_console_out(struct hvd *hvd, struct domain *d, const void *bytes,
    size_t len);

/**
 * vmrun_console_in() - bytes typed for the guest: queued and sent to the
 * firmware as it takes them.
 * @hvd:   the daemon.
 * @d:     the domain (active).
 * @bytes: what.
 * @len:   how many.
 *
 * Return: 0, or -ENOBUFS when too many wait already (dropped).
 */
int vmrun_console_in(struct hvd *hvd, struct domain *d, const void *bytes,
    size_t len);

/**
 * vmrun_fault() - a demand fault: place a page and map it, or, outside
 * every demand region, crash the domain.
 * @hvd:  the daemon.
 * @d:    the domain.
 * @info: the fault.
 */
void vmrun_fault(struct hvd *hvd, struct domain *d,
    const struct abi_fault_info *info);

/**
 * vmrun_exited() - the firmware stopped a VM: powered off, reset or
 * crashed.
 * @hvd: the daemon.
 * @d:   the domain (may be freed on return).
 * @e:   the event.
 */
void vmrun_exited(struct hvd *hvd, struct domain *d,
    const struct abi_vm_exited *e);

/**
 * vmrun_after_board_lost() - once a lost board is forgotten (its domains
 * shut off with DOMAIN_WHY_BOARD_LOST): restart those whose on_crash
 * says so, on a new board.
 * @hvd: the daemon.
 */
void vmrun_after_board_lost(struct hvd *hvd);

/**
 * vmrun_reboot() - reset a domain in place: the VM is destroyed and
 * booted again from its images, keeping its domain id (a client's
 * reboot, or the guest's PSCI SYSTEM_RESET).
 * @hvd: the daemon.
 * @d:   the domain (active; may be freed on return if the boot fails
 *       and it is transient).
 * @err: why the boot failed (the domain is shut off then).
 * @len: bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_reboot(struct hvd *hvd, struct domain *d, char *err, size_t len);

/**
 * vmrun_console_flush() - send typed bytes that wait, as far as the
 * firmware takes them (a timer tries again for the rest).
 * @hvd: the daemon.
 */
void vmrun_console_flush(struct hvd *hvd);

/**
 * vmrun_region_key() - the key of a shared region's backing: "region
 * NAME of A,B,..." with the names of the domains that share it, sorted.
 * @d:   one of them.
 * @r:   its region.
 * @key: the key.
 * @len: bytes at @key.
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int vmrun_region_key(const struct domain *d, const struct vmdef_region *r,
    char *key, size_t len);

/**
 * vmrun_map_key() - the key of a runtime shared map's backing: "map IPA
 * of A,B" (names sorted).
 * @a:   one domain's name.
 * @b:   the other's.
 * @ipa: where both map it.
 * @key: the key.
 * @len: bytes at @key.
 */
void vmrun_map_key(const char *a, const char *b, uint64_t ipa, char *key,
    size_t len);

#endif /* HVD_VMRUN_H */
