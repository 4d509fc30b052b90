/* SPDX-License-Identifier: ISC */
/*
 * domain.h - hvd's VMs ("domains", as libvirt calls them): a definition,
 * where the VM is in its life, and what it holds on the board while it
 * is active; and the table hvd keeps them in, looked up by name, UUID,
 * domain id and firmware VM id.
 *
 * A domain is active while it holds a VM on the board: from the moment it
 * is started until it is shut off, running, paused, shutting down, or
 * crashed with its memory preserved for inspection.  An active domain has
 * a domain id (a number that grows with every start, as libvirt's do) and
 * a firmware VM id; an inactive one has neither (id -1).  An inactive
 * domain is shut off, or crashed when the board died under it (it holds
 * nothing then, and starts again like a shut-off one).  A persistent domain has a definition file; a
 * transient one exists only while it is active.
 */
#ifndef HVD_DOMAIN_H
#define HVD_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "vmdef.h"
#include "vmmem.h"

/**
 * enum domain_state - where a domain is in its life.
 * @DOMAIN_SHUTOFF:       not running; holds nothing on the board.
 * @DOMAIN_RUNNING:       its vCPUs run.
 * @DOMAIN_PAUSED:        its vCPUs are held (start --paused, suspend).
 * @DOMAIN_SHUTTING_DOWN: running, asked to power off.
 * @DOMAIN_CRASHED:       stopped by a crash, its memory and stage 2
 *                        kept until it is destroyed (on_crash:
 *                        preserve); or stopped by a lost board, holding
 *                        nothing.
 */
enum domain_state {
	DOMAIN_SHUTOFF,
	DOMAIN_RUNNING,
	DOMAIN_PAUSED,
	DOMAIN_SHUTTING_DOWN,
	DOMAIN_CRASHED,
};

/**
 * enum domain_why - why a domain is in its state; each maps to one of
 * libvirt's reason codes for that state (domain_libvirt_reason()).
 * @DOMAIN_WHY_UNKNOWN:    nothing better to say.
 * @DOMAIN_WHY_BOOTED:     running: started.
 * @DOMAIN_WHY_UNPAUSED:   running: resumed.
 * @DOMAIN_WHY_USER:       paused or shutting down: a client asked.
 * @DOMAIN_WHY_SHUTDOWN:   shut off: the guest powered off.
 * @DOMAIN_WHY_DESTROYED:  shut off: a client destroyed it.
 * @DOMAIN_WHY_CRASHED:    shut off or crashed: the guest crashed.
 * @DOMAIN_WHY_BOARD_LOST: crashed: the board (QEMU) died under it.
 * @DOMAIN_WHY_FAILED:     shut off: it could not be started.
 * @DOMAIN_WHY_DAEMON:     shut off: hvd found it gone after a restart.
 */
enum domain_why {
	DOMAIN_WHY_UNKNOWN,
	DOMAIN_WHY_BOOTED,
	DOMAIN_WHY_UNPAUSED,
	DOMAIN_WHY_USER,
	DOMAIN_WHY_SHUTDOWN,
	DOMAIN_WHY_DESTROYED,
	DOMAIN_WHY_CRASHED,
	DOMAIN_WHY_BOARD_LOST,
	DOMAIN_WHY_FAILED,
	DOMAIN_WHY_DAEMON,
};

struct console;

/** DOMAIN_MAPS_MAX - most runtime maps (hvctl map) of a domain. */
#define DOMAIN_MAPS_MAX		64

/**
 * struct domain_map - memory mapped into a running domain at runtime
 * (hvctl map), kept for a restart: what is shared must be known again.
 * @ipa:  first IPA.
 * @size: bytes.
 * @perm: enum abi_perm bits.
 * @peer: the domain it is shared with, or "".
 */
struct domain_map {
	uint64_t ipa;
	uint64_t size;
	unsigned int perm;
	char peer[VMDEF_NAME_MAX + 1];
};

/**
 * struct domain - one VM of hvd.
 * @def:          its definition.
 * @def_path:     its file in the VM directory, or NULL (transient).
 * @def_digest:   a hash of that file's bytes as hvd last read or wrote
 *                them: bytes that hash otherwise were changed by someone
 *                else (SIGHUP reads them again).
 * @pending:      a definition given while it was active, to take effect
 *                when it stops (malloc'ed), or NULL.
 * @persistent:   it has a definition file (false: transient).
 * @state:        where it is.
 * @why:          why it is there.
 * @id:           its domain id while active, -1 otherwise.
 * @fw_vm:        its firmware VM id while active, 0 otherwise.
 * @mem:          the board memory it holds.
 * @console:      its console (console.h).
 * @started:      wall-clock time of its last start (seconds), 0 never.
 * @faults:       demand faults served since it started.
 * @has_crash:    @crash holds the report of its last crash.
 * @crash:        that report (vCPU, IPA, access, ESR, PC).
 * @crash_region: the region nearest the crash IPA, or "".
 * @reboot:       start it again once it is shut off (reboot asked, or a
 *                guest reset).
 * @maps:         its runtime maps.
 * @map_count:    how many.
 */
struct domain {
	struct vmdef def;
	char *def_path;
	uint64_t def_digest;
	struct vmdef *pending;
	bool persistent;
	enum domain_state state;
	enum domain_why why;
	int id;
	uint32_t fw_vm;
	struct vmmem mem;
	struct console *console;
	int64_t started;
	uint64_t faults;
	bool has_crash;
	struct abi_fault_info crash;
	char crash_region[VMDEF_NAME_MAX + 1];
	bool reboot;
	struct domain_map maps[DOMAIN_MAPS_MAX];
	size_t map_count;
};

/**
 * struct domain_table - every domain of hvd, in the order they came.
 * @dom:   the domains (owned).
 * @count: how many.
 * @cap:   room in @dom.
 */
struct domain_table {
	struct domain **dom;
	size_t count;
	size_t cap;
};

/**
 * domain_new() - a shut-off domain taking over a definition.
 * @def: the definition, moved into the domain (@def is left empty).
 *
 * Return: the domain, or NULL when out of memory (@def untouched then).
 */
struct domain *domain_new(struct vmdef *def);

/**
 * domain_free() - free a domain and what it holds (not the board memory:
 * that must have been given back).
 * @d: the domain, or NULL.
 */
void domain_free(struct domain *d);

/**
 * domain_redefine() - give a domain a new definition: at once if it is
 * inactive, as its pending definition (taking effect when it stops) if it
 * is active.
 * @d:   the domain.
 * @def: the definition, moved into @d (zeroed) on success.
 *
 * Return: 0, or -ENOMEM (@def untouched).
 */
int domain_redefine(struct domain *d, struct vmdef *def);

/**
 * domain_apply_pending() - the domain stopped: a pending definition
 * replaces its definition.
 * @d: the domain.
 */
void domain_apply_pending(struct domain *d);

/**
 * domain_active() - is the domain active?
 * @d: the domain.
 *
 * Return: true while it holds a firmware VM.
 */
bool domain_active(const struct domain *d);

/**
 * domain_state_name() - a state in words ("running", "shut off", ...).
 * @state: the state.
 *
 * Return: the name.
 */
const char *domain_state_name(enum domain_state state);

/**
 * domain_why_name() - a reason in words ("booted", "board lost", ...).
 * @why: the reason.
 *
 * Return: the name.
 */
const char *domain_why_name(enum domain_why why);

/**
 * domain_state_text() - state and reason in words: "running (booted)",
 * "crashed (board lost)", "crashed" for a guest's crash.
 * @d:   the domain.
 * @buf: the text.
 * @len: bytes at @buf.
 *
 * Return: @buf.
 */
const char *domain_state_text(const struct domain *d, char *buf, size_t len);

/**
 * domain_libvirt_state() - the domain's state as libvirt's
 * virDomainState (1 running, 3 paused, 4 shutdown, 5 shutoff, 6 crashed).
 * @d: the domain.
 *
 * Return: the state code.
 */
int domain_libvirt_state(const struct domain *d);

/**
 * domain_libvirt_reason() - the reason as libvirt's code for the state
 * (virDomainRunningReason, virDomainShutoffReason, ...).
 * @d: the domain.
 *
 * Return: the reason code.
 */
int domain_libvirt_reason(const struct domain *d);

/**
 * domain_table_init() - an empty table.
 * @t: the table.
 */
void domain_table_init(struct domain_table *t);

/**
 * domain_table_fini() - free the table and every domain in it.
 * @t: the table.
 */
void domain_table_fini(struct domain_table *t);

/**
 * domain_table_add() - add a domain.
 * @t: the table.
 * @d: the domain, owned by the table from now on.
 *
 * Return: 0 or -ENOMEM.
 */
int domain_table_add(struct domain_table *t, struct domain *d);

/**
 * domain_table_remove() - take a domain out of the table (not freed).
 * @t: the table.
 * @d: the domain.
 */
void domain_table_remove(struct domain_table *t, struct domain *d);

/**
 * domain_by_name() - look a domain up by name.
 * @t:    the table.
 * @name: the name.
 *
 * Return: the domain or NULL.
 */
struct domain *domain_by_name(const struct domain_table *t, const char *name);

/**
 * domain_by_uuid() - look a domain up by UUID.
 * @t:    the table.
 * @uuid: the UUID.
 *
 * Return: the domain or NULL.
 */
struct domain *domain_by_uuid(const struct domain_table *t,
    const struct hvuuid *uuid);

/**
 * domain_by_id() - look an active domain up by domain id.
 * @t:  the table.
 * @id: the id (>= 1).
 *
 * Return: the domain or NULL.
 */
struct domain *domain_by_id(const struct domain_table *t, int id);

/**
 * domain_by_fw_vm() - look an active domain up by firmware VM id.
 * @t:     the table.
 * @fw_vm: the VM id (>= 1).
 *
 * Return: the domain or NULL.
 */
struct domain *domain_by_fw_vm(const struct domain_table *t, uint32_t fw_vm);

#endif /* HVD_DOMAIN_H */
