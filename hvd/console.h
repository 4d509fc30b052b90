/* SPDX-License-Identifier: ISC */
/*
 * console.h - a VM's console as hvd keeps it: every byte the guest writes
 * goes to a bounded log file under the state directory, to a memory tail
 * of the current boot (so a client attaching just after a start misses
 * nothing), and to every attached client; bytes clients type wait here
 * until the firmware takes them.
 *
 * The log is bounded by rotation: when the file would pass half the
 * limit it becomes NAME.log.old (the previous .old goes) and a new file
 * starts, so the two together never hold more than the limit.
 */
#ifndef HVD_CONSOLE_H
#define HVD_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** CONSOLE_TAIL_MAX - bytes of the current boot kept in memory. */
#define CONSOLE_TAIL_MAX	(64u << 10)
/** CONSOLE_INPUT_MAX - typed bytes that may wait for the firmware. */
#define CONSOLE_INPUT_MAX	(64u << 10)

/**
 * struct console_peer_ops - how the console reaches an attached client.
 * @data: give it output bytes.
 * @eof:  the VM has stopped: end its stream (the peer is detached by the
 *        console right after).
 */
struct console_peer_ops {
	void (*data)(void *ctx, const void *bytes, size_t len);
	void (*eof)(void *ctx);
};

/**
 * struct console_peer - an attached client (owned by the console).
 * @ops:  how to reach it.
 * @ctx:  passed to @ops.
 * @next: the next peer.
 */
struct console_peer {
	const struct console_peer_ops *ops;
	void *ctx;
	struct console_peer *next;
};

/**
 * struct console - one VM's console (fields private to console.c but for
 * reading).
 * @path:      the log file.
 * @fd:        the log, open for appending, or -1.
 * @size:      bytes in the log file.
 * @limit:     the most bytes kept in the log and its .old.
 * @written:   bytes the guest wrote since hvd started, all boots.
 * @tail:      the current boot's last bytes (a ring).
 * @tail_len:  bytes in @tail.
 * @tail_head: where the next byte goes in @tail.
 * @peers:     the attached clients.
 * @input:     typed bytes the firmware has not taken yet.
 * @input_len: how many.
 */
struct console {
	char *path;
	int fd;
	uint64_t size;
	uint64_t limit;
	uint64_t written;
	uint8_t tail[CONSOLE_TAIL_MAX];
	size_t tail_len;
	size_t tail_head;
	struct console_peer *peers;
	uint8_t input[CONSOLE_INPUT_MAX];
	size_t input_len;
};

/**
 * console_new() - a console logging to @dir/@name.log.
 * @dir:   the console directory.
 * @name:  the VM's name.
 * @limit: hv-vm.yaml's console.log_size.
 *
 * The log is opened when output first comes (console_output()).
 *
 * Return: the console, or NULL when out of memory.
 */
struct console *console_new(const char *dir, const char *name,
    uint64_t limit);

/**
 * console_free() - close the log and free the console; peers get no EOF.
 * @c: the console, or NULL.
 */
void console_free(struct console *c);

/**
 * console_boot() - a new boot begins: the memory tail starts empty and
 * typed bytes still waiting are dropped.  (Until then the tail keeps the
 * last boot's output.)
 * @c: the console.
 */
void console_boot(struct console *c);

/**
 * console_output() - bytes the guest wrote: to the log, the tail and
 * every peer.
 * @c:     the console.
 * @bytes: the bytes.
 * @len:   how many.
 *
 * Return: 0, or -errno of writing the log (the bytes still reach the
 * tail and the peers).
 */
int console_output(struct console *c, const void *bytes, size_t len);

/**
 * console_attach() - attach a client.
 * @c:      the console.
 * @ops:    how to reach it.
 * @ctx:    passed to @ops.
 * @replay: first give it the current boot's tail.
 *
 * Return: the peer (for console_detach()), or NULL when out of memory.
 */
struct console_peer *console_attach(struct console *c,
    const struct console_peer_ops *ops, void *ctx, bool replay);

/**
 * console_replay() - give the tail (the current boot's output, or the
 * last boot's once the VM has stopped) to a client, oldest byte first.
 * @c:   the console.
 * @ops: how to reach the client (only @ops->data is called).
 * @ctx: passed to @ops.
 */
void console_replay(const struct console *c,
    const struct console_peer_ops *ops, void *ctx);

/**
 * console_detach() - detach a client; no EOF is sent.
 * @c:    the console.
 * @peer: the peer (freed).
 */
void console_detach(struct console *c, struct console_peer *peer);

/**
 * console_detach_ctx() - detach every peer whose context is @ctx (a
 * client that went away).
 * @c:   the console.
 * @ctx: the context.
 */
void console_detach_ctx(struct console *c, void *ctx);

/**
 * console_eof() - the VM stopped: every peer gets its EOF and is detached.
 * @c: the console.
 */
void console_eof(struct console *c);

/**
 * console_input() - bytes a client typed, to wait for the firmware.
 * @c:     the console.
 * @bytes: the bytes.
 * @len:   how many.
 *
 * Return: 0, or -ENOBUFS when they do not fit (none kept).
 */
int console_input(struct console *c, const void *bytes, size_t len);

/**
 * console_input_taken() - the firmware took the first @len waiting bytes.
 * @c:   the console.
 * @len: how many.
 */
void console_input_taken(struct console *c, size_t len);

#endif /* HVD_CONSOLE_H */
