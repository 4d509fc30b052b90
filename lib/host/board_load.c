/* SPDX-License-Identifier: ISC */
/*
 * board_load.c - the board's RAM seen from the host: guest images written
 * into it, and what guests left there read back (board.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "board_impl.h"

/* Whether [pa, pa + len) lies inside RAM; its offset in @off if so. */
static bool
in_ram(const struct board *b, uint64_t pa, uint64_t len, size_t *off)
{
	uint64_t o = pa - BOARD_RAM_BASE;

	if (b->ram == NULL || pa < BOARD_RAM_BASE || o > b->ram_size ||
	    len > b->ram_size - o) {
		return false;
	}
	*off = (size_t)o;
	return true;
}

/* -ERANGE or -EPERM (board.h) for a load of [pa, pa + len), else 0. */
static int
load_check(struct board *b, uint64_t pa, uint64_t len)
{
	size_t off;

	if (!in_ram(b, pa, len, &off)) {
		return board_fail(b, -ERANGE, "load of 0x%llx bytes at PA "
		    "0x%llx: not inside RAM (0x%llx bytes at 0x%llx)",
		    (unsigned long long)len, (unsigned long long)pa,
		    (unsigned long long)b->ram_size, BOARD_RAM_BASE);
	}
	if (len != 0 && pa < b->mailbox_pa + b->mailbox_size &&
	    b->mailbox_pa < pa + len) {
		return board_fail(b, -EPERM, "load of 0x%llx bytes at PA "
		    "0x%llx: overlaps the mailbox", (unsigned long long)len,
		    (unsigned long long)pa);
	}
	return 0;
}

/**
 * board_ram_at() - the board's RAM at a PA.
 * @b:   the board.
 * @pa:  a PA.
 * @len: bytes from there.
 *
 * Return: the address, or NULL.
 */
void *
board_ram_at(struct board *b, uint64_t pa, size_t len)
{
	size_t off;

	if (!in_ram(b, pa, len, &off)) {
		return NULL;
	}
	return (unsigned char *)b->ram + off;
}

/**
 * board_load() - write bytes into the board's RAM.
 * @b:     the board.
 * @pa:    where.
 * @bytes: what.
 * @len:   how many.
 *
 * Return: 0, -ERANGE or -EPERM.
 */
int
board_load(struct board *b, uint64_t pa, const void *bytes, size_t len)
{
	int ret = load_check(b, pa, len);

	if (ret == 0 && len != 0) {
		memcpy(board_ram_at(b, pa, len), bytes, len);
	}
	return ret;
}

/* Read all @len bytes of @fd into @dst. */
static int
read_all(int fd, unsigned char *dst, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = read(fd, dst, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return -errno;
		}
		if (n == 0) {
			return -EIO;
		}
		dst += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * board_load_file() - copy a file into the board's RAM.
 * @b:    the board.
 * @pa:   where.
 * @path: the file.
 * @len:  set to its bytes, or NULL.
 *
 * Return: 0 or -errno.
 */
int
board_load_file(struct board *b, uint64_t pa, const char *path, size_t *len)
{
	struct stat st;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		return board_fail(b, ret, "%s: %s", path, strerror(-ret));
	}
	if (fstat(fd, &st) != 0) {
		ret = -errno;
		board_fail(b, ret, "%s: %s", path, strerror(-ret));
		goto out;
	}
	ret = load_check(b, pa, (uint64_t)st.st_size);
	if (ret != 0) {
		goto out;
	}
	ret = read_all(fd, board_ram_at(b, pa, (size_t)st.st_size),
	    (size_t)st.st_size);
	if (ret != 0) {
		board_fail(b, ret, "%s: %s", path, ret == -EIO ?
		    "shorter than it was" : strerror(-ret));
		goto out;
	}
	if (len != NULL) {
		*len = (size_t)st.st_size;
	}
out:
	close(fd);
	return ret;
}
