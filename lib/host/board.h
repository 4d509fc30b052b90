/* SPDX-License-Identifier: ISC */
/*
 * board.h - a QEMU virt board running hvfw, driven from the host through
 * the mailbox (hv/abi.h).  Host-only code (libc and POSIX): used by the
 * tests now and by hvd next; never built for the firmware.
 *
 * board_start() spawns qemu-system-aarch64 with the board's RAM in a file
 * that both QEMU and this process map shared, and the serial line on a
 * socket pair (QEMU's stdin and stdout).  It reads the firmware's boot
 * output until the line "hvfw: mailbox at 0x<PA> size 0x<bytes>" and takes
 * the mailbox up at that PA.  From then on every byte on the serial line
 * is a doorbell (firmware/mailbox.h): board_request() pushes a request,
 * rings, and waits with poll() for the firmware's doorbell and the reply
 * with the request's sequence number.  Nothing sleeps: every wait is
 * poll() against a deadline.
 *
 * Every function returns 0 or -errno; board_error() then says what went
 * wrong in words.  A struct board is used by one thread at a time.
 */
#ifndef HV_HOST_BOARD_H
#define HV_HOST_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <hv/abi.h>

/** BOARD_RAM_BASE - where RAM starts on QEMU virt (offset 0 of the file). */
#define BOARD_RAM_BASE		0x40000000ull
/** BOARD_ERROR_MAX - room for board_error()'s message. */
#define BOARD_ERROR_MAX		512
/** BOARD_LINE_MAX - longest serial line kept (longer ones are cut). */
#define BOARD_LINE_MAX		256

/**
 * struct board_config - what to start.
 * @qemu:       qemu-system-aarch64 to run.
 * @firmware:   hvfw.elf.
 * @cpu:        QEMU CPU model ("cortex-a57"); NULL: cortex-a57.
 * @cpu_count:  -smp; 0: 1.
 * @ram_mib:    RAM in MiB; 0: 1024.
 * @append:     extra firmware boot options (after "hvfw.mailbox"), or
 *              NULL.
 * @timeout_ms: longest wait for the boot, and for each reply; 0: 30 s.
 * @tmpdir:     where the RAM file is made; NULL: $TMPDIR or /tmp.
 */
struct board_config {
	const char *qemu;
	const char *firmware;
	const char *cpu;
	unsigned int cpu_count;
	unsigned int ram_mib;
	const char *append;
	int timeout_ms;
	const char *tmpdir;
};

/**
 * struct board - a running board (fields private to lib/host/board*.c,
 * but for the ones documented here).
 * @mailbox_pa:   PA of the mailbox, as announced.
 * @mailbox_size: its bytes, as announced.
 * @mb:           the host's handle on the mailbox.
 * @events:       events read (and dropped) while waiting for replies.
 */
struct board {
	pid_t pid;
	int serial;
	int qemu_err;
	int timeout_ms;
	void *ram;
	size_t ram_size;
	char ram_path[256];
	uint64_t mailbox_pa;
	uint64_t mailbox_size;
	struct abi_mailbox mb;
	uint64_t seq;
	uint64_t events;
	unsigned int doorbells;
	char line[BOARD_LINE_MAX];
	size_t line_len;
	char last_line[BOARD_LINE_MAX];
	char error[BOARD_ERROR_MAX];
};

/**
 * struct board_reply - a reply as board_request() returns it.
 * @buf:  the message, copied out of the event ring.
 * @view: abi_decode()'s view of @buf: @view.type is the request's reply
 *        type or ABI_MSG_NAK, @view.hdr->status its status.
 */
struct board_reply {
	_Alignas(ABI_MSG_ALIGN) unsigned char buf[ABI_MSG_MAX];
	struct abi_view view;
};

/**
 * board_start() - boot a board with hvfw serving the mailbox.
 * @b:   the board (caller memory).  On failure nothing is left running
 *       or on disk (board_stop() has been done; doing it again is
 *       harmless) and board_error() says why.
 * @cfg: what to start.
 *
 * Return: 0 once the mailbox is taken up; -EINVAL for a bad @cfg;
 * -ETIMEDOUT if no announcement came within the timeout; -EPIPE if QEMU
 * ended or closed the serial line first; -EPROTO for an announcement
 * outside RAM or a mailbox abi_mailbox_attach() refuses; other -errno from
 * the system calls.
 */
int board_start(struct board *b, const struct board_config *cfg);

/**
 * board_stop() - kill QEMU, unmap and remove the RAM file.
 * @b: the board; harmless on a board that board_start() failed to start
 *     or that was stopped already.
 */
void board_stop(struct board *b);

/**
 * board_error() - what went wrong last, in words.
 * @b: the board.
 *
 * Return: the message ("" if nothing failed); valid until the next call.
 */
const char *board_error(const struct board *b);

/**
 * board_next_seq() - a fresh sequence number for a request.
 * @b: the board.
 *
 * Return: the number (from 1 up).
 */
uint64_t board_next_seq(struct board *b);

/**
 * board_push() - put a message on the request ring as it is, and ring.
 * @b:   the board.
 * @msg: the bytes: any, not checked (tests send malformed ones).
 * @len: 1..ABI_SLOT_SIZE.
 *
 * Return: 0; -EAGAIN if the request ring is full; -EMSGSIZE, -EINVAL,
 * -EPROTO as abi_ring_push(); -errno if the doorbell cannot be written.
 */
int board_push(struct board *b, const void *msg, size_t len);

/**
 * board_await() - wait for the reply to a request.
 * @b:        the board.
 * @req_type: the request's type.
 * @seq:      its sequence number.
 * @reply:    filled in with the reply (or NAK) to it.
 *
 * Waits on the doorbell with poll() until the reply is on the event ring
 * or the timeout has passed.  Events and replies to other requests met on
 * the way are dropped (counted in @b->events).
 *
 * Return: 0 (the reply's own status is in @reply->view.hdr->status);
 * -ETIMEDOUT; -EPIPE if QEMU closed the serial line; -EPROTO if the event
 * ring is inconsistent or a message on it does not decode.
 */
int board_await(struct board *b, unsigned int req_type, uint64_t seq,
    struct board_reply *reply);

/**
 * board_request() - send a request and wait for its reply.
 * @b:        the board.
 * @type:     a request type (enum abi_msg_type).
 * @body:     its body (NULL if @body_len is 0).
 * @body_len: bytes of @body.
 * @reply:    filled in as board_await() does.
 *
 * Return: 0 (see board_await()); -EINVAL if abi_encode() refuses the
 * request; what board_push() and board_await() return.
 */
int board_request(struct board *b, unsigned int type, const void *body,
    size_t body_len, struct board_reply *reply);

#endif /* HV_HOST_BOARD_H */
