/* SPDX-License-Identifier: ISC */
/*
 * board_serial.c - the serial line: boot text up to the mailbox
 * announcement, doorbell bytes after it (firmware/mailbox.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "board_impl.h"

/** BOARD_DOORBELL - the byte the host rings with (any byte would do). */
#define BOARD_DOORBELL		'!'

/*
 * Wait until the line is readable, then read what is there.  Return the
 * bytes read (> 0), -ETIMEDOUT, -EPIPE at end of file, or -errno.
 */
static ssize_t
serial_read(struct board *b, void *buf, size_t cap, int64_t deadline)
{
	struct pollfd p = { .fd = b->serial, .events = POLLIN };
	ssize_t n;
	int ret;

	for (;;) {
		n = read(b->serial, buf, cap);
		if (n > 0) {
			return n;
		}
		if (n == 0) {
			return -EPIPE;
		}
		if (errno != EAGAIN && errno != EINTR) {
			return -errno;
		}
		ret = poll(&p, 1, board_remaining(deadline));
		if (ret == 0) {
			return -ETIMEDOUT;
		}
		if (ret < 0 && errno != EINTR) {
			return -errno;
		}
	}
}

/* One complete line of boot text: is it the announcement? */
static int
serial_line(struct board *b)
{
	uint64_t pa, size;
	char *end;

	b->line[b->line_len] = '\0';
	if ((end = strchr(b->line, '\r')) != NULL) {
		*end = '\0';
	}
	memcpy(b->last_line, b->line, sizeof(b->last_line));
	b->line_len = 0;
	if (sscanf(b->line, "hvfw: mailbox at 0x%" SCNx64 " size 0x%" SCNx64,
	    &pa, &size) == 2) {
		b->mailbox_pa = pa;
		b->mailbox_size = size;
		return 1;
	}
	if (strstr(b->line, "halted") != NULL) {
		return board_fail(b, -EPIPE, "the firmware halted: \"%s\"",
		    b->line);
	}
	return 0;
}

/**
 * board_serial_announce() - read boot output until the announcement.
 * @b:        the board.
 * @deadline: when to give up.
 *
 * Reads one byte at a time: whatever follows the announcement is a
 * doorbell and must not be taken for text.
 *
 * Return: 0 or -errno.
 */
int
board_serial_announce(struct board *b, int64_t deadline)
{
	ssize_t n;
	char c;
	int ret;

	for (;;) {
		n = serial_read(b, &c, 1, deadline);
		if (n < 0) {
			return board_fail(b, (int)n, "no mailbox announcement "
			    "from the firmware: %s; last line: \"%s\"",
			    n == -ETIMEDOUT ? "timed out" :
			    n == -EPIPE ? "QEMU closed the serial line" :
			    strerror((int)-n), b->last_line);
		}
		if (c != '\n') {
			if (b->line_len < sizeof(b->line) - 1) {
				b->line[b->line_len++] = c;
			}
			continue;
		}
		ret = serial_line(b);
		if (ret != 0) {
			return ret < 0 ? ret : 0;
		}
	}
}

/**
 * board_serial_ring() - send one doorbell byte.
 * @b: the board.
 *
 * Return: 0 or -errno.
 */
int
board_serial_ring(struct board *b)
{
	const char c = BOARD_DOORBELL;
	ssize_t n;

	do {
		n = write(b->serial, &c, 1);
	} while (n < 0 && errno == EINTR);
	if (n != 1) {
		/* A full socket buffer is as good: the firmware will drain. */
		if (n < 0 && errno == EAGAIN) {
			return 0;
		}
		return board_fail(b, n < 0 ? -errno : -EIO, "doorbell: %s",
		    n < 0 ? strerror(errno) : "short write");
	}
	return 0;
}

/**
 * board_serial_wait() - wait for doorbell bytes from the firmware.
 * @b:        the board.
 * @deadline: when to give up.
 *
 * Waits one look at most (BOARD_LOOK_MS): a doorbell can be lost, since
 * QEMU drops what the firmware writes while no host is connected to a
 * kept board's serial socket, so a caller waiting on the rings looks at
 * them again now and then rather than trusting the doorbell alone.
 *
 * Return: 0 once bytes came; 1 if the look ended first; -ETIMEDOUT at
 * @deadline; -EPIPE; -errno.
 */
int
board_serial_wait(struct board *b, int64_t deadline)
{
	int64_t look = board_deadline(BOARD_LOOK_MS);
	char buf[64];
	ssize_t n;

	n = serial_read(b, buf, sizeof(buf), look < deadline ? look : deadline);
	if (n == -ETIMEDOUT && board_remaining(deadline) > 0) {
		return 1;
	}
	if (n < 0) {
		return board_fail(b, (int)n, "no doorbell from the firmware: "
		    "%s", n == -ETIMEDOUT ? "timed out" :
		    n == -EPIPE ? "QEMU closed the serial line" :
		    strerror((int)-n));
	}
	b->doorbells += (unsigned int)n;
	return 0;
}
