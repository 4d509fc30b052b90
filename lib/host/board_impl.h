/* SPDX-License-Identifier: ISC */
/*
 * board_impl.h - what the files of the host board driver share.
 */
#ifndef HV_HOST_BOARD_IMPL_H
#define HV_HOST_BOARD_IMPL_H

#include <stdint.h>

#include "board.h"

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

/**
 * board_serial_wait() - wait for a doorbell byte from the firmware.
 * @b:        the board.
 * @deadline: when to give up.
 *
 * Takes every byte that has come in (doorbells carry no count).
 *
 * Return: 0 once at least one byte came; -ETIMEDOUT; -EPIPE; -errno.
 */
int board_serial_wait(struct board *b, int64_t deadline);

#endif /* HV_HOST_BOARD_IMPL_H */
