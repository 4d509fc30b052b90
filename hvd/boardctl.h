/* SPDX-License-Identifier: ISC */
/*
 * boardctl.h - hvd's board: QEMU's virt machine running hvfw, kept in the
 * state directory so that it outlives hvd (board.h, keep_dir).
 *
 * The board comes up when a VM first needs it (or is found again when hvd
 * starts, reconcile.c), and stays up while hvd runs.  Its serial line is
 * watched by the loop: every doorbell drains the firmware's events to
 * consoles, demand faults and VM exits (vmrun.c).  If QEMU dies or the
 * firmware stops answering, the board is lost: every active domain
 * becomes crashed (board lost), its memory forgotten with the board, and
 * the next start brings a new board up.
 */
#ifndef HVD_BOARDCTL_H
#define HVD_BOARDCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "board.h"
#include "guestmem.h"
#include "vmmem.h"

struct hvd;
struct loop_timer;
struct loop_watch;

/** BOARDCTL_VM_MAX - firmware VM ids hvd hands out: 1..BOARDCTL_VM_MAX. */
#define BOARDCTL_VM_MAX		32u

/**
 * struct boardctl - the board as hvd drives it.
 * @board:   the driver (board.h).
 * @up:      a board runs and answers.
 * @hello:   what its firmware said (RAM, firmware, mailbox, limits).
 * @gm:      the board RAM free for guests.
 * @shared:  the shared backings of its VMs.
 * @watch:   the loop's watch on its serial line.
 * @vm_used: bit N set: firmware VM id N is taken.
 * @lost:    why it was lost, set by boardctl_check() and acted on by
 *           boardctl_pump(); "" otherwise.
 * @starts:  boards started by this hvd.
 * @input_timer: the timer that offers typed bytes again, or NULL.
 * @doorbells: the driver's doorbell count when events were last drained.
 * @drain:   drain at the next idle round whatever the doorbells say (a
 *           board taken up again has events from while nobody listened).
 */
struct boardctl {
	struct board board;
	bool up;
	struct abi_hello_reply hello;
	struct guestmem gm;
	struct vmmem_shared shared;
	struct loop_watch *watch;
	uint64_t vm_used;
	char lost[256];
	unsigned int starts;
	struct loop_timer *input_timer;
	unsigned int doorbells;
	bool drain;
};

/**
 * boardctl_up() - make sure a board runs: start one if none does.
 * @hvd:  the daemon.
 * @err:  why not, in words.
 * @len:  bytes at @err.
 *
 * Return: 0 or -errno.
 */
int boardctl_up(struct hvd *hvd, char *err, size_t len);

/**
 * boardctl_take() - after board_start() or board_reattach() succeeded:
 * HELLO, the allocator, the watch.
 * @hvd: the daemon.
 *
 * Return: 0 or -errno (the board is stopped then).
 */
int boardctl_take(struct hvd *hvd);

/**
 * boardctl_leave() - hvd ends: stop the board if no domain is active,
 * else let it run on for the next hvd.
 * @hvd: the daemon.
 */
void boardctl_leave(struct hvd *hvd);

/**
 * boardctl_check() - look at what a board request returned: a failure of
 * the board itself (QEMU gone, no answer, a broken mailbox) marks it lost.
 * @hvd: the daemon.
 * @rc:  the request's return.
 *
 * Return: @rc.
 */
int boardctl_check(struct hvd *hvd, int rc);

/**
 * boardctl_pump() - handle every event the firmware has sent, and a loss
 * of the board (the serial line's watch calls it).
 * @hvd: the daemon.
 */
void boardctl_pump(struct hvd *hvd);

/**
 * boardctl_idle() - the loop's idle function's part: pump only if events
 * may wait that no doorbell will announce (a request's wait for its reply
 * read their doorbells and may have queued them), or the board was lost;
 * otherwise the loop goes back to poll() without a system call here.
 * @hvd: the daemon.
 */
void boardctl_idle(struct hvd *hvd);

/**
 * typedef boardctl_s2_fn - one S2_DUMP reply of boardctl_s2_walk().
 * @ctx:   what boardctl_s2_walk() was given.
 * @reply: the reply: @reply->view.msg.s2_dump_reply and its
 *         @reply->view.count runs.
 *
 * Return: 0 to go on, 1 to stop here, or -errno to fail the walk.
 */
typedef int (*boardctl_s2_fn)(void *ctx, const struct board_reply *reply);

/**
 * boardctl_s2_walk() - a VM's stage 2 over [@ipa, @ipa + @size), one
 * S2_DUMP reply after the other, following the firmware's cursor.
 * @hvd:    the daemon.
 * @vm:     the firmware VM.
 * @ipa:    first IPA.
 * @size:   bytes, not 0.
 * @cursor: where to begin (@ipa at first); on return, where the walk
 *          stopped (the start of the reply @fn stopped at, or the end).
 * @fn:     called with each reply.
 * @ctx:    passed to @fn.
 *
 * Return: 0 (done, or @fn stopped), @fn's -errno, or the request's
 * (board_error() says it; boardctl_check() has seen it).
 */
int boardctl_s2_walk(struct hvd *hvd, uint32_t vm, uint64_t ipa,
    uint64_t size, uint64_t *cursor, boardctl_s2_fn fn, void *ctx);

/**
 * boardctl_vm_alloc() - a free firmware VM id.
 * @hvd: the daemon.
 *
 * Return: the id, or 0 when the firmware's limit is reached.
 */
uint32_t boardctl_vm_alloc(struct hvd *hvd);

/**
 * boardctl_vm_free() - give a firmware VM id back.
 * @hvd: the daemon.
 * @vm:  the id.
 */
void boardctl_vm_free(struct hvd *hvd, uint32_t vm);

/**
 * boardctl_vm_take() - mark a known firmware VM id taken (reconcile).
 * @hvd: the daemon.
 * @vm:  the id.
 *
 * Return: 0, or -EBUSY if it is taken already or out of range.
 */
int boardctl_vm_take(struct hvd *hvd, uint32_t vm);

#endif /* HVD_BOARDCTL_H */
