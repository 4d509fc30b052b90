/* SPDX-License-Identifier: ISC */
/*
 * check_rpc.c - tests of the RPC wire: libvirt's packet framing
 * (rpc_packet.c), the stream reader (rpc_reader.c), the procedure table
 * (rpc_proc.c) and the XDR of hv_protocol.x, under valid and hostile
 * input.  Wire sizes are checked against libvirt's layouts.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv_protocol.h"
#include "rpc_packet.h"
#include "rpc_proc.h"

/* A header worth sending. */
static struct rpc_header
header(uint32_t prog, int32_t proc, enum rpc_type type,
    enum rpc_status status, uint32_t serial)
{
	struct rpc_header h = {
		.prog = prog, .vers = 1, .proc = proc, .type = type,
		.serial = serial, .status = status,
	};

	return h;
}

static void
header_eq(const struct rpc_header *a, const struct rpc_header *b)
{
	ck_assert_uint_eq(a->prog, b->prog);
	ck_assert_uint_eq(a->vers, b->vers);
	ck_assert_int_eq(a->proc, b->proc);
	ck_assert_uint_eq(a->type, b->type);
	ck_assert_uint_eq(a->serial, b->serial);
	ck_assert_uint_eq(a->status, b->status);
}

/* Big-endian words, as the wire has them. */
static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The payload of a packet built from raw bytes, for hostile bodies. */
static struct rpc_packet
raw_call(const void *payload, size_t len)
{
	struct rpc_header h = header(REMOTE_PROGRAM, 23, RPC_CALL, RPC_OK, 1);
	struct rpc_packet pkt;

	ck_assert_int_eq(rpc_packet_encode_raw(&pkt, &h, payload, len), 0);
	return pkt;
}

/* A domain triple for bodies. */
static remote_nonnull_domain
domain(char *name, int id)
{
	remote_nonnull_domain d = { .name = name, .id = id };
	int i;

	for (i = 0; i < REMOTE_UUID_BUFLEN; i++) {
		d.uuid[i] = (char)(0xa0 + i);
	}
	return d;
}

/* Encode @body with @proc, and return the payload's length. */
static size_t
payload_len_of(xdrproc_t proc, const void *body)
{
	struct rpc_header h = header(REMOTE_PROGRAM, 1, RPC_REPLY, RPC_OK, 0);
	struct rpc_packet pkt;
	size_t len;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h, proc, body), 0);
	len = rpc_packet_payload_len(&pkt);
	rpc_packet_free(&pkt);
	return len;
}

/* ---- framing ---- */

START_TEST(header_bytes_are_libvirts)
{
	struct rpc_header h = header(REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_OPEN, RPC_CALL, RPC_OK, 7);
	static const uint8_t want[RPC_PACKET_MIN] = {
		0, 0, 0, 28,
		0x20, 0x00, 0x80, 0x86,
		0, 0, 0, 1,
		0, 0, 0, 1,
		0, 0, 0, 0,
		0, 0, 0, 7,
		0, 0, 0, 0,
	};
	struct rpc_packet pkt;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h, NULL, NULL), 0);
	ck_assert_uint_eq(pkt.len, RPC_PACKET_MIN);
	ck_assert_mem_eq(pkt.buf, want, sizeof(want));
	rpc_packet_free(&pkt);
}
END_TEST

START_TEST(every_type_and_status_round_trips)
{
	static const uint8_t data[5] = "hello";
	struct rpc_header h, got;
	struct rpc_packet pkt;
	uint32_t type, status;

	for (type = RPC_CALL; type <= RPC_STREAM_HOLE; type++) {
		for (status = RPC_OK; status <= RPC_CONTINUE; status++) {
			h = header(HVD_PROGRAM, HVD_PROC_BOARD_STATS, type,
			    status, 0xfffffff0u + type);
			h.proc = -(int32_t)status;
			ck_assert_int_eq(rpc_packet_encode_raw(&pkt, &h, data,
			    sizeof(data)), 0);
			ck_assert_uint_eq(pkt.len, RPC_PACKET_MIN + 5);
			ck_assert_int_eq(rpc_packet_parse(pkt.buf, pkt.len,
			    &got), 0);
			header_eq(&got, &h);
			header_eq(&pkt.hdr, &h);
			ck_assert_mem_eq(rpc_packet_payload(&pkt), data, 5);
			rpc_packet_free(&pkt);
		}
	}
}
END_TEST

START_TEST(unknown_type_or_status_is_refused)
{
	uint8_t buf[RPC_PACKET_MIN];
	struct rpc_header h = header(REMOTE_PROGRAM, 1, RPC_CALL, RPC_OK, 0);
	struct rpc_header got;
	struct rpc_packet pkt;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h, NULL, NULL), 0);
	memcpy(buf, pkt.buf, sizeof(buf));
	rpc_packet_free(&pkt);
	put_be32(buf + 16, RPC_STREAM_HOLE + 1);
	ck_assert_int_eq(rpc_packet_parse(buf, sizeof(buf), &got), -EBADMSG);
	put_be32(buf + 16, RPC_CALL);
	put_be32(buf + 24, RPC_CONTINUE + 1);
	ck_assert_int_eq(rpc_packet_parse(buf, sizeof(buf), &got), -EBADMSG);
	put_be32(buf + 24, 0xffffffffu);
	ck_assert_int_eq(rpc_packet_parse(buf, sizeof(buf), &got), -EBADMSG);
}
END_TEST

START_TEST(reply_header_echoes_the_call)
{
	struct rpc_header call = header(REMOTE_PROGRAM,
	    REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, RPC_CALL, RPC_OK, 42);
	struct rpc_header reply = rpc_header_reply(&call, RPC_ERROR);

	ck_assert_uint_eq(reply.prog, REMOTE_PROGRAM);
	ck_assert_uint_eq(reply.vers, 1);
	ck_assert_int_eq(reply.proc, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME);
	ck_assert_uint_eq(reply.serial, 42);
	ck_assert_uint_eq(reply.type, RPC_REPLY);
	ck_assert_uint_eq(reply.status, RPC_ERROR);
}
END_TEST

START_TEST(length_limits_are_libvirts)
{
	uint32_t len;

	for (len = 0; len < RPC_PACKET_MIN; len++) {
		ck_assert_int_eq(rpc_packet_check_len(len), -EBADMSG);
	}
	ck_assert_int_eq(rpc_packet_check_len(28), 0);
	ck_assert_int_eq(rpc_packet_check_len(33554436u), 0);
	ck_assert_int_eq(rpc_packet_check_len(33554437u), -EMSGSIZE);
	ck_assert_int_eq(rpc_packet_check_len(0xffffffffu), -EMSGSIZE);
}
END_TEST

START_TEST(every_truncation_fails_to_parse)
{
	remote_domain_lookup_by_name_args args = { .name = "vm1" };
	struct rpc_header h = header(REMOTE_PROGRAM, 23, RPC_CALL, RPC_OK, 3);
	struct rpc_header got;
	struct rpc_packet pkt;
	size_t len;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
	    (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &args), 0);
	for (len = 0; len < pkt.len; len++) {
		ck_assert_int_eq(rpc_packet_parse(pkt.buf, len, &got),
		    -EBADMSG);
	}
	ck_assert_int_eq(rpc_packet_parse(pkt.buf, pkt.len, &got), 0);
	rpc_packet_free(&pkt);
}
END_TEST

START_TEST(oversized_payload_is_refused)
{
	struct rpc_header h = header(REMOTE_PROGRAM, 201, RPC_STREAM,
	    RPC_CONTINUE, 1);
	struct rpc_packet pkt;
	static const char one = 'x';
	char *big;

	/* The check comes before any copy: the data is never read. */
	ck_assert_int_eq(rpc_packet_encode_raw(&pkt, &h, &one,
	    (size_t)RPC_PAYLOAD_MAX + 1), -EMSGSIZE);
	ck_assert_ptr_null(pkt.buf);

	/* A string over REMOTE_STRING_MAX cannot be encoded. */
	big = malloc(REMOTE_STRING_MAX + 2);
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', REMOTE_STRING_MAX + 1);
	big[REMOTE_STRING_MAX + 1] = '\0';
	{
		remote_connect_get_hostname_ret ret = { .hostname = big };

		ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
		    (xdrproc_t)xdr_remote_connect_get_hostname_ret, &ret),
		    -EINVAL);
		big[REMOTE_STRING_MAX] = '\0';
		ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
		    (xdrproc_t)xdr_remote_connect_get_hostname_ret, &ret), 0);
		ck_assert_uint_eq(rpc_packet_payload_len(&pkt),
		    4 + REMOTE_STRING_MAX);
		rpc_packet_free(&pkt);
	}
	free(big);
}
END_TEST

/* ---- payload layouts (libvirt's remote_protocol.x) ---- */

START_TEST(wire_sizes_match_libvirt)
{
	char name[] = "vm1";
	remote_domain_ret dom = { .dom = domain(name, 5) };
	remote_node_get_info_ret node = { .memory = 1 };
	remote_domain_get_info_ret info = { .state = 1 };
	remote_error err = { .code = 42 };
	remote_domain_get_state_ret state = { 1, 1 };
	remote_connect_open_args open = { .name = NULL, .flags = 1 };

	/* name: length word + "vm1" padded to 4; uuid 16; id 4. */
	ck_assert_uint_eq(payload_len_of((xdrproc_t)xdr_remote_domain_ret,
	    &dom), 4 + 4 + 16 + 4);
	/* model: 32 XDR chars of 4 bytes each; hyper; 6 ints. */
	ck_assert_uint_eq(payload_len_of(
	    (xdrproc_t)xdr_remote_node_get_info_ret, &node),
	    32 * 4 + 8 + 6 * 4);
	/* uchar state as 4 bytes, 2 hypers, ushort as 4 bytes, hyper. */
	ck_assert_uint_eq(payload_len_of(
	    (xdrproc_t)xdr_remote_domain_get_info_ret, &info),
	    4 + 8 + 8 + 4 + 8);
	/* 11 words when every optional member is NULL. */
	ck_assert_uint_eq(payload_len_of((xdrproc_t)xdr_remote_error, &err),
	    11 * 4);
	ck_assert_uint_eq(payload_len_of(
	    (xdrproc_t)xdr_remote_domain_get_state_ret, &state), 8);
	/* An absent optional string is one word 0. */
	ck_assert_uint_eq(payload_len_of(
	    (xdrproc_t)xdr_remote_connect_open_args, &open), 8);
}
END_TEST

START_TEST(domain_bytes_are_libvirts)
{
	char name[] = "vm1";
	remote_domain_ret dom = { .dom = domain(name, -1) };
	struct rpc_header h = header(REMOTE_PROGRAM, 23, RPC_REPLY, RPC_OK, 9);
	struct rpc_packet pkt;
	const uint8_t *p;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
	    (xdrproc_t)xdr_remote_domain_ret, &dom), 0);
	p = rpc_packet_payload(&pkt);
	ck_assert_mem_eq(p, "\0\0\0\3vm1\0", 8);
	ck_assert_uint_eq(p[8], 0xa0);
	ck_assert_uint_eq(p[23], 0xaf);
	ck_assert_mem_eq(p + 24, "\xff\xff\xff\xff", 4);
	rpc_packet_free(&pkt);
}
END_TEST

START_TEST(filled_messages_round_trip)
{
	char n1[] = "alpha", n2[] = "beta", msg[] = "vm.yaml:3:7: bad";
	char *msgp = msg;
	remote_nonnull_domain doms[2] = { domain(n1, 1), domain(n2, -1) };
	remote_connect_list_all_domains_ret list = {
		.domains = { .domains_len = 2, .domains_val = doms },
		.ret = 2,
	};
	remote_error err = { .code = 27, .domain = 20, .message = &msgp,
	    .level = 2, .dom = &doms[0], .int1 = -3 };
	hvd_s2_run runs[2] = {
		{ .ipa = 0x40000000, .size = 0x200000, .count = 1,
		  .pa = 0x80000000, .level = 2, .valid = 1, .perm = 7 },
		{ .ipa = 0x40200000, .size = 0x1000, .count = 1, .level = 3,
		  .owner = 4 },
	};
	hvd_domain_s2_dump_ret dump = {
		.runs = { .runs_len = 2, .runs_val = runs },
		.next = 0x40201000, .more = 1,
	};
	struct rpc_header h = header(REMOTE_PROGRAM, 273, RPC_REPLY, RPC_OK, 4);
	remote_connect_list_all_domains_ret list2;
	remote_error err2;
	hvd_domain_s2_dump_ret dump2;
	struct rpc_packet pkt;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &list), 0);
	memset(&list2, 0, sizeof(list2));
	ck_assert_int_eq(rpc_packet_decode(&pkt,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &list2), 0);
	ck_assert_uint_eq(list2.domains.domains_len, 2);
	ck_assert_str_eq(list2.domains.domains_val[1].name, "beta");
	ck_assert_int_eq(list2.domains.domains_val[1].id, -1);
	ck_assert_mem_eq(list2.domains.domains_val[0].uuid, doms[0].uuid, 16);
	ck_assert_uint_eq(list2.ret, 2);
	rpc_body_free((xdrproc_t)xdr_remote_connect_list_all_domains_ret,
	    &list2);
	ck_assert_ptr_null(list2.domains.domains_val);
	rpc_packet_free(&pkt);

	h.status = RPC_ERROR;
	ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
	    (xdrproc_t)xdr_remote_error, &err), 0);
	memset(&err2, 0, sizeof(err2));
	ck_assert_int_eq(rpc_packet_decode(&pkt, (xdrproc_t)xdr_remote_error,
	    &err2), 0);
	ck_assert_int_eq(err2.code, 27);
	ck_assert_int_eq(err2.domain, 20);
	ck_assert_str_eq(*err2.message, msg);
	ck_assert_str_eq(err2.dom->name, "alpha");
	ck_assert_ptr_null(err2.str1);
	ck_assert_ptr_null(err2.net);
	ck_assert_int_eq(err2.int1, -3);
	rpc_body_free((xdrproc_t)xdr_remote_error, &err2);
	rpc_packet_free(&pkt);

	h = header(HVD_PROGRAM, HVD_PROC_DOMAIN_S2_DUMP, RPC_REPLY, RPC_OK, 5);
	ck_assert_int_eq(rpc_packet_encode(&pkt, &h,
	    (xdrproc_t)xdr_hvd_domain_s2_dump_ret, &dump), 0);
	memset(&dump2, 0, sizeof(dump2));
	ck_assert_int_eq(rpc_packet_decode(&pkt,
	    (xdrproc_t)xdr_hvd_domain_s2_dump_ret, &dump2), 0);
	ck_assert_uint_eq(dump2.runs.runs_len, 2);
	ck_assert_mem_eq(dump2.runs.runs_val, runs, sizeof(runs));
	ck_assert_uint_eq(dump2.next, 0x40201000);
	ck_assert_int_eq(dump2.more, 1);
	rpc_body_free((xdrproc_t)xdr_hvd_domain_s2_dump_ret, &dump2);
	rpc_packet_free(&pkt);
}
END_TEST

/*
 * Bytes that often decode: big-endian words, most of them 0 or 1 (absent
 * or present optional members, short strings and arrays), some of them
 * letters (string contents).
 */
static void
fill_plausible(uint8_t *buf, size_t len, unsigned int *seed)
{
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		unsigned int r = (unsigned int)rand_r(seed);

		if (r % 4 == 0) {
			memset(buf + i, 'a' + (int)(r / 4 % 26), 4);
		} else {
			put_be32(buf + i, r % 3 == 0 ? 0 : (r / 4) % 3);
		}
	}
}

/*
 * Decode @proc from plausible bytes; re-encode whatever decoded and
 * decode and encode that once more: the two encodings must be identical.
 * Return how many inputs decoded.
 */
static int
round_trip_canonical(xdrproc_t proc, size_t size, unsigned int seed)
{
	uint8_t in[256];
	struct rpc_packet p1, p2, p3;
	void *a = calloc(1, size), *b = calloc(1, size);
	struct rpc_header h = header(1, 1, RPC_CALL, RPC_OK, 0);
	size_t len;
	int hits = 0, i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	for (i = 0; i < 4000; i++) {
		len = 4 * (1 + (size_t)rand_r(&seed) % (sizeof(in) / 4));
		fill_plausible(in, len, &seed);
		p1 = raw_call(in, len);
		if (rpc_packet_decode(&p1, proc, a) == 0) {
			hits++;
			ck_assert_int_eq(rpc_packet_encode(&p2, &h, proc, a), 0);
			ck_assert_int_eq(rpc_packet_decode(&p2, proc, b), 0);
			ck_assert_int_eq(rpc_packet_encode(&p3, &h, proc, b), 0);
			ck_assert_uint_eq(p2.len, p3.len);
			ck_assert_mem_eq(p2.buf, p3.buf, p2.len);
			rpc_body_free(proc, a);
			rpc_body_free(proc, b);
			rpc_packet_free(&p2);
			rpc_packet_free(&p3);
		}
		rpc_packet_free(&p1);
	}
	free(a);
	free(b);
	return hits;
}

START_TEST(every_procedure_payload_round_trips)
{
	const struct rpc_proc *procs;
	size_t count, i;

	procs = rpc_proc_table(&count);
	for (i = 0; i < count; i++) {
		if (procs[i].args != NULL) {
			ck_assert_msg(round_trip_canonical(procs[i].args,
			    procs[i].args_size, 1 + (unsigned int)i) > 0,
			    "%s args never decoded", procs[i].name);
		}
		if (procs[i].ret != NULL) {
			ck_assert_msg(round_trip_canonical(procs[i].ret,
			    procs[i].ret_size, 1000 + (unsigned int)i) > 0,
			    "%s ret never decoded", procs[i].name);
		}
	}
	ck_assert_int_gt(round_trip_canonical((xdrproc_t)xdr_remote_error,
	    sizeof(remote_error), 7), 0);
}
END_TEST

/* ---- hostile payloads ---- */

START_TEST(hostile_string_length_is_refused)
{
	static const uint32_t lengths[] = {
		0xffffffffu, 0x80000000u, REMOTE_STRING_MAX + 1u,
		REMOTE_STRING_MAX, 1000, 5,
	};
	remote_domain_lookup_by_name_args args;
	uint8_t buf[8];
	struct rpc_packet pkt;
	size_t i;

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		put_be32(buf, lengths[i]);
		memcpy(buf + 4, "abcd", 4);
		pkt = raw_call(buf, sizeof(buf));
		memset(&args, 0, sizeof(args));
		ck_assert_int_eq(rpc_packet_decode(&pkt,
		    (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &args),
		    -EBADMSG);
		ck_assert_ptr_null(args.name);
		rpc_packet_free(&pkt);
	}
}
END_TEST

START_TEST(hostile_array_count_is_refused)
{
	static const uint32_t counts[] = {
		0xffffffffu, REMOTE_DOMAIN_LIST_MAX + 1u,
		REMOTE_DOMAIN_LIST_MAX, 2,
	};
	remote_connect_list_all_domains_ret ret;
	uint8_t buf[4 + 28];
	struct rpc_packet pkt;
	size_t i;

	/* One well-formed domain follows the count; never the promised n. */
	memset(buf, 0, sizeof(buf));
	put_be32(buf + 4, 3);
	memcpy(buf + 8, "vm1", 3);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		put_be32(buf, counts[i]);
		pkt = raw_call(buf, sizeof(buf));
		memset(&ret, 0, sizeof(ret));
		ck_assert_int_eq(rpc_packet_decode(&pkt,
		    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &ret),
		    -EBADMSG);
		ck_assert_ptr_null(ret.domains.domains_val);
		rpc_packet_free(&pkt);
	}
}
END_TEST

START_TEST(every_payload_truncation_is_refused)
{
	char n1[] = "one", n2[] = "two-two";
	remote_nonnull_domain doms[2] = { domain(n1, 1), domain(n2, 2) };
	remote_connect_list_all_domains_ret list = {
		.domains = { .domains_len = 2, .domains_val = doms },
		.ret = 2,
	};
	struct rpc_header h = header(REMOTE_PROGRAM, 273, RPC_REPLY, RPC_OK, 1);
	remote_connect_list_all_domains_ret got;
	struct rpc_packet whole, cut;
	uint8_t *longer;
	size_t len, n;

	ck_assert_int_eq(rpc_packet_encode(&whole, &h,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &list), 0);
	n = rpc_packet_payload_len(&whole);
	for (len = 0; len < n; len++) {
		cut = raw_call(rpc_packet_payload(&whole), len);
		memset(&got, 0, sizeof(got));
		ck_assert_int_eq(rpc_packet_decode(&cut,
		    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &got),
		    -EBADMSG);
		rpc_packet_free(&cut);
	}
	/* Trailing bytes are refused too. */
	longer = calloc(1, n + 4);
	ck_assert_ptr_nonnull(longer);
	memcpy(longer, rpc_packet_payload(&whole), n);
	cut = raw_call(longer, n + 4);
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(rpc_packet_decode(&cut,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &got),
	    -EBADMSG);
	rpc_packet_free(&cut);
	free(longer);
	/* An empty payload where one was expected, and the reverse. */
	cut = raw_call("", 0);
	ck_assert_int_eq(rpc_packet_decode(&cut, NULL, NULL), 0);
	ck_assert_int_eq(rpc_packet_decode(&cut,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &got),
	    -EBADMSG);
	rpc_packet_free(&cut);
	ck_assert_int_eq(rpc_packet_decode(&whole, NULL, NULL), -EBADMSG);
	rpc_packet_free(&whole);
}
END_TEST

/* ---- procedure table ---- */

START_TEST(procedure_numbers_are_libvirts)
{
	static const struct {
		int32_t proc;
		const char *name;
	} known[] = {
		{ 1, "CONNECT_OPEN" }, { 2, "CONNECT_CLOSE" },
		{ 3, "CONNECT_GET_TYPE" }, { 4, "CONNECT_GET_VERSION" },
		{ 6, "NODE_GET_INFO" }, { 9, "DOMAIN_CREATE" },
		{ 10, "DOMAIN_CREATE_XML" }, { 11, "DOMAIN_DEFINE_XML" },
		{ 12, "DOMAIN_DESTROY" }, { 14, "DOMAIN_GET_XML_DESC" },
		{ 16, "DOMAIN_GET_INFO" }, { 22, "DOMAIN_LOOKUP_BY_ID" },
		{ 23, "DOMAIN_LOOKUP_BY_NAME" }, { 24, "DOMAIN_LOOKUP_BY_UUID" },
		{ 27, "DOMAIN_REBOOT" }, { 28, "DOMAIN_RESUME" },
		{ 33, "DOMAIN_SHUTDOWN" }, { 34, "DOMAIN_SUSPEND" },
		{ 35, "DOMAIN_UNDEFINE" }, { 59, "CONNECT_GET_HOSTNAME" },
		{ 60, "CONNECT_SUPPORTS_FEATURE" }, { 66, "AUTH_LIST" },
		{ 201, "DOMAIN_OPEN_CONSOLE" }, { 212, "DOMAIN_GET_STATE" },
		{ 231, "DOMAIN_UNDEFINE_FLAGS" },
		{ 273, "CONNECT_LIST_ALL_DOMAINS" },
		{ 318, "DOMAIN_EVENT_CALLBACK_LIFECYCLE" },
		{ 350, "DOMAIN_DEFINE_XML_FLAGS" },
	};
	const struct rpc_proc *p;
	size_t i;

	ck_assert_uint_eq(REMOTE_PROGRAM, 0x20008086u);
	ck_assert_uint_eq(KEEPALIVE_PROGRAM, 0x6b656570u);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		p = rpc_proc_find(REMOTE_PROGRAM, 1, known[i].proc);
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p->name, known[i].name);
	}
	p = rpc_proc_find(KEEPALIVE_PROGRAM, 1, KEEPALIVE_PROC_PING);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->kind, RPC_PROC_EVENT);
	ck_assert_ptr_null(p->args);
	p = rpc_proc_find(REMOTE_PROGRAM, 1, 201);
	ck_assert_int_eq(p->kind, RPC_PROC_STREAM);
}
END_TEST

START_TEST(table_entries_are_unique_and_known)
{
	const struct rpc_proc *procs;
	size_t count, i, j;

	procs = rpc_proc_table(&count);
	ck_assert_uint_gt(count, 40);
	for (i = 0; i < count; i++) {
		ck_assert(rpc_proc_prog_known(procs[i].prog, procs[i].vers));
		ck_assert_ptr_eq(rpc_proc_find(procs[i].prog, procs[i].vers,
		    procs[i].proc), &procs[i]);
		ck_assert((procs[i].args == NULL) == (procs[i].args_size == 0));
		ck_assert((procs[i].ret == NULL) == (procs[i].ret_size == 0));
		for (j = i + 1; j < count; j++) {
			ck_assert(procs[i].prog != procs[j].prog ||
			    procs[i].proc != procs[j].proc);
		}
	}
}
END_TEST

START_TEST(unknown_program_and_procedure_decode_as_such)
{
	struct rpc_header h = header(0x20008087u, 1, RPC_CALL, RPC_OK, 3);
	struct rpc_packet pkt, got;
	struct rpc_reader r;
	size_t used;

	/* QEMU's program: a valid packet of a program hv does not serve. */
	ck_assert_int_eq(rpc_packet_encode_raw(&pkt, &h, "\0\0\0\0", 4), 0);
	rpc_reader_init(&r);
	ck_assert_int_eq(rpc_reader_feed(&r, pkt.buf, pkt.len, &used, &got),
	    1);
	ck_assert_uint_eq(used, pkt.len);
	header_eq(&got.hdr, &h);
	ck_assert(!rpc_proc_prog_known(got.hdr.prog, got.hdr.vers));
	ck_assert_ptr_null(rpc_proc_find(got.hdr.prog, got.hdr.vers,
	    got.hdr.proc));
	rpc_packet_free(&got);
	rpc_packet_free(&pkt);

	/* REMOTE, but a procedure hv has no entry for, and a bad version. */
	ck_assert(rpc_proc_prog_known(REMOTE_PROGRAM, 1));
	ck_assert(!rpc_proc_prog_known(REMOTE_PROGRAM, 2));
	ck_assert_ptr_null(rpc_proc_find(REMOTE_PROGRAM, 1, 8));
	ck_assert_ptr_null(rpc_proc_find(REMOTE_PROGRAM, 1, 0));
	ck_assert_ptr_null(rpc_proc_find(REMOTE_PROGRAM, 1, -1));
	ck_assert_ptr_null(rpc_proc_find(REMOTE_PROGRAM, 1, 0x7fffffff));
	ck_assert_ptr_null(rpc_proc_find(REMOTE_PROGRAM, 2, 1));
	ck_assert_ptr_null(rpc_proc_find(HVD_PROGRAM, 1, 0));
	ck_assert_ptr_null(rpc_proc_find(HVD_PROGRAM, 1, 10));
	rpc_reader_fini(&r);
}
END_TEST

/* ---- the stream reader ---- */

/* A stream of packets of several sizes, one of them over the reader's
 * first allocation, and their bytes back to back. */
struct stream {
	struct rpc_packet pkts[5];
	uint8_t *bytes;
	size_t len;
};

static void
stream_make(struct stream *s)
{
	static uint8_t big[70000];
	struct rpc_header h;
	size_t i;
	char name[] = "vm";
	remote_domain_lookup_by_name_args args = { .name = name };

	for (i = 0; i < sizeof(big); i++) {
		big[i] = (uint8_t)(i * 7);
	}
	h = header(REMOTE_PROGRAM, 23, RPC_CALL, RPC_OK, 0);
	ck_assert_int_eq(rpc_packet_encode(&s->pkts[0], &h,
	    (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &args), 0);
	h = header(KEEPALIVE_PROGRAM, 1, RPC_MESSAGE, RPC_OK, 0);
	ck_assert_int_eq(rpc_packet_encode(&s->pkts[1], &h, NULL, NULL), 0);
	h = header(REMOTE_PROGRAM, 201, RPC_STREAM, RPC_CONTINUE, 2);
	ck_assert_int_eq(rpc_packet_encode_raw(&s->pkts[2], &h, big,
	    sizeof(big)), 0);
	h = header(REMOTE_PROGRAM, 201, RPC_STREAM, RPC_CONTINUE, 2);
	ck_assert_int_eq(rpc_packet_encode_raw(&s->pkts[3], &h, "x", 1), 0);
	h = header(HVD_PROGRAM, 6, RPC_CALL, RPC_OK, 3);
	ck_assert_int_eq(rpc_packet_encode(&s->pkts[4], &h, NULL, NULL), 0);
	s->len = 0;
	for (i = 0; i < 5; i++) {
		s->len += s->pkts[i].len;
	}
	s->bytes = malloc(s->len);
	ck_assert_ptr_nonnull(s->bytes);
	s->len = 0;
	for (i = 0; i < 5; i++) {
		memcpy(s->bytes + s->len, s->pkts[i].buf, s->pkts[i].len);
		s->len += s->pkts[i].len;
	}
}

static void
stream_free(struct stream *s)
{
	size_t i;

	for (i = 0; i < 5; i++) {
		rpc_packet_free(&s->pkts[i]);
	}
	free(s->bytes);
}

/* Feed @s in chunks from @next_chunk; every packet must come out as sent. */
static void
stream_feed(const struct stream *s, size_t (*next_chunk)(unsigned int *),
    unsigned int seed)
{
	struct rpc_reader r;
	struct rpc_packet got;
	size_t off = 0, chunk, used, done = 0;
	int rc;

	rpc_reader_init(&r);
	while (off < s->len) {
		chunk = next_chunk(&seed);
		if (chunk > s->len - off) {
			chunk = s->len - off;
		}
		while (chunk > 0) {
			rc = rpc_reader_feed(&r, s->bytes + off, chunk, &used,
			    &got);
			ck_assert_int_ge(rc, 0);
			ck_assert_uint_le(used, chunk);
			off += used;
			chunk -= used;
			if (rc == 1) {
				ck_assert_uint_lt(done, 5);
				ck_assert_uint_eq(got.len, s->pkts[done].len);
				ck_assert_mem_eq(got.buf, s->pkts[done].buf,
				    got.len);
				header_eq(&got.hdr, &s->pkts[done].hdr);
				rpc_packet_free(&got);
				done++;
			} else {
				ck_assert_uint_eq(chunk, 0);
			}
		}
	}
	ck_assert_uint_eq(done, 5);
	ck_assert(rpc_reader_idle(&r));
	ck_assert_str_eq(rpc_reader_error(&r), "");
	rpc_reader_fini(&r);
}

static size_t
one_byte(unsigned int *seed)
{
	(void)seed;
	return 1;
}

static size_t
random_split(unsigned int *seed)
{
	unsigned int r = (unsigned int)rand_r(seed);

	/* Mostly small pieces, sometimes big ones. */
	return r % 8 == 0 ? r % 100000 : r % 40;
}

static size_t
everything(unsigned int *seed)
{
	(void)seed;
	return SIZE_MAX;
}

START_TEST(reader_one_byte_at_a_time)
{
	struct stream s;

	stream_make(&s);
	stream_feed(&s, one_byte, 0);
	stream_free(&s);
}
END_TEST

START_TEST(reader_random_splits)
{
	struct stream s;
	unsigned int seed;

	stream_make(&s);
	for (seed = 1; seed <= 200; seed++) {
		stream_feed(&s, random_split, seed);
	}
	stream_feed(&s, everything, 0);
	stream_free(&s);
}
END_TEST

START_TEST(reader_every_truncation_is_incomplete)
{
	struct stream s;
	struct rpc_reader r;
	struct rpc_packet got;
	const struct rpc_packet *p;
	size_t len, used, i;

	stream_make(&s);
	for (i = 0; i < 5; i++) {
		p = &s.pkts[i];
		for (len = 0; len < p->len; len += (len < 200 ? 1 : 997)) {
			rpc_reader_init(&r);
			got.buf = NULL;
			ck_assert_int_eq(rpc_reader_feed(&r, p->buf, len, &used,
			    &got), 0);
			ck_assert_uint_eq(used, len);
			ck_assert_ptr_null(got.buf);
			ck_assert(rpc_reader_idle(&r) == (len == 0));
			rpc_reader_fini(&r);
		}
	}
	stream_free(&s);
}
END_TEST

/* Feed just a length word; return what the reader said. */
static int
feed_length(uint32_t len, struct rpc_reader *r)
{
	struct rpc_packet got;
	uint8_t word[4];
	size_t used;

	put_be32(word, len);
	rpc_reader_init(r);
	return rpc_reader_feed(r, word, sizeof(word), &used, &got);
}

START_TEST(reader_refuses_bad_lengths_at_once)
{
	static const uint32_t too_big[] = {
		RPC_PACKET_MAX + 1, 0x7fffffffu, 0x80000000u, 0xffffffffu,
	};
	struct rpc_reader r;
	struct rpc_packet got;
	uint32_t len;
	size_t i, used;

	for (len = 0; len < RPC_PACKET_MIN; len++) {
		ck_assert_int_eq(feed_length(len, &r), -EBADMSG);
		ck_assert_ptr_nonnull(strstr(rpc_reader_error(&r),
		    "below the minimum 28"));
		/* Refused for good: more bytes change nothing. */
		ck_assert_int_eq(rpc_reader_feed(&r, "\0\0\0\0", 4, &used,
		    &got), -EBADMSG);
		ck_assert_uint_eq(used, 0);
		rpc_reader_fini(&r);
	}
	for (i = 0; i < sizeof(too_big) / sizeof(too_big[0]); i++) {
		ck_assert_int_eq(feed_length(too_big[i], &r), -EMSGSIZE);
		ck_assert_ptr_nonnull(strstr(rpc_reader_error(&r),
		    "above the maximum 33554436"));
		rpc_reader_fini(&r);
	}
	/* The largest length is accepted; only what arrives is allocated. */
	ck_assert_int_eq(feed_length(RPC_PACKET_MAX, &r), 0);
	ck_assert_uint_le(r.cap, 4096);
	ck_assert(!rpc_reader_idle(&r));
	rpc_reader_fini(&r);
	ck_assert_int_eq(feed_length(RPC_PACKET_MIN, &r), 0);
	rpc_reader_fini(&r);
}
END_TEST

START_TEST(reader_refuses_bad_header)
{
	struct rpc_header h = header(REMOTE_PROGRAM, 1, RPC_CALL, RPC_OK, 0);
	struct rpc_packet pkt, got;
	struct rpc_reader r;
	size_t used;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h, NULL, NULL), 0);
	put_be32(pkt.buf + 16, 99);
	rpc_reader_init(&r);
	ck_assert_int_eq(rpc_reader_feed(&r, pkt.buf, pkt.len, &used, &got),
	    -EBADMSG);
	ck_assert_ptr_nonnull(strstr(rpc_reader_error(&r), "unknown type"));
	rpc_reader_fini(&r);
	rpc_packet_free(&pkt);
}
END_TEST

START_TEST(reader_stops_after_each_packet)
{
	struct stream s;
	struct rpc_reader r;
	struct rpc_packet got;
	size_t used;

	stream_make(&s);
	rpc_reader_init(&r);
	ck_assert_int_eq(rpc_reader_feed(&r, s.bytes, s.len, &used, &got), 1);
	ck_assert_uint_eq(used, s.pkts[0].len);
	rpc_packet_free(&got);
	ck_assert(rpc_reader_idle(&r));
	ck_assert_int_eq(rpc_reader_feed(&r, s.bytes + used, 0, &used, &got),
	    0);
	ck_assert_uint_eq(used, 0);
	rpc_reader_fini(&r);
	stream_free(&s);
}
END_TEST

static Suite *
rpc_suite(void)
{
	Suite *s = suite_create("rpc");
	TCase *tc;

	tc = tcase_create("framing");
	tcase_add_test(tc, header_bytes_are_libvirts);
	tcase_add_test(tc, every_type_and_status_round_trips);
	tcase_add_test(tc, unknown_type_or_status_is_refused);
	tcase_add_test(tc, reply_header_echoes_the_call);
	tcase_add_test(tc, length_limits_are_libvirts);
	tcase_add_test(tc, every_truncation_fails_to_parse);
	tcase_add_test(tc, oversized_payload_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("payload");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, wire_sizes_match_libvirt);
	tcase_add_test(tc, domain_bytes_are_libvirts);
	tcase_add_test(tc, filled_messages_round_trip);
	tcase_add_test(tc, every_procedure_payload_round_trips);
	tcase_add_test(tc, hostile_string_length_is_refused);
	tcase_add_test(tc, hostile_array_count_is_refused);
	tcase_add_test(tc, every_payload_truncation_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("procedures");
	tcase_add_test(tc, procedure_numbers_are_libvirts);
	tcase_add_test(tc, table_entries_are_unique_and_known);
	tcase_add_test(tc, unknown_program_and_procedure_decode_as_such);
	suite_add_tcase(s, tc);

	tc = tcase_create("reader");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reader_one_byte_at_a_time);
	tcase_add_test(tc, reader_random_splits);
	tcase_add_test(tc, reader_every_truncation_is_incomplete);
	tcase_add_test(tc, reader_refuses_bad_lengths_at_once);
	tcase_add_test(tc, reader_refuses_bad_header);
	tcase_add_test(tc, reader_stops_after_each_packet);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(rpc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
