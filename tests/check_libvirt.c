/* SPDX-License-Identifier: ISC */
/*
 * check_libvirt.c - libvirt's own client library (libvirt.so, as virsh and
 * every libvirt API program use it) against a real hvd with the real
 * firmware on QEMU: define, start, list, lookups, information, state
 * reasons, the domain XML, suspend, resume, shutdown, destroy, reboot,
 * autostart, transient domains, undefine, the host calls, lifecycle and
 * reboot events, read-only connections and hvd's errors as the caller
 * sees them.
 *
 * Each test gets a fresh hvd (hvd_env) and a connection to it,
 * hv+unix:///session?socket=SOCK, opened after libvirt's default event
 * loop was registered and with a thread running it, as virsh has: events
 * and keepalive go through it.  Every wait polls against a deadline.
 */
#include "config.h"

#include <check.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hvd_env.h"

/** LV_TEST_TIMEOUT - seconds a test may take. */
#define LV_TEST_TIMEOUT		120
/** LV_POLL_NS - how often a wait looks again. */
#define LV_POLL_NS		10000000L
/** LV_EVENTS_MAX - events kept per test. */
#define LV_EVENTS_MAX		64
/** LV_URI_MAX - room for a URI with a socket path. */
#define LV_URI_MAX		(HVD_ENV_PATH_MAX + 64)
/** LV_KIB - the guests' memory in KiB (16 MiB). */
#define LV_KIB			16384
/** LV_EVENT_REBOOT - what the reboot callback records as its event. */
#define LV_EVENT_REBOOT		-1

/**
 * struct lv_event - one event a callback got.
 * @event:  virDomainEventType, or LV_EVENT_REBOOT.
 * @detail: its detail (0 for a reboot).
 * @id:     the domain's id as the event gave it.
 * @name:   the domain's name.
 */
struct lv_event {
	int event;
	int detail;
	int id;
	char name[64];
};

/*
 * The events of the running test, filled by the event loop's thread and
 * read by the test's: every access holds @lock.
 */
static struct {
	pthread_mutex_t lock;
	struct lv_event ev[LV_EVENTS_MAX];
	size_t count;
} events = { PTHREAD_MUTEX_INITIALIZER, { { 0, 0, 0, "" } }, 0 };

/*
 * The event loop's thread.  @stop is written and read only in that
 * thread (by the timer lv_loop_stop() adds), so it needs no lock.
 */
static struct {
	pthread_t thread;
	bool stop;
} loop;

static struct hvd_env env;
/** conn - the test's read-write connection. */
static virConnectPtr conn;
/** uri, uri_ro_sock - hvd's sockets as libvirt URIs. */
static char uri[LV_URI_MAX], uri_ro_sock[LV_URI_MAX];
/** kernel - the echo guest's image, absolute. */
static char kernel[PATH_MAX];
/** watch_ids - the test's event registrations, or -1. */
static int watch_ids[2] = { -1, -1 };

/* libvirt's errors are read with virGetLastError(), not printed. */
static void
lv_quiet(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

static long long
lv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
lv_pause(void)
{
	const struct timespec ts = { 0, LV_POLL_NS };

	nanosleep(&ts, NULL);
}

/* The code of this thread's last libvirt error, VIR_ERR_OK if none. */
static int
lv_code(void)
{
	virErrorPtr e = virGetLastError();

	return e != NULL ? e->code : VIR_ERR_OK;
}

/* Its message, "" if none. */
static const char *
lv_message(void)
{
	virErrorPtr e = virGetLastError();

	return e != NULL && e->message != NULL ? e->message : "";
}

/**
 * ck_assert_lv_error() - assert the last libvirt call failed with @code.
 * @code: the virErrorNumber.
 */
#define ck_assert_lv_error(code)					\
	ck_assert_msg(lv_code() == (code), "libvirt error %d (%s), "	\
	    "wanted %d", lv_code(), lv_message(), (code))

/**
 * ck_assert_lv_ok() - assert a libvirt call returned 0.
 * @call: the call.
 */
#define ck_assert_lv_ok(call)						\
	ck_assert_msg((call) == 0, "%s failed: %d (%s)", #call,	\
	    lv_code(), lv_message())

/**
 * ck_assert_denied() - assert a write failed with OPERATION_DENIED.
 * @call: the call (returning -1 on failure).
 */
#define ck_assert_denied(call) do {					\
	ck_assert_msg((call) == -1, "%s worked read-only", #call);	\
	ck_assert_lv_error(VIR_ERR_OPERATION_DENIED);			\
} while (0)

/* The thread that runs libvirt's event loop until lv_loop_stop(). */
static void *
lv_loop_run(void *arg)
{
	(void)arg;
	while (!loop.stop) {
		if (virEventRunDefaultImpl() < 0) {
			break;
		}
	}
	return NULL;
}

/* The stop timer: runs in the loop's thread. */
static void
lv_loop_stop_timer(int timer, void *opaque)
{
	(void)opaque;
	virEventRemoveTimeout(timer);
	loop.stop = true;
}

/*
 * End the event loop's thread.  The timer fires after the loop has had a
 * round with nothing else due, so what libvirt freed late (a closed
 * connection's watches are freed from the loop) is gone first.
 */
static void
lv_loop_stop(void)
{
	ck_assert_int_ge(virEventAddTimeout(20, lv_loop_stop_timer, NULL,
	    NULL), 0);
	ck_assert_int_eq(pthread_join(loop.thread, NULL), 0);
}

static int
lv_lifecycle_cb(virConnectPtr c, virDomainPtr dom, int event, int detail,
    void *opaque)
{
	struct lv_event *e;

	(void)c;
	(void)opaque;
	pthread_mutex_lock(&events.lock);
	if (events.count < LV_EVENTS_MAX) {
		e = &events.ev[events.count++];
		e->event = event;
		e->detail = detail;
		e->id = (int)virDomainGetID(dom);
		snprintf(e->name, sizeof(e->name), "%s", virDomainGetName(dom));
	}
	pthread_mutex_unlock(&events.lock);
	return 0;
}

static void
lv_reboot_cb(virConnectPtr c, virDomainPtr dom, void *opaque)
{
	lv_lifecycle_cb(c, dom, LV_EVENT_REBOOT, 0, opaque);
}

/* Register for lifecycle and reboot events of every domain. */
static void
lv_watch(void)
{
	watch_ids[0] = virConnectDomainEventRegisterAny(conn, NULL,
	    VIR_DOMAIN_EVENT_ID_LIFECYCLE,
	    VIR_DOMAIN_EVENT_CALLBACK(lv_lifecycle_cb), NULL, NULL);
	ck_assert_msg(watch_ids[0] >= 0, "register: %s", lv_message());
	watch_ids[1] = virConnectDomainEventRegisterAny(conn, NULL,
	    VIR_DOMAIN_EVENT_ID_REBOOT, VIR_DOMAIN_EVENT_CALLBACK(lv_reboot_cb),
	    NULL, NULL);
	ck_assert_msg(watch_ids[1] >= 0, "register: %s", lv_message());
}

/* How many events arrived; a copy of them in @out (LV_EVENTS_MAX). */
static size_t
lv_events(struct lv_event *out)
{
	size_t n;

	pthread_mutex_lock(&events.lock);
	n = events.count;
	if (out != NULL) {
		memcpy(out, events.ev, n * sizeof(*out));
	}
	pthread_mutex_unlock(&events.lock);
	return n;
}

/* Wait until @count events have arrived; false at the deadline. */
static bool
lv_wait_events(size_t count)
{
	long long deadline = lv_now_ms() + HVD_ENV_TIMEOUT_MS;

	while (lv_events(NULL) < count) {
		if (lv_now_ms() >= deadline) {
			return false;
		}
		lv_pause();
	}
	return true;
}

/* Open @u read-write or read-only; asserts it worked. */
static virConnectPtr
lv_open(const char *u, bool readonly)
{
	virConnectPtr c = readonly ? virConnectOpenReadOnly(u) :
	    virConnectOpen(u);

	ck_assert_msg(c != NULL, "cannot open %s: %s", u, lv_message());
	return c;
}

static void
setup(void)
{
	hvd_env_init(&env, NULL);
	hvd_env_start(&env);
	snprintf(uri, sizeof(uri), "hv+unix:///session?socket=%s", env.sock);
	snprintf(uri_ro_sock, sizeof(uri_ro_sock),
	    "hv+unix:///session?socket=%s", env.sock_ro);
	ck_assert_ptr_nonnull(realpath(getenv("HVFW_GUESTS"), kernel));
	ck_assert_uint_lt(strlen(kernel) + sizeof("/echo.bin"), sizeof(kernel));
	strcat(kernel, "/echo.bin");
	events.count = 0;
	watch_ids[0] = watch_ids[1] = -1;
	/* Once per process (virOnce); before any connection is opened. */
	ck_assert_int_eq(virEventRegisterDefaultImpl(), 0);
	loop.stop = false;
	ck_assert_int_eq(pthread_create(&loop.thread, NULL, lv_loop_run,
	    NULL), 0);
	conn = lv_open(uri, false);
}

/* Everything is ended and freed before anything is asserted. */
static void
teardown(void)
{
	int deregistered = 0, refs;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (watch_ids[i] >= 0 &&
		    virConnectDomainEventDeregisterAny(conn, watch_ids[i]) < 0) {
			deregistered = -1;
		}
		watch_ids[i] = -1;
	}
	refs = virConnectClose(conn);
	conn = NULL;
	lv_loop_stop();
	hvd_env_fini(&env);
	ck_assert_msg(deregistered == 0, "deregister: %s", lv_message());
	/* 0: no reference to it (a virDomainPtr) was left behind. */
	ck_assert_int_eq(refs, 0);
}

/* A definition of the echo guest as domain XML, with @devices (or ""). */
static void
lv_xml(char *xml, size_t len, const char *name, const char *devices)
{
	int n;

	n = snprintf(xml, len, "<domain type='hv'>\n"
	    "  <name>%s</name>\n"
	    "  <memory unit='KiB'>%d</memory>\n"
	    "  <vcpu>1</vcpu>\n"
	    "  <os>\n"
	    "    <type arch='aarch64' machine='virt'>hvm</type>\n"
	    "    <kernel>%s</kernel>\n"
	    "  </os>\n"
	    "%s"
	    "  <metadata>\n"
	    "    <hv:vm xmlns:hv='urn:hv:domain:1'>\n"
	    "      <hv:kernel format='raw' load_address='0x40000000'/>\n"
	    "    </hv:vm>\n"
	    "  </metadata>\n"
	    "</domain>\n", name, LV_KIB, kernel, devices);
	ck_assert(n > 0 && (size_t)n < len);
}

/* Define the echo guest as @name. */
static virDomainPtr
lv_define(const char *name)
{
	char xml[2048];
	virDomainPtr d;

	lv_xml(xml, sizeof(xml), name, "");
	d = virDomainDefineXML(conn, xml);
	ck_assert_msg(d != NULL, "define %s: %s", name, lv_message());
	return d;
}

/* Define and start @name; wait for the guest to be up. */
static virDomainPtr
lv_define_start(const char *name)
{
	virDomainPtr d = lv_define(name);

	ck_assert_lv_ok(virDomainCreate(d));
	ck_assert_msg(hvd_env_wait_console(&env, name, "echo: ready\n"),
	    "%s never said it was ready", name);
	return d;
}

/* Assert a domain's state and reason. */
static void
lv_assert_state(virDomainPtr d, int state, int reason)
{
	int s = -1, r = -1;

	ck_assert_lv_ok(virDomainGetState(d, &s, &r, 0));
	ck_assert_msg(s == state && r == reason, "%s: state %d reason %d, "
	    "wanted %d %d", virDomainGetName(d), s, r, state, reason);
}

/* Wait until a domain has a state and reason; false at the deadline. */
static bool
lv_wait_state(virDomainPtr d, int state, int reason)
{
	long long deadline = lv_now_ms() + HVD_ENV_TIMEOUT_MS;
	int s, r;

	do {
		if (virDomainGetState(d, &s, &r, 0) == 0 && s == state &&
		    r == reason) {
			return true;
		}
		lv_pause();
	} while (lv_now_ms() < deadline);
	return false;
}

/* Assert virDomainGetInfo's answer. */
static void
lv_assert_info(virDomainPtr d, int state, unsigned long memory)
{
	virDomainInfo info;

	ck_assert_lv_ok(virDomainGetInfo(d, &info));
	ck_assert_int_eq(info.state, state);
	ck_assert_uint_eq(info.maxMem, LV_KIB);
	ck_assert_uint_eq(info.memory, memory);
	ck_assert_uint_eq(info.nrVirtCpu, 1);
}

static int
lv_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names virConnectListAllDomains(@flags) gives, sorted, as "a,b,c". */
static void
lv_list(unsigned int flags, char *out, size_t len)
{
	virDomainPtr *doms = NULL;
	const char *names[16];
	int i, n;

	n = virConnectListAllDomains(conn, &doms, flags);
	ck_assert_msg(n >= 0 && n <= 16, "list 0x%x: %d (%s)", flags, n,
	    lv_message());
	for (i = 0; i < n; i++) {
		names[i] = virDomainGetName(doms[i]);
	}
	qsort(names, (size_t)n, sizeof(names[0]), lv_name_cmp);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		ck_assert_uint_lt(strlen(out) + strlen(names[i]) + 2, len);
		if (i > 0) {
			strcat(out, ",");
		}
		strcat(out, names[i]);
	}
	for (i = 0; i < n; i++) {
		virDomainFree(doms[i]);
	}
	free(doms);
}

/**
 * ck_assert_list() - assert what a listing with @flags gives.
 * @flags: virConnectListAllDomainsFlags.
 * @want:  the names, sorted, comma-separated.
 */
#define ck_assert_list(flags, want) do {				\
	char list_[256];						\
									\
	lv_list((flags), list_, sizeof(list_));				\
	ck_assert_msg(strcmp(list_, (want)) == 0, "list %s: \"%s\", "	\
	    "wanted \"%s\"", #flags, list_, (want));			\
} while (0)

/* Assert a lookup found nothing: NULL and VIR_ERR_NO_DOMAIN. */
static void
lv_assert_no_domain(virDomainPtr d)
{
	ck_assert_ptr_null(d);
	ck_assert_lv_error(VIR_ERR_NO_DOMAIN);
}

START_TEST(define_then_start_gives_the_domain_an_id)
{
	virDomainPtr d = lv_define("echo");
	int id;

	ck_assert_str_eq(virDomainGetName(d), "echo");
	ck_assert_uint_eq(virDomainGetID(d), (unsigned int)-1);
	ck_assert_int_eq(virDomainIsActive(d), 0);
	ck_assert_int_eq(virDomainIsPersistent(d), 1);
	lv_assert_info(d, VIR_DOMAIN_SHUTOFF, 0);
	lv_assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_UNKNOWN);
	/* libvirt's start is CREATE, then LOOKUP_BY_UUID for the id. */
	ck_assert_lv_ok(virDomainCreate(d));
	id = (int)virDomainGetID(d);
	ck_assert_int_ge(id, 1);
	ck_assert_int_eq(virDomainIsActive(d), 1);
	ck_assert_int_eq(virDomainIsPersistent(d), 1);
	lv_assert_info(d, VIR_DOMAIN_RUNNING, LV_KIB);
	lv_assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
	ck_assert(hvd_env_wait_console(&env, "echo", "echo: ready\n"));
	virDomainFree(d);
}
END_TEST

START_TEST(cpu_time_is_the_firmwares_count_while_the_domain_is_active)
{
	virDomainPtr d = lv_define_start("echo");
	virDomainInfo running, paused, again;

	ck_assert(hvd_env_wait_console(&env, "echo", "echo: ready\n"));
	ck_assert_lv_ok(virDomainGetInfo(d, &running));
	ck_assert_uint_gt(running.cpuTime, 0);
	/* A paused domain's vCPUs do not run: its time stands still. */
	ck_assert_lv_ok(virDomainSuspend(d));
	ck_assert_lv_ok(virDomainGetInfo(d, &paused));
	ck_assert_uint_ge(paused.cpuTime, running.cpuTime);
	ck_assert_lv_ok(virDomainGetInfo(d, &again));
	ck_assert_uint_eq(again.cpuTime, paused.cpuTime);
	ck_assert_lv_ok(virDomainDestroy(d));
	ck_assert_lv_ok(virDomainGetInfo(d, &again));
	ck_assert_uint_eq(again.cpuTime, 0);
	virDomainFree(d);
}
END_TEST

START_TEST(console_sessions_exclude_each_other_unless_forced)
{
	virDomainPtr d = lv_define_start("echo");
	virStreamPtr first = virStreamNew(conn, 0);
	virStreamPtr second = virStreamNew(conn, 0);
	char buf[64];

	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_nonnull(second);
	ck_assert_lv_ok(virDomainOpenConsole(d, NULL, first, 0));
	/* A second session is refused while the first lasts... */
	ck_assert_int_eq(virDomainOpenConsole(d, NULL, second,
	    VIR_DOMAIN_CONSOLE_SAFE), -1);
	ck_assert_lv_error(VIR_ERR_OPERATION_FAILED);
	ck_assert_str_eq(lv_message(), "operation failed: Active console "
	    "session exists for this domain");
	ck_assert_int_eq(virDomainOpenConsole(d, NULL, second, 0x4), -1);
	ck_assert_lv_error(VIR_ERR_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(lv_message(), "console: unsupported "
	    "flags (0x4)"));
	/* ... and forced, it ends the first: its stream sees the end. */
	ck_assert_lv_ok(virDomainOpenConsole(d, NULL, second,
	    VIR_DOMAIN_CONSOLE_FORCE));
	ck_assert_int_eq(virStreamRecv(first, buf, sizeof(buf)), 0);
	ck_assert_lv_ok(virStreamFinish(first));
	/* The new session is the console: what it types comes back. */
	ck_assert_int_eq(virStreamSend(second, "forced\n", 7), 7);
	ck_assert(hvd_env_wait_console(&env, "echo", "forced\n"));
	ck_assert_lv_ok(virDomainDestroy(d));
	ck_assert_int_eq(virStreamRecv(second, buf, sizeof(buf)) >= 0, 1);
	virStreamAbort(second);
	virStreamFree(first);
	virStreamFree(second);
	virDomainFree(d);
}
END_TEST

START_TEST(lookups_by_name_id_and_uuid_find_the_same_domain)
{
	static const unsigned char nosuch[VIR_UUID_BUFLEN] = { 0xde, 0xad };
	char uuid[VIR_UUID_STRING_BUFLEN], other[VIR_UUID_STRING_BUFLEN];
	unsigned char raw[VIR_UUID_BUFLEN];
	virDomainPtr d = lv_define_start("echo"), by;
	int id = (int)virDomainGetID(d);

	ck_assert_lv_ok(virDomainGetUUIDString(d, uuid));
	ck_assert_lv_ok(virDomainGetUUID(d, raw));
	by = virDomainLookupByName(conn, "echo");
	ck_assert_ptr_nonnull(by);
	ck_assert_int_eq((int)virDomainGetID(by), id);
	ck_assert_lv_ok(virDomainGetUUIDString(by, other));
	ck_assert_str_eq(other, uuid);
	virDomainFree(by);
	by = virDomainLookupByID(conn, id);
	ck_assert_ptr_nonnull(by);
	ck_assert_str_eq(virDomainGetName(by), "echo");
	ck_assert_lv_ok(virDomainGetUUIDString(by, other));
	ck_assert_str_eq(other, uuid);
	virDomainFree(by);
	by = virDomainLookupByUUID(conn, raw);
	ck_assert_ptr_nonnull(by);
	ck_assert_str_eq(virDomainGetName(by), "echo");
	ck_assert_int_eq((int)virDomainGetID(by), id);
	virDomainFree(by);
	by = virDomainLookupByUUIDString(conn, uuid);
	ck_assert_ptr_nonnull(by);
	ck_assert_str_eq(virDomainGetName(by), "echo");
	virDomainFree(by);
	lv_assert_no_domain(virDomainLookupByName(conn, "nosuch"));
	lv_assert_no_domain(virDomainLookupByID(conn, id + 100));
	lv_assert_no_domain(virDomainLookupByUUID(conn, nosuch));
	/* An id belongs to a running domain only. */
	ck_assert_lv_ok(virDomainDestroy(d));
	lv_assert_no_domain(virDomainLookupByID(conn, id));
	virDomainFree(d);
}
END_TEST

START_TEST(list_filters_select_the_right_domains)
{
	virDomainPtr run = lv_define_start("run"), off = lv_define("off"), tmp;
	char xml[2048];

	ck_assert_lv_ok(virDomainSetAutostart(off, 1));
	lv_xml(xml, sizeof(xml), "tmp", "");
	tmp = virDomainCreateXML(conn, xml, 0);
	ck_assert_msg(tmp != NULL, "create: %s", lv_message());
	ck_assert_list(0, "off,run,tmp");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_ACTIVE |
	    VIR_CONNECT_LIST_DOMAINS_INACTIVE, "off,run,tmp");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_ACTIVE, "run,tmp");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_INACTIVE, "off");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_PERSISTENT, "off,run");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_TRANSIENT, "tmp");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_AUTOSTART, "off");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, "run,tmp");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_ACTIVE |
	    VIR_CONNECT_LIST_DOMAINS_PERSISTENT, "run");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_INACTIVE |
	    VIR_CONNECT_LIST_DOMAINS_TRANSIENT, "");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_RUNNING, "run,tmp");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_SHUTOFF, "off");
	ck_assert_int_eq(virConnectNumOfDomains(conn), 2);
	ck_assert_int_eq(virConnectNumOfDefinedDomains(conn), 1);
	ck_assert_lv_ok(virDomainSuspend(run));
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_PAUSED, "run");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_RUNNING, "tmp");
	virDomainFree(run);
	virDomainFree(off);
	virDomainFree(tmp);
}
END_TEST

START_TEST(state_reasons_follow_suspend_resume_shutdown_and_destroy)
{
	virDomainPtr d = lv_define_start("echo");

	lv_assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
	ck_assert_lv_ok(virDomainSuspend(d));
	lv_assert_state(d, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
	lv_assert_info(d, VIR_DOMAIN_PAUSED, LV_KIB);
	ck_assert_lv_ok(virDomainResume(d));
	lv_assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
	/* The echo guest powers off when asked (a break on its console). */
	ck_assert_lv_ok(virDomainShutdown(d));
	ck_assert_msg(lv_wait_state(d, VIR_DOMAIN_SHUTOFF,
	    VIR_DOMAIN_SHUTOFF_SHUTDOWN), "echo did not shut down");
	ck_assert(hvd_env_wait_console(&env, "echo",
	    "echo: break, powering off\n"));
	lv_assert_info(d, VIR_DOMAIN_SHUTOFF, 0);
	ck_assert_int_eq(virDomainIsActive(d), 0);
	ck_assert_lv_ok(virDomainCreate(d));
	lv_assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
	ck_assert_lv_ok(virDomainDestroy(d));
	lv_assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED);
	lv_assert_info(d, VIR_DOMAIN_SHUTOFF, 0);
	ck_assert_int_eq(virDomainIsActive(d), 0);
	virDomainFree(d);
}
END_TEST

/* virDomainGetXMLDesc(@flags) of @d: holds every string of @has, not
 * @hasnt. */
static void
lv_assert_xml(virDomainPtr d, unsigned int flags, const char *const *has,
    const char *hasnt)
{
	char *xml = virDomainGetXMLDesc(d, flags);
	size_t i;

	ck_assert_msg(xml != NULL, "dumpxml: %s", lv_message());
	for (i = 0; has[i] != NULL; i++) {
		ck_assert_msg(strstr(xml, has[i]) != NULL, "\"%s\" is not in "
		    "%s", has[i], xml);
	}
	ck_assert_msg(strstr(xml, hasnt) == NULL, "\"%s\" is in %s", hasnt,
	    xml);
	free(xml);
}

START_TEST(xml_desc_carries_the_id_only_while_running)
{
	char uuid[VIR_UUID_STRING_BUFLEN], uuid_el[64], head[64], kernel_el[
	    PATH_MAX + 32];
	const char *inactive[] = { "<domain type='hv'>\n", "<name>echo</name>",
		uuid_el, kernel_el, "format='raw'", NULL };
	const char *active[] = { head, "<name>echo</name>", uuid_el, NULL };
	virDomainPtr d = lv_define("echo");

	ck_assert_lv_ok(virDomainGetUUIDString(d, uuid));
	snprintf(uuid_el, sizeof(uuid_el), "<uuid>%s</uuid>", uuid);
	snprintf(kernel_el, sizeof(kernel_el), "<kernel>%s</kernel>", kernel);
	lv_assert_xml(d, 0, inactive, " id='");
	ck_assert_lv_ok(virDomainCreate(d));
	snprintf(head, sizeof(head), "<domain type='hv' id='%d'>\n",
	    (int)virDomainGetID(d));
	lv_assert_xml(d, 0, active, "<domain type='hv'>");
	lv_assert_xml(d, VIR_DOMAIN_XML_INACTIVE, inactive, " id='");
	lv_assert_xml(d, VIR_DOMAIN_XML_SECURE, active, "<domain type='hv'>");
	virDomainFree(d);
}
END_TEST

START_TEST(reboot_keeps_the_id_and_sends_a_reboot_event)
{
	struct lv_event ev[LV_EVENTS_MAX];
	virDomainPtr d, again;
	int id;

	lv_watch();
	d = lv_define_start("echo");
	id = (int)virDomainGetID(d);
	/* DEFINED and STARTED first. */
	ck_assert_msg(lv_wait_events(2), "no events of the start");
	ck_assert_lv_ok(virDomainReboot(d, 0));
	ck_assert_msg(lv_wait_events(3), "no event after the reboot");
	ck_assert(hvd_env_wait_console(&env, "echo",
	    "echo: ready\necho: ready\n"));
	again = virDomainLookupByName(conn, "echo");
	ck_assert_ptr_nonnull(again);
	ck_assert_int_eq((int)virDomainGetID(again), id);
	lv_assert_state(again, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
	/* A reset in place: the reboot event alone, as libvirt's drivers
	 * send it, no lifecycle event (it never stopped). */
	ck_assert_uint_eq(lv_events(ev), 3);
	ck_assert_int_eq(ev[1].event, VIR_DOMAIN_EVENT_STARTED);
	ck_assert_int_eq(ev[2].event, LV_EVENT_REBOOT);
	ck_assert_str_eq(ev[2].name, "echo");
	ck_assert_int_eq(ev[2].id, id);
	virDomainFree(again);
	virDomainFree(d);
}
END_TEST

START_TEST(autostart_is_set_and_read_back)
{
	const char *yes[] = { "<hv:autostart>yes</hv:autostart>", NULL };
	const char *no[] = { "<hv:autostart>no</hv:autostart>", NULL };
	virDomainPtr d = lv_define("echo");
	int on = -1;

	ck_assert_lv_ok(virDomainGetAutostart(d, &on));
	ck_assert_int_eq(on, 0);
	ck_assert_lv_ok(virDomainSetAutostart(d, 1));
	ck_assert_lv_ok(virDomainGetAutostart(d, &on));
	ck_assert_int_eq(on, 1);
	lv_assert_xml(d, 0, yes, "<hv:autostart>no");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_AUTOSTART, "echo");
	ck_assert_lv_ok(virDomainSetAutostart(d, 0));
	ck_assert_lv_ok(virDomainGetAutostart(d, &on));
	ck_assert_int_eq(on, 0);
	lv_assert_xml(d, 0, no, "<hv:autostart>yes");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_AUTOSTART, "");
	virDomainFree(d);
}
END_TEST

START_TEST(create_xml_makes_a_transient_domain_gone_once_destroyed)
{
	virDomainPtr d;
	char xml[2048];

	lv_xml(xml, sizeof(xml), "tmp", "");
	d = virDomainCreateXML(conn, xml, 0);
	ck_assert_msg(d != NULL, "create: %s", lv_message());
	ck_assert_int_ge((int)virDomainGetID(d), 1);
	ck_assert_int_eq(virDomainIsActive(d), 1);
	ck_assert_int_eq(virDomainIsPersistent(d), 0);
	lv_assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
	ck_assert(hvd_env_wait_console(&env, "tmp", "echo: ready\n"));
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_TRANSIENT, "tmp");
	/* A second one of the same name exists already. */
	ck_assert_ptr_null(virDomainCreateXML(conn, xml, 0));
	ck_assert_lv_error(VIR_ERR_DOM_EXIST);
	ck_assert_int_eq(virDomainSetAutostart(d, 1), -1);
	ck_assert_lv_error(VIR_ERR_OPERATION_INVALID);
	ck_assert_lv_ok(virDomainDestroy(d));
	ck_assert_list(0, "");
	lv_assert_no_domain(virDomainLookupByName(conn, "tmp"));
	ck_assert_int_eq(virDomainIsActive(d), -1);
	ck_assert_lv_error(VIR_ERR_NO_DOMAIN);
	virDomainFree(d);
}
END_TEST

START_TEST(undefine_removes_the_domain)
{
	virDomainPtr d = lv_define("echo");

	ck_assert_list(0, "echo");
	ck_assert_lv_ok(virDomainUndefine(d));
	ck_assert_list(0, "");
	lv_assert_no_domain(virDomainLookupByName(conn, "echo"));
	ck_assert_int_eq(virDomainUndefine(d), -1);
	ck_assert_lv_error(VIR_ERR_NO_DOMAIN);
	virDomainFree(d);
}
END_TEST

/* An XPath expression's value as a string, on @doc. */
static void
lv_xpath(xmlDocPtr doc, const char *expr, char *out, size_t len)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj;
	xmlChar *s;

	ck_assert_ptr_nonnull(ctx);
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	ck_assert_ptr_nonnull(obj);
	s = xmlXPathCastToString(obj);
	snprintf(out, len, "%s", (const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
}

START_TEST(host_calls_answer_type_version_node_and_capabilities)
{
	unsigned int major = 0, minor = 0, micro = 0;
	unsigned long version = 0;
	virNodeInfo node;
	char *caps, value[64];
	xmlDocPtr doc;

	ck_assert_str_eq(virConnectGetType(conn), "hv");
	ck_assert_lv_ok(virConnectGetVersion(conn, &version));
	ck_assert_int_eq(sscanf(PACKAGE_VERSION, "%u.%u.%u", &major, &minor,
	    &micro) >= 2, 1);
	ck_assert_uint_eq(version, major * 1000000ul + minor * 1000ul + micro);
	/* hvd_env's board: 2 CPUs, 512 MiB. */
	ck_assert_lv_ok(virNodeGetInfo(conn, &node));
	ck_assert_str_eq(node.model, "aarch64");
	ck_assert_uint_eq(node.memory, 512 * 1024);
	ck_assert_uint_eq(node.cpus, 2);
	ck_assert_uint_eq(node.nodes * node.sockets * node.cores *
	    node.threads, node.cpus);
	caps = virConnectGetCapabilities(conn);
	ck_assert_msg(caps != NULL, "capabilities: %s", lv_message());
	doc = xmlReadMemory(caps, (int)strlen(caps), "capabilities.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ck_assert_msg(doc != NULL, "capabilities do not parse: %s", caps);
	lv_xpath(doc, "string(/capabilities/host/cpu/arch)", value,
	    sizeof(value));
	ck_assert_str_eq(value, "aarch64");
	lv_xpath(doc, "count(/capabilities/guest[os_type='hvm']"
	    "/arch[@name='aarch64']/domain[@type='hv'])", value, sizeof(value));
	ck_assert_str_eq(value, "1");
	xmlFreeDoc(doc);
	free(caps);
}
END_TEST

START_TEST(lifecycle_events_arrive_in_order)
{
	static const struct {
		int event;
		int detail;
	} want[] = {
		{ VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED },
		{ VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED },
		{ VIR_DOMAIN_EVENT_SUSPENDED,
		    VIR_DOMAIN_EVENT_SUSPENDED_PAUSED },
		{ VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED },
		{ VIR_DOMAIN_EVENT_STOPPED,
		    VIR_DOMAIN_EVENT_STOPPED_DESTROYED },
		{ VIR_DOMAIN_EVENT_UNDEFINED,
		    VIR_DOMAIN_EVENT_UNDEFINED_REMOVED },
	};
	const size_t count = sizeof(want) / sizeof(want[0]);
	struct lv_event ev[LV_EVENTS_MAX];
	virDomainPtr d;
	size_t i, n;

	lv_watch();
	d = lv_define_start("ev");
	ck_assert_lv_ok(virDomainSuspend(d));
	ck_assert_lv_ok(virDomainResume(d));
	ck_assert_lv_ok(virDomainDestroy(d));
	ck_assert_lv_ok(virDomainUndefine(d));
	ck_assert_msg(lv_wait_events(count), "%zu events of %zu came",
	    lv_events(NULL), count);
	/* One more round trip: anything hvd sent before its reply is in. */
	ck_assert_str_eq(virConnectGetType(conn), "hv");
	n = lv_events(ev);
	ck_assert_uint_eq(n, count);
	for (i = 0; i < n; i++) {
		ck_assert_msg(ev[i].event == want[i].event &&
		    ev[i].detail == want[i].detail, "event %zu: %d %d, wanted "
		    "%d %d", i, ev[i].event, ev[i].detail, want[i].event,
		    want[i].detail);
		ck_assert_str_eq(ev[i].name, "ev");
	}
	virDomainFree(d);
}
END_TEST

/* Every write on @ro fails with OPERATION_DENIED; every read works. */
static void
lv_assert_read_only(virConnectPtr ro)
{
	virDomainPtr d;
	virDomainInfo info;
	char xml[2048], *text;
	int on;

	lv_xml(xml, sizeof(xml), "other", "");
	ck_assert_ptr_null(virDomainDefineXML(ro, xml));
	ck_assert_lv_error(VIR_ERR_OPERATION_DENIED);
	ck_assert_ptr_null(virDomainCreateXML(ro, xml, 0));
	ck_assert_lv_error(VIR_ERR_OPERATION_DENIED);
	ck_assert_int_eq(virConnectListAllDomains(ro, NULL, 0), 1);
	d = virDomainLookupByName(ro, "echo");
	ck_assert_msg(d != NULL, "lookup: %s", lv_message());
	ck_assert_lv_ok(virDomainGetInfo(d, &info));
	ck_assert_int_eq(info.state, VIR_DOMAIN_SHUTOFF);
	ck_assert_lv_ok(virDomainGetAutostart(d, &on));
	text = virDomainGetXMLDesc(d, 0);
	ck_assert_ptr_nonnull(text);
	free(text);
	ck_assert_denied(virDomainCreate(d));
	ck_assert_denied(virDomainCreateWithFlags(d, VIR_DOMAIN_START_PAUSED));
	ck_assert_denied(virDomainDestroy(d));
	ck_assert_denied(virDomainShutdown(d));
	ck_assert_denied(virDomainReboot(d, 0));
	ck_assert_denied(virDomainSuspend(d));
	ck_assert_denied(virDomainResume(d));
	ck_assert_denied(virDomainSetAutostart(d, 1));
	ck_assert_denied(virDomainUndefine(d));
	virDomainFree(d);
	ck_assert_int_eq(virConnectClose(ro), 0);
	/* Nothing changed. */
	ck_assert_list(0, "echo");
	ck_assert_list(VIR_CONNECT_LIST_DOMAINS_INACTIVE |
	    VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, "echo");
}

START_TEST(read_only_connection_refuses_every_write)
{
	virDomainFree(lv_define("echo"));
	lv_assert_read_only(lv_open(uri, true));
}
END_TEST

START_TEST(read_only_socket_refuses_every_write)
{
	virConnectPtr ro;
	virDomainPtr d;

	virDomainFree(lv_define("echo"));
	/* Opened read-write, but on the -ro socket: hvd refuses. */
	ro = lv_open(uri_ro_sock, false);
	d = virDomainLookupByName(ro, "echo");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(virDomainCreate(d), -1);
	ck_assert_lv_error(VIR_ERR_OPERATION_DENIED);
	ck_assert_msg(strstr(lv_message(), "read-only") != NULL,
	    "hvd said: %s", lv_message());
	virDomainFree(d);
	lv_assert_read_only(ro);
}
END_TEST

START_TEST(hvd_errors_reach_the_caller_verbatim)
{
	virDomainPtr d = lv_define_start("echo");

	ck_assert_int_eq(virDomainCreate(d), -1);
	ck_assert_lv_error(VIR_ERR_OPERATION_INVALID);
	ck_assert_str_eq(lv_message(), "domain 'echo' is already running");
	ck_assert_int_eq(virDomainResume(d), -1);
	ck_assert_lv_error(VIR_ERR_OPERATION_INVALID);
	ck_assert_str_eq(lv_message(), "domain 'echo' is not paused");
	ck_assert_lv_ok(virDomainDestroy(d));
	ck_assert_int_eq(virDomainDestroy(d), -1);
	ck_assert_lv_error(VIR_ERR_OPERATION_INVALID);
	ck_assert_str_eq(lv_message(), "domain 'echo' is not running");
	virDomainFree(d);
}
END_TEST

START_TEST(unsupported_xml_is_refused_naming_the_element)
{
	char xml[2048];

	lv_xml(xml, sizeof(xml), "disky", "  <devices>\n"
	    "    <disk type='file' device='disk'>\n"
	    "      <source file='/tmp/disk.img'/>\n"
	    "      <target dev='vda'/>\n"
	    "    </disk>\n"
	    "  </devices>\n");
	ck_assert_ptr_null(virDomainDefineXML(conn, xml));
	ck_assert_lv_error(VIR_ERR_CONFIG_UNSUPPORTED);
	ck_assert_str_eq(lv_message(), "unsupported configuration: element "
	    "<devices/disk> is not supported by hv");
	ck_assert_ptr_null(virDomainCreateXML(conn, xml, 0));
	ck_assert_lv_error(VIR_ERR_CONFIG_UNSUPPORTED);
	ck_assert_ptr_null(virDomainDefineXML(conn, "<domain type='hv'>"));
	ck_assert_lv_error(VIR_ERR_XML_ERROR);
	ck_assert_list(0, "");
}
END_TEST

static TCase *
lv_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, LV_TEST_TIMEOUT);
	hvd_env_tcase_fixture(tc);
	tcase_add_checked_fixture(tc, setup, teardown);
	return tc;
}

int
main(void)
{
	Suite *s = suite_create("libvirt");
	SRunner *sr;
	TCase *tc;
	int failed;

	/* A client must never spawn a daemon of its own. */
	setenv("LIBVIRT_AUTOSTART", "0", 1);
	virSetErrorFunc(NULL, lv_quiet);
	tc = lv_tcase("domains");
	tcase_add_test(tc, define_then_start_gives_the_domain_an_id);
	tcase_add_test(tc, lookups_by_name_id_and_uuid_find_the_same_domain);
	tcase_add_test(tc,
	    cpu_time_is_the_firmwares_count_while_the_domain_is_active);
	tcase_add_test(tc, console_sessions_exclude_each_other_unless_forced);
	tcase_add_test(tc, list_filters_select_the_right_domains);
	tcase_add_test(tc,
	    state_reasons_follow_suspend_resume_shutdown_and_destroy);
	tcase_add_test(tc, xml_desc_carries_the_id_only_while_running);
	tcase_add_test(tc, reboot_keeps_the_id_and_sends_a_reboot_event);
	tcase_add_test(tc, autostart_is_set_and_read_back);
	tcase_add_test(tc,
	    create_xml_makes_a_transient_domain_gone_once_destroyed);
	tcase_add_test(tc, undefine_removes_the_domain);
	suite_add_tcase(s, tc);
	tc = lv_tcase("host");
	tcase_add_test(tc,
	    host_calls_answer_type_version_node_and_capabilities);
	suite_add_tcase(s, tc);
	tc = lv_tcase("events");
	tcase_add_test(tc, lifecycle_events_arrive_in_order);
	suite_add_tcase(s, tc);
	tc = lv_tcase("access");
	tcase_add_test(tc, read_only_connection_refuses_every_write);
	tcase_add_test(tc, read_only_socket_refuses_every_write);
	suite_add_tcase(s, tc);
	tc = lv_tcase("errors");
	tcase_add_test(tc, hvd_errors_reach_the_caller_verbatim);
	tcase_add_test(tc, unsupported_xml_is_refused_naming_the_element);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
