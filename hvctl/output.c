/* SPDX-License-Identifier: ISC */
/*
 * output.c - what hvctl prints (output.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include <hv/abi.h>

#include "output.h"
#include "yamldoc.h"

const char *
output_size(uint64_t bytes, char *buf)
{
	yamldoc_format_size(bytes, buf, OUTPUT_SIZE_MAX);
	return buf;
}

const char *
output_mib(uint64_t bytes, char *buf)
{
	if (bytes % (1u << 20) == 0) {
		snprintf(buf, OUTPUT_SIZE_MAX, "%" PRIu64 " MiB", bytes >> 20);
	} else {
		snprintf(buf, OUTPUT_SIZE_MAX, "%.1f MiB",
		    (double)bytes / (1u << 20));
	}
	return buf;
}

const char *
output_hex(uint64_t v, char *buf)
{
	snprintf(buf, OUTPUT_SIZE_MAX, "0x%" PRIx64, v);
	return buf;
}

int
output_json(json_object *doc)
{
	const char *text = json_object_to_json_string_ext(doc,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = text != NULL && printf("%s\n", text) >= 0 ? 0 : 1;

	json_object_put(doc);
	return rc;
}

const char *
output_perm(unsigned int perm, char *buf)
{
	buf[0] = perm & ABI_PERM_R ? 'r' : '-';
	buf[1] = perm & ABI_PERM_W ? 'w' : '-';
	buf[2] = perm & ABI_PERM_X ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}
