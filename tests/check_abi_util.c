/* SPDX-License-Identifier: ISC */
/*
 * check_abi_util.c - samples and helpers of the mailbox ABI tests.
 *
 * One sample at least per message type, made with the encoders the
 * firmware and hvd use, with every field set to something other than 0
 * where the ABI allows it, so that a decoder reading the wrong offset shows.
 */
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "check_abi.h"

#define SEQ	0x1122334455667788ull

static int
enc(union t_msg *m, unsigned int type, int32_t status, const void *body,
    size_t len)
{
	return abi_encode(m->b, sizeof(m->b), type, SEQ, status, body, len);
}

static int
enc_empty(union t_msg *m, unsigned int type)
{
	return enc(m, type, 0, NULL, 0);
}

static int
s_hello(union t_msg *m)
{
	struct abi_hello b = { ABI_VERSION, 0 };

	return enc(m, ABI_MSG_HELLO, 0, &b, sizeof(b));
}

static int
s_hello_reply(union t_msg *m)
{
	struct abi_hello_reply b = {
		.abi_version = ABI_VERSION, .cpu_count = 4,
		.ram_base = 0x40000000, .ram_size = 0x40000000,
		.mailbox_base = 0x7fe00000, .mailbox_size = 0x100000,
		.fw_base = 0x40000000, .fw_size = 0x800000,
		.vmid_bits = 16, .ipa_bits = 40, .pa_bits = 44,
		.vm_max = 64, .vcpu_max = 8,
	};

	return enc(m, ABI_MSG_HELLO_REPLY, 0, &b, sizeof(b));
}

static int
s_hello_reply_error(union t_msg *m)
{
	return enc(m, ABI_MSG_HELLO_REPLY, -EPROTONOSUPPORT, NULL, 0);
}

static int
s_create_vm(union t_msg *m)
{
	struct abi_create_vm b = { .vm = 7, .vcpu_count = 2, .ipa_bits = 40 };

	return enc(m, ABI_MSG_CREATE_VM, 0, &b, sizeof(b));
}

static int
s_vm_ref(union t_msg *m, unsigned int type)
{
	struct abi_vm_ref b = { 7, 0 };

	return enc(m, type, 0, &b, sizeof(b));
}

static int
s_destroy_vm(union t_msg *m)
{
	return s_vm_ref(m, ABI_MSG_DESTROY_VM);
}

static int
s_run(union t_msg *m)
{
	return s_vm_ref(m, ABI_MSG_RUN);
}

static int
s_pause(union t_msg *m)
{
	return s_vm_ref(m, ABI_MSG_PAUSE);
}

static int
s_stats(union t_msg *m)
{
	return s_vm_ref(m, ABI_MSG_STATS);
}

static int
s_stats_all(union t_msg *m)
{
	struct abi_vm_ref b = { 0, 0 };

	return enc(m, ABI_MSG_STATS, 0, &b, sizeof(b));
}

/* Entry 0 a plain mapping, 1 a shared one, 2 a demand-paged range. */
static int
s_map(union t_msg *m)
{
	struct abi_range e[3] = {
		{ 0x80000000, 0x48000000, 0x200000, ABI_PERM_R | ABI_PERM_W,
		    ABI_MEM_NORMAL_WB, 0, 0 },
		{ 0x90000000, 0x50000000, 0x1000, ABI_PERM_ALL,
		    ABI_MEM_NORMAL_NC, ABI_RANGE_SHARED, 0 },
		{ 0xa0000000, 0, 0x40000000, 0, 0, ABI_RANGE_DEMAND, 0 },
	};

	return abi_encode_batch(m->b, sizeof(m->b), ABI_MSG_MAP, SEQ, 7, e, 3);
}

static int
s_map_full(union t_msg *m)
{
	struct abi_range e[ABI_BATCH_MAX];
	uint32_t i;

	for (i = 0; i < ABI_BATCH_MAX; i++) {
		e[i] = (struct abi_range){ 0x1000 * (uint64_t)i,
		    0x40000000 + 0x1000 * (uint64_t)i, 0x1000, ABI_PERM_R,
		    ABI_MEM_DEVICE_nGnRE, 0, 0 };
	}
	return abi_encode_batch(m->b, sizeof(m->b), ABI_MSG_MAP, SEQ, 9, e,
	    ABI_BATCH_MAX);
}

static int
s_unmap(union t_msg *m)
{
	struct abi_range e[2] = {
		{ 0x80000000, 0, 0x200000, 0, 0, 0, 0 },
		{ 0x90000000, 0, 0x1000, 0, 0, 0, 0 },
	};

	return abi_encode_batch(m->b, sizeof(m->b), ABI_MSG_UNMAP, SEQ, 7, e,
	    2);
}

static int
s_protect(union t_msg *m)
{
	struct abi_range e[1] = {
		{ 0x80000000, 0, 0x200000, ABI_PERM_R, ABI_MEM_NORMAL_NC, 0,
		    0 },
	};

	return abi_encode_batch(m->b, sizeof(m->b), ABI_MSG_PROTECT, SEQ, 7,
	    e, 1);
}

static int
s_batch_reply(union t_msg *m, unsigned int type, int32_t status,
    uint32_t done)
{
	struct abi_batch_reply b = { done, 0 };

	return enc(m, type, status, &b, sizeof(b));
}

static int
s_map_reply(union t_msg *m)
{
	return s_batch_reply(m, ABI_MSG_MAP_REPLY, 0, 3);
}

static int
s_map_reply_error(union t_msg *m)
{
	return s_batch_reply(m, ABI_MSG_MAP_REPLY, -EEXIST, 2);
}

static int
s_unmap_reply(union t_msg *m)
{
	return s_batch_reply(m, ABI_MSG_UNMAP_REPLY, 0, 2);
}

static int
s_protect_reply(union t_msg *m)
{
	return s_batch_reply(m, ABI_MSG_PROTECT_REPLY, -ERANGE, 0);
}

static int
s_set_vcpu_on(union t_msg *m)
{
	struct abi_set_vcpu b = { 7, 1, 0x40080000, 0x48000000, ABI_VCPU_ON,
	    0 };

	return enc(m, ABI_MSG_SET_VCPU, 0, &b, sizeof(b));
}

static int
s_set_vcpu_off(union t_msg *m)
{
	struct abi_set_vcpu b = { 7, 3, 0, 0, ABI_VCPU_OFF, 0 };

	return enc(m, ABI_MSG_SET_VCPU, 0, &b, sizeof(b));
}

static int
s_stats_reply(union t_msg *m)
{
	struct abi_stats_reply b = {
		.vm = 7, .vm_count = 3, .pool_pages = 4096, .pool_free = 4000,
		.vmid_generation = 5, .vmid_rollovers = 4, .vmid_flushes = 4,
		.vmid_in_use = 3,
		.total = { 12, { 0, 1, 2, 3 }, 100, 20, 2, 5 },
		.vm_s2 = { 4, { 0, 1, 0, 3 }, 30, 6, 1, 2 },
	};

	return enc(m, ABI_MSG_STATS_REPLY, 0, &b, sizeof(b));
}

static int
s_s2_dump(union t_msg *m)
{
	struct abi_s2_dump b = { 7, 0, 0x80000000, 0x40000000, 0x80200000 };

	return enc(m, ABI_MSG_S2_DUMP, 0, &b, sizeof(b));
}

static struct abi_s2_run
run(uint64_t i)
{
	if (i % 2 == 1) {
		return (struct abi_s2_run){ 0x80000000 + (i << 21), 0x200000,
		    1, 0, 2, 0, 0, 0, (uint8_t)(i + 1), { 0, 0, 0 } };
	}
	return (struct abi_s2_run){ 0x80000000 + (i << 21), 0x200000, 512,
	    0x48000000 + (i << 21), 3, 1, ABI_PERM_R | ABI_PERM_X,
	    ABI_MEM_NORMAL_WB, 0, { 0, 0, 0 } };
}

static int
s_dump_reply_n(union t_msg *m, uint32_t n, uint32_t flags)
{
	struct abi_s2_dump_reply head = { 7, 0, 0x80000000 + (n << 21),
	    flags, 0 };
	struct abi_s2_run r[ABI_DUMP_MAX];
	uint32_t i;

	for (i = 0; i < n; i++) {
		r[i] = run(i);
	}
	return abi_encode_dump_reply(m->b, sizeof(m->b), SEQ, &head, r, n);
}

static int
s_dump_reply(union t_msg *m)
{
	return s_dump_reply_n(m, 3, ABI_DUMP_MORE);
}

static int
s_dump_reply_empty(union t_msg *m)
{
	return s_dump_reply_n(m, 0, 0);
}

static int
s_dump_reply_full(union t_msg *m)
{
	return s_dump_reply_n(m, ABI_DUMP_MAX, ABI_DUMP_MORE);
}

static int
s_dump_reply_error(union t_msg *m)
{
	return enc(m, ABI_MSG_S2_DUMP_REPLY, -ENOENT, NULL, 0);
}

static int
s_text(union t_msg *m, unsigned int type, uint32_t vm, unsigned int level,
    size_t len)
{
	unsigned char bytes[ABI_CONSOLE_MAX > ABI_LOG_MAX ?
	    ABI_CONSOLE_MAX : ABI_LOG_MAX];
	size_t i;

	for (i = 0; i < len; i++) {
		bytes[i] = (unsigned char)(i * 7 + 1);
	}
	return abi_encode_text(m->b, sizeof(m->b), type, SEQ, vm, level, bytes,
	    len);
}

static int
s_console_in(union t_msg *m)
{
	return s_text(m, ABI_MSG_CONSOLE_IN, 7, 0, 5);
}

/* A break and three bytes after it. */
static int
s_console_in_break(union t_msg *m)
{
	static const unsigned char bytes[3] = { 1, 8, 15 };

	return abi_encode_console_in(m->b, sizeof(m->b), SEQ, 7,
	    ABI_TEXT_BREAK, bytes, sizeof(bytes));
}

/* A break alone: the one text that may be empty. */
static int
s_console_in_break_only(union t_msg *m)
{
	return abi_encode_console_in(m->b, sizeof(m->b), SEQ, 7,
	    ABI_TEXT_BREAK, NULL, 0);
}

static int
s_console_out_full(union t_msg *m)
{
	return s_text(m, ABI_MSG_CONSOLE_OUT, 7, 0, ABI_CONSOLE_MAX);
}

static int
s_console_out_one(union t_msg *m)
{
	return s_text(m, ABI_MSG_CONSOLE_OUT, 7, 0, 1);
}

static int
s_log(union t_msg *m)
{
	return s_text(m, ABI_MSG_LOG, 0, ABI_LOG_WARN, 37);
}

static int
s_log_full(union t_msg *m)
{
	return s_text(m, ABI_MSG_LOG, 7, ABI_LOG_DEBUG, ABI_LOG_MAX);
}

static const struct abi_fault_info fault_info = {
	1, ABI_ACCESS_WRITE, { 0, 0, 0 }, 0xdead0000, 0x93c08006, 0x40081234,
};

static int
s_fault(union t_msg *m)
{
	struct abi_fault b = { 7, 0, fault_info };

	return enc(m, ABI_MSG_FAULT, 0, &b, sizeof(b));
}

static int
s_vm_exited_off(union t_msg *m)
{
	struct abi_vm_exited b = { .vm = 7, .reason = ABI_EXIT_OFF };

	return enc(m, ABI_MSG_VM_EXITED, 0, &b, sizeof(b));
}

static int
s_vm_exited_crashed(union t_msg *m)
{
	struct abi_vm_exited b = { 7, ABI_EXIT_CRASHED, fault_info };

	b.crash.access = ABI_ACCESS_EXEC;
	return enc(m, ABI_MSG_VM_EXITED, 0, &b, sizeof(b));
}

static int
s_nak(union t_msg *m)
{
	return enc(m, ABI_MSG_NAK, -EBADMSG, NULL, 0);
}

#define EMPTY_REPLY(fn, type) \
static int \
fn(union t_msg *m) \
{ \
	return enc_empty(m, type); \
}
EMPTY_REPLY(s_create_vm_reply, ABI_MSG_CREATE_VM_REPLY)
EMPTY_REPLY(s_destroy_vm_reply, ABI_MSG_DESTROY_VM_REPLY)
EMPTY_REPLY(s_set_vcpu_reply, ABI_MSG_SET_VCPU_REPLY)
EMPTY_REPLY(s_run_reply, ABI_MSG_RUN_REPLY)
EMPTY_REPLY(s_pause_reply, ABI_MSG_PAUSE_REPLY)
EMPTY_REPLY(s_console_in_reply, ABI_MSG_CONSOLE_IN_REPLY)

static int
s_create_vm_reply_error(union t_msg *m)
{
	return enc(m, ABI_MSG_CREATE_VM_REPLY, -EEXIST, NULL, 0);
}

static const struct {
	const char *name;
	unsigned int type;
	int (*build)(union t_msg *m);
} samples[] = {
	{ "hello", ABI_MSG_HELLO, s_hello },
	{ "hello_reply", ABI_MSG_HELLO_REPLY, s_hello_reply },
	{ "hello_reply_error", ABI_MSG_HELLO_REPLY, s_hello_reply_error },
	{ "create_vm", ABI_MSG_CREATE_VM, s_create_vm },
	{ "create_vm_reply", ABI_MSG_CREATE_VM_REPLY, s_create_vm_reply },
	{ "create_vm_reply_error", ABI_MSG_CREATE_VM_REPLY,
	    s_create_vm_reply_error },
	{ "destroy_vm", ABI_MSG_DESTROY_VM, s_destroy_vm },
	{ "destroy_vm_reply", ABI_MSG_DESTROY_VM_REPLY, s_destroy_vm_reply },
	{ "map", ABI_MSG_MAP, s_map },
	{ "map_full", ABI_MSG_MAP, s_map_full },
	{ "map_reply", ABI_MSG_MAP_REPLY, s_map_reply },
	{ "map_reply_error", ABI_MSG_MAP_REPLY, s_map_reply_error },
	{ "unmap", ABI_MSG_UNMAP, s_unmap },
	{ "unmap_reply", ABI_MSG_UNMAP_REPLY, s_unmap_reply },
	{ "protect", ABI_MSG_PROTECT, s_protect },
	{ "protect_reply", ABI_MSG_PROTECT_REPLY, s_protect_reply },
	{ "set_vcpu_on", ABI_MSG_SET_VCPU, s_set_vcpu_on },
	{ "set_vcpu_off", ABI_MSG_SET_VCPU, s_set_vcpu_off },
	{ "set_vcpu_reply", ABI_MSG_SET_VCPU_REPLY, s_set_vcpu_reply },
	{ "run", ABI_MSG_RUN, s_run },
	{ "run_reply", ABI_MSG_RUN_REPLY, s_run_reply },
	{ "pause", ABI_MSG_PAUSE, s_pause },
	{ "pause_reply", ABI_MSG_PAUSE_REPLY, s_pause_reply },
	{ "stats", ABI_MSG_STATS, s_stats },
	{ "stats_all", ABI_MSG_STATS, s_stats_all },
	{ "stats_reply", ABI_MSG_STATS_REPLY, s_stats_reply },
	{ "s2_dump", ABI_MSG_S2_DUMP, s_s2_dump },
	{ "s2_dump_reply", ABI_MSG_S2_DUMP_REPLY, s_dump_reply },
	{ "s2_dump_reply_empty", ABI_MSG_S2_DUMP_REPLY, s_dump_reply_empty },
	{ "s2_dump_reply_full", ABI_MSG_S2_DUMP_REPLY, s_dump_reply_full },
	{ "s2_dump_reply_error", ABI_MSG_S2_DUMP_REPLY, s_dump_reply_error },
	{ "console_in", ABI_MSG_CONSOLE_IN, s_console_in },
	{ "console_in_break", ABI_MSG_CONSOLE_IN, s_console_in_break },
	{ "console_in_break_only", ABI_MSG_CONSOLE_IN,
	    s_console_in_break_only },
	{ "console_in_reply", ABI_MSG_CONSOLE_IN_REPLY, s_console_in_reply },
	{ "console_out_full", ABI_MSG_CONSOLE_OUT, s_console_out_full },
	{ "console_out_one", ABI_MSG_CONSOLE_OUT, s_console_out_one },
	{ "fault", ABI_MSG_FAULT, s_fault },
	{ "vm_exited_off", ABI_MSG_VM_EXITED, s_vm_exited_off },
	{ "vm_exited_crashed", ABI_MSG_VM_EXITED, s_vm_exited_crashed },
	{ "log", ABI_MSG_LOG, s_log },
	{ "log_full", ABI_MSG_LOG, s_log_full },
	{ "nak", ABI_MSG_NAK, s_nak },
};

/**
 * t_sample_count() - how many samples there are.
 *
 * Return: the count.
 */
unsigned int
t_sample_count(void)
{
	return sizeof(samples) / sizeof(samples[0]);
}

/**
 * t_sample() - build sample @i.
 * @i: 0..t_sample_count() - 1.
 * @s: filled in; the bytes past the message are 0.
 */
void
t_sample(unsigned int i, struct t_sample *s)
{
	int n;

	T_CHECK(i < t_sample_count(), "no sample %u", i);
	memset(s, 0, sizeof(*s));
	s->name = samples[i].name;
	s->type = samples[i].type;
	n = samples[i].build(&s->m);
	T_CHECK(n > 0, "sample %s: encoder returned %d", s->name, n);
	s->len = (size_t)n;
}

/**
 * t_sample_find() - the first sample of a type.
 * @type: the type.
 *
 * Return: its index, or -1 if none.
 */
int
t_sample_find(unsigned int type)
{
	unsigned int i;

	for (i = 0; i < t_sample_count(); i++) {
		if (samples[i].type == type) {
			return (int)i;
		}
	}
	return -1;
}

/**
 * t_sample_named() - build the sample called @name.
 * @name: its name.
 * @s:    filled in.
 *
 * Return: its index.
 */
unsigned int
t_sample_named(const char *name, struct t_sample *s)
{
	unsigned int i;

	for (i = 0; i < t_sample_count(); i++) {
		if (strcmp(samples[i].name, name) == 0) {
			t_sample(i, s);
			return i;
		}
	}
	ck_abort_msg("no sample %s", name);
	return 0;
}

/**
 * t_decode() - decode a copy of @len bytes in a heap block of that size.
 * @msg: the bytes.
 * @len: how many.
 * @v:   the view (pointing into the copy, which is freed: only use the
 *       result code, or decode in place for the view).
 *
 * Return: what abi_decode() returned.
 */
int
t_decode(const void *msg, size_t len, struct abi_view *v)
{
	unsigned char *copy = malloc(len);
	int err;

	T_CHECK(copy != NULL, "out of memory");
	if (len != 0) {
		memcpy(copy, msg, len);
	}
	err = abi_decode(copy, len, v);
	free(copy);
	return err;
}

/**
 * t_put() - store a little-endian value of @width bytes at @off.
 * @msg:   the message.
 * @off:   byte offset.
 * @width: 1, 2, 4 or 8.
 * @v:     the value.
 */
void
t_put(void *msg, size_t off, unsigned int width, uint64_t v)
{
	unsigned char *p = msg;
	unsigned int i;

	for (i = 0; i < width; i++) {
		p[off + i] = (unsigned char)(v >> (8 * i));
	}
}

/**
 * t_get() - load a little-endian value of @width bytes at @off.
 * @msg:   the message.
 * @off:   byte offset.
 * @width: 1, 2, 4 or 8.
 *
 * Return: the value.
 */
uint64_t
t_get(const void *msg, size_t off, unsigned int width)
{
	const unsigned char *p = msg;
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		v |= (uint64_t)p[off + i] << (8 * i);
	}
	return v;
}

/**
 * t_quick() - whether HV_TEST_QUICK=1 asks for short runs (valgrind).
 *
 * Return: true if so.
 */
bool
t_quick(void)
{
	const char *v = getenv("HV_TEST_QUICK");

	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

/**
 * t_rand() - xorshift64*, a seeded generator.
 * @state: the state, not 0.
 *
 * Return: the next number.
 */
uint64_t
t_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}
