/* SPDX-License-Identifier: ISC */
/*
 * yamldoc.c - load a YAML document with libyaml's parser, report errors
 * at a node's position, and walk mappings and sequences (yamldoc.h).
 * The scalar getters are in yamldoc_scalar.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yamldoc.h"

/* Definitions and hvd.yaml are a few KiB; anything this big is a mistake. */
#define YAMLDOC_FILE_MAX	(1u << 20)

static void
yamldoc_message(struct yamldoc *doc, unsigned long line,
    unsigned long column, const char *fmt, va_list ap)
{
	int n;

	if (doc->failed || doc->error == NULL || doc->error_size == 0) {
		doc->failed = true;
		return;
	}
	doc->failed = true;
	n = snprintf(doc->error, doc->error_size, "%s:%lu:%lu: %s%s",
	    doc->name != NULL ? doc->name : "-", line, column, doc->path,
	    doc->path_len > 0 ? ": " : "");
	if (n >= 0 && (size_t)n < doc->error_size) {
		vsnprintf(doc->error + n, doc->error_size - (size_t)n, fmt, ap);
	}
}

static int
yamldoc_error_at(struct yamldoc *doc, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yamldoc_message(doc, mark.line + 1, mark.column + 1, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int
yamldoc_error(struct yamldoc *doc, const yaml_node_t *node,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (node != NULL) {
		yamldoc_message(doc, node->start_mark.line + 1,
		    node->start_mark.column + 1, fmt, ap);
	} else {
		yamldoc_message(doc, 1, 1, fmt, ap);
	}
	va_end(ap);
	return -EINVAL;
}

/* libyaml's own error, at the mark of the problem it found. */
static int
yamldoc_syntax_error(struct yamldoc *doc, const yaml_parser_t *parser)
{
	if (parser->error == YAML_MEMORY_ERROR) {
		return -ENOMEM;
	}
	if (parser->context != NULL) {
		return yamldoc_error_at(doc, parser->problem_mark,
		    "syntax error: %s %s",
		    parser->problem != NULL ? parser->problem : "bad YAML",
		    parser->context);
	}
	return yamldoc_error_at(doc, parser->problem_mark, "syntax error: %s",
	    parser->problem != NULL ? parser->problem : "bad YAML");
}

/* After the first document: the stream must end there. */
static int
yamldoc_expect_end(struct yamldoc *doc, yaml_parser_t *parser)
{
	yaml_document_t next;
	yaml_node_t *root;
	int rc = 0;

	if (!yaml_parser_load(parser, &next)) {
		return yamldoc_syntax_error(doc, parser);
	}
	root = yaml_document_get_root_node(&next);
	if (root != NULL) {
		rc = yamldoc_error(doc, root, "more than one document");
	}
	yaml_document_delete(&next);
	return rc;
}

int
yamldoc_load_buffer(struct yamldoc *doc, const char *name, const char *text,
    size_t length, char *error, size_t error_size)
{
	yaml_parser_t parser;
	int rc;

	memset(doc, 0, sizeof(*doc));
	doc->error = error;
	doc->error_size = error_size;
	if (error != NULL && error_size > 0) {
		error[0] = '\0';
	}
	doc->name = strdup(name);
	if (doc->name == NULL) {
		return -ENOMEM;
	}
	if (!yaml_parser_initialize(&parser)) {
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    length);
	if (!yaml_parser_load(&parser, &doc->document)) {
		rc = yamldoc_syntax_error(doc, &parser);
		goto out;
	}
	doc->loaded = true;
	rc = 0;
	if (yamldoc_root(doc) != NULL) {
		rc = yamldoc_expect_end(doc, &parser);
	}
out:
	yaml_parser_delete(&parser);
	return rc;
}

/* The whole of @path in a malloc'ed buffer. */
static int
yamldoc_read_file(const char *path, char **text, size_t *length)
{
	struct stat st;
	char *buf = NULL;
	size_t used = 0;
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return -errno;
	}
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > YAMLDOC_FILE_MAX) {
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -EFBIG;
		goto out;
	}
	buf = malloc(YAMLDOC_FILE_MAX + 1);
	if (buf == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	while ((n = read(fd, buf + used, YAMLDOC_FILE_MAX + 1 - used)) > 0) {
		used += (size_t)n;
	}
	rc = n < 0 ? -errno : used > YAMLDOC_FILE_MAX ? -EFBIG : 0;
out:
	close(fd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*text = buf;
	*length = used;
	return 0;
}

int
yamldoc_load_file(struct yamldoc *doc, const char *path, char *error,
    size_t error_size)
{
	char *text = NULL;
	size_t length = 0;
	int rc;

	rc = yamldoc_read_file(path, &text, &length);
	if (rc < 0) {
		memset(doc, 0, sizeof(*doc));
		if (error != NULL && error_size > 0) {
			snprintf(error, error_size, "%s: %s", path,
			    strerror(-rc));
		}
		return rc;
	}
	rc = yamldoc_load_buffer(doc, path, text, length, error, error_size);
	free(text);
	return rc;
}

void
yamldoc_fini(struct yamldoc *doc)
{
	if (doc->loaded) {
		yaml_document_delete(&doc->document);
	}
	free(doc->name);
	doc->loaded = false;
	doc->name = NULL;
}

yaml_node_t *
yamldoc_root(struct yamldoc *doc)
{
	if (!doc->loaded) {
		return NULL;
	}
	return yaml_document_get_root_node(&doc->document);
}

const char *
yamldoc_path(const struct yamldoc *doc)
{
	return doc->path;
}

/* Append to the key path; returns the old length for yamldoc_path_pop(). */
static size_t
yamldoc_path_push(struct yamldoc *doc, const char *fmt, ...)
{
	size_t old = doc->path_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(doc->path + old, sizeof(doc->path) - old, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(doc->path) - old) {
		doc->path_len = sizeof(doc->path) - 1;
	} else {
		doc->path_len = old + (size_t)n;
	}
	return old;
}

static void
yamldoc_path_pop(struct yamldoc *doc, size_t old)
{
	doc->path_len = old;
	doc->path[old] = '\0';
}

static const struct yamldoc_key *
yamldoc_find_key(const struct yamldoc_key *keys, size_t key_count,
    const char *name)
{
	size_t i;

	for (i = 0; i < key_count; i++) {
		if (strcmp(keys[i].name, name) == 0) {
			return &keys[i];
		}
	}
	return NULL;
}

/* The key node of @pair if it is a string scalar, else an error. */
static int
yamldoc_pair_key(struct yamldoc *doc, yaml_node_pair_t *pair,
    yaml_node_t **key)
{
	*key = yaml_document_get_node(&doc->document, pair->key);
	if (*key == NULL || (*key)->type != YAML_SCALAR_NODE ||
	    strlen((const char *)(*key)->data.scalar.value) !=
	    (*key)->data.scalar.length) {
		return yamldoc_error(doc, *key, "expected a string as key");
	}
	return 0;
}

/* A key must not come twice in one mapping. */
static int
yamldoc_check_duplicate(struct yamldoc *doc, yaml_node_t *map,
    yaml_node_pair_t *pair, yaml_node_t *key)
{
	yaml_node_pair_t *p;
	yaml_node_t *other;

	for (p = map->data.mapping.pairs.start; p < pair; p++) {
		other = yaml_document_get_node(&doc->document, p->key);
		if (strcmp((const char *)other->data.scalar.value,
		    (const char *)key->data.scalar.value) == 0) {
			return yamldoc_error(doc, key,
			    "duplicate key '%s' (first at line %lu, column %lu)",
			    (const char *)key->data.scalar.value,
			    (unsigned long)other->start_mark.line + 1,
			    (unsigned long)other->start_mark.column + 1);
		}
	}
	return 0;
}

/* Is @name a key of @map?  (Keys are known to be scalars by then.) */
static bool
yamldoc_has_key(struct yamldoc *doc, yaml_node_t *map, const char *name)
{
	yaml_node_pair_t *p;
	yaml_node_t *key;

	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		key = yaml_document_get_node(&doc->document, p->key);
		if (strcmp((const char *)key->data.scalar.value, name) == 0) {
			return true;
		}
	}
	return false;
}

int
yamldoc_mapping(struct yamldoc *doc, yaml_node_t *node,
    const struct yamldoc_key *keys, size_t key_count, void *ctx)
{
	const struct yamldoc_key *k;
	yaml_node_pair_t *pair;
	yaml_node_t *key, *value;
	size_t i, old;
	int rc;

	if (node == NULL || node->type != YAML_MAPPING_NODE) {
		return yamldoc_error(doc, node, "expected a mapping");
	}
	for (pair = node->data.mapping.pairs.start;
	    pair < node->data.mapping.pairs.top; pair++) {
		if ((rc = yamldoc_pair_key(doc, pair, &key)) < 0 ||
		    (rc = yamldoc_check_duplicate(doc, node, pair, key)) < 0) {
			return rc;
		}
		k = yamldoc_find_key(keys, key_count,
		    (const char *)key->data.scalar.value);
		if (k == NULL) {
			return yamldoc_error(doc, key, "unknown key '%s'",
			    (const char *)key->data.scalar.value);
		}
		value = yaml_document_get_node(&doc->document, pair->value);
		old = yamldoc_path_push(doc, "%s%s",
		    doc->path_len > 0 ? "." : "", k->name);
		rc = k->parse(doc, value, ctx);
		yamldoc_path_pop(doc, old);
		if (rc < 0) {
			return rc;
		}
	}
	for (i = 0; i < key_count; i++) {
		if (keys[i].required &&
		    !yamldoc_has_key(doc, node, keys[i].name)) {
			return yamldoc_error(doc, node, "missing key '%s'",
			    keys[i].name);
		}
	}
	return 0;
}

size_t
yamldoc_sequence_length(const yaml_node_t *node)
{
	if (node == NULL || node->type != YAML_SEQUENCE_NODE) {
		return 0;
	}
	return (size_t)(node->data.sequence.items.top -
	    node->data.sequence.items.start);
}

int
yamldoc_sequence(struct yamldoc *doc, yaml_node_t *node,
    int (*item)(struct yamldoc *doc, yaml_node_t *node, size_t index,
    void *ctx), void *ctx)
{
	yaml_node_item_t *it;
	size_t index, old;
	int rc;

	if (node == NULL || node->type != YAML_SEQUENCE_NODE) {
		return yamldoc_error(doc, node, "expected a sequence");
	}
	for (it = node->data.sequence.items.start, index = 0;
	    it < node->data.sequence.items.top; it++, index++) {
		old = yamldoc_path_push(doc, "[%zu]", index);
		rc = item(doc, yaml_document_get_node(&doc->document, *it),
		    index, ctx);
		yamldoc_path_pop(doc, old);
		if (rc < 0) {
			return rc;
		}
	}
	return 0;
}
