/* SPDX-License-Identifier: ISC */
/*
 * check_pl011_emul.c - tests of the PL011 each guest sees
 * (firmware/pl011_emul.c): flags, control registers, identification,
 * access widths, and how transmitted bytes become lines.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pl011_emul.h"

/* What the UART handed over, lines separated by '|'. */
static char out[1024];
static unsigned int lines;
static struct pl011_emul u;

static void
collect(void *arg, const char *line, size_t len)
{
	ck_assert_ptr_eq(arg, &u);
	ck_assert_uint_eq(strlen(line), len);
	ck_assert_uint_lt(strlen(out) + len + 1, sizeof(out));
	strcat(out, line);
	strcat(out, "|");
	lines++;
}

static void
setup(void)
{
	out[0] = '\0';
	lines = 0;
	pl011_emul_init(&u, collect, &u);
}

static void
send(const char *s)
{
	while (*s != '\0') {
		pl011_emul_write(&u, PL011_DR, 4, (uint8_t)*s++);
	}
}

START_TEST(flags_say_tx_empty_rx_empty_not_busy)
{
	uint64_t fr = pl011_emul_read(&u, PL011_FR, 4);

	ck_assert_uint_eq(fr, PL011_FR_TXFE | PL011_FR_RXFE);
	ck_assert_uint_eq(fr & (PL011_FR_TXFF | PL011_FR_BUSY), 0);
	send("busy?");
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_FR, 4), fr);
}
END_TEST

START_TEST(data_register_reads_zero)
{
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 1), 0);
}
END_TEST

START_TEST(reset_values_are_the_trm_ones)
{
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_CR, 4), 0x300);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IFLS, 4), 0x12);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_LCR_H, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IMSC, 4), 0);
}
END_TEST

START_TEST(control_registers_read_back_their_bits)
{
	static const struct {
		unsigned int off;
		uint32_t mask;
	} regs[] = {
		{ PL011_IBRD, 0xffff }, { PL011_FBRD, 0x3f },
		{ PL011_LCR_H, 0xff }, { PL011_CR, 0xff87 },
		{ PL011_IFLS, 0x3f }, { PL011_IMSC, 0x7ff },
		{ PL011_DMACR, 0x7 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		pl011_emul_write(&u, regs[i].off, 4, 0xffffffffu);
		ck_assert_uint_eq(pl011_emul_read(&u, regs[i].off, 4),
		    regs[i].mask);
		pl011_emul_write(&u, regs[i].off, 4, 0x5a5a5a5au);
		ck_assert_uint_eq(pl011_emul_read(&u, regs[i].off, 4),
		    0x5a5a5a5au & regs[i].mask);
	}
	ck_assert_uint_eq(lines, 0);
}
END_TEST

START_TEST(write_only_and_reserved_offsets_read_zero)
{
	pl011_emul_write(&u, PL011_ICR, 4, 0x7ff);
	pl011_emul_write(&u, PL011_RSR, 4, 0xf);
	pl011_emul_write(&u, 0x100, 4, 0xffffffffu);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_ICR, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_RSR, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_RIS, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_MIS, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, 0x100, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, 0xfdc, 4), 0);
}
END_TEST

START_TEST(primecell_ids_are_a_pl011s)
{
	static const uint8_t want[8] = {
		0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
	};
	unsigned int i;

	for (i = 0; i < 8; i++) {
		ck_assert_uint_eq(pl011_emul_read(&u, PL011_PERIPHID0 + 4 * i,
		    4), want[i]);
		pl011_emul_write(&u, PL011_PERIPHID0 + 4 * i, 4, 0);
		ck_assert_uint_eq(pl011_emul_read(&u, PL011_PERIPHID0 + 4 * i,
		    1), want[i]);
	}
}
END_TEST

START_TEST(narrow_accesses_use_byte_lanes)
{
	pl011_emul_write(&u, PL011_IBRD, 4, 0x1234);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 1), 0x34);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD + 1, 1), 0x12);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 2), 0x1234);
	pl011_emul_write(&u, PL011_IBRD + 1, 1, 0xab);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 4), 0xab34);
	pl011_emul_write(&u, PL011_IBRD, 2, 0x5678);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 4), 0x5678);
	pl011_emul_write(&u, PL011_IBRD, 8, 0xffffffff00000042ull);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 8), 0x42);
}
END_TEST

START_TEST(bytes_become_lines_at_newline)
{
	send("hello from vm\r\nsecond");
	ck_assert_str_eq(out, "hello from vm|");
	send(" line\n\n");
	ck_assert_str_eq(out, "hello from vm|second line||");
	ck_assert_uint_eq(lines, 3);
}
END_TEST

START_TEST(byte_writes_and_stray_lanes)
{
	pl011_emul_write(&u, PL011_DR, 1, 'a');
	pl011_emul_write(&u, PL011_DR, 8, 0x4142434445464748ull);
	/* A byte in DR's second lane is not a character. */
	pl011_emul_write(&u, PL011_DR + 1, 1, 'x');
	pl011_emul_write(&u, PL011_DR, 1, '\n');
	ck_assert_str_eq(out, "aH|");
}
END_TEST

START_TEST(unprintable_bytes_are_replaced)
{
	static const uint8_t raw[] = { 0x1b, '[', '2', 'J', 0x7f, 0x80, 0xff,
	    '\t', 0x00, 'k', '\n' };
	unsigned int i;

	for (i = 0; i < sizeof(raw); i++) {
		pl011_emul_write(&u, PL011_DR, 1, raw[i]);
	}
	ck_assert_str_eq(out, "?[2J?????k|");
}
END_TEST

START_TEST(long_lines_are_cut_and_flush_ends_the_last)
{
	char want[PL011_EMUL_LINE_MAX + 2];
	unsigned int i;

	for (i = 0; i < PL011_EMUL_LINE_MAX + 5; i++) {
		pl011_emul_write(&u, PL011_DR, 4, 'a' + i % 26);
	}
	ck_assert_uint_eq(lines, 1);
	for (i = 0; i < PL011_EMUL_LINE_MAX; i++) {
		want[i] = (char)('a' + i % 26);
	}
	want[i++] = '|';
	want[i] = '\0';
	ck_assert_str_eq(out, want);
	pl011_emul_flush(&u);
	ck_assert_uint_eq(lines, 2);
	pl011_emul_flush(&u);
	ck_assert_uint_eq(lines, 2);
	ck_assert_str_eq(out + PL011_EMUL_LINE_MAX + 1, "qrstu|");
}
END_TEST

static Suite *
pl011_emul_suite(void)
{
	Suite *s = suite_create("pl011_emul");
	TCase *tc = tcase_create("pl011_emul");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, flags_say_tx_empty_rx_empty_not_busy);
	tcase_add_test(tc, data_register_reads_zero);
	tcase_add_test(tc, reset_values_are_the_trm_ones);
	tcase_add_test(tc, control_registers_read_back_their_bits);
	tcase_add_test(tc, write_only_and_reserved_offsets_read_zero);
	tcase_add_test(tc, primecell_ids_are_a_pl011s);
	tcase_add_test(tc, narrow_accesses_use_byte_lanes);
	tcase_add_test(tc, bytes_become_lines_at_newline);
	tcase_add_test(tc, byte_writes_and_stray_lanes);
	tcase_add_test(tc, unprintable_bytes_are_replaced);
	tcase_add_test(tc, long_lines_are_cut_and_flush_ends_the_last);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pl011_emul_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
