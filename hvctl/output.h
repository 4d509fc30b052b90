/* SPDX-License-Identifier: ISC */
/*
 * output.h - what hvctl prints: sizes in words, and --json documents
 * (built with json-c, printed whole).
 */
#ifndef HVCTL_OUTPUT_H
#define HVCTL_OUTPUT_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

/** OUTPUT_SIZE_MAX - room for output_size()'s text. */
#define OUTPUT_SIZE_MAX		32

/**
 * output_size() - a size as hv-vm.yaml(5) writes it ("16M", "4K").
 * @bytes: the size.
 * @buf:   OUTPUT_SIZE_MAX bytes.
 *
 * Return: @buf.
 */
const char *output_size(uint64_t bytes, char *buf);

/**
 * output_mib() - a size in MiB for people ("881.9 MiB", "1024 MiB").
 * @bytes: the size.
 * @buf:   OUTPUT_SIZE_MAX bytes.
 *
 * Return: @buf.
 */
const char *output_mib(uint64_t bytes, char *buf);

/**
 * output_hex() - "0x..." for an address.
 * @v:   the value.
 * @buf: OUTPUT_SIZE_MAX bytes.
 *
 * Return: @buf.
 */
const char *output_hex(uint64_t v, char *buf);

/**
 * output_json() - print a JSON document on stdout, and free it.
 * @doc: the document.
 *
 * Return: 0, or 1 if it could not be printed.
 */
int output_json(json_object *doc);

/**
 * output_perm() - enum abi_perm bits as "rwx" with '-' for each missing.
 * @perm: the bits.
 * @buf:  at least 4 bytes.
 *
 * Return: @buf.
 */
const char *output_perm(unsigned int perm, char *buf);

#endif /* HVCTL_OUTPUT_H */
