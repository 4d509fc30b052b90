/* SPDX-License-Identifier: ISC */
/*
 * board.c - start and stop a board: the RAM file, QEMU, the handshake on
 * the serial line and taking the mailbox up (board.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <hv/abi.h>

#include "board.h"
#include "board_impl.h"

#define BOARD_DEFAULT_TIMEOUT_MS	30000
#define BOARD_DEFAULT_RAM_MIB		1024u

/**
 * board_fail() - record what went wrong.
 * @b:   the board.
 * @err: the -errno to return.
 * @fmt: the message.
 *
 * Return: @err.
 */
int
board_fail(struct board *b, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->error, sizeof(b->error), fmt, ap);
	va_end(ap);
	return err;
}

/**
 * board_deadline() - now plus @timeout_ms.
 * @timeout_ms: milliseconds.
 *
 * Return: the deadline in milliseconds of the monotonic clock.
 */
int64_t
board_deadline(int timeout_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + timeout_ms;
}

/**
 * board_remaining() - milliseconds left until @deadline.
 * @deadline: from board_deadline().
 *
 * Return: 0..INT_MAX.
 */
int
board_remaining(int64_t deadline)
{
	int64_t left = deadline - board_deadline(0);

	if (left < 0) {
		return 0;
	}
	return left > INT_MAX ? INT_MAX : (int)left;
}

/**
 * board_error() - what went wrong last.
 * @b: the board.
 *
 * Return: the message.
 */
const char *
board_error(const struct board *b)
{
	return b->error;
}

/**
 * board_next_seq() - a fresh sequence number.
 * @b: the board.
 *
 * Return: the number.
 */
uint64_t
board_next_seq(struct board *b)
{
	return ++b->seq;
}

/* A sparse file of the RAM's size, mapped shared: QEMU maps it too. */
static int
ram_create(struct board *b, const struct board_config *cfg)
{
	const char *dir = cfg->tmpdir;
	int fd, err = 0;

	if (dir == NULL && (dir = getenv("TMPDIR")) == NULL) {
		dir = "/tmp";
	}
	if (b->kept) {
		dir = b->keep_dir;
	}
	if ((size_t)snprintf(b->ram_path, sizeof(b->ram_path), b->kept ?
	    "%s/ram" : "%s/hv-board-ram.XXXXXX", dir) >= sizeof(b->ram_path)) {
		b->ram_path[0] = '\0';
		return board_fail(b, -ENAMETOOLONG, "RAM file: %s: name too "
		    "long", dir);
	}
	fd = b->kept ? open(b->ram_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600) : mkstemp(b->ram_path);
	if (fd < 0) {
		err = -errno;
		b->ram_path[0] = '\0';
		if (err == -EEXIST) {
			/* Not ours: its files must outlive this failure. */
			b->kept = false;
			return board_fail(b, err, "a board is kept in %s "
			    "already", dir);
		}
		return board_fail(b, err, "RAM file in %s: %s", dir,
		    strerror(-err));
	}
	if (ftruncate(fd, (off_t)b->ram_size) != 0) {
		err = -errno;
	} else {
		b->ram = mmap(NULL, b->ram_size, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
		if (b->ram == MAP_FAILED) {
			b->ram = NULL;
			err = -errno;
		}
	}
	close(fd);
	if (err != 0) {
		return board_fail(b, err, "RAM file %s: %s", b->ram_path,
		    strerror(-err));
	}
	return 0;
}

static void
ram_remove(struct board *b)
{
	if (b->ram_path[0] != '\0') {
		unlink(b->ram_path);
		b->ram_path[0] = '\0';
	}
}

/**
 * board_mailbox_attach() - take the mailbox at @b->mailbox_pa up, once it
 * is known to lie inside RAM, and make the event queue.
 * @b: the board.
 *
 * Return: 0, -EPROTO or -ENOMEM (board_error() set).
 */
int
board_mailbox_attach(struct board *b)
{
	uint64_t off = b->mailbox_pa - BOARD_RAM_BASE;
	int ret;

	if (b->mailbox_pa < BOARD_RAM_BASE || off > b->ram_size ||
	    b->mailbox_size > b->ram_size - off ||
	    off % ABI_CACHE_LINE != 0) {
		return board_fail(b, -EPROTO, "mailbox at 0x%llx size 0x%llx "
		    "is not inside RAM", (unsigned long long)b->mailbox_pa,
		    (unsigned long long)b->mailbox_size);
	}
	ret = abi_mailbox_attach(&b->mb, ABI_SIDE_HOST,
	    (unsigned char *)b->ram + off, (size_t)b->mailbox_size);
	if (ret != 0) {
		return board_fail(b, ret == -EINVAL ? -EPROTO : ret,
		    "mailbox at 0x%llx: abi_mailbox_attach: %s",
		    (unsigned long long)b->mailbox_pa, strerror(-ret));
	}
	return board_queue_init(b);
}

static int
check_config(struct board *b, struct board_config *c)
{
	if (c->qemu == NULL || c->qemu[0] == '\0') {
		return board_fail(b, -EINVAL, "no QEMU given");
	}
	if (c->firmware == NULL || c->firmware[0] == '\0') {
		return board_fail(b, -EINVAL, "no firmware given");
	}
	c->cpu = c->cpu != NULL ? c->cpu : "cortex-a57";
	c->cpu_count = c->cpu_count != 0 ? c->cpu_count : 1;
	c->ram_mib = c->ram_mib != 0 ? c->ram_mib : BOARD_DEFAULT_RAM_MIB;
	c->timeout_ms = c->timeout_ms > 0 ? c->timeout_ms :
	    BOARD_DEFAULT_TIMEOUT_MS;
	return 0;
}

/**
 * board_start() - boot a board with hvfw serving the mailbox.
 * @b:   the board.
 * @cfg: what to start.
 *
 * Return: 0 or -errno (board.h).
 */
int
board_start(struct board *b, const struct board_config *cfg)
{
	struct board_config c = *cfg;
	int ret;

	ret = board_init_kept(b, c.keep_dir, c.timeout_ms);
	if (ret == 0) {
		ret = check_config(b, &c);
	}
	if (ret != 0) {
		b->kept = false;	/* nothing of it to remove */
		return ret;
	}
	b->timeout_ms = c.timeout_ms;
	b->ram_size = (size_t)c.ram_mib << 20;
	ret = ram_create(b, &c);
	if (ret == 0) {
		ret = board_qemu_spawn(b, &c);
	}
	if (ret == 0) {
		ret = board_serial_announce(b, board_deadline(c.timeout_ms));
		if (ret != 0) {
			board_qemu_stderr(b);
		}
	}
	if (ret == 0 && b->kept) {
		ret = board_keep_save(b);
	} else if (ret == 0) {
		/* QEMU has the file open: nothing needs its name now. */
		ram_remove(b);
	}
	if (ret == 0) {
		ret = board_mailbox_attach(b);
	}
	if (ret != 0) {
		/* Callers whose setup failed may never call board_stop(). */
		board_stop(b);
	}
	return ret;
}

/**
 * board_attach() - drive a mailbox that is already laid out.
 * @b:            the board.
 * @ram:          the RAM.
 * @ram_size:     its bytes.
 * @mailbox_pa:   PA of the mailbox.
 * @mailbox_size: its bytes.
 * @serial:       the doorbell line.
 * @timeout_ms:   longest wait for a reply; 0: the default.
 *
 * Return: 0 or -errno (board.h).
 */
int
board_attach(struct board *b, void *ram, size_t ram_size, uint64_t mailbox_pa,
    uint64_t mailbox_size, int serial, int timeout_ms)
{
	int ret;

	memset(b, 0, sizeof(*b));
	b->pid = -1;
	b->qemu_err = -1;
	b->borrowed = true;
	b->serial = serial;
	b->ram = ram;
	b->ram_size = ram_size;
	b->mailbox_pa = mailbox_pa;
	b->mailbox_size = mailbox_size;
	b->timeout_ms = timeout_ms > 0 ? timeout_ms : BOARD_DEFAULT_TIMEOUT_MS;
	fcntl(serial, F_SETFL, fcntl(serial, F_GETFL) | O_NONBLOCK);
	ret = board_mailbox_attach(b);
	if (ret != 0) {
		board_stop(b);
	}
	return ret;
}

/**
 * board_stop() - kill QEMU, unmap and remove the RAM file.
 * @b: the board.
 */
void
board_stop(struct board *b)
{
	board_queue_fini(b);
	if (b->borrowed) {
		/* RAM and serial line are the caller's (board_attach()). */
		b->ram = NULL;
		b->serial = -1;
		return;
	}
	board_qemu_stop(b);
	if (b->ram != NULL) {
		munmap(b->ram, b->ram_size);
		b->ram = NULL;
	}
	ram_remove(b);
	if (b->kept) {
		board_keep_remove(b);
	}
}

/**
 * board_init_kept() - a board with nothing open, kept in @dir if not NULL.
 * @b:          the board.
 * @dir:        board_config.keep_dir.
 * @timeout_ms: longest wait for each reply; 0: the default.
 *
 * Return: 0, or -ENAMETOOLONG for too long a @dir.
 */
int
board_init_kept(struct board *b, const char *dir, int timeout_ms)
{
	memset(b, 0, sizeof(*b));
	b->pid = -1;
	b->serial = b->qemu_err = -1;
	b->timeout_ms = timeout_ms > 0 ? timeout_ms : BOARD_DEFAULT_TIMEOUT_MS;
	if (dir == NULL) {
		return 0;
	}
	b->kept = true;
	if ((size_t)snprintf(b->keep_dir, sizeof(b->keep_dir), "%s", dir) >=
	    sizeof(b->keep_dir)) {
		return board_fail(b, -ENAMETOOLONG, "%s: name too long", dir);
	}
	return 0;
}
