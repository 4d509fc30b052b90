/* SPDX-License-Identifier: ISC */
/*
 * memtest.c - a guest that writes a pattern over all of its RAM but its
 * own image and stack, and reads it back: "memtest pass N KiB", or
 * "memtest FAIL at IPA ...".
 *
 * Two passes, each writing every word before reading any back: a word's
 * own address mixed by a multiplier, then its complement.  A stage-2 map
 * that sent two IPAs to one PA, or one that lost writes, shows as a word
 * that does not read back what was written to it.
 */
#include <stdint.h>

#include "rt.h"

/** MEMTEST_ALIGN - the test starts at the next 64 KiB after the image. */
#define MEMTEST_ALIGN	0x10000ull
#define MEMTEST_MIX	0x9e3779b97f4a7c15ull

static uint64_t
pattern(const volatile uint64_t *p, uint64_t flip)
{
	return ((uint64_t)(uintptr_t)p * MEMTEST_MIX) ^ flip;
}

static void
fill(volatile uint64_t *lo, volatile uint64_t *hi, uint64_t flip)
{
	volatile uint64_t *p;

	for (p = lo; p < hi; p++) {
		*p = pattern(p, flip);
	}
}

/* The first word that does not hold its pattern, or NULL. */
static volatile uint64_t *
check(volatile uint64_t *lo, volatile uint64_t *hi, uint64_t flip)
{
	volatile uint64_t *p;

	for (p = lo; p < hi; p++) {
		if (*p != pattern(p, flip)) {
			return p;
		}
	}
	return 0;
}

/**
 * guest_main() - test [end of image, end of RAM).
 * @ram_size: bytes of RAM from RT_RAM_BASE.
 */
void
guest_main(uint64_t ram_size)
{
	uint64_t start = ((uint64_t)(uintptr_t)__image_end +
	    MEMTEST_ALIGN - 1) & ~(MEMTEST_ALIGN - 1);
	uint64_t end = RT_RAM_BASE + ram_size;
	volatile uint64_t *lo = (volatile uint64_t *)(uintptr_t)start;
	volatile uint64_t *hi = (volatile uint64_t *)(uintptr_t)end;
	volatile uint64_t *bad = 0;
	uint64_t flip, want = 0;

	if (end <= start) {
		rt_puts("memtest FAIL: no RAM after the image\n");
		return;
	}
	for (flip = 0; bad == 0 && flip < 2; flip++) {
		want = flip ? ~(uint64_t)0 : 0;
		fill(lo, hi, want);
		bad = check(lo, hi, want);
	}
	if (bad != 0) {
		rt_puts("memtest FAIL at IPA ");
		rt_put_hex((uint64_t)(uintptr_t)bad);
		rt_puts(": read ");
		rt_put_hex(*bad);
		rt_puts(", wrote ");
		rt_put_hex(pattern(bad, want));
		rt_putc('\n');
		return;
	}
	rt_puts("memtest pass ");
	rt_put_dec((int64_t)((end - start) >> 10));
	rt_puts(" KiB\n");
}
