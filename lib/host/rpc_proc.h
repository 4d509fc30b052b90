/* SPDX-License-Identifier: ISC */
/*
 * rpc_proc.h - the procedures of hv's RPC programs (hv_protocol.x): for
 * each, its program, number, name and the XDR routines of its payloads.
 * hvd finds a call's entry here to decode its args and encode its ret;
 * a call with no entry gets an error reply ("Cannot find program" for an
 * unknown program, NO_SUPPORT for an unknown procedure).  Host-only code.
 */
#ifndef HV_HOST_RPC_PROC_H
#define HV_HOST_RPC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpc/rpc.h>

/**
 * enum rpc_proc_kind - how a procedure travels.
 * @RPC_PROC_CALL:   a CALL answered by a REPLY.
 * @RPC_PROC_STREAM: a CALL answered by a REPLY, then STREAM packets with
 *                   the call's serial and procedure both ways.
 * @RPC_PROC_EVENT:  a MESSAGE nobody asked for (events, keepalive); its
 *                   payload is described by @args.
 */
enum rpc_proc_kind {
	RPC_PROC_CALL,
	RPC_PROC_STREAM,
	RPC_PROC_EVENT,
};

/**
 * struct rpc_proc - one procedure.
 * @prog:      its program number.
 * @vers:      its program version.
 * @proc:      its number within the program.
 * @name:      its name: the enum's name without "<PROGRAM>_PROC_".
 * @kind:      enum rpc_proc_kind.
 * @args:      XDR routine of the call's (or the event's) payload, NULL if
 *             it is empty.
 * @args_size: sizeof the C type @args decodes into (0 when @args is NULL).
 * @ret:       XDR routine of the successful reply's payload, NULL if empty.
 * @ret_size:  sizeof the C type @ret decodes into.
 */
struct rpc_proc {
	uint32_t prog;
	uint32_t vers;
	int32_t proc;
	const char *name;
	enum rpc_proc_kind kind;
	xdrproc_t args;
	size_t args_size;
	xdrproc_t ret;
	size_t ret_size;
};

/**
 * rpc_proc_find() - the procedure a header names.
 * @prog: program number.
 * @vers: program version.
 * @proc: procedure number.
 *
 * Return: its entry, or NULL when hv has no such procedure.
 */
const struct rpc_proc *rpc_proc_find(uint32_t prog, uint32_t vers,
    int32_t proc);

/**
 * rpc_proc_prog_known() - does hv serve a program at a version?
 * @prog: program number.
 * @vers: program version.
 *
 * Return: true for REMOTE, KEEPALIVE and HVD at version 1.
 */
bool rpc_proc_prog_known(uint32_t prog, uint32_t vers);

/**
 * rpc_proc_table() - every procedure, for tests and listings.
 * @count: set to the number of entries.
 *
 * Return: the table, grouped by program.
 */
const struct rpc_proc *rpc_proc_table(size_t *count);

#endif /* HV_HOST_RPC_PROC_H */
