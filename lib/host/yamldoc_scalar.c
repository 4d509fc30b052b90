/* SPDX-License-Identifier: ISC */
/*
 * yamldoc_scalar.c - the typed getters of yamldoc.h (strings, integers,
 * sizes, booleans, words from a list) and the text conversions they
 * share with the defaults tables of their users.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yamldoc.h"

static const struct {
	char suffix;
	unsigned int shift;
} yamldoc_size_units[] = {
	{ 'T', 40 }, { 'G', 30 }, { 'M', 20 }, { 'K', 10 },
};

#define YAMLDOC_UNIT_COUNT \
	(sizeof(yamldoc_size_units) / sizeof(yamldoc_size_units[0]))

/* The text of a scalar node, or NULL if @node is not a scalar. */
static const char *
yamldoc_text(const yaml_node_t *node)
{
	if (node == NULL || node->type != YAML_SCALAR_NODE) {
		return NULL;
	}
	return (const char *)node->data.scalar.value;
}

/* The text of a plain (unquoted) scalar: numbers and booleans. */
static const char *
yamldoc_plain_text(const yaml_node_t *node)
{
	const char *text = yamldoc_text(node);

	if (text == NULL || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		return NULL;
	}
	return text;
}

int
yamldoc_parse_uint(const char *text, uint64_t *out)
{
	unsigned int base = 10, digit;
	uint64_t value = 0;
	const char *p = text;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0') {
		return -EINVAL;
	}
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			digit = (unsigned int)(*p - '0');
		} else if (base == 16 && *p >= 'a' && *p <= 'f') {
			digit = (unsigned int)(*p - 'a' + 10);
		} else if (base == 16 && *p >= 'A' && *p <= 'F') {
			digit = (unsigned int)(*p - 'A' + 10);
		} else {
			return -EINVAL;
		}
		if (value > (UINT64_MAX - digit) / base) {
			return -ERANGE;
		}
		value = value * base + digit;
	}
	*out = value;
	return 0;
}

int
yamldoc_parse_size(const char *text, uint64_t *out)
{
	char number[32];
	unsigned int shift = 0;
	size_t len = strlen(text), i;
	uint64_t value;
	int rc;

	for (i = 0; len > 0 && i < YAMLDOC_UNIT_COUNT; i++) {
		if (text[len - 1] == yamldoc_size_units[i].suffix) {
			shift = yamldoc_size_units[i].shift;
			len--;
			break;
		}
	}
	if (len == 0 || len >= sizeof(number)) {
		return len == 0 ? -EINVAL : -ERANGE;
	}
	memcpy(number, text, len);
	number[len] = '\0';
	if ((rc = yamldoc_parse_uint(number, &value)) < 0) {
		return rc;
	}
	if (shift > 0 && value > (UINT64_MAX >> shift)) {
		return -ERANGE;
	}
	*out = value << shift;
	return 0;
}

void
yamldoc_format_size(uint64_t bytes, char *buf, size_t len)
{
	size_t i;

	for (i = 0; bytes != 0 && i < YAMLDOC_UNIT_COUNT; i++) {
		unsigned int shift = yamldoc_size_units[i].shift;

		if ((bytes & ((UINT64_C(1) << shift) - 1)) == 0) {
			snprintf(buf, len, "%" PRIu64 "%c", bytes >> shift,
			    yamldoc_size_units[i].suffix);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64, bytes);
}

int
yamldoc_string(struct yamldoc *doc, yaml_node_t *node, char **out)
{
	const char *text = yamldoc_text(node);
	char *copy;

	if (text == NULL || strlen(text) != node->data.scalar.length) {
		return yamldoc_error(doc, node, "expected a string");
	}
	copy = strdup(text);
	if (copy == NULL) {
		return -ENOMEM;
	}
	free(*out);
	*out = copy;
	return 0;
}

int
yamldoc_uint(struct yamldoc *doc, yaml_node_t *node, uint64_t min,
    uint64_t max, uint64_t *out)
{
	const char *text = yamldoc_plain_text(node);
	uint64_t value;
	int rc;

	if (text == NULL || (rc = yamldoc_parse_uint(text, &value)) == -EINVAL) {
		return yamldoc_error(doc, node, "expected an integer");
	}
	if (rc == -ERANGE || value < min || value > max) {
		if (text[0] == '0' && text[1] == 'x') {
			return yamldoc_error(doc, node,
			    "%s is out of range (0x%" PRIx64 "..0x%" PRIx64 ")",
			    text, min, max);
		}
		return yamldoc_error(doc, node,
		    "%s is out of range (%" PRIu64 "..%" PRIu64 ")",
		    text, min, max);
	}
	*out = value;
	return 0;
}

int
yamldoc_parse_mode(const char *text, uint64_t *out)
{
	uint64_t v = 0;
	size_t i, len = strlen(text);

	if (len < 2 || len > 5 || text[0] != '0') {
		return -EINVAL;
	}
	for (i = 1; i < len; i++) {
		if (text[i] < '0' || text[i] > '7') {
			return -EINVAL;
		}
		v = v * 8 + (uint64_t)(text[i] - '0');
	}
	*out = v;
	return 0;
}

int
yamldoc_mode(struct yamldoc *doc, yaml_node_t *node, uint64_t max,
    uint64_t *out)
{
	const char *text = yamldoc_plain_text(node);
	uint64_t value;

	if (text == NULL || yamldoc_parse_mode(text, &value) < 0) {
		return yamldoc_error(doc, node, "expected permission bits in "
		    "octal (such as 0660)");
	}
	if (value > max) {
		return yamldoc_error(doc, node, "%s is out of range (00..0%"
		    PRIo64 ")", text, max);
	}
	*out = value;
	return 0;
}

int
yamldoc_size(struct yamldoc *doc, yaml_node_t *node, uint64_t min,
    uint64_t max, uint64_t *out)
{
	char lo[YAMLDOC_SIZE_TEXT_MAX], hi[YAMLDOC_SIZE_TEXT_MAX];
	const char *text = yamldoc_plain_text(node);
	uint64_t value;
	int rc;

	if (text == NULL) {
		return yamldoc_error(doc, node, "expected a size");
	}
	if ((rc = yamldoc_parse_size(text, &value)) == -EINVAL) {
		return yamldoc_error(doc, node,
		    "bad size '%s' (expected bytes, or a number with K, M, G or T)",
		    text);
	}
	if (rc == -ERANGE || value < min || value > max) {
		yamldoc_format_size(min, lo, sizeof(lo));
		yamldoc_format_size(max, hi, sizeof(hi));
		return yamldoc_error(doc, node, "%s is out of range (%s..%s)",
		    text, lo, hi);
	}
	*out = value;
	return 0;
}

int
yamldoc_size_aligned(struct yamldoc *doc, yaml_node_t *node, uint64_t min,
    uint64_t max, uint64_t align, uint64_t *out)
{
	char text[YAMLDOC_SIZE_TEXT_MAX];
	uint64_t value;
	int rc;

	if ((rc = yamldoc_size(doc, node, min, max, &value)) < 0) {
		return rc;
	}
	if (align > 1 && value % align != 0) {
		yamldoc_format_size(align, text, sizeof(text));
		return yamldoc_error(doc, node, "%s is not a multiple of %s",
		    (const char *)node->data.scalar.value, text);
	}
	*out = value;
	return 0;
}

int
yamldoc_bool(struct yamldoc *doc, yaml_node_t *node, bool *out)
{
	const char *text = yamldoc_plain_text(node);

	if (text != NULL && strcmp(text, "true") == 0) {
		*out = true;
	} else if (text != NULL && strcmp(text, "false") == 0) {
		*out = false;
	} else {
		return yamldoc_error(doc, node,
		    "expected a boolean (true or false)");
	}
	return 0;
}

int
yamldoc_enum(struct yamldoc *doc, yaml_node_t *node,
    const char *const *names, size_t count, unsigned int *out)
{
	const char *text = yamldoc_text(node);
	char allowed[256];
	size_t i, used = 0;

	if (text == NULL) {
		return yamldoc_error(doc, node, "expected a string");
	}
	for (i = 0; i < count; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (unsigned int)i;
			return 0;
		}
	}
	allowed[0] = '\0';
	for (i = 0; i < count && used < sizeof(allowed); i++) {
		int n = snprintf(allowed + used, sizeof(allowed) - used,
		    "%s%s", i == 0 ? "" : i + 1 == count ? " or " : ", ",
		    names[i]);

		used += n > 0 ? (size_t)n : 0;
	}
	return yamldoc_error(doc, node, "bad value '%s' (expected %s)", text,
	    allowed);
}
