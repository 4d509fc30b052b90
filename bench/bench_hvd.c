/* SPDX-License-Identifier: ISC */
/*
 * bench_hvd.c - a real hvd for the benchmarks, and clients calling it at
 * once (bench_hvd.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "bench_hvd.h"

/** POLL_US - how often the wait for hvd looks again. */
#define POLL_US		5000

/* The benchmark's name, for messages. */
static const char *bench_prog = "bench";

static int
bench_fail(const char *what, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", bench_prog, what, why);
	return -1;
}

uint64_t
bench_hvd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
bench_hvd_init(struct bench_hvd *h, const char *prog)
{
	char path[512];
	FILE *f;

	bench_prog = prog;
	memset(h, 0, sizeof(*h));
	snprintf(h->dir, sizeof(h->dir), "/tmp/%s.XXXXXX", prog);
	if (mkdtemp(h->dir) == NULL) {
		h->dir[0] = '\0';
		return bench_fail("mkdtemp", strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/config", h->dir);
	mkdir(path, 0700);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof(path), "%s/config/hv", h->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/state", h->dir);
	setenv("XDG_STATE_HOME", path, 1);
	snprintf(path, sizeof(path), "%s/run", h->dir);
	mkdir(path, 0700);
	setenv("XDG_RUNTIME_DIR", path, 1);
	snprintf(h->sock, sizeof(h->sock), "%s/libvirt/virthvd-sock", path);
	snprintf(path, sizeof(path), "%s/config/hv/hvd.yaml", h->dir);
	if ((f = fopen(path, "w")) == NULL) {
		return bench_fail(path, strerror(errno));
	}
	fprintf(f, "board:\n  qemu: %s\n  firmware: %s\n  cpus: 2\n"
	    "  memory: 512M\nlog:\n  level: warn\n", getenv("QEMU"),
	    getenv("HVFW_ELF"));
	fclose(f);
	return 0;
}

/* Does something accept connections on @path? */
static bool
bench_answers(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;
	bool ok;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		return false;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		return false;
	}
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

int
bench_hvd_start(struct bench_hvd *h)
{
	uint64_t deadline = bench_hvd_now_ns() +
	    BENCH_HVD_WAIT_MS * 1000000ull;
	int null, status;

	if ((h->pid = fork()) < 0) {
		h->pid = 0;
		return bench_fail("fork", strerror(errno));
	}
	if (h->pid == 0) {
		null = open("/dev/null", O_WRONLY);
		dup2(null, STDOUT_FILENO);
		execl(getenv("HVD"), "hvd", "-d", "--session", (char *)NULL);
		_exit(127);
	}
	while (!bench_answers(h->sock)) {
		if (waitpid(h->pid, &status, WNOHANG) == h->pid) {
			h->pid = 0;
			return bench_fail("hvd", "ended at startup");
		}
		if (bench_hvd_now_ns() > deadline) {
			bench_hvd_stop(h);
			return bench_fail("hvd", "does not answer");
		}
		usleep(POLL_US);
	}
	return 0;
}

void
bench_hvd_stop(struct bench_hvd *h)
{
	struct board board;
	char dir[512];
	int status;

	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR) {
			continue;
		}
		h->pid = 0;
	}
	/* hvd leaves the board running for a VM that runs: stop it too. */
	snprintf(dir, sizeof(dir), "%s/state/hv/board", h->dir);
	if (h->dir[0] != '\0' && board_reattach(&board, dir, 0) == 0) {
		board_stop(&board);
	}
}

static int
bench_remove(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

void
bench_hvd_fini(struct bench_hvd *h)
{
	bench_hvd_stop(h);
	if (h->dir[0] != '\0') {
		nftw(h->dir, bench_remove, 16, FTW_DEPTH | FTW_PHYS);
		h->dir[0] = '\0';
	}
}

/*
 * One client process: open, say so on @ready, wait for @go to close, run
 * rounds for @seconds, write the count (-1 on failure) to @result.
 */
static void
bench_client(const struct bench_client_ops *ops, void *ctx,
    unsigned int seconds, int ready, int go, int result)
{
	void *conn = ops->open(ctx);
	long n = conn != NULL ? 0 : -1;
	uint64_t end;
	char c = n == 0 ? 'y' : 'n';

	if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 0) {
		n = -1;
	}
	end = bench_hvd_now_ns() + seconds * 1000000000ull;
	while (n >= 0 && bench_hvd_now_ns() < end) {
		n = ops->round(conn, ctx) == 0 ? n + 1 : -1;
	}
	if (conn != NULL) {
		ops->close(conn);
	}
	if (write(result, &n, sizeof(n)) != sizeof(n)) {
		_exit(1);
	}
	_exit(0);
}

double
bench_hvd_clients(const struct bench_client_ops *ops, void *ctx,
    unsigned int clients, unsigned int seconds)
{
	int ready[2], go[2], result[2];
	unsigned int i, forked = 0;
	long n, total = 0;
	char c;

	if (clients < 1 || clients > BENCH_HVD_CLIENTS_MAX || seconds < 1) {
		return -1;
	}
	if (pipe(ready) < 0 || pipe(go) < 0 || pipe(result) < 0) {
		return bench_fail("pipe", strerror(errno));
	}
	fflush(NULL);
	for (i = 0; i < clients; i++, forked++) {
		pid_t pid = fork();

		if (pid < 0) {
			total = -1;
			break;
		}
		if (pid == 0) {
			close(go[1]);
			bench_client(ops, ctx, seconds, ready[1], go[0],
			    result[1]);
		}
	}
	close(ready[1]);
	close(go[0]);
	close(result[1]);
	/* Every client is connected before any starts its rounds. */
	for (i = 0; i < forked; i++) {
		if (read(ready[0], &c, 1) != 1 || c != 'y') {
			total = -1;
		}
	}
	close(go[1]);
	for (i = 0; i < forked; i++) {
		if (read(result[0], &n, sizeof(n)) != sizeof(n) || n < 0) {
			total = -1;
		} else if (total >= 0) {
			total += n;
		}
	}
	for (i = 0; i < forked; i++) {
		wait(NULL);
	}
	close(ready[0]);
	close(result[0]);
	if (total < 0) {
		return bench_fail("clients", "a client failed");
	}
	return (double)total / seconds;
}
