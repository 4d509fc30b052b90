/* SPDX-License-Identifier: ISC */
/*
 * check_board_driver.c - the board driver against a stand-in firmware
 * (board_standin.h): events met while a reply was awaited are kept in
 * order, a full queue drops and counts, typed requests encode what they
 * say and return the reply's status, RAM loads stay inside RAM.
 */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "board_standin.h"
#include "check_board.h"

static struct standin sim;

static void
setup(void)
{
	standin_start(&sim);
}

static void
teardown(void)
{
	standin_stop(&sim);
}

/* The HELLO reply to @seq, as the firmware would send it. */
static void
hello_reply(uint64_t seq)
{
	const struct abi_hello_reply h = {
		.abi_version = ABI_VERSION, .cpu_count = 1,
		.ram_base = BOARD_RAM_BASE, .ram_size = STANDIN_RAM_SIZE,
		.vmid_bits = 8, .ipa_bits = 40, .pa_bits = 44, .vm_max = 16,
		.vcpu_max = 8,
	};

	standin_reply(&sim, ABI_MSG_HELLO_REPLY, seq, 0, &h, sizeof(h));
}

/* The next event must be CONSOLE_OUT number @seq of @vm saying @text. */
static void
expect_console(int timeout_ms, uint64_t seq, uint32_t vm, const char *text)
{
	struct board_reply ev;
	int ret;

	ret = board_next_event(&sim.board, timeout_ms, &ev);
	ck_assert_msg(ret == 0, "event %llu: %d: %s", (unsigned long long)seq,
	    ret, board_error(&sim.board));
	ck_assert_uint_eq(ev.view.type, ABI_MSG_CONSOLE_OUT);
	ck_assert_uint_eq(ev.view.hdr->seq, seq);
	ck_assert_uint_eq(ev.view.msg.text->vm, vm);
	ck_assert_uint_eq(ev.view.msg.text->len, strlen(text));
	ck_assert_mem_eq(ev.view.msg.text->bytes, text, strlen(text));
}

static void
expect_no_event(void)
{
	struct board_reply ev;

	ck_assert_int_eq(board_next_event(&sim.board, 0, &ev), -ETIMEDOUT);
}

START_TEST(events_met_while_awaiting_a_reply_are_kept_in_order)
{
	struct board_reply r;
	char text[16];
	unsigned int i;

	for (i = 1; i <= 5; i++) {
		snprintf(text, sizeof(text), "line %u\n", i);
		standin_text(&sim, ABI_MSG_CONSOLE_OUT, i % 2 + 1, text);
	}
	hello_reply(7);
	standin_ring(&sim);
	ck_assert_int_eq(board_await(&sim.board, ABI_MSG_HELLO, 7, &r), 0);
	ck_assert_uint_eq(r.view.type, ABI_MSG_HELLO_REPLY);
	ck_assert_uint_eq(r.view.msg.hello_reply->vm_max, 16);
	/* One more on the ring: it comes after the queued ones. */
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 3, "after\n");
	for (i = 1; i <= 5; i++) {
		snprintf(text, sizeof(text), "line %u\n", i);
		expect_console(0, i, i % 2 + 1, text);
	}
	expect_console(0, 6, 3, "after\n");
	expect_no_event();
	ck_assert_uint_eq(sim.board.events_dropped, 0);
	ck_assert_uint_eq(sim.board.events_lost, 0);
	ck_assert_uint_eq(sim.board.stray_replies, 0);
}
END_TEST

START_TEST(a_full_queue_drops_the_excess_and_counts_it)
{
	const unsigned int extra = 76;
	struct board_reply r;
	unsigned int i;

	for (i = 0; i < BOARD_EVENT_QUEUE_MAX + extra; i++) {
		standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "x");
	}
	hello_reply(1);
	standin_ring(&sim);
	ck_assert_int_eq(board_await(&sim.board, ABI_MSG_HELLO, 1, &r), 0);
	ck_assert_uint_eq(r.view.type, ABI_MSG_HELLO_REPLY);
	ck_assert_uint_eq(sim.board.events_dropped, extra);
	for (i = 1; i <= BOARD_EVENT_QUEUE_MAX; i++) {
		expect_console(0, i, 1, "x");
	}
	expect_no_event();
	/* Room again: the next one is kept. */
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "y");
	hello_reply(2);
	ck_assert_int_eq(board_await(&sim.board, ABI_MSG_HELLO, 2, &r), 0);
	expect_console(0, BOARD_EVENT_QUEUE_MAX + extra + 1, 1, "y");
	ck_assert_uint_eq(sim.board.events_dropped, extra);
}
END_TEST

START_TEST(gaps_in_event_numbers_count_as_lost)
{
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "a");
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "b");
	sim.event_seq += 2;		/* the firmware's ring was full */
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "e");
	expect_console(0, 1, 1, "a");
	expect_console(0, 2, 1, "b");
	expect_console(0, 5, 1, "e");
	ck_assert_uint_eq(sim.board.events_lost, 2);
}
END_TEST

START_TEST(replies_no_one_awaits_are_dropped)
{
	standin_reply(&sim, ABI_MSG_RUN_REPLY, 42, 0, NULL, 0);
	standin_text(&sim, ABI_MSG_LOG, 0, "hvfw: log line");
	standin_ring(&sim);
	{
		struct board_reply ev;

		ck_assert_int_eq(board_next_event(&sim.board, 100, &ev), 0);
		ck_assert_uint_eq(ev.view.type, ABI_MSG_LOG);
		ck_assert_uint_eq(ev.view.msg.text->level, ABI_LOG_INFO);
	}
	ck_assert_uint_eq(sim.board.stray_replies, 1);
	expect_no_event();
}
END_TEST

/*
 * A late firmware: one event after a while, then the doorbell if *@arg
 * (else the doorbell is lost).
 */
static void *
late_event(void *arg)
{
	const struct timespec delay = { .tv_nsec = 50 * 1000 * 1000 };
	const bool *ring = arg;

	nanosleep(&delay, NULL);
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 4, "late\n");
	if (*ring) {
		standin_ring(&sim);
	}
	return NULL;
}

/* Wait for late_event()'s event, rung for if @ring. */
static void
expect_late_event(bool ring)
{
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, late_event, &ring), 0);
	expect_console(STANDIN_TIMEOUT_MS, 1, 4, "late\n");
	ck_assert_int_eq(pthread_join(t, NULL), 0);
}

START_TEST(next_event_waits_on_the_doorbell)
{
	expect_late_event(true);
	ck_assert_uint_gt(sim.board.doorbells, 0);
}
END_TEST

START_TEST(next_event_finds_an_event_whose_doorbell_was_lost)
{
	expect_late_event(false);
	ck_assert_uint_eq(sim.board.doorbells, 0);
}
END_TEST

START_TEST(next_event_finds_an_event_rung_for_earlier)
{
	/* The doorbell came (and was taken) with a reply; no new one. */
	standin_text(&sim, ABI_MSG_CONSOLE_OUT, 1, "quiet");
	expect_console(0, 1, 1, "quiet");
}
END_TEST

START_TEST(next_event_times_out_and_sees_the_line_close)
{
	struct board_reply ev;

	ck_assert_int_eq(board_next_event(&sim.board, 30, &ev), -ETIMEDOUT);
	standin_ring(&sim);		/* a doorbell with nothing behind it */
	ck_assert_int_eq(board_next_event(&sim.board, 30, &ev), -ETIMEDOUT);
	close(sim.line[1]);
	sim.line[1] = -1;
	ck_assert_int_eq(board_next_event(&sim.board, 1000, &ev), -EPIPE);
}
END_TEST

START_TEST(an_event_that_does_not_decode_is_eproto)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char junk[64];
	struct board_reply ev;

	memset(junk, 0x5a, sizeof(junk));
	standin_send(&sim, junk, sizeof(junk));
	ck_assert_int_eq(board_next_event(&sim.board, 0, &ev), -EPROTO);
	ck_assert_ptr_nonnull(strstr(board_error(&sim.board), "decode"));
}
END_TEST

START_TEST(typed_requests_say_what_they_are_asked)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char buf[ABI_MSG_MAX];
	struct board *b = &sim.board;
	struct abi_view v;

	standin_reply(&sim, ABI_MSG_CREATE_VM_REPLY, b->seq + 1, 0, NULL, 0);
	ck_assert_int_eq(board_create_vm(b, 3, 2, 36), 0);
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_CREATE_VM);
	ck_assert_uint_eq(v.msg.create_vm->vm, 3);
	ck_assert_uint_eq(v.msg.create_vm->vcpu_count, 2);
	ck_assert_uint_eq(v.msg.create_vm->ipa_bits, 36);

	standin_reply(&sim, ABI_MSG_SET_VCPU_REPLY, b->seq + 1, 0, NULL, 0);
	ck_assert_int_eq(board_set_vcpu(b, 3, 1, 0x40000000, 0x1000000,
	    ABI_VCPU_ON), 0);
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_SET_VCPU);
	ck_assert_uint_eq(v.msg.set_vcpu->vm, 3);
	ck_assert_uint_eq(v.msg.set_vcpu->vcpu, 1);
	ck_assert_uint_eq(v.msg.set_vcpu->pc, 0x40000000);
	ck_assert_uint_eq(v.msg.set_vcpu->x0, 0x1000000);
	ck_assert_uint_eq(v.msg.set_vcpu->state, ABI_VCPU_ON);

	standin_reply(&sim, ABI_MSG_RUN_REPLY, b->seq + 1, 0, NULL, 0);
	ck_assert_int_eq(board_run(b, 3), 0);
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_RUN);
	ck_assert_uint_eq(v.msg.vm_ref->vm, 3);

	standin_reply(&sim, ABI_MSG_CONSOLE_IN_REPLY, b->seq + 1, 0, NULL, 0);
	ck_assert_int_eq(board_console_in(b, 3, "abc\n", 4), 0);
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_CONSOLE_IN);
	ck_assert_uint_eq(v.msg.text->vm, 3);
	ck_assert_uint_eq(v.msg.text->len, 4);
	ck_assert_mem_eq(v.msg.text->bytes, "abc\n", 4);
	ck_assert_uint_eq(v.msg.text->flags, 0);

	standin_reply(&sim, ABI_MSG_CONSOLE_IN_REPLY, b->seq + 1, 0, NULL, 0);
	ck_assert_int_eq(board_console_break(b, 3), 0);
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_CONSOLE_IN);
	ck_assert_uint_eq(v.msg.text->vm, 3);
	ck_assert_uint_eq(v.msg.text->flags, ABI_TEXT_BREAK);
	ck_assert_uint_eq(v.msg.text->len, 0);
}
END_TEST

START_TEST(typed_requests_return_the_reply_status)
{
	const struct abi_batch_reply two = { .done = 2 };
	const struct abi_stats_reply stats = {
		.vm = 2, .vm_count = 1, .pool_pages = 2048, .pool_free = 2000,
	};
	const struct abi_range e[3] = {
		{ .ipa = 0x40000000, .pa = 0x50000000, .size = 0x1000,
		  .perm = ABI_PERM_R },
		{ .ipa = 0x40001000, .pa = 0x50001000, .size = 0x1000,
		  .perm = ABI_PERM_R },
		{ .ipa = 0x40002000, .pa = 0x40000000, .size = 0x1000,
		  .perm = ABI_PERM_R },
	};
	_Alignas(ABI_MSG_ALIGN) unsigned char buf[ABI_MSG_MAX];
	struct abi_stats_reply got;
	struct board *b = &sim.board;
	struct abi_view v;
	uint32_t done = 99;

	standin_reply(&sim, ABI_MSG_CREATE_VM_REPLY, b->seq + 1, -EEXIST,
	    NULL, 0);
	ck_assert_int_eq(board_create_vm(b, 1, 1, 40), -EEXIST);
	ck_assert_ptr_nonnull(strstr(board_error(b), "CREATE_VM"));
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_CREATE_VM);

	standin_reply(&sim, ABI_MSG_MAP_REPLY, b->seq + 1, -EPERM, &two,
	    sizeof(two));
	ck_assert_int_eq(board_batch(b, ABI_MSG_MAP, 2, e, 3, &done), -EPERM);
	ck_assert_uint_eq(done, 2);
	ck_assert_ptr_nonnull(strstr(board_error(b), "entry 2"));
	standin_request(&sim, buf, &v);
	ck_assert_uint_eq(v.type, ABI_MSG_MAP);
	ck_assert_uint_eq(v.count, 3);
	ck_assert_mem_eq(v.msg.batch->entry, e, sizeof(e));

	/* UNMAP entries carry no PA: refused before anything is sent. */
	ck_assert_int_eq(board_batch(b, ABI_MSG_UNMAP, 2, e, 1, &done),
	    -EINVAL);
	ck_assert_uint_eq(done, 0);
	ck_assert_int_eq(abi_ring_pop(&sim.fw.rx, buf, sizeof(buf)), -EAGAIN);
	/* A NAK answers too: its status is the outcome, no batch body. */
	standin_reply(&sim, ABI_MSG_NAK, b->seq + 1, -EBADMSG, NULL, 0);
	ck_assert_int_eq(board_unmap(b, 2, 0x40000000, 0x1000), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(board_error(b), "malformed"));

	standin_reply(&sim, ABI_MSG_STATS_REPLY, b->seq + 1, 0, &stats,
	    sizeof(stats));
	ck_assert_int_eq(board_stats(b, 2, &got), 0);
	ck_assert_mem_eq(&got, &stats, sizeof(stats));

	standin_reply(&sim, ABI_MSG_DESTROY_VM_REPLY, b->seq + 1, -ENOENT,
	    NULL, 0);
	ck_assert_int_eq(board_destroy(b, 9), -ENOENT);
	standin_reply(&sim, ABI_MSG_PAUSE_REPLY, b->seq + 1, -ENOENT, NULL, 0);
	ck_assert_int_eq(board_pause(b, 9), -ENOENT);
	standin_reply(&sim, ABI_MSG_MAP_REPLY, b->seq + 1, 0, &(struct
	    abi_batch_reply){ .done = 1 }, sizeof(struct abi_batch_reply));
	ck_assert_int_eq(board_map(b, 2, 0x80000000, 0, 0x10000, 0, 0,
	    ABI_RANGE_DEMAND), 0);
}
END_TEST

START_TEST(a_request_without_a_reply_times_out)
{
	sim.board.timeout_ms = 600;
	ck_assert_int_eq(board_run(&sim.board, 1), -ETIMEDOUT);
	ck_assert_ptr_nonnull(strstr(board_error(&sim.board), "RUN"));
	/* Rung again at each look; the stand-in never took the request. */
	ck_assert_uint_eq(sim.board.rerings, 2);
	ck_assert_ptr_nonnull(strstr(board_error(&sim.board),
	    "the firmware did not take the request; its doorbell rung 3 "
	    "times)"));
}
END_TEST

/*
 * A firmware that takes the request at once and works on it for longer
 * than two looks; then answers it if *@arg.
 */
static void *
busy_firmware(void *arg)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char buf[ABI_MSG_MAX];
	const struct timespec taken = { .tv_nsec = 50 * 1000 * 1000 };
	const struct timespec busy = { .tv_nsec = 600 * 1000 * 1000 };
	const bool *answer = arg;
	struct abi_view v;

	nanosleep(&taken, NULL);
	standin_request(&sim, buf, &v);
	nanosleep(&busy, NULL);
	if (*answer) {
		standin_reply(&sim, ABI_MSG_RUN_REPLY, v.hdr->seq, 0, NULL, 0);
		standin_ring(&sim);
	}
	return NULL;
}

START_TEST(a_request_the_firmware_took_is_not_rung_for_again)
{
	bool answer = true;
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, busy_firmware, &answer), 0);
	ck_assert_int_eq(board_run(&sim.board, 1), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_uint_eq(sim.board.rerings, 0);
}
END_TEST

START_TEST(a_request_taken_and_never_answered_says_so)
{
	bool answer = false;
	pthread_t t;

	sim.board.timeout_ms = 1000;
	ck_assert_int_eq(pthread_create(&t, NULL, busy_firmware, &answer), 0);
	ck_assert_int_eq(board_run(&sim.board, 1), -ETIMEDOUT);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_uint_eq(sim.board.rerings, 0);
	ck_assert_ptr_nonnull(strstr(board_error(&sim.board), "the firmware "
	    "took the request and did not answer; its doorbell rung 1 time)"));
}
END_TEST

START_TEST(load_writes_ram_and_stays_inside_it)
{
	struct board *b = &sim.board;
	const uint64_t end = BOARD_RAM_BASE + STANDIN_RAM_SIZE;
	const uint64_t mb = BOARD_RAM_BASE + STANDIN_MAILBOX_OFF;

	ck_assert_int_eq(board_load(b, BOARD_RAM_BASE + 0x1000, "abc", 3), 0);
	ck_assert_mem_eq(sim.ram + 0x1000, "abc", 3);
	ck_assert_ptr_eq(board_ram_at(b, BOARD_RAM_BASE + 0x1000, 3),
	    sim.ram + 0x1000);
	ck_assert_int_eq(board_load(b, end - 3, "xyz", 3), 0);
	ck_assert_mem_eq(sim.ram + STANDIN_RAM_SIZE - 3, "xyz", 3);

	ck_assert_int_eq(board_load(b, BOARD_RAM_BASE - 1, "ab", 2), -ERANGE);
	ck_assert_int_eq(board_load(b, end - 1, "ab", 2), -ERANGE);
	ck_assert_int_eq(board_load(b, end, "a", 1), -ERANGE);
	ck_assert_int_eq(board_load(b, UINT64_MAX - 1, "abcd", 4), -ERANGE);
	ck_assert_int_eq(board_load(b, mb - 1, "ab", 2), -EPERM);
	ck_assert_int_eq(board_load(b, mb + sim.board.mailbox_size - 1, "ab",
	    2), -EPERM);
	ck_assert_ptr_null(board_ram_at(b, end - 1, 2));
	ck_assert_ptr_null(board_ram_at(b, BOARD_RAM_BASE - 8, 8));
}
END_TEST

START_TEST(load_file_copies_the_whole_file)
{
	struct board *b = &sim.board;
	char path[] = "/tmp/check_board.XXXXXX";
	unsigned char data[10000];
	size_t i, len = 0;
	int fd;

	for (i = 0; i < sizeof(data); i++) {
		data[i] = (unsigned char)(i * 7 + 1);
	}
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, sizeof(data)), (ssize_t)sizeof(data));
	close(fd);
	ck_assert_int_eq(board_load_file(b, BOARD_RAM_BASE + 0x20000, path,
	    &len), 0);
	ck_assert_uint_eq(len, sizeof(data));
	ck_assert_mem_eq(sim.ram + 0x20000, data, sizeof(data));
	/* Too big for what is left: nothing written. */
	ck_assert_int_eq(board_load_file(b, BOARD_RAM_BASE + STANDIN_RAM_SIZE -
	    100, path, NULL), -ERANGE);
	ck_assert_uint_eq(sim.ram[STANDIN_RAM_SIZE - 100], 0);
	unlink(path);
	ck_assert_int_eq(board_load_file(b, BOARD_RAM_BASE, path, NULL),
	    -ENOENT);
	ck_assert_ptr_nonnull(strstr(board_error(b), path));
}
END_TEST

/**
 * board_driver_tcase() - the driver against the stand-in.
 *
 * Return: the test case.
 */
TCase *
board_driver_tcase(void)
{
	TCase *tc = tcase_create("driver");

	tcase_set_timeout(tc, 20);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, events_met_while_awaiting_a_reply_are_kept_in_order);
	tcase_add_test(tc, a_full_queue_drops_the_excess_and_counts_it);
	tcase_add_test(tc, gaps_in_event_numbers_count_as_lost);
	tcase_add_test(tc, replies_no_one_awaits_are_dropped);
	tcase_add_test(tc, next_event_waits_on_the_doorbell);
	tcase_add_test(tc, next_event_finds_an_event_whose_doorbell_was_lost);
	tcase_add_test(tc, next_event_finds_an_event_rung_for_earlier);
	tcase_add_test(tc, next_event_times_out_and_sees_the_line_close);
	tcase_add_test(tc, an_event_that_does_not_decode_is_eproto);
	tcase_add_test(tc, typed_requests_say_what_they_are_asked);
	tcase_add_test(tc, typed_requests_return_the_reply_status);
	tcase_add_test(tc, a_request_without_a_reply_times_out);
	tcase_add_test(tc, a_request_the_firmware_took_is_not_rung_for_again);
	tcase_add_test(tc, a_request_taken_and_never_answered_says_so);
	tcase_add_test(tc, load_writes_ram_and_stays_inside_it);
	tcase_add_test(tc, load_file_copies_the_whole_file);
	return tc;
}
