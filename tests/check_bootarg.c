/* SPDX-License-Identifier: ISC */
/*
 * check_bootarg.c - tests of the firmware's command-line reader
 * (firmware/bootarg.c): words, key=value lookup, the hvfw.guest= syntax
 * with every truncation of a valid value and every kind of bad field,
 * plain numbers (hvfw.vmid_bits=), and values shown in reports.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "bootarg.h"

static int
guest(const char *val, struct bootarg_guest *g, const char **why)
{
	*why = NULL;
	return bootarg_guest(val, strlen(val), g, why);
}

/* The value must be refused, with a reason, and @g left as it was. */
static void
refused(const char *val)
{
	struct bootarg_guest g = { "untouched", 1, 2, 3 };
	const char *why;

	ck_assert_msg(guest(val, &g, &why) == -EINVAL, "accepted '%s'", val);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(g.name, "untouched");
	ck_assert_uint_eq(g.pa, 1);
	ck_assert_uint_eq(g.size, 2);
	ck_assert_uint_eq(g.arg, 3);
}

/* The number must be refused and @out left as it was. */
static void
not_a_number(const char *val)
{
	uint64_t n = 7;

	ck_assert_msg(bootarg_number(val, strlen(val), &n) == -EINVAL,
	    "accepted '%s'", val);
	ck_assert_uint_eq(n, 7);
}

START_TEST(has_matches_whole_words_only)
{
	const char *args = "  hvfw.test=el2-fault\tquiet hvfw.testing";

	ck_assert(bootarg_has(args, "hvfw.test=el2-fault"));
	ck_assert(bootarg_has(args, "quiet"));
	ck_assert(bootarg_has(args, "hvfw.testing"));
	ck_assert(!bootarg_has(args, "hvfw.test"));
	ck_assert(!bootarg_has(args, "hvfw.test=el2"));
	ck_assert(!bootarg_has(args, "quie"));
	ck_assert(!bootarg_has(args, ""));
	ck_assert(!bootarg_has("", "quiet"));
}
END_TEST

START_TEST(next_walks_every_value_in_order)
{
	const char *args = "a hvfw.guest=one hvfw.guestx=no hvfw.guest= "
	    "hvfw.guest hvfw.guest=two=2";
	const char *p = args, *val = NULL;
	size_t len = 0;

	p = bootarg_next(p, "hvfw.guest", &val, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 3);
	ck_assert(strncmp(val, "one", 3) == 0);
	p = bootarg_next(p, "hvfw.guest", &val, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 0);
	p = bootarg_next(p, "hvfw.guest", &val, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 5);
	ck_assert(strncmp(val, "two=2", 5) == 0);
	ck_assert_ptr_null(bootarg_next(p, "hvfw.guest", &val, &len));
	ck_assert_ptr_null(bootarg_next("", "hvfw.guest", &val, &len));
}
END_TEST

START_TEST(guest_parses_every_number_form)
{
	struct bootarg_guest g;
	const char *why;

	ck_assert_int_eq(guest("hello@0x48000000+16M", &g, &why), 0);
	ck_assert_str_eq(g.name, "hello");
	ck_assert_uint_eq(g.pa, 0x48000000);
	ck_assert_uint_eq(g.size, 16u << 20);
	ck_assert_int_eq(guest("a.b_c-D9@1207959552+4096", &g, &why), 0);
	ck_assert_str_eq(g.name, "a.b_c-D9");
	ck_assert_uint_eq(g.pa, 0x48000000);
	ck_assert_uint_eq(g.size, 4096);
	ck_assert_int_eq(guest("x@0X1000+0x2000", &g, &why), 0);
	ck_assert_uint_eq(g.pa, 0x1000);
	ck_assert_uint_eq(g.size, 0x2000);
	ck_assert_int_eq(guest("x@0x1000+4K", &g, &why), 0);
	ck_assert_uint_eq(g.size, 4096);
	ck_assert_int_eq(guest("x@0x40000000+1G", &g, &why), 0);
	ck_assert_uint_eq(g.size, 1u << 30);
	ck_assert_int_eq(guest("fifteen_chars_x@0+4K", &g, &why), 0);
	ck_assert_str_eq(g.name, "fifteen_chars_x");
	ck_assert_uint_eq(g.arg, 0);
}
END_TEST

START_TEST(guest_parses_an_argument)
{
	struct bootarg_guest g;
	const char *why;

	ck_assert_int_eq(guest("probe@0x48000000+16M:0x41001000", &g, &why),
	    0);
	ck_assert_str_eq(g.name, "probe");
	ck_assert_uint_eq(g.pa, 0x48000000);
	ck_assert_uint_eq(g.size, 16u << 20);
	ck_assert_uint_eq(g.arg, 0x41001000);
	ck_assert_int_eq(guest("p@0x1000+0x2000:12", &g, &why), 0);
	ck_assert_uint_eq(g.size, 0x2000);
	ck_assert_uint_eq(g.arg, 12);
	ck_assert_int_eq(guest("p@0x1000+4K:0", &g, &why), 0);
	ck_assert_uint_eq(g.arg, 0);
	ck_assert_int_eq(guest("p@0x1000+4K:18446744073709551615", &g, &why),
	    0);
	ck_assert_uint_eq(g.arg, UINT64_MAX);
	ck_assert_int_eq(guest("p@0x1000+4K:0xFFFFFFFFFFFFFFFF", &g, &why), 0);
	ck_assert_uint_eq(g.arg, UINT64_MAX);
}
END_TEST

START_TEST(guest_refuses_bad_arguments)
{
	refused("g@4096+4K:");
	refused("g@4096+4K:x");
	refused("g@4096+4K:0x");
	refused("g@4096+4K:-1");
	refused("g@4096+4K:1:2");
	refused("g@4096+4K:1K");
	refused("g@4096+4K:1 ");
	refused("g@4096+4K :1");
	refused("g@4096+4K;1");
	refused("g@4096+4KK:1");
	refused("g@4096+4K:0x10000000000000000");
	refused("g@4096+4K:18446744073709551616");
	/* The other fields are still checked when there is an argument. */
	refused("g@4096+0:1");
	refused("g@4097+4K:1");
	refused("g@0xfffffffffffff000+4K:1");
}
END_TEST

START_TEST(guest_with_argument_refuses_its_truncations)
{
	const char *val = "probe@0x48000000+16M:0x9010000";
	size_t full = strlen(val), colon = strlen("probe@0x48000000+16M");
	struct bootarg_guest g;
	const char *why;
	size_t n;

	for (n = 0; n < full; n++) {
		g = (struct bootarg_guest){ "untouched", 1, 2, 3 };
		if (n == colon || n == colon + 2 || n > colon + 3) {
			/* "...+16M", "...:0" and "...:0x9..." are whole. */
			continue;
		}
		ck_assert_msg(bootarg_guest(val, n, &g, &why) == -EINVAL,
		    "accepted the first %zu bytes", n);
		ck_assert_uint_eq(g.arg, 3);
	}
	ck_assert_int_eq(bootarg_guest(val, colon, &g, &why), 0);
	ck_assert_uint_eq(g.arg, 0);
	ck_assert_int_eq(bootarg_guest(val, colon + 2, &g, &why), 0);
	ck_assert_uint_eq(g.arg, 0);
	ck_assert_int_eq(bootarg_guest(val, colon + 4, &g, &why), 0);
	ck_assert_uint_eq(g.arg, 9);
	ck_assert_int_eq(bootarg_guest(val, full, &g, &why), 0);
	ck_assert_uint_eq(g.arg, 0x9010000);
}
END_TEST

START_TEST(number_takes_whole_values_only)
{
	uint64_t n = 0;

	ck_assert_int_eq(bootarg_number("2", 1, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(bootarg_number("0x10", 4, &n), 0);
	ck_assert_uint_eq(n, 16);
	ck_assert_int_eq(bootarg_number("16 ", 2, &n), 0);
	ck_assert_uint_eq(n, 16);
	ck_assert_int_eq(bootarg_number("18446744073709551615", 20, &n), 0);
	ck_assert_uint_eq(n, UINT64_MAX);
	not_a_number("");
	not_a_number("x");
	not_a_number("2x");
	not_a_number(" 2");
	not_a_number("2 ");
	not_a_number("-1");
	not_a_number("+1");
	not_a_number("0x");
	not_a_number("0xg");
	not_a_number("8K");
	not_a_number("18446744073709551616");
	not_a_number("0x10000000000000000");
}
END_TEST

START_TEST(show_masks_unprintable_bytes_and_cuts_long_values)
{
	char buf[BOOTARG_SHOW_MAX + 4], want[BOOTARG_SHOW_MAX + 4];
	char long_val[BOOTARG_SHOW_MAX + 10];

	ck_assert_str_eq(bootarg_show("a b\x01\x7f\xff~!", 8, buf),
	    "a?b???~!");
	ck_assert_str_eq(bootarg_show("abc", 2, buf), "ab");
	ck_assert_str_eq(bootarg_show("", 0, buf), "");
	memset(long_val, 'v', sizeof(long_val));
	memset(want, 'v', BOOTARG_SHOW_MAX);
	strcpy(want + BOOTARG_SHOW_MAX, "...");
	ck_assert_str_eq(bootarg_show(long_val, BOOTARG_SHOW_MAX, buf),
	    "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv");
	ck_assert_str_eq(bootarg_show(long_val, sizeof(long_val), buf), want);
}
END_TEST

START_TEST(guest_refuses_every_truncation)
{
	const char *val = "hello@0x48000000+16M";
	struct bootarg_guest g;
	const char *why;
	size_t n, full = strlen(val);

	for (n = 0; n < full; n++) {
		/* "hello@0x48000000+16" is 16 bytes: not 4 KiB aligned. */
		g = (struct bootarg_guest){ "untouched", 1, 2, 3 };
		ck_assert_msg(bootarg_guest(val, n, &g, &why) == -EINVAL,
		    "accepted the first %zu bytes", n);
		ck_assert_str_eq(g.name, "untouched");
	}
	ck_assert_int_eq(bootarg_guest(val, full, &g, &why), 0);
}
END_TEST

START_TEST(guest_refuses_bad_names)
{
	refused("@0x1000+4K");
	refused("sixteen_chars_xx@0x1000+4K");
	refused("bad name@0x1000+4K");
	refused("bad/name@0x1000+4K");
	refused("bad\x1b@0x1000+4K");
}
END_TEST

START_TEST(guest_refuses_bad_numbers)
{
	refused("g@+4K");
	refused("g@0x+4K");
	refused("g@0xg000+4K");
	refused("g@4096+");
	refused("g@4096+K");
	refused("g@4096+4X");
	refused("g@4096+4KK");
	refused("g@4096+4k");
	refused("g@4096+4K ");
	refused("g@4096 +4K");
	refused("g@-4096+4K");
	refused("g4096+4K");
	refused("g@4096-4K");
	/* 2^64 and more */
	refused("g@0x10000000000000000+4K");
	refused("g@18446744073709551616+4K");
	refused("g@0x1000+0x10000000000000000");
	refused("g@0x1000+17179869184G");
}
END_TEST

START_TEST(guest_refuses_bad_ranges)
{
	refused("g@0x1000+0");
	refused("g@0x1000+0K");
	refused("g@0x1001+4K");
	refused("g@0x1000+4097");
	refused("g@0xfffffffffffff000+4K");
	refused("g@0xffffffffffff0000+0x20000");
}
END_TEST

START_TEST(guest_accepts_range_ending_below_2_64)
{
	struct bootarg_guest g;
	const char *why;

	ck_assert_int_eq(guest("g@0xffffffffffffe000+4K", &g, &why), 0);
	ck_assert_uint_eq(g.pa + g.size, 0xfffffffffffff000ull);
	ck_assert_int_eq(guest("g@0xfffffffffffff000+16777215G", &g, &why),
	    -EINVAL);
}
END_TEST

static Suite *
bootarg_suite(void)
{
	Suite *s = suite_create("bootarg");
	TCase *tc = tcase_create("bootarg");

	tcase_add_test(tc, has_matches_whole_words_only);
	tcase_add_test(tc, next_walks_every_value_in_order);
	tcase_add_test(tc, guest_parses_every_number_form);
	tcase_add_test(tc, guest_refuses_every_truncation);
	tcase_add_test(tc, guest_refuses_bad_names);
	tcase_add_test(tc, guest_refuses_bad_numbers);
	tcase_add_test(tc, guest_refuses_bad_ranges);
	tcase_add_test(tc, guest_accepts_range_ending_below_2_64);
	tcase_add_test(tc, guest_parses_an_argument);
	tcase_add_test(tc, guest_refuses_bad_arguments);
	tcase_add_test(tc, guest_with_argument_refuses_its_truncations);
	tcase_add_test(tc, number_takes_whole_values_only);
	tcase_add_test(tc, show_masks_unprintable_bytes_and_cuts_long_values);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(bootarg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
