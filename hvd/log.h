/* SPDX-License-Identifier: ISC */
/*
 * log.h - hvd's messages: to stderr in the foreground (hvd -d), to syslog
 * (and so the journal) otherwise, filtered by hvd.yaml's log.level.
 *
 * The calls follow OpenBSD's daemons: log_warn() adds strerror(errno),
 * log_warnx() does not; fatal() and fatalx() log and exit(1), and are for
 * startup only: once hvd serves, a failure is reported to whoever asked
 * and hvd goes on.  Callers prefix their messages with __func__ where the
 * place matters more than the words (style.md).
 */
#ifndef HVD_LOG_H
#define HVD_LOG_H

#include <stdarg.h>
#include <stdbool.h>

/** enum log_level - how much a message matters (syslog's order). */
enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/**
 * log_init() - where messages go from now on.
 * @foreground: true: stderr; false: syslog, as "hvd" with the daemon
 *              facility.
 * @level:      the least important level written.
 */
void log_init(bool foreground, enum log_level level);

/**
 * log_set_level() - change the least important level written.
 * @level: the level.
 */
void log_set_level(enum log_level level);

/**
 * log_warn() - a warning followed by ": " and strerror(errno).
 * @fmt: printf format.
 */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * log_warnx() - a warning.
 * @fmt: printf format.
 */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * log_error() - an error hvd recovers from (a VM crashed, a board was
 * lost).
 * @fmt: printf format.
 */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * log_info() - normal operation worth a line.
 * @fmt: printf format.
 */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * log_debug() - detail for whoever debugs hvd.
 * @fmt: printf format.
 */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * fatal() - log an error with strerror(errno) and exit(1): startup only.
 * @fmt: printf format.
 */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/**
 * fatalx() - log an error and exit(1): startup only.
 * @fmt: printf format.
 */
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif /* HVD_LOG_H */
