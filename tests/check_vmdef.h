/* SPDX-License-Identifier: ISC */
/*
 * check_vmdef.h - what the parts of check_vmdef share: a definition with
 * every key, loading text, and asserting the exact message of a mistake.
 */
#ifndef HV_TESTS_CHECK_VMDEF_H
#define HV_TESTS_CHECK_VMDEF_H

#include <check.h>

#include "vmdef.h"

/* The smallest definition that loads: prefix of most error cases. */
#define MINIMAL_VM \
	"name: t\n" \
	"memory: 16M\n" \
	"kernel: {path: k, format: elf}\n"

/**
 * load_text() - vmdef_load_buffer() of @text as "vm.yaml" in "/defs".
 * @def:   the definition (vmdef_fini() it after).
 * @text:  the YAML.
 * @flags: VMDEF_NO_FILE_CHECK or 0.
 * @error: YAMLDOC_ERROR_MAX bytes for the message.
 *
 * Return: what vmdef_load_buffer() returned.
 */
int load_text(struct vmdef *def, const char *text, unsigned int flags,
    char *error);

/**
 * expect_error() - @text must fail to load with exactly @message.
 * @text:    the YAML (images are not looked for).
 * @message: the whole message, "vm.yaml:LINE:COLUMN: ...".
 */
void expect_error(const char *text, const char *message);

/**
 * vmdef_errors_tcase() - one test per mistake a definition can hold.
 *
 * Return: the test case.
 */
TCase *vmdef_errors_tcase(void);

/**
 * vmdef_set_tcase() - definitions checked against each other.
 *
 * Return: the test case.
 */
TCase *vmdef_set_tcase(void);

#endif /* HV_TESTS_CHECK_VMDEF_H */
