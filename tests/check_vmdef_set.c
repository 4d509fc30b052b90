/* SPDX-License-Identifier: ISC */
/*
 * check_vmdef_set.c - definitions checked against each other: a name or
 * a UUID used twice is reported with both files and positions.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "check_vmdef.h"
#include "yamldoc.h"

#define UUID_A	"11111111-2222-4333-8444-555555555555"
#define UUID_B	"11111111-2222-4333-8444-666666666666"

/* @text loaded as the file @name. */
static void
load_named(struct vmdef *def, const char *name, const char *text)
{
	char error[YAMLDOC_ERROR_MAX];
	int rc;

	rc = vmdef_load_buffer(def, name, "/defs", text, strlen(text),
	    VMDEF_NO_FILE_CHECK, error, sizeof(error));
	ck_assert_msg(rc == 0, "%s", error);
}

/* vmdef_check_set() of three definitions: the message, or "" if none. */
static void
check_three(const char *a, const char *b, const char *c, int rc_expected,
    const char *message)
{
	char error[YAMLDOC_ERROR_MAX] = "";
	struct vmdef defs[3];
	const struct vmdef *set[3] = { &defs[0], &defs[1], &defs[2] };
	size_t i;

	load_named(&defs[0], "a.yaml", a);
	load_named(&defs[1], "b.yaml", b);
	load_named(&defs[2], "c.yaml", c);
	ck_assert_int_eq(vmdef_check_set(set, 3, error, sizeof(error)),
	    rc_expected);
	ck_assert_str_eq(error, message);
	for (i = 0; i < 3; i++) {
		vmdef_fini(&defs[i]);
	}
}

START_TEST(distinct_definitions_pass)
{
	check_three("name: a\n" "memory: 2M\nkernel: {path: k, format: elf}\n",
	    "name: b\n" "memory: 2M\nkernel: {path: k, format: elf}\n",
	    "name: c\n" "memory: 2M\nkernel: {path: k, format: elf}\n", 0, "");
}
END_TEST

START_TEST(duplicate_name_names_both_files)
{
	check_three("name: a\n" "memory: 2M\nkernel: {path: k, format: elf}\n",
	    "name: b\n" "memory: 2M\nkernel: {path: k, format: elf}\n",
	    "memory: 2M\nname:   a\nkernel: {path: k, format: elf}\n",
	    -EEXIST,
	    "c.yaml:2:9: duplicate name 'a' (also a.yaml:1:7)");
}
END_TEST

START_TEST(duplicate_uuid_names_both_files)
{
	check_three("name: a\nuuid: " UUID_A "\n"
	    "memory: 2M\nkernel: {path: k, format: elf}\n",
	    "name: b\nmemory: 2M\nuuid: " UUID_A "\n"
	    "kernel: {path: k, format: elf}\n",
	    "name: c\nuuid: " UUID_B "\n"
	    "memory: 2M\nkernel: {path: k, format: elf}\n",
	    -EEXIST,
	    "b.yaml:3:7: duplicate uuid '" UUID_A "' (also a.yaml:2:7)");
}
END_TEST

TCase *
vmdef_set_tcase(void)
{
	TCase *tc = tcase_create("set");

	tcase_add_test(tc, distinct_definitions_pass);
	tcase_add_test(tc, duplicate_name_names_both_files);
	tcase_add_test(tc, duplicate_uuid_names_both_files);
	return tc;
}
