/* SPDX-License-Identifier: ISC */
/*
 * check_yamldoc.c - tests of the YAML reader every configuration file
 * goes through (lib/host/yamldoc.h): number and size texts, positions
 * (1-based, tabs and all), the first error kept, documents that end early.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yamldoc.h"

START_TEST(uint_text)
{
	uint64_t v;

	ck_assert_int_eq(yamldoc_parse_uint("0", &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(yamldoc_parse_uint("4096", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(yamldoc_parse_uint("0x40000000", &v), 0);
	ck_assert_uint_eq(v, 0x40000000);
	ck_assert_int_eq(yamldoc_parse_uint("0XfF", &v), 0);
	ck_assert_uint_eq(v, 255);
	ck_assert_int_eq(yamldoc_parse_uint("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(yamldoc_parse_uint("18446744073709551616", &v),
	    -ERANGE);
	ck_assert_int_eq(yamldoc_parse_uint("0x10000000000000000", &v),
	    -ERANGE);
	ck_assert_int_eq(yamldoc_parse_uint("", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_uint("0x", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_uint("-1", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_uint("12a", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_uint(" 1", &v), -EINVAL);
}
END_TEST

START_TEST(size_text)
{
	uint64_t v;

	ck_assert_int_eq(yamldoc_parse_size("4096", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(yamldoc_parse_size("4K", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(yamldoc_parse_size("64M", &v), 0);
	ck_assert_uint_eq(v, 64ull << 20);
	ck_assert_int_eq(yamldoc_parse_size("1G", &v), 0);
	ck_assert_uint_eq(v, 1ull << 30);
	ck_assert_int_eq(yamldoc_parse_size("2T", &v), 0);
	ck_assert_uint_eq(v, 2ull << 40);
	ck_assert_int_eq(yamldoc_parse_size("0x10M", &v), 0);
	ck_assert_uint_eq(v, 16ull << 20);
	ck_assert_int_eq(yamldoc_parse_size("16777216T", &v), -ERANGE);
	ck_assert_int_eq(yamldoc_parse_size("M", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_size("1m", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_size("1MB", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_size("1MM", &v), -EINVAL);
	ck_assert_int_eq(yamldoc_parse_size("", &v), -EINVAL);
}
END_TEST

START_TEST(size_format_reads_back)
{
	static const uint64_t sizes[] = {
		0, 1, 4095, 4096, 2ull << 20, 3ull << 30, (1ull << 40) + 4096,
		5ull << 40, UINT64_MAX,
	};
	static const char *const texts[] = {
		"0", "1", "4095", "4K", "2M", "3G", "1073741828K", "5T",
		"18446744073709551615",
	};
	char buf[YAMLDOC_SIZE_TEXT_MAX];
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		yamldoc_format_size(sizes[i], buf, sizeof(buf));
		ck_assert_str_eq(buf, texts[i]);
		ck_assert_int_eq(yamldoc_parse_size(buf, &v), 0);
		ck_assert_uint_eq(v, sizes[i]);
	}
}
END_TEST

/* What one test reads: a list of sizes under "sizes". */
struct sizes {
	uint64_t value[4];
	size_t count;
};

static int
read_size(struct yamldoc *doc, yaml_node_t *node, size_t index, void *ctx)
{
	struct sizes *s = ctx;

	if (index >= 4) {
		return yamldoc_error(doc, node, "too many");
	}
	s->count = index + 1;
	return yamldoc_size(doc, node, 1, 1ull << 30, &s->value[index]);
}

static int
read_sizes(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	return yamldoc_sequence(doc, value, read_size, ctx);
}

static const struct yamldoc_key sizes_keys[] = {
	{ "sizes", read_sizes, true },
};

/* Load @text and read it with sizes_keys; the message in @error. */
static int
read_text(const char *text, struct sizes *s, char *error)
{
	struct yamldoc doc;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = yamldoc_load_buffer(&doc, "t.yaml", text, strlen(text), error,
	    YAMLDOC_ERROR_MAX);
	if (rc == 0) {
		rc = yamldoc_mapping(&doc, yamldoc_root(&doc), sizes_keys, 1, s);
	}
	yamldoc_fini(&doc);
	return rc;
}

START_TEST(sequence_items_are_read_in_order)
{
	char error[YAMLDOC_ERROR_MAX];
	struct sizes s;

	ck_assert_int_eq(read_text("sizes: [1K, 0x10, 1G]\n", &s, error), 0);
	ck_assert_uint_eq(s.count, 3);
	ck_assert_uint_eq(s.value[0], 1024);
	ck_assert_uint_eq(s.value[1], 16);
	ck_assert_uint_eq(s.value[2], 1ull << 30);
	ck_assert_str_eq(error, "");
}
END_TEST

START_TEST(positions_are_one_based)
{
	char error[YAMLDOC_ERROR_MAX];
	struct sizes s;

	ck_assert_int_eq(read_text("sizes:\n  - 1K\n  - 2G\n", &s, error),
	    -EINVAL);
	ck_assert_str_eq(error,
	    "t.yaml:3:5: sizes[1]: 2G is out of range (1..1G)");
	ck_assert_int_eq(read_text("# comment\n\nsizes: [1, 2,\n   x]\n", &s,
	    error), -EINVAL);
	ck_assert_str_eq(error, "t.yaml:4:4: sizes[2]: bad size 'x' "
	    "(expected bytes, or a number with K, M, G or T)");
}
END_TEST

START_TEST(anchors_and_aliases_resolve)
{
	char error[YAMLDOC_ERROR_MAX];
	struct sizes s;

	ck_assert_int_eq(read_text("sizes: [&a 4K, *a]\n", &s, error), 0);
	ck_assert_uint_eq(s.value[1], 4096);
}
END_TEST

START_TEST(self_referring_alias_is_refused)
{
	char error[YAMLDOC_ERROR_MAX];
	struct sizes s;

	ck_assert_int_eq(read_text("sizes: &a [*a]\n", &s, error), -EINVAL);
	ck_assert_str_eq(error, "t.yaml:1:8: sizes[0]: expected a size");
}
END_TEST

START_TEST(first_error_is_kept)
{
	char error[YAMLDOC_ERROR_MAX];
	struct yamldoc doc;

	ck_assert_int_eq(yamldoc_load_buffer(&doc, "t.yaml", "a: 1\n", 5,
	    error, sizeof(error)), 0);
	ck_assert_int_eq(yamldoc_error(&doc, yamldoc_root(&doc), "first"),
	    -EINVAL);
	ck_assert_int_eq(yamldoc_error(&doc, NULL, "second"), -EINVAL);
	ck_assert_str_eq(error, "t.yaml:1:1: first");
	yamldoc_fini(&doc);
}
END_TEST

START_TEST(empty_stream_has_no_root)
{
	char error[YAMLDOC_ERROR_MAX];
	struct yamldoc doc;

	ck_assert_int_eq(yamldoc_load_buffer(&doc, "t.yaml", "# nothing\n",
	    10, error, sizeof(error)), 0);
	ck_assert_ptr_null(yamldoc_root(&doc));
	yamldoc_fini(&doc);
}
END_TEST

START_TEST(text_is_not_read_past_length)
{
	char error[YAMLDOC_ERROR_MAX];
	struct sizes s;
	struct yamldoc doc;
	char *text = malloc(12);

	/* No NUL: the reader must stop at the length (valgrind/ASan see it). */
	memcpy(text, "sizes: [1K]", 11);
	text[11] = 'X';
	ck_assert_int_eq(yamldoc_load_buffer(&doc, "t.yaml", text, 11, error,
	    sizeof(error)), 0);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(yamldoc_mapping(&doc, yamldoc_root(&doc), sizes_keys,
	    1, &s), 0);
	ck_assert_uint_eq(s.value[0], 1024);
	yamldoc_fini(&doc);
	free(text);
}
END_TEST

START_TEST(nul_in_string_is_refused)
{
	char error[YAMLDOC_ERROR_MAX];
	struct yamldoc doc;
	char *out = NULL;
	yaml_node_t *root;

	ck_assert_int_eq(yamldoc_load_buffer(&doc, "t.yaml", "\"a\\0b\"\n", 7,
	    error, sizeof(error)), 0);
	root = yamldoc_root(&doc);
	ck_assert_int_eq(yamldoc_string(&doc, root, &out), -EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(error, "t.yaml:1:1: expected a string");
	yamldoc_fini(&doc);
}
END_TEST

static Suite *
yamldoc_suite(void)
{
	Suite *s = suite_create("yamldoc");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, uint_text);
	tcase_add_test(tc, size_text);
	tcase_add_test(tc, size_format_reads_back);
	suite_add_tcase(s, tc);

	tc = tcase_create("document");
	tcase_add_test(tc, sequence_items_are_read_in_order);
	tcase_add_test(tc, positions_are_one_based);
	tcase_add_test(tc, anchors_and_aliases_resolve);
	tcase_add_test(tc, self_referring_alias_is_refused);
	tcase_add_test(tc, first_error_is_kept);
	tcase_add_test(tc, empty_stream_has_no_root);
	tcase_add_test(tc, text_is_not_read_past_length);
	tcase_add_test(tc, nul_in_string_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(yamldoc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
