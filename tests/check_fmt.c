/* SPDX-License-Identifier: ISC */
/*
 * check_fmt.c - tests of the firmware's printf-style formatter
 * (firmware/fmt.c), against the C library's snprintf() where they agree.
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

struct buf {
	char s[256];
	size_t n;
};

static void
out(void *arg, char c)
{
	struct buf *b = arg;

	ck_assert_uint_lt(b->n, sizeof(b->s) - 1);
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

static struct buf result;

/* Format into result; returns fmt_vformat()'s count. */
static int
format(const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(&result, 0, sizeof(result));
	va_start(ap, fmt);
	n = fmt_vformat(out, &result, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(fmt_integers_match_libc)
{
	char want[256];
	int n;

	n = format("%d %u %x %lx %llx %ld %lu %zu", -42, 42u, 0xbeefu,
	    0xfeedfacecafeul, 0xffffffffffffffffull, (long)INT64_MIN,
	    (unsigned long)UINT64_MAX, (size_t)7);
	snprintf(want, sizeof(want), "%d %u %x %lx %llx %ld %lu %zu", -42, 42u,
	    0xbeefu, 0xfeedfacecafeul, 0xffffffffffffffffull, (long)INT64_MIN,
	    (unsigned long)UINT64_MAX, (size_t)7);
	ck_assert_str_eq(result.s, want);
	ck_assert_int_eq(n, (int)strlen(want));
}
END_TEST

START_TEST(fmt_width_and_zero_pad_match_libc)
{
	char want[256];

	format("[%016llx] [%02x] [%5u] [%05d] [%-3d] [%4s]", 0x1234ull, 7u, 3u,
	    -42, "ab");
	/* "%-3d" is not supported: '-' is no flag, so it is copied. */
	snprintf(want, sizeof(want), "[%016llx] [%02x] [%5u] [%05d] [%%-3d] [%4s]",
	    0x1234ull, 7u, 3u, -42, "ab");
	ck_assert_str_eq(result.s, want);
}
END_TEST

START_TEST(fmt_strings_chars_pointers)
{
	format("%s|%c|%p|%s|%%", "hvfw", 'x', (void *)(uintptr_t)0x40200000,
	    (const char *)NULL);
	ck_assert_str_eq(result.s, "hvfw|x|0x40200000|(null)|%");
}
END_TEST

START_TEST(fmt_unknown_conversion_copied_quirk)
{
	ck_assert_int_eq(format("a%qb"), 4);
	ck_assert_str_eq(result.s, "a%qb");
}
END_TEST

START_TEST(fmt_trailing_percent_ends_output)
{
	ck_assert_int_eq(format("abc%"), 3);
	ck_assert_str_eq(result.s, "abc");
	ck_assert_int_eq(format("abc%08"), 3);
	ck_assert_str_eq(result.s, "abc");
}
END_TEST

static Suite *
fmt_suite(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, fmt_integers_match_libc);
	tcase_add_test(tc, fmt_width_and_zero_pad_match_libc);
	tcase_add_test(tc, fmt_strings_chars_pointers);
	tcase_add_test(tc, fmt_unknown_conversion_copied_quirk);
	tcase_add_test(tc, fmt_trailing_percent_ends_output);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
