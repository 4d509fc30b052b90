/* SPDX-License-Identifier: ISC */
/*
 * check_console.c - tests of a VM's console (hvd/console.c): the log file
 * and its rotation, the memory tail and its replay, attached peers, typed
 * input.
 *
 * Each test works in a temporary directory of its own.  Output is a
 * stream whose byte k is stream_byte(k), so that any byte out of place,
 * lost or doubled shows; peers are recorders that keep every byte and
 * count their EOFs.
 */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console.h"

#define LIMIT		4096u
#define BIG_LIMIT	(1ull << 30)

/* The suite's directory, made once and removed whole (also after a test
 * that failed, whose checked teardown does not run), and the test's own
 * directory in it. */
static char suite_dir[64];
static char dir[96];

/* nftw's callback: remove everything. */
static int
remove_one(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

static void
suite_setup(void)
{
	snprintf(suite_dir, sizeof(suite_dir), "/tmp/hv-console.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(suite_dir));
}

static void
suite_teardown(void)
{
	nftw(suite_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "%s/t.XXXXXX", suite_dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The byte at offset @k of the stream the tests write. */
static uint8_t
stream_byte(uint64_t k)
{
	return (uint8_t)((k * 2654435761u) >> 13);
}

/* @dir/@name into @buf. */
static const char *
path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

/* Size of file @name in the test's directory, -1 if there is none. */
static long
file_size(const char *name)
{
	char path[128];
	struct stat st;

	if (stat(path_of(path, sizeof(path), name), &st) < 0) {
		ck_assert_int_eq(errno, ENOENT);
		return -1;
	}
	return (long)st.st_size;
}

/* Read file @name (at most @len bytes); its size. */
static size_t
file_read(const char *name, uint8_t *buf, size_t len)
{
	char path[128];
	size_t n;
	FILE *f;

	f = fopen(path_of(path, sizeof(path), name), "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, len, f);
	ck_assert(!ferror(f));
	fclose(f);
	return n;
}

/* Write @len stream bytes from *@at, in chunks of @chunk; all must log. */
static void
emit(struct console *c, uint64_t *at, uint64_t len, size_t chunk)
{
	static uint8_t buf[256 << 10];
	size_t n, i;

	ck_assert_uint_le(chunk, sizeof(buf));
	while (len > 0) {
		n = len < chunk ? (size_t)len : chunk;
		for (i = 0; i < n; i++) {
			buf[i] = stream_byte(*at + i);
		}
		ck_assert_int_eq(console_output(c, buf, n), 0);
		*at += n;
		len -= n;
	}
}

/* Are @len bytes at @p the stream from offset @from? */
static bool
is_stream(const uint8_t *p, size_t len, uint64_t from)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != stream_byte(from + i)) {
			return false;
		}
	}
	return true;
}

/* A peer that keeps what it is given. */
struct recorder {
	uint8_t *bytes;
	size_t len;
	size_t cap;
	unsigned int calls;
	unsigned int eofs;
};

static void
recorder_data(void *ctx, const void *bytes, size_t len)
{
	struct recorder *r = ctx;

	ck_assert_uint_eq(r->eofs, 0);
	if (r->len + len > r->cap) {
		r->cap = 2 * (r->len + len);
		r->bytes = realloc(r->bytes, r->cap);
		ck_assert_ptr_nonnull(r->bytes);
	}
	memcpy(r->bytes + r->len, bytes, len);
	r->len += len;
	r->calls++;
}

static void
recorder_eof(void *ctx)
{
	struct recorder *r = ctx;

	r->eofs++;
}

static const struct console_peer_ops recorder_ops = {
	recorder_data, recorder_eof,
};

static void
recorder_fini(struct recorder *r)
{
	free(r->bytes);
	memset(r, 0, sizeof(*r));
}

/* The recorder holds exactly the stream [@from, @from + @len). */
static void
assert_recorded(const struct recorder *r, uint64_t from, size_t len)
{
	ck_assert_uint_eq(r->len, len);
	ck_assert_msg(is_stream(r->bytes, len, from), "recorded bytes are "
	    "not the stream from %llu", (unsigned long long)from);
}

/* Replay the tail into a new recorder; it must be [@from, @from + @len). */
static void
assert_tail(struct console *c, uint64_t from, size_t len)
{
	struct recorder r = { 0 };

	console_replay(c, &recorder_ops, &r);
	assert_recorded(&r, from, len);
	ck_assert_uint_le(r.calls, 2);
	recorder_fini(&r);
}

START_TEST(output_goes_to_the_log_byte_exact)
{
	static const uint8_t text[] = "login: \0\x1b[0m\r\n\xff\xfe end";
	struct console *c = console_new(dir, "vm", LIMIT);
	uint8_t got[64];

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(console_output(c, text, sizeof(text)), 0);
	ck_assert_int_eq(console_output(c, "x", 1), 0);
	ck_assert_uint_eq(file_read("vm.log", got, sizeof(got)),
	    sizeof(text) + 1);
	ck_assert_mem_eq(got, text, sizeof(text));
	ck_assert_uint_eq(got[sizeof(text)], 'x');
	ck_assert_uint_eq(c->size, sizeof(text) + 1);
	ck_assert_uint_eq(c->written, sizeof(text) + 1);
	ck_assert_int_eq(file_size("vm.log.old"), -1);
	console_free(c);
}
END_TEST

START_TEST(log_is_created_lazily)
{
	struct console *c = console_new(dir, "vm", LIMIT);
	struct recorder r = { 0 };
	struct console_peer *p;
	char path[128];

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->path, path_of(path, sizeof(path), "vm.log"));
	ck_assert_int_eq(c->fd, -1);
	console_boot(c);
	p = console_attach(c, &recorder_ops, &r, true);
	ck_assert_int_eq(console_input(c, "ls\n", 3), 0);
	console_detach(c, p);
	ck_assert_int_eq(file_size("vm.log"), -1);
	ck_assert_int_eq(console_output(c, "a", 1), 0);
	ck_assert_int_eq(file_size("vm.log"), 1);
	console_free(c);
	/* A console that never had output leaves no file behind. */
	c = console_new(dir, "other", LIMIT);
	console_free(c);
	ck_assert_int_eq(file_size("other.log"), -1);
}
END_TEST

START_TEST(rotation_happens_when_the_log_would_pass_half_the_limit)
{
	struct console *c = console_new(dir, "vm", 100);
	uint8_t got[100];
	uint64_t at = 0;

	emit(c, &at, 50, 10);				/* exactly half */
	ck_assert_int_eq(file_size("vm.log"), 50);
	ck_assert_int_eq(file_size("vm.log.old"), -1);
	emit(c, &at, 1, 1);				/* one past: rotate */
	ck_assert_int_eq(file_size("vm.log.old"), 50);
	ck_assert_int_eq(file_size("vm.log"), 1);
	ck_assert_uint_eq(c->size, 1);
	emit(c, &at, 49, 49);
	ck_assert_int_eq(file_size("vm.log"), 50);
	emit(c, &at, 30, 30);				/* .old replaced */
	ck_assert_uint_eq(file_read("vm.log.old", got, sizeof(got)), 50);
	ck_assert(is_stream(got, 50, 50));
	ck_assert_uint_eq(file_read("vm.log", got, sizeof(got)), 30);
	ck_assert(is_stream(got, 30, 100));
	console_free(c);
}
END_TEST

/* Write 5 limits' worth in chunks of @chunk, checking the files after
 * each: within the limit together, the newest bytes in the log, and the
 * two a seamless end of the stream. */
static void
check_rotation(const char *name, size_t chunk)
{
	static uint8_t got[2 * LIMIT];
	char log[80], old[80];
	struct console *c = console_new(dir, name, LIMIT);
	long log_size, old_size;
	uint64_t at = 0;
	size_t n;

	snprintf(log, sizeof(log), "%s.log", name);
	snprintf(old, sizeof(old), "%s.log.old", name);
	while (at < 5 * LIMIT) {
		emit(c, &at, chunk, chunk);
		log_size = file_size(log);
		old_size = file_size(old);
		old_size = old_size < 0 ? 0 : old_size;
		ck_assert_msg(log_size > 0 && log_size + old_size <= LIMIT,
		    "chunk %zu at %llu: log %ld + old %ld bytes", chunk,
		    (unsigned long long)at, log_size, old_size);
		n = old_size > 0 ? file_read(old, got, sizeof(got)) : 0;
		n += file_read(log, got + n, sizeof(got) - n);
		ck_assert_uint_eq(n, (size_t)(log_size + old_size));
		ck_assert_msg(is_stream(got, n, at - n), "chunk %zu at %llu: "
		    "the files are not the stream's last bytes", chunk,
		    (unsigned long long)at);
	}
	console_free(c);
}

START_TEST(rotation_keeps_log_and_old_within_limit)
{
	static const size_t chunks[] = {
		1, 7, 100, 256, LIMIT / 2 - 1, LIMIT / 2, LIMIT / 2 + 1,
		LIMIT - 1, LIMIT, 3 * LIMIT + 5,
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		snprintf(name, sizeof(name), "vm%zu", chunks[i]);
		check_rotation(name, chunks[i]);
	}
}
END_TEST

START_TEST(rotation_counts_the_log_left_by_a_restart)
{
	struct console *c = console_new(dir, "vm", 100);
	uint8_t got[100];
	uint64_t at = 0;

	emit(c, &at, 40, 40);
	console_free(c);
	/* hvd restarted: the log it left counts toward half the limit. */
	c = console_new(dir, "vm", 100);
	ck_assert_ptr_nonnull(c);
	emit(c, &at, 10, 10);
	ck_assert_int_eq(file_size("vm.log"), 50);
	ck_assert_int_eq(file_size("vm.log.old"), -1);
	emit(c, &at, 1, 1);
	ck_assert_uint_eq(file_read("vm.log.old", got, sizeof(got)), 50);
	ck_assert(is_stream(got, 50, 0));
	ck_assert_uint_eq(file_read("vm.log", got, sizeof(got)), 1);
	ck_assert(is_stream(got, 1, 50));
	console_free(c);
}
END_TEST

START_TEST(replay_on_attach_gives_the_boot_so_far)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	struct recorder r = { 0 };
	uint64_t at = 0;

	emit(c, &at, 1000, 333);
	console_attach(c, &recorder_ops, &r, true);
	assert_recorded(&r, 0, 1000);
	ck_assert_uint_eq(r.calls, 1);
	emit(c, &at, 24, 24);
	assert_recorded(&r, 0, 1024);
	console_free(c);
	recorder_fini(&r);
}
END_TEST

/* Write @total bytes in @chunk chunks after a boot; the tail is the last
 * min(CONSOLE_TAIL_MAX, @total) in order, by attach and by replay. */
static void
check_tail(uint64_t total, size_t chunk)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	struct recorder r = { 0 };
	uint64_t at = 12345, want;

	emit(c, &at, 4321, 4321);	/* a boot before */
	console_boot(c);
	at = 0;
	emit(c, &at, total, chunk);
	want = total < CONSOLE_TAIL_MAX ? total : CONSOLE_TAIL_MAX;
	console_attach(c, &recorder_ops, &r, true);
	ck_assert_msg(r.len == want && is_stream(r.bytes, r.len, at - want),
	    "total %llu in chunks of %zu: replay of %zu bytes is wrong",
	    (unsigned long long)total, chunk, r.len);
	assert_tail(c, at - want, want);
	console_free(c);
	recorder_fini(&r);
}

START_TEST(replay_gives_the_last_64k_across_the_ring_wrap)
{
	static const uint64_t totals[] = {
		CONSOLE_TAIL_MAX - 1, CONSOLE_TAIL_MAX, CONSOLE_TAIL_MAX + 1,
		3 * CONSOLE_TAIL_MAX + 777,
	};
	static const size_t chunks[] = { 1000, 4099, 70000, 200000 };
	size_t i, j;

	for (i = 0; i < sizeof(totals) / sizeof(totals[0]); i++) {
		for (j = 0; j < sizeof(chunks) / sizeof(chunks[0]); j++) {
			check_tail(totals[i], chunks[j]);
		}
	}
}
END_TEST

START_TEST(boot_empties_the_tail_and_the_typed_input)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	uint64_t at = 0;

	emit(c, &at, 5000, 5000);
	ck_assert_int_eq(console_input(c, "root\n", 5), 0);
	/* The VM stopped: the tail still holds its last boot. */
	assert_tail(c, 0, 5000);
	console_boot(c);
	assert_tail(c, 0, 0);
	ck_assert_uint_eq(c->input_len, 0);
	emit(c, &at, 10, 10);
	assert_tail(c, 5000, 10);
	ck_assert_uint_eq(c->written, 5010);
	console_free(c);
}
END_TEST

START_TEST(peers_get_every_byte_after_they_attach)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	struct recorder a = { 0 }, b = { 0 };
	uint64_t at = 0;

	emit(c, &at, 100, 100);
	console_attach(c, &recorder_ops, &a, false);
	emit(c, &at, 100, 7);
	console_attach(c, &recorder_ops, &b, false);
	emit(c, &at, 3 * CONSOLE_TAIL_MAX, 4096);
	/* No replay asked: nothing from before the attach. */
	assert_recorded(&a, 100, 100 + 3 * CONSOLE_TAIL_MAX);
	assert_recorded(&b, 200, 3 * CONSOLE_TAIL_MAX);
	ck_assert_uint_eq(a.eofs + b.eofs, 0);
	console_free(c);
	ck_assert_uint_eq(a.eofs + b.eofs, 0);
	recorder_fini(&a);
	recorder_fini(&b);
}
END_TEST

START_TEST(detach_stops_delivery)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	struct recorder a = { 0 }, b = { 0 };
	struct console_peer *pa;
	uint64_t at = 0;

	pa = console_attach(c, &recorder_ops, &a, false);
	console_attach(c, &recorder_ops, &b, false);
	emit(c, &at, 10, 10);
	console_detach(c, pa);
	emit(c, &at, 10, 10);
	assert_recorded(&a, 0, 10);
	assert_recorded(&b, 0, 20);
	ck_assert_uint_eq(a.eofs, 0);
	console_free(c);
	recorder_fini(&a);
	recorder_fini(&b);
}
END_TEST

START_TEST(detach_ctx_detaches_every_peer_of_that_client)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	struct recorder a = { 0 }, b = { 0 };
	uint64_t at = 0;

	console_attach(c, &recorder_ops, &a, false);
	console_attach(c, &recorder_ops, &b, false);
	console_attach(c, &recorder_ops, &a, false);
	emit(c, &at, 10, 10);
	console_detach_ctx(c, &a);
	emit(c, &at, 10, 10);
	ck_assert_uint_eq(a.len, 20);	/* twice the first 10 */
	ck_assert(is_stream(a.bytes, 10, 0) && is_stream(a.bytes + 10, 10, 0));
	assert_recorded(&b, 0, 20);
	console_detach_ctx(c, &b);
	ck_assert_ptr_null(c->peers);
	console_detach_ctx(c, &b);
	ck_assert_uint_eq(a.eofs + b.eofs, 0);
	console_free(c);
	recorder_fini(&a);
	recorder_fini(&b);
}
END_TEST

START_TEST(eof_reaches_each_peer_once_and_detaches_them)
{
	struct console *c = console_new(dir, "vm", BIG_LIMIT);
	struct recorder r[3] = { { 0 } };
	uint64_t at = 0;
	size_t i;

	for (i = 0; i < 3; i++) {
		console_attach(c, &recorder_ops, &r[i], false);
	}
	emit(c, &at, 10, 10);
	console_eof(c);
	ck_assert_ptr_null(c->peers);
	console_eof(c);
	emit(c, &at, 10, 10);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(r[i].eofs, 1);
		assert_recorded(&r[i], 0, 10);
		recorder_fini(&r[i]);
	}
	console_free(c);
}
END_TEST

START_TEST(input_queues_up_to_max_and_refuses_more)
{
	static uint8_t bytes[CONSOLE_INPUT_MAX];
	struct console *c = console_new(dir, "vm", LIMIT);
	size_t i;

	for (i = 0; i < sizeof(bytes); i++) {
		bytes[i] = stream_byte(i);
	}
	ck_assert_int_eq(console_input(c, bytes, CONSOLE_INPUT_MAX - 10), 0);
	ck_assert_int_eq(console_input(c, bytes + CONSOLE_INPUT_MAX - 10, 11),
	    -ENOBUFS);
	ck_assert_uint_eq(c->input_len, CONSOLE_INPUT_MAX - 10);
	ck_assert_int_eq(console_input(c, bytes + CONSOLE_INPUT_MAX - 10, 10),
	    0);
	ck_assert_int_eq(console_input(c, "x", 1), -ENOBUFS);
	ck_assert_int_eq(console_input(c, "", 0), 0);
	ck_assert_uint_eq(c->input_len, CONSOLE_INPUT_MAX);
	ck_assert_mem_eq(c->input, bytes, CONSOLE_INPUT_MAX);
	console_free(c);
	/* More than fits at once is refused whole. */
	c = console_new(dir, "vm", LIMIT);
	ck_assert_int_eq(console_input(c, "ab", 2), 0);
	ck_assert_int_eq(console_input(c, bytes, CONSOLE_INPUT_MAX), -ENOBUFS);
	ck_assert_uint_eq(c->input_len, 2);
	ck_assert_mem_eq(c->input, "ab", 2);
	console_free(c);
}
END_TEST

START_TEST(input_taken_removes_from_the_front)
{
	struct console *c = console_new(dir, "vm", LIMIT);

	ck_assert_int_eq(console_input(c, "abc", 3), 0);
	ck_assert_int_eq(console_input(c, "def", 3), 0);
	console_input_taken(c, 0);
	ck_assert_uint_eq(c->input_len, 6);
	console_input_taken(c, 2);
	ck_assert_uint_eq(c->input_len, 4);
	ck_assert_mem_eq(c->input, "cdef", 4);
	ck_assert_int_eq(console_input(c, "g", 1), 0);
	ck_assert_mem_eq(c->input, "cdefg", 5);
	console_input_taken(c, 5);
	ck_assert_uint_eq(c->input_len, 0);
	ck_assert_int_eq(console_input(c, "hi", 2), 0);
	console_input_taken(c, 100);
	ck_assert_uint_eq(c->input_len, 0);
	console_free(c);
}
END_TEST

START_TEST(unwritable_log_fails_but_peers_and_tail_get_the_bytes)
{
	char sub[128], file[128];
	struct console *c;
	struct recorder r = { 0 };
	FILE *f;

	/* A directory that is not there, and one that is a file. */
	path_of(sub, sizeof(sub), "missing");
	c = console_new(sub, "vm", LIMIT);
	console_attach(c, &recorder_ops, &r, false);
	ck_assert_int_eq(console_output(c, "hello", 5), -ENOENT);
	ck_assert_int_eq(console_output(c, " you", 4), -ENOENT);
	ck_assert_uint_eq(r.len, 9);
	ck_assert_mem_eq(r.bytes, "hello you", 9);
	recorder_fini(&r);
	console_replay(c, &recorder_ops, &r);
	ck_assert_uint_eq(r.len, 9);
	ck_assert_mem_eq(r.bytes, "hello you", 9);
	ck_assert_uint_eq(c->written, 9);
	console_free(c);
	recorder_fini(&r);

	f = fopen(path_of(file, sizeof(file), "file"), "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	c = console_new(file, "vm", LIMIT);
	console_attach(c, &recorder_ops, &r, false);
	ck_assert_int_eq(console_output(c, "x", 1), -ENOTDIR);
	ck_assert_uint_eq(r.len, 1);
	console_free(c);
	recorder_fini(&r);
}
END_TEST

START_TEST(log_comes_back_once_its_directory_does)
{
	char sub[128];
	struct console *c;
	uint64_t at = 0;

	path_of(sub, sizeof(sub), "later");
	c = console_new(sub, "vm", LIMIT);
	ck_assert_int_eq(console_output(c, "lost", 4), -ENOENT);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	emit(c, &at, 10, 10);
	ck_assert_int_eq(file_size("later/vm.log"), 10);
	console_free(c);
}
END_TEST

static Suite *
console_suite(void)
{
	Suite *s = suite_create("console");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, suite_setup, suite_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, output_goes_to_the_log_byte_exact);
	tcase_add_test(tc, log_is_created_lazily);
	tcase_add_test(tc,
	    rotation_happens_when_the_log_would_pass_half_the_limit);
	tcase_add_test(tc, rotation_keeps_log_and_old_within_limit);
	tcase_add_test(tc, rotation_counts_the_log_left_by_a_restart);
	tcase_add_test(tc, replay_on_attach_gives_the_boot_so_far);
	tcase_add_test(tc, replay_gives_the_last_64k_across_the_ring_wrap);
	tcase_add_test(tc, boot_empties_the_tail_and_the_typed_input);
	tcase_add_test(tc, peers_get_every_byte_after_they_attach);
	tcase_add_test(tc, detach_stops_delivery);
	tcase_add_test(tc, detach_ctx_detaches_every_peer_of_that_client);
	tcase_add_test(tc, eof_reaches_each_peer_once_and_detaches_them);
	tcase_add_test(tc, input_queues_up_to_max_and_refuses_more);
	tcase_add_test(tc, input_taken_removes_from_the_front);
	tcase_add_test(tc,
	    unwritable_log_fails_but_peers_and_tail_get_the_bytes);
	tcase_add_test(tc, log_comes_back_once_its_directory_does);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(console_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
