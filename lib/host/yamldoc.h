/* SPDX-License-Identifier: ISC */
/*
 * yamldoc.h - a YAML document (libyaml) read into a node tree with
 * typed, range-checked getters that report mistakes the way editors and
 * compilers do: "FILE:LINE:COLUMN: message", 1-based.
 *
 * Host-only code shared by hvd and hvctl (VM definitions, hvd.yaml).  A
 * struct yamldoc holds one document and the caller's error buffer; the
 * first error is kept there and every later one is dropped, so the
 * message the user sees is the first mistake in the file.  Every getter
 * returns 0 or -errno (-EINVAL for a mistake in the document, -ENOMEM).
 *
 * Messages name the key they are about as a path from the top of the
 * document ("kernel.format", "regions[1].ipa") after the position.
 */
#ifndef HV_HOST_YAMLDOC_H
#define HV_HOST_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

/** YAMLDOC_PATH_MAX - room for the key path of a message. */
#define YAMLDOC_PATH_MAX	128
/** YAMLDOC_ERROR_MAX - a good size for a caller's error buffer. */
#define YAMLDOC_ERROR_MAX	512
/** YAMLDOC_SIZE_TEXT_MAX - room for yamldoc_format_size()'s text. */
#define YAMLDOC_SIZE_TEXT_MAX	24

/**
 * struct yamldoc - one loaded document (fields private to yamldoc*.c).
 * @document:   libyaml's node tree.
 * @loaded:     @document holds a document to delete.
 * @name:       the file name used in messages.
 * @error:      the caller's message buffer.
 * @error_size: its bytes.
 * @failed:     a message is in @error already.
 * @path:       the key path of the node being read.
 * @path_len:   its length.
 */
struct yamldoc {
	yaml_document_t document;
	bool loaded;
	char *name;
	char *error;
	size_t error_size;
	bool failed;
	char path[YAMLDOC_PATH_MAX];
	size_t path_len;
};

/**
 * struct yamldoc_key - one key a mapping may hold.
 * @name:     the key.
 * @parse:    reads its value; @ctx is yamldoc_mapping()'s.
 * @required: a mapping without it is an error.
 */
struct yamldoc_key {
	const char *name;
	int (*parse)(struct yamldoc *doc, yaml_node_t *value, void *ctx);
	bool required;
};

/**
 * yamldoc_load_buffer() - parse YAML text.
 * @doc:        initialised here; yamldoc_fini() it whatever this returns.
 * @name:       the file name messages give (e.g. "vm.yaml").
 * @text:       the text (need not be NUL-terminated).
 * @length:     its bytes.
 * @error:      where the first mistake's message goes.
 * @error_size: its bytes (YAMLDOC_ERROR_MAX is plenty).
 *
 * Syntax errors come with libyaml's position of the problem.  A second
 * document in the stream is an error; an empty stream is not (the root
 * is NULL).
 *
 * Return: 0, -EINVAL (message in @error) or -ENOMEM.
 */
int yamldoc_load_buffer(struct yamldoc *doc, const char *name,
    const char *text, size_t length, char *error, size_t error_size);

/**
 * yamldoc_load_file() - read and parse a YAML file.
 * @doc:        as for yamldoc_load_buffer().
 * @path:       the file, also the name in messages.
 * @error:      where the message goes.
 * @error_size: its bytes.
 *
 * Return: 0, -errno of open/read ("PATH: strerror" in @error), -EINVAL
 * or -ENOMEM.
 */
int yamldoc_load_file(struct yamldoc *doc, const char *path, char *error,
    size_t error_size);

/**
 * yamldoc_fini() - free what @doc holds.
 * @doc: a document yamldoc_load_*() initialised.
 */
void yamldoc_fini(struct yamldoc *doc);

/**
 * yamldoc_root() - the top node.
 * @doc: a loaded document.
 *
 * Return: the root, or NULL for an empty document.
 */
yaml_node_t *yamldoc_root(struct yamldoc *doc);

/**
 * yamldoc_error() - report a mistake at @node.
 * @doc:  the document.
 * @node: where (NULL: line 1, column 1).
 * @fmt:  the message, after "FILE:LINE:COLUMN: PATH: ".
 *
 * Only the first error of a document is kept.
 *
 * Return: -EINVAL.
 */
int yamldoc_error(struct yamldoc *doc, const yaml_node_t *node,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * yamldoc_path() - the key path of the node being read ("board.cpus",
 * "regions[2].ipa"; "" at the top), for parse functions that serve
 * several keys.
 * @doc: the document.
 *
 * Return: the path, valid until the parse function returns.
 */
const char *yamldoc_path(const struct yamldoc *doc);

/**
 * yamldoc_mapping() - read a mapping whose keys are all in @keys.
 * @doc:       the document.
 * @node:      the mapping.
 * @keys:      the keys it may hold.
 * @key_count: their number.
 * @ctx:       given to every @keys[].parse.
 *
 * Errors: not a mapping, a key that is not a string, an unknown key, a
 * key given twice, a required key missing; and the first error of a
 * parse function, which is called with the key appended to the path.
 *
 * Return: 0 or the first error.
 */
int yamldoc_mapping(struct yamldoc *doc, yaml_node_t *node,
    const struct yamldoc_key *keys, size_t key_count, void *ctx);

/**
 * yamldoc_sequence() - read a sequence item by item.
 * @doc:  the document.
 * @node: the sequence.
 * @item: called for each item, with "[index]" appended to the path.
 * @ctx:  given to @item.
 *
 * Return: 0, -EINVAL if @node is not a sequence, or @item's first error.
 */
int yamldoc_sequence(struct yamldoc *doc, yaml_node_t *node,
    int (*item)(struct yamldoc *doc, yaml_node_t *node, size_t index,
    void *ctx), void *ctx);

/**
 * yamldoc_sequence_length() - items of a sequence node.
 * @node: any node.
 *
 * Return: the number of items, or 0 if @node is not a sequence.
 */
size_t yamldoc_sequence_length(const yaml_node_t *node);

/**
 * yamldoc_string() - a scalar as a string.
 * @doc:  the document.
 * @node: the value.
 * @out:  a malloc'ed copy; the caller frees it (a previous value in
 *        *@out is freed first).
 *
 * Return: 0, -EINVAL (not a scalar, or holds a NUL) or -ENOMEM.
 */
int yamldoc_string(struct yamldoc *doc, yaml_node_t *node, char **out);

/**
 * yamldoc_parse_mode() - read permission bits in octal: "0" and then 1 to
 * 4 octal digits ("0660", "00").
 * @text: the text.
 * @out:  the bits.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_parse_mode(const char *text, uint64_t *out);

/**
 * yamldoc_mode() - permission bits in octal (yamldoc_parse_mode()), at
 * most @max.
 * @doc:  the document.
 * @node: the value: a plain scalar.
 * @max:  largest allowed (0777 for a file's).
 * @out:  the bits.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_mode(struct yamldoc *doc, yaml_node_t *node, uint64_t max,
    uint64_t *out);

/**
 * yamldoc_uint() - an unsigned integer (decimal or 0x hex) in [min, max].
 * @doc:  the document.
 * @node: the value: a plain scalar.
 * @min:  smallest allowed.
 * @max:  largest allowed.
 * @out:  the value.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_uint(struct yamldoc *doc, yaml_node_t *node, uint64_t min,
    uint64_t max, uint64_t *out);

/**
 * yamldoc_size() - a size in bytes, "4096", "0x1000", "64M", "1G".
 * @doc:  the document.
 * @node: the value: a plain scalar, see yamldoc_parse_size().
 * @min:  smallest allowed.
 * @max:  largest allowed.
 * @out:  bytes.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_size(struct yamldoc *doc, yaml_node_t *node, uint64_t min,
    uint64_t max, uint64_t *out);

/**
 * yamldoc_size_aligned() - yamldoc_size(), and a multiple of @align
 * ("6000 is not a multiple of 4K").
 * @doc:   the document.
 * @node:  the value: a plain scalar.
 * @min:   smallest allowed.
 * @max:   largest allowed.
 * @align: the size must be a multiple of this (0 or 1: any).
 * @out:   the size, set only when it is good.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_size_aligned(struct yamldoc *doc, yaml_node_t *node,
    uint64_t min, uint64_t max, uint64_t align, uint64_t *out);

/**
 * yamldoc_bool() - true or false.
 * @doc:  the document.
 * @node: the value: a plain scalar "true" or "false".
 * @out:  the value.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_bool(struct yamldoc *doc, yaml_node_t *node, bool *out);

/**
 * yamldoc_enum() - one of a list of words.
 * @doc:   the document.
 * @node:  the value.
 * @names: the words allowed; the message of a bad value lists them.
 * @count: their number.
 * @out:   the index of the word in @names.
 *
 * Return: 0 or -EINVAL.
 */
int yamldoc_enum(struct yamldoc *doc, yaml_node_t *node,
    const char *const *names, size_t count, unsigned int *out);

/**
 * yamldoc_parse_uint() - "123" or "0x7b" to a number.
 * @text: the text, all of it digits (no sign, no spaces).
 * @out:  the value.
 *
 * Return: 0, -EINVAL (not a number) or -ERANGE (above 2^64 - 1).
 */
int yamldoc_parse_uint(const char *text, uint64_t *out);

/**
 * yamldoc_parse_size() - "4096", "0x1000", "64K", "64M", "1G", "1T".
 * @text: a number as for yamldoc_parse_uint(), then at most one of the
 *        binary suffixes K, M, G, T (KiB, MiB, GiB, TiB).
 * @out:  bytes.
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int yamldoc_parse_size(const char *text, uint64_t *out);

/**
 * yamldoc_format_size() - a size as yamldoc_parse_size() reads it, with
 * the largest suffix that divides it exactly ("2M", "1G", "4097").
 * @bytes: the size.
 * @buf:   at least YAMLDOC_SIZE_TEXT_MAX bytes.
 * @len:   bytes of @buf.
 */
void yamldoc_format_size(uint64_t bytes, char *buf, size_t len);

#endif /* HV_HOST_YAMLDOC_H */
