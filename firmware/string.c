/* SPDX-License-Identifier: ISC */
/*
 * string.c - memset, memcpy and memmove: the only C library functions the
 * firmware provides, because the compiler may emit calls to them (struct
 * copies and zeroing) even with -ffreestanding -fno-builtin.
 *
 * Built with -fno-tree-loop-distribute-patterns so the compiler does not
 * turn these loops back into calls to themselves.
 */
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);

/**
 * memset() - fill memory with a byte.
 * @dst: the memory.
 * @c:   the byte (converted to unsigned char).
 * @n:   bytes.
 *
 * Return: @dst.
 */
void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0) {
		*d++ = (unsigned char)c;
	}
	return dst;
}

/**
 * memcpy() - copy memory between areas that do not overlap.
 * @dst: destination.
 * @src: source.
 * @n:   bytes.
 *
 * Return: @dst.
 */
void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0) {
		*d++ = *s++;
	}
	return dst;
}

/**
 * memmove() - copy memory between areas that may overlap.
 * @dst: destination.
 * @src: source.
 * @n:   bytes.
 *
 * Return: @dst.
 */
void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst before src, or no overlap: forwards is safe. */
		while (n-- > 0) {
			*d++ = *s++;
		}
	} else {
		while (n-- > 0) {
			d[n] = s[n];
		}
	}
	return dst;
}
