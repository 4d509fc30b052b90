/* SPDX-License-Identifier: ISC */
/*
 * board_standin.h - the firmware's end of a mailbox, played by a test:
 * RAM in the test's memory, the doorbell line on a socket pair, and a
 * board driven through board_attach().  The test pushes the events and
 * replies the firmware would send (before or after the driver waits) and
 * reads back the requests the driver made.
 */
#ifndef HV_BOARD_STANDIN_H
#define HV_BOARD_STANDIN_H

#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "board.h"

/** STANDIN_RAM_SIZE - the stand-in board's RAM. */
#define STANDIN_RAM_SIZE	((size_t)8 << 20)
/** STANDIN_MAILBOX_OFF - where the mailbox lies in it. */
#define STANDIN_MAILBOX_OFF	((size_t)4 << 20)
/** STANDIN_EVT_SLOTS - event ring slots: more than the board queues. */
#define STANDIN_EVT_SLOTS	2048u
/** STANDIN_TIMEOUT_MS - the board's reply timeout. */
#define STANDIN_TIMEOUT_MS	2000

/**
 * struct standin - the stand-in and the board that talks to it.
 * @board:     the board, attached to the mailbox.
 * @ram:       the RAM.
 * @line:      [0] the board's end of the doorbell line, [1] the firmware's.
 * @fw:        the firmware's handle on the mailbox.
 * @event_seq: the last event number sent.
 */
struct standin {
	struct board board;
	unsigned char *ram;
	int line[2];
	struct abi_mailbox fw;
	uint64_t event_seq;
};

/**
 * standin_start() - lay the mailbox out and attach a board to it.
 * @s: the stand-in; fails the test on error.
 */
void standin_start(struct standin *s);

/**
 * standin_stop() - stop the board, free the RAM, close the line.
 * @s: the stand-in.
 */
void standin_stop(struct standin *s);

/**
 * standin_send() - put a message on the event ring (no doorbell).
 * @s:   the stand-in.
 * @msg: the message.
 * @len: its bytes.
 */
void standin_send(struct standin *s, const void *msg, size_t len);

/**
 * standin_text() - send a CONSOLE_OUT or LOG event with the next number.
 * @s:    the stand-in.
 * @type: ABI_MSG_CONSOLE_OUT or ABI_MSG_LOG.
 * @vm:   the VM.
 * @text: the text.
 */
void standin_text(struct standin *s, unsigned int type, uint32_t vm,
    const char *text);

/**
 * standin_exit() - send a VM_EXITED event with the next number.
 * @s:      the stand-in.
 * @vm:     the VM.
 * @reason: enum abi_exit_reason.
 * @ipa:    the crash's IPA (0 but for ABI_EXIT_CRASHED).
 */
void standin_exit(struct standin *s, uint32_t vm, uint32_t reason,
    uint64_t ipa);

/**
 * standin_reply() - send a reply.
 * @s:      the stand-in.
 * @type:   the reply type (or ABI_MSG_NAK).
 * @seq:    the request's number.
 * @status: its status.
 * @body:   its body, or NULL.
 * @len:    the body's bytes.
 */
void standin_reply(struct standin *s, unsigned int type, uint64_t seq,
    int32_t status, const void *body, size_t len);

/**
 * standin_ring() - send a doorbell byte to the board.
 * @s: the stand-in.
 */
void standin_ring(struct standin *s);

/**
 * standin_request() - take the next request the board pushed.
 * @s:    the stand-in.
 * @buf:  room for it, ABI_MSG_MAX bytes aligned to ABI_MSG_ALIGN.
 * @view: its view; the test fails if there is none or it does not decode.
 */
void standin_request(struct standin *s, void *buf, struct abi_view *view);

#endif /* HV_BOARD_STANDIN_H */
