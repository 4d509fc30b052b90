/* SPDX-License-Identifier: ISC */
/*
 * board_watch.h - what each VM of a board has said and done, gathered from
 * the firmware's events (board_next_event()), and waits on it: until a
 * VM's console shows a string, until a VM has exited, or for a while.
 *
 * Every event taken is recorded under the VM it names, so waiting for one
 * VM never loses another's output.  Console text is kept as it came (a
 * guest's bytes, in order), up to BOARD_WATCH_TEXT_MAX bytes per VM.
 * Callers that handle some events themselves (FAULTs, to answer them) take
 * events with board_next_event() and hand the rest to board_watch_record().
 * Every wait is poll() against a deadline.
 */
#ifndef HV_HOST_BOARD_WATCH_H
#define HV_HOST_BOARD_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "board.h"

/** BOARD_WATCH_VM_MAX - VM ids recorded: 1..BOARD_WATCH_VM_MAX. */
#define BOARD_WATCH_VM_MAX	16u
/** BOARD_WATCH_TEXT_MAX - console bytes kept per VM. */
#define BOARD_WATCH_TEXT_MAX	8192u

/**
 * struct board_watch_vm - one VM's record.
 * @text:         its console output, NUL-terminated (the guest's own NULs
 *                are kept too: @text_len counts them).
 * @text_len:     bytes in @text.
 * @text_dropped: bytes that did not fit.
 * @chunks:       CONSOLE_OUT events.
 * @faults:       FAULT events.
 * @fault:        the last one's report.
 * @exits:        VM_EXITED events (the firmware sends one per VM).
 * @exit:         the first one.
 */
struct board_watch_vm {
	char text[BOARD_WATCH_TEXT_MAX + 1];
	size_t text_len;
	size_t text_dropped;
	unsigned int chunks;
	unsigned int faults;
	struct abi_fault_info fault;
	unsigned int exits;
	struct abi_vm_exited exit;
};

/**
 * struct board_watch - a board's events, by VM.
 * @b:         the board.
 * @vm:        the records, by VM id ([0] is not used).
 * @logs:      LOG events.
 * @log:       their text, one line each, NUL-terminated.
 * @log_len:   bytes in @log.
 * @strays:    events naming a VM id above BOARD_WATCH_VM_MAX, or a
 *             console, fault or exit of VM 0: a firmware bug.
 */
struct board_watch {
	struct board *b;
	struct board_watch_vm vm[BOARD_WATCH_VM_MAX + 1];
	unsigned int logs;
	char log[BOARD_WATCH_TEXT_MAX + 1];
	size_t log_len;
	unsigned int strays;
};

/**
 * board_watch_init() - start recording a board's events.
 * @w: the record (caller memory; large: keep it off small stacks).
 * @b: the board.
 */
void board_watch_init(struct board_watch *w, struct board *b);

/**
 * board_watch_record() - record one event.
 * @w:  the record.
 * @ev: an event from board_next_event().
 */
void board_watch_record(struct board_watch *w, const struct board_reply *ev);

/**
 * board_watch_clear() - forget a VM's console text (its exit stays).
 * @w:  the record.
 * @vm: the VM, 1..BOARD_WATCH_VM_MAX.
 *
 * So that the next board_watch_console() looks only at what comes next.
 */
void board_watch_clear(struct board_watch *w, uint32_t vm);

/**
 * board_watch_pump() - take and record one event.
 * @w:          the record.
 * @timeout_ms: as board_next_event().
 *
 * Return: the event's type (> 0), or what board_next_event() returns.
 */
int board_watch_pump(struct board_watch *w, int timeout_ms);

/**
 * board_watch_console() - wait until a VM's console shows a string.
 * @w:          the record.
 * @vm:         the VM, 1..BOARD_WATCH_VM_MAX.
 * @needle:     the string.
 * @timeout_ms: longest wait.
 *
 * Return: 0 once the text holds @needle; -ECHILD if the VM exited without
 * writing it; -ETIMEDOUT; -EINVAL for a bad @vm; what board_next_event()
 * returns.  board_error() says what the console held.
 */
int board_watch_console(struct board_watch *w, uint32_t vm,
    const char *needle, int timeout_ms);

/**
 * board_watch_exit() - wait until a VM has exited.
 * @w:          the record.
 * @vm:         the VM, 1..BOARD_WATCH_VM_MAX.
 * @timeout_ms: longest wait.
 * @exit:       set to its VM_EXITED event (may be NULL).
 *
 * Return: 0; -ETIMEDOUT; -EINVAL for a bad @vm; what board_next_event()
 * returns.
 */
int board_watch_exit(struct board_watch *w, uint32_t vm, int timeout_ms,
    struct abi_vm_exited *exit);

/**
 * board_watch_for() - record every event that comes for a while.
 * @w:  the record.
 * @ms: how long.
 *
 * For the checks that something does not happen: afterwards the records
 * say what did.
 *
 * Return: 0 after @ms; what board_next_event() returns but -ETIMEDOUT.
 */
int board_watch_for(struct board_watch *w, int ms);

/**
 * board_watch_has() - whether a VM's console text holds a string.
 * @w:      the record.
 * @vm:     the VM, 1..BOARD_WATCH_VM_MAX.
 * @needle: the string.
 *
 * Return: true if it does.
 */
bool board_watch_has(const struct board_watch *w, uint32_t vm,
    const char *needle);

#endif /* HV_HOST_BOARD_WATCH_H */
