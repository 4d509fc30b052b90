/* SPDX-License-Identifier: ISC */
/*
 * bench_hvd.h - a real hvd for the benchmarks that talk to it (hvd-bench,
 * virt-bench): a session daemon in a temporary directory of its own, and
 * many client processes calling it at once for a fixed time.
 *
 * Needs HVD, QEMU and HVFW_ELF in the environment (make bench sets them).
 */
#ifndef BENCH_HVD_H
#define BENCH_HVD_H

#include <stdint.h>
#include <sys/types.h>

/** BENCH_HVD_WAIT_MS - the longest wait for hvd to answer. */
#define BENCH_HVD_WAIT_MS	30000
/** BENCH_HVD_CLIENTS_MAX - most processes bench_hvd_clients() runs. */
#define BENCH_HVD_CLIENTS_MAX	64

/**
 * struct bench_hvd - one hvd and its directory.
 * @dir:  the temporary directory (configuration, state, sockets).
 * @sock: hvd's read-write socket.
 * @pid:  hvd's pid, or 0 when it does not run.
 */
struct bench_hvd {
	char dir[64];
	char sock[600];
	pid_t pid;
};

/**
 * bench_hvd_init() - make the directory and its hvd.yaml (the board of
 * QEMU and HVFW_ELF, 2 CPUs, 512M, log level warn) and point this
 * process's XDG variables, which hvd inherits, into it.
 * @h:    the hvd.
 * @prog: the benchmark's name, for the directory's and messages.
 *
 * Return: 0, or -1 (said on stderr).
 */
int bench_hvd_init(struct bench_hvd *h, const char *prog);

/**
 * bench_hvd_start() - start hvd -d --session (stdout to /dev/null, its
 * warnings on stderr) and wait until its socket accepts connections.
 * @h: the hvd (bench_hvd_init() done).
 *
 * Return: 0, or -1 (said on stderr; hvd is stopped).
 */
int bench_hvd_start(struct bench_hvd *h);

/**
 * bench_hvd_stop() - SIGTERM to hvd and wait for it (nothing if it does
 * not run), then stop the board it leaves running for VMs that run.
 * @h: the hvd.
 */
void bench_hvd_stop(struct bench_hvd *h);

/**
 * bench_hvd_fini() - stop hvd and remove the directory.
 * @h: the hvd.
 */
void bench_hvd_fini(struct bench_hvd *h);

/**
 * bench_hvd_now_ns() - CLOCK_MONOTONIC in nanoseconds.
 *
 * Return: the time.
 */
uint64_t bench_hvd_now_ns(void);

/**
 * struct bench_client_ops - what each client process of
 * bench_hvd_clients() does.
 * @open:  connect (in the child, after the fork); NULL on failure.
 * @round: one round trip, or several calls that make one round: 0, or
 *         -1 on failure (the figure is then void).
 * @close: disconnect.
 */
struct bench_client_ops {
	void *(*open)(void *ctx);
	int (*round)(void *conn, void *ctx);
	void (*close)(void *conn);
};

/**
 * bench_hvd_clients() - rounds per second of @clients processes at once:
 * each opens its own connection, all start together once every one is
 * open, and each runs rounds for @seconds.
 * @ops:     what a client does.
 * @ctx:     passed to @ops.
 * @clients: 1..BENCH_HVD_CLIENTS_MAX processes.
 * @seconds: how long each runs rounds.
 *
 * Return: the rounds of all clients per second, or -1 if a client failed.
 */
double bench_hvd_clients(const struct bench_client_ops *ops, void *ctx,
    unsigned int clients, unsigned int seconds);

#endif /* BENCH_HVD_H */
