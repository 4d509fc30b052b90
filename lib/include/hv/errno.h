/* SPDX-License-Identifier: ISC */
/*
 * hv/errno.h - error numbers returned (negated) by libhv.
 *
 * Hosted builds use the C library's values so strerror() works; the
 * freestanding firmware build gets the same numbers (Linux's generic ABI
 * values, which glibc uses on every architecture hv runs on).
 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#if __STDC_HOSTED__
#include <errno.h>
#else
#define EPERM	1
#define ENOENT	2
#define EIO	5
#define E2BIG	7
#define ENOMEM	12
#define EFAULT	14
#define EBUSY	16
#define EEXIST	17
#define EINVAL	22
#define ENOSPC	28
#define ERANGE	34
#define EAGAIN	11
#define ENOSYS	38
#define EPROTO	71
#define EOVERFLOW 75
#define EBADMSG	74
#define EMSGSIZE 90
#define EPROTONOSUPPORT 93
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#endif

#endif /* HV_ERRNO_H */
