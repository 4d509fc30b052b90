/* SPDX-License-Identifier: ISC */
/*
 * log.c - hvd's messages (log.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static bool log_foreground = true;
static enum log_level log_level = LOG_LEVEL_INFO;

static const int log_priority[] = {
	[LOG_LEVEL_ERROR] = LOG_ERR,
	[LOG_LEVEL_WARN] = LOG_WARNING,
	[LOG_LEVEL_INFO] = LOG_INFO,
	[LOG_LEVEL_DEBUG] = LOG_DEBUG,
};

void
log_init(bool foreground, enum log_level level)
{
	log_foreground = foreground;
	log_level = level;
	if (!foreground) {
		openlog("hvd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	}
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

/* Write one message at @level, with ": strerror(@err)" if @err is not 0. */
static void
log_vwrite(enum log_level level, int err, const char *fmt, va_list ap)
{
	char msg[1024];

	if (level > log_level) {
		return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_foreground) {
		if (err != 0) {
			fprintf(stderr, "hvd: %s: %s\n", msg, strerror(err));
		} else {
			fprintf(stderr, "hvd: %s\n", msg);
		}
		fflush(stderr);
	} else if (err != 0) {
		syslog(log_priority[level], "%s: %s", msg, strerror(err));
	} else {
		syslog(log_priority[level], "%s", msg);
	}
}

#define LOG_BODY(level, err) do {			\
	va_list ap;					\
	int saved = errno;				\
							\
	va_start(ap, fmt);				\
	log_vwrite((level), (err), fmt, ap);		\
	va_end(ap);					\
	errno = saved;					\
} while (0)

void
log_warn(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARN, errno);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARN, 0);
}

void
log_error(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 0);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_INFO, 0);
}

void
log_debug(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_DEBUG, 0);
}

void
fatal(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, errno);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 0);
	exit(1);
}
