/* SPDX-License-Identifier: ISC */
/*
 * hvuuid.h - UUIDs of VMs: the 8-4-4-4-12 text form read and written
 * with the C library only, and random (RFC 4122 version 4) ones from
 * /dev/urandom for definitions that do not give one.
 */
#ifndef HV_HOST_HVUUID_H
#define HV_HOST_HVUUID_H

#include <stdbool.h>
#include <stdint.h>

/** HVUUID_TEXT_MAX - bytes of the text form with its NUL. */
#define HVUUID_TEXT_MAX	37

/**
 * struct hvuuid - a UUID, in the byte order of its text form.
 * @bytes: the 16 bytes.
 */
struct hvuuid {
	uint8_t bytes[16];
};

/**
 * hvuuid_parse() - read "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
 * @text: the text; hex digits in either case, nothing before or after.
 * @out:  the UUID.
 *
 * Return: 0 or -EINVAL.
 */
int hvuuid_parse(const char *text, struct hvuuid *out);

/**
 * hvuuid_format() - the text form, lower case.
 * @uuid: the UUID.
 * @text: HVUUID_TEXT_MAX bytes.
 */
void hvuuid_format(const struct hvuuid *uuid, char text[HVUUID_TEXT_MAX]);

/**
 * hvuuid_generate() - a random version 4 UUID.
 * @out: the UUID.
 *
 * Return: 0 or -errno of reading /dev/urandom.
 */
int hvuuid_generate(struct hvuuid *out);

/**
 * hvuuid_equal() - are two UUIDs the same?
 * @a: one.
 * @b: the other.
 *
 * Return: true if they are.
 */
bool hvuuid_equal(const struct hvuuid *a, const struct hvuuid *b);

#endif /* HV_HOST_HVUUID_H */
