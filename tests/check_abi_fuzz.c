/* SPDX-License-Identifier: ISC */
/*
 * check_abi_fuzz.c - random bytes and random mutations of valid messages
 * fed to abi_decode(), with fixed seeds (a failure prints its seed and
 * iteration, and HV_TEST_SEED=N reruns one seed).
 *
 * Each input is decoded from a heap block of exactly its length (ASan and
 * valgrind see any read past it).  The decoder must answer with one of its
 * documented errors, or accept; an accepted message must be canonical: it
 * re-encodes, from its view, to the very same bytes, which holds only if
 * every reserved field, flag and length the decoder let through is what the
 * encoders would write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "check_abi.h"

static const uint64_t seeds[] = { 1, 2, 3, 0x5eed, 0xdeadbeef };
#define SEED_COUNT	(int)(sizeof(seeds) / sizeof(seeds[0]))

static uint32_t
iterations(void)
{
	return t_quick() ? 4000 : 100000;
}

static uint64_t
seed_of(int i)
{
	const char *v = getenv("HV_TEST_SEED");

	return v != NULL && v[0] != '\0' ? strtoull(v, NULL, 0) : seeds[i];
}

static bool
documented(int err)
{
	return err == 0 || err == -EBADMSG || err == -EMSGSIZE ||
	    err == -EPROTO || err == -EPROTONOSUPPORT;
}

/* Decode @len bytes from an exact heap copy; check what comes back. */
static int
fuzz_one(const unsigned char *in, size_t len, uint64_t seed, uint32_t iter)
{
	unsigned char *copy = malloc(len);
	union t_msg again;
	struct abi_view v;
	int err, n;

	T_CHECK(copy != NULL, "out of memory");
	if (len != 0) {
		memcpy(copy, in, len);
	}
	err = abi_decode(copy, len, &v);
	T_CHECK(documented(err), "seed %#llx iteration %u: error %d",
	    (unsigned long long)seed, iter, err);
	if (err == 0) {
		T_CHECK((const void *)v.hdr == copy && v.hdr->length <= len &&
		    v.body_len + T_BODY == v.hdr->length,
		    "seed %#llx iteration %u: the view is off the message",
		    (unsigned long long)seed, iter);
		n = abi_encode(again.b, sizeof(again.b), v.type, v.hdr->seq,
		    v.hdr->status, v.body, v.body_len);
		T_CHECK(n == (int)v.hdr->length &&
		    memcmp(again.b, copy, (size_t)n) == 0,
		    "seed %#llx iteration %u: accepted a non-canonical message",
		    (unsigned long long)seed, iter);
	}
	free(copy);
	return err;
}

static const unsigned int types[] = {
	ABI_MSG_HELLO, ABI_MSG_CREATE_VM, ABI_MSG_DESTROY_VM, ABI_MSG_MAP,
	ABI_MSG_UNMAP, ABI_MSG_PROTECT, ABI_MSG_SET_VCPU, ABI_MSG_RUN,
	ABI_MSG_PAUSE, ABI_MSG_STATS, ABI_MSG_S2_DUMP, ABI_MSG_CONSOLE_IN,
	ABI_MSG_CONSOLE_OUT, ABI_MSG_FAULT, ABI_MSG_VM_EXITED, ABI_MSG_LOG,
	ABI_MSG_HELLO_REPLY, ABI_MSG_MAP_REPLY, ABI_MSG_STATS_REPLY,
	ABI_MSG_S2_DUMP_REPLY, ABI_MSG_RUN_REPLY, ABI_MSG_NAK, 0x3f, 0x1234,
};

/* Half zeros, half small numbers: what reserved fields and enums hold. */
static unsigned char
small_byte(uint64_t *st)
{
	uint64_t r = t_rand(st);

	return (r & 1) != 0 ? 0 : (unsigned char)(r >> 8) % 4;
}

/*
 * Random bytes, more or less helped past the first checks: a right magic
 * and version, a known type, a length that agrees with the buffer, small
 * values in the bytes.
 */
static size_t
random_bytes(unsigned char *b, uint64_t *st)
{
	uint64_t r = t_rand(st);
	size_t len = (size_t)(t_rand(st) % (ABI_MSG_MAX + 48)), i;

	for (i = 0; i < len; i++) {
		b[i] = (r & 8) != 0 ? small_byte(st) :
		    (unsigned char)t_rand(st);
	}
	if (len >= T_BODY) {
		if ((r & 1) != 0) {
			t_put(b, 0, 4, ABI_MSG_MAGIC);
			t_put(b, 4, 2, ABI_VERSION);
		}
		if ((r & 2) != 0) {
			t_put(b, 6, 2, types[(r >> 8) % (sizeof(types) /
			    sizeof(types[0]))]);
		}
		if ((r & 4) != 0) {
			t_put(b, 8, 4, len - (r >> 16) % 4);
			t_put(b, 12, 4, 0);
			t_put(b, 24, 8, (r & 16) != 0 ? 0 : (uint64_t)-EIO &
			    0xffffffffu);
		}
	}
	return len;
}

/* A sample's header over a body of small random bytes. */
static size_t
random_body(unsigned char *b, uint64_t *st)
{
	struct t_sample s;
	size_t i;

	t_sample((unsigned int)(t_rand(st) % t_sample_count()), &s);
	memcpy(b, s.m.b, T_BODY);
	for (i = T_BODY; i < s.len; i++) {
		b[i] = small_byte(st);
	}
	return s.len;
}

static size_t
random_message(unsigned char *b, uint64_t *st)
{
	return (t_rand(st) & 1) != 0 ? random_bytes(b, st) :
	    random_body(b, st);
}

START_TEST(abi_fuzz_random_bytes)
{
	uint64_t seed = seed_of(_i), st = seed | 1;
	unsigned char b[ABI_MSG_MAX + 64];
	uint32_t i, n = iterations(), accepted = 0;
	size_t len;

	for (i = 0; i < n; i++) {
		len = random_message(b, &st);
		if (fuzz_one(b, len, seed, i) == 0) {
			accepted++;
		}
	}
	/* The generator gets some past every check. */
	ck_assert_uint_gt(accepted, 0);
}
END_TEST

/* One to four changes to a valid message. */
static size_t
mutate(unsigned char *b, size_t len, uint64_t *st)
{
	unsigned int k, changes = 1 + (unsigned int)(t_rand(st) % 4);
	uint64_t r;
	size_t at;

	for (k = 0; k < changes; k++) {
		r = t_rand(st);
		at = len != 0 ? (size_t)(r >> 16) % len : 0;
		switch (r % 7) {
		case 0:
			b[at] ^= (unsigned char)(1u << ((r >> 8) % 8));
			break;
		case 1:
			b[at] = (unsigned char)(r >> 40);
			break;
		case 2:
			b[at] = (r & 0x100) != 0 ? 0xff : 0;
			break;
		case 3:
			if (at + 4 <= len) {
				t_put(b, at & ~(size_t)3, 4, r >> 32);
			}
			break;
		case 4:
			len = (size_t)(r >> 24) % (len + 1);
			break;
		case 5:
			if (len < ABI_MSG_MAX + 32) {
				b[len++] = (unsigned char)(r >> 48);
			}
			break;
		default:
			/* A length field that agrees with the cut. */
			if (len >= T_BODY) {
				t_put(b, 8, 4, len);
			}
			break;
		}
	}
	return len;
}

START_TEST(abi_fuzz_mutated_samples)
{
	uint64_t seed = seed_of(_i), st = seed * 0x9e3779b97f4a7c15ull | 1;
	struct t_sample s;
	uint32_t i, n = iterations(), accepted = 0, refused = 0;
	unsigned char b[ABI_MSG_MAX + 64];
	size_t len;

	for (i = 0; i < n; i++) {
		t_sample((unsigned int)(t_rand(&st) % t_sample_count()), &s);
		memcpy(b, s.m.b, s.len);
		len = mutate(b, s.len, &st);
		if (fuzz_one(b, len, seed, i) == 0) {
			accepted++;
		} else {
			refused++;
		}
	}
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_gt(refused, n / 2);
}
END_TEST

/* Random slots through a ring: pop and decode take whatever comes. */
START_TEST(abi_fuzz_through_a_ring)
{
	uint64_t seed = seed_of(_i), st = seed + 77;
	size_t bytes = abi_ring_bytes(4, ABI_SLOT_SIZE), len;
	unsigned char *mem = aligned_alloc(ABI_CACHE_LINE, bytes);
	unsigned char b[ABI_MSG_MAX + 64];
	struct abi_ring p, c;
	union t_msg out;
	struct abi_view v;
	uint32_t i, n = iterations() / 10;
	int got;

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(abi_ring_init(&p, mem, bytes, 4, ABI_SLOT_SIZE), 0);
	ck_assert_int_eq(abi_ring_attach(&c, mem, bytes, 4, ABI_SLOT_SIZE), 0);
	for (i = 0; i < n; i++) {
		len = random_message(b, &st);
		if (len > ABI_SLOT_SIZE) {
			len = ABI_SLOT_SIZE;
		}
		T_CHECK(abi_ring_push(&p, b, len) == 0, "push %u", i);
		got = abi_ring_pop(&c, out.b, sizeof(out.b));
		T_CHECK(got == (int)ABI_SLOT_SIZE, "pop %u: %d", i, got);
		T_CHECK(documented(abi_decode(out.b, (size_t)got, &v)),
		    "seed %#llx iteration %u", (unsigned long long)seed, i);
	}
	free(mem);
}
END_TEST

/**
 * abi_fuzz_suite() - random input, fixed seeds, a second or so.
 *
 * Return: the suite.
 */
Suite *
abi_fuzz_suite(void)
{
	Suite *s = suite_create("abi_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, abi_fuzz_random_bytes, 0, SEED_COUNT);
	tcase_add_loop_test(tc, abi_fuzz_mutated_samples, 0, SEED_COUNT);
	tcase_add_loop_test(tc, abi_fuzz_through_a_ring, 0, SEED_COUNT);
	suite_add_tcase(s, tc);
	return s;
}
