/* SPDX-License-Identifier: ISC */
/*
 * check_board.c - the mailbox end to end: hvfw on a fresh QEMU board per
 * test, driven through lib/host/board.h; and (check_board_driver.c,
 * check_board_watch.c) the driver against a stand-in firmware.
 *
 * Needs QEMU and HVFW_ELF in the environment (make check sets them); a
 * missing one fails the tests rather than skipping them.  Every wait is
 * bounded by the board's timeout and each test by check's.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "check_board.h"

/* Boot and each reply; QEMU is not slowed by valgrind, the test is. */
#define TEST_TIMEOUT_MS		30000
/* hvfw's table pool (firmware/main.c: MAIN_POOL_PAGES, 8 MiB). */
#define FW_POOL_PAGES		2048u

static struct board board;

static void
setup(void)
{
	struct board_config cfg = {
		.qemu = getenv("QEMU"),
		.firmware = getenv("HVFW_ELF"),
		.cpu = "cortex-a57",
		.cpu_count = 1,
		.ram_mib = 1024,
		.timeout_ms = TEST_TIMEOUT_MS,
	};
	int ret;

	ck_assert_msg(cfg.qemu != NULL && cfg.qemu[0] != '\0',
	    "QEMU is not set (run through make check)");
	ck_assert_msg(cfg.firmware != NULL && cfg.firmware[0] != '\0',
	    "HVFW_ELF is not set (run through make check)");
	ret = board_start(&board, &cfg);
	ck_assert_msg(ret == 0, "board_start: %d: %s", ret,
	    board_error(&board));
}

static void
teardown(void)
{
	board_stop(&board);
}

static void
request_ok(unsigned int type, const void *body, size_t len,
    struct board_reply *r)
{
	int ret = board_request(&board, type, body, len, r);

	ck_assert_msg(ret == 0, "request 0x%x: %d: %s", type, ret,
	    board_error(&board));
}

static void
hello(struct board_reply *r)
{
	const struct abi_hello h = { .abi_version = ABI_VERSION };

	request_ok(ABI_MSG_HELLO, &h, sizeof(h), r);
	ck_assert_uint_eq(r->view.type, ABI_MSG_HELLO_REPLY);
	ck_assert_int_eq(r->view.hdr->status, 0);
}

START_TEST(hello_describes_the_board)
{
	const struct abi_hello_reply *h;
	struct board_reply r;

	hello(&r);
	h = r.view.msg.hello_reply;
	ck_assert_uint_eq(h->abi_version, ABI_VERSION);
	ck_assert_uint_eq(h->cpu_count, 1);
	ck_assert_uint_eq(h->ram_base, BOARD_RAM_BASE);
	ck_assert_uint_eq(h->ram_size, (uint64_t)1 << 30);
	/* cortex-a57: 8-bit VMIDs, 44-bit PAs; hvfw caps IPAs at 40 bits. */
	ck_assert_uint_eq(h->vmid_bits, 8);
	ck_assert_uint_eq(h->pa_bits, 44);
	ck_assert_uint_eq(h->ipa_bits, 40);
	ck_assert_uint_eq(h->mailbox_base, board.mailbox_pa);
	ck_assert_uint_eq(h->mailbox_size, board.mailbox_size);
	/* The top MiB of RAM, clear of the firmware's own memory. */
	ck_assert_uint_eq(h->mailbox_base + h->mailbox_size,
	    h->ram_base + h->ram_size);
	ck_assert_uint_eq(h->fw_base, h->ram_base);
	ck_assert_uint_ge(h->fw_size, FW_POOL_PAGES * 4096ull);
	ck_assert_uint_le(h->fw_base + h->fw_size, h->mailbox_base);
	ck_assert_uint_eq(h->vm_max, 16);
	ck_assert_uint_eq(h->vcpu_max, 8);
}
END_TEST

START_TEST(stats_reports_the_table_pool)
{
	const struct abi_vm_ref all = { .vm = 0 };
	const struct abi_stats_reply *s;
	struct board_reply r;

	request_ok(ABI_MSG_STATS, &all, sizeof(all), &r);
	ck_assert_uint_eq(r.view.type, ABI_MSG_STATS_REPLY);
	ck_assert_int_eq(r.view.hdr->status, 0);
	s = r.view.msg.stats_reply;
	ck_assert_uint_eq(s->vm, 0);
	ck_assert_uint_eq(s->vm_count, 0);
	ck_assert_uint_eq(s->pool_pages, FW_POOL_PAGES);
	/* The boot self-test gave back every table page it took. */
	ck_assert_uint_eq(s->pool_free, FW_POOL_PAGES);
	ck_assert_uint_ge(s->vmid_generation, 1);
	ck_assert_uint_eq(s->vmid_in_use, 0);
	ck_assert_uint_eq(s->total.table_pages, 0);
	ck_assert_uint_eq(s->vm_s2.table_pages, 0);
}
END_TEST

START_TEST(stats_of_a_missing_vm_is_enoent)
{
	const struct abi_vm_ref one = { .vm = 1 };
	struct board_reply r;

	request_ok(ABI_MSG_STATS, &one, sizeof(one), &r);
	ck_assert_uint_eq(r.view.type, ABI_MSG_STATS_REPLY);
	ck_assert_int_eq(r.view.hdr->status, -ENOENT);
	ck_assert_uint_eq(r.view.body_len, 0);
}
END_TEST

START_TEST(requests_about_a_missing_vm_are_refused)
{
	const struct abi_create_vm vm = {
		.vm = 17, .vcpu_count = 1, .ipa_bits = 40,
	};
	const struct abi_range range = {
		.ipa = 0x40000000, .pa = 0x48000000, .size = 0x200000,
		.perm = ABI_PERM_R | ABI_PERM_W, .memtype = ABI_MEM_NORMAL_WB,
	};
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	struct board_reply r;
	uint64_t seq;
	int len;

	/* HELLO says VM ids are 1..16. */
	request_ok(ABI_MSG_CREATE_VM, &vm, sizeof(vm), &r);
	ck_assert_uint_eq(r.view.type, ABI_MSG_CREATE_VM_REPLY);
	ck_assert_int_eq(r.view.hdr->status, -EINVAL);

	seq = board_next_seq(&board);
	len = abi_encode_batch(msg, sizeof(msg), ABI_MSG_MAP, seq, 1, &range,
	    1);
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(board_push(&board, msg, (size_t)len), 0);
	ck_assert_int_eq(board_await(&board, ABI_MSG_MAP, seq, &r), 0);
	ck_assert_uint_eq(r.view.type, ABI_MSG_MAP_REPLY);
	ck_assert_int_eq(r.view.hdr->status, -ENOENT);
	ck_assert_uint_eq(r.view.msg.batch_reply->done, 0);
}
END_TEST

START_TEST(typed_requests_for_a_missing_vm_get_enoent)
{
	struct abi_stats_reply st;
	uint32_t done = 99;
	const struct abi_range range = {
		.ipa = 0x40000000, .pa = 0x48000000, .size = 0x200000,
		.perm = ABI_PERM_R | ABI_PERM_W, .memtype = ABI_MEM_NORMAL_WB,
	};

	ck_assert_int_eq(board_batch(&board, ABI_MSG_MAP, 1, &range, 1,
	    &done), -ENOENT);
	ck_assert_uint_eq(done, 0);
	ck_assert_int_eq(board_unmap(&board, 1, 0x40000000, 0x200000),
	    -ENOENT);
	ck_assert_int_eq(board_set_vcpu(&board, 1, 0, 0x40000000, 0,
	    ABI_VCPU_ON), -ENOENT);
	ck_assert_int_eq(board_run(&board, 1), -ENOENT);
	ck_assert_int_eq(board_pause(&board, 1), -ENOENT);
	ck_assert_int_eq(board_console_in(&board, 1, "x", 1), -ENOENT);
	ck_assert_int_eq(board_console_break(&board, 1), -ENOENT);
	ck_assert_int_eq(board_destroy(&board, 1), -ENOENT);
	ck_assert_int_eq(board_stats(&board, 1, &st), -ENOENT);
	ck_assert_msg(board_stats(&board, 0, &st) == 0, "%s",
	    board_error(&board));
	ck_assert_uint_eq(st.vm_count, 0);
}
END_TEST

START_TEST(a_vm_made_and_destroyed_leaves_nothing_behind)
{
	struct abi_stats_reply before, after, one;
	struct abi_hello_reply h;

	ck_assert_msg(board_hello(&board, &h) == 0, "%s", board_error(&board));
	ck_assert_msg(board_stats(&board, 0, &before) == 0, "%s",
	    board_error(&board));
	ck_assert_msg(board_create_vm(&board, h.vm_max, 1, h.ipa_bits) == 0,
	    "%s", board_error(&board));
	ck_assert_msg(board_stats(&board, h.vm_max, &one) == 0, "%s",
	    board_error(&board));
	ck_assert_uint_eq(one.vm, h.vm_max);
	ck_assert_uint_eq(one.vm_count, 1);
	ck_assert_msg(board_destroy(&board, h.vm_max) == 0, "%s",
	    board_error(&board));
	ck_assert_msg(board_stats(&board, 0, &after) == 0, "%s",
	    board_error(&board));
	ck_assert_uint_eq(after.vm_count, 0);
	ck_assert_uint_eq(after.pool_free, before.pool_free);
	ck_assert_uint_eq(after.vmid_in_use, before.vmid_in_use);
	ck_assert_int_eq(board_destroy(&board, h.vm_max), -ENOENT);
}
END_TEST

/* How each malformed HELLO is spoiled, and the NAK status it must get. */
static const struct {
	const char *what;
	int field;
	uint32_t value;
	int status;
} spoilt[] = {
	{ "magic", 0, 0x12345678, -EBADMSG },
	{ "version", 1, ABI_VERSION + 1, -EPROTONOSUPPORT },
	{ "an event, not a request", 2, ABI_MSG_LOG, -EPROTO },
	{ "length past the slot", 3, ABI_MSG_MAX + 8, -EMSGSIZE },
	{ "reserved", 4, 1, -EBADMSG },
};

static size_t
spoilt_hello(unsigned char *msg, size_t cap, uint64_t seq, int i)
{
	const struct abi_hello h = { .abi_version = ABI_VERSION };
	struct abi_hdr *hdr = (struct abi_hdr *)(void *)msg;
	int len;

	len = abi_encode(msg, cap, ABI_MSG_HELLO, seq, 0, &h, sizeof(h));
	ck_assert_int_gt(len, 0);
	switch (spoilt[i].field) {
	case 0:
		hdr->magic = spoilt[i].value;
		break;
	case 1:
		hdr->version = (uint16_t)spoilt[i].value;
		break;
	case 2:
		/* Well-formed, but only the firmware sends events. */
		len = abi_encode_text(msg, cap, spoilt[i].value, seq, 0,
		    ABI_LOG_INFO, "hi", 2);
		ck_assert_int_gt(len, 0);
		break;
	case 3:
		hdr->length = spoilt[i].value;
		break;
	default:
		hdr->reserved = spoilt[i].value;
		break;
	}
	return (size_t)len;
}

START_TEST(malformed_request_gets_nak_and_serving_goes_on)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX] = { 0 };
	struct board_reply r;
	uint64_t seq = board_next_seq(&board) + 1000;
	size_t len;

	len = spoilt_hello(msg, sizeof(msg), seq, _i);
	ck_assert_int_eq(board_push(&board, msg, len), 0);
	ck_assert_msg(board_await(&board, ABI_MSG_HELLO, seq, &r) == 0,
	    "%s: %s", spoilt[_i].what, board_error(&board));
	ck_assert_msg(r.view.type == ABI_MSG_NAK, "%s: reply type 0x%x",
	    spoilt[_i].what, r.view.type);
	ck_assert_msg(r.view.hdr->status == spoilt[_i].status,
	    "%s: status %d, not %d", spoilt[_i].what, r.view.hdr->status,
	    spoilt[_i].status);
	ck_assert_uint_eq(r.view.hdr->seq, seq);
	hello(&r);
	ck_assert_uint_eq(r.view.msg.hello_reply->abi_version, ABI_VERSION);
}
END_TEST

START_TEST(requests_pushed_together_are_answered_in_order)
{
	const struct abi_hello h = { .abi_version = ABI_VERSION };
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	struct board_reply r;
	uint64_t seq[8];
	unsigned int i;
	int len;

	for (i = 0; i < 8; i++) {
		seq[i] = board_next_seq(&board);
		len = abi_encode(msg, sizeof(msg), ABI_MSG_HELLO, seq[i], 0,
		    &h, sizeof(h));
		ck_assert_int_gt(len, 0);
		ck_assert_int_eq(board_push(&board, msg, (size_t)len), 0);
	}
	for (i = 0; i < 8; i++) {
		ck_assert_msg(board_await(&board, ABI_MSG_HELLO, seq[i],
		    &r) == 0, "reply %u: %s", i, board_error(&board));
		ck_assert_uint_eq(r.view.type, ABI_MSG_HELLO_REPLY);
	}
	/* In order: nothing was skipped on the way to any reply. */
	ck_assert_uint_eq(board.stray_replies, 0);
	ck_assert_uint_eq(board.events_dropped, 0);
}
END_TEST

START_TEST(a_request_whose_doorbell_was_lost_is_answered)
{
	const struct abi_hello h = { .abi_version = ABI_VERSION };
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	struct board_reply r;
	uint64_t seq = board_next_seq(&board);
	int len;

	len = abi_encode(msg, sizeof(msg), ABI_MSG_HELLO, seq, 0, &h,
	    sizeof(h));
	ck_assert_int_gt(len, 0);
	/* On the ring, but the doorbell byte never reaches the firmware. */
	ck_assert_int_eq(abi_ring_push(&board.mb.tx, msg, (size_t)len), 0);
	ck_assert_msg(board_await(&board, ABI_MSG_HELLO, seq, &r) == 0, "%s",
	    board_error(&board));
	ck_assert_uint_eq(r.view.type, ABI_MSG_HELLO_REPLY);
	ck_assert_uint_ge(board.rerings, 1);
}
END_TEST

static Suite *
board_suite(void)
{
	Suite *s = suite_create("board");
	TCase *tc = tcase_create("mailbox");

	/* A fresh QEMU per test; boot and every reply have their own limit. */
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, hello_describes_the_board);
	tcase_add_test(tc, stats_reports_the_table_pool);
	tcase_add_test(tc, stats_of_a_missing_vm_is_enoent);
	tcase_add_test(tc, requests_about_a_missing_vm_are_refused);
	tcase_add_test(tc, typed_requests_for_a_missing_vm_get_enoent);
	tcase_add_test(tc, a_vm_made_and_destroyed_leaves_nothing_behind);
	tcase_add_loop_test(tc, malformed_request_gets_nak_and_serving_goes_on,
	    0, (int)(sizeof(spoilt) / sizeof(spoilt[0])));
	tcase_add_test(tc, requests_pushed_together_are_answered_in_order);
	tcase_add_test(tc, a_request_whose_doorbell_was_lost_is_answered);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, board_driver_tcase());
	suite_add_tcase(s, board_watch_tcase());
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(board_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
