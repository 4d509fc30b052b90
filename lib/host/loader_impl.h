/* SPDX-License-Identifier: ISC */
/*
 * loader_impl.h - what the files of the image loader share.
 */
#ifndef HV_HOST_LOADER_IMPL_H
#define HV_HOST_LOADER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader.h"

/**
 * struct loader_job - one load under way.
 * @path:     the file, for messages.
 * @data:     its contents.
 * @size:     bytes of @data.
 * @target:   the guest's RAM.
 * @err:      where the message goes.
 * @err_size: room in @err.
 */
struct loader_job {
	const char *path;
	const unsigned char *data;
	size_t size;
	const struct loader_target *target;
	char *err;
	size_t err_size;
};

/**
 * loader_fail() - record why a load is refused, as "PATH: message".
 * @job: the load.
 * @rc:  the -errno to return.
 * @fmt: the message (printf format), without a trailing newline.
 *
 * Return: @rc, so that callers can "return loader_fail(...)".
 */
int loader_fail(struct loader_job *job, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * loader_check_range() - refuse [@ipa, @ipa + @len) unless it is inside
 * guest RAM.
 * @job:  the load.
 * @ipa:  first byte.
 * @len:  bytes.
 * @what: what lies there, for the message ("segment 1", "raw image").
 *
 * Return: 0, or -ERANGE with "WHAT [A, B) is outside guest RAM [C, D)".
 */
int loader_check_range(struct loader_job *job, uint64_t ipa, uint64_t len,
    const char *what);

/**
 * loader_write() - write guest RAM through the target's callback.
 * @job:   the load.
 * @ipa:   where (checked with loader_check_range() before).
 * @bytes: what, or NULL for zeroes.
 * @len:   how many; 0 does nothing.
 * @what:  what is written, for the message.
 *
 * Return: 0 or the callback's error, with a message.
 */
int loader_write(struct loader_job *job, uint64_t ipa, const void *bytes,
    uint64_t len, const char *what);

/**
 * loader_load_elf() - load an ELF64 AArch64 executable (loader.h).
 * @job:    the load.
 * @result: filled in on success.
 *
 * Return: 0, -ENOEXEC, -ERANGE or a write error.
 */
int loader_load_elf(struct loader_job *job, struct loader_result *result);

#endif /* HV_HOST_LOADER_IMPL_H */
