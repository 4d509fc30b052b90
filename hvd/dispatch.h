/* SPDX-License-Identifier: ISC */
/*
 * dispatch.h - what hvd does with a client's packet.
 *
 * A CALL is looked up in rpc_proc's table (its payload types) and in the
 * handler tables of the proc_*.c files (what to do); its args are decoded,
 * its handler runs, and the ret it filled in is sent back as the REPLY,
 * or the error it set as an error REPLY.  Calls of an unknown program get
 * VIR_ERR_RPC "Cannot find program", unknown procedures NO_SUPPORT, and
 * every call but those a handler marks HANDLER_BEFORE_OPEN fails until
 * CONNECT_OPEN has succeeded.  Calls that change anything
 * (HANDLER_WRITES) fail with OPERATION_DENIED for read-only clients.
 * Keepalive PINGs get PONGs; STREAM packets go to the client's console
 * streams.  A packet of a type a client never sends closes the
 * connection.
 */
#ifndef HVD_DISPATCH_H
#define HVD_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv_protocol.h"
#include "rpc_packet.h"
#include "rpc_proc.h"

struct client;
struct domain;
struct hvd;

/** CALL_ERROR_MAX - room for a call's error message. */
#define CALL_ERROR_MAX		8192

/**
 * struct call - one call being handled.
 * @hvd:        the daemon.
 * @cl:         the client.
 * @hdr:        the call's header.
 * @proc:       its procedure.
 * @args:       its decoded args (NULL when it has none).
 * @ret:        its ret, for the handler to fill (zeroed; NULL if none).
 * @err_code:   0, or the enum rpc_error_code the handler failed with.
 * @err_domain: the enum rpc_error_domain of the failure.
 * @err_msg:    the message.
 * @after:      NULL, or what to do once the reply is queued (a console
 *              stream's first data must follow its reply).
 * @after_ctx:  passed to @after.
 */
struct call {
	struct hvd *hvd;
	struct client *cl;
	struct rpc_header hdr;
	const struct rpc_proc *proc;
	void *args;
	void *ret;
	int err_code;
	int err_domain;
	char err_msg[CALL_ERROR_MAX];
	void (*after)(struct call *c, void *ctx);
	void *after_ctx;
};

/** HANDLER_BEFORE_OPEN - the call is answered before CONNECT_OPEN too. */
#define HANDLER_BEFORE_OPEN	0x1u
/** HANDLER_WRITES - the call changes something: refused read-only. */
#define HANDLER_WRITES		0x2u

/**
 * struct handler - what hvd does for one procedure.
 * @prog:  the program.
 * @proc:  the procedure.
 * @fn:    the handler: 0 and @ret filled in, or -1 with the error set by
 *         call_fail().
 * @flags: HANDLER_* bits.
 */
struct handler {
	uint32_t prog;
	int32_t proc;
	int (*fn)(struct call *c);
	unsigned int flags;
};

/**
 * struct handler_table - the handlers of one proc_*.c file.
 * @handler: the handlers.
 * @count:   how many.
 */
struct handler_table {
	const struct handler *handler;
	size_t count;
};

/**
 * dispatch_packet() - act on a packet a client sent.
 * @c:   the client.
 * @pkt: the packet (still the caller's).
 */
void dispatch_packet(struct client *c, const struct rpc_packet *pkt);

/**
 * call_fail() - fail the call with a libvirt error.
 * @c:    the call.
 * @code: enum rpc_error_code.
 * @fmt:  printf format of the message.
 *
 * The error domain is VIR_FROM_DOMAIN for domain errors (NO_DOMAIN,
 * DOM_EXIST, OPERATION_INVALID, XML_ERROR, CONFIG_UNSUPPORTED) and
 * VIR_FROM_REMOTE otherwise.
 *
 * Return: -1, for the handler to return.
 */
int call_fail(struct call *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * call_flags() - refuse flags hvd does not know, as libvirt's drivers do
 * (INVALID_ARG, "WHAT: unsupported flags (0xBITS)").
 * @c:     the call.
 * @flags: the call's flags.
 * @known: the ones hvd takes.
 * @what:  the call, in the message.
 *
 * Return: 0, or -1 with the call failed.
 */
int call_flags(struct call *c, unsigned int flags, unsigned int known,
    const char *what);

/**
 * call_domain() - the domain a call names: by UUID, as libvirt's drivers
 * resolve it, else by name.
 * @c:   the call.
 * @dom: the call's domain triple.
 *
 * Return: the domain, or NULL with the call failed NO_DOMAIN.
 */
struct domain *call_domain(struct call *c, const remote_nonnull_domain *dom);

/**
 * call_args_domain() - call_domain() of the domain a call's args begin
 * with (remote_domain_args, remote_domain_flags_args and every other
 * args struct whose first member is the domain).
 * @c: the call.
 *
 * Return: the domain, or NULL with the call failed NO_DOMAIN.
 */
struct domain *call_args_domain(struct call *c);

/**
 * call_set_domain() - fill a domain triple of a ret (name copied with
 * malloc, freed with the ret).
 * @c:   the call (failed with NO_MEMORY if out of memory).
 * @out: the triple.
 * @d:   the domain.
 *
 * Return: 0 or -1.
 */
int call_set_domain(struct call *c, remote_nonnull_domain *out,
    const struct domain *d);

/**
 * call_strdup() - a string for a ret (freed with the ret).
 * @c:   the call (failed with NO_MEMORY if out of memory).
 * @out: where the copy goes.
 * @s:   the string.
 *
 * Return: 0 or -1.
 */
int call_strdup(struct call *c, char **out, const char *s);

/* The handler tables (proc_*.c). */
extern const struct handler_table proc_connect_table;
extern const struct handler_table proc_domain_table;
extern const struct handler_table proc_lifecycle_table;
extern const struct handler_table proc_event_table;
extern const struct handler_table proc_console_table;
extern const struct handler_table proc_hvd_table;

#endif /* HVD_DISPATCH_H */
