/* SPDX-License-Identifier: ISC */
/*
 * board_standin.c - a test's stand-in for the firmware's end of the
 * mailbox (board_standin.h).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <hv/abi.h>

#include "board.h"
#include "board_standin.h"

/**
 * standin_start() - lay the mailbox out and attach a board to it.
 * @s: the stand-in.
 */
void
standin_start(struct standin *s)
{
	size_t mb_size = abi_mailbox_bytes(16, STANDIN_EVT_SLOTS);
	int ret;

	memset(s, 0, sizeof(*s));
	ck_assert_uint_le(STANDIN_MAILBOX_OFF + mb_size, STANDIN_RAM_SIZE);
	s->ram = aligned_alloc(4096, STANDIN_RAM_SIZE);
	ck_assert_ptr_nonnull(s->ram);
	memset(s->ram, 0, STANDIN_RAM_SIZE);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, s->line), 0);
	ck_assert_int_eq(abi_mailbox_init(&s->fw, ABI_SIDE_FIRMWARE,
	    s->ram + STANDIN_MAILBOX_OFF, mb_size, 16, STANDIN_EVT_SLOTS), 0);
	ret = board_attach(&s->board, s->ram, STANDIN_RAM_SIZE,
	    BOARD_RAM_BASE + STANDIN_MAILBOX_OFF, mb_size, s->line[0],
	    STANDIN_TIMEOUT_MS);
	ck_assert_msg(ret == 0, "board_attach: %d: %s", ret,
	    board_error(&s->board));
}

/**
 * standin_stop() - stop the board, free the RAM, close the line.
 * @s: the stand-in.
 */
void
standin_stop(struct standin *s)
{
	board_stop(&s->board);
	close(s->line[0]);
	if (s->line[1] >= 0) {
		close(s->line[1]);
	}
	free(s->ram);
}

/**
 * standin_send() - put a message on the event ring.
 * @s:   the stand-in.
 * @msg: the message.
 * @len: its bytes.
 */
void
standin_send(struct standin *s, const void *msg, size_t len)
{
	ck_assert_int_eq(abi_ring_push(&s->fw.tx, msg, len), 0);
}

/**
 * standin_text() - send a CONSOLE_OUT or LOG event.
 * @s:    the stand-in.
 * @type: the type.
 * @vm:   the VM.
 * @text: the text.
 */
void
standin_text(struct standin *s, unsigned int type, uint32_t vm,
    const char *text)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	int len;

	len = abi_encode_text(msg, sizeof(msg), type, ++s->event_seq, vm,
	    type == ABI_MSG_LOG ? ABI_LOG_INFO : 0, text, strlen(text));
	ck_assert_int_gt(len, 0);
	standin_send(s, msg, (size_t)len);
}

/**
 * standin_exit() - send a VM_EXITED event.
 * @s:      the stand-in.
 * @vm:     the VM.
 * @reason: why.
 * @ipa:    the crash's IPA.
 */
void
standin_exit(struct standin *s, uint32_t vm, uint32_t reason, uint64_t ipa)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	struct abi_vm_exited e = { .vm = vm, .reason = reason };
	int len;

	if (reason == ABI_EXIT_CRASHED) {
		e.crash.access = ABI_ACCESS_READ;
		e.crash.ipa = ipa;
	}
	len = abi_encode(msg, sizeof(msg), ABI_MSG_VM_EXITED, ++s->event_seq,
	    0, &e, sizeof(e));
	ck_assert_int_gt(len, 0);
	standin_send(s, msg, (size_t)len);
}

/**
 * standin_reply() - send a reply.
 * @s:      the stand-in.
 * @type:   its type.
 * @seq:    the request's number.
 * @status: its status.
 * @body:   its body.
 * @len:    the body's bytes.
 */
void
standin_reply(struct standin *s, unsigned int type, uint64_t seq,
    int32_t status, const void *body, size_t len)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	int n;

	n = abi_encode(msg, sizeof(msg), type, seq, status, body, len);
	ck_assert_int_gt(n, 0);
	standin_send(s, msg, (size_t)n);
}

/**
 * standin_ring() - send a doorbell byte.
 * @s: the stand-in.
 */
void
standin_ring(struct standin *s)
{
	ck_assert_int_eq(write(s->line[1], "!", 1), 1);
}

/**
 * standin_request() - take the next request.
 * @s:    the stand-in.
 * @buf:  room for it.
 * @view: its view.
 */
void
standin_request(struct standin *s, void *buf, struct abi_view *view)
{
	int len;

	len = abi_ring_pop(&s->fw.rx, buf, ABI_MSG_MAX);
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(abi_decode(buf, (size_t)len, view), 0);
}
