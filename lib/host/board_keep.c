/* SPDX-License-Identifier: ISC */
/*
 * board_keep.c - kept boards: QEMU in a session of its own, outliving the
 * process that started it, and found again from its directory by the next
 * one (board.h, board_config.keep_dir).
 *
 * The directory holds, while the board runs:
 *  - ram:      QEMU's RAM file, mapped shared by QEMU and the host;
 *  - serial:   the unix socket of the serial line, QEMU listening;
 *  - qemu.log: QEMU's stderr;
 *  - board:    one line, "hv-board PID RAM_SIZE MAILBOX_PA MAILBOX_SIZE",
 *              written once the mailbox is announced (write, fsync,
 *              rename), so its presence means a board that was up.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "board_impl.h"
#include "procstate.h"

#define KEEP_STATE	"board"
#define KEEP_FILES	{ KEEP_STATE, "ram", "serial", "qemu.log" }
/** KEEP_GONE_MS - how long a killed QEMU is waited for. */
#define KEEP_GONE_MS	5000
/** KEEP_POLL_NS - how often a connect or a kill is looked at again. */
#define KEEP_POLL_NS	5000000L

/**
 * board_keep_path() - a file of the board's directory.
 * @b:    the board (kept).
 * @name: the file's name.
 * @out:  where the path goes.
 * @cap:  bytes at @out.
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int
board_keep_path(const struct board *b, const char *name, char *out,
    size_t cap)
{
	int n = snprintf(out, cap, "%s/%s", b->keep_dir, name);

	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

static void
pause_briefly(void)
{
	const struct timespec ts = { 0, KEEP_POLL_NS };

	nanosleep(&ts, NULL);
}

/* Whether process @pid is gone (a zombie of ours is reaped). */
static bool
gone(pid_t pid)
{
	if (waitpid(pid, NULL, WNOHANG) == pid) {
		return true;
	}
	return proc_ended(pid);
}

/**
 * board_keep_wait_gone() - wait until a QEMU this process cannot reap
 * has gone.
 * @pid: its process id.
 *
 * Return: 0 once gone; -ECHILD if @pid is this process's child (reap it
 * with waitpid()); -ETIMEDOUT after KEEP_GONE_MS.
 */
int
board_keep_wait_gone(pid_t pid)
{
	int64_t deadline = board_deadline(KEEP_GONE_MS);

	if (waitpid(pid, NULL, WNOHANG) >= 0 || errno != ECHILD) {
		return -ECHILD;
	}
	while (!proc_ended(pid)) {
		if (board_remaining(deadline) == 0) {
			return -ETIMEDOUT;
		}
		pause_briefly();
	}
	return 0;
}

/* Connect to the serial socket once; -errno of connect(). */
static int
connect_once(const struct board *b, int *fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s, err;

	if (board_keep_path(b, "serial", sa.sun_path, sizeof(sa.sun_path))) {
		return -ENAMETOOLONG;
	}
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		return -errno;
	}
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		err = -errno;
		close(s);
		return err;
	}
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	*fd = s;
	return 0;
}

/**
 * board_keep_connect() - connect to the board's serial socket.
 * @b:        the board: sets @b->serial.
 * @deadline: when to give up.
 *
 * A QEMU just started creates the socket after a moment: until it does,
 * and while QEMU runs, connecting is tried again every few milliseconds.
 *
 * Return: 0; -EPIPE if QEMU ended first; -ETIMEDOUT; -errno.
 */
int
board_keep_connect(struct board *b, int64_t deadline)
{
	int ret;

	for (;;) {
		ret = connect_once(b, &b->serial);
		if (ret == 0) {
			return 0;
		}
		if (ret != -ENOENT && ret != -ECONNREFUSED) {
			return board_fail(b, ret, "%s/serial: %s", b->keep_dir,
			    strerror(-ret));
		}
		if (b->pid > 0 && gone(b->pid)) {
			b->pid = -1;
			return board_fail(b, -EPIPE, "QEMU ended before its "
			    "serial socket %s/serial was up", b->keep_dir);
		}
		if (board_remaining(deadline) == 0) {
			return board_fail(b, -ETIMEDOUT, "no serial socket %s/"
			    "serial", b->keep_dir);
		}
		pause_briefly();
	}
}

/**
 * board_keep_save() - write the state file of a board that is up.
 * @b: the board (kept, its mailbox announced).
 *
 * Return: 0 or -errno.
 */
int
board_keep_save(struct board *b)
{
	char path[BOARD_PATH_MAX + 16], tmp[BOARD_PATH_MAX + 16];
	FILE *f;
	int err = 0;

	if (board_keep_path(b, KEEP_STATE, path, sizeof(path)) != 0 ||
	    board_keep_path(b, KEEP_STATE ".tmp", tmp, sizeof(tmp)) != 0) {
		return board_fail(b, -ENAMETOOLONG, "%s: name too long",
		    b->keep_dir);
	}
	f = fopen(tmp, "we");
	if (f == NULL) {
		err = -errno;
		return board_fail(b, err, "%s: %s", tmp, strerror(-err));
	}
	fprintf(f, "hv-board %ld %zu %llu %llu\n", (long)b->pid, b->ram_size,
	    (unsigned long long)b->mailbox_pa,
	    (unsigned long long)b->mailbox_size);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		err = -errno;
	}
	if (fclose(f) != 0 && err == 0) {
		err = -errno;
	}
	if (err == 0 && rename(tmp, path) != 0) {
		err = -errno;
	}
	if (err != 0) {
		unlink(tmp);
		return board_fail(b, err, "%s: %s", path, strerror(-err));
	}
	return 0;
}

/**
 * board_keep_remove() - remove the board's files.
 * @b: the board (kept).
 */
void
board_keep_remove(const struct board *b)
{
	static const char *const files[] = KEEP_FILES;
	char path[BOARD_PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (board_keep_path(b, files[i], path, sizeof(path)) == 0) {
			unlink(path);
		}
	}
}

/* Read the state file into @b: pid, RAM size, mailbox. */
static int
load_state(struct board *b)
{
	char path[BOARD_PATH_MAX + 16];
	unsigned long long pa, size;
	long pid;
	FILE *f;
	int n, err;

	if (board_keep_path(b, KEEP_STATE, path, sizeof(path)) != 0) {
		return board_fail(b, -ENAMETOOLONG, "%s: name too long",
		    b->keep_dir);
	}
	f = fopen(path, "re");
	if (f == NULL) {
		err = -errno;
		return board_fail(b, err, "no board kept in %s: %s: %s",
		    b->keep_dir, path, strerror(-err));
	}
	n = fscanf(f, "hv-board %ld %zu %llu %llu", &pid, &b->ram_size, &pa,
	    &size);
	fclose(f);
	if (n != 4 || pid <= 1 || b->ram_size == 0) {
		return board_fail(b, -EPROTO, "%s: not a board state line",
		    path);
	}
	b->pid = (pid_t)pid;
	b->mailbox_pa = pa;
	b->mailbox_size = size;
	return 0;
}

static int
map_ram(struct board *b)
{
	char path[BOARD_PATH_MAX + 16];
	int fd, err = 0;

	if (board_keep_path(b, "ram", path, sizeof(path)) != 0) {
		return board_fail(b, -ENAMETOOLONG, "%s: name too long",
		    b->keep_dir);
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		return board_fail(b, err, "%s: %s", path, strerror(-err));
	}
	b->ram = mmap(NULL, b->ram_size, PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, 0);
	if (b->ram == MAP_FAILED) {
		b->ram = NULL;
		err = -errno;
	}
	close(fd);
	return err != 0 ? board_fail(b, err, "%s: %s", path, strerror(-err)) :
	    0;
}

/* Keep the events on the ring; drop the replies meant for the last host. */
static int
take_up_ring(struct board *b)
{
	struct board_reply m;
	int ret;

	while ((ret = board_ring_take(b, &m)) == 1) {
		if (m.view.type >= ABI_MSG_CONSOLE_OUT &&
		    m.view.type <= ABI_MSG_EVENT_LAST) {
			board_queue_put(b, &m);
		} else {
			b->stray_replies++;
		}
	}
	return ret;
}

/**
 * board_reattach() - take up a kept board again.
 * @b:          the board.
 * @dir:        its directory.
 * @timeout_ms: longest wait for each reply.
 *
 * Return: 0 or -errno (board.h).
 */
int
board_reattach(struct board *b, const char *dir, int timeout_ms)
{
	struct timespec now;
	int ret;

	ret = board_init_kept(b, dir, timeout_ms);
	if (ret == 0) {
		ret = load_state(b);
	}
	if (ret == 0 && gone(b->pid)) {
		ret = board_fail(b, -ESRCH, "the board kept in %s is gone "
		    "(QEMU pid %ld); its files are removed", dir,
		    (long)b->pid);
		b->pid = -1;
		board_keep_remove(b);
	}
	if (ret == 0) {
		ret = map_ram(b);
	}
	if (ret == 0) {
		ret = board_keep_connect(b, board_deadline(b->timeout_ms));
	}
	if (ret == 0) {
		ret = board_mailbox_attach(b);
	}
	if (ret == 0) {
		ret = take_up_ring(b);
	}
	if (ret != 0) {
		b->pid = -1;	/* not ours to stop */
		board_detach(b);
		return ret;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	b->seq = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	return 0;
}

/**
 * board_detach() - let go of a kept board, leaving it running.
 * @b: the board.
 */
void
board_detach(struct board *b)
{
	if (!b->kept) {
		board_stop(b);
		return;
	}
	board_queue_fini(b);
	if (b->serial >= 0) {
		close(b->serial);
		b->serial = -1;
	}
	if (b->qemu_err >= 0) {
		close(b->qemu_err);
		b->qemu_err = -1;
	}
	if (b->ram != NULL) {
		munmap(b->ram, b->ram_size);
		b->ram = NULL;
	}
	b->pid = -1;
}
