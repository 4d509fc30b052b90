/* SPDX-License-Identifier: ISC */
/*
 * check_board_watch.c - board_watch.h against a stand-in firmware: each
 * VM's output is kept under its own id while another is waited for, waits
 * end at the string, at the VM's exit or at the deadline.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "board_standin.h"
#include "board_watch.h"
#include "check_board.h"

static struct standin sim;
static struct board_watch watch;

static void
setup(void)
{
	standin_start(&sim);
	board_watch_init(&watch, &sim.board);
}

static void
teardown(void)
{
	standin_stop(&sim);
}

START_TEST(waiting_for_one_vm_keeps_the_others_output)
{
	struct abi_vm_exited ex;

	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 2, "other ");
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "hel");
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 2, "vm\n");
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "lo\n");
	standin_text(&sim, ABI_MSG_LOG, 0, "hvfw: something");
	standin_exit(&sim, 1, ABI_EXIT_OFF, 0);
	standin_ring(&sim);
	ck_assert_int_eq(board_watch_console(&watch, 1, "hello\n", 1000), 0);
	ck_assert_str_eq(watch.vm[2].text, "other vm\n");
	ck_assert_uint_eq(watch.vm[2].chunks, 2);
	ck_assert_int_eq(board_watch_exit(&watch, 1, 1000, &ex), 0);
	ck_assert_uint_eq(ex.vm, 1);
	ck_assert_uint_eq(ex.reason, ABI_EXIT_OFF);
	ck_assert_str_eq(watch.vm[1].text, "hello\n");
	ck_assert_uint_eq(watch.logs, 1);
	ck_assert_str_eq(watch.log, "hvfw: something\n");
	ck_assert_uint_eq(watch.vm[2].exits, 0);
	ck_assert_uint_eq(watch.strays, 0);
}
END_TEST

START_TEST(a_wait_ends_when_the_vm_exits_without_the_string)
{
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 5, "unmapped: reading\n");
	standin_exit(&sim, 5, ABI_EXIT_CRASHED, 0x80000000);
	standin_ring(&sim);
	ck_assert_int_eq(board_watch_console(&watch, 5, "never", 5000),
	    -ECHILD);
	ck_assert_ptr_nonnull(strstr(board_error(&sim.board), "exited"));
	ck_assert_ptr_nonnull(strstr(board_error(&sim.board),
	    "unmapped: reading|"));
	ck_assert_uint_eq(watch.vm[5].exit.reason, ABI_EXIT_CRASHED);
	ck_assert_uint_eq(watch.vm[5].exit.crash.ipa, 0x80000000);
}
END_TEST

START_TEST(a_wait_ends_at_its_deadline)
{
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "abc");
	ck_assert_int_eq(board_watch_console(&watch, 1, "abcd", 50),
	    -ETIMEDOUT);
	ck_assert_int_eq(board_watch_exit(&watch, 1, 50, NULL), -ETIMEDOUT);
	ck_assert_int_eq(board_watch_console(&watch, 0, "a", 50), -EINVAL);
	ck_assert_int_eq(board_watch_exit(&watch, BOARD_WATCH_VM_MAX + 1, 50,
	    NULL), -EINVAL);
}
END_TEST

START_TEST(clear_forgets_the_text_but_not_the_exit)
{
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "abc\n");
	standin_exit(&sim, 1, ABI_EXIT_OFF, 0);
	ck_assert_int_eq(board_watch_for(&watch, 20), 0);
	ck_assert(board_watch_has(&watch, 1, "abc\n"));
	board_watch_clear(&watch, 1);
	ck_assert(!board_watch_has(&watch, 1, "abc"));
	ck_assert_uint_eq(watch.vm[1].text_len, 0);
	ck_assert_uint_eq(watch.vm[1].exits, 1);
	ck_assert_int_eq(board_watch_console(&watch, 1, "abc", 1000), -ECHILD);
}
END_TEST

START_TEST(events_for_vm_ids_out_of_range_are_strays)
{
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, BOARD_WATCH_VM_MAX + 1, "x");
	standin_exit(&sim, BOARD_WATCH_VM_MAX + 1, ABI_EXIT_OFF, 0);
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, BOARD_WATCH_VM_MAX, "y");
	ck_assert_int_eq(board_watch_for(&watch, 20), 0);
	ck_assert_uint_eq(watch.strays, 2);
	ck_assert_str_eq(watch.vm[BOARD_WATCH_VM_MAX].text, "y");
}
END_TEST

START_TEST(console_text_beyond_the_limit_is_counted)
{
	char chunk[ABI_CONSOLE_MAX + 1];
	unsigned int i, n = BOARD_WATCH_TEXT_MAX / ABI_CONSOLE_MAX + 2;

	memset(chunk, 'z', ABI_CONSOLE_MAX);
	chunk[ABI_CONSOLE_MAX] = '\0';
	for (i = 0; i < n; i++) {
		standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, chunk);
	}
	ck_assert_int_eq(board_watch_for(&watch, 20), 0);
	ck_assert_uint_eq(watch.vm[1].text_len, BOARD_WATCH_TEXT_MAX);
	ck_assert_uint_eq(watch.vm[1].text_dropped,
	    n * ABI_CONSOLE_MAX - BOARD_WATCH_TEXT_MAX);
	ck_assert_uint_eq(watch.vm[1].chunks, n);
	ck_assert_uint_eq(strlen(watch.vm[1].text), BOARD_WATCH_TEXT_MAX);
}
END_TEST

/**
 * board_watch_tcase() - board_watch.h against the stand-in.
 *
 * Return: the test case.
 */
TCase *
board_watch_tcase(void)
{
	TCase *tc = tcase_create("watch");

	tcase_set_timeout(tc, 20);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, waiting_for_one_vm_keeps_the_others_output);
	tcase_add_test(tc, a_wait_ends_when_the_vm_exits_without_the_string);
	tcase_add_test(tc, a_wait_ends_at_its_deadline);
	tcase_add_test(tc, clear_forgets_the_text_but_not_the_exit);
	tcase_add_test(tc, events_for_vm_ids_out_of_range_are_strays);
	tcase_add_test(tc, console_text_beyond_the_limit_is_counted);
	return tc;
}
