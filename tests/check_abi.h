/* SPDX-License-Identifier: ISC */
/*
 * check_abi.h - what the mailbox ABI test files share.
 *
 * A sample is one valid message of one kind, made with the encoders; the
 * suites decode samples, cut them short, corrupt their fields and feed them
 * through rings.  t_decode() decodes a copy in a heap block of exactly the
 * message's length, so that ASan and valgrind catch any read past it.
 */
#ifndef CHECK_ABI_H
#define CHECK_ABI_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

/** T_BUF - room for any message and then some. */
#define T_BUF		(2 * ABI_MSG_MAX)

/** union t_msg - a message buffer aligned as abi_decode() needs. */
union t_msg {
	uint64_t align;
	unsigned char b[T_BUF];
};

/**
 * struct t_sample - one valid message.
 * @name: what it is, for failure messages.
 * @type: its type.
 * @len:  its length.
 * @m:    the bytes.
 */
struct t_sample {
	const char *name;
	unsigned int type;
	size_t len;
	union t_msg m;
};

/** T_BODY - offset of the body in a message. */
#define T_BODY		sizeof(struct abi_hdr)

/**
 * T_CHECK() - ck_assert_msg() for loops of many thousand checks.
 * @cond: what must hold.
 * @...:  printf format and arguments for the failure message.
 *
 * check records the place of every ck_assert*() it passes (a write(2)
 * each); this one calls into check only when @cond fails.
 */
#define T_CHECK(cond, ...) do { \
	if (!(cond)) { \
		ck_abort_msg(__VA_ARGS__); \
	} \
} while (0)

/**
 * T_ERR() - check that @expr returns @want, naming sample @s if not.
 * @s:    the struct t_sample * under test.
 * @expr: an int expression.
 * @want: the value it must have.
 */
#define T_ERR(s, expr, want) do { \
	int t_got_ = (expr); \
	T_CHECK(t_got_ == (want), "%s: %s = %d, want %d", (s)->name, \
	    #expr, t_got_, (int)(want)); \
} while (0)

/**
 * T_EACH_SAMPLE() - a test that runs @name_one(i) for every sample: one
 * test, not one forked test per sample (a fork costs much under ASan).
 * @name: the test's name; @name_one(unsigned int) does the work.
 */
#define T_EACH_SAMPLE(name) \
	static void name##_one(unsigned int i); \
	START_TEST(name) \
	{ \
		unsigned int i; \
		for (i = 0; i < t_sample_count(); i++) { \
			name##_one(i); \
		} \
	} \
	END_TEST \
	static void name##_one(unsigned int i)

unsigned int t_sample_count(void);
void t_sample(unsigned int i, struct t_sample *s);
int t_sample_find(unsigned int type);
unsigned int t_sample_named(const char *name, struct t_sample *s);
int t_decode(const void *msg, size_t len, struct abi_view *v);
void t_put(void *msg, size_t off, unsigned int width, uint64_t v);
uint64_t t_get(const void *msg, size_t off, unsigned int width);
bool t_quick(void);
uint64_t t_rand(uint64_t *state);

Suite *abi_codec_suite(void);
Suite *abi_fields_suite(void);
Suite *abi_ring_suite(void);
Suite *abi_mailbox_suite(void);
Suite *abi_fuzz_suite(void);

#endif /* CHECK_ABI_H */
