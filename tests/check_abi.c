/* SPDX-License-Identifier: ISC */
/*
 * check_abi.c - tests of the mailbox ABI: messages that round-trip, every
 * truncation, the header's rules and the encoders.  Field rules are in
 * check_abi_fields.c, rings in check_abi_ring.c, the mailbox layout in
 * check_abi_mailbox.c and the random inputs in check_abi_fuzz.c.
 */
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>

#include "check_abi.h"

#define SEQ	0x1122334455667788ull

/* Every type this version has, requests, events and replies. */
static const unsigned int known_types[] = {
	ABI_MSG_HELLO, ABI_MSG_CREATE_VM, ABI_MSG_DESTROY_VM, ABI_MSG_MAP,
	ABI_MSG_UNMAP, ABI_MSG_PROTECT, ABI_MSG_SET_VCPU, ABI_MSG_RUN,
	ABI_MSG_PAUSE, ABI_MSG_STATS, ABI_MSG_S2_DUMP, ABI_MSG_CONSOLE_IN,
	ABI_MSG_CONSOLE_OUT, ABI_MSG_FAULT, ABI_MSG_VM_EXITED, ABI_MSG_LOG,
	ABI_MSG_HELLO_REPLY, ABI_MSG_CREATE_VM_REPLY, ABI_MSG_DESTROY_VM_REPLY,
	ABI_MSG_MAP_REPLY, ABI_MSG_UNMAP_REPLY, ABI_MSG_PROTECT_REPLY,
	ABI_MSG_SET_VCPU_REPLY, ABI_MSG_RUN_REPLY, ABI_MSG_PAUSE_REPLY,
	ABI_MSG_STATS_REPLY, ABI_MSG_S2_DUMP_REPLY, ABI_MSG_CONSOLE_IN_REPLY,
	ABI_MSG_NAK,
};
#define KNOWN_COUNT	(sizeof(known_types) / sizeof(known_types[0]))

static bool
known(unsigned int type)
{
	size_t i;

	for (i = 0; i < KNOWN_COUNT; i++) {
		if (known_types[i] == type) {
			return true;
		}
	}
	return false;
}

/* Fields of the samples in check_abi_util.c, read back through the view. */
static void
check_view_fields(const struct t_sample *s, const struct abi_view *v)
{
	switch (v->type) {
	case ABI_MSG_HELLO:
		ck_assert_uint_eq(v->msg.hello->abi_version, ABI_VERSION);
		break;
	case ABI_MSG_HELLO_REPLY:
		if (v->hdr->status == 0) {
			ck_assert_uint_eq(v->msg.hello_reply->mailbox_base,
			    0x7fe00000);
			ck_assert_uint_eq(v->msg.hello_reply->pa_bits, 44);
			ck_assert_uint_eq(v->msg.hello_reply->vm_max, 64);
			ck_assert_uint_eq(v->msg.hello_reply->vcpu_max, 8);
		}
		break;
	case ABI_MSG_CREATE_VM:
		ck_assert_uint_eq(v->msg.create_vm->vcpu_count, 2);
		ck_assert_uint_eq(v->msg.create_vm->ipa_bits, 40);
		break;
	case ABI_MSG_MAP:
		ck_assert_uint_eq(v->msg.batch->entry[v->count - 1].ipa,
		    strcmp(s->name, "map") == 0 ? 0xa0000000 : 0xd000);
		ck_assert_uint_eq(v->msg.batch->entry[1].memtype,
		    strcmp(s->name, "map") == 0 ? ABI_MEM_NORMAL_NC :
		    ABI_MEM_DEVICE_nGnRE);
		break;
	case ABI_MSG_MAP_REPLY:
		ck_assert_uint_eq(v->msg.batch_reply->done,
		    v->hdr->status == 0 ? 3 : 2);
		break;
	case ABI_MSG_SET_VCPU:
		ck_assert_uint_eq(v->msg.set_vcpu->pc,
		    v->msg.set_vcpu->state == ABI_VCPU_ON ? 0x40080000 : 0);
		break;
	case ABI_MSG_STATS_REPLY:
		ck_assert_uint_eq(v->msg.stats_reply->total.leaves[3], 3);
		ck_assert_uint_eq(v->msg.stats_reply->vm_s2.bbm, 2);
		ck_assert_uint_eq(v->msg.stats_reply->vmid_in_use, 3);
		break;
	case ABI_MSG_S2_DUMP:
		ck_assert_uint_eq(v->msg.s2_dump->cursor, 0x80200000);
		break;
	case ABI_MSG_S2_DUMP_REPLY:
		if (v->count > 1) {
			ck_assert_uint_eq(v->msg.s2_dump_reply->run[1].owner,
			    2);
			ck_assert_uint_eq(v->msg.s2_dump_reply->run[0].pa,
			    0x48000000);
		}
		break;
	case ABI_MSG_CONSOLE_IN:
	case ABI_MSG_CONSOLE_OUT:
	case ABI_MSG_LOG:
		ck_assert_uint_eq(v->msg.text->len, v->count);
		ck_assert_uint_eq(v->msg.text->flags,
		    strncmp(s->name, "console_in_break", 16) == 0 ?
		    ABI_TEXT_BREAK : 0);
		if (v->count != 0) {
			ck_assert_uint_eq(v->msg.text->bytes[v->count - 1],
			    (unsigned char)((v->count - 1) * 7 + 1));
		}
		break;
	case ABI_MSG_FAULT:
		ck_assert_uint_eq(v->msg.fault->info.esr, 0x93c08006);
		ck_assert_uint_eq(v->msg.fault->info.access, ABI_ACCESS_WRITE);
		break;
	case ABI_MSG_VM_EXITED:
		if (v->msg.vm_exited->reason == ABI_EXIT_CRASHED) {
			ck_assert_uint_eq(v->msg.vm_exited->crash.pc,
			    0x40081234);
		}
		break;
	default:
		break;
	}
}

/* The count a sample's view must show: entries, runs or text bytes. */
static uint32_t
expected_count(const struct t_sample *s)
{
	const unsigned char *body = s->m.b + T_BODY;

	switch (s->type) {
	case ABI_MSG_MAP:
	case ABI_MSG_UNMAP:
	case ABI_MSG_PROTECT:
		return (uint32_t)((s->len - T_BODY - 8) / 32);
	case ABI_MSG_S2_DUMP_REPLY:
		if (s->len == T_BODY) {
			return 0;
		}
		return (uint32_t)((s->len - T_BODY - 24) / 40);
	case ABI_MSG_CONSOLE_IN:
	case ABI_MSG_CONSOLE_OUT:
	case ABI_MSG_LOG:
		return (uint32_t)t_get(body, 6, 2);
	default:
		return 0;
	}
}

START_TEST(abi_every_type_has_a_sample)
{
	size_t i;

	for (i = 0; i < KNOWN_COUNT; i++) {
		ck_assert_msg(t_sample_find(known_types[i]) >= 0,
		    "type %#x has no sample", known_types[i]);
	}
}
END_TEST

T_EACH_SAMPLE(abi_round_trip_keeps_every_field)
{
	struct t_sample s, again;
	struct abi_view v;

	t_sample(i, &s);
	T_ERR(&s, abi_decode(s.m.b, s.len, &v), 0);
	ck_assert_ptr_eq(v.hdr, (const void *)s.m.b);
	ck_assert_uint_eq(v.type, s.type);
	ck_assert_uint_eq(v.hdr->seq, SEQ);
	ck_assert_uint_eq(v.hdr->length, s.len);
	ck_assert_uint_eq(v.body_len, s.len - T_BODY);
	ck_assert_ptr_eq(v.body, v.body_len != 0 ? s.m.b + T_BODY : NULL);
	ck_assert_ptr_eq(v.msg.hello, v.body);
	T_ERR(&s, (int)v.count, (int)expected_count(&s));
	check_view_fields(&s, &v);

	/* What decodes re-encodes to the very same bytes. */
	memset(&again, 0, sizeof(again));
	T_ERR(&s, abi_encode(again.m.b, sizeof(again.m.b), v.type, v.hdr->seq,
	    v.hdr->status, v.body, v.body_len), (int)s.len);
	ck_assert_mem_eq(again.m.b, s.m.b, s.len);
	/* Slot padding after the message is ignored. */
	memset(s.m.b + s.len, 0xa5, sizeof(s.m.b) - s.len);
	T_ERR(&s, abi_decode(s.m.b, sizeof(s.m.b), &v), 0);
}

T_EACH_SAMPLE(abi_every_truncation_fails_cleanly)
{
	struct t_sample s;
	struct abi_view v, before;
	size_t len;

	t_sample(i, &s);
	memset(&before, 0x5a, sizeof(before));
	for (len = 0; len < s.len; len++) {
		v = before;
		T_CHECK(t_decode(s.m.b, len, &v) == -EBADMSG,
		    "%s cut to %zu bytes", s.name, len);
		T_CHECK(memcmp(&v, &before, sizeof(v)) == 0,
		    "%s cut to %zu bytes: view written", s.name, len);
	}
	T_ERR(&s, t_decode(s.m.b, s.len, &v), 0);
}

T_EACH_SAMPLE(abi_length_field_must_match_body)
{
	struct t_sample s;
	struct abi_view v;
	size_t len;

	t_sample(i, &s);
	for (len = 0; len <= ABI_MSG_MAX; len++) {
		if (len == s.len) {
			continue;
		}
		t_put(s.m.b, 8, 4, len);
		T_CHECK(abi_decode(s.m.b, ABI_MSG_MAX, &v) == -EBADMSG,
		    "%s with length %zu", s.name, len);
	}
	t_put(s.m.b, 8, 4, ABI_MSG_MAX + 1);
	T_ERR(&s, abi_decode(s.m.b, sizeof(s.m.b), &v), -EMSGSIZE);
	t_put(s.m.b, 8, 4, UINT32_MAX);
	T_ERR(&s, abi_decode(s.m.b, sizeof(s.m.b), &v), -EMSGSIZE);
	t_put(s.m.b, 8, 4, s.len);
	T_ERR(&s, abi_decode(s.m.b, s.len, &v), 0);
}

T_EACH_SAMPLE(abi_wrong_magic_is_bad_message)
{
	struct t_sample s;
	struct abi_view v;
	unsigned int byte, bit;

	t_sample(i, &s);
	for (byte = 0; byte < 4; byte++) {
		for (bit = 0; bit < 8; bit++) {
			s.m.b[byte] ^= (unsigned char)(1u << bit);
			T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
			s.m.b[byte] ^= (unsigned char)(1u << bit);
		}
	}
	t_put(s.m.b, 0, 4, ABI_MAILBOX_MAGIC);
	T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
}

T_EACH_SAMPLE(abi_wrong_version_is_not_supported)
{
	static const uint16_t bad[] = { 0, ABI_VERSION + 1, 0x100, 0xffff };
	struct t_sample s;
	struct abi_view v;
	size_t k;

	t_sample(i, &s);
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		t_put(s.m.b, 4, 2, bad[k]);
		T_ERR(&s, t_decode(s.m.b, s.len, &v), -EPROTONOSUPPORT);
	}
}

START_TEST(abi_unknown_type_is_protocol_error)
{
	union t_msg m;
	struct abi_view v;
	unsigned int type;
	int err;

	for (type = 0; type <= UINT16_MAX; type++) {
		memset(&m, 0, sizeof(m));
		t_put(m.b, 0, 4, ABI_MSG_MAGIC);
		t_put(m.b, 4, 2, ABI_VERSION);
		t_put(m.b, 6, 2, type);
		t_put(m.b, 8, 4, T_BODY);
		err = abi_decode(m.b, T_BODY, &v);
		if (known(type)) {
			/* Header only: right for some, too short for others. */
			T_CHECK(err == 0 || err == -EBADMSG, "type %#x: %d",
			    type, err);
		} else {
			T_CHECK(err == -EPROTO, "type %#x: %d", type, err);
		}
	}
}
END_TEST

T_EACH_SAMPLE(abi_unknown_header_flag_is_refused)
{
	struct t_sample s;
	struct abi_view v;
	unsigned int bit;

	t_sample(i, &s);
	for (bit = 0; bit < 32; bit++) {
		t_put(s.m.b, 12, 4, (uint64_t)1 << bit);
		T_ERR(&s, t_decode(s.m.b, s.len, &v),
		    ((ABI_HDR_FLAGS_KNOWN >> bit) & 1) != 0 ? 0 : -EBADMSG);
	}
}

T_EACH_SAMPLE(abi_header_reserved_must_be_zero)
{
	struct t_sample s;
	struct abi_view v;
	unsigned int byte;

	t_sample(i, &s);
	for (byte = 28; byte < 32; byte++) {
		s.m.b[byte] = 1;
		T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
		s.m.b[byte] = 0x80;
		T_ERR(&s, t_decode(s.m.b, s.len, &v), -EBADMSG);
		s.m.b[byte] = 0;
	}
}

/* Replies that have no body even when they succeed. */
static bool
bodiless(unsigned int type)
{
	return type == ABI_MSG_CREATE_VM_REPLY ||
	    type == ABI_MSG_DESTROY_VM_REPLY ||
	    type == ABI_MSG_SET_VCPU_REPLY ||
	    type == ABI_MSG_RUN_REPLY || type == ABI_MSG_PAUSE_REPLY ||
	    type == ABI_MSG_CONSOLE_IN_REPLY || type == ABI_MSG_NAK;
}

/* What abi_decode() must say of sample @s with status @st. */
static int
status_verdict(const struct t_sample *s, int32_t st)
{
	bool keeps_body = s->type == ABI_MSG_MAP_REPLY ||
	    s->type == ABI_MSG_UNMAP_REPLY || s->type == ABI_MSG_PROTECT_REPLY;

	if ((s->type & ABI_MSG_REPLY) == 0) {
		return st == 0 ? 0 : -EBADMSG;
	}
	if (st > 0 || st < ABI_STATUS_MIN) {
		return -EBADMSG;
	}
	if (s->type == ABI_MSG_NAK) {
		return st < 0 ? 0 : -EBADMSG;
	}
	if (st < 0 && !keeps_body) {
		return s->len == T_BODY ? 0 : -EBADMSG;
	}
	if (st == 0 && !bodiless(s->type) && s->len == T_BODY) {
		return -EBADMSG;	/* a good reply needs its body */
	}
	return 0;
}

/*
 * Status: 0 outside replies; in replies 0 or -1..-4095; never 0 in a NAK;
 * a failed reply has no body but a batch reply always has its own.
 */
T_EACH_SAMPLE(abi_status_rules)
{
	static const int32_t statuses[] = { 1, -1, -4095, -4096, INT32_MIN,
	    INT32_MAX, 0 };
	struct t_sample s;
	struct abi_view v;
	size_t k;
	int32_t st;

	t_sample(i, &s);
	for (k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++) {
		st = statuses[k];
		t_put(s.m.b, 24, 4, (uint32_t)st);
		T_CHECK(t_decode(s.m.b, s.len, &v) == status_verdict(&s, st),
		    "%s with status %d", s.name, st);
	}
}

START_TEST(abi_decode_refuses_bad_buffers)
{
	struct t_sample s;
	struct abi_view v;
	union t_msg shifted;

	t_sample(0, &s);
	ck_assert_int_eq(abi_decode(NULL, s.len, &v), -EINVAL);
	ck_assert_int_eq(abi_decode(s.m.b, s.len, NULL), -EINVAL);
	memcpy(shifted.b + 4, s.m.b, s.len);
	ck_assert_int_eq(abi_decode(shifted.b + 4, s.len, &v), -EINVAL);
}
END_TEST

T_EACH_SAMPLE(abi_encode_refuses_short_buffers)
{
	struct t_sample s;
	struct abi_view v;
	union t_msg out;
	size_t cap;

	t_sample(i, &s);
	T_ERR(&s, abi_decode(s.m.b, s.len, &v), 0);
	for (cap = 0; cap < s.len; cap++) {
		T_ERR(&s, abi_encode(out.b, cap, v.type, 1, v.hdr->status,
		    v.body, v.body_len), -EMSGSIZE);
	}
	T_ERR(&s, abi_encode(out.b, cap, v.type, 1, v.hdr->status, v.body,
	    v.body_len), (int)s.len);
	T_ERR(&s, abi_encode(out.b + 8, cap, v.type, 1, v.hdr->status, v.body,
	    v.body_len), (int)s.len);
	T_ERR(&s, abi_encode(out.b + 4, cap, v.type, 1, v.hdr->status, v.body,
	    v.body_len), -EINVAL);
}

START_TEST(abi_encode_refuses_what_decode_refuses)
{
	union t_msg m;
	struct abi_create_vm c = { .vm = 0, .vcpu_count = 1, .ipa_bits = 40 };
	struct abi_vm_ref r = { 1, 0 };
	uint8_t big[ABI_MSG_MAX];

	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_CREATE_VM, 1, 0,
	    &c, sizeof(c)), -EINVAL);
	c.vm = 1;
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_CREATE_VM, 1, 0,
	    &c, sizeof(c)), (int)(T_BODY + sizeof(c)));
	/* Wrong body size for the type, unknown type, status on a request. */
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_CREATE_VM, 1, 0,
	    &c, sizeof(c) - 1), -EINVAL);
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), 0x3f, 1, 0, &r,
	    sizeof(r)), -EINVAL);
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), 0x10000 | ABI_MSG_RUN, 1,
	    0, &r, sizeof(r)), -EINVAL);
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_RUN, 1, -EIO,
	    &r, sizeof(r)), -EINVAL);
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_RUN, 1, 0, NULL,
	    sizeof(r)), -EINVAL);
	memset(big, 0, sizeof(big));
	ck_assert_int_eq(abi_encode(m.b, sizeof(m.b), ABI_MSG_LOG, 1, 0, big,
	    ABI_MSG_MAX - T_BODY + 1), -EMSGSIZE);
}
END_TEST

START_TEST(abi_encode_batch_bounds)
{
	union t_msg m;
	struct abi_range e[ABI_BATCH_MAX + 1];
	uint32_t i;

	for (i = 0; i <= ABI_BATCH_MAX; i++) {
		e[i] = (struct abi_range){ 0x1000 * (uint64_t)i, 0, 0x1000, 0,
		    0, 0, 0 };
	}
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    3, e, ABI_BATCH_MAX), (int)(T_BODY + 8 + 32 * ABI_BATCH_MAX));
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    3, e, ABI_BATCH_MAX + 1), -EMSGSIZE);
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    3, e, UINT32_MAX), -EMSGSIZE);
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    3, e, 0), -EINVAL);
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    0, e, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_RUN, 1,
	    3, e, 1), -EINVAL);
	/* An UNMAP entry with a permission, a MAP entry without one. */
	e[0].perm = ABI_PERM_R;
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_UNMAP, 1,
	    3, e, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_batch(m.b, sizeof(m.b), ABI_MSG_MAP, 1,
	    3, e + 1, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_batch(m.b, T_BODY + 8 + 31, ABI_MSG_MAP,
	    1, 3, e, 1), -EMSGSIZE);
}
END_TEST

START_TEST(abi_encode_text_bounds)
{
	union t_msg m;
	uint8_t text[ABI_CONSOLE_MAX + 1];

	memset(text, 'x', sizeof(text));
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_CONSOLE_OUT,
	    1, 2, 0, text, ABI_CONSOLE_MAX), (int)(T_BODY + 8 +
	    ABI_CONSOLE_MAX));
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_CONSOLE_OUT,
	    1, 2, 0, text, ABI_CONSOLE_MAX + 1), -EMSGSIZE);
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_LOG, 1, 0,
	    ABI_LOG_INFO, text, ABI_LOG_MAX + 1), -EMSGSIZE);
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_LOG, 1, 0,
	    ABI_LOG_INFO, text, 0), -EINVAL);
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_LOG, 1, 0,
	    0, text, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_CONSOLE_OUT,
	    1, 0, 0, text, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_text(m.b, sizeof(m.b), ABI_MSG_FAULT, 1,
	    2, 0, text, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_text(m.b, T_BODY + 8, ABI_MSG_CONSOLE_IN,
	    1, 2, 0, text, 1), -EMSGSIZE);
}
END_TEST

START_TEST(abi_encode_console_in_bounds)
{
	union t_msg m;
	struct abi_view v;
	uint8_t text[ABI_CONSOLE_MAX + 1];
	unsigned int flag;

	memset(text, 'x', sizeof(text));
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2,
	    ABI_TEXT_BREAK, text, ABI_CONSOLE_MAX), (int)(T_BODY + 8 +
	    ABI_CONSOLE_MAX));
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2,
	    ABI_TEXT_BREAK, text, ABI_CONSOLE_MAX + 1), -EMSGSIZE);
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2, 0,
	    text, ABI_CONSOLE_MAX + 1), -EMSGSIZE);
	/* A break alone is a message, nothing at all is not. */
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2,
	    ABI_TEXT_BREAK, NULL, 0), (int)(T_BODY + 8));
	ck_assert_int_eq(abi_decode(m.b, T_BODY + 8, &v), 0);
	ck_assert_uint_eq(v.count, 0);
	ck_assert_uint_eq(v.msg.text->flags, ABI_TEXT_BREAK);
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2, 0,
	    NULL, 0), -EINVAL);
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2, 0,
	    text, 1), (int)(T_BODY + 9));
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 0,
	    ABI_TEXT_BREAK, NULL, 0), -EINVAL);
	ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2,
	    ABI_TEXT_BREAK, NULL, 1), -EINVAL);
	ck_assert_int_eq(abi_encode_console_in(m.b, T_BODY + 7, 1, 2,
	    ABI_TEXT_BREAK, NULL, 0), -EMSGSIZE);
	/* Every flag but the known ones, wider ones included. */
	for (flag = 1; flag != 0; flag <<= 1) {
		ck_assert_int_eq(abi_encode_console_in(m.b, sizeof(m.b), 1, 2,
		    flag, text, 1), (flag & ~ABI_TEXT_FLAGS_KNOWN) != 0 ?
		    -EINVAL : (int)(T_BODY + 9));
	}
}
END_TEST

START_TEST(abi_encode_dump_reply_bounds)
{
	union t_msg m;
	struct abi_s2_dump_reply head = { 3, 0, 0x1000, 0, 0 };
	struct abi_s2_run r[ABI_DUMP_MAX + 1];
	uint32_t i;

	for (i = 0; i <= ABI_DUMP_MAX; i++) {
		r[i] = (struct abi_s2_run){ 0x1000 * (uint64_t)i, 0x1000, 1,
		    0x1000, 3, 1, ABI_PERM_R, 0, 0, { 0, 0, 0 } };
	}
	ck_assert_int_eq(abi_encode_dump_reply(m.b, sizeof(m.b), 1, &head, r,
	    ABI_DUMP_MAX), (int)(T_BODY + 24 + 40 * ABI_DUMP_MAX));
	ck_assert_int_eq(abi_encode_dump_reply(m.b, sizeof(m.b), 1, &head, r,
	    ABI_DUMP_MAX + 1), -EMSGSIZE);
	head.flags = 2;
	ck_assert_int_eq(abi_encode_dump_reply(m.b, sizeof(m.b), 1, &head, r,
	    1), -EINVAL);
	ck_assert_int_eq(abi_encode_dump_reply(m.b, sizeof(m.b), 1, NULL, r,
	    1), -EINVAL);
}
END_TEST

START_TEST(abi_peek_seq_reads_any_bytes)
{
	unsigned char raw[40];
	size_t len;

	memset(raw, 0xee, sizeof(raw));
	t_put(raw, 1 + 16, 8, 0x0102030405060708ull);
	/* Unaligned, without a magic: the field as it stands. */
	ck_assert_uint_eq(abi_peek_seq(raw + 1, 24), 0x0102030405060708ull);
	for (len = 0; len < 24; len++) {
		ck_assert_uint_eq(abi_peek_seq(raw + 1, len), 0);
	}
	ck_assert_uint_eq(abi_peek_seq(NULL, 40), 0);
}
END_TEST

START_TEST(abi_replies_pair_with_requests)
{
	struct t_sample s;
	struct abi_view v;
	unsigned int t;

	for (t = 0; t <= 0xff; t++) {
		if (t >= ABI_MSG_HELLO && t <= ABI_MSG_REQUEST_LAST) {
			ck_assert_uint_eq(abi_reply_type(t), t | ABI_MSG_REPLY);
			ck_assert(known(abi_reply_type(t)));
		} else {
			ck_assert_uint_eq(abi_reply_type(t), ABI_MSG_NAK);
		}
	}
	/* Each known type is exactly one of request, event, reply. */
	for (t = 0; t < KNOWN_COUNT; t++) {
		unsigned int k = known_types[t];

		ck_assert_int_eq(abi_type_is_request(k) + abi_type_is_event(k) +
		    abi_type_is_reply(k), 1);
	}
	ck_assert(abi_type_is_request(ABI_MSG_CONSOLE_IN));
	ck_assert(abi_type_is_event(ABI_MSG_LOG));
	ck_assert(abi_type_is_reply(ABI_MSG_NAK));
	ck_assert(!abi_type_is_request(0) && !abi_type_is_event(0x3f));
	t_sample((unsigned int)t_sample_find(ABI_MSG_MAP_REPLY), &s);
	ck_assert_int_eq(abi_decode(s.m.b, s.len, &v), 0);
	ck_assert(abi_reply_matches(&v, ABI_MSG_MAP, SEQ));
	ck_assert(!abi_reply_matches(&v, ABI_MSG_MAP, SEQ + 1));
	ck_assert(!abi_reply_matches(&v, ABI_MSG_UNMAP, SEQ));
	t_sample((unsigned int)t_sample_find(ABI_MSG_NAK), &s);
	ck_assert_int_eq(abi_decode(s.m.b, s.len, &v), 0);
	ck_assert(abi_reply_matches(&v, ABI_MSG_UNMAP, SEQ));
	ck_assert(!abi_reply_matches(&v, ABI_MSG_UNMAP, 0));
}
END_TEST

/**
 * abi_codec_suite() - messages as a whole: round trips, truncations,
 * headers, encoders.
 *
 * Return: the suite.
 */
Suite *
abi_codec_suite(void)
{
	Suite *s = suite_create("abi_codec");
	TCase *tc = tcase_create("codec");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, abi_every_type_has_a_sample);
	tcase_add_test(tc, abi_round_trip_keeps_every_field);
	tcase_add_test(tc, abi_every_truncation_fails_cleanly);
	tcase_add_test(tc, abi_length_field_must_match_body);
	tcase_add_test(tc, abi_wrong_magic_is_bad_message);
	tcase_add_test(tc, abi_wrong_version_is_not_supported);
	tcase_add_test(tc, abi_unknown_type_is_protocol_error);
	tcase_add_test(tc, abi_unknown_header_flag_is_refused);
	tcase_add_test(tc, abi_header_reserved_must_be_zero);
	tcase_add_test(tc, abi_status_rules);
	tcase_add_test(tc, abi_decode_refuses_bad_buffers);
	tcase_add_test(tc, abi_encode_refuses_short_buffers);
	tcase_add_test(tc, abi_encode_refuses_what_decode_refuses);
	tcase_add_test(tc, abi_encode_batch_bounds);
	tcase_add_test(tc, abi_encode_text_bounds);
	tcase_add_test(tc, abi_encode_console_in_bounds);
	tcase_add_test(tc, abi_encode_dump_reply_bounds);
	tcase_add_test(tc, abi_peek_seq_reads_any_bytes);
	tcase_add_test(tc, abi_replies_pair_with_requests);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(abi_codec_suite());
	int failed;

	srunner_add_suite(sr, abi_fields_suite());
	srunner_add_suite(sr, abi_ring_suite());
	srunner_add_suite(sr, abi_mailbox_suite());
	srunner_add_suite(sr, abi_fuzz_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
