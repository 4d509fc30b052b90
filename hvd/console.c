/* SPDX-License-Identifier: ISC */
/*
 * console.c - a VM's console: log, tail, peers, typed input (console.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console.h"

struct console *
console_new(const char *dir, const char *name, uint64_t limit)
{
	struct console *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		return NULL;
	}
	if (asprintf(&c->path, "%s/%s.log", dir, name) < 0) {
		free(c);
		return NULL;
	}
	c->fd = -1;
	c->limit = limit;
	return c;
}

void
console_free(struct console *c)
{
	struct console_peer *p, *next;

	if (c == NULL) {
		return;
	}
	for (p = c->peers; p != NULL; p = next) {
		next = p->next;
		free(p);
	}
	if (c->fd >= 0) {
		close(c->fd);
	}
	free(c->path);
	free(c);
}

void
console_boot(struct console *c)
{
	c->tail_len = 0;
	c->tail_head = 0;
	c->input_len = 0;
}

/* Open the log for appending, learning its size. */
static int
console_open(struct console *c)
{
	struct stat st;

	c->fd = open(c->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (c->fd < 0) {
		return -errno;
	}
	c->size = fstat(c->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	return 0;
}

/* The log is full: it becomes .old and a new one starts. */
static int
console_rotate(struct console *c)
{
	char *old;
	int rc = 0;

	if (asprintf(&old, "%s.old", c->path) < 0) {
		return -ENOMEM;
	}
	close(c->fd);
	c->fd = -1;
	if (rename(c->path, old) < 0) {
		rc = -errno;
	}
	free(old);
	if (rc == 0) {
		rc = console_open(c);
	}
	return rc;
}

/*
 * Append to the log, rotating it first when it would pass half the limit.
 * More than half the limit at once goes in parts of half, so that neither
 * file ever holds more than half.
 */
static int
console_log(struct console *c, const uint8_t *bytes, size_t len)
{
	uint64_t half = c->limit / 2;
	size_t part;
	ssize_t n;
	int rc;

	if (c->fd < 0 && (rc = console_open(c)) < 0) {
		return rc;
	}
	while (len > 0) {
		part = half > 0 && len > half ? (size_t)half : len;
		if (c->size > 0 && c->size + part > half &&
		    (rc = console_rotate(c)) < 0) {
			return rc;
		}
		n = write(c->fd, bytes, part);
		if (n < 0) {
			return -errno;
		}
		c->size += (uint64_t)n;
		if ((size_t)n != part) {
			return -EIO;
		}
		bytes += part;
		len -= part;
	}
	return 0;
}

/* Keep the bytes in the tail ring. */
static void
console_keep(struct console *c, const uint8_t *bytes, size_t len)
{
	size_t n;

	if (len > CONSOLE_TAIL_MAX) {
		bytes += len - CONSOLE_TAIL_MAX;
		len = CONSOLE_TAIL_MAX;
	}
	while (len > 0) {
		n = CONSOLE_TAIL_MAX - c->tail_head;
		n = n < len ? n : len;
		memcpy(c->tail + c->tail_head, bytes, n);
		c->tail_head = (c->tail_head + n) % CONSOLE_TAIL_MAX;
		c->tail_len = c->tail_len + n > CONSOLE_TAIL_MAX ?
		    CONSOLE_TAIL_MAX : c->tail_len + n;
		bytes += n;
		len -= n;
	}
}

int
console_output(struct console *c, const void *bytes, size_t len)
{
	struct console_peer *p;

	c->written += len;
	console_keep(c, bytes, len);
	for (p = c->peers; p != NULL; p = p->next) {
		p->ops->data(p->ctx, bytes, len);
	}
	return console_log(c, bytes, len);
}

void
console_replay(const struct console *c, const struct console_peer_ops *ops,
    void *ctx)
{
	size_t start = (c->tail_head + CONSOLE_TAIL_MAX - c->tail_len) %
	    CONSOLE_TAIL_MAX;
	size_t first = CONSOLE_TAIL_MAX - start;

	if (c->tail_len == 0) {
		return;
	}
	if (first >= c->tail_len) {
		ops->data(ctx, c->tail + start, c->tail_len);
		return;
	}
	ops->data(ctx, c->tail + start, first);
	ops->data(ctx, c->tail, c->tail_len - first);
}

struct console_peer *
console_attach(struct console *c, const struct console_peer_ops *ops,
    void *ctx, bool replay)
{
	struct console_peer *p = malloc(sizeof(*p));

	if (p == NULL) {
		return NULL;
	}
	*p = (struct console_peer){ ops, ctx, c->peers };
	c->peers = p;
	if (replay) {
		console_replay(c, ops, ctx);
	}
	return p;
}

void
console_detach(struct console *c, struct console_peer *peer)
{
	struct console_peer **pp;

	for (pp = &c->peers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == peer) {
			*pp = peer->next;
			free(peer);
			return;
		}
	}
}

void
console_detach_ctx(struct console *c, void *ctx)
{
	struct console_peer **pp = &c->peers, *p;

	while ((p = *pp) != NULL) {
		if (p->ctx == ctx) {
			*pp = p->next;
			free(p);
		} else {
			pp = &p->next;
		}
	}
}

void
console_eof(struct console *c)
{
	struct console_peer *p;

	while ((p = c->peers) != NULL) {
		c->peers = p->next;
		p->ops->eof(p->ctx);
		free(p);
	}
}

int
console_input(struct console *c, const void *bytes, size_t len)
{
	if (len > CONSOLE_INPUT_MAX - c->input_len) {
		return -ENOBUFS;
	}
	memcpy(c->input + c->input_len, bytes, len);
	c->input_len += len;
	return 0;
}

void
console_input_taken(struct console *c, size_t len)
{
	if (len >= c->input_len) {
		c->input_len = 0;
		return;
	}
	memmove(c->input, c->input + len, c->input_len - len);
	c->input_len -= len;
}
