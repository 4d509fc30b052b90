/* SPDX-License-Identifier: ISC */
/*
 * check_abi_fields.c - every field the ABI constrains, out of range.
 *
 * A table names a field of a sample (by offset and width, as hvd or the
 * firmware would see it on the wire) and the rule for its values; the test
 * stores many values into the field (all of them for a byte; small
 * numbers, every power of two and its neighbours and the extremes for
 * wider fields) and checks that abi_decode() gives exactly the error the
 * rule says, and accepts what it allows.
 */
#include <string.h>

#include <hv/errno.h>

#include "check_abi.h"

#define B	T_BODY
#define MAP_E(i)	(B + 8 + 32 * (i))	/* batch entry i */
#define RUN(i)		(B + 24 + 40 * (i))	/* dump reply run i */

enum rule {
	ANY,		/* every value decodes */
	ZERO,		/* reserved: only 0 */
	NONZERO,	/* a VM id or a count of things that must exist */
	RANGE,		/* a..b */
	ONLY,		/* a */
	ONLY2,		/* a or b */
	VERSION,	/* a, else -EPROTONOSUPPORT */
	COUNT,		/* a; above b -EMSGSIZE; else a length mismatch */
	PA_BITS,	/* the PARange sizes */
	DUMP_IPA,	/* s2_dump.ipa with the sample's size and cursor */
	DUMP_SIZE,	/* s2_dump.size with the sample's ipa and cursor */
	DUMP_CURSOR,	/* s2_dump.cursor with the sample's ipa and size */
};

struct field {
	const char *sample;
	const char *what;
	size_t off;
	unsigned int width;
	enum rule rule;
	uint64_t a, b;
};

/* The sample s2_dump: ipa 0x80000000, size 0x40000000, cursor +2 MiB. */
#define D_IPA		0x80000000ull
#define D_SIZE		0x40000000ull
#define D_CURSOR	0x80200000ull

static const struct field fields[] = {
	{ "hello", "abi_version", B + 0, 4, VERSION, ABI_VERSION, 0 },
	{ "hello", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "hello_reply", "abi_version", B + 0, 4, VERSION, ABI_VERSION, 0 },
	{ "hello_reply", "cpu_count", B + 4, 4, NONZERO, 0, 0 },
	{ "hello_reply", "ram_base", B + 8, 8, ANY, 0, 0 },
	{ "hello_reply", "vmid_bits", B + 56, 1, RANGE, 2, 16 },
	{ "hello_reply", "ipa_bits", B + 57, 1, RANGE, 32, 48 },
	{ "hello_reply", "pa_bits", B + 58, 1, PA_BITS, 0, 0 },
	{ "hello_reply", "reserved0", B + 59, 1, ZERO, 0, 0 },
	{ "hello_reply", "vm_max", B + 60, 4, NONZERO, 0, 0 },
	{ "hello_reply", "vcpu_max", B + 64, 4, NONZERO, 0, 0 },
	{ "hello_reply", "reserved1", B + 68, 4, ZERO, 0, 0 },
	{ "create_vm", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "create_vm", "vcpu_count", B + 4, 4, NONZERO, 0, 0 },
	{ "create_vm", "ipa_bits", B + 8, 1, RANGE, 32, 48 },
	{ "create_vm", "reserved[0]", B + 9, 1, ZERO, 0, 0 },
	{ "create_vm", "reserved[3]", B + 12, 1, ZERO, 0, 0 },
	{ "create_vm", "reserved[6]", B + 15, 1, ZERO, 0, 0 },
	{ "destroy_vm", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "destroy_vm", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "run", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "run", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "pause", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "pause", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "stats", "vm", B + 0, 4, ANY, 0, 0 },
	{ "stats", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "map", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "map", "count", B + 4, 4, COUNT, 3, ABI_BATCH_MAX },
	{ "map", "entry[0].pa", MAP_E(0) + 8, 8, ANY, 0, 0 },
	{ "map", "entry[0].perm", MAP_E(0) + 24, 1, RANGE, 1, 7 },
	{ "map", "entry[0].memtype", MAP_E(0) + 25, 1, RANGE, 0, 2 },
	{ "map", "entry[0].flags", MAP_E(0) + 26, 2, ONLY2, 0,
	    ABI_RANGE_SHARED },
	{ "map", "entry[0].reserved", MAP_E(0) + 28, 4, ZERO, 0, 0 },
	{ "map", "entry[1].flags", MAP_E(1) + 26, 2, ONLY2, 0,
	    ABI_RANGE_SHARED },
	{ "map", "entry[1].reserved", MAP_E(1) + 28, 4, ZERO, 0, 0 },
	{ "map", "entry[2](demand).pa", MAP_E(2) + 8, 8, ZERO, 0, 0 },
	{ "map", "entry[2](demand).perm", MAP_E(2) + 24, 1, ZERO, 0, 0 },
	{ "map", "entry[2](demand).memtype", MAP_E(2) + 25, 1, ZERO, 0, 0 },
	{ "map", "entry[2](demand).flags", MAP_E(2) + 26, 2, ONLY,
	    ABI_RANGE_DEMAND, 0 },
	{ "map", "entry[2](demand).reserved", MAP_E(2) + 28, 4, ZERO, 0, 0 },
	{ "map_full", "count", B + 4, 4, COUNT, ABI_BATCH_MAX, ABI_BATCH_MAX },
	{ "map_full", "entry[13].memtype", MAP_E(13) + 25, 1, RANGE, 0, 2 },
	{ "unmap", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "unmap", "count", B + 4, 4, COUNT, 2, ABI_BATCH_MAX },
	{ "unmap", "entry[0].pa", MAP_E(0) + 8, 8, ZERO, 0, 0 },
	{ "unmap", "entry[0].perm", MAP_E(0) + 24, 1, ZERO, 0, 0 },
	{ "unmap", "entry[0].memtype", MAP_E(0) + 25, 1, ZERO, 0, 0 },
	{ "unmap", "entry[0].flags", MAP_E(0) + 26, 2, ZERO, 0, 0 },
	{ "unmap", "entry[1].reserved", MAP_E(1) + 28, 4, ZERO, 0, 0 },
	{ "protect", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "protect", "entry[0].pa", MAP_E(0) + 8, 8, ZERO, 0, 0 },
	{ "protect", "entry[0].perm", MAP_E(0) + 24, 1, RANGE, 1, 7 },
	{ "protect", "entry[0].memtype", MAP_E(0) + 25, 1, RANGE, 0, 2 },
	{ "protect", "entry[0].flags", MAP_E(0) + 26, 2, ZERO, 0, 0 },
	{ "protect", "entry[0].reserved", MAP_E(0) + 28, 4, ZERO, 0, 0 },
	{ "map_reply", "done", B + 0, 4, ANY, 0, 0 },
	{ "map_reply", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "map_reply_error", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "unmap_reply", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "protect_reply", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "set_vcpu_on", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "set_vcpu_on", "vcpu", B + 4, 4, ANY, 0, 0 },
	{ "set_vcpu_on", "state", B + 24, 4, ONLY, ABI_VCPU_ON, 0 },
	{ "set_vcpu_on", "reserved", B + 28, 4, ZERO, 0, 0 },
	{ "set_vcpu_off", "state", B + 24, 4, ONLY2, ABI_VCPU_ON,
	    ABI_VCPU_OFF },
	{ "set_vcpu_off", "pc", B + 8, 8, ZERO, 0, 0 },
	{ "set_vcpu_off", "x0", B + 16, 8, ZERO, 0, 0 },
	{ "stats_reply", "reserved", B + 52, 4, ZERO, 0, 0 },
	{ "stats_reply", "vm_s2.bbm", B + 192, 8, ANY, 0, 0 },
	{ "s2_dump", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "s2_dump", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "s2_dump", "ipa", B + 8, 8, DUMP_IPA, 0, 0 },
	{ "s2_dump", "size", B + 16, 8, DUMP_SIZE, 0, 0 },
	{ "s2_dump", "cursor", B + 24, 8, DUMP_CURSOR, 0, 0 },
	{ "s2_dump_reply", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "s2_dump_reply", "count", B + 4, 4, COUNT, 3, ABI_DUMP_MAX },
	{ "s2_dump_reply", "next", B + 8, 8, ANY, 0, 0 },
	{ "s2_dump_reply", "flags", B + 16, 4, ONLY2, 0, ABI_DUMP_MORE },
	{ "s2_dump_reply", "reserved", B + 20, 4, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[0].size", RUN(0) + 8, 8, NONZERO, 0, 0 },
	{ "s2_dump_reply", "run[0].count", RUN(0) + 16, 8, NONZERO, 0, 0 },
	{ "s2_dump_reply", "run[0].pa", RUN(0) + 24, 8, ANY, 0, 0 },
	{ "s2_dump_reply", "run[0].level", RUN(0) + 32, 1, RANGE, 1, 3 },
	{ "s2_dump_reply", "run[0].valid", RUN(0) + 33, 1, ONLY, 1, 0 },
	{ "s2_dump_reply", "run[0].perm", RUN(0) + 34, 1, RANGE, 1, 7 },
	{ "s2_dump_reply", "run[0].memtype", RUN(0) + 35, 1, RANGE, 0, 2 },
	{ "s2_dump_reply", "run[0].owner", RUN(0) + 36, 1, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[0].reserved[0]", RUN(0) + 37, 1, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[0].reserved[2]", RUN(0) + 39, 1, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[1].pa", RUN(1) + 24, 8, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[1].level", RUN(1) + 32, 1, RANGE, 1, 3 },
	{ "s2_dump_reply", "run[1].valid", RUN(1) + 33, 1, ONLY, 0, 0 },
	{ "s2_dump_reply", "run[1].perm", RUN(1) + 34, 1, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[1].memtype", RUN(1) + 35, 1, ZERO, 0, 0 },
	{ "s2_dump_reply", "run[1].owner", RUN(1) + 36, 1, NONZERO, 0, 0 },
	{ "s2_dump_reply", "run[2].reserved[1]", RUN(2) + 38, 1, ZERO, 0, 0 },
	{ "s2_dump_reply_full", "count", B + 4, 4, COUNT, ABI_DUMP_MAX,
	    ABI_DUMP_MAX },
	{ "s2_dump_reply_empty", "count", B + 4, 4, COUNT, 0, ABI_DUMP_MAX },
	{ "console_in", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "console_in", "level", B + 4, 1, ZERO, 0, 0 },
	{ "console_in", "flags", B + 5, 1, ONLY2, 0, ABI_TEXT_BREAK },
	{ "console_in", "len", B + 6, 2, COUNT, 5, ABI_CONSOLE_MAX },
	{ "console_in_break", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "console_in_break", "level", B + 4, 1, ZERO, 0, 0 },
	{ "console_in_break", "flags", B + 5, 1, ONLY2, 0, ABI_TEXT_BREAK },
	{ "console_in_break", "len", B + 6, 2, COUNT, 3, ABI_CONSOLE_MAX },
	{ "console_in_break_only", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "console_in_break_only", "level", B + 4, 1, ZERO, 0, 0 },
	{ "console_in_break_only", "flags", B + 5, 1, ONLY, ABI_TEXT_BREAK,
	    0 },
	{ "console_in_break_only", "len", B + 6, 2, COUNT, 0,
	    ABI_CONSOLE_MAX },
	{ "console_out_one", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "console_out_one", "level", B + 4, 1, ZERO, 0, 0 },
	{ "console_out_one", "flags", B + 5, 1, ZERO, 0, 0 },
	{ "console_out_one", "len", B + 6, 2, COUNT, 1, ABI_CONSOLE_MAX },
	{ "console_out_full", "flags", B + 5, 1, ZERO, 0, 0 },
	{ "console_out_full", "len", B + 6, 2, COUNT, ABI_CONSOLE_MAX,
	    ABI_CONSOLE_MAX },
	{ "log", "vm", B + 0, 4, ANY, 0, 0 },
	{ "log", "level", B + 4, 1, RANGE, ABI_LOG_ERR, ABI_LOG_DEBUG },
	{ "log", "flags", B + 5, 1, ZERO, 0, 0 },
	{ "log", "len", B + 6, 2, COUNT, 37, ABI_LOG_MAX },
	{ "fault", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "fault", "reserved", B + 4, 4, ZERO, 0, 0 },
	{ "fault", "info.vcpu", B + 8, 4, ANY, 0, 0 },
	{ "fault", "info.access", B + 12, 1, RANGE, 1, 3 },
	{ "fault", "info.reserved[0]", B + 13, 1, ZERO, 0, 0 },
	{ "fault", "info.reserved[2]", B + 15, 1, ZERO, 0, 0 },
	{ "fault", "info.ipa", B + 16, 8, ANY, 0, 0 },
	{ "vm_exited_off", "vm", B + 0, 4, NONZERO, 0, 0 },
	{ "vm_exited_off", "reason", B + 4, 4, ONLY2, ABI_EXIT_OFF,
	    ABI_EXIT_RESET },
	{ "vm_exited_off", "crash.vcpu", B + 8, 4, ZERO, 0, 0 },
	{ "vm_exited_off", "crash.access", B + 12, 1, ZERO, 0, 0 },
	{ "vm_exited_off", "crash.reserved[1]", B + 14, 1, ZERO, 0, 0 },
	{ "vm_exited_off", "crash.ipa", B + 16, 8, ZERO, 0, 0 },
	{ "vm_exited_off", "crash.esr", B + 24, 8, ZERO, 0, 0 },
	{ "vm_exited_off", "crash.pc", B + 32, 8, ZERO, 0, 0 },
	{ "vm_exited_crashed", "reason", B + 4, 4, ONLY, ABI_EXIT_CRASHED, 0 },
	{ "vm_exited_crashed", "crash.access", B + 12, 1, RANGE, 1, 3 },
	{ "vm_exited_crashed", "crash.reserved[0]", B + 13, 1, ZERO, 0, 0 },
	{ "vm_exited_crashed", "crash.reserved[2]", B + 15, 1, ZERO, 0, 0 },
	{ "vm_exited_crashed", "crash.esr", B + 24, 8, ANY, 0, 0 },
};
#define FIELD_COUNT	(int)(sizeof(fields) / sizeof(fields[0]))

static bool
pa_bits(uint64_t v)
{
	return v == 32 || v == 36 || v == 40 || v == 42 || v == 44 ||
	    v == 48 || v == 52;
}

/* The s2_dump range rules, with one of ipa, size and cursor replaced. */
static bool
dump_ok(uint64_t ipa, uint64_t size, uint64_t cursor)
{
	return size != 0 && size <= UINT64_MAX - ipa && cursor >= ipa &&
	    cursor - ipa <= size;
}

/* What abi_decode() must say with @v in the field. */
static int
expect(const struct field *f, uint64_t v)
{
	switch (f->rule) {
	case ANY:
		return 0;
	case ZERO:
		return v == 0 ? 0 : -EBADMSG;
	case NONZERO:
		return v != 0 ? 0 : -EBADMSG;
	case RANGE:
		return v >= f->a && v <= f->b ? 0 : -EBADMSG;
	case ONLY:
		return v == f->a ? 0 : -EBADMSG;
	case ONLY2:
		return v == f->a || v == f->b ? 0 : -EBADMSG;
	case VERSION:
		return v == f->a ? 0 : -EPROTONOSUPPORT;
	case COUNT:
		return v == f->a ? 0 : v > f->b ? -EMSGSIZE : -EBADMSG;
	case PA_BITS:
		return pa_bits(v) ? 0 : -EBADMSG;
	case DUMP_IPA:
		return dump_ok(v, D_SIZE, D_CURSOR) ? 0 : -EBADMSG;
	case DUMP_SIZE:
		return dump_ok(D_IPA, v, D_CURSOR) ? 0 : -EBADMSG;
	case DUMP_CURSOR:
		return dump_ok(D_IPA, D_SIZE, v) ? 0 : -EBADMSG;
	}
	return -1;
}

/*
 * The values tried in a field of @width bytes: all of a byte; else the
 * small numbers, powers of two and their neighbours, the extremes, and
 * the neighbourhood of @orig (the sample's value).
 */
static size_t
values(unsigned int width, uint64_t orig, uint64_t *v, size_t cap)
{
	uint64_t max = width == 8 ? UINT64_MAX :
	    ((uint64_t)1 << (8 * width)) - 1;
	size_t n = 0;
	unsigned int bit;
	uint64_t i;

	for (i = 0; i <= (width == 1 ? 255 : 600) && n < cap; i++) {
		v[n++] = i;
	}
	for (bit = 0; bit < 8 * width && n + 3 <= cap; bit++) {
		v[n++] = (uint64_t)1 << bit;
		v[n++] = ((uint64_t)1 << bit) - 1;
		v[n++] = ((uint64_t)1 << bit) + 1;
	}
	if (n + 6 <= cap) {
		v[n++] = max;
		v[n++] = max - 1;
		v[n++] = max >> 1;
		v[n++] = orig;
		v[n++] = (orig + 1) & max;
		v[n++] = (orig - 1) & max;
	}
	return n;
}

static void
field_check(const struct field *f)
{
	static uint64_t v[1024];
	struct t_sample s;
	struct abi_view view;
	uint64_t orig;
	size_t i, n, good = 0, bad = 0;
	unsigned int idx;
	int want, got;

	idx = t_sample_named(f->sample, &s);
	ck_assert_uint_le(f->off + f->width, s.len);
	orig = t_get(s.m.b, f->off, f->width);
	ck_assert_msg(expect(f, orig) == 0, "%s.%s: the sample breaks its rule",
	    f->sample, f->what);
	n = values(f->width, orig, v, sizeof(v) / sizeof(v[0]));
	for (i = 0; i < n; i++) {
		t_sample(idx, &s);
		t_put(s.m.b, f->off, f->width, v[i]);
		want = expect(f, v[i]);
		got = t_decode(s.m.b, s.len, &view);
		T_CHECK(got == want, "%s.%s = %#llx: got %d, want %d",
		    f->sample, f->what, (unsigned long long)v[i], got, want);
		if (want == 0) {
			good++;
		} else {
			bad++;
		}
	}
	/* A rule that never refuses is only right for fields marked ANY. */
	ck_assert_msg(good > 0, "%s.%s", f->sample, f->what);
	ck_assert_msg(f->rule == ANY ? bad == 0 : bad > 0, "%s.%s",
	    f->sample, f->what);
}

/* One test for the whole table: a fork per field costs much under ASan. */
START_TEST(abi_field_out_of_range_gives_its_error)
{
	int i;

	for (i = 0; i < FIELD_COUNT; i++) {
		field_check(&fields[i]);
	}
}
END_TEST

/*
 * A count whose product with the entry size wraps 32 bits to the size of
 * the entries actually there must not pass for them.
 */
START_TEST(abi_count_times_size_overflow_is_refused)
{
	struct t_sample s;
	struct abi_view v;

	t_sample_named("protect", &s);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), 0);
	/* 0x08000001 * 32 = 2^32 + 32. */
	t_put(s.m.b, B + 4, 4, 0x08000001u);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), -EMSGSIZE);
	t_put(s.m.b, B + 4, 4, 0x80000001u);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), -EMSGSIZE);

	t_sample_named("s2_dump_reply", &s);
	/* (2^29 + 3) * 40 = 5 * 2^32 + 120: 3 runs' worth mod 2^32. */
	t_put(s.m.b, B + 4, 4, 0x20000003u);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), -EMSGSIZE);
	t_put(s.m.b, B + 4, 4, UINT32_MAX);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), -EMSGSIZE);
}
END_TEST

START_TEST(abi_empty_batch_and_text_are_refused)
{
	union t_msg m;
	struct abi_view v;
	struct abi_batch b = { 7, 0 };
	struct abi_text t = { 7, 0, 0, 0 };

	/* The encoder refuses them, and so does the decoder what it wrote. */
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1, 0, &b,
	    sizeof(b)), -EINVAL);
	ck_assert_int_eq(abi_decode(m.b, sizeof(m.b), &v), -EBADMSG);
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_CONSOLE_OUT, 1,
	    0, &t, sizeof(t)), -EINVAL);
	ck_assert_int_eq(abi_decode(m.b, sizeof(m.b), &v), -EBADMSG);
}
END_TEST

/*
 * A break is CONSOLE_IN's alone: the same flag on CONSOLE_OUT or LOG is
 * refused, and only a break lets a CONSOLE_IN be empty.
 */
START_TEST(abi_only_console_in_carries_a_break)
{
	static const char *const others[] = {
		"console_out_one", "console_out_full", "log", "log_full",
	};
	struct t_sample s;
	struct abi_view v;
	size_t i;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		t_sample_named(others[i], &s);
		t_put(s.m.b, B + 5, 1, ABI_TEXT_BREAK);
		T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
		/* The same body as a CONSOLE_IN is a break and bytes. */
		if (t_get(s.m.b, B + 0, 4) != 0 &&
		    t_get(s.m.b, B + 4, 1) == 0) {
			t_put(s.m.b, 6, 2, ABI_MSG_CONSOLE_IN);
			T_ERR(&s, t_decode(s.m.b, s.len, &v), 0);
		}
	}
	t_sample_named("console_in_break_only", &s);
	T_ERR(&s, t_decode(s.m.b, s.len, &v), 0);
	t_put(s.m.b, B + 5, 1, 0);
	T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
	t_put(s.m.b, 6, 2, ABI_MSG_CONSOLE_OUT);
	T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
	t_put(s.m.b, B + 5, 1, ABI_TEXT_BREAK);
	T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
}
END_TEST

/* A DEMAND declaration cannot also be SHARED, nor carry attributes. */
START_TEST(abi_demand_range_carries_nothing_else)
{
	union t_msg m;
	struct abi_range e = { 0x80000000, 0, 0x200000, 0, 0,
	    ABI_RANGE_DEMAND, 0 };

	ck_assert_int_gt(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_MAP, 1, 7,
	    &e, 1), 0);
	e.flags = ABI_RANGE_DEMAND | ABI_RANGE_SHARED;
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_MAP, 1, 7,
	    &e, 1), -EINVAL);
	e.flags = ABI_RANGE_DEMAND;
	e.perm = ABI_PERM_R;
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_MAP, 1, 7,
	    &e, 1), -EINVAL);
	/* The same flags on UNMAP or PROTECT are refused outright. */
	e.perm = 0;
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    7, &e, 1), -EINVAL);
	e.perm = ABI_PERM_R;
	e.flags = ABI_RANGE_SHARED;
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_PROTECT,
	    1, 7, &e, 1), -EINVAL);
}
END_TEST

/* Every byte of a later entry is reached: the last one is checked too. */
START_TEST(abi_last_entry_is_checked)
{
	struct t_sample s;
	struct abi_view v;
	size_t last;

	t_sample_named("map_full", &s);
	ck_assert_uint_eq(t_get(s.m.b, B + 4, 4), ABI_BATCH_MAX);
	last = MAP_E(ABI_BATCH_MAX - 1);
	ck_assert_uint_eq(last + 32, s.len);
	t_put(s.m.b, last + 24, 1, 0);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), -EBADMSG);
	t_put(s.m.b, last + 24, 1, ABI_PERM_W);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), 0);
	t_put(s.m.b, last + 31, 1, 1);
	ck_assert_int_eq(t_decode(s.m.b, s.len, &v), -EBADMSG);
}
END_TEST

/**
 * abi_fields_suite() - every constrained field of every body.
 *
 * Return: the suite.
 */
Suite *
abi_fields_suite(void)
{
	Suite *s = suite_create("abi_fields");
	TCase *tc = tcase_create("fields");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, abi_field_out_of_range_gives_its_error);
	tcase_add_test(tc, abi_count_times_size_overflow_is_refused);
	tcase_add_test(tc, abi_empty_batch_and_text_are_refused);
	tcase_add_test(tc, abi_only_console_in_carries_a_break);
	tcase_add_test(tc, abi_demand_range_carries_nothing_else);
	tcase_add_test(tc, abi_last_entry_is_checked);
	suite_add_tcase(s, tc);
	return s;
}
