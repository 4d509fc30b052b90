/* SPDX-License-Identifier: ISC */
/*
 * mailbox_impl.h - what the mailbox's files share: the configuration,
 * sending on the event ring, and the request handlers.
 */
#ifndef HVFW_MAILBOX_IMPL_H
#define HVFW_MAILBOX_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "mailbox.h"
#include "vm.h"

/** mailbox_cfg - the configuration mailbox_start() was given. */
extern const struct mailbox_config *mailbox_cfg;

/**
 * mailbox_send() - put a message on the event ring and ring the doorbell.
 * @msg: the message (encoded).
 * @len: its bytes.
 *
 * Any CPU may call it.  A full ring is hvd's to drain: it waits for room,
 * since a reply may not be dropped.  A consumer index that makes no sense
 * (-EPROTO) is hvd's bug; the message is dropped (a gap in event numbers
 * shows it).
 */
void mailbox_send(const void *msg, size_t len);

/**
 * mailbox_next_event_seq() - the sequence number of the next event.
 *
 * Return: 1, 2, ... across every CPU.
 */
uint64_t mailbox_next_event_seq(void);

/**
 * mailbox_vm() - the VM hvd calls @id, if it exists.
 * @id: the id from a request.
 *
 * Return: the VM, or NULL.
 */
struct vm *mailbox_vm(uint32_t id);

/**
 * mailbox_handle() - carry out one request and write its reply.
 * @req: the request as copied out of its slot, ABI_MSG_ALIGN aligned.
 * @len: bytes at @req.
 * @out: where the reply goes, ABI_MSG_ALIGN aligned.
 * @cap: bytes at @out, at least ABI_MSG_MAX.
 *
 * Every input gets exactly one answer: the request's reply, or a NAK for
 * bytes abi_decode() refuses or a message that is not a request.
 *
 * Return: the length of the message at @out.
 */
int mailbox_handle(const void *req, size_t len, void *out, size_t cap);

/**
 * mailbox_handle_vm() - carry out a request about one VM's life:
 * CREATE_VM, DESTROY_VM, MAP, UNMAP, PROTECT, SET_VCPU, RUN, PAUSE,
 * CONSOLE_IN (mailbox_vm.c).
 * @v:   the decoded request.
 * @out: where the reply goes.
 * @cap: bytes at @out.
 *
 * Return: the reply's length, or -errno if it could not be encoded.
 */
int mailbox_handle_vm(const struct abi_view *v, void *out, size_t cap);

/** mailbox_host - struct vm_host_ops of hvd's VMs: mailbox events. */
extern const struct vm_host_ops mailbox_host;

#endif /* HVFW_MAILBOX_IMPL_H */
