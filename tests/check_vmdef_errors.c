/* SPDX-License-Identifier: ISC */
/*
 * check_vmdef_errors.c - one test per mistake a VM definition can hold,
 * each asserting the whole "vm.yaml:LINE:COLUMN: message"; and the same
 * rules applied by vmdef_check() to a filled-in definition.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_vmdef.h"
#include "yamldoc.h"

START_TEST(unknown_key)
{
	expect_error(MINIMAL_VM "memroy: 16M\n",
	    "vm.yaml:4:1: unknown key 'memroy'");
}
END_TEST

START_TEST(unknown_nested_key)
{
	expect_error("name: t\nmemory: 16M\nkernel:\n  path: k\n  fmt: elf\n",
	    "vm.yaml:5:3: kernel: unknown key 'fmt'");
}
END_TEST

START_TEST(duplicate_key)
{
	expect_error(MINIMAL_VM "name: u\n",
	    "vm.yaml:4:1: duplicate key 'name' (first at line 1, column 1)");
}
END_TEST

START_TEST(missing_key)
{
	expect_error("name: t\nmemory: 16M\n",
	    "vm.yaml:1:1: missing key 'kernel'");
	expect_error("name: t\nmemory: 16M\nkernel: {format: elf}\n",
	    "vm.yaml:3:9: kernel: missing key 'path'");
}
END_TEST

START_TEST(key_not_a_string)
{
	expect_error(MINIMAL_VM "[a]: 1\n",
	    "vm.yaml:4:1: expected a string as key");
}
END_TEST

START_TEST(not_a_mapping)
{
	expect_error("- name: t\n", "vm.yaml:1:1: expected a mapping");
	expect_error("", "vm.yaml:1:1: expected a mapping");
	expect_error("name: t\nmemory: 16M\nkernel: /boot/Image\n",
	    "vm.yaml:3:9: kernel: expected a mapping");
}
END_TEST

START_TEST(not_a_sequence)
{
	expect_error(MINIMAL_VM "regions: {name: r}\n",
	    "vm.yaml:4:10: regions: expected a sequence");
}
END_TEST

START_TEST(not_a_string)
{
	expect_error("name: [t]\n", "vm.yaml:1:7: name: expected a string");
}
END_TEST

START_TEST(not_an_integer)
{
	expect_error(MINIMAL_VM "vcpus: two\n",
	    "vm.yaml:4:8: vcpus: expected an integer");
	expect_error(MINIMAL_VM "vcpus: '2'\n",
	    "vm.yaml:4:8: vcpus: expected an integer");
	expect_error(MINIMAL_VM "vcpus: -1\n",
	    "vm.yaml:4:8: vcpus: expected an integer");
	expect_error(MINIMAL_VM "vcpus:\n",
	    "vm.yaml:4:7: vcpus: expected an integer");
}
END_TEST

START_TEST(not_a_boolean)
{
	expect_error(MINIMAL_VM "autostart: yes\n",
	    "vm.yaml:4:12: autostart: expected a boolean (true or false)");
}
END_TEST

START_TEST(out_of_range)
{
	expect_error(MINIMAL_VM "vcpus: 9\n",
	    "vm.yaml:4:8: vcpus: 9 is out of range (1..8)");
	expect_error(MINIMAL_VM "vcpus: 0\n",
	    "vm.yaml:4:8: vcpus: 0 is out of range (1..8)");
	expect_error(MINIMAL_VM "vcpus: 99999999999999999999\n",
	    "vm.yaml:4:8: vcpus: 99999999999999999999 is out of range (1..8)");
	expect_error("name: t\nmemory: 1M\nkernel: {path: k, format: elf}\n",
	    "vm.yaml:2:9: memory: 1M is out of range (2M..1023G)");
	expect_error(MINIMAL_VM "console: {log_size: 2K}\n",
	    "vm.yaml:4:21: console.log_size: 2K is out of range (4K..1G)");
}
END_TEST

START_TEST(bad_size_suffix)
{
	expect_error("name: t\nmemory: 64Q\nkernel: {path: k, format: elf}\n",
	    "vm.yaml:2:9: memory: bad size '64Q' "
	    "(expected bytes, or a number with K, M, G or T)");
	expect_error("name: t\nmemory: 64MB\nkernel: {path: k, format: elf}\n",
	    "vm.yaml:2:9: memory: bad size '64MB' "
	    "(expected bytes, or a number with K, M, G or T)");
	expect_error("name: t\nmemory: M\nkernel: {path: k, format: elf}\n",
	    "vm.yaml:2:9: memory: bad size 'M' "
	    "(expected bytes, or a number with K, M, G or T)");
	expect_error("name: t\nmemory: [1]\nkernel: {path: k, format: elf}\n",
	    "vm.yaml:2:9: memory: expected a size");
}
END_TEST

START_TEST(memory_misaligned)
{
	expect_error("name: t\nmemory: 3M\nkernel: {path: k, format: elf}\n",
	    "vm.yaml:2:9: memory: 3M is not a multiple of 2M");
}
END_TEST

START_TEST(bad_enum)
{
	expect_error("name: t\nmemory: 16M\nkernel: {path: k, format: coff}\n",
	    "vm.yaml:3:27: kernel.format: bad value 'coff' "
	    "(expected elf, image or raw)");
	expect_error(MINIMAL_VM "on_crash: reboot\n",
	    "vm.yaml:4:11: on_crash: bad value 'reboot' "
	    "(expected destroy, restart or preserve)");
	expect_error(MINIMAL_VM "regions: [{name: r, ipa: 0x80000000, "
	    "size: 4K, mode: lazy}]\n",
	    "vm.yaml:4:54: regions[0].mode: bad value 'lazy' "
	    "(expected prefault or demand)");
}
END_TEST

START_TEST(bad_name)
{
	expect_error("name: web/1\n",
	    "vm.yaml:1:7: name: bad name 'web/1' "
	    "(1 to 63 letters, digits, '-', '_' or '.')");
	expect_error("name: ''\n",
	    "vm.yaml:1:7: name: bad name '' "
	    "(1 to 63 letters, digits, '-', '_' or '.')");
	expect_error("name: "
	    "a123456789b123456789c123456789d123456789e123456789f123456789abcd\n",
	    "vm.yaml:1:7: name: bad name "
	    "'a123456789b123456789c123456789d123456789e123456789f123456789abcd' "
	    "(1 to 63 letters, digits, '-', '_' or '.')");
}
END_TEST

START_TEST(bad_uuid)
{
	expect_error(MINIMAL_VM "uuid: 1234\n",
	    "vm.yaml:4:7: uuid: bad uuid '1234' "
	    "(expected 8-4-4-4-12 hex digits)");
}
END_TEST

START_TEST(raw_needs_load_address)
{
	expect_error("name: t\nmemory: 16M\nkernel: {path: k, format: raw}\n",
	    "vm.yaml:3:9: kernel: a raw image needs a load_address");
}
END_TEST

START_TEST(load_address_outside_ram)
{
	expect_error("name: t\nmemory: 16M\nkernel:\n  path: k\n  format: raw\n"
	    "  load_address: 0x41000000\n",
	    "vm.yaml:6:17: kernel.load_address: 0x41000000 is outside "
	    "guest RAM [0x40000000, 0x41000000)");
}
END_TEST

START_TEST(empty_kernel_path)
{
	expect_error("name: t\nmemory: 16M\nkernel: {path: '', format: elf}\n",
	    "vm.yaml:3:16: kernel.path: empty path");
}
END_TEST

/* MINIMAL_VM with the regions of @list, one per line from line 5. */
#define REGIONS(list)	MINIMAL_VM "regions:\n" list

START_TEST(region_ipa_misaligned)
{
	expect_error(REGIONS("  - {name: r, ipa: 0x80000800, size: 4K}\n"),
	    "vm.yaml:5:20: regions[0].ipa: 0x80000800 is not aligned to 4K");
}
END_TEST

START_TEST(region_size_misaligned)
{
	expect_error(REGIONS("  - {name: r, ipa: 0x80000000, size: 6000}\n"),
	    "vm.yaml:5:38: regions[0].size: 6000 is not a multiple of 4K");
}
END_TEST

START_TEST(region_ipa_beyond_40_bits)
{
	expect_error(REGIONS("  - {name: r, ipa: 0x10000000000, size: 4K}\n"),
	    "vm.yaml:5:20: regions[0].ipa: 0x10000000000 is out of range "
	    "(0x0..0xffffffffff)");
	expect_error(REGIONS("  - {name: r, ipa: 0xfffffff000, size: 8K}\n"),
	    "vm.yaml:5:5: regions[0]: ends at 0x10000001000, "
	    "above the 40-bit IPA space");
}
END_TEST

START_TEST(region_over_the_devices)
{
	expect_error(REGIONS("  - {name: r, ipa: 0x9000000, size: 4K}\n"),
	    "vm.yaml:5:5: regions[0]: [0x9000000, 0x9001000) overlaps the "
	    "devices at [0x8000000, 0xa000000) (interrupt controller, UART)");
}
END_TEST

START_TEST(shared_region_on_demand)
{
	expect_error(REGIONS("  - {name: r, ipa: 0x80000000, size: 4K, "
	    "mode: demand, shared_with: [b]}\n"),
	    "vm.yaml:5:5: regions[0]: a shared region cannot be demand-paged "
	    "(mode: prefault)");
}
END_TEST

START_TEST(regions_overlap)
{
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 64K}\n"
	    "  - {name: b, ipa: 0x8000f000, size: 8K}\n"),
	    "vm.yaml:6:5: regions[1]: [0x8000f000, 0x80011000) overlaps "
	    "region 'a' [0x80000000, 0x80010000)");
}
END_TEST

START_TEST(region_overlaps_ram)
{
	expect_error(REGIONS("  - {name: a, ipa: 0x40fff000, size: 8K}\n"),
	    "vm.yaml:5:5: regions[0]: [0x40fff000, 0x41001000) overlaps "
	    "guest RAM [0x40000000, 0x41000000)");
	expect_error(REGIONS("  - {name: a, ipa: 0x3ffff000, size: 8K}\n"),
	    "vm.yaml:5:5: regions[0]: [0x3ffff000, 0x40001000) overlaps "
	    "guest RAM [0x40000000, 0x41000000)");
}
END_TEST

START_TEST(duplicate_region_name)
{
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K}\n"
	    "  - {name: a, ipa: 0x90000000, size: 4K}\n"),
	    "vm.yaml:6:5: regions[1]: duplicate region name 'a' "
	    "(first at line 5, column 5)");
}
END_TEST

START_TEST(bad_permissions)
{
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K, perm: rwq}\n"),
	    "vm.yaml:5:48: regions[0].perm: bad permissions 'rwq' "
	    "(expected some of r, w and x)");
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K, perm: rr}\n"),
	    "vm.yaml:5:48: regions[0].perm: bad permissions 'rr' "
	    "(expected some of r, w and x)");
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K, perm: ''}\n"),
	    "vm.yaml:5:48: regions[0].perm: bad permissions '' "
	    "(expected some of r, w and x)");
}
END_TEST

START_TEST(bad_shared_with)
{
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K, shared_with: b}\n"),
	    "vm.yaml:5:55: regions[0].shared_with: expected a sequence");
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K, shared_with: [b, b]}\n"),
	    "vm.yaml:5:59: regions[0].shared_with[1]: 'b' is named twice");
	expect_error(REGIONS(
	    "  - {name: a, ipa: 0x80000000, size: 4K, shared_with: [b c]}\n"),
	    "vm.yaml:5:56: regions[0].shared_with[0]: bad name 'b c' "
	    "(1 to 63 letters, digits, '-', '_' or '.')");
}
END_TEST

START_TEST(region_missing_key)
{
	expect_error(REGIONS("  - {name: a, ipa: 0x80000000}\n"),
	    "vm.yaml:5:5: regions[0]: missing key 'size'");
}
END_TEST

START_TEST(too_many_regions)
{
	char text[4096];
	size_t used, i;

	used = (size_t)snprintf(text, sizeof(text), "%s", REGIONS(""));
	for (i = 0; i <= VMDEF_REGION_MAX; i++) {
		used += (size_t)snprintf(text + used, sizeof(text) - used,
		    "  - {name: r%zu, ipa: 0x%zx, size: 4K}\n", i,
		    0x80000000 + i * 0x1000);
	}
	ck_assert_uint_lt(used, sizeof(text));
	expect_error(text, "vm.yaml:5:3: regions: too many regions (at most 32)");
}
END_TEST

START_TEST(syntax_errors)
{
	expect_error("name: t\nmemory: [16M\n",
	    "vm.yaml:3:1: syntax error: did not find expected ',' or ']' "
	    "while parsing a flow sequence");
	expect_error("name: t: u\n",
	    "vm.yaml:1:8: syntax error: mapping values are not allowed "
	    "in this context");
	expect_error("name: t\n\tmemory: 16M\n",
	    "vm.yaml:2:1: syntax error: found a tab character that violates "
	    "indentation while scanning a plain scalar");
	expect_error("name: *x\n",
	    "vm.yaml:1:7: syntax error: found undefined alias");
}
END_TEST

START_TEST(second_document)
{
	expect_error(MINIMAL_VM "---\nname: u\n",
	    "vm.yaml:5:1: more than one document");
}
END_TEST

/* A definition that passes vmdef_check(): two regions and an initrd. */
#define CHECK_VM MINIMAL_VM "initrd: /i\n" \
	"regions: [{name: a, ipa: 0x80000000, size: 64K}, " \
	"{name: b, ipa: 0x90000000, size: 4K}]\n"

/* One mistake put into a filled-in definition, and vmdef_check()'s
 * message for it. */
static const char *const check_messages[] = {
	"name: bad name 'a b' (1 to 63 letters, digits, '-', '_' or '.')",
	"vcpus: 0 is out of range (1..8)",
	"vcpus: 9 is out of range (1..8)",
	"memory: 3M is not a multiple of 2M",
	"memory: 0 is out of range (2M..1023G)",
	"memory: 1T is out of range (2M..1023G)",
	"kernel: missing key 'path'",
	"kernel.path: empty path",
	"kernel.format: bad value 7 (expected elf, image or raw)",
	"kernel: a raw image needs a load_address",
	"kernel.load_address: 0x41000000 is outside guest RAM "
	    "[0x40000000, 0x41000000)",
	"kernel.load_address: 0x10000000000 is out of range "
	    "(0x0..0xffffffffff)",
	"initrd: empty path",
	"regions: too many regions (at most 32)",
	"regions[1].name: bad name '' (1 to 63 letters, digits, '-', '_' "
	    "or '.')",
	"regions[0].ipa: 0x80000800 is not aligned to 4K",
	"regions[0].ipa: 0x10000000000 is out of range (0x0..0xffffffffff)",
	"regions[0].size: 6000 is not a multiple of 4K",
	"regions[0].size: 0 is out of range (4K..1T)",
	"regions[0].perm: bad permissions 0x0 (expected some of r, w and x)",
	"regions[0].perm: bad permissions 0x9 (expected some of r, w and x)",
	"regions[0].mode: bad value 2 (expected prefault or demand)",
	"regions[0].shared_with: too many VMs (at most 16)",
	"regions[0].shared_with[1]: 'x' is named twice",
	"regions[0].shared_with[0]: bad VM name 'x y'",
	"regions[1]: [0x8000f000, 0x80010000) overlaps region 'a' "
	    "[0x80000000, 0x80010000)",
	"regions[1]: duplicate region name 'a' (also regions[0])",
	"regions[1]: duplicate region name 'a' (first at line 5, column 11)",
	"regions[0]: [0x40000000, 0x40010000) overlaps guest RAM "
	    "[0x40000000, 0x41000000)",
	"regions[0]: [0x9000000, 0x9010000) overlaps the devices at "
	    "[0x8000000, 0xa000000) (interrupt controller, UART)",
	"regions[0]: a shared region cannot be demand-paged (mode: prefault)",
	"regions[0]: ends at 0x10000001000, above the 40-bit IPA space",
	"console.log_size: 2K is out of range (4K..1G)",
	"on_crash: bad value 3 (expected destroy, restart or preserve)",
};

/* Mistake @which of check_messages[] put into @def. */
static void
check_mistake(struct vmdef *def, int which)
{
	struct vmdef_region *r = &def->regions[0];

	switch (which) {
	case 0:
		strcpy(def->name, "a b");
		break;
	case 1:
		def->vcpus = 0;
		break;
	case 2:
		def->vcpus = 9;
		break;
	case 3:
		def->memory = 3u << 20;
		break;
	case 4:
		def->memory = 0;
		break;
	case 5:
		def->memory = VMDEF_MEMORY_MAX + (1u << 30);
		break;
	case 6:
		free(def->kernel_path);
		def->kernel_path = NULL;
		break;
	case 7:
		def->kernel_path[0] = '\0';
		break;
	case 8:
		def->kernel_format = (enum vmdef_format)7;
		break;
	case 9:
		def->kernel_format = VMDEF_FORMAT_RAW;
		break;
	case 10:
		def->has_load_address = true;
		def->load_address = 0x41000000;
		break;
	case 11:
		def->has_load_address = true;
		def->load_address = VMDEF_IPA_LIMIT;
		break;
	case 12:
		def->initrd_path[0] = '\0';
		break;
	case 13:
		def->region_count = VMDEF_REGION_MAX + 1;
		break;
	case 14:
		def->regions[1].name[0] = '\0';
		break;
	case 15:
		r->ipa = 0x80000800;
		break;
	case 16:
		r->ipa = VMDEF_IPA_LIMIT;
		break;
	case 17:
		r->size = 6000;
		break;
	case 18:
		r->size = 0;
		break;
	case 19:
		r->perm = 0;
		break;
	case 20:
		r->perm = 9;
		break;
	case 21:
		r->mode = (enum vmdef_mode)2;
		break;
	case 22:
		r->shared_count = VMDEF_SHARED_MAX + 1;
		break;
	case 23:
		strcpy(r->shared_with[0], "x");
		strcpy(r->shared_with[1], "x");
		r->shared_count = 2;
		break;
	case 24:
		strcpy(r->shared_with[0], "x y");
		r->shared_count = 1;
		break;
	case 25:
		def->regions[1].ipa = 0x8000f000;
		break;
	case 26:
		strcpy(def->regions[1].name, "a");
		r->pos.line = 0;
		break;
	case 27:
		strcpy(def->regions[1].name, "a");
		break;
	case 28:
		r->ipa = 0x40000000;
		break;
	case 29:
		r->ipa = 0x9000000;
		break;
	case 30:
		r->mode = VMDEF_MODE_DEMAND;
		r->shared_count = 1;
		strcpy(r->shared_with[0], "x");
		break;
	case 31:
		r->ipa = 0xfffffff000ull;
		r->size = 8192;
		break;
	case 32:
		def->console_log_size = 2048;
		break;
	case 33:
		def->on_crash = (enum vmdef_on_crash)3;
		break;
	default:
		ck_abort_msg("no mistake %d", which);
	}
}

START_TEST(check_names_each_mistake)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef def;

	ck_assert_int_eq(load_text(&def, CHECK_VM, VMDEF_NO_FILE_CHECK, error),
	    0);
	ck_assert_int_eq(vmdef_check(&def, error, sizeof(error)), 0);
	check_mistake(&def, _i);
	ck_assert_int_eq(vmdef_check(&def, error, sizeof(error)), -EINVAL);
	ck_assert_str_eq(error, check_messages[_i]);
	vmdef_fini(&def);
}
END_TEST

TCase *
vmdef_errors_tcase(void)
{
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, unknown_key);
	tcase_add_test(tc, unknown_nested_key);
	tcase_add_test(tc, duplicate_key);
	tcase_add_test(tc, missing_key);
	tcase_add_test(tc, key_not_a_string);
	tcase_add_test(tc, not_a_mapping);
	tcase_add_test(tc, not_a_sequence);
	tcase_add_test(tc, not_a_string);
	tcase_add_test(tc, not_an_integer);
	tcase_add_test(tc, not_a_boolean);
	tcase_add_test(tc, out_of_range);
	tcase_add_test(tc, bad_size_suffix);
	tcase_add_test(tc, memory_misaligned);
	tcase_add_test(tc, bad_enum);
	tcase_add_test(tc, bad_name);
	tcase_add_test(tc, bad_uuid);
	tcase_add_test(tc, raw_needs_load_address);
	tcase_add_test(tc, load_address_outside_ram);
	tcase_add_test(tc, empty_kernel_path);
	tcase_add_test(tc, region_ipa_misaligned);
	tcase_add_test(tc, region_size_misaligned);
	tcase_add_test(tc, region_ipa_beyond_40_bits);
	tcase_add_test(tc, region_over_the_devices);
	tcase_add_test(tc, shared_region_on_demand);
	tcase_add_test(tc, regions_overlap);
	tcase_add_test(tc, region_overlaps_ram);
	tcase_add_test(tc, duplicate_region_name);
	tcase_add_test(tc, bad_permissions);
	tcase_add_test(tc, bad_shared_with);
	tcase_add_test(tc, region_missing_key);
	tcase_add_test(tc, too_many_regions);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, second_document);
	tcase_add_loop_test(tc, check_names_each_mistake, 0,
	    sizeof(check_messages) / sizeof(check_messages[0]));
	return tc;
}
