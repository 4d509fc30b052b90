/* SPDX-License-Identifier: ISC */
/*
 * check_abi_ring.c - tests of the shared-memory rings.
 *
 * A ring lives in a heap block with guard bytes on both sides; after every
 * test the guards must be intact, so a side that wrote outside its ring is
 * caught even without ASan.  The "peer" is simulated by writing the shared
 * indices directly, as a hostile or broken peer would.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "check_abi.h"

#define GUARD		64
#define GUARD_BYTE	0xc5

struct ring_mem {
	unsigned char *block;	/* guard, ring, guard */
	unsigned char *ring;
	size_t bytes;
};

static void
ring_mem_alloc(struct ring_mem *rm, uint32_t count, uint32_t size)
{
	rm->bytes = abi_ring_bytes(count, size);
	ck_assert_uint_ne(rm->bytes, 0);
	rm->block = aligned_alloc(ABI_CACHE_LINE, rm->bytes + 2 * GUARD);
	ck_assert_ptr_nonnull(rm->block);
	memset(rm->block, GUARD_BYTE, rm->bytes + 2 * GUARD);
	rm->ring = rm->block + GUARD;
}

static void
ring_mem_free(struct ring_mem *rm)
{
	size_t i;

	for (i = 0; i < GUARD; i++) {
		ck_assert_uint_eq(rm->block[i], GUARD_BYTE);
		ck_assert_uint_eq(rm->block[GUARD + rm->bytes + i], GUARD_BYTE);
	}
	free(rm->block);
}

static struct abi_ring_shared *
shared(struct ring_mem *rm)
{
	return (struct abi_ring_shared *)rm->ring;
}

/* A message of @len bytes (>= 8) whose bytes all derive from @seq. */
static void
fill(unsigned char *p, size_t len, uint64_t seq)
{
	size_t i;

	memcpy(p, &seq, sizeof(seq));
	for (i = sizeof(seq); i < len; i++) {
		p[i] = (unsigned char)(seq * 31 + i);
	}
}

/* One assertion per message: check's assertions are not free. */
static void
check_fill(const unsigned char *p, size_t len, uint64_t seq)
{
	uint64_t got;
	size_t i;
	bool ok;

	memcpy(&got, p, sizeof(got));
	ok = got == seq;
	for (i = sizeof(seq); i < len; i++) {
		ok = ok && p[i] == (unsigned char)(seq * 31 + i);
	}
	T_CHECK(ok, "message %llu: got %llu or its bytes are wrong",
	    (unsigned long long)seq, (unsigned long long)got);
}

START_TEST(abi_ring_geometry_is_checked)
{
	ck_assert_uint_eq(abi_ring_bytes(1, 64), 128 + 64);
	ck_assert_uint_eq(abi_ring_bytes(64, ABI_SLOT_SIZE),
	    128 + 64 * ABI_SLOT_SIZE);
	ck_assert_uint_eq(abi_ring_bytes(ABI_RING_SLOTS_MAX, ABI_RING_SLOT_MAX),
	    128 + (size_t)ABI_RING_SLOTS_MAX * ABI_RING_SLOT_MAX);
	ck_assert_uint_eq(abi_ring_bytes(0, 64), 0);
	ck_assert_uint_eq(abi_ring_bytes(3, 64), 0);
	ck_assert_uint_eq(abi_ring_bytes(ABI_RING_SLOTS_MAX * 2, 64), 0);
	ck_assert_uint_eq(abi_ring_bytes(UINT32_MAX, 64), 0);
	ck_assert_uint_eq(abi_ring_bytes(4, 32), 0);
	ck_assert_uint_eq(abi_ring_bytes(4, 96), 0);
	ck_assert_uint_eq(abi_ring_bytes(4, ABI_RING_SLOT_MAX * 2), 0);
	ck_assert_uint_eq(abi_ring_bytes(4, 0), 0);
}
END_TEST

START_TEST(abi_ring_init_refuses_bad_memory)
{
	struct ring_mem rm;
	struct abi_ring r;

	ring_mem_alloc(&rm, 4, 64);
	ck_assert_int_eq(abi_ring_init(NULL, rm.ring, rm.bytes, 4, 64),
	    -EINVAL);
	ck_assert_int_eq(abi_ring_init(&r, NULL, rm.bytes, 4, 64), -EINVAL);
	ck_assert_int_eq(abi_ring_init(&r, rm.ring, rm.bytes - 1, 4, 64),
	    -EINVAL);
	ck_assert_int_eq(abi_ring_init(&r, rm.ring + 8, rm.bytes - 8, 2, 64),
	    -EINVAL);
	ck_assert_int_eq(abi_ring_init(&r, rm.ring, rm.bytes, 5, 64), -EINVAL);
	ck_assert_int_eq(abi_ring_attach(&r, rm.ring + 8, rm.bytes, 2, 64),
	    -EINVAL);
	ck_assert_int_eq(abi_ring_init(&r, rm.ring, rm.bytes, 4, 64), 0);
	ring_mem_free(&rm);
}
END_TEST

START_TEST(abi_ring_fills_and_empties_in_order)
{
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char msg[256];
	uint32_t i;

	ring_mem_alloc(&rm, 8, 256);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 8, 256), 0);
	ck_assert_int_eq(abi_ring_attach(&c, rm.ring, rm.bytes, 8, 256), 0);
	ck_assert_int_eq(abi_ring_pop(&c, out.b, sizeof(out.b)), -EAGAIN);
	for (i = 0; i < 8; i++) {
		fill(msg, 8 + i * 20, 100 + i);
		ck_assert_int_eq(abi_ring_push(&p, msg, 8 + i * 20), 0);
	}
	fill(msg, 8, 999);
	ck_assert_int_eq(abi_ring_push(&p, msg, 8), -EAGAIN);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->prod), 8);
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(abi_ring_pop(&c, out.b, sizeof(out.b)), 256);
		check_fill(out.b, 8 + i * 20, 100 + i);
	}
	ck_assert_int_eq(abi_ring_pop(&c, out.b, sizeof(out.b)), -EAGAIN);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->cons), 8);
	/* Room again once the consumer has freed slots. */
	ck_assert_int_eq(abi_ring_push(&p, msg, 8), 0);
	ring_mem_free(&rm);
}
END_TEST

START_TEST(abi_ring_refuses_bad_sizes_without_moving)
{
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char msg[ABI_SLOT_SIZE + 1];

	ring_mem_alloc(&rm, 2, ABI_SLOT_SIZE);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 2,
	    ABI_SLOT_SIZE), 0);
	c = p;
	memset(msg, 1, sizeof(msg));
	ck_assert_int_eq(abi_ring_push(&p, msg, sizeof(msg)), -EMSGSIZE);
	ck_assert_int_eq(abi_ring_push(&p, NULL, 8), -EINVAL);
	ck_assert_uint_eq(p.prod, 0);
	ck_assert_int_eq(abi_ring_push(&p, msg, ABI_SLOT_SIZE), 0);
	ck_assert_int_eq(abi_ring_pop(&c, out.b, ABI_SLOT_SIZE - 1),
	    -EMSGSIZE);
	ck_assert_int_eq(abi_ring_pop(&c, out.b + 4, ABI_SLOT_SIZE), -EINVAL);
	ck_assert_int_eq(abi_ring_pop(&c, NULL, ABI_SLOT_SIZE), -EINVAL);
	ck_assert_uint_eq(c.cons, 0);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->cons), 0);
	ck_assert_int_eq(abi_ring_pop(&c, out.b, ABI_SLOT_SIZE),
	    (int)ABI_SLOT_SIZE);
	ring_mem_free(&rm);
}
END_TEST

START_TEST(abi_ring_wraps_over_many_cycles)
{
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char msg[64];
	uint64_t sent = 0, got = 0;
	uint32_t round, k, burst;

	ring_mem_alloc(&rm, 8, 64);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 8, 64), 0);
	ck_assert_int_eq(abi_ring_attach(&c, rm.ring, rm.bytes, 8, 64), 0);
	for (round = 0; round < 20000; round++) {
		/* 0..8 more, up to full. */
		burst = round % 9;
		if (burst > 8 - (uint32_t)(sent - got)) {
			burst = 8 - (uint32_t)(sent - got);
		}
		for (k = 0; k < burst; k++) {
			fill(msg, 64, sent);
			T_CHECK(abi_ring_push(&p, msg, 64) == 0, "push %llu",
			    (unsigned long long)sent);
			sent++;
		}
		if (sent - got == 8) {
			T_CHECK(abi_ring_push(&p, msg, 64) == -EAGAIN,
			    "round %u: a full ring took more", round);
		}
		/* Leave one behind now and then, so the phases shift. */
		while (got + (round % 5 == 0 ? 1 : 0) < sent) {
			T_CHECK(abi_ring_pop(&c, out.b, 64) == 64, "pop %llu",
			    (unsigned long long)got);
			check_fill(out.b, 64, got);
			got++;
		}
	}
	ck_assert_uint_gt(sent, 70000);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->prod), (uint32_t)sent);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->cons), (uint32_t)got);
	ring_mem_free(&rm);
}
END_TEST

/* The free-running 32-bit indices wrap through 2^32 without a hitch. */
START_TEST(abi_ring_indices_wrap_at_32_bits)
{
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char msg[64];
	uint64_t sent = 0, got = 0;
	uint32_t round, k;

	ring_mem_alloc(&rm, 4, 64);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 4, 64), 0);
	atomic_store(&shared(&rm)->prod, UINT32_MAX - 5);
	atomic_store(&shared(&rm)->cons, UINT32_MAX - 5);
	ck_assert_int_eq(abi_ring_attach(&p, rm.ring, rm.bytes, 4, 64), 0);
	ck_assert_int_eq(abi_ring_attach(&c, rm.ring, rm.bytes, 4, 64), 0);
	for (round = 0; round < 40; round++) {
		for (k = 0; k < 3; k++) {
			fill(msg, 64, sent);
			ck_assert_int_eq(abi_ring_push(&p, msg, 64), 0);
			sent++;
		}
		for (k = 0; k < 3; k++) {
			ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), 64);
			check_fill(out.b, 64, got);
			got++;
		}
	}
	ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), -EAGAIN);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->prod), 120 - 6);
	ck_assert_uint_eq(atomic_load(&shared(&rm)->cons), 120 - 6);
	ring_mem_free(&rm);
}
END_TEST

/* A consumer never sees more slots than the ring has, nor fewer than 0. */
START_TEST(abi_ring_hostile_producer_index_is_protocol_error)
{
	static const uint32_t delta[] = { 5, 6, 100, 0x80000000u, UINT32_MAX,
	    UINT32_MAX - 3 };
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char before[128 + 4 * 64], msg[64];
	size_t i;

	ring_mem_alloc(&rm, 4, 64);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 4, 64), 0);
	ck_assert_int_eq(abi_ring_attach(&c, rm.ring, rm.bytes, 4, 64), 0);
	fill(msg, 64, 1);
	ck_assert_int_eq(abi_ring_push(&p, msg, 64), 0);
	ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), 64);
	for (i = 0; i < sizeof(delta) / sizeof(delta[0]); i++) {
		/* Ahead by more than the ring, or behind the consumer. */
		atomic_store(&shared(&rm)->prod, c.cons + delta[i]);
		memcpy(before, rm.ring, sizeof(before));
		ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), -EPROTO);
		ck_assert_uint_eq(c.cons, 1);
		ck_assert_mem_eq(rm.ring, before, sizeof(before));
	}
	/* A full ring's worth is legal: the slots go out to be decoded. */
	atomic_store(&shared(&rm)->prod, c.cons + 4);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), 64);
	}
	ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), -EAGAIN);
	ring_mem_free(&rm);
}
END_TEST

/* A producer refuses a consumer index ahead of it or a ring behind. */
START_TEST(abi_ring_hostile_consumer_index_is_protocol_error)
{
	static const uint32_t back[] = { 5, 6, 1000, 0x80000000u, UINT32_MAX,
	    UINT32_MAX - 2 };
	struct ring_mem rm;
	struct abi_ring p;
	unsigned char before[128 + 4 * 64], msg[64];
	size_t i;

	ring_mem_alloc(&rm, 4, 64);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 4, 64), 0);
	fill(msg, 64, 7);
	ck_assert_int_eq(abi_ring_push(&p, msg, 64), 0);
	for (i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
		/* cons = prod - back: more than a ring behind, or ahead. */
		atomic_store(&shared(&rm)->cons, p.prod - back[i]);
		memcpy(before, rm.ring, sizeof(before));
		ck_assert_int_eq(abi_ring_push(&p, msg, 64), -EPROTO);
		ck_assert_uint_eq(p.prod, 1);
		ck_assert_mem_eq(rm.ring, before, sizeof(before));
	}
	/* Exactly a ring behind is a full ring, not an error. */
	atomic_store(&shared(&rm)->cons, p.prod - 4);
	ck_assert_int_eq(abi_ring_push(&p, msg, 64), -EAGAIN);
	atomic_store(&shared(&rm)->cons, p.prod);
	ck_assert_int_eq(abi_ring_push(&p, msg, 64), 0);
	ring_mem_free(&rm);
}
END_TEST

/*
 * Random garbage in the peer's index: the result follows from the distance
 * alone, and no access leaves the ring (guards, ASan).  The side's own
 * shared index, which a hostile peer may also scribble on, is never read.
 */
START_TEST(abi_ring_random_peer_indices_stay_in_bounds)
{
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char msg[128];
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	uint32_t peer, dist, i, n = t_quick() ? 5000 : 200000;
	int want, err;

	ring_mem_alloc(&rm, 8, 128);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 8, 128), 0);
	ck_assert_int_eq(abi_ring_attach(&c, rm.ring, rm.bytes, 8, 128), 0);
	memset(msg, 0x3c, sizeof(msg));
	for (i = 0; i < n; i++) {
		uint64_t r = t_rand(&seed);

		/* Near the private index half the time, anywhere otherwise. */
		peer = (uint32_t)(r >> 32);
		if (r & 1) {
			peer = p.prod - (uint32_t)(r >> 40) % 12 + 2;
		}
		atomic_store(&shared(&rm)->cons, peer);
		atomic_store(&shared(&rm)->prod, (uint32_t)t_rand(&seed));
		dist = p.prod - peer;
		want = dist > 8 ? -EPROTO : dist == 8 ? -EAGAIN : 0;
		err = abi_ring_push(&p, msg, 1 + (size_t)(r % 128));
		T_CHECK(err == want, "push, cons %#x prod %#x: %d, want %d",
		    peer, p.prod, err, want);

		peer = (uint32_t)t_rand(&seed);
		if (r & 2) {
			peer = c.cons + (uint32_t)(r >> 44) % 12 - 2;
		}
		atomic_store(&shared(&rm)->prod, peer);
		atomic_store(&shared(&rm)->cons, (uint32_t)t_rand(&seed));
		dist = peer - c.cons;
		want = dist > 8 ? -EPROTO : dist == 0 ? -EAGAIN : 128;
		err = abi_ring_pop(&c, out.b, 128);
		T_CHECK(err == want, "pop with prod %#x, cons %#x: %d, want %d",
		    peer, c.cons, err, want);
	}
	ring_mem_free(&rm);
}
END_TEST

/* The caller's copy is made before the slot is handed back, once. */
START_TEST(abi_ring_pop_copy_is_immune_to_later_slot_writes)
{
	struct ring_mem rm;
	struct abi_ring p, c;
	union t_msg out;
	unsigned char msg[64];

	ring_mem_alloc(&rm, 2, 64);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 2, 64), 0);
	c = p;
	fill(msg, 64, 42);
	ck_assert_int_eq(abi_ring_push(&p, msg, 64), 0);
	ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), 64);
	/* The producer rewrites the slot it got back. */
	memset(rm.ring + sizeof(struct abi_ring_shared), 0xff, 64);
	check_fill(out.b, 64, 42);
	ring_mem_free(&rm);
}
END_TEST

/* A side that restarts takes the ring up where the indices stand. */
START_TEST(abi_ring_attach_resumes_and_checks_indices)
{
	struct ring_mem rm;
	struct abi_ring p, c, c2, p2;
	union t_msg out;
	unsigned char msg[64];
	uint64_t i;

	ring_mem_alloc(&rm, 4, 64);
	ck_assert_int_eq(abi_ring_init(&p, rm.ring, rm.bytes, 4, 64), 0);
	ck_assert_int_eq(abi_ring_attach(&c, rm.ring, rm.bytes, 4, 64), 0);
	for (i = 0; i < 3; i++) {
		fill(msg, 64, i);
		ck_assert_int_eq(abi_ring_push(&p, msg, 64), 0);
	}
	ck_assert_int_eq(abi_ring_pop(&c, out.b, 64), 64);
	check_fill(out.b, 64, 0);
	ck_assert_int_eq(abi_ring_attach(&c2, rm.ring, rm.bytes, 4, 64), 0);
	ck_assert_int_eq(abi_ring_attach(&p2, rm.ring, rm.bytes, 4, 64), 0);
	fill(msg, 64, 3);
	ck_assert_int_eq(abi_ring_push(&p2, msg, 64), 0);
	for (i = 1; i < 4; i++) {
		ck_assert_int_eq(abi_ring_pop(&c2, out.b, 64), 64);
		check_fill(out.b, 64, i);
	}
	ck_assert_int_eq(abi_ring_pop(&c2, out.b, 64), -EAGAIN);

	atomic_store(&shared(&rm)->prod, 100);
	atomic_store(&shared(&rm)->cons, 95);
	ck_assert_int_eq(abi_ring_attach(&c2, rm.ring, rm.bytes, 4, 64),
	    -EPROTO);
	atomic_store(&shared(&rm)->cons, 101);
	ck_assert_int_eq(abi_ring_attach(&c2, rm.ring, rm.bytes, 4, 64),
	    -EPROTO);
	atomic_store(&shared(&rm)->cons, 96);
	ck_assert_int_eq(abi_ring_attach(&c2, rm.ring, rm.bytes, 4, 64), 0);
	ring_mem_free(&rm);
}
END_TEST

/*
 * Two threads, a producer and a consumer, as the firmware and hvd: every
 * message encoded, pushed, popped, decoded, in sequence and intact.
 */
struct pipe {
	struct abi_ring p;
	struct abi_ring c;
	uint64_t count;
	atomic_bool stop;	/* one side failed: the other gives up */
	const char *perr;	/* the producer's failure */
	const char *cerr;	/* the consumer's failure */
};

static size_t
pipe_len(uint64_t seq)
{
	return 1 + (size_t)(seq % 64);
}

static const char *
pipe_send(struct pipe *t, uint64_t seq)
{
	union t_msg m;
	unsigned char text[64];
	size_t i, len = pipe_len(seq);
	int n, err;

	for (i = 0; i < len; i++) {
		text[i] = (unsigned char)(seq + i);
	}
	n = abi_encode_text(m.b, sizeof(m.b), ABI_MSG_CONSOLE_OUT, seq,
	    1 + (uint32_t)(seq % 7), 0, text, len);
	if (n < 0) {
		return "encode failed";
	}
	while ((err = abi_ring_push(&t->p, m.b, (size_t)n)) == -EAGAIN) {
		if (atomic_load(&t->stop)) {
			return "consumer gave up";
		}
		sched_yield();
	}
	return err == 0 ? NULL : "push failed";
}

static void *
pipe_producer(void *arg)
{
	struct pipe *t = arg;
	uint64_t seq;

	for (seq = 1; seq <= t->count && t->perr == NULL; seq++) {
		t->perr = pipe_send(t, seq);
	}
	if (t->perr != NULL) {
		atomic_store(&t->stop, true);
	}
	return NULL;
}

static const char *
pipe_check(const struct abi_view *v, uint64_t seq)
{
	size_t i, len = pipe_len(seq);

	if (v->type != ABI_MSG_CONSOLE_OUT || v->hdr->seq != seq) {
		return "out of sequence";
	}
	if (v->count != len || v->msg.text->vm != 1 + seq % 7) {
		return "wrong body";
	}
	for (i = 0; i < len; i++) {
		if (v->msg.text->bytes[i] != (unsigned char)(seq + i)) {
			return "corrupt bytes";
		}
	}
	return NULL;
}

static const char *
pipe_receive(struct pipe *t, uint64_t seq)
{
	union t_msg m;
	struct abi_view v;
	int n;

	while ((n = abi_ring_pop(&t->c, m.b, sizeof(m.b))) == -EAGAIN) {
		if (atomic_load(&t->stop)) {
			return "producer gave up";
		}
		sched_yield();
	}
	if (n < 0 || abi_decode(m.b, (size_t)n, &v) != 0) {
		return "pop or decode failed";
	}
	return pipe_check(&v, seq);
}

static void *
pipe_consumer(void *arg)
{
	struct pipe *t = arg;
	uint64_t seq;

	for (seq = 1; seq <= t->count && t->cerr == NULL; seq++) {
		t->cerr = pipe_receive(t, seq);
	}
	if (t->cerr != NULL) {
		atomic_store(&t->stop, true);
	}
	return NULL;
}

START_TEST(abi_ring_two_threads_exchange_a_million_messages)
{
	struct ring_mem rm;
	struct pipe t;
	pthread_t prod, cons;
	union t_msg m;

	memset(&t, 0, sizeof(t));
	atomic_init(&t.stop, false);
	t.count = t_quick() ? 20000 : 1000000;
	ring_mem_alloc(&rm, 16, ABI_SLOT_SIZE);
	ck_assert_int_eq(abi_ring_init(&t.p, rm.ring, rm.bytes, 16,
	    ABI_SLOT_SIZE), 0);
	ck_assert_int_eq(abi_ring_attach(&t.c, rm.ring, rm.bytes, 16,
	    ABI_SLOT_SIZE), 0);
	ck_assert_int_eq(pthread_create(&cons, NULL, pipe_consumer, &t), 0);
	ck_assert_int_eq(pthread_create(&prod, NULL, pipe_producer, &t), 0);
	ck_assert_int_eq(pthread_join(prod, NULL), 0);
	ck_assert_int_eq(pthread_join(cons, NULL), 0);
	ck_assert_msg(t.perr == NULL, "producer: %s", t.perr);
	ck_assert_msg(t.cerr == NULL, "consumer: %s", t.cerr);
	ck_assert_int_eq(abi_ring_pop(&t.c, m.b, sizeof(m.b)), -EAGAIN);
	ck_assert_uint_eq(t.c.cons, (uint32_t)t.count);
	ck_assert_uint_eq(t.p.prod, (uint32_t)t.count);
	ring_mem_free(&rm);
}
END_TEST

/**
 * abi_ring_suite() - the rings, alone and between two threads.
 *
 * Return: the suite.
 */
Suite *
abi_ring_suite(void)
{
	Suite *s = suite_create("abi_ring");
	TCase *tc = tcase_create("ring");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, abi_ring_geometry_is_checked);
	tcase_add_test(tc, abi_ring_init_refuses_bad_memory);
	tcase_add_test(tc, abi_ring_fills_and_empties_in_order);
	tcase_add_test(tc, abi_ring_refuses_bad_sizes_without_moving);
	tcase_add_test(tc, abi_ring_wraps_over_many_cycles);
	tcase_add_test(tc, abi_ring_indices_wrap_at_32_bits);
	tcase_add_test(tc, abi_ring_hostile_producer_index_is_protocol_error);
	tcase_add_test(tc, abi_ring_hostile_consumer_index_is_protocol_error);
	tcase_add_test(tc, abi_ring_random_peer_indices_stay_in_bounds);
	tcase_add_test(tc, abi_ring_pop_copy_is_immune_to_later_slot_writes);
	tcase_add_test(tc, abi_ring_attach_resumes_and_checks_indices);
	tcase_add_test(tc, abi_ring_two_threads_exchange_a_million_messages);
	suite_add_tcase(s, tc);
	return s;
}
