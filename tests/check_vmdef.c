/* SPDX-License-Identifier: ISC */
/*
 * check_vmdef.c - tests of VM definitions (lib/host/vmdef.h): every key
 * lands where it should, defaults, generated UUIDs, images looked for
 * relative to the file, every example of conf/vms/ loads and survives
 * emit-and-reload, and no truncation of a good file crashes the reader.
 * The mistakes are in check_vmdef_errors.c, sets in check_vmdef_set.c.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_vmdef.h"
#include "vmdef.h"
#include "yamldoc.h"

/* A definition with every key, none at its default. */
static const char full_vm[] =
	"name: web-1.a_b\n"
	"uuid: 6F1C2A3B-4d5e-4f60-8a7b-9c0d1e2f3a4b\n"
	"vcpus: 4\n"
	"memory: 256M\n"
	"kernel:\n"
	"  path: /boot/Image\n"
	"  format: image\n"
	"  load_address: 0x40080000\n"
	"initrd: initrd.img\n"
	"cmdline: console=ttyAMA0 root=/dev/vda\n"
	"regions:\n"
	"  - name: buf\n"
	"    ipa: 0x100000000\n"
	"    size: 2M\n"
	"    perm: xr\n"
	"    mode: prefault\n"
	"    shared_with: [db, cache]\n"
	"  - name: log\n"
	"    ipa: 0x200000000\n"
	"    size: 0x3000\n"
	"    mode: demand\n"
	"console:\n"
	"  log_size: 4M\n"
	"autostart: true\n"
	"on_crash: restart\n";

static const char *const examples[] = {
	"demand.yaml", "hello.yaml", "shared-a.yaml", "shared-b.yaml",
};

#define EXAMPLE_COUNT	(sizeof(examples) / sizeof(examples[0]))

int
load_text(struct vmdef *def, const char *text, unsigned int flags,
    char *error)
{
	return vmdef_load_buffer(def, "vm.yaml", "/defs", text, strlen(text),
	    flags, error, YAMLDOC_ERROR_MAX);
}

void
expect_error(const char *text, const char *message)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;
	int rc;

	rc = load_text(&def, text, VMDEF_NO_FILE_CHECK, error);
	vmdef_fini(&def);
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_str_eq(error, message);
}

START_TEST(full_definition_every_key_lands)
{
	char error[YAMLDOC_ERROR_MAX], uuid[HVUUID_TEXT_MAX];
	const struct vmdef_region *r;
	struct vmdef def;

	ck_assert_int_eq(load_text(&def, full_vm, VMDEF_NO_FILE_CHECK, error), 0);
	ck_assert_str_eq(def.name, "web-1.a_b");
	hvuuid_format(&def.uuid, uuid);
	ck_assert_str_eq(uuid, "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
	ck_assert(!def.uuid_generated);
	ck_assert_uint_eq(def.vcpus, 4);
	ck_assert_uint_eq(def.memory, 256ull << 20);
	ck_assert_str_eq(def.kernel_path, "/boot/Image");
	ck_assert_int_eq(def.kernel_format, VMDEF_FORMAT_IMAGE);
	ck_assert(def.has_load_address);
	ck_assert_uint_eq(def.load_address, 0x40080000);
	ck_assert_str_eq(def.initrd_path, "initrd.img");
	ck_assert_str_eq(def.cmdline, "console=ttyAMA0 root=/dev/vda");
	ck_assert_uint_eq(def.region_count, 2);
	r = &def.regions[0];
	ck_assert_str_eq(r->name, "buf");
	ck_assert_uint_eq(r->ipa, 0x100000000ull);
	ck_assert_uint_eq(r->size, 2u << 20);
	ck_assert_uint_eq(r->perm, VMDEF_PERM_R | VMDEF_PERM_X);
	ck_assert_int_eq(r->mode, VMDEF_MODE_PREFAULT);
	ck_assert_uint_eq(r->shared_count, 2);
	ck_assert_str_eq(r->shared_with[0], "db");
	ck_assert_str_eq(r->shared_with[1], "cache");
	ck_assert_uint_eq(r->pos.line, 12);
	ck_assert_uint_eq(r->pos.column, 5);
	r = &def.regions[1];
	ck_assert_str_eq(r->name, "log");
	ck_assert_uint_eq(r->ipa, 0x200000000ull);
	ck_assert_uint_eq(r->size, 0x3000);
	ck_assert_int_eq(r->mode, VMDEF_MODE_DEMAND);
	ck_assert_uint_eq(def.console_log_size, 4u << 20);
	ck_assert(def.autostart);
	ck_assert_int_eq(def.on_crash, VMDEF_ON_CRASH_RESTART);
	ck_assert_str_eq(def.source, "vm.yaml");
	ck_assert_uint_eq(def.name_pos.line, 1);
	ck_assert_uint_eq(def.name_pos.column, 7);
	ck_assert_uint_eq(def.uuid_pos.line, 2);
	ck_assert_uint_eq(def.uuid_pos.column, 7);
	vmdef_fini(&def);
}
END_TEST

START_TEST(minimal_definition_has_defaults)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;

	ck_assert_int_eq(load_text(&def, MINIMAL_VM, VMDEF_NO_FILE_CHECK,
	    error), 0);
	ck_assert_uint_eq(def.vcpus, 1);
	ck_assert(!def.has_load_address);
	ck_assert_ptr_null(def.initrd_path);
	ck_assert_ptr_null(def.cmdline);
	ck_assert_uint_eq(def.region_count, 0);
	ck_assert_uint_eq(def.console_log_size, 1u << 20);
	ck_assert(!def.autostart);
	ck_assert_int_eq(def.on_crash, VMDEF_ON_CRASH_DESTROY);
	vmdef_fini(&def);
}
END_TEST

START_TEST(region_defaults_are_rw_prefault_unshared)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;

	ck_assert_int_eq(load_text(&def, MINIMAL_VM
	    "regions: [{name: r, ipa: 0x80000000, size: 4K}]\n",
	    VMDEF_NO_FILE_CHECK, error), 0);
	ck_assert_uint_eq(def.regions[0].perm, VMDEF_PERM_R | VMDEF_PERM_W);
	ck_assert_int_eq(def.regions[0].mode, VMDEF_MODE_PREFAULT);
	ck_assert_uint_eq(def.regions[0].shared_count, 0);
	vmdef_fini(&def);
}
END_TEST

START_TEST(missing_uuid_is_generated_v4)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef a, b;

	ck_assert_int_eq(load_text(&a, MINIMAL_VM, VMDEF_NO_FILE_CHECK, error), 0);
	ck_assert_int_eq(load_text(&b, MINIMAL_VM, VMDEF_NO_FILE_CHECK, error), 0);
	ck_assert(a.uuid_generated);
	ck_assert_uint_eq(a.uuid.bytes[6] >> 4, 4);
	ck_assert_uint_eq(a.uuid.bytes[8] >> 6, 2);
	ck_assert_uint_eq(a.uuid_pos.line, 0);
	ck_assert(!hvuuid_equal(&a.uuid, &b.uuid));
	vmdef_fini(&a);
	vmdef_fini(&b);
}
END_TEST

START_TEST(uuid_text_round_trips)
{
	const char *text = "00112233-4455-6677-8899-aabbccddeeff";
	char out[HVUUID_TEXT_MAX];
	struct hvuuid u;

	ck_assert_int_eq(hvuuid_parse(text, &u), 0);
	ck_assert_uint_eq(u.bytes[0], 0x00);
	ck_assert_uint_eq(u.bytes[15], 0xff);
	hvuuid_format(&u, out);
	ck_assert_str_eq(out, text);
	ck_assert_int_eq(hvuuid_parse("00112233-4455-6677-8899-aabbccddeef", &u),
	    -EINVAL);
	ck_assert_int_eq(hvuuid_parse("00112233-4455-6677-8899-aabbccddeeff0",
	    &u), -EINVAL);
	ck_assert_int_eq(hvuuid_parse("00112233+4455-6677-8899-aabbccddeeff",
	    &u), -EINVAL);
	ck_assert_int_eq(hvuuid_parse("0011223g-4455-6677-8899-aabbccddeeff",
	    &u), -EINVAL);
}
END_TEST

/* Emit @def, load the text back: the same VM. */
static void
assert_round_trip(const struct vmdef *def)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef again;
	size_t length;
	char *text;
	int rc;

	ck_assert_int_eq(vmdef_emit(def, &text, &length), 0);
	ck_assert_uint_eq(strlen(text), length);
	rc = load_text(&again, text, VMDEF_NO_FILE_CHECK, error);
	ck_assert_msg(rc == 0, "%s\n%s", error, text);
	ck_assert_msg(vmdef_equal(def, &again), "not equal:\n%s", text);
	ck_assert(!again.uuid_generated);
	vmdef_fini(&again);
	free(text);
}

START_TEST(full_definition_round_trips)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;

	ck_assert_int_eq(load_text(&def, full_vm, VMDEF_NO_FILE_CHECK, error), 0);
	assert_round_trip(&def);
	vmdef_fini(&def);
}
END_TEST

START_TEST(odd_strings_round_trip)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;

	ck_assert_int_eq(load_text(&def, MINIMAL_VM, VMDEF_NO_FILE_CHECK,
	    error), 0);
	def.cmdline = strdup("true: [x] # 'quoted' \"too\"\n\ttab");
	free(def.kernel_path);
	def.kernel_path = strdup("0x40000000");
	strcpy(def.name, "123");
	ck_assert_ptr_nonnull(def.cmdline);
	ck_assert_ptr_nonnull(def.kernel_path);
	assert_round_trip(&def);
	vmdef_fini(&def);
}
END_TEST

/* conf/vms/NAME in the source tree. */
static void
example_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/conf/vms/%s", HV_TOP_SRCDIR, name);
}

START_TEST(examples_load_and_round_trip)
{
	char path[4096], error[YAMLDOC_ERROR_MAX];
	struct vmdef def;
	int rc;

	example_path(path, sizeof(path), examples[_i]);
	rc = vmdef_load_file(&def, path, VMDEF_NO_FILE_CHECK, error,
	    sizeof(error));
	ck_assert_msg(rc == 0, "%s", error);
	ck_assert_str_eq(def.source, path);
	assert_round_trip(&def);
	vmdef_fini(&def);
}
END_TEST

START_TEST(example_shared_region_names_the_other_vm)
{
	char path[4096], error[YAMLDOC_ERROR_MAX];
	struct vmdef a, b;

	example_path(path, sizeof(path), "shared-a.yaml");
	ck_assert_int_eq(vmdef_load_file(&a, path, VMDEF_NO_FILE_CHECK, error,
	    sizeof(error)), 0);
	example_path(path, sizeof(path), "shared-b.yaml");
	ck_assert_int_eq(vmdef_load_file(&b, path, VMDEF_NO_FILE_CHECK, error,
	    sizeof(error)), 0);
	ck_assert_str_eq(a.regions[0].shared_with[0], b.name);
	ck_assert_str_eq(b.regions[0].shared_with[0], a.name);
	ck_assert_uint_eq(a.regions[0].ipa, b.regions[0].ipa);
	ck_assert_uint_eq(a.regions[0].size, b.regions[0].size);
	vmdef_fini(&a);
	vmdef_fini(&b);
}
END_TEST

START_TEST(loaded_definitions_pass_check)
{
	char path[4096], error[YAMLDOC_ERROR_MAX];
	struct vmdef def;
	size_t i;

	ck_assert_int_eq(load_text(&def, full_vm, VMDEF_NO_FILE_CHECK,
	    error), 0);
	ck_assert_msg(vmdef_check(&def, error, sizeof(error)) == 0, "%s",
	    error);
	vmdef_fini(&def);
	ck_assert_int_eq(load_text(&def, MINIMAL_VM, VMDEF_NO_FILE_CHECK,
	    error), 0);
	ck_assert_msg(vmdef_check(&def, error, sizeof(error)) == 0, "%s",
	    error);
	vmdef_fini(&def);
	for (i = 0; i < EXAMPLE_COUNT; i++) {
		example_path(path, sizeof(path), examples[i]);
		ck_assert_int_eq(vmdef_load_file(&def, path,
		    VMDEF_NO_FILE_CHECK, error, sizeof(error)), 0);
		ck_assert_msg(vmdef_check(&def, error, sizeof(error)) == 0,
		    "%s: %s", path, error);
		vmdef_fini(&def);
	}
}
END_TEST

START_TEST(init_has_the_defaults_of_a_file)
{
	struct vmdef def;

	ck_assert_int_eq(vmdef_init(&def, "x.xml", NULL), 0);
	ck_assert_str_eq(def.source, "x.xml");
	ck_assert_ptr_null(def.dir);
	ck_assert_uint_eq(def.vcpus, 1);
	ck_assert_uint_eq(def.console_log_size, 1u << 20);
	ck_assert_int_eq(def.on_crash, VMDEF_ON_CRASH_DESTROY);
	ck_assert_ptr_null(def.kernel_path);
	ck_assert(!def.uuid_generated);
	vmdef_fini(&def);
	ck_assert_int_eq(vmdef_init(&def, "x.yaml", "/d"), 0);
	ck_assert_str_eq(def.dir, "/d");
	vmdef_fini(&def);
}
END_TEST

/* Every prefix of @text: loads, or fails with a positioned message. */
static void
assert_truncations_safe(const char *text)
{
	char error[YAMLDOC_ERROR_MAX];
	size_t len, n = strlen(text);
	struct vmdef def;
	int rc;

	for (len = 0; len <= n; len++) {
		error[0] = '\0';
		rc = vmdef_load_buffer(&def, "vm.yaml", "/defs", text, len,
		    VMDEF_NO_FILE_CHECK, error, sizeof(error));
		vmdef_fini(&def);
		ck_assert_msg(rc == 0 || rc == -EINVAL,
		    "length %zu: rc %d", len, rc);
		if (rc < 0) {
			ck_assert_msg(strncmp(error, "vm.yaml:", 8) == 0,
			    "length %zu: '%s'", len, error);
		}
	}
}

START_TEST(every_truncation_loads_or_fails_cleanly)
{
	assert_truncations_safe(full_vm);
}
END_TEST

START_TEST(every_truncation_of_examples_is_safe)
{
	char path[4096], text[8192];
	size_t n;
	FILE *f;

	example_path(path, sizeof(path), examples[_i]);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	assert_truncations_safe(text);
}
END_TEST

/* A directory with a definition and, if @with_kernel, its kernel. */
static void
make_definition_dir(char *dir, bool with_kernel, char *def_path, size_t len)
{
	FILE *f;

	strcpy(dir, "/tmp/check_vmdef.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(def_path, len, "%s/vm.yaml", dir);
	f = fopen(def_path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("name: t\nmemory: 16M\nkernel:\n  path: images/k.bin\n"
	    "  format: raw\n  load_address: 0x40000000\n", f);
	fclose(f);
	if (with_kernel) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/images", dir);
		ck_assert_int_eq(mkdir(path, 0700), 0);
		snprintf(path, sizeof(path), "%s/images/k.bin", dir);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fclose(f);
	}
}

static void
remove_definition_dir(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/images/k.bin", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/images", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/vm.yaml", dir);
	unlink(path);
	rmdir(dir);
}

START_TEST(kernel_found_relative_to_definition)
{
	char dir[64], path[4096], error[YAMLDOC_ERROR_MAX], resolved[4096];
	struct vmdef def;
	int rc;

	make_definition_dir(dir, true, path, sizeof(path));
	rc = vmdef_load_file(&def, path, 0, error, sizeof(error));
	ck_assert_msg(rc == 0, "%s", error);
	ck_assert_str_eq(def.dir, dir);
	ck_assert_int_eq(vmdef_resolve(&def, def.kernel_path, resolved,
	    sizeof(resolved)), 0);
	snprintf(path, sizeof(path), "%s/images/k.bin", dir);
	ck_assert_str_eq(resolved, path);
	vmdef_fini(&def);
	remove_definition_dir(dir);
}
END_TEST

START_TEST(missing_kernel_is_named)
{
	char dir[64], path[4096], error[YAMLDOC_ERROR_MAX], expected[4400];
	struct vmdef def;
	int rc;

	make_definition_dir(dir, false, path, sizeof(path));
	rc = vmdef_load_file(&def, path, 0, error, sizeof(error));
	vmdef_fini(&def);
	ck_assert_int_eq(rc, -EINVAL);
	snprintf(expected, sizeof(expected),
	    "%s:4:9: kernel.path: %s/images/k.bin: No such file or directory",
	    path, dir);
	ck_assert_str_eq(error, expected);
	remove_definition_dir(dir);
}
END_TEST

START_TEST(missing_initrd_is_named)
{
	expect_error(MINIMAL_VM "initrd: \"\"\n",
	    "vm.yaml:4:9: initrd: empty path");
}
END_TEST

START_TEST(unreadable_file_is_named)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;
	int rc;

	rc = vmdef_load_file(&def, "/nonexistent/vm.yaml", 0, error,
	    sizeof(error));
	vmdef_fini(&def);
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_str_eq(error,
	    "/nonexistent/vm.yaml: No such file or directory");
}
END_TEST

START_TEST(name_rules)
{
	char name[VMDEF_NAME_MAX + 2];

	ck_assert(vmdef_name_valid("a"));
	ck_assert(vmdef_name_valid("Web-1_x.y"));
	ck_assert(!vmdef_name_valid(""));
	ck_assert(!vmdef_name_valid("a b"));
	ck_assert(!vmdef_name_valid("a/b"));
	memset(name, 'n', VMDEF_NAME_MAX);
	name[VMDEF_NAME_MAX] = '\0';
	ck_assert(vmdef_name_valid(name));
	name[VMDEF_NAME_MAX] = 'n';
	name[VMDEF_NAME_MAX + 1] = '\0';
	ck_assert(!vmdef_name_valid(name));
}
END_TEST

static Suite *
vmdef_suite(void)
{
	Suite *s = suite_create("vmdef");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, full_definition_every_key_lands);
	tcase_add_test(tc, minimal_definition_has_defaults);
	tcase_add_test(tc, region_defaults_are_rw_prefault_unshared);
	tcase_add_test(tc, missing_uuid_is_generated_v4);
	tcase_add_test(tc, uuid_text_round_trips);
	tcase_add_test(tc, kernel_found_relative_to_definition);
	tcase_add_test(tc, missing_kernel_is_named);
	tcase_add_test(tc, missing_initrd_is_named);
	tcase_add_test(tc, unreadable_file_is_named);
	tcase_add_test(tc, name_rules);
	tcase_add_test(tc, loaded_definitions_pass_check);
	tcase_add_test(tc, init_has_the_defaults_of_a_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("emit");
	tcase_add_test(tc, full_definition_round_trips);
	tcase_add_test(tc, odd_strings_round_trip);
	tcase_add_loop_test(tc, examples_load_and_round_trip, 0,
	    EXAMPLE_COUNT);
	tcase_add_test(tc, example_shared_region_names_the_other_vm);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncation");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_truncation_loads_or_fails_cleanly);
	tcase_add_loop_test(tc, every_truncation_of_examples_is_safe, 0,
	    EXAMPLE_COUNT);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, vmdef_errors_tcase());
	suite_add_tcase(s, vmdef_set_tcase());
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vmdef_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
