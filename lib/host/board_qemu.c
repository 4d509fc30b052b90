/* SPDX-License-Identifier: ISC */
/*
 * board_qemu.c - QEMU as a child process: its command line, its serial
 * line on a socket pair, its stderr kept for error messages; or, for a
 * kept board (board_keep.c), in a session of its own with its serial line
 * on a unix socket it listens on and its stderr in a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "board.h"
#include "board_impl.h"

#define BOARD_ARGV_MAX		40
#define BOARD_ARG_MAX		512

/* The strings the command line points into. */
struct qemu_args {
	char *argv[BOARD_ARGV_MAX];
	char cpus[32];
	char ram[32];
	char append[BOARD_ARG_MAX];
	char backend[BOARD_ARG_MAX];
	char serial[BOARD_ARG_MAX];
};

/*
 * The board of tests/hvfw-guests.sh, RAM in a shared file backend, the
 * serial line on stdio (a socket pair) and the monitor off: -nographic
 * would otherwise put the monitor on stdio too, and take Ctrl-A (a byte
 * like any other to the mailbox) as its escape.
 */
static int
qemu_args(struct qemu_args *a, const struct board *b,
    const struct board_config *c)
{
	const char *fixed[] = {
		c->qemu, "-M", "virt,virtualization=on,gic-version=3",
		"-cpu", c->cpu, "-smp", a->cpus, "-m", a->ram,
		"-nographic", "-nic", "none", "-monitor", "none",
		"-serial", a->serial, "-kernel", c->firmware,
		"-append", a->append, "-object", a->backend,
		"-M", "memory-backend=ram", NULL,
	};
	size_t i;
	int n;

	snprintf(a->cpus, sizeof(a->cpus), "%u", c->cpu_count);
	snprintf(a->ram, sizeof(a->ram), "%uM", c->ram_mib);
	n = snprintf(a->append, sizeof(a->append), "hvfw.mailbox%s%s",
	    c->append != NULL ? " " : "", c->append != NULL ? c->append : "");
	if (n < 0 || (size_t)n >= sizeof(a->append)) {
		return -E2BIG;
	}
	n = snprintf(a->backend, sizeof(a->backend),
	    "memory-backend-file,id=ram,size=%uM,mem-path=%s,share=on",
	    c->ram_mib, b->ram_path);
	if (n < 0 || (size_t)n >= sizeof(a->backend) ||
	    strchr(b->ram_path, ',') != NULL) {
		return -E2BIG;
	}
	/* A kept board's line: a socket any later host process can reach. */
	n = snprintf(a->serial, sizeof(a->serial), c->keep_dir == NULL ?
	    "stdio" : "unix:%s/serial,server=on,wait=on", b->keep_dir);
	if (n < 0 || (size_t)n >= sizeof(a->serial) ||
	    strchr(b->keep_dir, ',') != NULL) {
		return -E2BIG;
	}
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		a->argv[i] = (char *)(uintptr_t)fixed[i];
	}
	return 0;
}

/*
 * In the child: QEMU starts with no signal blocked or ignored.  Both are
 * inherited through execv(), and a daemon that takes its signals through
 * signalfd blocks SIGTERM: a QEMU inheriting that would outlive a kill.
 */
static void
child_signals(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		signal(sig, SIG_DFL);	/* fails, harmlessly, for KILL, STOP */
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* In the child: stdio onto the serial socket, stderr onto the pipe. */
static void __attribute__((noreturn))
qemu_exec(const struct qemu_args *a, int serial, int err)
{
	child_signals();
#ifdef __linux__
	/* QEMU must not outlive a test that crashed. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (dup2(serial, STDIN_FILENO) < 0 ||
	    dup2(serial, STDOUT_FILENO) < 0 ||
	    dup2(err, STDERR_FILENO) < 0) {
		_exit(126);
	}
	execv(a->argv[0], a->argv);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", a->argv[0],
	    strerror(errno));
	_exit(127);
}

/*
 * In the child of a kept board: a session of its own (no signal meant for
 * the starting process's group reaches it, and it outlives that process),
 * stdio on /dev/null, stderr appended to KEEP_DIR/qemu.log.
 */
static void __attribute__((noreturn))
qemu_exec_kept(const struct qemu_args *a, const char *log)
{
	int null = open("/dev/null", O_RDWR), err;

	child_signals();
	err = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (setsid() < 0 || null < 0 || err < 0 ||
	    dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
	    dup2(err, STDERR_FILENO) < 0) {
		_exit(126);
	}
	execv(a->argv[0], a->argv);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", a->argv[0],
	    strerror(errno));
	_exit(127);
}

/* Start the QEMU of a kept board and connect to its serial socket. */
static int
spawn_kept(struct board *b, const struct qemu_args *a, int timeout_ms)
{
	char log[BOARD_PATH_MAX + 16];
	int err;

	snprintf(log, sizeof(log), "%s/qemu.log", b->keep_dir);
	b->pid = fork();
	if (b->pid == 0) {
		qemu_exec_kept(a, log);
	}
	if (b->pid < 0) {
		err = -errno;
		return board_fail(b, err, "fork: %s", strerror(-err));
	}
	b->qemu_err = open(log, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	return board_keep_connect(b, board_deadline(timeout_ms));
}

/**
 * board_qemu_spawn() - start QEMU.
 * @b:   the board.
 * @cfg: what to start.
 *
 * Return: 0 or -errno.
 */
int
board_qemu_spawn(struct board *b, const struct board_config *cfg)
{
	struct qemu_args a = { 0 };
	int sv[2], ep[2], err;

	if (qemu_args(&a, b, cfg) != 0) {
		return board_fail(b, -E2BIG, "QEMU options too long");
	}
	if (b->kept) {
		return spawn_kept(b, &a, cfg->timeout_ms);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		return board_fail(b, -errno, "socketpair: %s", strerror(errno));
	}
	if (pipe(ep) != 0) {
		err = -errno;
		close(sv[0]);
		close(sv[1]);
		return board_fail(b, err, "pipe: %s", strerror(-err));
	}
	/* Only the child's stdio copies may reach QEMU. */
	fcntl(ep[0], F_SETFD, FD_CLOEXEC);
	fcntl(ep[1], F_SETFD, FD_CLOEXEC);
	b->pid = fork();
	if (b->pid == 0) {
		qemu_exec(&a, sv[1], ep[1]);
	}
	err = b->pid < 0 ? -errno : 0;
	close(sv[1]);
	close(ep[1]);
	b->serial = sv[0];
	b->qemu_err = ep[0];
	if (err != 0) {
		return board_fail(b, err, "fork: %s", strerror(-err));
	}
	fcntl(b->serial, F_SETFL, fcntl(b->serial, F_GETFL) | O_NONBLOCK);
	fcntl(b->qemu_err, F_SETFL, fcntl(b->qemu_err, F_GETFL) | O_NONBLOCK);
	return 0;
}

/**
 * board_qemu_stderr() - append what QEMU wrote on stderr to the error.
 * @b: the board.
 */
void
board_qemu_stderr(struct board *b)
{
	size_t len = strlen(b->error);
	ssize_t n;

	if (b->qemu_err < 0 || len + 16 >= sizeof(b->error)) {
		return;
	}
	len += (size_t)snprintf(b->error + len, sizeof(b->error) - len,
	    "; QEMU: ");
	n = read(b->qemu_err, b->error + len, sizeof(b->error) - len - 1);
	b->error[len + (n > 0 ? (size_t)n : 0)] = '\0';
	if (n <= 0) {
		snprintf(b->error + len, sizeof(b->error) - len,
		    "(nothing on stderr)");
	}
}

/**
 * board_qemu_stop() - kill QEMU and reap it.
 * @b: the board.
 *
 * A QEMU this process did not start (board_reattach()) cannot be reaped:
 * it is waited for until it is gone.
 */
void
board_qemu_stop(struct board *b)
{
	if (b->pid > 0) {
		kill(b->pid, SIGKILL);
		if (board_keep_wait_gone(b->pid) != 0) {
			while (waitpid(b->pid, NULL, 0) < 0 && errno == EINTR) {
				continue;
			}
		}
		b->pid = -1;
	}
	if (b->serial >= 0) {
		close(b->serial);
		b->serial = -1;
	}
	if (b->qemu_err >= 0) {
		close(b->qemu_err);
		b->qemu_err = -1;
	}
}
