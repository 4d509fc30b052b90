/* SPDX-License-Identifier: ISC */
/*
 * check_hvd_rpc.c - hvd's RPC server under hostile input: a real hvd
 * (hvd_env.c) fed truncated packets, lying length words, bad headers,
 * unknown programs and procedures, malformed arguments, calls out of
 * order, writes from read-only clients, too many clients and clients that
 * vanish.  Every test asserts what hvd answers (an error code and a piece
 * of its message, or the connection closed) and, after every hostile
 * step, that a client connected before it (the bystander) and one
 * connected after it still get answers: hvd serves its other clients
 * throughout.  No VM starts, so no board is needed.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hv_protocol.h"
#include "hvd_env.h"
#include "rpc_client.h"
#include "rpc_error.h"
#include "rpc_packet.h"

/** RPC_TEST_TIMEOUT - seconds a test may take. */
#define RPC_TEST_TIMEOUT	30
/** RPC_WAIT_MS - the longest wait for one answer or close. */
#define RPC_WAIT_MS		10000
/** RPC_QUIET_MS - how long a connection that should stay silent is watched. */
#define RPC_QUIET_MS		100
/** RPC_STALL_MS - how long a socket that takes nothing more means that hvd
 * stopped reading it. */
#define RPC_STALL_MS		1000
/** RPC_URI - the URI a session hvd serves. */
#define RPC_URI			"hv:///session"
/** PAYLOAD_MAX - room for the payloads the tests encode. */
#define PAYLOAD_MAX		4096
/** TRAILING_MAX - most trailing bytes appended to a valid payload. */
#define TRAILING_MAX		8
/** CROWD - clients connected at once. */
#define CROWD			20

/* What hvd logs when a client's stream ends inside a packet. */
#define EOF_MID_PACKET		"end of file in the middle of a packet"

/* An XDR routine of hv_protocol.x. */
#define X(type)			((xdrproc_t)xdr_##type)
/* A string literal where rpcgen's types want a char *. */
#define S(str)			((char *)(uintptr_t)(str))

static struct hvd_env env;
/* A client that connected and opened before anything hostile happened. */
static struct rpc_client bystander;
/* The client still_serving() connects afterwards. */
static struct rpc_client newcomer;
/* Serials of the calls sent raw: apart from rpc_client's own (from 0). */
static uint32_t raw_serial = 0x10000;

/* ---- talking to hvd ---- */

/* A CALL header of version 1 with a fresh serial. */
static struct rpc_header
call_header(uint32_t prog, int32_t proc)
{
	struct rpc_header h = {
		.prog = prog, .vers = 1, .proc = proc, .type = RPC_CALL,
		.serial = raw_serial++, .status = RPC_OK,
	};

	return h;
}

static void
peer_connect(struct rpc_client *c, const char *path)
{
	ck_assert_msg(rpc_client_connect(c, path) == 0, "%s", c->error);
}

/* Write bytes as they are (no SIGPIPE if hvd closed already). */
static void
peer_write(struct rpc_client *c, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len > 0) {
		n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		ck_assert_msg(n >= 0, "send: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

/* Send a packet with header @h (anything, hostile too) and raw payload. */
static void
peer_send(struct rpc_client *c, const struct rpc_header *h,
    const void *payload, size_t len)
{
	struct rpc_packet pkt;

	ck_assert_int_eq(rpc_packet_encode_raw(&pkt, h, payload, len), 0);
	peer_write(c, pkt.buf, pkt.len);
	rpc_packet_free(&pkt);
}

/* A whole packet: a CALL of @prog/@proc with @args encoded by @xdr. */
static void
call_packet(struct rpc_packet *pkt, uint32_t prog, int32_t proc,
    xdrproc_t xdr, const void *args)
{
	struct rpc_header h = call_header(prog, proc);

	ck_assert_int_eq(rpc_packet_encode(pkt, &h, xdr, args), 0);
}

/* The XDR of @args into @out (PAYLOAD_MAX bytes); its length. */
static size_t
payload_of(xdrproc_t xdr, const void *args, uint8_t *out)
{
	struct rpc_packet pkt;
	size_t len;

	call_packet(&pkt, REMOTE_PROGRAM, 0, xdr, args);
	len = rpc_packet_payload_len(&pkt);
	ck_assert_uint_le(len, PAYLOAD_MAX);
	memcpy(out, rpc_packet_payload(&pkt), len);
	rpc_packet_free(&pkt);
	return len;
}

/* A call through rpc_client that must succeed. */
static void
call_ok(struct rpc_client *c, uint32_t prog, int32_t proc, xdrproc_t args_xdr,
    const void *args, xdrproc_t ret_xdr, void *ret)
{
	int rc = rpc_client_call(c, prog, proc, args_xdr, args, ret_xdr, ret);

	ck_assert_msg(rc == 0, "call %d of %#x: %s (%d); see %s", proc, prog,
	    c->error, rc, env.log);
}

/* A call through rpc_client that must fail with @code and a message
 * holding @fragment. */
static void
call_fails(struct rpc_client *c, uint32_t prog, int32_t proc,
    xdrproc_t args_xdr, const void *args, int code, const char *fragment)
{
	int rc = rpc_client_call(c, prog, proc, args_xdr, args, NULL, NULL);

	ck_assert_msg(rc == -EREMOTEIO, "call %d of %#x: %d, not an error "
	    "reply: %s", proc, prog, rc, c->error);
	ck_assert_msg(c->err_code == code, "call %d of %#x: code %d, not %d: "
	    "%s", proc, prog, c->err_code, code, c->error);
	ck_assert_msg(strstr(c->error, fragment) != NULL, "call %d of %#x: "
	    "'%s' does not say '%s'", proc, prog, c->error, fragment);
}

/* CONNECT_OPEN hv:///session with @flags, which must succeed. */
static void
peer_open(struct rpc_client *c, unsigned int flags)
{
	char *name = S(RPC_URI);
	remote_connect_open_args args = { &name, flags };

	call_ok(c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    X(remote_connect_open_args), &args, NULL, NULL);
}

/* Connect and open read-write. */
static void
peer_start(struct rpc_client *c, const char *path)
{
	peer_connect(c, path);
	peer_open(c, 0);
}

/* AUTH_LIST, which any connection answers, open or not. */
static void
peer_answers(struct rpc_client *c)
{
	remote_auth_list_ret ret;

	memset(&ret, 0, sizeof(ret));
	call_ok(c, REMOTE_PROGRAM, REMOTE_PROC_AUTH_LIST, NULL, NULL,
	    X(remote_auth_list_ret), &ret);
	rpc_body_free(X(remote_auth_list_ret), &ret);
}

/* LIST_ALL_DOMAINS (need_results 1, no flags), which must succeed. */
static void
list_domains(struct rpc_client *c, remote_connect_list_all_domains_ret *ret)
{
	remote_connect_list_all_domains_args args = { 1, 0 };

	memset(ret, 0, sizeof(*ret));
	call_ok(c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
	    X(remote_connect_list_all_domains_args), &args,
	    X(remote_connect_list_all_domains_ret), ret);
	ck_assert_uint_eq(ret->domains.domains_len, ret->ret);
}

/* An open client gets answers: GET_VERSION and LIST_ALL_DOMAINS. */
static void
open_peer_answers(struct rpc_client *c)
{
	remote_connect_get_version_ret ver = { 0 };
	remote_connect_list_all_domains_ret list;

	call_ok(c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_VERSION, NULL, NULL,
	    X(remote_connect_get_version_ret), &ver);
	ck_assert_uint_gt(ver.hv_ver, 0);
	list_domains(c, &list);
	rpc_body_free(X(remote_connect_list_all_domains_ret), &list);
}

/* hvd serves others: the bystander, and a client connected now. */
static void
still_serving(void)
{
	open_peer_answers(&bystander);
	peer_start(&newcomer, env.sock);
	open_peer_answers(&newcomer);
	rpc_client_close(&newcomer);
}

/* The next packet from hvd, which must come within RPC_WAIT_MS. */
static void
expect_packet(struct rpc_client *c, struct rpc_packet *pkt)
{
	int rc = rpc_client_recv(c, pkt, RPC_WAIT_MS);

	ck_assert_msg(rc == 0, "no packet from hvd: %s (%d); see %s", c->error,
	    rc, env.log);
}

/* The next packet is the reply to @call with @status; @pkt holds it. */
static void
expect_reply(struct rpc_client *c, const struct rpc_header *call,
    enum rpc_status status, struct rpc_packet *pkt)
{
	expect_packet(c, pkt);
	ck_assert_uint_eq(pkt->hdr.type, RPC_REPLY);
	ck_assert_uint_eq(pkt->hdr.status, status);
	ck_assert_uint_eq(pkt->hdr.prog, call->prog);
	ck_assert_uint_eq(pkt->hdr.vers, call->vers);
	ck_assert_int_eq(pkt->hdr.proc, call->proc);
	ck_assert_uint_eq(pkt->hdr.serial, call->serial);
}

/* The next packet is an error reply to @call: @code, a message with
 * @fragment. */
static void
expect_error_reply(struct rpc_client *c, const struct rpc_header *call,
    int code, const char *fragment)
{
	struct rpc_packet pkt;
	remote_error err;

	expect_reply(c, call, RPC_ERROR, &pkt);
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(rpc_packet_decode(&pkt, X(remote_error), &err), 0);
	rpc_packet_free(&pkt);
	ck_assert_ptr_nonnull(err.message);
	ck_assert_msg(err.code == code, "code %d, not %d: %s", err.code, code,
	    *err.message);
	ck_assert_int_eq(err.level, VIR_ERR_LEVEL_ERROR);
	ck_assert_msg(strstr(*err.message, fragment) != NULL, "'%s' does not "
	    "say '%s'", *err.message, fragment);
	rpc_body_free(X(remote_error), &err);
}

/* hvd closed the connection (end of file or a reset), sending nothing. */
static void
expect_closed(struct rpc_client *c)
{
	struct rpc_packet pkt;
	int rc = rpc_client_recv(c, &pkt, RPC_WAIT_MS);

	if (rc == 0) {
		rpc_packet_free(&pkt);
		ck_abort_msg("hvd sent a packet (type %u, status %u, proc %d) "
		    "where it should have closed", pkt.hdr.type,
		    pkt.hdr.status, pkt.hdr.proc);
	}
	ck_assert_msg(rc == -EPIPE || rc == -ECONNRESET, "the connection "
	    "is not closed: %s (%d)", c->error, rc);
}

/* hvd neither answers nor closes the connection. */
static void
expect_silence(struct rpc_client *c)
{
	struct rpc_packet pkt;
	int rc = rpc_client_recv(c, &pkt, RPC_QUIET_MS);

	if (rc == 0) {
		rpc_packet_free(&pkt);
	}
	ck_assert_msg(rc == -ETIMEDOUT, "expected silence, got %d: %s", rc,
	    c->error);
}

/* ---- hvd's log and memory ---- */

/* How often hvd's log holds @needle so far. */
static int
log_count(const char *needle)
{
	FILE *f = fopen(env.log, "r");
	const char *p;
	char *text;
	long size;
	size_t n;
	int count = 0;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	text = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(text);
	n = fread(text, 1, (size_t)size, f);
	text[n] = '\0';
	fclose(f);
	for (p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
		count++;
	}
	free(text);
	return count;
}

/* Wait until hvd's log holds @needle at least @count times, then assert
 * that it holds it exactly that often. */
static void
log_expect(const char *needle, int count)
{
	const struct timespec pause = { 0, 10000000L };
	int i;

	for (i = 0; i < RPC_WAIT_MS / 10 && log_count(needle) < count; i++) {
		nanosleep(&pause, NULL);
	}
	ck_assert_msg(log_count(needle) == count, "hvd logged '%s' %d times, "
	    "not %d; see %s", needle, log_count(needle), count, env.log);
}

/* hvd's resident memory in KiB. */
static long
hvd_rss_kib(void)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)env.pid);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) {
			break;
		}
	}
	fclose(f);
	ck_assert_int_gt(kib, 0);
	return kib;
}

/* ---- definitions to send ---- */

/* A valid definition of @name: the firmware's ELF as a raw image (its
 * absolute path: make check gives it relative to the build tree). */
static void
yaml_valid(char *buf, size_t len, const char *name)
{
	const char *elf = getenv("HVFW_ELF");
	char *path;

	ck_assert_msg(elf != NULL, "HVFW_ELF is not set (run through make "
	    "check)");
	path = realpath(elf, NULL);
	ck_assert_msg(path != NULL, "%s: %s", elf, strerror(errno));
	snprintf(buf, len, "name: %s\nmemory: 16M\nkernel:\n  path: %s\n"
	    "  format: raw\n  load_address: 0x40000000\n", name, path);
	free(path);
}

/* DEFINE_YAML of @text called @file; rpc_client_call()'s return. */
static int
define_yaml(struct rpc_client *c, const char *text, const char *file,
    unsigned int flags, remote_domain_ret *ret)
{
	char *filename = S(file);
	hvd_define_yaml_args args = { S(text), &filename, flags };

	memset(ret, 0, sizeof(*ret));
	return rpc_client_call(c, HVD_PROGRAM, HVD_PROC_DEFINE_YAML,
	    X(hvd_define_yaml_args), &args, X(remote_domain_ret), ret);
}

/* Define a valid domain @name through @c; its triple into @dom. */
static void
define_valid(struct rpc_client *c, const char *name, remote_domain_ret *dom)
{
	char text[1024];

	yaml_valid(text, sizeof(text), name);
	ck_assert_msg(define_yaml(c, text, "/x/good.yaml", 0, dom) == 0,
	    "define %s: %s", name, c->error);
	ck_assert_str_eq(dom->dom.name, name);
	ck_assert_int_eq(dom->dom.id, -1);
}

/* ---- fixtures ---- */

static void
setup_with(const char *extra)
{
	bystander.fd = newcomer.fd = -1;
	hvd_env_init(&env, extra);
	hvd_env_start(&env);
	peer_start(&bystander, env.sock);
}

static void
setup(void)
{
	setup_with(NULL);
}

static void
setup_four_clients(void)
{
	setup_with("limits:\n  max_clients: 4\n");
}

static void
teardown(void)
{
	rpc_client_close(&bystander);
	rpc_client_close(&newcomer);
	hvd_env_fini(&env);
}

/* ---- framing ---- */

/* Send the first @len bytes of a packet on a new connection, then end
 * the stream: hvd must close that connection without an answer. */
static void
send_prefix_then_eof(const uint8_t *buf, size_t len)
{
	struct rpc_client c;

	peer_connect(&c, env.sock);
	peer_write(&c, buf, len);
	ck_assert_int_eq(shutdown(c.fd, SHUT_WR), 0);
	expect_closed(&c);
	rpc_client_close(&c);
	still_serving();
}

START_TEST(every_truncated_call_closes_only_that_client)
{
	char *uri = S(RPC_URI);
	remote_connect_open_args open_args = { &uri, 0 };
	remote_domain_lookup_by_name_args lookup = { S("nosuch") };
	struct rpc_packet pkts[2];
	int i, cuts = 0;
	size_t k;

	call_packet(&pkts[0], REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    X(remote_connect_open_args), &open_args);
	call_packet(&pkts[1], REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    X(remote_domain_lookup_by_name_args), &lookup);
	for (i = 0; i < 2; i++) {
		for (k = 1; k < pkts[i].len; k++) {
			send_prefix_then_eof(pkts[i].buf, k);
			cuts++;
		}
		rpc_packet_free(&pkts[i]);
	}
	log_expect(EOF_MID_PACKET, cuts);
}
END_TEST

/* The length word @len in front of a valid GET_VERSION header. */
static void
lying_packet(uint8_t *buf, uint32_t len)
{
	struct rpc_header h = call_header(REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_GET_VERSION);
	struct rpc_packet pkt;

	ck_assert_int_eq(rpc_packet_encode(&pkt, &h, NULL, NULL), 0);
	memcpy(buf, pkt.buf, RPC_PACKET_MIN);
	rpc_packet_free(&pkt);
	buf[0] = (uint8_t)(len >> 24);
	buf[1] = (uint8_t)(len >> 16);
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
}

START_TEST(length_beyond_the_data_then_eof_closes)
{
	uint8_t buf[RPC_PACKET_MIN + 10] = { 0 };

	lying_packet(buf, RPC_PACKET_MIN + 100);
	send_prefix_then_eof(buf, sizeof(buf));
	log_expect(EOF_MID_PACKET, 1);
}
END_TEST

/* A length word hvd must refuse as soon as it is in: closed, logged. */
static const struct bad_length {
	uint32_t len;
	const char *why;
} bad_lengths[] = {
	{ 0, "packet length 0 below the minimum 28" },
	{ 4, "packet length 4 below the minimum 28" },
	{ 27, "packet length 27 below the minimum 28" },
	{ RPC_PACKET_MAX + 1, "packet length 33554437 above the maximum "
	    "33554436" },
	{ 0xffffffffu, "packet length 4294967295 above the maximum "
	    "33554436" },
};

START_TEST(length_out_of_limits_closes_at_once)
{
	const struct bad_length *b = &bad_lengths[_i];
	uint8_t buf[RPC_PACKET_MIN];
	struct rpc_client c;

	lying_packet(buf, b->len);
	peer_start(&c, env.sock);
	peer_write(&c, buf, sizeof(buf));
	expect_closed(&c);
	rpc_client_close(&c);
	log_expect(b->why, 1);
	still_serving();
}
END_TEST

START_TEST(maximum_length_never_sent_leaves_others_served)
{
	static uint8_t some[65536];
	uint8_t buf[RPC_PACKET_MIN];
	long rss = hvd_rss_kib();
	struct rpc_client c;

	lying_packet(buf, RPC_PACKET_MAX);
	peer_start(&c, env.sock);
	peer_write(&c, buf, sizeof(buf));
	peer_write(&c, some, 4096);
	still_serving();
	expect_silence(&c);
	peer_write(&c, some, sizeof(some));
	still_serving();
	expect_silence(&c);
	/* Memory grows with what arrived (70 KiB), not with 32 MiB. */
	ck_assert_int_lt(hvd_rss_kib() - rss, 4096);
	rpc_client_close(&c);
	log_expect(EOF_MID_PACKET, 1);
	still_serving();
}
END_TEST

/* A header clients never send: the connection closes, logged. */
static const struct bad_header {
	uint32_t type;
	uint32_t status;
	const char *why;
} bad_headers[] = {
	{ 7, RPC_OK, "packet header with an unknown type or status" },
	{ 0xffffffffu, RPC_OK, "packet header with an unknown type or status" },
	{ RPC_CALL, 3, "packet header with an unknown type or status" },
	{ RPC_CALL, 0xffffffffu, "packet header with an unknown type or "
	    "status" },
	{ RPC_REPLY, RPC_OK, "a packet of type 1, which clients never send" },
	{ RPC_REPLY, RPC_ERROR, "a packet of type 1, which clients never "
	    "send" },
	{ RPC_REPLY_WITH_FDS, RPC_OK, "a packet of type 5, which clients "
	    "never send" },
	{ RPC_STREAM_HOLE, RPC_OK, "a packet of type 6, which clients never "
	    "send" },
};

START_TEST(bad_type_or_status_closes_the_connection)
{
	const struct bad_header *b = &bad_headers[_i];
	struct rpc_header h = call_header(REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_GET_VERSION);
	struct rpc_client c;

	h.type = b->type;
	h.status = b->status;
	peer_start(&c, env.sock);
	peer_send(&c, &h, NULL, 0);
	expect_closed(&c);
	rpc_client_close(&c);
	log_expect(b->why, 1);
	still_serving();
}
END_TEST

/* ---- programs and procedures ---- */

/* A procedure of a program, for tables of calls. */
struct procedure {
	uint32_t prog;
	int32_t proc;
};

/* Send a call of @prog version @vers, procedure @proc (no args) on @c
 * and expect an error reply. */
static void
expect_call_refused(struct rpc_client *c, uint32_t prog, uint32_t vers,
    int32_t proc, int code, const char *fragment)
{
	struct rpc_header h = call_header(prog, proc);

	h.vers = vers;
	peer_send(c, &h, NULL, 0);
	expect_error_reply(c, &h, code, fragment);
}

START_TEST(unknown_program_gets_cannot_find_program)
{
	static const struct {
		uint32_t prog;
		uint32_t vers;
	} progs[] = {
		{ 0x12345678, 1 }, { REMOTE_PROGRAM, 2 }, { REMOTE_PROGRAM, 0 },
		{ HVD_PROGRAM, 2 }, { KEEPALIVE_PROGRAM, 2 }, { 0, 0 },
	};
	struct rpc_client fresh, opened;
	size_t i;

	peer_connect(&fresh, env.sock);
	peer_start(&opened, env.sock);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		/* Procedure 1 is REMOTE's CONNECT_OPEN: it must not open. */
		expect_call_refused(&fresh, progs[i].prog, progs[i].vers,
		    REMOTE_PROC_CONNECT_OPEN, VIR_ERR_RPC,
		    "Cannot find program");
		call_fails(&fresh, REMOTE_PROGRAM,
		    REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, NULL, NULL,
		    VIR_ERR_INTERNAL_ERROR, "not open");
		expect_call_refused(&opened, progs[i].prog, progs[i].vers,
		    REMOTE_PROC_CONNECT_GET_VERSION, VIR_ERR_RPC,
		    "Cannot find program");
		open_peer_answers(&opened);
		still_serving();
	}
	rpc_client_close(&fresh);
	rpc_client_close(&opened);
}
END_TEST

START_TEST(unknown_procedure_gets_no_support)
{
	static const struct procedure procs[] = {
		{ REMOTE_PROGRAM, 0 }, { REMOTE_PROGRAM, 8 },
		{ REMOTE_PROGRAM, 99999 }, { REMOTE_PROGRAM, -1 },
		/* What virsh asks and hv answers NO_SUPPORT to. */
		{ REMOTE_PROGRAM, 122 }, { REMOTE_PROGRAM, 426 },
		/* Events and keepalive are no calls. */
		{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE },
		{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE },
		{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT },
		{ KEEPALIVE_PROGRAM, KEEPALIVE_PROC_PING },
		{ KEEPALIVE_PROGRAM, KEEPALIVE_PROC_PONG },
		{ HVD_PROGRAM, 0 }, { HVD_PROGRAM, 10 }, { HVD_PROGRAM, -1 },
	};
	struct rpc_client c;
	size_t i;

	peer_start(&c, env.sock);
	for (i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		expect_call_refused(&c, procs[i].prog, 1, procs[i].proc,
		    VIR_ERR_NO_SUPPORT, "does not support");
		open_peer_answers(&c);
		still_serving();
	}
	rpc_client_close(&c);
}
END_TEST

START_TEST(call_with_fds_gets_an_error_reply)
{
	struct rpc_header h = call_header(REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_GET_VERSION);
	struct rpc_client c;

	h.type = RPC_CALL_WITH_FDS;
	peer_start(&c, env.sock);
	peer_send(&c, &h, NULL, 0);
	expect_error_reply(&c, &h, VIR_ERR_ARGUMENT_UNSUPPORTED,
	    "no file descriptors");
	open_peer_answers(&c);
	rpc_client_close(&c);
	still_serving();
}
END_TEST

/* ---- connection state ---- */

START_TEST(calls_before_open_fail_not_open)
{
	static const struct procedure calls[] = {
		{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS },
		{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_VERSION },
		{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_TYPE },
		{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME },
		{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE },
		{ HVD_PROGRAM, HVD_PROC_DEFINE_YAML },
		{ HVD_PROGRAM, HVD_PROC_DOMAIN_GET_STATUS },
	};
	struct rpc_client c;
	size_t i;

	peer_connect(&c, env.sock);
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		/* Refused before its args are even looked at. */
		expect_call_refused(&c, calls[i].prog, 1, calls[i].proc,
		    VIR_ERR_INTERNAL_ERROR, "hypervisor connection not open");
		still_serving();
	}
	peer_open(&c, 0);
	open_peer_answers(&c);
	rpc_client_close(&c);
}
END_TEST

START_TEST(auth_list_and_features_answer_before_open)
{
	static const struct {
		int feature;
		int supported;
	} features[] = {
		{ 10, 1 }, { 14, 1 }, { 15, 1 }, { 1, 0 }, { 0, 0 }, { -1, 0 },
		{ 9999, 0 },
	};
	remote_connect_supports_feature_args args;
	remote_connect_supports_feature_ret ret;
	remote_auth_list_ret auth;
	struct rpc_client c;
	size_t i;

	peer_connect(&c, env.sock);
	memset(&auth, 0, sizeof(auth));
	call_ok(&c, REMOTE_PROGRAM, REMOTE_PROC_AUTH_LIST, NULL, NULL,
	    X(remote_auth_list_ret), &auth);
	ck_assert_uint_eq(auth.types.types_len, 1);
	ck_assert_int_eq(auth.types.types_val[0], REMOTE_AUTH_NONE);
	rpc_body_free(X(remote_auth_list_ret), &auth);
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		args.feature = features[i].feature;
		ret.supported = -1;
		call_ok(&c, REMOTE_PROGRAM,
		    REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
		    X(remote_connect_supports_feature_args), &args,
		    X(remote_connect_supports_feature_ret), &ret);
		ck_assert_msg(ret.supported == features[i].supported,
		    "feature %d: %d", args.feature, ret.supported);
	}
	/* None of that opened the connection. */
	call_fails(&c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
	    NULL, NULL, VIR_ERR_INTERNAL_ERROR, "not open");
	rpc_client_close(&c);
	still_serving();
}
END_TEST

START_TEST(second_open_fails_already_open)
{
	char *uri = S(RPC_URI);
	remote_connect_open_args args = { &uri, 0 };

	call_fails(&bystander, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    X(remote_connect_open_args), &args, VIR_ERR_INTERNAL_ERROR,
	    "already open");
	still_serving();
}
END_TEST

START_TEST(foreign_uri_is_refused_and_leaves_the_connection_unopened)
{
	static const char *const uris[] = {
		"qemu:///system", "hv:///system", "hv:///sessions",
		"test:///default", "hv:/session", "hv:",
	};
	char fragment[64], *name;
	remote_connect_open_args args = { &name, 0 };
	struct rpc_client c;
	size_t i;

	peer_connect(&c, env.sock);
	for (i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
		name = S(uris[i]);
		snprintf(fragment, sizeof(fragment), "not '%s'", uris[i]);
		call_fails(&c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
		    X(remote_connect_open_args), &args, VIR_ERR_NO_SUPPORT,
		    fragment);
		call_fails(&c, REMOTE_PROGRAM,
		    REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, NULL, NULL,
		    VIR_ERR_INTERNAL_ERROR, "not open");
		still_serving();
	}
	peer_open(&c, 0);
	open_peer_answers(&c);
	rpc_client_close(&c);
}
END_TEST

/* ---- arguments ---- */

/* Send @len bytes of payload as the args of @prog/@proc on @c: hvd must
 * answer "malformed arguments", and the connection must still answer. */
static void
expect_malformed(struct rpc_client *c, uint32_t prog, int32_t proc,
    const uint8_t *payload, size_t len)
{
	struct rpc_header h = call_header(prog, proc);

	peer_send(c, &h, payload, len);
	expect_error_reply(c, &h, VIR_ERR_RPC, "malformed arguments");
	peer_answers(c);
}

/* Every truncation of a valid payload, and the payload with 1 to
 * TRAILING_MAX bytes after it: each refused, the connection kept. */
static void
expect_every_variant_malformed(struct rpc_client *c, uint32_t prog,
    int32_t proc, xdrproc_t xdr, const void *args)
{
	uint8_t payload[PAYLOAD_MAX + TRAILING_MAX];
	size_t len = payload_of(xdr, args, payload), k;

	for (k = 0; k < len; k++) {
		expect_malformed(c, prog, proc, payload, k);
		still_serving();
	}
	for (k = 1; k <= TRAILING_MAX; k++) {
		payload[len + k - 1] = (uint8_t)(0xa0 + k);
		expect_malformed(c, prog, proc, payload, len + k);
		still_serving();
	}
}

START_TEST(every_truncated_or_padded_args_is_malformed)
{
	char *uri = S(RPC_URI), text[1024];
	remote_connect_open_args open_args = { &uri, 0 };
	remote_domain_lookup_by_name_args lookup = { S("nosuch") };
	char *file = S("/x/good.yaml");
	hvd_define_yaml_args define = { text, &file,
	    HVD_DEFINE_YAML_VALIDATE_ONLY };
	remote_connect_list_all_domains_ret list;
	remote_domain_ret dom;
	struct rpc_client c;

	yaml_valid(text, sizeof(text), "good");
	peer_connect(&c, env.sock);
	expect_every_variant_malformed(&c, REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_OPEN, X(remote_connect_open_args),
	    &open_args);
	call_fails(&c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
	    NULL, NULL, VIR_ERR_INTERNAL_ERROR, "not open");
	peer_open(&c, 0);

	expect_every_variant_malformed(&c, REMOTE_PROGRAM,
	    REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    X(remote_domain_lookup_by_name_args), &lookup);
	call_fails(&c, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    X(remote_domain_lookup_by_name_args), &lookup, VIR_ERR_NO_DOMAIN,
	    "'nosuch'");

	expect_every_variant_malformed(&c, HVD_PROGRAM, HVD_PROC_DEFINE_YAML,
	    X(hvd_define_yaml_args), &define);
	memset(&dom, 0, sizeof(dom));
	call_ok(&c, HVD_PROGRAM, HVD_PROC_DEFINE_YAML, X(hvd_define_yaml_args),
	    &define, X(remote_domain_ret), &dom);
	ck_assert_str_eq(dom.dom.name, "good");
	rpc_body_free(X(remote_domain_ret), &dom);
	/* VALIDATE_ONLY, and nothing malformed defined anything. */
	list_domains(&c, &list);
	ck_assert_uint_eq(list.ret, 0);
	rpc_body_free(X(remote_connect_list_all_domains_ret), &list);
	rpc_client_close(&c);
}
END_TEST

/* A payload that starts with an XDR string: the length word @announced,
 * @sent bytes of 'a' padded to 4, then @zeros zero bytes (the fields
 * after it: NULL, 0); malloc'ed, *@len set. */
static uint8_t *
string_payload(uint32_t announced, size_t sent, size_t zeros, size_t *len)
{
	size_t padded = (sent + 3) & ~(size_t)3;
	uint8_t *p;

	*len = 4 + padded + zeros;
	p = calloc(1, *len);
	ck_assert_ptr_nonnull(p);
	p[0] = (uint8_t)(announced >> 24);
	p[1] = (uint8_t)(announced >> 16);
	p[2] = (uint8_t)(announced >> 8);
	p[3] = (uint8_t)announced;
	memset(p + 4, 'a', sent);
	return p;
}

START_TEST(string_over_the_limit_is_malformed)
{
	static const struct {
		uint32_t announced;
		size_t sent;
	} strings[] = {
		{ REMOTE_STRING_MAX + 1, 4 },
		{ REMOTE_STRING_MAX + 1, REMOTE_STRING_MAX + 1 },
		{ 0x7fffffffu, 4 },
		{ 0xffffffffu, 4 },
		{ REMOTE_STRING_MAX, 4 },	/* within, but not sent */
	};
	struct rpc_header h;
	struct rpc_client c;
	uint8_t *payload;
	size_t i, len;

	peer_start(&c, env.sock);
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		/* LOOKUP_BY_NAME's whole args: the name. */
		payload = string_payload(strings[i].announced, strings[i].sent,
		    0, &len);
		expect_malformed(&c, REMOTE_PROGRAM,
		    REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, payload, len);
		free(payload);
		/* DEFINE_YAML's: the YAML, filename NULL, flags 0. */
		payload = string_payload(strings[i].announced, strings[i].sent,
		    8, &len);
		expect_malformed(&c, HVD_PROGRAM, HVD_PROC_DEFINE_YAML,
		    payload, len);
		free(payload);
		still_serving();
	}
	/* A name of exactly REMOTE_STRING_MAX bytes is taken. */
	payload = string_payload(REMOTE_STRING_MAX, REMOTE_STRING_MAX, 0, &len);
	h = call_header(REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME);
	peer_send(&c, &h, payload, len);
	free(payload);
	expect_error_reply(&c, &h, VIR_ERR_NO_DOMAIN, "Domain not found");
	rpc_client_close(&c);
	still_serving();
}
END_TEST

/* ---- messages and streams ---- */

START_TEST(keepalive_ping_gets_a_pong)
{
	struct rpc_header ping = { KEEPALIVE_PROGRAM,
	    KEEPALIVE_PROTOCOL_VERSION, KEEPALIVE_PROC_PING, RPC_MESSAGE, 0,
	    RPC_OK };
	struct rpc_client c;
	struct rpc_packet pkt;
	int i;

	peer_connect(&c, env.sock);
	for (i = 0; i < 2; i++) {
		if (i == 1) {
			peer_open(&c, 0);	/* the second round: open */
		}
		peer_send(&c, &ping, NULL, 0);
		expect_packet(&c, &pkt);
		ck_assert_uint_eq(pkt.hdr.prog, KEEPALIVE_PROGRAM);
		ck_assert_uint_eq(pkt.hdr.vers, KEEPALIVE_PROTOCOL_VERSION);
		ck_assert_int_eq(pkt.hdr.proc, KEEPALIVE_PROC_PONG);
		ck_assert_uint_eq(pkt.hdr.type, RPC_MESSAGE);
		ck_assert_uint_eq(pkt.hdr.status, RPC_OK);
		ck_assert_uint_eq(rpc_packet_payload_len(&pkt), 0);
		rpc_packet_free(&pkt);
	}
	rpc_client_close(&c);
	still_serving();
}
END_TEST

START_TEST(unasked_messages_and_streams_are_ignored)
{
	static const struct rpc_header ignored[] = {
		{ KEEPALIVE_PROGRAM, 1, KEEPALIVE_PROC_PONG, RPC_MESSAGE, 0,
		    RPC_OK },
		{ REMOTE_PROGRAM, 1,
		    REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, RPC_MESSAGE,
		    0, RPC_OK },
		{ 0x12345678, 9, 1, RPC_MESSAGE, 0, RPC_ERROR },
		/* Stream packets of a serial that has no stream. */
		{ REMOTE_PROGRAM, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
		    RPC_STREAM, 77, RPC_CONTINUE },
		{ REMOTE_PROGRAM, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
		    RPC_STREAM, 77, RPC_OK },
		{ HVD_PROGRAM, 1, HVD_PROC_DOMAIN_OPEN_CONSOLE, RPC_STREAM, 78,
		    RPC_ERROR },
	};
	static const uint8_t junk[] = { 'j', 'u', 'n', 'k', 0, 1, 0xff, 0 };
	struct rpc_header h;
	struct rpc_packet pkt;
	struct rpc_client c;
	size_t i;

	peer_start(&c, env.sock);
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		peer_send(&c, &ignored[i], junk, sizeof(junk));
		/* The very next packet is the reply to the next call. */
		h = call_header(REMOTE_PROGRAM, REMOTE_PROC_AUTH_LIST);
		peer_send(&c, &h, NULL, 0);
		expect_reply(&c, &h, RPC_OK, &pkt);
		rpc_packet_free(&pkt);
		still_serving();
	}
	rpc_client_close(&c);
}
END_TEST

/* ---- read-only clients ---- */

/* Every call that changes something, and whether it would start a VM
 * (those name a domain that does not exist, so that a missing refusal
 * shows as NO_DOMAIN rather than a board starting). */
static const struct write_call {
	uint32_t prog;
	int32_t proc;
	xdrproc_t args;
	bool starts;
} write_calls[] = {
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE, X(remote_domain_args),
	    true },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
	    X(remote_domain_flags_args), true },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_DESTROY, X(remote_domain_args),
	    false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_DESTROY_FLAGS,
	    X(remote_domain_flags_args), false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SHUTDOWN, X(remote_domain_args),
	    false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS,
	    X(remote_domain_flags_args), false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_REBOOT,
	    X(remote_domain_flags_args), false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SUSPEND, X(remote_domain_args),
	    false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_RESUME, X(remote_domain_args),
	    false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_UNDEFINE, X(remote_domain_args),
	    false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS,
	    X(remote_domain_flags_args), false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SET_AUTOSTART,
	    X(remote_domain_set_autostart_args), false },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
	    X(remote_domain_open_console_args), false },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_MAP, X(hvd_domain_map_args), false },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_UNMAP, X(hvd_domain_unmap_args), false },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_PROTECT, X(hvd_domain_protect_args),
	    false },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_OPEN_CONSOLE,
	    X(hvd_domain_open_console_args), false },
};

/* The args of every write call: each begins with the domain. */
union write_args {
	remote_domain_args dom;
	remote_domain_flags_args flags;
	remote_domain_set_autostart_args autostart;
	remote_domain_open_console_args console;
	hvd_domain_map_args map;
	hvd_domain_unmap_args unmap;
	hvd_domain_protect_args protect;
	hvd_domain_open_console_args hvd_console;
};

/* @ro reads, and every write it tries is refused; the bystander's
 * domain "target" is unchanged afterwards. */
static void
expect_read_only(struct rpc_client *ro)
{
	remote_nonnull_domain missing = { S("nosuch"), { 0 }, -1 };
	remote_domain_lookup_by_name_args lookup = { S("target") };
	remote_connect_list_all_domains_ret list;
	remote_domain_int_ret autostart = { -1 };
	remote_domain_ret target, dom;
	union write_args args;
	char text[1024];
	size_t i;

	define_valid(&bystander, "target", &target);
	open_peer_answers(ro);
	memset(&dom, 0, sizeof(dom));
	call_ok(ro, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    X(remote_domain_lookup_by_name_args), &lookup,
	    X(remote_domain_ret), &dom);
	ck_assert_mem_eq(dom.dom.uuid, target.dom.uuid, REMOTE_UUID_BUFLEN);
	rpc_body_free(X(remote_domain_ret), &dom);
	for (i = 0; i < sizeof(write_calls) / sizeof(write_calls[0]); i++) {
		memset(&args, 0, sizeof(args));
		args.dom.dom = write_calls[i].starts ? missing : target.dom;
		if (write_calls[i].prog == REMOTE_PROGRAM &&
		    write_calls[i].proc == REMOTE_PROC_DOMAIN_SET_AUTOSTART) {
			args.autostart.autostart = 1;
		}
		call_fails(ro, write_calls[i].prog, write_calls[i].proc,
		    write_calls[i].args, &args, VIR_ERR_OPERATION_DENIED,
		    "read-only connection");
		still_serving();
	}
	yaml_valid(text, sizeof(text), "other");
	ck_assert_int_eq(define_yaml(ro, text, "/x/other.yaml", 0, &dom),
	    -EREMOTEIO);
	ck_assert_int_eq(ro->err_code, VIR_ERR_OPERATION_DENIED);
	/* Still one domain, inactive, not autostarted. */
	list_domains(ro, &list);
	ck_assert_uint_eq(list.ret, 1);
	ck_assert_str_eq(list.domains.domains_val[0].name, "target");
	ck_assert_int_eq(list.domains.domains_val[0].id, -1);
	rpc_body_free(X(remote_connect_list_all_domains_ret), &list);
	call_ok(ro, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_AUTOSTART,
	    X(remote_domain_args), &target, X(remote_domain_int_ret),
	    &autostart);
	ck_assert_int_eq(autostart.value, 0);
	rpc_body_free(X(remote_domain_ret), &target);
}

START_TEST(read_only_socket_refuses_every_write)
{
	struct rpc_client ro;

	peer_start(&ro, env.sock_ro);
	expect_read_only(&ro);
	rpc_client_close(&ro);
}
END_TEST

START_TEST(read_only_open_refuses_every_write)
{
	struct rpc_client ro;

	peer_connect(&ro, env.sock);
	peer_open(&ro, 1);	/* REMOTE_DRIVER_OPEN_RO */
	expect_read_only(&ro);
	rpc_client_close(&ro);
}
END_TEST

/* ---- many clients, vanishing clients ---- */

START_TEST(twenty_clients_at_once_all_get_answers)
{
	static struct rpc_client crowd[CROWD];
	struct rpc_header opens[CROWD];
	char *uri = S(RPC_URI);
	remote_connect_open_args args = { &uri, 0 };
	uint8_t payload[PAYLOAD_MAX];
	size_t len = payload_of(X(remote_connect_open_args), &args, payload);
	struct rpc_packet pkt;
	int i;

	for (i = 0; i < CROWD; i++) {
		peer_connect(&crowd[i], env.sock);
	}
	/* Every call is in before the first reply is read. */
	for (i = 0; i < CROWD; i++) {
		opens[i] = call_header(REMOTE_PROGRAM,
		    REMOTE_PROC_CONNECT_OPEN);
		peer_send(&crowd[i], &opens[i], payload, len);
	}
	for (i = CROWD - 1; i >= 0; i--) {
		expect_reply(&crowd[i], &opens[i], RPC_OK, &pkt);
		rpc_packet_free(&pkt);
	}
	for (i = 0; i < CROWD; i++) {
		open_peer_answers(&crowd[i]);
	}
	still_serving();
	for (i = 0; i < CROWD; i++) {
		rpc_client_close(&crowd[i]);
	}
	still_serving();
}
END_TEST

START_TEST(client_over_max_clients_is_closed_at_once)
{
	struct rpc_client four[3], fifth;
	int i;

	/* The bystander is the first of four. */
	for (i = 0; i < 3; i++) {
		peer_start(&four[i], env.sock);
	}
	peer_connect(&fifth, env.sock_ro);
	expect_closed(&fifth);
	rpc_client_close(&fifth);
	log_expect("refused: 4 clients already (limits.max_clients)", 1);
	open_peer_answers(&bystander);
	for (i = 0; i < 3; i++) {
		open_peer_answers(&four[i]);
	}
	/* One leaves (CONNECT_CLOSE, then hvd closes): room for another. */
	call_ok(&four[0], REMOTE_PROGRAM, REMOTE_PROC_CONNECT_CLOSE, NULL,
	    NULL, NULL, NULL);
	expect_closed(&four[0]);
	rpc_client_close(&four[0]);
	still_serving();
	for (i = 1; i < 3; i++) {
		rpc_client_close(&four[i]);
	}
}
END_TEST

START_TEST(client_vanishing_mid_packet_leaves_others_served)
{
	char *uri = S(RPC_URI);
	remote_connect_open_args args = { &uri, 0 };
	struct rpc_packet pkt;
	struct rpc_client c;

	call_packet(&pkt, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    X(remote_connect_open_args), &args);
	peer_connect(&c, env.sock);
	peer_write(&c, pkt.buf, pkt.len / 2);
	rpc_packet_free(&pkt);
	rpc_client_close(&c);
	still_serving();
	log_expect(EOF_MID_PACKET, 1);
	still_serving();
}
END_TEST

START_TEST(client_vanishing_with_replies_queued_leaves_others_served)
{
	enum { CALLS = 16384 };
	struct rpc_header h = call_header(REMOTE_PROGRAM,
	    REMOTE_PROC_NODE_GET_INFO);
	struct rpc_packet one;
	struct rpc_client c;
	char gone[64];
	uint8_t *calls;
	size_t i;

	/* 16384 calls (448 KiB) whose replies (3 MiB) are never read. */
	ck_assert_int_eq(rpc_packet_encode(&one, &h, NULL, NULL), 0);
	calls = malloc(CALLS * one.len);
	ck_assert_ptr_nonnull(calls);
	for (i = 0; i < CALLS; i++) {
		memcpy(calls + i * one.len, one.buf, one.len);
	}
	/* Its id: one more than the clients accepted so far. */
	snprintf(gone, sizeof(gone), "client %d (pid",
	    log_count(" connected (pid") + 1);
	peer_start(&c, env.sock);
	peer_write(&c, calls, CALLS * one.len);
	free(calls);
	rpc_packet_free(&one);
	/* It does not read; the others are served all the same. */
	still_serving();
	rpc_client_close(&c);
	still_serving();
	log_expect(gone, 1);	/* hvd dropped it */
	still_serving();
}
END_TEST

/* Send as many copies of @call as the socket takes before hvd stops
 * reading for RPC_STALL_MS, at most @max bytes; the bytes sent. */
static size_t
send_until_stalled(struct rpc_client *c, const struct rpc_packet *call,
    size_t max)
{
	enum { BATCH = 4096 };
	struct pollfd p = { .fd = c->fd, .events = POLLOUT };
	size_t i, sent = 0, off;
	uint8_t *batch;
	ssize_t n;

	batch = malloc(BATCH * call->len);
	ck_assert_ptr_nonnull(batch);
	for (i = 0; i < BATCH; i++) {
		memcpy(batch + i * call->len, call->buf, call->len);
	}
	while (sent < max) {
		off = sent % (BATCH * call->len);
		n = send(c->fd, batch + off, BATCH * call->len - off,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (poll(&p, 1, RPC_STALL_MS) == 0) {
				break;
			}
			continue;
		}
		ck_assert_msg(n > 0, "send: %s", strerror(errno));
		sent += (size_t)n;
	}
	free(batch);
	return sent;
}

START_TEST(client_not_reading_replies_is_not_read_until_they_drain)
{
	struct rpc_header h = call_header(REMOTE_PROGRAM,
	    REMOTE_PROC_NODE_GET_INFO);
	long rss = hvd_rss_kib();
	size_t sent, rest, calls, got;
	struct rpc_packet call, pkt;
	struct rpc_client c;
	ssize_t n;

	/* Any local user may do this: the read-only socket is 0666.  64 MiB
	 * of 28-byte calls would queue 430 MiB of 188-byte replies. */
	ck_assert_int_eq(rpc_packet_encode(&call, &h, NULL, NULL), 0);
	peer_start(&c, env.sock_ro);
	sent = send_until_stalled(&c, &call, (size_t)64 << 20);
	ck_assert_uint_lt(sent, (size_t)16 << 20);
	ck_assert_int_lt(hvd_rss_kib() - rss, 32 << 10);
	still_serving();
	/* Every reply comes once the client reads, none dropped. */
	calls = (sent + call.len - 1) / call.len;
	rest = calls * call.len - sent;
	for (got = 0; got < calls; got++) {
		expect_reply(&c, &h, RPC_OK, &pkt);
		rpc_packet_free(&pkt);
		if (rest > 0 && (n = send(c.fd, call.buf + call.len - rest,
		    rest, MSG_DONTWAIT | MSG_NOSIGNAL)) > 0) {
			rest -= (size_t)n;
		}
	}
	ck_assert_uint_eq(rest, 0);
	expect_silence(&c);
	open_peer_answers(&c);
	rpc_packet_free(&call);
	rpc_client_close(&c);
	still_serving();
}
END_TEST

/* ---- definitions ---- */

START_TEST(define_yaml_with_an_unknown_key_is_refused_at_its_position)
{
	static const char text[] = "name: bad\nmemory: 16M\ncolour: blue\n"
	    "kernel:\n  path: nothing.bin\n";
	remote_connect_list_all_domains_ret list;
	remote_domain_ret dom;

	ck_assert_int_eq(define_yaml(&bystander, text, "/x/bad.yaml", 0, &dom),
	    -EREMOTEIO);
	ck_assert_int_eq(bystander.err_code, VIR_ERR_XML_ERROR);
	ck_assert_msg(strncmp(bystander.error, "/x/bad.yaml:3:1: ", 17) == 0,
	    "%s", bystander.error);
	ck_assert_msg(strstr(bystander.error, "unknown key 'colour'") != NULL,
	    "%s", bystander.error);
	list_domains(&bystander, &list);
	ck_assert_uint_eq(list.ret, 0);
	rpc_body_free(X(remote_connect_list_all_domains_ret), &list);
	still_serving();
}
END_TEST

START_TEST(define_yaml_too_big_or_too_nested_is_refused_at_once)
{
	static const struct {
		size_t len;
		char fill;
		const char *fragment;
	} texts[] = {
		/* libyaml alone takes half a minute on each of these. */
		{ 100000, '[', "/x/t.yaml: 100000 flow collections" },
		{ 100000, '{', "/x/t.yaml: 100000 flow collections" },
		{ 257, '[', "/x/t.yaml: 257 flow collections" },
		{ 256, '{', "/x/t.yaml:2:1: " },	/* parsed */
		{ (1u << 20) + 1, '#', "/x/t.yaml: 1048577 bytes, more than" },
		{ 1u << 20, '#', "/x/t.yaml:1:1: " },	/* parsed */
	};
	char *file = S("/x/t.yaml");
	hvd_define_yaml_args args = { NULL, &file, 0 };
	struct rpc_packet pkt;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		args.yaml = malloc(texts[i].len + 1);
		ck_assert_ptr_nonnull(args.yaml);
		memset(args.yaml, texts[i].fill, texts[i].len);
		args.yaml[texts[i].len] = '\0';
		call_packet(&pkt, HVD_PROGRAM, HVD_PROC_DEFINE_YAML,
		    X(hvd_define_yaml_args), &args);
		free(args.yaml);
		peer_write(&bystander, pkt.buf, pkt.len);
		expect_error_reply(&bystander, &pkt.hdr, VIR_ERR_XML_ERROR,
		    texts[i].fragment);
		rpc_packet_free(&pkt);
		still_serving();
	}
}
END_TEST

START_TEST(define_yaml_defines_an_inactive_listed_domain)
{
	remote_domain_lookup_by_name_args lookup = { S("good") };
	remote_connect_list_all_domains_ret list;
	remote_domain_ret dom, found;

	define_valid(&bystander, "good", &dom);
	peer_start(&newcomer, env.sock);
	list_domains(&newcomer, &list);
	ck_assert_uint_eq(list.ret, 1);
	ck_assert_str_eq(list.domains.domains_val[0].name, "good");
	ck_assert_int_eq(list.domains.domains_val[0].id, -1);
	ck_assert_mem_eq(list.domains.domains_val[0].uuid, dom.dom.uuid,
	    REMOTE_UUID_BUFLEN);
	rpc_body_free(X(remote_connect_list_all_domains_ret), &list);
	memset(&found, 0, sizeof(found));
	call_ok(&newcomer, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    X(remote_domain_lookup_by_name_args), &lookup,
	    X(remote_domain_ret), &found);
	ck_assert_int_eq(found.dom.id, -1);
	ck_assert_mem_eq(found.dom.uuid, dom.dom.uuid, REMOTE_UUID_BUFLEN);
	rpc_body_free(X(remote_domain_ret), &found);
	rpc_body_free(X(remote_domain_ret), &dom);
	rpc_client_close(&newcomer);
	still_serving();
}
END_TEST

START_TEST(lookup_of_a_missing_name_is_no_domain)
{
	remote_domain_lookup_by_name_args lookup = { S("missing") };

	call_fails(&bystander, REMOTE_PROGRAM,
	    REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    X(remote_domain_lookup_by_name_args), &lookup, VIR_ERR_NO_DOMAIN,
	    "Domain not found: no domain with matching name 'missing'");
	still_serving();
}
END_TEST

/* A test case: one hvd per test, a timeout each. */
static TCase *
rpc_tcase(const char *name, void (*set_up)(void))
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, RPC_TEST_TIMEOUT);
	hvd_env_tcase_fixture(tc);
	tcase_add_checked_fixture(tc, set_up, teardown);
	return tc;
}

static Suite *
hvd_rpc_suite(void)
{
	Suite *s = suite_create("hvd_rpc");
	TCase *tc;

	tc = rpc_tcase("framing", setup);
	tcase_add_test(tc, every_truncated_call_closes_only_that_client);
	tcase_add_test(tc, length_beyond_the_data_then_eof_closes);
	tcase_add_loop_test(tc, length_out_of_limits_closes_at_once, 0,
	    sizeof(bad_lengths) / sizeof(bad_lengths[0]));
	tcase_add_test(tc, maximum_length_never_sent_leaves_others_served);
	tcase_add_loop_test(tc, bad_type_or_status_closes_the_connection, 0,
	    sizeof(bad_headers) / sizeof(bad_headers[0]));
	suite_add_tcase(s, tc);

	tc = rpc_tcase("calls", setup);
	tcase_add_test(tc, unknown_program_gets_cannot_find_program);
	tcase_add_test(tc, unknown_procedure_gets_no_support);
	tcase_add_test(tc, call_with_fds_gets_an_error_reply);
	tcase_add_test(tc, calls_before_open_fail_not_open);
	tcase_add_test(tc, auth_list_and_features_answer_before_open);
	tcase_add_test(tc, second_open_fails_already_open);
	tcase_add_test(tc,
	    foreign_uri_is_refused_and_leaves_the_connection_unopened);
	tcase_add_test(tc, every_truncated_or_padded_args_is_malformed);
	tcase_add_test(tc, string_over_the_limit_is_malformed);
	tcase_add_test(tc, keepalive_ping_gets_a_pong);
	tcase_add_test(tc, unasked_messages_and_streams_are_ignored);
	suite_add_tcase(s, tc);

	tc = rpc_tcase("read-only", setup);
	tcase_add_test(tc, read_only_socket_refuses_every_write);
	tcase_add_test(tc, read_only_open_refuses_every_write);
	suite_add_tcase(s, tc);

	tc = rpc_tcase("clients", setup);
	tcase_add_test(tc, twenty_clients_at_once_all_get_answers);
	tcase_add_test(tc, client_vanishing_mid_packet_leaves_others_served);
	tcase_add_test(tc,
	    client_vanishing_with_replies_queued_leaves_others_served);
	tcase_add_test(tc,
	    client_not_reading_replies_is_not_read_until_they_drain);
	suite_add_tcase(s, tc);

	tc = rpc_tcase("limits", setup_four_clients);
	tcase_add_test(tc, client_over_max_clients_is_closed_at_once);
	suite_add_tcase(s, tc);

	tc = rpc_tcase("definitions", setup);
	tcase_add_test(tc,
	    define_yaml_with_an_unknown_key_is_refused_at_its_position);
	tcase_add_test(tc,
	    define_yaml_too_big_or_too_nested_is_refused_at_once);
	tcase_add_test(tc, define_yaml_defines_an_inactive_listed_domain);
	tcase_add_test(tc, lookup_of_a_missing_name_is_no_domain);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hvd_rpc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
