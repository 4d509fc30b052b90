/* SPDX-License-Identifier: ISC */
/*
 * board_watch.c - a board's events recorded by VM, and the waits tests and
 * tools need on them (board_watch.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <hv/abi.h>

#include "board.h"
#include "board_impl.h"
#include "board_watch.h"

/* Room for the console excerpt in an error message. */
#define WATCH_EXCERPT	160

/**
 * board_watch_init() - start recording.
 * @w: the record.
 * @b: the board.
 */
void
board_watch_init(struct board_watch *w, struct board *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static struct board_watch_vm *
vm_of(struct board_watch *w, uint32_t vm)
{
	if (vm == 0 || vm > BOARD_WATCH_VM_MAX) {
		w->strays++;
		return NULL;
	}
	return &w->vm[vm];
}

/* Append @len bytes to a NUL-terminated text of @cap bytes at most. */
static size_t
append(char *text, size_t *text_len, size_t cap, const void *bytes,
    size_t len)
{
	size_t room = cap - *text_len, n = len < room ? len : room;

	memcpy(text + *text_len, bytes, n);
	*text_len += n;
	text[*text_len] = '\0';
	return len - n;
}

static void
record_log(struct board_watch *w, const struct abi_text *t)
{
	w->logs++;
	append(w->log, &w->log_len, BOARD_WATCH_TEXT_MAX, t->bytes, t->len);
	if (t->bytes[t->len - 1] != '\n') {
		append(w->log, &w->log_len, BOARD_WATCH_TEXT_MAX, "\n", 1);
	}
}

/**
 * board_watch_record() - record one event.
 * @w:  the record.
 * @ev: the event.
 */
void
board_watch_record(struct board_watch *w, const struct board_reply *ev)
{
	const struct abi_view *v = &ev->view;
	struct board_watch_vm *r;

	switch (v->type) {
	case ABI_MSG_CONSOLE_OUT:
		if ((r = vm_of(w, v->msg.text->vm)) != NULL) {
			r->chunks++;
			r->text_dropped += append(r->text, &r->text_len,
			    BOARD_WATCH_TEXT_MAX, v->msg.text->bytes,
			    v->msg.text->len);
		}
		break;
	case ABI_MSG_FAULT:
		if ((r = vm_of(w, v->msg.fault->vm)) != NULL) {
			r->faults++;
			r->fault = v->msg.fault->info;
		}
		break;
	case ABI_MSG_VM_EXITED:
		if ((r = vm_of(w, v->msg.vm_exited->vm)) != NULL) {
			if (r->exits++ == 0) {
				r->exit = *v->msg.vm_exited;
			}
		}
		break;
	case ABI_MSG_LOG:
		record_log(w, v->msg.text);
		break;
	default:
		w->strays++;
		break;
	}
}

/**
 * board_watch_clear() - forget a VM's console text.
 * @w:  the record.
 * @vm: the VM.
 */
void
board_watch_clear(struct board_watch *w, uint32_t vm)
{
	if (vm >= 1 && vm <= BOARD_WATCH_VM_MAX) {
		w->vm[vm].text_len = 0;
		w->vm[vm].text_dropped = 0;
		w->vm[vm].text[0] = '\0';
	}
}

/**
 * board_watch_pump() - take and record one event.
 * @w:          the record.
 * @timeout_ms: longest wait.
 *
 * Return: the event's type, or -errno.
 */
int
board_watch_pump(struct board_watch *w, int timeout_ms)
{
	struct board_reply ev;
	int ret;

	ret = board_next_event(w->b, timeout_ms, &ev);
	if (ret != 0) {
		return ret;
	}
	board_watch_record(w, &ev);
	return (int)ev.view.type;
}

/**
 * board_watch_has() - whether a VM's console holds a string.
 * @w:      the record.
 * @vm:     the VM.
 * @needle: the string.
 *
 * Return: true if it does.
 */
bool
board_watch_has(const struct board_watch *w, uint32_t vm, const char *needle)
{
	const struct board_watch_vm *r;
	size_t n = strlen(needle), i;

	if (vm == 0 || vm > BOARD_WATCH_VM_MAX) {
		return false;
	}
	r = &w->vm[vm];
	for (i = 0; n <= r->text_len && i <= r->text_len - n; i++) {
		if (memcmp(r->text + i, needle, n) == 0) {
			return true;
		}
	}
	return false;
}

/* The last bytes of a VM's console, printable, for an error message. */
static void
excerpt(const struct board_watch_vm *r, char *out, size_t cap)
{
	size_t from = r->text_len > cap - 1 ? r->text_len - (cap - 1) : 0;
	size_t i, n = 0;
	char c;

	for (i = from; i < r->text_len && n + 1 < cap; i++) {
		c = r->text[i];
		out[n++] = c >= ' ' && c <= '~' ? c : c == '\n' ? '|' : '.';
	}
	out[n] = '\0';
}

/**
 * board_watch_console() - wait until a VM's console shows a string.
 * @w:          the record.
 * @vm:         the VM.
 * @needle:     the string.
 * @timeout_ms: longest wait.
 *
 * Return: 0, -ECHILD, -ETIMEDOUT, -EINVAL or -errno.
 */
int
board_watch_console(struct board_watch *w, uint32_t vm, const char *needle,
    int timeout_ms)
{
	int64_t deadline = board_deadline(timeout_ms);
	char seen[WATCH_EXCERPT];
	int ret = 0;

	if (vm == 0 || vm > BOARD_WATCH_VM_MAX) {
		return board_fail(w->b, -EINVAL, "no VM %u to watch", vm);
	}
	while (!board_watch_has(w, vm, needle)) {
		if (w->vm[vm].exits != 0) {
			/* Output sent before the exit came before it. */
			ret = -ECHILD;
			break;
		}
		ret = board_watch_pump(w, board_remaining(deadline));
		if (ret < 0) {
			break;
		}
		ret = 0;
	}
	if (ret == 0) {
		return 0;
	}
	excerpt(&w->vm[vm], seen, sizeof(seen));
	return board_fail(w->b, ret, "vm %u never wrote \"%s\": %s; its "
	    "console ends with \"%s\"", vm, needle, ret == -ECHILD ?
	    "it exited" : ret == -ETIMEDOUT ? "timed out" : strerror(-ret),
	    seen);
}

/**
 * board_watch_exit() - wait until a VM has exited.
 * @w:          the record.
 * @vm:         the VM.
 * @timeout_ms: longest wait.
 * @exit:       set to its VM_EXITED, or NULL.
 *
 * Return: 0, -ETIMEDOUT, -EINVAL or -errno.
 */
int
board_watch_exit(struct board_watch *w, uint32_t vm, int timeout_ms,
    struct abi_vm_exited *exit)
{
	int64_t deadline = board_deadline(timeout_ms);
	char seen[WATCH_EXCERPT];
	int ret;

	if (vm == 0 || vm > BOARD_WATCH_VM_MAX) {
		return board_fail(w->b, -EINVAL, "no VM %u to watch", vm);
	}
	while (w->vm[vm].exits == 0) {
		ret = board_watch_pump(w, board_remaining(deadline));
		if (ret < 0) {
			excerpt(&w->vm[vm], seen, sizeof(seen));
			return board_fail(w->b, ret, "vm %u did not exit: %s; "
			    "its console ends with \"%s\"", vm,
			    ret == -ETIMEDOUT ? "timed out" : strerror(-ret),
			    seen);
		}
	}
	if (exit != NULL) {
		*exit = w->vm[vm].exit;
	}
	return 0;
}

/**
 * board_watch_for() - record every event for a while.
 * @w:  the record.
 * @ms: how long.
 *
 * Return: 0 or -errno.
 */
int
board_watch_for(struct board_watch *w, int ms)
{
	int64_t deadline = board_deadline(ms);
	int ret;

	for (;;) {
		ret = board_watch_pump(w, board_remaining(deadline));
		if (ret == -ETIMEDOUT) {
			return 0;
		}
		if (ret < 0) {
			return ret;
		}
	}
}
