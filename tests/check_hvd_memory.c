/* SPDX-License-Identifier: ISC */
/*
 * check_hvd_memory.c - guest memory through hvd: demand paging, shared
 * regions, runtime maps, stage-2 dumps, and every page and table given
 * back on destroy.
 */
#include <check.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_hvd.h"

/* A member of the JSON object @o as an integer. */
static int64_t
json_int(json_object *o, const char *key)
{
	json_object *v;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s", key);
	return json_object_get_int64(v);
}

/* hvctl stats --json, parsed. */
static json_object *
stats(void)
{
	json_object *o;

	hvctl_ok("stats", "--json", NULL);
	o = json_tokener_parse(env.out);
	ck_assert_msg(o != NULL, "stats --json is not JSON: %s", env.out);
	return o;
}

/* The PA that @vm maps at @ipa (hvctl s2dump --json), or 0. */
static uint64_t
pa_at(const char *vm, uint64_t ipa)
{
	json_object *runs, *run;
	uint64_t pa = 0, start, size;
	size_t i;

	hvctl_ok("s2dump", "--json", vm, NULL);
	runs = json_tokener_parse(env.out);
	ck_assert_msg(runs != NULL, "s2dump --json is not JSON: %s", env.out);
	for (i = 0; i < json_object_array_length(runs); i++) {
		run = json_object_array_get_idx(runs, i);
		start = (uint64_t)json_int(run, "ipa");
		size = (uint64_t)json_int(run, "size");
		if (ipa >= start && ipa - start < size &&
		    json_object_get_boolean(json_object_object_get(run,
		    "valid"))) {
			pa = (uint64_t)json_int(run, "pa") + (ipa - start);
		}
	}
	json_object_put(runs);
	return pa;
}

START_TEST(demand_paging_maps_each_page_as_it_is_touched)
{
	hvd_env_define(&env, "demand", "demand",
	    "regions:\n  - {name: scratch, ipa: 0x80000000, size: 64K, "
	    "mode: demand}\n");
	hvctl_ok("start", "demand", NULL);
	wait_console("demand", "demand: 16 pages ok\n");
	wait_state("demand", "shut off (shutdown)");
}
END_TEST

START_TEST(destroy_gives_back_every_page_and_table)
{
	json_object *before, *during, *after;

	hvd_env_define(&env, "echo", "echo", "");
	hvd_env_define(&env, "first", "hello", "");
	/* The board comes up with the first VM; measure after it. */
	hvctl_ok("start", "--console", "first", NULL);
	wait_state("first", "shut off (shutdown)");
	before = stats();
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	during = stats();
	ck_assert_int_eq(json_int(during, "ram_free"),
	    json_int(before, "ram_free") - (16 << 20));
	ck_assert_int_lt(json_int(during, "pool_free"),
	    json_int(before, "pool_free"));
	ck_assert_int_eq(json_int(during, "vm_count"), 1);
	hvctl_ok("destroy", "echo", NULL);
	after = stats();
	ck_assert_int_eq(json_int(after, "ram_free"),
	    json_int(before, "ram_free"));
	ck_assert_int_eq(json_int(after, "pool_free"),
	    json_int(before, "pool_free"));
	ck_assert_int_eq(json_int(after, "vm_count"), 0);
	json_object_put(before);
	json_object_put(during);
	json_object_put(after);
}
END_TEST

START_TEST(map_and_unmap_show_in_the_stage2_dump)
{
	json_object *before, *after;
	char *line;

	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	before = stats();
	ck_assert_uint_eq(pa_at("echo", 0x100000000ull), 0);
	hvctl_ok("map", "--prot", "r", "echo", "0x100000000", "2M", NULL);
	ck_assert_uint_ne(pa_at("echo", 0x100000000ull), 0);
	hvctl_ok("s2dump", "echo", NULL);
	line = strstr(env.out, "0x100000000-0x1001fffff");
	ck_assert_msg(line != NULL, "s2dump: %s", env.out);
	*strchrnul(line, '\n') = '\0';
	ck_assert_msg(strstr(line, " 2M ") != NULL &&
	    strstr(line, " 1 x 2M ") != NULL && strstr(line, " r-- ") != NULL,
	    "s2dump's line: %s", line);
	hvctl_fails("is in use in echo", "map", "echo", "0x100000000", "4K",
	    NULL);
	hvctl_ok("unmap", "echo", "0x100000000", "2M", NULL);
	ck_assert_uint_eq(pa_at("echo", 0x100000000ull), 0);
	after = stats();
	ck_assert_int_eq(json_int(after, "ram_free"),
	    json_int(before, "ram_free"));
	json_object_put(before);
	json_object_put(after);
}
END_TEST

START_TEST(shared_memory_is_the_same_pages_in_both_vms)
{
	uint64_t pa;

	hvd_env_define(&env, "a", "echo", "regions:\n  - {name: ring, ipa: "
	    "0x90000000, size: 64K, shared_with: [b]}\n");
	hvd_env_define(&env, "b", "echo", "regions:\n  - {name: ring, ipa: "
	    "0x90000000, size: 64K, shared_with: [a]}\n");
	hvctl_ok("start", "a", NULL);
	hvctl_ok("start", "b", NULL);
	pa = pa_at("a", 0x90000000ull);
	ck_assert_uint_ne(pa, 0);
	ck_assert_uint_eq(pa_at("b", 0x90000000ull), pa);
	ck_assert_uint_ne(pa_at("a", 0x40000000ull),
	    pa_at("b", 0x40000000ull));
	/* And a map shared at runtime. */
	hvctl_ok("map", "--shared-with", "b", "a", "0x200000000", "64K",
	    NULL);
	pa = pa_at("a", 0x200000000ull);
	ck_assert_uint_ne(pa, 0);
	ck_assert_uint_eq(pa_at("b", 0x200000000ull), pa);
	hvctl_fails("shared memory", "unmap", "a", "0x200000000", "4K", NULL);
}
END_TEST

TCase *
hvd_memory_tcase(void)
{
	TCase *tc = hvd_tcase("memory");

	tcase_add_test(tc, demand_paging_maps_each_page_as_it_is_touched);
	tcase_add_test(tc, destroy_gives_back_every_page_and_table);
	tcase_add_test(tc, map_and_unmap_show_in_the_stage2_dump);
	tcase_add_test(tc, shared_memory_is_the_same_pages_in_both_vms);
	return tc;
}
