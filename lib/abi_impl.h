/* SPDX-License-Identifier: ISC */
/*
 * abi_impl.h - what the mailbox ABI's files share inside libhv.
 */
#ifndef HV_ABI_IMPL_H
#define HV_ABI_IMPL_H

#include <stdint.h>

#include <hv/abi.h>

/**
 * abi_check_body() - check the fields of a message body of known size.
 * @type:  the message type (known, so its body has the right length).
 * @body:  the body, aligned to ABI_MSG_ALIGN.
 * @count: entries, runs or bytes that follow a variable body's head.
 *
 * Called by abi_decode() once lengths and counts agree, so every field
 * read here lies inside the message.
 *
 * Return: 0; -EBADMSG for a field out of range, a reserved field or flag
 * set, a VM id 0 where a VM is needed; -EPROTONOSUPPORT for a HELLO of
 * another version.
 */
int abi_check_body(unsigned int type, const void *body, uint32_t count);

#endif /* HV_ABI_IMPL_H */
