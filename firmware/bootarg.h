/* SPDX-License-Identifier: ISC */
/*
 * bootarg.h - the firmware's command line (QEMU -append, the DTB's
 * /chosen/bootargs): words separated by spaces, some of them key=value.
 *
 * The command line is input from outside the firmware: every parse is
 * bounds-checked, and a malformed word is reported and skipped, never
 * guessed at.  Portable C with no firmware dependencies (tested on the
 * host by tests/check_bootarg.c).
 */
#ifndef HVFW_BOOTARG_H
#define HVFW_BOOTARG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** BOOTARG_NAME_MAX - longest guest name, in characters. */
#define BOOTARG_NAME_MAX	15

/**
 * bootarg_has() - whether a word appears on the command line.
 * @args: the command line.
 * @word: the whole word ("hvfw.test=el2-fault").
 *
 * Return: true if some space-separated word of @args equals @word.
 */
bool bootarg_has(const char *args, const char *word);

/**
 * bootarg_next() - the next value of a key=value word.
 * @args: where to start looking: the command line, or what the previous
 *        call returned.
 * @key:  the key, without '=' ("hvfw.guest").
 * @val:  set to the value (after the '='), inside @args.
 * @len:  set to its length (up to the next space or the end).
 *
 * Return: where to go on looking for the next one, or NULL if there is
 * none (@val and @len are then unchanged).
 */
const char *bootarg_next(const char *args, const char *key, const char **val,
    size_t *len);

/**
 * struct bootarg_guest - one "hvfw.guest=NAME@ADDR+SIZE[:ARG]" value.
 * @name: NAME: 1..BOOTARG_NAME_MAX of [A-Za-z0-9._-], NUL-terminated.
 * @pa:   ADDR: where the guest's image is, and its RAM starts.
 * @size: SIZE: bytes of RAM.
 * @arg:  ARG: what the guest finds in x1 at entry (0 without ":ARG").
 */
struct bootarg_guest {
	char name[BOOTARG_NAME_MAX + 1];
	uint64_t pa;
	uint64_t size;
	uint64_t arg;
};

/**
 * bootarg_guest() - parse a guest's value.
 * @val: the value ("hello@0x48000000+16M", "probe@0x48000000+16M:0x0"),
 *       not necessarily terminated.
 * @len: its length.
 * @g:   filled in on success.
 * @why: on failure, set to what is wrong, in words.
 *
 * ADDR, SIZE and ARG are decimal or 0x-prefixed hexadecimal, at most 64
 * bits; SIZE may end in K, M or G (binary multiples).  ADDR and SIZE must
 * be multiples of 4 KiB, SIZE non-zero, and ADDR + SIZE must not wrap.
 * Whether the range is usable RAM is the caller's to check.
 *
 * Return: 0, or -EINVAL.
 */
int bootarg_guest(const char *val, size_t len, struct bootarg_guest *g,
    const char **why);

/**
 * bootarg_number() - parse a value that is one number.
 * @val: the value ("2", "0x10"), not necessarily terminated.
 * @len: its length.
 * @out: set to the number on success.
 *
 * Decimal, or hexadecimal after "0x"; at most 64 bits; nothing else.
 *
 * Return: 0, or -EINVAL (@out unchanged).
 */
int bootarg_number(const char *val, size_t len, uint64_t *out);

/** BOOTARG_SHOW_MAX - characters of a value bootarg_show() copies. */
#define BOOTARG_SHOW_MAX	64

/**
 * bootarg_show() - a value made safe to print in a report.
 * @val: the value, not necessarily terminated.
 * @len: its length.
 * @buf: BOOTARG_SHOW_MAX + 4 bytes: gets the value, each byte outside
 *       '!'..'~' as '?', cut at BOOTARG_SHOW_MAX characters with "...",
 *       NUL-terminated.
 *
 * Return: @buf.
 */
char *bootarg_show(const char *val, size_t len, char *buf);

#endif /* HVFW_BOOTARG_H */
