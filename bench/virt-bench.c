/* SPDX-License-Identifier: ISC */
/*
 * virt-bench.c - libvirt's clients through hvd: what "virsh list --all"
 * and "virsh dominfo NAME" cost, measured with libvirt's own client
 * library (libvirt.so) against a real hvd, with 1 client and with 16 at
 * once (processes, each with its own connection kept open), each for a
 * fixed time.  The 16-client figure is set against the 1-client one of
 * the same run.
 *
 * A "list --all" round is what virsh sends for it:
 * virConnectListAllDomains(ACTIVE | INACTIVE), then virDomainGetState for
 * each of the LIST_DOMAINS domains defined first (1 + LIST_DOMAINS
 * calls).  A "dominfo" round is virsh dominfo's calls: lookup by name,
 * GetOSType, GetInfo, IsPersistent, GetAutostart, HasManagedSaveImage
 * (DOMINFO_CALLS; virsh also asks NODE_GET_SECURITY_MODEL and
 * GET_MESSAGES, which hvd refuses at once, and are left out), of a VM
 * that is off and of one that runs: GetInfo of a running VM asks the
 * firmware for its CPU time (a STATS round trip through the mailbox), set
 * against the VM that is off.  Needs HVD, QEMU, HVFW_ELF and HVFW_GUESTS
 * (make bench sets them).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "bench_hvd.h"
#include "bench_opt.h"

/** SECONDS_DEFAULT - how long each client runs rounds. */
#define SECONDS_DEFAULT	2
/** SECONDS_MAX - the most -s takes. */
#define SECONDS_MAX	60
/** LIST_DOMAINS - domains defined for the rounds. */
#define LIST_DOMAINS	8
/** LIST_CALLS - RPC calls of a "list --all" round. */
#define LIST_CALLS	(1 + LIST_DOMAINS)
/** DOMINFO_CALLS - RPC calls of a "dominfo" round. */
#define DOMINFO_CALLS	6
/** MANY - clients of the "at once" figures. */
#define MANY		16
/** OFF_VM - the VM of the "dominfo" figure that is off. */
#define OFF_VM		"vm3"
/** RUNNING_VM - the VM started for the "dominfo" figure of a running VM. */
#define RUNNING_VM	"vm5"

/**
 * struct bench - the run.
 * @hvd:     hvd and its temporary directory.
 * @uri:     its libvirt URI.
 * @seconds: how long each client runs rounds.
 */
static struct {
	struct bench_hvd hvd;
	char uri[700];
	unsigned int seconds;
} vb;

static int
fail(const char *what)
{
	virErrorPtr e = virGetLastError();

	fprintf(stderr, "virt-bench: %s: %s\n", what,
	    e != NULL && e->message != NULL ? e->message : "failed");
	return -1;
}

/* libvirt's errors are said by fail(), once. */
static void
quiet(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

/* A client's connection (bench_hvd_clients()). */
static void *
client_open(void *ctx)
{
	virConnectPtr c = virConnectOpen(vb.uri);

	(void)ctx;
	if (c == NULL) {
		fail("connect");
	}
	return c;
}

static void
client_close(void *conn)
{
	virConnectClose(conn);
}

/* One "virsh list --all" round. */
static int
list_round(void *conn, void *ctx)
{
	virDomainPtr *doms = NULL;
	int i, n, state, reason, rc = 0;

	(void)ctx;
	n = virConnectListAllDomains(conn, &doms,
	    VIR_CONNECT_LIST_DOMAINS_ACTIVE |
	    VIR_CONNECT_LIST_DOMAINS_INACTIVE);
	if (n < 0) {
		return fail("list");
	}
	if (n != LIST_DOMAINS) {
		fprintf(stderr, "virt-bench: list: %d domains, not %d\n", n,
		    LIST_DOMAINS);
		rc = -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 && virDomainGetState(doms[i], &state, &reason,
		    0) < 0) {
			rc = fail("state");
		}
		virDomainFree(doms[i]);
	}
	free(doms);
	return rc;
}

/* One "virsh dominfo NAME" round, @ctx the name. */
static int
dominfo_round(void *conn, void *ctx)
{
	virDomainPtr d = virDomainLookupByName(conn, ctx);
	virDomainInfo info;
	char *os = NULL;
	int autostart, rc = 0;

	if (d == NULL) {
		return fail("lookup");
	}
	if ((os = virDomainGetOSType(d)) == NULL ||
	    virDomainGetInfo(d, &info) < 0 ||
	    virDomainIsPersistent(d) != 1 ||
	    virDomainGetAutostart(d, &autostart) < 0 ||
	    virDomainHasManagedSaveImage(d, 0) != 0) {
		rc = fail("dominfo");
	}
	free(os);
	virDomainFree(d);
	return rc;
}

/* Define LIST_DOMAINS echo guests, vm0.., and start RUNNING_VM. */
static int
define_all(void)
{
	char kernel[PATH_MAX], xml[PATH_MAX + 1024];
	virConnectPtr c = client_open(NULL);
	virDomainPtr d;
	int i, rc = 0;

	if (c == NULL) {
		return -1;
	}
	if (realpath(getenv("HVFW_GUESTS"), kernel) == NULL) {
		fprintf(stderr, "virt-bench: %s: no such directory\n",
		    getenv("HVFW_GUESTS"));
		rc = -1;
	}
	for (i = 0; i < LIST_DOMAINS && rc == 0; i++) {
		snprintf(xml, sizeof(xml), "<domain type='hv'>\n"
		    "  <name>vm%d</name>\n"
		    "  <memory unit='KiB'>16384</memory>\n"
		    "  <os>\n"
		    "    <type arch='aarch64' machine='virt'>hvm</type>\n"
		    "    <kernel>%s/echo.bin</kernel>\n"
		    "  </os>\n"
		    "  <metadata>\n"
		    "    <hv:vm xmlns:hv='urn:hv:domain:1'>\n"
		    "      <hv:kernel format='raw' "
		    "load_address='0x40000000'/>\n"
		    "    </hv:vm>\n"
		    "  </metadata>\n"
		    "</domain>\n", i, kernel);
		if ((d = virDomainDefineXML(c, xml)) == NULL) {
			rc = fail("define");
			break;
		}
		if (strcmp(virDomainGetName(d), RUNNING_VM) == 0 &&
		    virDomainCreate(d) < 0) {
			rc = fail("start");
		}
		virDomainFree(d);
	}
	virConnectClose(c);
	return rc;
}

static void
row(const char *id, const char *what, double rounds, double calls,
    const char *against, double ratio)
{
	printf("%-3s %-50s %10.1f %10.1f  %-12s %7.2f\n", id, what, rounds,
	    calls, against, ratio);
}

/*
 * One figure: rounds per second with 1 and with MANY clients, @ctx given
 * to @round; the 1-client rate is set against @base (if > 0, figure
 * @base_id's) and put in *@one.
 */
static int
figure(const char *id, const char *what, int (*round)(void *, void *),
    void *ctx, unsigned int calls, const char *base_id, double base,
    double *one_out)
{
	const struct bench_client_ops ops = { client_open, round,
	    client_close };
	char text[64], against[16] = "";
	double one, many;

	if ((one = bench_hvd_clients(&ops, ctx, 1, vb.seconds)) <= 0 ||
	    (many = bench_hvd_clients(&ops, ctx, MANY, vb.seconds)) <= 0) {
		fprintf(stderr, "virt-bench: %s: a client failed\n", what);
		return -1;
	}
	if (base > 0) {
		snprintf(against, sizeof(against), "x (%s)", base_id);
	}
	snprintf(text, sizeof(text), "%s, 1 client", what);
	row(id, text, one, one * calls, against, base > 0 ? one / base : 1);
	*one_out = one;
	snprintf(text, sizeof(text), "%s, %d clients at once", what, MANY);
	row(id, text, many, many * calls, "x 1 client", many / one);
	return 0;
}

static int
run(void)
{
	unsigned long lib = 0;
	double one, off;

	if (bench_hvd_start(&vb.hvd) < 0 || define_all() < 0) {
		return -1;
	}
	virGetVersion(&lib, NULL, NULL);
	printf("virt-bench: libvirt %lu.%lu.%lu, %u s per figure, %d "
	    "domains; a round of (a) is %d RPC calls, of (b) and (c) %d\n"
	    "%-3s %-50s %10s %10s  %-12s %7s\n", lib / 1000000,
	    lib / 1000 % 1000, lib % 1000, vb.seconds, LIST_DOMAINS,
	    LIST_CALLS, DOMINFO_CALLS, "", "what", "rounds/s", "RPC/s",
	    "against", "ratio");
	if (figure("a", "virsh list --all", list_round, NULL, LIST_CALLS,
	    NULL, 0, &one) < 0 ||
	    figure("b", "virsh dominfo NAME (off)", dominfo_round, OFF_VM,
	    DOMINFO_CALLS, NULL, 0, &off) < 0) {
		return -1;
	}
	return figure("c", "virsh dominfo NAME (running)", dominfo_round,
	    RUNNING_VM, DOMINFO_CALLS, "b", off, &one);
}

int
main(int argc, char **argv)
{
	const struct bench_opt opt = {
	    "virt-bench", 's', "seconds", "how long each client runs",
	    SECONDS_MAX, &vb.seconds,
	};
	int rc;

	vb.seconds = SECONDS_DEFAULT;
	if ((rc = bench_opt_parse(&opt, argc, argv)) >= 0) {
		return rc;
	}
	if (getenv("HVD") == NULL || getenv("QEMU") == NULL ||
	    getenv("HVFW_ELF") == NULL || getenv("HVFW_GUESTS") == NULL) {
		fprintf(stderr, "virt-bench: HVD, QEMU, HVFW_ELF and "
		    "HVFW_GUESTS must be set (make bench sets them)\n");
		return 2;
	}
	/* A client must never spawn a daemon of its own. */
	setenv("LIBVIRT_AUTOSTART", "0", 1);
	virSetErrorFunc(NULL, quiet);
	if (bench_hvd_init(&vb.hvd, "virt-bench") < 0) {
		return 1;
	}
	snprintf(vb.uri, sizeof(vb.uri), "hv+unix:///session?socket=%s",
	    vb.hvd.sock);
	rc = run();
	bench_hvd_fini(&vb.hvd);
	return rc == 0 ? 0 : 1;
}
