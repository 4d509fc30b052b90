/* SPDX-License-Identifier: ISC */
/*
 * check_dtb.c - tests of the firmware's device tree reader (firmware/dtb.c):
 * properties found by path from the root, one or the n-th of several.
 *
 * Blobs are made with libfdt's sequential-write API, as QEMU makes them,
 * then the reader is given them whole, truncated at every length (with a
 * header that lies about the size) and with every byte corrupted: it must
 * find what is there, and never read outside the blob (valgrind and ASan
 * see to that, each blob sits in a buffer of exactly its size).
 */
#include <check.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "dtb.h"

#define BLOB_MAX	4096

/* A "reg" property of one 2+2-cell range, big-endian as the spec says. */
static int
prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	const fdt32_t reg[] = {
		cpu_to_fdt32((uint32_t)(base >> 32)), cpu_to_fdt32((uint32_t)base),
		cpu_to_fdt32((uint32_t)(size >> 32)), cpu_to_fdt32((uint32_t)size),
	};

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

/* A node @name with a one-cell "reg" of @reg, and nothing else. */
static void
node_reg32(void *fdt, const char *name, uint32_t reg)
{
	ck_assert_int_eq(fdt_begin_node(fdt, name), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "reg", reg), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
}

/*
 * /cpus as QEMU virt writes it (one-cell reg, a cpu-map), with traps for
 * a path walk: a cpu@N without reg, one nested in another, a reg in the
 * cpu-map whose node names start like "cpu".
 */
static void
make_cpus(void *fdt)
{
	ck_assert_int_eq(fdt_begin_node(fdt, "cpus"), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 1), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#size-cells", 0), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "cpu-map"), 0);
	node_reg32(fdt, "cluster0", 0x42);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	node_reg32(fdt, "cpu@0", 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "cpu@1"), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "reg", 1), 0);
	node_reg32(fdt, "cpu@7", 7);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "cpu@2"), 0);
	ck_assert_int_eq(fdt_property_string(fdt, "device_type", "cpu"), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	node_reg32(fdt, "cpu@3", 3);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
}

/*
 * A tree like QEMU virt's: root cells, memory, chosen, CPUs, nested nodes
 * (among them /soc/cpus/cpu@9, which "cpus/cpu" must not find).
 */
static void *
make_blob(void)
{
	void *fdt = calloc(1, BLOB_MAX);

	ck_assert_ptr_nonnull(fdt);
	ck_assert_int_eq(fdt_create(fdt, BLOB_MAX), 0);
	ck_assert_int_eq(fdt_finish_reservemap(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, ""), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 2), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#size-cells", 2), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "soc"), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 1), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "memory@1000"), 0);
	ck_assert_int_eq(prop_reg(fdt, 0x1000, 0x1000), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "cpus"), 0);
	node_reg32(fdt, "cpu@9", 9);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	make_cpus(fdt);
	ck_assert_int_eq(fdt_begin_node(fdt, "memoryx"), 0);
	ck_assert_int_eq(prop_reg(fdt, 0x1000, 0x1000), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "memory@40000000"), 0);
	ck_assert_int_eq(fdt_property_string(fdt, "device_type", "memory"), 0);
	ck_assert_int_eq(prop_reg(fdt, 0x40000000, 0xc0000000), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "chosen"), 0);
	ck_assert_int_eq(fdt_property_string(fdt, "bootargs", "a hvfw.x=1"), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_finish(fdt), 0);
	return fdt;
}

/* A copy of the first @len bytes of @fdt in a buffer of exactly @len. */
static uint8_t *
copy_exact(const void *fdt, size_t len)
{
	uint8_t *b = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(b);
	memcpy(b, fdt, len);
	return b;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Make the header of a blob cut to @len bytes claim exactly that: the
 * total size, and the sizes of the structure and strings blocks clipped
 * to what is left of them, so the walk really meets the cut.
 */
static void
header_claims(uint8_t *b, uint32_t len)
{
	static const unsigned int block[][2] = { { 8, 36 }, { 12, 32 } };
	unsigned int i;
	uint32_t off, size;

	put_be32(b + 4, len);
	for (i = 0; i < 2; i++) {
		off = get_be32(b + block[i][0]);
		size = get_be32(b + block[i][1]);
		if (off <= len && size > len - off) {
			put_be32(b + block[i][1], (len - off) & ~(uint32_t)3);
		}
	}
}

START_TEST(dtb_prop_finds_top_level_memory_reg)
{
	void *fdt = make_blob();
	uint8_t *b = copy_exact(fdt, fdt_totalsize(fdt));
	struct dtb dt;
	const void *v;
	uint32_t len;

	ck_assert_int_eq(dtb_init(&dt, b, fdt_totalsize(fdt)), 0);
	ck_assert_int_eq(dtb_prop(&dt, "memory", "reg", &v, &len), 0);
	ck_assert_uint_eq(len, 16);
	ck_assert_uint_eq(dtb_cells(v, 2), 0x40000000);
	ck_assert_uint_eq(dtb_cells((const uint8_t *)v + 8, 2), 0xc0000000);
	free(b);
	free(fdt);
}
END_TEST

START_TEST(dtb_prop_ignores_properties_of_children)
{
	void *fdt = make_blob();
	struct dtb dt;
	const void *v;
	uint32_t len;

	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), 0);
	ck_assert_int_eq(dtb_prop(&dt, "", "#address-cells", &v, &len), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_uint_eq(dtb_cells(v, 1), 2);
	/* Only children of the root, and of soc, have a reg. */
	ck_assert_int_eq(dtb_prop(&dt, "", "reg", &v, &len), -ENOENT);
	ck_assert_int_eq(dtb_prop(&dt, "soc", "reg", &v, &len), -ENOENT);
	ck_assert_int_eq(dtb_prop(&dt, "soc", "#address-cells", &v, &len), 0);
	ck_assert_uint_eq(dtb_cells(v, 1), 1);
	free(fdt);
}
END_TEST

START_TEST(dtb_prop_finds_string_property)
{
	void *fdt = make_blob();
	struct dtb dt;
	const void *v;
	uint32_t len;

	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), 0);
	ck_assert_int_eq(dtb_prop(&dt, "chosen", "bootargs", &v, &len), 0);
	ck_assert_uint_eq(len, sizeof("a hvfw.x=1"));
	ck_assert_str_eq(v, "a hvfw.x=1");
	free(fdt);
}
END_TEST

START_TEST(dtb_prop_missing_is_enoent)
{
	void *fdt = make_blob();
	struct dtb dt;
	const void *v;
	uint32_t len;

	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), 0);
	ck_assert_int_eq(dtb_prop(&dt, "chosen", "stdout-path", &v, &len),
	    -ENOENT);
	ck_assert_int_eq(dtb_prop(&dt, "cpus", "reg", &v, &len), -ENOENT);
	/* "mem" is neither "memory" nor "memory@..." */
	ck_assert_int_eq(dtb_prop(&dt, "mem", "reg", &v, &len), -ENOENT);
	free(fdt);
}
END_TEST

START_TEST(dtb_init_rejects_bad_header)
{
	void *fdt = make_blob();
	uint8_t *b = fdt;
	struct dtb dt;

	ck_assert_int_eq(dtb_init(&dt, fdt, 39), -EINVAL);
	ck_assert_int_eq(dtb_init(&dt, fdt, fdt_totalsize(fdt) - 1), -EINVAL);
	put_be32(b + 20, 16);		/* version 16: no size_dt_struct */
	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), -EINVAL);
	put_be32(b + 20, 17);
	put_be32(b + 24, 18);		/* not readable as version 17 */
	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), -EINVAL);
	put_be32(b + 24, 16);
	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), 0);
	b[0] ^= 1;
	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), -EINVAL);
	free(fdt);
}
END_TEST

/* The one-cell value of the @n-th "reg" on @path, or -1 if there is none. */
static long
nth_reg(const struct dtb *dt, const char *path, unsigned int n)
{
	const void *v;
	uint32_t len;
	int ret;

	ret = dtb_prop_nth(dt, path, n, "reg", &v, &len);
	if (ret == -ENOENT) {
		return -1;
	}
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(len, 4);
	return (long)dtb_cells(v, 1);
}

START_TEST(dtb_prop_nth_visits_cpus_in_order)
{
	void *fdt = make_blob();
	uint8_t *b = copy_exact(fdt, fdt_totalsize(fdt));
	struct dtb dt;

	ck_assert_int_eq(dtb_init(&dt, b, fdt_totalsize(fdt)), 0);
	/* cpu@2 has no reg; cpu@7 is not a child of /cpus; cpu-map isn't cpu */
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu", 0), 0);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu", 1), 1);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu", 2), 3);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu", 3), -1);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu", 100), -1);
	free(b);
	free(fdt);
}
END_TEST

START_TEST(dtb_prop_path_matches_every_component)
{
	void *fdt = make_blob();
	struct dtb dt;
	const void *v;
	uint32_t len;

	ck_assert_int_eq(dtb_init(&dt, fdt, BLOB_MAX), 0);
	/* A unit address in the path names one node exactly. */
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu@3", 0), 3);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu@3", 1), -1);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu@1/cpu", 0), 7);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu-map/cluster0", 0), 0x42);
	/* Paths start at the root: /soc/cpus is not /cpus. */
	ck_assert_int_eq(nth_reg(&dt, "soc/cpus/cpu", 0), 9);
	ck_assert_int_eq(nth_reg(&dt, "soc/cpus/cpu", 1), -1);
	ck_assert_int_eq(nth_reg(&dt, "cpu", 0), -1);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu/cpu", 0), 7);
	ck_assert_int_eq(nth_reg(&dt, "cpus/cpu/cpu/cpu", 0), -1);
	/* dtb_prop() is the first of them; a top-level name still works. */
	ck_assert_int_eq(dtb_prop(&dt, "cpus/cpu", "reg", &v, &len), 0);
	ck_assert_uint_eq(dtb_cells(v, 1), 0);
	ck_assert_int_eq(dtb_prop(&dt, "cpus", "#address-cells", &v, &len), 0);
	ck_assert_uint_eq(dtb_cells(v, 1), 1);
	ck_assert_int_eq(dtb_prop(&dt, "cpus", "reg", &v, &len), -ENOENT);
	free(fdt);
}
END_TEST

/* Whether a found value lies inside the blob [b, b + size). */
static void
assert_inside(const uint8_t *b, size_t size, const void *v, uint32_t len)
{
	const uint8_t *p = v;

	ck_assert(p >= b && p <= b + size && len <= (size_t)(b + size - p));
}

/* Look up every property the tests know; results must stay inside. */
static void
probe_all(const uint8_t *b, size_t size)
{
	static const char *const q[][2] = {
		{ "", "#address-cells" }, { "memory", "reg" },
		{ "chosen", "bootargs" }, { "cpus", "reg" },
		{ "cpus/cpu", "reg" }, { "soc/cpus/cpu", "reg" },
	};
	struct dtb dt;
	const void *v;
	uint32_t len;
	size_t i;
	unsigned int n;

	if (dtb_init(&dt, b, size) != 0) {
		return;
	}
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		for (n = 0; n < 4 && dtb_prop_nth(&dt, q[i][0], n, q[i][1],
		    &v, &len) == 0; n++) {
			assert_inside(b, size, v, len);
		}
	}
}

START_TEST(dtb_truncated_blob_every_length_stays_inside)
{
	void *fdt = make_blob();
	size_t total = fdt_totalsize(fdt), len;

	for (len = 0; len < total; len++) {
		uint8_t *b = copy_exact(fdt, len);
		struct dtb dt;

		ck_assert_int_eq(dtb_init(&dt, b, len), -EINVAL);
		if (len >= 40) {
			header_claims(b, (uint32_t)len);
			probe_all(b, len);
		}
		free(b);
	}
	free(fdt);
}
END_TEST

START_TEST(dtb_corrupt_byte_every_offset_stays_inside)
{
	void *fdt = make_blob();
	size_t total = fdt_totalsize(fdt), i;
	unsigned int x = (unsigned int)_i;

	for (i = 0; i < total; i++) {
		uint8_t *b = copy_exact(fdt, total);

		b[i] ^= x == 0 ? 0xff : x == 1 ? 0x80 : 0x03;
		probe_all(b, total);
		free(b);
	}
	free(fdt);
}
END_TEST

static Suite *
dtb_suite(void)
{
	Suite *s = suite_create("dtb");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, dtb_prop_finds_top_level_memory_reg);
	tcase_add_test(tc, dtb_prop_ignores_properties_of_children);
	tcase_add_test(tc, dtb_prop_finds_string_property);
	tcase_add_test(tc, dtb_prop_missing_is_enoent);
	tcase_add_test(tc, dtb_prop_nth_visits_cpus_in_order);
	tcase_add_test(tc, dtb_prop_path_matches_every_component);
	tcase_add_test(tc, dtb_init_rejects_bad_header);
	tcase_add_test(tc, dtb_truncated_blob_every_length_stays_inside);
	tcase_add_loop_test(tc, dtb_corrupt_byte_every_offset_stays_inside, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(dtb_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
