/* SPDX-License-Identifier: ISC */
/*
 * mailbox-bench.c - what requests through the mailbox cost, end to end:
 * hvfw on one QEMU board (TCG unless QEMU says otherwise), driven through
 * lib/host/board.h as hvd drives it.
 *
 *   a  RUN of a hello VM until its first CONSOLE_OUT byte arrives;
 *   b  CREATE_VM + MAP + SET_VCPU + RUN of a VM (four round trips; the
 *      VM is then run to its end and destroyed, untimed);
 *   c  MAP of 1 GiB at 2 MiB and at 4 KiB granularity, ABI_BATCH_MAX
 *      entries a request, MAILBOX_BENCH_WINDOW requests in flight,
 *      against the very same s2pt_map() calls made on the host in the
 *      same run (libhv's s2pt over bench_env.h's pool).
 *
 * A HELLO round trip is measured too, as the unit of (a) and (b).  Each
 * figure is the median of -r runs.  Absolute times on a shared machine
 * under TCG are noise; the ratios are the figures to compare.
 *
 * Environment: QEMU, HVFW_ELF, HVFW_GUESTS (make bench sets them).
 * Exit status: 0 when every request did what it should, 1 otherwise, 2
 * for bad usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hv/abi.h>
#include <hv/s2pt.h>

#include "bench_env.h"
#include "bench_opt.h"
#include "bench_stat.h"
#include "board.h"
#include "board_watch.h"

#define KIB4			0x1000ull
#define MIB2			0x200000ull
#define GIB			0x40000000ull
/** MAILBOX_BENCH_RAM_MIB - board RAM: 1 GiB to map and room around it. */
#define MAILBOX_BENCH_RAM_MIB	3072u
/** MAILBOX_BENCH_CPUS - QEMU's -smp. */
#define MAILBOX_BENCH_CPUS	2u
/** MAILBOX_BENCH_MAP_IPA - where (c) maps: 2 GiB, 1 GiB into RAM as a PA. */
#define MAILBOX_BENCH_MAP_IPA	(2 * GIB)
#define MAILBOX_BENCH_MAP_PA	(2 * GIB)
/** MAILBOX_BENCH_WINDOW - MAP requests in flight (the ring has 64 slots). */
#define MAILBOX_BENCH_WINDOW	32u
/** MAILBOX_BENCH_VM_RAM - RAM of the VMs of (a) and (b). */
#define MAILBOX_BENCH_VM_RAM	MIB2
#define MAILBOX_BENCH_VM_IPA	0x40000000ull
#define MAILBOX_BENCH_TIMEOUT_MS 60000
#define MAILBOX_BENCH_POOL	((size_t)64 << 20)
#define REPS_DEFAULT		5u

/**
 * struct mbench - the run.
 * @board:  the board.
 * @watch:  its events.
 * @hello:  what HELLO said.
 * @env:    the host's s2pt environment for (c).
 * @image:  path of hello.bin.
 * @vm_pa:  PA of the RAM of the VMs of (a) and (b).
 * @reps:   runs per figure.
 * @env_up: whether @env is set up.
 * @board_up: whether @board was started.
 */
struct mbench {
	struct board board;
	struct board_watch watch;
	struct abi_hello_reply hello;
	struct bench_env env;
	char image[512];
	uint64_t vm_pa;
	unsigned int reps;
	bool env_up;
	bool board_up;
};

static struct mbench mb;

static int
fail(const char *what, int ret)
{
	const char *why = board_error(&mb.board);

	fprintf(stderr, "mailbox-bench: %s: %d (%s)%s%s\n", what, ret,
	    strerror(ret < 0 ? -ret : ret), why[0] != '\0' ? ": " : "", why);
	return ret != 0 ? ret : -EIO;
}

static int
hello_round_trip(uint64_t *ns)
{
	uint64_t t0 = bench_env_now_ns();
	int ret;

	ret = board_hello(&mb.board, NULL);
	*ns = bench_env_now_ns() - t0;
	return ret != 0 ? fail("HELLO", ret) : 0;
}

/* A hello VM made, its vCPU 0 set: RUN is next. */
static int
hello_ready(uint32_t vm)
{
	int ret;

	ret = board_load_file(&mb.board, mb.vm_pa, mb.image, NULL);
	if (ret == 0) {
		ret = board_create_vm(&mb.board, vm, 1, mb.hello.ipa_bits);
	}
	if (ret == 0) {
		ret = board_map(&mb.board, vm, MAILBOX_BENCH_VM_IPA, mb.vm_pa,
		    MAILBOX_BENCH_VM_RAM, ABI_PERM_ALL, ABI_MEM_NORMAL_WB, 0);
	}
	if (ret == 0) {
		ret = board_set_vcpu(&mb.board, vm, 0, MAILBOX_BENCH_VM_IPA,
		    MAILBOX_BENCH_VM_RAM, ABI_VCPU_ON);
	}
	return ret != 0 ? fail("hello VM", ret) : 0;
}

/* Wait for VM @vm to end, forget what it said, destroy it. */
static int
hello_finish(uint32_t vm)
{
	int ret;

	ret = board_watch_exit(&mb.watch, vm, MAILBOX_BENCH_TIMEOUT_MS, NULL);
	if (ret == 0 && mb.watch.vm[vm].exit.reason != ABI_EXIT_OFF) {
		ret = -EIO;
	}
	if (ret == 0) {
		ret = board_destroy(&mb.board, vm);
	}
	memset(&mb.watch.vm[vm], 0, sizeof(mb.watch.vm[vm]));
	return ret != 0 ? fail("hello VM's end", ret) : 0;
}

/* (a): RUN until the first CONSOLE_OUT of the VM comes in. */
static int
first_byte(uint64_t *ns)
{
	struct board_reply ev;
	uint64_t t0;
	int ret;

	if ((ret = hello_ready(1)) != 0) {
		return ret;
	}
	t0 = bench_env_now_ns();
	ret = board_run(&mb.board, 1);
	while (ret == 0) {
		ret = board_next_event(&mb.board, MAILBOX_BENCH_TIMEOUT_MS, &ev);
		if (ret != 0) {
			break;
		}
		board_watch_record(&mb.watch, &ev);
		if (ev.view.type == ABI_MSG_CONSOLE_OUT &&
		    ev.view.msg.text->vm == 1) {
			*ns = bench_env_now_ns() - t0;
			return hello_finish(1);
		}
		if (mb.watch.vm[1].exits != 0) {
			ret = -EIO;
		}
	}
	return fail("RUN to the first console byte", ret);
}

/* (b): CREATE_VM, MAP, SET_VCPU, RUN. */
static int
vm_start(uint64_t *ns)
{
	uint64_t t0 = bench_env_now_ns();
	int ret;

	if ((ret = hello_ready(1)) == 0 &&
	    (ret = board_run(&mb.board, 1)) != 0) {
		ret = fail("RUN", ret);
	}
	*ns = bench_env_now_ns() - t0;
	/* The image load inside is a memcpy of a few KiB: noise. */
	return ret != 0 ? ret : hello_finish(1);
}

/* Batch @n of the 1 GiB map at @gran into @e; return its entries. */
static uint32_t
map_batch(struct abi_range *e, uint64_t n, uint64_t gran)
{
	uint64_t first = n * ABI_BATCH_MAX, total = GIB / gran, i;
	uint32_t count = 0;

	for (i = first; i < total && count < ABI_BATCH_MAX; i++, count++) {
		e[count] = (struct abi_range){
			.ipa = MAILBOX_BENCH_MAP_IPA + i * gran,
			.pa = MAILBOX_BENCH_MAP_PA + i * gran, .size = gran,
			.perm = ABI_PERM_R | ABI_PERM_W,
			.memtype = ABI_MEM_NORMAL_WB,
		};
	}
	return count;
}

/* Push MAP batch @n for VM @vm; its sequence number into @seq. */
static int
map_push(uint32_t vm, uint64_t n, uint64_t gran, uint64_t *seq)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	struct abi_range e[ABI_BATCH_MAX];
	uint32_t count = map_batch(e, n, gran);
	int len;

	*seq = board_next_seq(&mb.board);
	len = abi_encode_batch(msg, sizeof(msg), ABI_MSG_MAP, *seq, vm, e,
	    count);
	if (len < 0) {
		return fail("MAP batch encoding", len);
	}
	return board_push(&mb.board, msg, (size_t)len);
}

/* The reply to MAP @seq, batch @n, must say every entry was applied. */
static int
map_reply(uint64_t seq, uint64_t n)
{
	struct abi_stats_reply st = { 0 };
	struct board_reply r;
	char what[128];
	int ret;

	ret = board_await(&mb.board, ABI_MSG_MAP, seq, &r);
	if (ret == 0 && (r.view.hdr->status != 0 ||
	    r.view.type != ABI_MSG_MAP_REPLY)) {
		ret = r.view.hdr->status != 0 ? r.view.hdr->status : -EPROTO;
	}
	if (ret == 0) {
		return 0;
	}
	if (r.view.type == ABI_MSG_MAP_REPLY) {
		board_stats(&mb.board, 0, &st);
		snprintf(what, sizeof(what), "MAP %llu, entry %u (table pool: "
		    "%llu of %llu pages free)", (unsigned long long)n,
		    r.view.msg.batch_reply->done,
		    (unsigned long long)st.pool_free,
		    (unsigned long long)st.pool_pages);
		return fail(what, ret);
	}
	return fail("MAP", ret);
}

/* (c), through the mailbox: 1 GiB into a fresh VM at @gran. */
static int
map_mailbox(uint64_t gran, uint64_t *ns, uint64_t *table_pages)
{
	const uint64_t batches = (GIB / gran + ABI_BATCH_MAX - 1) /
	    ABI_BATCH_MAX;
	uint64_t seq[MAILBOX_BENCH_WINDOW], sent = 0, done = 0, t0;
	struct abi_stats_reply st;
	int ret;

	ret = board_create_vm(&mb.board, 2, 1, mb.hello.ipa_bits);
	if (ret != 0) {
		return fail("CREATE_VM", ret);
	}
	t0 = bench_env_now_ns();
	while (ret == 0 && done < batches) {
		while (ret == 0 && sent < batches &&
		    sent - done < MAILBOX_BENCH_WINDOW) {
			ret = map_push(2, sent, gran,
			    &seq[sent % MAILBOX_BENCH_WINDOW]);
			sent++;
		}
		if (ret == 0) {
			ret = map_reply(seq[done % MAILBOX_BENCH_WINDOW], done);
			done++;
		}
	}
	*ns = bench_env_now_ns() - t0;
	if (ret == 0 && (ret = board_stats(&mb.board, 2, &st)) == 0) {
		*table_pages = st.vm_s2.table_pages;
	}
	if (ret == 0) {
		/* Scrubbing 1 GiB takes a while: not timed. */
		ret = board_destroy(&mb.board, 2);
	}
	return ret != 0 ? fail("map through the mailbox", ret) : 0;
}

/* (c), on the host: the same s2pt_map() calls, one per entry. */
static int
map_host(uint64_t gran, uint64_t *ns, uint64_t *table_pages)
{
	const struct s2pt_attr rw = { S2PT_R | S2PT_W, S2PT_NORMAL_WB };
	struct s2pt_stats st;
	struct s2pt pt;
	uint64_t off, t0;
	int ret;

	ret = bench_env_s2pt_init(&mb.env, &pt);
	if (ret != 0) {
		return fail("s2pt_init", ret);
	}
	t0 = bench_env_now_ns();
	for (off = 0; ret == 0 && off < GIB; off += gran) {
		ret = s2pt_map(&pt, ipa_init(MAILBOX_BENCH_MAP_IPA + off),
		    pa_init(MAILBOX_BENCH_MAP_PA + off), gran, rw);
	}
	*ns = bench_env_now_ns() - t0;
	s2pt_stats(&pt, &st);
	*table_pages = st.table_pages;
	s2pt_fini(&pt);
	return ret != 0 ? fail("s2pt_map on the host", ret) : 0;
}

/** struct figure - one measured thing: its runs. */
struct figure {
	uint64_t ns[BENCH_STAT_MAX];
	uint64_t tables;
};

static int
measure(int (*fn)(uint64_t *), struct figure *f)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; ret == 0 && i < mb.reps; i++) {
		ret = fn(&f->ns[i]);
	}
	return ret;
}

static int
measure_map(uint64_t gran, struct figure *fw, struct figure *host)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; ret == 0 && i < mb.reps; i++) {
		ret = map_mailbox(gran, &fw->ns[i], &fw->tables);
		if (ret == 0) {
			ret = map_host(gran, &host->ns[i], &host->tables);
		}
	}
	return ret;
}

static double
median_us(const struct figure *f)
{
	return bench_median(f->ns, mb.reps) / 1000;
}

static void
row(const char *id, const char *what, double us, const char *per,
    const char *bound, double ratio)
{
	if (ratio > 0) {
		printf("%-3s %-44s %12.1f  %-10s %-22s %8.2f\n", id, what, us,
		    per, bound, ratio);
	} else {
		printf("%-3s %-44s %12.1f  %-10s %-22s %8s\n", id, what, us,
		    per, bound, "-");
	}
}

static int
run_latency(void)
{
	static struct figure rt, a, b;
	char rate[64];
	int ret;

	if ((ret = measure(hello_round_trip, &rt)) != 0 ||
	    (ret = measure(first_byte, &a)) != 0 ||
	    (ret = measure(vm_start, &b)) != 0) {
		return ret;
	}
	row("-", "HELLO round trip", median_us(&rt), "us", "", 0);
	row("a", "RUN -> hello's first CONSOLE_OUT byte", median_us(&a), "us",
	    "x HELLO round trip", median_us(&a) / median_us(&rt));
	row("b", "CREATE_VM+MAP+SET_VCPU+RUN", median_us(&b), "us/VM",
	    "x 4 HELLO round trips", median_us(&b) / (4 * median_us(&rt)));
	snprintf(rate, sizeof(rate), "    = %.0f VM starts/s, %.0f round "
	    "trips/s", 1e6 / median_us(&b), 4e6 / median_us(&b));
	printf("%s\n", rate);
	fflush(stdout);
	return 0;
}

static int
run_map(uint64_t gran, const char *what)
{
	static struct figure fw, host;
	char line[96];
	int ret;

	ret = measure_map(gran, &fw, &host);
	if (ret != 0) {
		return ret;
	}
	snprintf(line, sizeof(line), "map 1 GiB as %s (%llu MAPs)", what,
	    (unsigned long long)((GIB / gran + ABI_BATCH_MAX - 1) /
	    ABI_BATCH_MAX));
	row("c", line, median_us(&fw), "us", "x host s2pt_map",
	    median_us(&fw) / median_us(&host));
	printf("    host s2pt_map: %.1f us; through the mailbox %.0f "
	    "4 KiB pages/s; table pages: firmware %llu, host %llu\n",
	    median_us(&host),
	    (double)(GIB / KIB4) / (median_us(&fw) / 1e6),
	    (unsigned long long)fw.tables, (unsigned long long)host.tables);
	fflush(stdout);
	return 0;
}

static int
start(void)
{
	struct board_config cfg = {
		.qemu = getenv("QEMU"),
		.firmware = getenv("HVFW_ELF"),
		.cpu = "cortex-a57",
		.cpu_count = MAILBOX_BENCH_CPUS,
		.ram_mib = MAILBOX_BENCH_RAM_MIB,
		.timeout_ms = MAILBOX_BENCH_TIMEOUT_MS,
	};
	const char *guests = getenv("HVFW_GUESTS");
	int ret;

	if (cfg.qemu == NULL || cfg.firmware == NULL || guests == NULL) {
		fprintf(stderr, "mailbox-bench: QEMU, HVFW_ELF and HVFW_GUESTS "
		    "must be set (make bench sets them)\n");
		return -EINVAL;
	}
	snprintf(mb.image, sizeof(mb.image), "%s/hello.bin", guests);
	ret = bench_env_init(&mb.env, MAILBOX_BENCH_POOL);
	if (ret != 0) {
		fprintf(stderr, "mailbox-bench: no host pool: %s\n",
		    strerror(-ret));
		return ret;
	}
	mb.env_up = true;
	if ((ret = board_start(&mb.board, &cfg)) != 0) {
		return fail("board_start", ret);
	}
	mb.board_up = true;
	board_watch_init(&mb.watch, &mb.board);
	if ((ret = board_hello(&mb.board, &mb.hello)) != 0) {
		return fail("HELLO", ret);
	}
	/* The VMs of (a) and (b): 2 MiB past the firmware. */
	mb.vm_pa = (mb.hello.fw_base + mb.hello.fw_size + 2 * MIB2 - 1) &
	    ~(MIB2 - 1);
	if (mb.vm_pa + MIB2 > MAILBOX_BENCH_MAP_PA ||
	    MAILBOX_BENCH_MAP_PA + GIB > mb.hello.mailbox_base) {
		fprintf(stderr, "mailbox-bench: the firmware leaves no room "
		    "for 1 GiB at PA 0x%llx\n",
		    (unsigned long long)MAILBOX_BENCH_MAP_PA);
		return -ENOSPC;
	}
	printf("mailbox-bench: QEMU -smp %u -m %u, %u runs, medians\n",
	    mb.hello.cpu_count, MAILBOX_BENCH_RAM_MIB, mb.reps);
	printf("%-3s %-44s %12s  %-10s %-22s %8s\n", "", "what", "median",
	    "unit", "against", "ratio");
	return 0;
}

int
main(int argc, char **argv)
{
	const struct bench_opt opt = {
	    "mailbox-bench", 'r', "runs", "runs per figure", BENCH_STAT_MAX,
	    &mb.reps,
	};
	int ret;

	mb.reps = REPS_DEFAULT;
	if ((ret = bench_opt_parse(&opt, argc, argv)) >= 0) {
		return ret;
	}
	ret = start();
	if (ret == 0) {
		ret = run_latency();
	}
	if (ret == 0) {
		ret = run_map(MIB2, "2 MiB");
	}
	if (ret == 0) {
		ret = run_map(KIB4, "4 KiB");
	}
	if (mb.board_up) {
		board_stop(&mb.board);
	}
	if (mb.env_up) {
		bench_env_fini(&mb.env);
	}
	return ret == 0 ? 0 : 1;
}
