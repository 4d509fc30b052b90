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
 * Events (console output, faults, VM exits, log lines) share the event
 * ring with the replies.  Those met while waiting for a reply are kept, in
 * order, in a bounded queue of the board's; board_next_event() hands them
 * out, and then the ones still on the ring.  Guest images go straight into
 * the board's RAM through the shared file (board_load()); typed helpers
 * (board_create_vm(), board_map(), ...) make one request each and return
 * its status.
 *
 * Every function returns 0 or -errno; board_error() then says what went
 * wrong in words.  A struct board is used by one thread at a time.
 */
#ifndef HV_HOST_BOARD_H
#define HV_HOST_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <hv/abi.h>

/** BOARD_RAM_BASE - where RAM starts on QEMU virt (offset 0 of the file). */
#define BOARD_RAM_BASE		0x40000000ull
/** BOARD_ERROR_MAX - room for board_error()'s message. */
#define BOARD_ERROR_MAX		512
/** BOARD_PATH_MAX - longest keep_dir (its file names are added to it). */
#define BOARD_PATH_MAX		200
/** BOARD_LINE_MAX - longest serial line kept (longer ones are cut). */
#define BOARD_LINE_MAX		256
/** BOARD_EVENT_QUEUE_MAX - events kept while waiting for replies. */
#define BOARD_EVENT_QUEUE_MAX	1024u

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
 * @keep_dir:   NULL, or keep the board in this directory, for good: QEMU
 *              runs in its own session and outlives this process, with
 *              its RAM in KEEP_DIR/ram, its serial line on the unix
 *              socket KEEP_DIR/serial (QEMU listens), its stderr in
 *              KEEP_DIR/qemu.log, and what board_reattach() needs in
 *              KEEP_DIR/board.  The directory exists; a board kept there
 *              already makes board_start() fail with -EEXIST.
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
	const char *keep_dir;
};

struct board_msg;

/**
 * struct board - a running board (fields private to lib/host/board*.c,
 * but for the ones documented here).
 * @ram:            the board's RAM, mapped shared: PA BOARD_RAM_BASE is
 *                  offset 0.
 * @ram_size:       its bytes.
 * @mailbox_pa:     PA of the mailbox, as announced.
 * @mailbox_size:   its bytes, as announced.
 * @mb:             the host's handle on the mailbox.
 * @stray_replies:  replies no one waited for, dropped.
 * @events_dropped: events dropped because the queue was full.
 * @events_lost:    events the firmware numbered but never delivered (gaps
 *                  in its event sequence numbers: its ring was full).
 * @rerings:        doorbells rung again for a request still on the ring
 *                  after a look (board_await()).
 */
struct board {
	pid_t pid;
	int serial;
	int qemu_err;
	int timeout_ms;
	bool borrowed;
	bool kept;
	char keep_dir[BOARD_PATH_MAX];
	void *ram;
	size_t ram_size;
	char ram_path[256];
	uint64_t mailbox_pa;
	uint64_t mailbox_size;
	struct abi_mailbox mb;
	uint64_t seq;
	struct board_msg *queue;
	unsigned int queue_head;
	unsigned int queue_count;
	uint64_t event_seq;
	uint64_t stray_replies;
	uint64_t events_dropped;
	uint64_t events_lost;
	uint64_t rerings;
	unsigned int doorbells;
	char line[BOARD_LINE_MAX];
	size_t line_len;
	char last_line[BOARD_LINE_MAX];
	char error[BOARD_ERROR_MAX];
};

/**
 * struct board_reply - a reply as board_request() returns it, or an event
 * as board_next_event() does.
 * @buf:  the message, copied out of the event ring.
 * @view: abi_decode()'s view of @buf: for a reply @view.type is the
 *        request's reply type or ABI_MSG_NAK, @view.hdr->status its
 *        status; for an event, its type and @view.msg its body.
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
 * board_attach() - drive a mailbox that is already laid out, without QEMU.
 * @b:            the board (caller memory).
 * @ram:          the board's RAM as this process sees it (PA
 *                BOARD_RAM_BASE at offset 0); stays the caller's.
 * @ram_size:     its bytes.
 * @mailbox_pa:   PA of the mailbox in it.
 * @mailbox_size: its bytes.
 * @serial:       the host's end of the doorbell line (made non-blocking);
 *                stays the caller's.
 * @timeout_ms:   longest wait for each reply; 0: 30 s.
 *
 * For a board someone else started, and for tests that play the firmware
 * themselves.  board_stop() then frees only what board_attach() took.
 *
 * Return: 0; -EPROTO for a mailbox outside @ram or one
 * abi_mailbox_attach() refuses; -ENOMEM.
 */
int board_attach(struct board *b, void *ram, size_t ram_size,
    uint64_t mailbox_pa, uint64_t mailbox_size, int serial, int timeout_ms);

/**
 * board_reattach() - take up a board kept in @dir again (board_keep.c).
 * @b:          the board (caller memory).
 * @dir:        the board_config.keep_dir it was started with.
 * @timeout_ms: longest wait for each reply; 0: 30 s.
 *
 * For a new hvd after the last one ended, however it ended: maps the RAM
 * file, connects to the serial socket and takes the mailbox up where the
 * rings stand.  Events waiting on the ring are kept for
 * board_next_event(); replies on it answered requests of the process
 * before and are dropped.  Sequence numbers start afresh from the clock,
 * so a late reply to an old request is not taken for a new one's.
 *
 * Return: 0; -ENOENT if no board is kept in @dir; -ESRCH if its QEMU is
 * gone (the stale files are removed, so board_start() may keep a new
 * board there); -EPROTO for a state file or mailbox that makes no sense;
 * other -errno from the system calls.  board_error() says which.
 */
int board_reattach(struct board *b, const char *dir, int timeout_ms);

/**
 * board_detach() - let go of a kept board without stopping it.
 * @b: the board (board_start() with keep_dir, or board_reattach()).
 *
 * What a process does when it ends but the VMs should go on: the board
 * keeps running and board_reattach() finds it.  On a board that is not
 * kept, the same as board_stop().
 */
void board_detach(struct board *b);

/**
 * board_stop() - kill QEMU, unmap and remove the RAM file (and, for a
 * kept board, every file of its directory).
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
 * or the timeout has passed.  Events met on the way are queued for
 * board_next_event() (or, with the queue full, dropped and counted in
 * @b->events_dropped); replies to other requests are dropped (counted in
 * @b->stray_replies).
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

/**
 * board_next_event() - the next event from the firmware.
 * @b:          the board.
 * @timeout_ms: longest wait on the doorbell; 0: do not wait; < 0: the
 *              board's timeout.
 * @ev:         filled in with the event: @ev->view.type is
 *              ABI_MSG_CONSOLE_OUT, FAULT, VM_EXITED or LOG.
 *
 * The queue first, then the event ring, in the order the firmware sent
 * them.  Replies met on the ring answer nothing now and are dropped
 * (@b->stray_replies): a request's reply is board_await()'s.
 *
 * Return: 0; -ETIMEDOUT if none came in time; -EPIPE if QEMU closed the
 * serial line; -EPROTO if the event ring is inconsistent or a message on
 * it does not decode.
 */
int board_next_event(struct board *b, int timeout_ms, struct board_reply *ev);

/**
 * board_load() - write bytes into the board's RAM.
 * @b:     the board.
 * @pa:    where (a PA of RAM).
 * @bytes: what.
 * @len:   how many.
 *
 * Through the shared RAM file: the firmware sees the bytes at @pa as soon
 * as this returns (QEMU's RAM is this very memory).
 *
 * Return: 0; -ERANGE if [@pa, @pa + @len) is not inside RAM; -EPERM if
 * it overlaps the mailbox (this driver's own rings).
 */
int board_load(struct board *b, uint64_t pa, const void *bytes, size_t len);

/**
 * board_load_file() - copy a file into the board's RAM.
 * @b:    the board.
 * @pa:   where.
 * @path: the file (a raw image).
 * @len:  set to the file's bytes (may be NULL).
 *
 * Return: 0; -ERANGE or -EPERM as board_load() (nothing written);
 * -errno if the file cannot be read; -EIO if it shrank while read.
 */
int board_load_file(struct board *b, uint64_t pa, const char *path,
    size_t *len);

/**
 * board_ram_at() - the board's RAM at a PA, as this process maps it.
 * @b:   the board.
 * @pa:  a PA.
 * @len: bytes the caller will touch from there.
 *
 * To look at what guests left in their memory.  Nothing stops the
 * firmware or a guest from changing it meanwhile.
 *
 * Return: the address, or NULL if [@pa, @pa + @len) is not inside RAM.
 */
void *board_ram_at(struct board *b, uint64_t pa, size_t len);

/*
 * Typed requests: each sends one request and waits for its reply.  They
 * return the reply's status (0 or the firmware's -errno, a NAK's status
 * too), or what board_request() returns when no reply came; board_error()
 * names the request either way.
 */

/**
 * board_hello() - HELLO: what the firmware says about the board.
 * @b:     the board.
 * @hello: filled in on status 0 (may be NULL).
 *
 * Return: the status.
 */
int board_hello(struct board *b, struct abi_hello_reply *hello);

/**
 * board_create_vm() - CREATE_VM.
 * @b:          the board.
 * @vm:         the new VM's id, 1..HELLO's vm_max.
 * @vcpu_count: its vCPUs.
 * @ipa_bits:   its IPA size.
 *
 * Return: the status (-EEXIST, -EINVAL, -ENOMEM from the firmware).
 */
int board_create_vm(struct board *b, uint32_t vm, uint32_t vcpu_count,
    unsigned int ipa_bits);

/**
 * board_destroy() - DESTROY_VM.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int board_destroy(struct board *b, uint32_t vm);

/**
 * board_batch() - MAP, UNMAP or PROTECT with several entries.
 * @b:     the board.
 * @type:  ABI_MSG_MAP, ABI_MSG_UNMAP or ABI_MSG_PROTECT.
 * @vm:    the VM.
 * @entry: the entries.
 * @count: 1..ABI_BATCH_MAX.
 * @done:  set to the reply's count of entries applied (0 when no batch
 *         reply came); may be NULL.
 *
 * Return: the status.
 */
int board_batch(struct board *b, unsigned int type, uint32_t vm,
    const struct abi_range *entry, uint32_t count, uint32_t *done);

/**
 * board_map() - MAP of one range.
 * @b:       the board.
 * @vm:      the VM.
 * @ipa:     first IPA.
 * @pa:      first PA (0 for ABI_RANGE_DEMAND).
 * @size:    bytes.
 * @perm:    enum abi_perm bits (0 for ABI_RANGE_DEMAND).
 * @memtype: enum abi_memtype.
 * @flags:   enum abi_range_flags.
 *
 * Return: the status.
 */
int board_map(struct board *b, uint32_t vm, uint64_t ipa, uint64_t pa,
    uint64_t size, unsigned int perm, unsigned int memtype,
    unsigned int flags);

/**
 * board_unmap() - UNMAP of one range.
 * @b:    the board.
 * @vm:   the VM.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Return: the status.
 */
int board_unmap(struct board *b, uint32_t vm, uint64_t ipa, uint64_t size);

/**
 * board_set_vcpu() - SET_VCPU.
 * @b:     the board.
 * @vm:    the VM.
 * @vcpu:  the vCPU index.
 * @pc:    entry IPA (ABI_VCPU_ON).
 * @x0:    x0 at entry.
 * @state: ABI_VCPU_ON or ABI_VCPU_OFF.
 *
 * Return: the status.
 */
int board_set_vcpu(struct board *b, uint32_t vm, uint32_t vcpu, uint64_t pc,
    uint64_t x0, unsigned int state);

/**
 * board_run() - RUN.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int board_run(struct board *b, uint32_t vm);

/**
 * board_pause() - PAUSE.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int board_pause(struct board *b, uint32_t vm);

/**
 * board_stats() - STATS.
 * @b:     the board.
 * @vm:    the VM, or 0 for the firmware's totals only.
 * @stats: filled in on status 0 (may be NULL).
 *
 * Return: the status.
 */
int board_stats(struct board *b, uint32_t vm, struct abi_stats_reply *stats);

/**
 * board_s2_dump() - S2_DUMP: one reply's worth of a VM's stage-2 runs
 * (struct abi_s2_dump: continue from the reply's @next while it says
 * ABI_DUMP_MORE).
 * @b:      the board.
 * @vm:     the VM.
 * @ipa:    first IPA of the range.
 * @size:   bytes of the range, not 0.
 * @cursor: @ipa in the first request, then the last reply's @next.
 * @reply:  filled in on status 0: @reply->view.msg.s2_dump_reply and its
 *          @reply->view.count runs.
 *
 * Return: the status.
 */
int board_s2_dump(struct board *b, uint32_t vm, uint64_t ipa, uint64_t size,
    uint64_t cursor, struct board_reply *reply);

/**
 * board_console_in() - CONSOLE_IN: bytes for a VM's UART.
 * @b:     the board.
 * @vm:    the VM.
 * @bytes: the bytes.
 * @len:   1..ABI_CONSOLE_MAX.
 *
 * Return: the status (-EAGAIN: no room for all of them, none taken).
 */
int board_console_in(struct board *b, uint32_t vm, const void *bytes,
    size_t len);

/**
 * board_console_break() - CONSOLE_IN of a break: a break condition on a
 * VM's UART, the serial console's way to get the guest's attention.
 * @b:  the board.
 * @vm: the VM.
 *
 * The guest reads it from its PL011 as a 0 with the break error bit set:
 * Linux takes a break and the key sent after it (board_console_in()) as
 * SysRq, and hv's test guests power off on a break.
 *
 * Return: the status (-EAGAIN: the UART's receive FIFO is full, nothing
 * taken).
 */
int board_console_break(struct board *b, uint32_t vm);

#endif /* HV_HOST_BOARD_H */
