/* SPDX-License-Identifier: ISC */
/*
 * mailbox_impl.h - what mailbox.c and mailbox_handle.c share.
 */
#ifndef HVFW_MAILBOX_IMPL_H
#define HVFW_MAILBOX_IMPL_H

#include <stddef.h>

#include "mailbox.h"

/**
 * mailbox_handle() - carry out one request and write its reply.
 * @cfg: the board and the firmware.
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
int mailbox_handle(const struct mailbox_config *cfg, const void *req,
    size_t len, void *out, size_t cap);

#endif /* HVFW_MAILBOX_IMPL_H */
