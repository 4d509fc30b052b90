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
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
 * @dir:  the temporary directory hvd keeps everything in.
 * @sock: hvd's socket.
 * @hvd:  hvd's pid, or 0.
 * @reps: runs per figure.
 */
static struct {
	char dir[64];
	char sock[600];
	pid_t hvd;
	unsigned int reps;
} hb;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
fail(const char *what, const char *why)
{
	fprintf(stderr, "hvd-bench: %s: %s\n", what, why);
	return -1;
}

/* Write hvd.yaml and point the XDG variables into @hb.dir. */
static int
setup_dir(void)
{
	char path[512];
	FILE *f;

	strcpy(hb.dir, "/tmp/hvd-bench.XXXXXX");
	if (mkdtemp(hb.dir) == NULL) {
		return fail("mkdtemp", strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/config", hb.dir);
	mkdir(path, 0700);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof(path), "%s/config/hv", hb.dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/state", hb.dir);
	setenv("XDG_STATE_HOME", path, 1);
	snprintf(path, sizeof(path), "%s/run", hb.dir);
	mkdir(path, 0700);
	setenv("XDG_RUNTIME_DIR", path, 1);
	snprintf(hb.sock, sizeof(hb.sock), "%s/libvirt/virthvd-sock", path);
	snprintf(path, sizeof(path), "%s/config/hv/hvd.yaml", hb.dir);
	if ((f = fopen(path, "w")) == NULL) {
		return fail(path, strerror(errno));
	}
	fprintf(f, "board:\n  qemu: %s\n  firmware: %s\n  cpus: 2\n"
	    "  memory: 512M\nlog:\n  level: warn\n", getenv("QEMU"),
	    getenv("HVFW_ELF"));
	fclose(f);
	return 0;
}

/* Start hvd -d --session and connect @c to it (CONNECT_OPEN). */
static int
hvd_up(struct rpc_client *c)
{
	char *name = "hv:///session";
	remote_connect_open_args open_args = { &name, 0 };
	uint64_t deadline = now_ns() + WAIT_MS * 1000000ull;
	int null;

	if ((hb.hvd = fork()) == 0) {
		null = open("/dev/null", O_WRONLY);
		dup2(null, STDOUT_FILENO);
		execl(getenv("HVD"), "hvd", "-d", "--session", (char *)NULL);
		_exit(127);
	}
	while (rpc_client_connect(c, hb.sock) < 0) {
		rpc_client_close(c);
		if (now_ns() > deadline) {
			return fail("hvd", "does not answer");
		}
		usleep(5000);
	}
	if (rpc_client_call(c, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    (xdrproc_t)xdr_remote_connect_open_args, &open_args, NULL,
	    NULL) < 0) {
		return fail("CONNECT_OPEN", c->error);
	}
	return 0;
}

/* End hvd (no VM runs: it stops the board too). */
static void
hvd_down(struct rpc_client *c)
{
	int status;

	rpc_client_close(c);
	if (hb.hvd > 0) {
		kill(hb.hvd, SIGTERM);
		waitpid(hb.hvd, &status, 0);
		hb.hvd = 0;
	}
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

/* List for LIST_SECONDS; the number of round trips. */
static long
list_loop(struct rpc_client *c)
{
	remote_connect_list_all_domains_args args = { 1, 0 };
	remote_connect_list_all_domains_ret ret;
	uint64_t end = now_ns() + LIST_SECONDS * 1000000000ull;
	long n = 0;

	while (now_ns() < end) {
		memset(&ret, 0, sizeof(ret));
		if (rpc_client_call(c, REMOTE_PROGRAM,
		    REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
		    (xdrproc_t)xdr_remote_connect_list_all_domains_args, &args,
		    (xdrproc_t)xdr_remote_connect_list_all_domains_ret,
		    &ret) < 0 || ret.ret != LIST_DOMAINS + 1) {
			return -1;
		}
		rpc_body_free((xdrproc_t)xdr_remote_connect_list_all_domains_ret,
		    &ret);
		n++;
	}
	return n;
}

/* (c): @clients processes listing at once; round trips per second. */
static double
list_rate(unsigned int clients)
{
	char *name = "hv:///session";
	remote_connect_open_args open_args = { &name, 0 };
	int p[2];
	long n, total = 0;
	unsigned int i;
	struct rpc_client c;

	if (pipe(p) < 0) {
		return -1;
	}
	for (i = 0; i < clients; i++) {
		if (fork() == 0) {
			n = -1;
			if (rpc_client_connect(&c, hb.sock) == 0 &&
			    rpc_client_call(&c, REMOTE_PROGRAM,
			    REMOTE_PROC_CONNECT_OPEN,
			    (xdrproc_t)xdr_remote_connect_open_args,
			    &open_args, NULL, NULL) == 0) {
				n = list_loop(&c);
			}
			if (write(p[1], &n, sizeof(n)) != sizeof(n)) {
				_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < clients; i++) {
		if (read(p[0], &n, sizeof(n)) != sizeof(n) || n < 0) {
			total = -1;
		} else if (total >= 0) {
			total += n;
		}
		wait(NULL);
	}
	close(p[0]);
	close(p[1]);
	return total < 0 ? -1 : (double)total / LIST_SECONDS;
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

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: hvd-bench [-h] [-r runs]\n"
	    "  -r runs  runs per figure, 1..%u (default %u)\n"
	    "  -h       this help\n", BENCH_STAT_MAX, REPS_DEFAULT);
}

int
main(int argc, char **argv)
{
	char *end;
	long v;
	int ch, rc;

	hb.reps = REPS_DEFAULT;
	while ((ch = getopt(argc, argv, "hr:")) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return 0;
		case 'r':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > (long)BENCH_STAT_MAX) {
				usage(stderr);
				return 2;
			}
			hb.reps = (unsigned int)v;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || getenv("HVD") == NULL || getenv("QEMU") == NULL ||
	    getenv("HVFW_ELF") == NULL || getenv("HVFW_GUESTS") == NULL) {
		fprintf(stderr, "hvd-bench: HVD, QEMU, HVFW_ELF and HVFW_GUESTS "
		    "must be set (make bench sets them)\n");
		return 2;
	}
	if (setup_dir() < 0) {
		return 1;
	}
	printf("hvd-bench: %u runs, medians\n%-3s %-46s %10s  %-9s %-18s "
	    "%7s\n", hb.reps, "", "what", "median", "unit", "against",
	    "ratio");
	rc = run();
	nftw(hb.dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc == 0 ? 0 : 1;
}
