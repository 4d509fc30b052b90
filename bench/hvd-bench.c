/* SPDX-License-Identifier: ISC */
/*
 * hvd-bench.c - hvd end to end, measured in one run against a baseline:
 *
 *   (a) QEMU alone booting hvfw to its first line on the serial port: the
 *       floor every VM start through hvd stands on when the board is cold;
 *   (b) hvd start -> the hello guest's first console byte, from cold (the
 *       board is spawned by the start) and with the board already up;
 *   (c) RPC round trips per second for a listing (CONNECT_LIST_ALL_DOMAINS
 *       through hvd's socket) with 1 client and with 16 at once.
 *
 * A start is measured as libvirt's clients do it: CREATE_WITH_FLAGS
 * (paused, so the console can be attached before the guest writes), HVD
 * OPEN_CONSOLE, RESUME, and the first byte of the stream: two round trips
 * more than the start itself, which (c) says the size of.  Figures are
 * medians of -r runs.  Needs HVD, QEMU, HVFW_ELF and HVFW_GUESTS (make
 * bench sets them).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_hvd.h"
#include "bench_opt.h"
#include "bench_stat.h"
#include "hv_protocol.h"
#include "rpc_client.h"

#define REPS_DEFAULT	7
/** LIST_SECONDS - how long each client lists in (c). */
#define LIST_SECONDS	2
/** LIST_DOMAINS - domains defined for (c). */
#define LIST_DOMAINS	8
/** WAIT_MS - the longest wait for anything. */
#define WAIT_MS		30000

/**
 * struct bench - the run.
 * @hvd:  hvd and its temporary directory.
 * @reps: runs per figure.
 */
static struct {
	struct bench_hvd hvd;
	unsigned int reps;
} hb;

static uint64_t
now_ns(void)
{
	return bench_hvd_now_ns();
}

static int
fail(const char *what, const char *why)
{
	fprintf(stderr, "hvd-bench: %s: %s\n", what, why);
	return -1;
}

/* Connect @c to hvd and open it (CONNECT_OPEN). */
static int
client_open(struct rpc_client *c)
{
	char *name = "hv:///session";
	remote_connect_open_args open_args = { &name, 0 };

	if (rpc_client_connect(c, hb.hvd.sock) < 0 ||
	    rpc_client_call(c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    (xdrproc_t)xdr_remote_connect_open_args, &open_args, NULL,
	    NULL) < 0) {
		fail("CONNECT_OPEN", c->error);
		rpc_client_close(c);
		return -1;
	}
	return 0;
}

/* Start hvd -d --session and connect @c to it. */
static int
hvd_up(struct rpc_client *c)
{
	if (bench_hvd_start(&hb.hvd) < 0) {
		return -1;
	}
	return client_open(c);
}

/* End hvd (no VM runs: it stops the board too). */
static void
hvd_down(struct rpc_client *c)
{
	rpc_client_close(c);
	bench_hvd_stop(&hb.hvd);
}

/* Define a raw test guest @guest as VM @name. */
static int
define(struct rpc_client *c, const char *name, const char *guest)
{
	char yaml[1024], *file = "bench.yaml";
	hvd_define_yaml_args args = { yaml, &file, 0 };
	remote_domain_ret ret;

	snprintf(yaml, sizeof(yaml), "name: %s\nmemory: 16M\nkernel:\n  "
	    "path: %s/%s.bin\n  format: raw\n  load_address: 0x40000000\n",
	    name, getenv("HVFW_GUESTS"), guest);
	memset(&ret, 0, sizeof(ret));
	if (rpc_client_call(c, HVD_PROGRAM, HVD_PROC_DEFINE_YAML,
	    (xdrproc_t)xdr_hvd_define_yaml_args, &args,
	    (xdrproc_t)xdr_remote_domain_ret, &ret) < 0) {
		return fail("DEFINE_YAML", c->error);
	}
	rpc_body_free((xdrproc_t)xdr_remote_domain_ret, &ret);
	return 0;
}

/* A call with a domain argument and flags. */
static int
domain_call(struct rpc_client *c, int prog, int proc, xdrproc_t xargs,
    void *args, xdrproc_t xret, void *ret)
{
	if (rpc_client_call(c, (uint32_t)prog, proc, xargs, args, xret,
	    ret) < 0) {
		return fail("call", c->error);
	}
	return 0;
}

/* Wait for the first data byte of the console stream @serial. */
static int
first_byte(struct rpc_client *c, uint32_t serial)
{
	struct rpc_packet pkt;
	bool data;

	for (;;) {
		if (rpc_client_recv(c, &pkt, WAIT_MS) < 0) {
			return fail("console", c->error);
		}
		data = pkt.hdr.type == RPC_STREAM && pkt.hdr.serial == serial &&
		    rpc_packet_payload_len(&pkt) > 0;
		rpc_packet_free(&pkt);
		if (data) {
			return 0;
		}
	}
}

/* Wait for the end of the stream @serial and finish it. */
static int
stream_end(struct rpc_client *c, uint32_t serial)
{
	const struct rpc_header fin = { HVD_PROGRAM, 1,
	    HVD_PROC_DOMAIN_OPEN_CONSOLE, RPC_STREAM, serial, RPC_OK };
	struct rpc_packet pkt;
	bool end;

	do {
		if (rpc_client_recv(c, &pkt, WAIT_MS) < 0) {
			return fail("console", c->error);
		}
		end = pkt.hdr.type == RPC_STREAM && pkt.hdr.serial == serial &&
		    rpc_packet_payload_len(&pkt) == 0;
		rpc_packet_free(&pkt);
	} while (!end);
	rpc_client_send_raw(c, &fin, NULL, 0);
	do {
		if (rpc_client_recv(c, &pkt, WAIT_MS) < 0) {
			return fail("console", c->error);
		}
		end = pkt.hdr.type == RPC_STREAM && pkt.hdr.status == RPC_OK;
		rpc_packet_free(&pkt);
	} while (!end);
	return 0;
}

/* Start "hello" and time it to its first console byte; it powers off. */
static int
start_to_first_byte(struct rpc_client *c, uint64_t *ns)
{
	remote_domain_lookup_by_name_args look = { "hello" };
	remote_domain_ret dom, started;
	remote_domain_flags_args create;
	hvd_domain_open_console_args open;
	remote_domain_args resume;
	uint64_t t0;
	uint32_t serial;
	int rc;

	memset(&dom, 0, sizeof(dom));
	memset(&started, 0, sizeof(started));
	if (domain_call(c, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &look,
	    (xdrproc_t)xdr_remote_domain_ret, &dom) < 0) {
		return -1;
	}
	create = (remote_domain_flags_args){ dom.dom, 1 };
	open = (hvd_domain_open_console_args){ dom.dom, 0 };
	resume = (remote_domain_args){ dom.dom };
	t0 = now_ns();
	rc = domain_call(c, REMOTE_PROGRAM,
	    REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
	    (xdrproc_t)xdr_remote_domain_flags_args, &create,
	    (xdrproc_t)xdr_remote_domain_ret, &started);
	if (rc == 0) {
		rc = domain_call(c, HVD_PROGRAM, HVD_PROC_DOMAIN_OPEN_CONSOLE,
		    (xdrproc_t)xdr_hvd_domain_open_console_args, &open, NULL,
		    NULL);
		serial = rpc_client_last_serial(c);
	}
	if (rc == 0) {
		rc = domain_call(c, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_RESUME,
		    (xdrproc_t)xdr_remote_domain_args, &resume, NULL, NULL);
	}
	if (rc == 0 && (rc = first_byte(c, serial)) == 0) {
		*ns = now_ns() - t0;
		rc = stream_end(c, serial);
	}
	rpc_body_free((xdrproc_t)xdr_remote_domain_ret, &dom);
	rpc_body_free((xdrproc_t)xdr_remote_domain_ret, &started);
	return rc;
}

/* (a): QEMU alone, hvfw to its first serial line. */
static int
qemu_alone(uint64_t *ns)
{
	int out[2], null;
	uint64_t t0 = now_ns();
	char c = 0;
	pid_t pid;

	if (pipe(out) < 0) {
		return fail("pipe", strerror(errno));
	}
	if ((pid = fork()) == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execl(getenv("QEMU"), "qemu-system-aarch64", "-M",
		    "virt,virtualization=on,gic-version=3", "-cpu",
		    "cortex-a57", "-smp", "2", "-m", "512M", "-nographic",
		    "-nic", "none", "-kernel", getenv("HVFW_ELF"),
		    (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	while (c != '\n' && read(out[0], &c, 1) == 1) {
		continue;
	}
	*ns = now_ns() - t0;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(out[0]);
	return c == '\n' ? 0 : fail("QEMU", "no line on the serial port");
}

/* A listing client (bench_hvd_clients()): its connection. */
static void *
list_open(void *ctx)
{
	static struct rpc_client c;

	(void)ctx;
	return client_open(&c) == 0 ? &c : NULL;
}

/* One listing round trip. */
static int
list_round(void *conn, void *ctx)
{
	remote_connect_list_all_domains_args args = { 1, 0 };
	remote_connect_list_all_domains_ret ret;
	int rc;

	(void)ctx;
	memset(&ret, 0, sizeof(ret));
	rc = rpc_client_call(conn, REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_args, &args,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &ret);
	if (rc == 0) {
		rc = ret.ret == LIST_DOMAINS + 1 ? 0 : -1;
		rpc_body_free(
		    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &ret);
	}
	return rc;
}

static void
list_close(void *conn)
{
	rpc_client_close(conn);
}

/* (c): @clients processes listing at once; round trips per second. */
static double
list_rate(unsigned int clients)
{
	static const struct bench_client_ops ops = {
		list_open, list_round, list_close,
	};

	return bench_hvd_clients(&ops, NULL, clients, LIST_SECONDS);
}

static void
row(const char *id, const char *what, double v, const char *unit,
    const char *against, double ratio)
{
	printf("%-3s %-46s %10.1f  %-9s %-18s %7.2f\n", id, what, v, unit,
	    against, ratio);
}

/* Run every figure; 0 or -1. */
static int
run(void)
{
	uint64_t alone[BENCH_STAT_MAX], cold[BENCH_STAT_MAX];
	uint64_t warm[BENCH_STAT_MAX];
	double a, one, many;
	struct rpc_client c;
	char name[16];
	unsigned int i;

	for (i = 0; i < hb.reps; i++) {
		if (qemu_alone(&alone[i]) < 0 || hvd_up(&c) < 0 ||
		    (i == 0 && define(&c, "hello", "hello") < 0) ||
		    start_to_first_byte(&c, &cold[i]) < 0 ||
		    start_to_first_byte(&c, &warm[i]) < 0) {
			return -1;
		}
		hvd_down(&c);
	}
	a = bench_median(alone, hb.reps) / 1e6;
	row("a", "QEMU alone: hvfw to its first serial line", a, "ms", "", 1);
	row("b", "start -> first console byte, cold board",
	    bench_median(cold, hb.reps) / 1e6, "ms", "x (a)",
	    bench_median(cold, hb.reps) / 1e6 / a);
	row("b", "start -> first console byte, board up",
	    bench_median(warm, hb.reps) / 1e6, "ms", "x (a)",
	    bench_median(warm, hb.reps) / 1e6 / a);
	if (hvd_up(&c) < 0) {
		return -1;
	}
	for (i = 0; i < LIST_DOMAINS; i++) {
		snprintf(name, sizeof(name), "vm%u", i);
		if (define(&c, name, "hello") < 0) {
			return -1;
		}
	}
	one = list_rate(1);
	many = list_rate(16);
	hvd_down(&c);
	if (one <= 0 || many <= 0) {
		return fail("list", "a client failed");
	}
	row("c", "list round trips, 1 client", one, "calls/s", "", 1);
	row("c", "list round trips, 16 clients at once", many, "calls/s",
	    "x 1 client", many / one);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct bench_opt opt = {
	    "hvd-bench", 'r', "runs", "runs per figure", BENCH_STAT_MAX,
	    &hb.reps,
	};
	int rc;

	hb.reps = REPS_DEFAULT;
	if ((rc = bench_opt_parse(&opt, argc, argv)) >= 0) {
		return rc;
	}
	if (getenv("HVD") == NULL || getenv("QEMU") == NULL ||
	    getenv("HVFW_ELF") == NULL || getenv("HVFW_GUESTS") == NULL) {
		fprintf(stderr, "hvd-bench: HVD, QEMU, HVFW_ELF and HVFW_GUESTS "
		    "must be set (make bench sets them)\n");
		return 2;
	}
	if (bench_hvd_init(&hb.hvd, "hvd-bench") < 0) {
		return 1;
	}
	printf("hvd-bench: %u runs, medians\n%-3s %-46s %10s  %-9s %-18s "
	    "%7s\n", hb.reps, "", "what", "median", "unit", "against",
	    "ratio");
	rc = run();
	bench_hvd_fini(&hb.hvd);
	return rc == 0 ? 0 : 1;
}
