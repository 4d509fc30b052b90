/* SPDX-License-Identifier: ISC */
/*
 * check_abi_mailbox.c - tests of the mailbox layout: one side lays it out,
 * the other checks and takes it up; a corrupt layout header must be
 * refused with the right error before any ring is touched.
 *
 * Regions are heap blocks of exactly the size under test, so ASan catches
 * any access a bad offset would lead to.
 */
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "check_abi.h"

#define REQ_SLOTS	8
#define EVT_SLOTS	16

static unsigned char *
region_alloc(size_t size)
{
	unsigned char *p = aligned_alloc(ABI_CACHE_LINE, size);

	ck_assert_ptr_nonnull(p);
	memset(p, 0, size);
	return p;
}

static size_t
layout_size(void)
{
	return abi_mailbox_bytes(REQ_SLOTS, EVT_SLOTS);
}

START_TEST(abi_mailbox_size_adds_up)
{
	ck_assert_uint_eq(abi_mailbox_bytes(REQ_SLOTS, EVT_SLOTS),
	    64 + 2 * 128 + (REQ_SLOTS + EVT_SLOTS) * ABI_SLOT_SIZE);
	ck_assert_uint_eq(abi_mailbox_bytes(0, 4), 0);
	ck_assert_uint_eq(abi_mailbox_bytes(4, 6), 0);
	ck_assert_uint_eq(abi_mailbox_bytes(4, ABI_RING_SLOTS_MAX * 2), 0);
}
END_TEST

/* The firmware lays out, hvd attaches, a request and its reply go round. */
START_TEST(abi_mailbox_carries_request_and_reply)
{
	size_t size = layout_size();
	unsigned char *region = region_alloc(size);
	struct abi_mailbox fw, host;
	struct t_sample hello, reply;
	union t_msg m;
	struct abi_view v;
	int n;

	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size), -EAGAIN);
	ck_assert_int_eq(abi_mailbox_init(&fw, ABI_SIDE_FIRMWARE, region, size,
	    REQ_SLOTS, EVT_SLOTS), 0);
	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size), 0);
	ck_assert_uint_eq(host.tx.slot_count, REQ_SLOTS);
	ck_assert_uint_eq(host.rx.slot_count, EVT_SLOTS);
	ck_assert_uint_eq(fw.rx.slot_count, REQ_SLOTS);
	ck_assert_ptr_eq(host.tx.sh, fw.rx.sh);
	ck_assert_ptr_eq(host.rx.slots, fw.tx.slots);

	t_sample_named("hello", &hello);
	ck_assert_int_eq(abi_ring_push(&host.tx, hello.m.b, hello.len), 0);
	n = abi_ring_pop(&fw.rx, m.b, sizeof(m.b));
	ck_assert_int_eq(n, (int)ABI_SLOT_SIZE);
	ck_assert_int_eq(abi_decode(m.b, (size_t)n, &v), 0);
	ck_assert_uint_eq(v.type, ABI_MSG_HELLO);

	t_sample_named("hello_reply", &reply);
	ck_assert_int_eq(abi_ring_push(&fw.tx, reply.m.b, reply.len), 0);
	n = abi_ring_pop(&host.rx, m.b, sizeof(m.b));
	ck_assert_int_eq(abi_decode(m.b, (size_t)n, &v), 0);
	ck_assert(abi_reply_matches(&v, ABI_MSG_HELLO,
	    t_get(hello.m.b, 16, 8)));
	ck_assert_int_eq(abi_ring_pop(&host.rx, m.b, sizeof(m.b)), -EAGAIN);
	ck_assert_int_eq(abi_ring_pop(&fw.rx, m.b, sizeof(m.b)), -EAGAIN);
	free(region);
}
END_TEST

START_TEST(abi_mailbox_init_refuses_bad_arguments)
{
	size_t size = layout_size();
	unsigned char *region = region_alloc(size + ABI_CACHE_LINE);
	struct abi_mailbox mb;

	ck_assert_int_eq(abi_mailbox_init(&mb, ABI_SIDE_HOST, region, size - 1,
	    REQ_SLOTS, EVT_SLOTS), -EINVAL);
	ck_assert_int_eq(abi_mailbox_init(&mb, ABI_SIDE_HOST, region + 8, size,
	    REQ_SLOTS, EVT_SLOTS), -EINVAL);
	ck_assert_int_eq(abi_mailbox_init(&mb, 0, region, size, REQ_SLOTS,
	    EVT_SLOTS), -EINVAL);
	ck_assert_int_eq(abi_mailbox_init(&mb, ABI_SIDE_HOST, region, size,
	    3, EVT_SLOTS), -EINVAL);
	ck_assert_int_eq(abi_mailbox_init(NULL, ABI_SIDE_HOST, region, size,
	    REQ_SLOTS, EVT_SLOTS), -EINVAL);
	ck_assert_int_eq(abi_mailbox_init(&mb, ABI_SIDE_HOST, NULL, size,
	    REQ_SLOTS, EVT_SLOTS), -EINVAL);
	/* Nothing was written by the refusals. */
	ck_assert_int_eq(abi_mailbox_attach(&mb, ABI_SIDE_HOST, region, size),
	    -EAGAIN);
	ck_assert_int_eq(abi_mailbox_attach(&mb, ABI_SIDE_HOST, region, 63),
	    -EINVAL);
	ck_assert_int_eq(abi_mailbox_attach(&mb, 3, region, size), -EINVAL);
	ck_assert_int_eq(abi_mailbox_attach(&mb, ABI_SIDE_HOST, region + 8,
	    size), -EINVAL);
	free(region);
}
END_TEST

/* One corruption of the layout header: offset, width, value, error. */
struct corruption {
	const char *what;
	size_t off;
	unsigned int width;
	uint64_t value;
	int err;
};

#define REQ_OFF		64u
#define EVT_OFF		(64u + 128u + REQ_SLOTS * ABI_SLOT_SIZE)
#define SIZE		(EVT_OFF + 128u + EVT_SLOTS * ABI_SLOT_SIZE)

static const struct corruption corruptions[] = {
	{ "magic", 0, 4, ABI_MSG_MAGIC, -EPROTO },
	{ "magic", 0, 4, ABI_MAILBOX_MAGIC ^ 1, -EPROTO },
	{ "version", 4, 2, 0, -EPROTONOSUPPORT },
	{ "version", 4, 2, ABI_VERSION + 1, -EPROTONOSUPPORT },
	{ "hdr_size", 6, 2, 0, -EPROTO },
	{ "hdr_size", 6, 2, 128, -EPROTO },
	{ "slot_size", 8, 4, 256, -EPROTO },
	{ "slot_size", 8, 4, 0, -EPROTO },
	{ "slot_size", 8, 4, UINT32_MAX, -EPROTO },
	{ "req_slots", 12, 4, 0, -EPROTO },
	{ "req_slots", 12, 4, 6, -EPROTO },
	{ "req_slots", 12, 4, 16, -EPROTO },	/* runs into the event ring */
	{ "req_slots", 12, 4, 0x80000000u, -EPROTO },
	{ "evt_slots", 16, 4, 32, -EPROTO },	/* runs past the layout */
	{ "evt_slots", 16, 4, UINT32_MAX, -EPROTO },
	{ "reserved0", 20, 4, 1, -EPROTO },
	{ "req_offset", 24, 8, 0, -EPROTO },	/* over the header */
	{ "req_offset", 24, 8, 32, -EPROTO },
	{ "req_offset", 24, 8, REQ_OFF + 8, -EPROTO },	/* misaligned */
	{ "req_offset", 24, 8, REQ_OFF + 64, -EPROTO },	/* overlaps */
	{ "req_offset", 24, 8, EVT_OFF, -EPROTO },	/* same ring */
	{ "req_offset", 24, 8, SIZE, -EPROTO },
	{ "req_offset", 24, 8, UINT64_MAX - 63, -EPROTO },
	{ "req_offset", 24, 8, (uint64_t)1 << 63, -EPROTO },
	{ "evt_offset", 32, 8, 0, -EPROTO },
	{ "evt_offset", 32, 8, EVT_OFF - 64, -EPROTO },
	{ "evt_offset", 32, 8, EVT_OFF + 64, -EPROTO },	/* past the end */
	{ "evt_offset", 32, 8, UINT64_MAX - 63, -EPROTO },
	{ "size", 40, 8, SIZE + 64, -EPROTO },	/* more than was mapped */
	{ "size", 40, 8, SIZE - 64, -EPROTO },
	{ "size", 40, 8, 0, -EPROTO },
	{ "size", 40, 8, UINT64_MAX, -EPROTO },
	{ "reserved1[0]", 48, 8, 1, -EPROTO },
	{ "reserved1[1]", 56, 8, (uint64_t)1 << 63, -EPROTO },
	{ "req.prod", REQ_OFF, 4, REQ_SLOTS + 1, -EPROTO },
	{ "req.cons", REQ_OFF + 64, 4, 1, -EPROTO },
	{ "evt.prod", EVT_OFF, 4, UINT32_MAX, -EPROTO },
	{ "evt.cons", EVT_OFF + 64, 4, 0x80000000u, -EPROTO },
};

static void
corruption_check(const struct corruption *c)
{
	size_t size = layout_size();
	unsigned char *region = region_alloc(size);
	struct abi_mailbox fw, host, before;
	int err;

	ck_assert_uint_eq(size, SIZE);
	ck_assert_int_eq(abi_mailbox_init(&fw, ABI_SIDE_FIRMWARE, region, size,
	    REQ_SLOTS, EVT_SLOTS), 0);
	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size), 0);
	t_put(region, c->off, c->width, c->value);
	memset(&before, 0x77, sizeof(before));
	host = before;
	err = abi_mailbox_attach(&host, ABI_SIDE_HOST, region, size);
	ck_assert_msg(err == c->err, "%s = %#llx: got %d, want %d", c->what,
	    (unsigned long long)c->value, err, c->err);
	ck_assert_mem_eq(&host, &before, sizeof(host));
	free(region);
}

START_TEST(abi_mailbox_corrupt_layout_is_refused)
{
	size_t i;

	for (i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++) {
		corruption_check(&corruptions[i]);
	}
}
END_TEST

/* Attaching checks the layout, not one way of laying it out. */
START_TEST(abi_mailbox_attach_accepts_any_consistent_layout)
{
	size_t size = layout_size() + 4096;
	unsigned char *region = region_alloc(size);
	struct abi_mailbox fw, host;
	struct t_sample s;
	union t_msg m;
	struct abi_view v;
	uint64_t evt_off = 64 + 4096, req_off = evt_off + 128 +
	    EVT_SLOTS * ABI_SLOT_SIZE;

	ck_assert_int_eq(abi_mailbox_init(&fw, ABI_SIDE_FIRMWARE, region,
	    layout_size(), REQ_SLOTS, EVT_SLOTS), 0);
	/* Event ring first, after a gap, then the request ring. */
	t_put(region, 24, 8, req_off);
	t_put(region, 32, 8, evt_off);
	t_put(region, 40, 8, size);
	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size), 0);
	ck_assert_int_eq(abi_mailbox_attach(&fw, ABI_SIDE_FIRMWARE, region,
	    size), 0);
	ck_assert_ptr_eq(host.tx.sh, (void *)(region + req_off));
	ck_assert_ptr_eq(fw.tx.sh, (void *)(region + evt_off));
	t_sample_named("fault", &s);
	ck_assert_int_eq(abi_ring_push(&fw.tx, s.m.b, s.len), 0);
	ck_assert_int_gt(abi_ring_pop(&host.rx, m.b, sizeof(m.b)), 0);
	ck_assert_int_eq(abi_decode(m.b, ABI_SLOT_SIZE, &v), 0);
	ck_assert_uint_eq(v.type, ABI_MSG_FAULT);
	/* The same layout in a smaller mapping does not fit. */
	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size - 1), -EPROTO);
	free(region);
}
END_TEST

/* A firmware that restarts lays out afresh over the old mailbox. */
START_TEST(abi_mailbox_reinit_starts_empty)
{
	size_t size = layout_size();
	unsigned char *region = region_alloc(size);
	struct abi_mailbox fw, host;
	struct t_sample s;
	union t_msg m;

	ck_assert_int_eq(abi_mailbox_init(&fw, ABI_SIDE_FIRMWARE, region, size,
	    REQ_SLOTS, EVT_SLOTS), 0);
	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size), 0);
	t_sample_named("run", &s);
	ck_assert_int_eq(abi_ring_push(&host.tx, s.m.b, s.len), 0);
	ck_assert_int_eq(abi_mailbox_init(&fw, ABI_SIDE_FIRMWARE, region, size,
	    REQ_SLOTS, EVT_SLOTS), 0);
	ck_assert_int_eq(abi_ring_pop(&fw.rx, m.b, sizeof(m.b)), -EAGAIN);
	ck_assert_int_eq(abi_mailbox_attach(&host, ABI_SIDE_HOST, region,
	    size), 0);
	ck_assert_uint_eq(host.tx.prod, 0);
	free(region);
}
END_TEST

/**
 * abi_mailbox_suite() - the mailbox layout.
 *
 * Return: the suite.
 */
Suite *
abi_mailbox_suite(void)
{
	Suite *s = suite_create("abi_mailbox");
	TCase *tc = tcase_create("mailbox");

	tcase_add_test(tc, abi_mailbox_size_adds_up);
	tcase_add_test(tc, abi_mailbox_carries_request_and_reply);
	tcase_add_test(tc, abi_mailbox_init_refuses_bad_arguments);
	tcase_add_test(tc, abi_mailbox_corrupt_layout_is_refused);
	tcase_add_test(tc, abi_mailbox_attach_accepts_any_consistent_layout);
	tcase_add_test(tc, abi_mailbox_reinit_starts_empty);
	suite_add_tcase(s, tc);
	return s;
}
