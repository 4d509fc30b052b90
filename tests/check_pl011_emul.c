/* SPDX-License-Identifier: ISC */
/*
 * check_pl011_emul.c - tests of the PL011 each guest sees
 * (firmware/pl011_emul.c): flags, control registers, identification,
 * access widths, how transmitted bytes become chunks of output, the
 * receive FIFO with the flags and interrupts that follow it, and breaks.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pl011_emul.h"

#define CHUNKS_MAX	64

/* Everything the UART handed over, back to back, and where chunks end. */
static uint8_t out[CHUNKS_MAX * PL011_EMUL_OUT_MAX];
static size_t out_len;
static size_t chunk_len[CHUNKS_MAX];
static unsigned int chunks;
static struct pl011_emul u;

static void
collect(void *arg, const uint8_t *bytes, size_t len)
{
	ck_assert_ptr_eq(arg, &u);
	ck_assert_uint_ge(len, 1);
	ck_assert_uint_le(len, PL011_EMUL_OUT_MAX);
	ck_assert_uint_lt(chunks, CHUNKS_MAX);
	memcpy(out + out_len, bytes, len);
	out_len += len;
	chunk_len[chunks++] = len;
}

static void
setup(void)
{
	out_len = 0;
	chunks = 0;
	pl011_emul_init(&u, collect, &u);
}

/* The output so far as text, each chunk followed by '|'. */
static const char *
chunks_text(void)
{
	static char text[sizeof(out) + CHUNKS_MAX + 1];
	size_t at = 0, n = 0;
	unsigned int i;

	for (i = 0; i < chunks; i++) {
		memcpy(text + n, out + at, chunk_len[i]);
		n += chunk_len[i];
		at += chunk_len[i];
		text[n++] = '|';
	}
	text[n] = '\0';
	return text;
}

static void
send(const char *s)
{
	while (*s != '\0') {
		pl011_emul_write(&u, PL011_DR, 4, (uint8_t)*s++);
	}
}

static void
input(const char *s)
{
	ck_assert_int_eq(pl011_emul_input(&u, (const uint8_t *)s, strlen(s)),
	    0);
}

static void
input_break(void)
{
	ck_assert_int_eq(pl011_emul_break(&u), 0);
}

static uint32_t
reg(unsigned int off)
{
	return (uint32_t)pl011_emul_read(&u, off, 4);
}

START_TEST(flags_say_tx_empty_rx_empty_not_busy)
{
	uint64_t fr = pl011_emul_read(&u, PL011_FR, 4);

	ck_assert_uint_eq(fr, PL011_FR_TXFE | PL011_FR_RXFE);
	ck_assert_uint_eq(fr & (PL011_FR_TXFF | PL011_FR_RXFF |
	    PL011_FR_BUSY), 0);
	send("busy?");
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_FR, 4), fr);
}
END_TEST

START_TEST(data_register_reads_zero_when_nothing_received)
{
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 1), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 8), 0);
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(pl011_emul_rx_room(&u), PL011_EMUL_RX_MAX);
}
END_TEST

START_TEST(reset_values_are_the_trm_ones)
{
	ck_assert_uint_eq(reg(PL011_CR), 0x300);
	ck_assert_uint_eq(reg(PL011_IFLS), 0x12);
	ck_assert_uint_eq(reg(PL011_IBRD), 0);
	ck_assert_uint_eq(reg(PL011_LCR_H), 0);
	ck_assert_uint_eq(reg(PL011_IMSC), 0);
}
END_TEST

START_TEST(control_registers_read_back_their_bits)
{
	static const struct {
		unsigned int off;
		uint32_t mask;
	} regs[] = {
		{ PL011_IBRD, 0xffff }, { PL011_FBRD, 0x3f },
		{ PL011_LCR_H, 0xff }, { PL011_CR, 0xff87 },
		{ PL011_IFLS, 0x3f }, { PL011_IMSC, 0x7ff },
		{ PL011_DMACR, 0x7 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		pl011_emul_write(&u, regs[i].off, 4, 0xffffffffu);
		ck_assert_uint_eq(reg(regs[i].off), regs[i].mask);
		pl011_emul_write(&u, regs[i].off, 4, 0x5a5a5a5au);
		ck_assert_uint_eq(reg(regs[i].off), 0x5a5a5a5au & regs[i].mask);
	}
	ck_assert_uint_eq(chunks, 0);
}
END_TEST

START_TEST(write_only_and_reserved_offsets_read_zero)
{
	pl011_emul_write(&u, PL011_ICR, 4, 0x7ff);
	pl011_emul_write(&u, PL011_RSR, 4, 0xf);
	pl011_emul_write(&u, 0x100, 4, 0xffffffffu);
	ck_assert_uint_eq(reg(PL011_ICR), 0);
	ck_assert_uint_eq(reg(PL011_RSR), 0);
	ck_assert_uint_eq(reg(0x100), 0);
	ck_assert_uint_eq(reg(0xfdc), 0);
	ck_assert_uint_eq(chunks, 0);
}
END_TEST

START_TEST(only_tx_interrupt_is_raised_when_idle)
{
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX);
	ck_assert_uint_eq(reg(PL011_MIS), 0);
	ck_assert(!pl011_emul_irq_level(&u));
	/* Writing ICR cannot clear it: the transmit FIFO stays empty. */
	pl011_emul_write(&u, PL011_ICR, 4, 0x7ff);
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX);
	pl011_emul_write(&u, PL011_IMSC, 4, PL011_INT_TX);
	ck_assert_uint_eq(reg(PL011_MIS), PL011_INT_TX);
	ck_assert(pl011_emul_irq_level(&u));
}
END_TEST

START_TEST(primecell_ids_are_a_pl011s)
{
	static const uint8_t want[8] = {
		0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
	};
	unsigned int i;

	for (i = 0; i < 8; i++) {
		ck_assert_uint_eq(reg(PL011_PERIPHID0 + 4 * i), want[i]);
		pl011_emul_write(&u, PL011_PERIPHID0 + 4 * i, 4, 0);
		ck_assert_uint_eq(pl011_emul_read(&u, PL011_PERIPHID0 + 4 * i,
		    1), want[i]);
	}
}
END_TEST

START_TEST(narrow_accesses_use_byte_lanes)
{
	pl011_emul_write(&u, PL011_IBRD, 4, 0x1234);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 1), 0x34);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD + 1, 1), 0x12);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 2), 0x1234);
	pl011_emul_write(&u, PL011_IBRD + 1, 1, 0xab);
	ck_assert_uint_eq(reg(PL011_IBRD), 0xab34);
	pl011_emul_write(&u, PL011_IBRD, 2, 0x5678);
	ck_assert_uint_eq(reg(PL011_IBRD), 0x5678);
	pl011_emul_write(&u, PL011_IBRD, 8, 0xffffffff00000042ull);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_IBRD, 8), 0x42);
}
END_TEST

START_TEST(chunks_end_after_newline_with_cr_kept)
{
	send("hello from vm\r\nsecond");
	ck_assert_str_eq(chunks_text(), "hello from vm\r\n|");
	send(" line\n\n");
	ck_assert_str_eq(chunks_text(),
	    "hello from vm\r\n|second line\n|\n|");
	ck_assert_uint_eq(chunks, 3);
}
END_TEST

START_TEST(byte_writes_and_stray_lanes)
{
	pl011_emul_write(&u, PL011_DR, 1, 'a');
	pl011_emul_write(&u, PL011_DR, 2, 0x4142);
	pl011_emul_write(&u, PL011_DR, 8, 0x4142434445464748ull);
	/* A byte in DR's second lane is not a character. */
	pl011_emul_write(&u, PL011_DR + 1, 1, 'x');
	pl011_emul_write(&u, PL011_DR + 2, 2, 'y');
	pl011_emul_write(&u, PL011_DR, 1, '\n');
	ck_assert_str_eq(chunks_text(), "aBH\n|");
}
END_TEST

START_TEST(every_byte_value_passes_unchanged)
{
	uint8_t all[256];
	unsigned int i;

	for (i = 0; i < 256; i++) {
		all[i] = (uint8_t)i;
		pl011_emul_write(&u, PL011_DR, 1, i);
	}
	/* 0x00..0x0a end at the newline; the rest wait for a flush. */
	ck_assert_uint_eq(chunks, 1);
	ck_assert_uint_eq(chunk_len[0], '\n' + 1);
	pl011_emul_flush(&u);
	ck_assert_uint_eq(chunks, 2);
	ck_assert_uint_eq(chunk_len[1], 255 - '\n');
	ck_assert_uint_eq(out_len, 256);
	ck_assert_mem_eq(out, all, 256);
}
END_TEST

START_TEST(escape_sequences_and_nul_are_not_filtered)
{
	static const uint8_t raw[] = { 0x1b, '[', '2', 'J', 0x7f, 0x80, 0xff,
	    '\t', 0x00, '\r', 'k', '\n' };
	unsigned int i;

	for (i = 0; i < sizeof(raw); i++) {
		pl011_emul_write(&u, PL011_DR, 1, raw[i]);
	}
	ck_assert_uint_eq(chunks, 1);
	ck_assert_uint_eq(out_len, sizeof(raw));
	ck_assert_mem_eq(out, raw, sizeof(raw));
}
END_TEST

START_TEST(long_output_is_cut_at_out_max_and_flush_ends_it)
{
	uint8_t want[PL011_EMUL_OUT_MAX + 5];
	unsigned int i;

	for (i = 0; i < sizeof(want); i++) {
		want[i] = (uint8_t)('a' + i % 26);
		pl011_emul_write(&u, PL011_DR, 4, want[i]);
		/* The cut comes with the byte that fills the chunk. */
		ck_assert_uint_eq(chunks, i + 1 >= PL011_EMUL_OUT_MAX);
	}
	ck_assert_uint_eq(chunk_len[0], PL011_EMUL_OUT_MAX);
	pl011_emul_flush(&u);
	ck_assert_uint_eq(chunks, 2);
	ck_assert_uint_eq(chunk_len[1], 5);
	pl011_emul_flush(&u);
	ck_assert_uint_eq(chunks, 2);
	ck_assert_uint_eq(out_len, sizeof(want));
	ck_assert_mem_eq(out, want, sizeof(want));
}
END_TEST

START_TEST(newline_as_last_byte_of_a_full_chunk_ends_one_chunk)
{
	unsigned int i;

	for (i = 0; i < PL011_EMUL_OUT_MAX - 1; i++) {
		pl011_emul_write(&u, PL011_DR, 4, 'x');
	}
	ck_assert_uint_eq(chunks, 0);
	pl011_emul_write(&u, PL011_DR, 4, '\n');
	ck_assert_uint_eq(chunks, 1);
	ck_assert_uint_eq(chunk_len[0], PL011_EMUL_OUT_MAX);
	ck_assert_uint_eq(out[PL011_EMUL_OUT_MAX - 1], '\n');
	pl011_emul_flush(&u);
	ck_assert_uint_eq(chunks, 1);
	/* A newline just after a cut is a chunk of its own. */
	for (i = 0; i < PL011_EMUL_OUT_MAX; i++) {
		pl011_emul_write(&u, PL011_DR, 4, 'y');
	}
	pl011_emul_write(&u, PL011_DR, 4, '\n');
	ck_assert_uint_eq(chunks, 3);
	ck_assert_uint_eq(chunk_len[1], PL011_EMUL_OUT_MAX);
	ck_assert_uint_eq(chunk_len[2], 1);
	ck_assert_uint_eq(out[out_len - 1], '\n');
}
END_TEST

START_TEST(flush_hands_over_a_prompt_and_nothing_when_empty)
{
	pl011_emul_flush(&u);
	ck_assert_uint_eq(chunks, 0);
	send("login: ");
	ck_assert_uint_eq(chunks, 0);
	pl011_emul_flush(&u);
	ck_assert_str_eq(chunks_text(), "login: |");
	pl011_emul_flush(&u);
	ck_assert_uint_eq(chunks, 1);
	send("x\n");
	ck_assert_str_eq(chunks_text(), "login: |x\n|");
}
END_TEST

START_TEST(received_bytes_are_read_in_order)
{
	input("abc");
	input("de");
	ck_assert(pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(pl011_emul_rx_room(&u), PL011_EMUL_RX_MAX - 5);
	ck_assert_uint_eq(reg(PL011_DR), 'a');
	ck_assert_uint_eq(reg(PL011_DR), 'b');
	input("f");
	ck_assert_uint_eq(reg(PL011_DR), 'c');
	ck_assert_uint_eq(reg(PL011_DR), 'd');
	ck_assert_uint_eq(reg(PL011_DR), 'e');
	ck_assert(pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(reg(PL011_DR), 'f');
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(reg(PL011_DR), 0);
	ck_assert_uint_eq(pl011_emul_rx_room(&u), PL011_EMUL_RX_MAX);
	/* Receiving is not transmitting. */
	ck_assert_uint_eq(chunks, 0);
}
END_TEST

START_TEST(received_bytes_keep_every_value)
{
	uint8_t all[256];
	unsigned int i;

	for (i = 0; i < 256; i++) {
		all[i] = (uint8_t)(255 - i);
	}
	ck_assert_int_eq(pl011_emul_input(&u, all, sizeof(all)), 0);
	for (i = 0; i < 256; i++) {
		/* DR's error bits (8..11) stay 0. */
		ck_assert_uint_eq(reg(PL011_DR), all[i]);
	}
	ck_assert_uint_eq(reg(PL011_FR) & PL011_FR_RXFE, PL011_FR_RXFE);
}
END_TEST

START_TEST(input_is_all_or_nothing_at_the_boundary)
{
	uint8_t buf[PL011_EMUL_RX_MAX + 1];
	size_t i, room;

	for (i = 0; i < sizeof(buf); i++) {
		buf[i] = (uint8_t)(i % 251);
	}
	ck_assert_int_eq(pl011_emul_input(&u, buf, PL011_EMUL_RX_MAX + 1),
	    -EAGAIN);
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_int_eq(pl011_emul_input(&u, buf, 1000), 0);
	room = pl011_emul_rx_room(&u);
	ck_assert_uint_eq(room, PL011_EMUL_RX_MAX - 1000);
	ck_assert_int_eq(pl011_emul_input(&u, buf + 1000, room + 1), -EAGAIN);
	ck_assert_uint_eq(pl011_emul_rx_room(&u), room);
	ck_assert_uint_eq(reg(PL011_FR) & PL011_FR_RXFF, 0);
	ck_assert_int_eq(pl011_emul_input(&u, buf + 1000, room), 0);
	ck_assert_uint_eq(pl011_emul_rx_room(&u), 0);
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFF);
	ck_assert_int_eq(pl011_emul_input(&u, buf, 1), -EAGAIN);
	ck_assert_int_eq(pl011_emul_input(&u, buf, 0), 0);
	/* Nothing of the refused inputs was taken: the FIFO is buf. */
	for (i = 0; i < PL011_EMUL_RX_MAX; i++) {
		ck_assert_uint_eq(reg(PL011_DR), buf[i]);
	}
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
}
END_TEST

START_TEST(fifo_wraps_around_in_order)
{
	uint8_t buf[300];
	unsigned int round, i, next = 0, want = 0;

	/*
	 * Keep 700 bytes waiting while 20 * 300 pass through; the bytes
	 * count modulo 251 so that a byte left from an earlier turn of the
	 * ring never equals the one that should be there now.
	 */
	for (i = 0; i < 700; i++) {
		buf[0] = (uint8_t)(next++ % 251);
		ck_assert_int_eq(pl011_emul_input(&u, buf, 1), 0);
	}
	for (round = 0; round < 20; round++) {
		for (i = 0; i < sizeof(buf); i++) {
			buf[i] = (uint8_t)(next++ % 251);
		}
		ck_assert_int_eq(pl011_emul_input(&u, buf, sizeof(buf)), 0);
		ck_assert_int_eq(pl011_emul_input(&u, buf, sizeof(buf)),
		    -EAGAIN);
		for (i = 0; i < sizeof(buf); i++) {
			ck_assert_uint_eq(reg(PL011_DR), want++ % 251);
		}
		ck_assert_uint_eq(pl011_emul_rx_room(&u),
		    PL011_EMUL_RX_MAX - 700);
	}
	while (want < next) {
		ck_assert_uint_eq(reg(PL011_DR), want++ % 251);
	}
	ck_assert(!pl011_emul_rx_pending(&u));
}
END_TEST

START_TEST(flags_and_interrupts_follow_the_receive_fifo)
{
	const uint32_t rx = PL011_INT_RX | PL011_INT_RT;

	pl011_emul_write(&u, PL011_IMSC, 4, rx);
	ck_assert_uint_eq(reg(PL011_MIS), 0);
	ck_assert(!pl011_emul_irq_level(&u));

	input("xy");
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE);
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX | rx);
	ck_assert_uint_eq(reg(PL011_MIS), rx);
	ck_assert(pl011_emul_irq_level(&u));

	/* Clearing does not hide bytes that still wait. */
	pl011_emul_write(&u, PL011_ICR, 4, 0x7ff);
	ck_assert_uint_eq(reg(PL011_MIS), rx);
	/* Neither do reads of other registers, or of DR's upper lanes. */
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR + 1, 1), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR + 2, 2), 0);
	ck_assert_uint_eq(reg(PL011_RSR), 0);

	ck_assert_uint_eq(reg(PL011_DR), 'x');
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX | rx);
	ck_assert_uint_eq(reg(PL011_DR), 'y');
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX);
	ck_assert_uint_eq(reg(PL011_MIS), 0);
	ck_assert(!pl011_emul_irq_level(&u));

	/* Only the unmasked ones count. */
	pl011_emul_write(&u, PL011_IMSC, 4, PL011_INT_RT);
	input("z");
	ck_assert_uint_eq(reg(PL011_MIS), PL011_INT_RT);
	ck_assert(pl011_emul_irq_level(&u));
	pl011_emul_write(&u, PL011_IMSC, 4, 0);
	ck_assert(!pl011_emul_irq_level(&u));
	ck_assert(pl011_emul_rx_pending(&u));
}
END_TEST

START_TEST(data_register_reads_one_byte_at_every_width)
{
	input("\x81\x82\x83\x84");
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 1), 0x81);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 2), 0x82);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 4), 0x83);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 8), 0x84);
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 1), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 2), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 4), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 8), 0);
}
END_TEST

START_TEST(input_arrives_whatever_cr_says_quirk)
{
	/* UARTEN, TXE and RXE off: a real PL011 would receive nothing. */
	pl011_emul_write(&u, PL011_CR, 4, 0);
	input("q");
	ck_assert_int_eq(pl011_emul_break(&u), 0);
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE);
	ck_assert_uint_eq(reg(PL011_DR), 'q');
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
}
END_TEST

START_TEST(break_reads_as_zero_with_the_break_error_bit)
{
	input_break();
	ck_assert(pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE);
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
	ck_assert(!pl011_emul_rx_pending(&u));

	/* In order with the bytes around it; two breaks are two entries. */
	input("a");
	input_break();
	input("b");
	input_break();
	input_break();
	ck_assert_uint_eq(pl011_emul_rx_room(&u), PL011_EMUL_RX_MAX - 5);
	ck_assert_uint_eq(reg(PL011_DR), 'a');
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
	ck_assert_uint_eq(reg(PL011_DR), 'b');
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 8), PL011_DR_BE);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 2), PL011_DR_BE);
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(reg(PL011_DR), 0);
	/* Receiving is not transmitting. */
	ck_assert_uint_eq(chunks, 0);
}
END_TEST

START_TEST(break_error_stays_in_rsr_until_ecr_is_written)
{
	input_break();
	input("c");
	/* RSR tells of the characters read from DR, not of those waiting. */
	ck_assert_uint_eq(reg(PL011_RSR), 0);
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
	ck_assert_uint_eq(reg(PL011_RSR), PL011_RSR_BE);
	ck_assert_uint_eq(reg(PL011_DR), 'c');
	ck_assert_uint_eq(reg(PL011_RSR), PL011_RSR_BE);
	/* Clearing interrupts is not clearing errors. */
	pl011_emul_write(&u, PL011_ICR, 4, 0x7ff);
	ck_assert_uint_eq(reg(PL011_RSR), PL011_RSR_BE);
	/* Any write to ECR is, whatever its value and width. */
	pl011_emul_write(&u, PL011_ECR, 1, 0);
	ck_assert_uint_eq(reg(PL011_RSR), 0);

	/*
	 * A byte read of DR takes the break and leaves its error to RSR; a
	 * read of DR's upper lanes alone takes nothing and shows nothing.
	 */
	input_break();
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR + 1, 1), 0);
	ck_assert(pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(reg(PL011_RSR), 0);
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_DR, 1), 0);
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(pl011_emul_read(&u, PL011_RSR, 1), PL011_RSR_BE);
	pl011_emul_write(&u, PL011_ECR, 4, 0xffffffffu);
	ck_assert_uint_eq(reg(PL011_RSR), 0);
}
END_TEST

START_TEST(break_interrupt_latches_until_icr_clears_it)
{
	const uint32_t rx = PL011_INT_RX | PL011_INT_RT;

	pl011_emul_write(&u, PL011_IMSC, 4, PL011_INT_BE);
	ck_assert(!pl011_emul_irq_level(&u));
	input_break();
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX | rx | PL011_INT_BE);
	ck_assert_uint_eq(reg(PL011_MIS), PL011_INT_BE);
	ck_assert(pl011_emul_irq_level(&u));

	/* Taking the break out of the FIFO leaves the event raised... */
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX | PL011_INT_BE);
	/* ...and so do ECR and ICR's other bits... */
	pl011_emul_write(&u, PL011_ECR, 4, 0);
	pl011_emul_write(&u, PL011_ICR, 4, 0x1ff);
	ck_assert_uint_eq(reg(PL011_MIS), PL011_INT_BE);
	pl011_emul_write(&u, PL011_ICR, 1, 0xff);
	ck_assert(pl011_emul_irq_level(&u));
	/* ...until BEIC is written, here in its own byte lane. */
	pl011_emul_write(&u, PL011_ICR + 1, 1, PL011_INT_BE >> 8);
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX);
	ck_assert(!pl011_emul_irq_level(&u));

	/* Cleared while the break still waits: the FIFO's own stay. */
	input_break();
	pl011_emul_write(&u, PL011_ICR, 4, PL011_INT_BE);
	ck_assert_uint_eq(reg(PL011_RIS), PL011_INT_TX | rx);
	ck_assert(!pl011_emul_irq_level(&u));
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
}
END_TEST

START_TEST(break_takes_one_entry_and_a_full_fifo_refuses_it)
{
	uint8_t buf[PL011_EMUL_RX_MAX - 1];
	size_t i;

	memset(buf, 'z', sizeof(buf));
	ck_assert_int_eq(pl011_emul_input(&u, buf, sizeof(buf)), 0);
	input_break();
	ck_assert_uint_eq(pl011_emul_rx_room(&u), 0);
	ck_assert_uint_eq(reg(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFF);
	pl011_emul_write(&u, PL011_ICR, 4, PL011_INT_BE);
	/* Refused: no entry, no interrupt. */
	ck_assert_int_eq(pl011_emul_break(&u), -EAGAIN);
	ck_assert_uint_eq(reg(PL011_RIS) & PL011_INT_BE, 0);
	ck_assert_int_eq(pl011_emul_input(&u, buf, 1), -EAGAIN);
	for (i = 0; i < sizeof(buf); i++) {
		ck_assert_uint_eq(reg(PL011_DR), 'z');
	}
	ck_assert_uint_eq(reg(PL011_RSR), 0);
	ck_assert_uint_eq(reg(PL011_DR), PL011_DR_BE);
	ck_assert(!pl011_emul_rx_pending(&u));
	ck_assert_uint_eq(reg(PL011_DR), 0);
}
END_TEST

START_TEST(loopback_does_not_loop_quirk)
{
	pl011_emul_write(&u, PL011_CR, 4, 0x381);	/* LBE on */
	send("e\n");
	ck_assert_str_eq(chunks_text(), "e\n|");
	ck_assert(!pl011_emul_rx_pending(&u));
}
END_TEST

static Suite *
pl011_emul_suite(void)
{
	Suite *s = suite_create("pl011_emul");
	TCase *regs = tcase_create("registers");
	TCase *tx = tcase_create("transmit");
	TCase *rx = tcase_create("receive");
	TCase *brk = tcase_create("break");

	tcase_add_checked_fixture(regs, setup, NULL);
	tcase_add_test(regs, flags_say_tx_empty_rx_empty_not_busy);
	tcase_add_test(regs, data_register_reads_zero_when_nothing_received);
	tcase_add_test(regs, reset_values_are_the_trm_ones);
	tcase_add_test(regs, control_registers_read_back_their_bits);
	tcase_add_test(regs, write_only_and_reserved_offsets_read_zero);
	tcase_add_test(regs, only_tx_interrupt_is_raised_when_idle);
	tcase_add_test(regs, primecell_ids_are_a_pl011s);
	tcase_add_test(regs, narrow_accesses_use_byte_lanes);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(tx, setup, NULL);
	tcase_add_test(tx, chunks_end_after_newline_with_cr_kept);
	tcase_add_test(tx, byte_writes_and_stray_lanes);
	tcase_add_test(tx, every_byte_value_passes_unchanged);
	tcase_add_test(tx, escape_sequences_and_nul_are_not_filtered);
	tcase_add_test(tx, long_output_is_cut_at_out_max_and_flush_ends_it);
	tcase_add_test(tx, newline_as_last_byte_of_a_full_chunk_ends_one_chunk);
	tcase_add_test(tx, flush_hands_over_a_prompt_and_nothing_when_empty);
	tcase_add_test(tx, loopback_does_not_loop_quirk);
	suite_add_tcase(s, tx);

	tcase_add_checked_fixture(rx, setup, NULL);
	tcase_add_test(rx, received_bytes_are_read_in_order);
	tcase_add_test(rx, received_bytes_keep_every_value);
	tcase_add_test(rx, input_is_all_or_nothing_at_the_boundary);
	tcase_add_test(rx, fifo_wraps_around_in_order);
	tcase_add_test(rx, flags_and_interrupts_follow_the_receive_fifo);
	tcase_add_test(rx, data_register_reads_one_byte_at_every_width);
	tcase_add_test(rx, input_arrives_whatever_cr_says_quirk);
	suite_add_tcase(s, rx);

	tcase_add_checked_fixture(brk, setup, NULL);
	tcase_add_test(brk, break_reads_as_zero_with_the_break_error_bit);
	tcase_add_test(brk, break_error_stays_in_rsr_until_ecr_is_written);
	tcase_add_test(brk, break_interrupt_latches_until_icr_clears_it);
	tcase_add_test(brk, break_takes_one_entry_and_a_full_fifo_refuses_it);
	suite_add_tcase(s, brk);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pl011_emul_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
