/* SPDX-License-Identifier: ISC */
/*
 * hvuuid.c - UUID text form and random UUIDs (hvuuid.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hvuuid.h"

/* Where the dashes of the text form are. */
static bool
hvuuid_dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

static int
hvuuid_hex(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

int
hvuuid_parse(const char *text, struct hvuuid *out)
{
	struct hvuuid u;
	size_t i, nibble = 0;
	int v;

	if (strlen(text) != HVUUID_TEXT_MAX - 1) {
		return -EINVAL;
	}
	memset(&u, 0, sizeof(u));
	for (i = 0; i < HVUUID_TEXT_MAX - 1; i++) {
		if (hvuuid_dash_at(i)) {
			if (text[i] != '-') {
				return -EINVAL;
			}
			continue;
		}
		if ((v = hvuuid_hex(text[i])) < 0) {
			return -EINVAL;
		}
		u.bytes[nibble / 2] |= (uint8_t)(nibble % 2 == 0 ? v << 4 : v);
		nibble++;
	}
	*out = u;
	return 0;
}

void
hvuuid_format(const struct hvuuid *uuid, char text[HVUUID_TEXT_MAX])
{
	static const char digits[] = "0123456789abcdef";
	size_t i, nibble = 0;

	for (i = 0; i < HVUUID_TEXT_MAX - 1; i++) {
		if (hvuuid_dash_at(i)) {
			text[i] = '-';
			continue;
		}
		text[i] = digits[nibble % 2 == 0 ?
		    uuid->bytes[nibble / 2] >> 4 : uuid->bytes[nibble / 2] & 0xf];
		nibble++;
	}
	text[HVUUID_TEXT_MAX - 1] = '\0';
}

int
hvuuid_generate(struct hvuuid *out)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return -errno;
	}
	while (got < sizeof(out->bytes)) {
		n = read(fd, out->bytes + got, sizeof(out->bytes) - got);
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;

			if (err == EINTR) {
				continue;
			}
			close(fd);
			return -err;
		}
		got += (size_t)n;
	}
	close(fd);
	/* RFC 4122, 4.4: version 4 in the high nibble of byte 6, variant 10. */
	out->bytes[6] = (uint8_t)((out->bytes[6] & 0x0f) | 0x40);
	out->bytes[8] = (uint8_t)((out->bytes[8] & 0x3f) | 0x80);
	return 0;
}

bool
hvuuid_equal(const struct hvuuid *a, const struct hvuuid *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}
