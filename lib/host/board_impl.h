/* SPDX-License-Identifier: ISC */
/*
 * board_impl.h - what the files of the host board driver share.
 */
#ifndef HV_HOST_BOARD_IMPL_H
#define HV_HOST_BOARD_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <hv/abi.h>

#include "board.h"

/**
 * struct board_msg - an event kept in the board's queue.
 * @len: bytes of @buf in use (the message's length).
 * @buf: the message as it came off the ring.
 */
struct board_msg {
	uint32_t len;
	_Alignas(ABI_MSG_ALIGN) unsigned char buf[ABI_MSG_MAX];
};

/**
 * board_fail() - record what went wrong.
 * @b:   the board.
 * @err: the -errno to return.
 * @fmt: the message (printf format), without a trailing newline.
 *
 * Return: @err, so that callers can "return board_fail(...)".
 */
int board_fail(struct board *b, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * board_deadline() - now plus @timeout_ms, on the monotonic clock.
 * @timeout_ms: milliseconds.
 *
 * Return: the deadline in milliseconds.
 */
int64_t board_deadline(int timeout_ms);

/**
 * board_remaining() - milliseconds left until @deadline, for poll().
 * @deadline: from board_deadline().
 *
 * Return: 0..INT_MAX.
 */
int board_remaining(int64_t deadline);

/**
 * board_qemu_spawn() - start QEMU for @cfg with @b's RAM file.
 * @b:   the board: sets @b->pid, @b->serial (the host's end of the serial
 *       line, non-blocking) and @b->qemu_err (QEMU's stderr, non-blocking).
 * @cfg: what to start (defaults filled in).
 *
 * Return: 0, or -errno with board_error() set.
 */
int board_qemu_spawn(struct board *b, const struct board_config *cfg);

/**
 * board_qemu_stop() - kill QEMU (SIGKILL) and reap it.
 * @b: the board; nothing happens if QEMU is not running.
 */
void board_qemu_stop(struct board *b);

/**
 * board_qemu_stderr() - append what QEMU wrote on stderr to the error.
 * @b: the board, whose board_error() has been set.
 */
void board_qemu_stderr(struct board *b);

/**
 * board_serial_announce() - read boot output until the mailbox announcement.
 * @b:        the board: sets @b->mailbox_pa and @b->mailbox_size.
 * @deadline: when to give up.
 *
 * Return: 0; -ETIMEDOUT; -EPIPE if QEMU closed the line; -errno.
 */
int board_serial_announce(struct board *b, int64_t deadline);

/**
 * board_serial_ring() - send one doorbell byte to the firmware.
 * @b: the board.
 *
 * Return: 0, or -errno.
 */
int board_serial_ring(struct board *b);

/** BOARD_LOOK_MS - how long a wait on the doorbell lasts at most. */
#define BOARD_LOOK_MS	250

/**
 * board_serial_wait() - wait for a doorbell byte from the firmware.
 * @b:        the board.
 * @deadline: when to give up.
 *
 * Takes every byte that has come in (doorbells carry no count).  Waits
 * BOARD_LOOK_MS at most: doorbells can be lost (board_serial.c), so the
 * caller looks at the rings again after each wait.
 *
 * Return: 0 once at least one byte came; 1 if BOARD_LOOK_MS passed first;
 * -ETIMEDOUT at @deadline; -EPIPE; -errno.
 */
int board_serial_wait(struct board *b, int64_t deadline);

/**
 * board_ring_take() - take the next message off the event ring.
 * @b: the board: an event's sequence number is checked against the last
 *     one's (@b->events_lost counts the gap).
 * @m: filled in with the message and abi_decode()'s view of it.
 *
 * Return: 1 with @m set; 0 if the ring is empty; -EPROTO (board_error()
 * set) for an inconsistent ring or a message that does not decode.
 */
int board_ring_take(struct board *b, struct board_reply *m);

/**
 * board_exchange() - push an encoded request and wait for its reply.
 * @b:     the board.
 * @type:  the request's type.
 * @seq:   its sequence number.
 * @msg:   the encoded request.
 * @len:   its bytes.
 * @reply: filled in as board_await() does.
 *
 * Return: what board_push() or board_await() returns.
 */
int board_exchange(struct board *b, unsigned int type, uint64_t seq,
    const void *msg, size_t len, struct board_reply *reply);

/**
 * board_queue_init() - allocate the event queue.
 * @b: the board.
 *
 * Return: 0, or -ENOMEM with board_error() set.
 */
int board_queue_init(struct board *b);

/**
 * board_queue_fini() - free the event queue and what it held.
 * @b: the board; harmless if the queue was never allocated.
 */
void board_queue_fini(struct board *b);

/**
 * board_queue_put() - keep an event for board_next_event().
 * @b:  the board.
 * @ev: the event (abi_decode() accepted it).
 *
 * With the queue full the event is dropped and counted in
 * @b->events_dropped.
 */
void board_queue_put(struct board *b, const struct board_reply *ev);

/**
 * board_init_kept() - a board with nothing open, kept in @dir if not NULL.
 * @b:          the board.
 * @dir:        board_config.keep_dir, or NULL.
 * @timeout_ms: longest wait for each reply; 0: 30 s.
 *
 * Return: 0, or -ENAMETOOLONG for too long a @dir (board_error() set).
 */
int board_init_kept(struct board *b, const char *dir, int timeout_ms);

/**
 * board_mailbox_attach() - take the mailbox at @b->mailbox_pa up, once it
 * is known to lie inside RAM, and make the event queue.
 * @b: the board.
 *
 * Return: 0, -EPROTO or -ENOMEM (board_error() set).
 */
int board_mailbox_attach(struct board *b);

/**
 * board_keep_path() - KEEP_DIR/@name of a kept board.
 * @b:    the board.
 * @name: the file's name.
 * @out:  where the path goes.
 * @cap:  bytes at @out.
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int board_keep_path(const struct board *b, const char *name, char *out,
    size_t cap);

/**
 * board_keep_connect() - connect to a kept board's serial socket, trying
 * again while QEMU runs and has not made it yet.
 * @b:        the board: sets @b->serial (non-blocking).
 * @deadline: when to give up.
 *
 * Return: 0; -EPIPE if QEMU ended; -ETIMEDOUT; -errno.
 */
int board_keep_connect(struct board *b, int64_t deadline);

/**
 * board_keep_save() - write a kept board's state file (write, fsync,
 * rename) once its mailbox is announced.
 * @b: the board.
 *
 * Return: 0 or -errno.
 */
int board_keep_save(struct board *b);

/**
 * board_keep_remove() - remove every file of a kept board.
 * @b: the board.
 */
void board_keep_remove(const struct board *b);

/**
 * board_keep_wait_gone() - wait until a QEMU this process did not start
 * has gone.
 * @pid: its process id.
 *
 * Return: 0; -ECHILD if it is this process's child (reap it instead);
 * -ETIMEDOUT.
 */
int board_keep_wait_gone(pid_t pid);

#endif /* HV_HOST_BOARD_IMPL_H */
