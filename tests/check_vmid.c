/* SPDX-License-Identifier: ISC */
/*
 * check_vmid.c - tests of the VMID allocator.
 *
 * Every enter is checked against a model of what the hardware would see:
 * which VM each CPU is running with which VMID, and which VM each VMID's
 * TLB entries belong to since the last tlb_flush_all().  Two CPUs running
 * different VMs must never show the same VMID, two CPUs running the same VM
 * must show the same one, and a VMID must not be used for a second VM before
 * the first one's TLB entries are flushed or invalidated.
 */
#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <hv/errno.h>
#include <hv/vmid.h>

#define CPU_MAX		8
#define MODEL_BITS	8
#define NOBODY		(-1)

/* What the allocator's environment and the hardware model record. */
struct env {
	pthread_mutex_t mu;		/* the allocator lock */
	bool held;
	unsigned long locks;
	unsigned long flushes;
	unsigned long flushes_unlocked;

	pthread_mutex_t model_mu;	/* protects the fields below */
	long run_vm[CPU_MAX];		/* VM running on each CPU or NOBODY */
	uint16_t run_vmid[CPU_MAX];
	long tlb_owner[1 << MODEL_BITS]; /* VM whose entries a VMID tags */
	uint32_t vmid_count;
	const char *violation;		/* first violation seen */
};

struct harness {
	struct env env;
	struct vmid_allocator va;
	struct vmid_cpu cpus[CPU_MAX];
	uint64_t map[VMID_MAP_WORDS(VMID_BITS_MAX)];
};

static void
env_lock(void *ctx)
{
	struct env *e = ctx;

	pthread_mutex_lock(&e->mu);
	e->held = true;
	e->locks++;
}

static void
env_unlock(void *ctx)
{
	struct env *e = ctx;

	e->held = false;
	pthread_mutex_unlock(&e->mu);
}

static void
env_flush(void *ctx)
{
	struct env *e = ctx;
	uint32_t i;

	e->flushes++;
	if (!e->held) {
		e->flushes_unlocked++;
	}
	pthread_mutex_lock(&e->model_mu);
	for (i = 0; i < (1u << MODEL_BITS); i++) {
		e->tlb_owner[i] = NOBODY;
	}
	pthread_mutex_unlock(&e->model_mu);
}

static const struct vmid_ops env_ops = {
	.lock = env_lock,
	.unlock = env_unlock,
	.tlb_flush_all = env_flush,
};

static void
harness_init(struct harness *h, unsigned int bits, unsigned int cpu_count)
{
	unsigned int i;

	ck_assert_uint_le(cpu_count, CPU_MAX);
	pthread_mutex_init(&h->env.mu, NULL);
	pthread_mutex_init(&h->env.model_mu, NULL);
	h->env.held = false;
	h->env.locks = 0;
	h->env.flushes = 0;
	h->env.flushes_unlocked = 0;
	for (i = 0; i < CPU_MAX; i++) {
		h->env.run_vm[i] = NOBODY;
		h->env.run_vmid[i] = 0;
	}
	for (i = 0; i < (1u << MODEL_BITS); i++) {
		h->env.tlb_owner[i] = NOBODY;
	}
	h->env.vmid_count = 1u << bits;
	h->env.violation = NULL;
	ck_assert_int_eq(vmid_allocator_init(&h->va, bits, cpu_count, h->cpus,
	    h->map, &env_ops, &h->env), 0);
}

static void
harness_fini(struct harness *h)
{
	pthread_mutex_destroy(&h->env.mu);
	pthread_mutex_destroy(&h->env.model_mu);
}

/* Check a CPU starting to run @vm with @vmid against the model. */
static const char *
model_check(struct env *e, unsigned int cpu, long vm, uint16_t vmid)
{
	unsigned int i;

	if (vmid == 0 || vmid >= e->vmid_count) {
		return "VMID 0 or out of range handed out";
	}
	if (e->tlb_owner[vmid] != NOBODY && e->tlb_owner[vmid] != vm) {
		return "VMID reused before its TLB entries were flushed";
	}
	for (i = 0; i < CPU_MAX; i++) {
		if (i == cpu || e->run_vm[i] == NOBODY) {
			continue;
		}
		if (e->run_vm[i] != vm && e->run_vmid[i] == vmid) {
			return "two VMs run with one VMID";
		}
		if (e->run_vm[i] == vm && e->run_vmid[i] != vmid) {
			return "one VM runs with two VMIDs";
		}
	}
	return NULL;
}

static void
model_run(struct env *e, unsigned int cpu, long vm, uint16_t vmid)
{
	const char *why;

	pthread_mutex_lock(&e->model_mu);
	why = model_check(e, cpu, vm, vmid);
	if (why != NULL && e->violation == NULL) {
		e->violation = why;
	}
	e->run_vm[cpu] = vm;
	e->run_vmid[cpu] = vmid;
	if (vmid < (1u << MODEL_BITS)) {
		e->tlb_owner[vmid] = vm;
	}
	pthread_mutex_unlock(&e->model_mu);
}

static void
model_stop(struct env *e, unsigned int cpu)
{
	pthread_mutex_lock(&e->model_mu);
	e->run_vm[cpu] = NOBODY;
	pthread_mutex_unlock(&e->model_mu);
}

/* Enter @vm (model name @name) on @cpu and check the model at once. */
static uint16_t
enter(struct harness *h, struct vmid_ctx *vc, long name, unsigned int cpu)
{
	uint16_t v;

	model_stop(&h->env, cpu);
	v = vmid_value(vmid_enter(&h->va, vc, cpu));
	model_run(&h->env, cpu, name, v);
	ck_assert_msg(h->env.violation == NULL, "%s: VM %ld VMID %u CPU %u",
	    h->env.violation, name, v, cpu);
	ck_assert_uint_eq(vmid_value(vmid_current(vc)), v);
	return v;
}

static struct vmid_stats
stats(struct harness *h)
{
	struct vmid_stats st;

	vmid_stats(&h->va, &st);
	return st;
}

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

START_TEST(vmid_init_rejects_bad_width)
{
	struct harness h;
	unsigned int bad[] = { 0, 1, VMID_BITS_MAX + 1, 32, 64 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(vmid_allocator_init(&h.va, bad[i], 1, h.cpus,
		    h.map, &env_ops, &h.env), -EINVAL);
	}
	ck_assert_int_eq(vmid_allocator_init(&h.va, VMID_BITS_MIN, 1, h.cpus,
	    h.map, &env_ops, &h.env), 0);
	ck_assert_int_eq(vmid_allocator_init(&h.va, VMID_BITS_MAX, 1, h.cpus,
	    h.map, &env_ops, &h.env), 0);
}
END_TEST

START_TEST(vmid_init_rejects_more_cpus_than_width_allows)
{
	struct harness h;

	/* 2 bits: VMIDs 1..3; a rollover may reserve one per CPU. */
	ck_assert_int_eq(vmid_allocator_init(&h.va, 2, 3, h.cpus, h.map,
	    &env_ops, &h.env), -EINVAL);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 2, 2, h.cpus, h.map,
	    &env_ops, &h.env), 0);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 3, 7, h.cpus, h.map,
	    &env_ops, &h.env), -EINVAL);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 3, 6, h.cpus, h.map,
	    &env_ops, &h.env), 0);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 8, 0, h.cpus, h.map,
	    &env_ops, &h.env), -EINVAL);
}
END_TEST

START_TEST(vmid_init_rejects_missing_buffers)
{
	struct harness h;
	struct vmid_ops no_flush = env_ops;

	no_flush.tlb_flush_all = NULL;
	ck_assert_int_eq(vmid_allocator_init(NULL, 8, 1, h.cpus, h.map,
	    &env_ops, &h.env), -EINVAL);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 8, 1, NULL, h.map,
	    &env_ops, &h.env), -EINVAL);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 8, 1, h.cpus, NULL,
	    &env_ops, &h.env), -EINVAL);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 8, 1, h.cpus, h.map,
	    NULL, &h.env), -EINVAL);
	ck_assert_int_eq(vmid_allocator_init(&h.va, 8, 1, h.cpus, h.map,
	    &no_flush, &h.env), -EINVAL);
}
END_TEST

START_TEST(vmid_first_enter_gives_nonzero_vmid)
{
	struct harness h;
	struct vmid_ctx a;
	struct vmid_stats st;
	uint16_t v;

	harness_init(&h, 8, 1);
	vmid_ctx_init(&a);
	ck_assert_uint_eq(vmid_value(vmid_current(&a)), 0);
	st = stats(&h);
	ck_assert_uint_eq(st.generation, 1);
	ck_assert_uint_eq(st.in_use, 0);

	v = enter(&h, &a, 0, 0);
	ck_assert_uint_ne(v, 0);
	st = stats(&h);
	ck_assert_uint_eq(st.generation, 1);
	ck_assert_uint_eq(st.in_use, 1);
	ck_assert_uint_eq(st.rollovers, 0);
	ck_assert_uint_eq(st.flushes, 0);
	ck_assert_uint_eq(h.env.flushes, 0);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_fast_path_takes_no_lock)
{
	struct harness h;
	struct vmid_ctx a, b;
	unsigned long locks;
	uint16_t va_, vb;

	harness_init(&h, 8, 2);
	vmid_ctx_init(&a);
	vmid_ctx_init(&b);
	va_ = enter(&h, &a, 0, 0);
	vb = enter(&h, &b, 1, 1);
	ck_assert_uint_ne(va_, vb);

	locks = h.env.locks;
	ck_assert_uint_eq(enter(&h, &a, 0, 0), va_);
	ck_assert_uint_eq(enter(&h, &b, 1, 0), vb);
	ck_assert_uint_eq(enter(&h, &a, 0, 1), va_);
	ck_assert_uint_eq(h.env.locks, locks);
	harness_fini(&h);
}
END_TEST

/*
 * A rollover zeroes every CPU's active slot.  A CPU that finds its slot zero
 * cannot tell whether it read the generation before or after that rollover,
 * so it must take the lock even for a VM of the current generation: were it
 * to swap its id in, an id read before the rollover would escape the
 * reservation and its number could go to another VM.
 */
START_TEST(vmid_enter_after_rollover_takes_lock)
{
	struct harness h;
	struct vmid_ctx a, b, c, d;
	unsigned long locks;
	uint16_t nd;

	harness_init(&h, 2, 2);
	vmid_ctx_init(&a);
	vmid_ctx_init(&b);
	vmid_ctx_init(&c);
	vmid_ctx_init(&d);
	enter(&h, &a, 1, 0);
	enter(&h, &b, 2, 1);
	enter(&h, &c, 3, 1);
	nd = enter(&h, &d, 4, 1);
	ck_assert_uint_eq(h.env.flushes, 1);

	locks = h.env.locks;
	ck_assert_uint_eq(enter(&h, &d, 4, 0), nd);
	ck_assert_uint_eq(h.env.locks, locks + 1);
	/* The slot is set again: the next enter is lock-free. */
	ck_assert_uint_eq(enter(&h, &d, 4, 0), nd);
	ck_assert_uint_eq(h.env.locks, locks + 1);
	harness_fini(&h);
}
END_TEST

/* Loop test: _i is the width minus VMID_BITS_MIN (2 and 3 bits). */
START_TEST(vmid_exhaustion_rolls_over)
{
	struct harness h;
	unsigned int bits = VMID_BITS_MIN + (unsigned int)_i;
	uint32_t count = 1u << bits;
	struct vmid_ctx vm[8 + 2];
	uint16_t num[8 + 2];
	bool seen[8] = { false };
	struct vmid_stats st;
	uint32_t i;

	harness_init(&h, bits, 1);
	for (i = 0; i < count; i++) {
		vmid_ctx_init(&vm[i]);
	}
	/* count - 1 VMs fill the generation, each with its own number. */
	for (i = 0; i < count - 1; i++) {
		num[i] = enter(&h, &vm[i], i, 0);
		ck_assert(!seen[num[i]]);
		seen[num[i]] = true;
	}
	st = stats(&h);
	ck_assert_uint_eq(st.in_use, count - 1);
	ck_assert_uint_eq(st.rollovers, 0);
	ck_assert_uint_eq(h.env.flushes, 0);

	/* One more rolls over; the running VM's number stays reserved. */
	num[count - 1] = enter(&h, &vm[count - 1], count - 1, 0);
	ck_assert_uint_ne(num[count - 1], num[count - 2]);
	st = stats(&h);
	ck_assert_uint_eq(st.generation, 2);
	ck_assert_uint_eq(st.rollovers, 1);
	ck_assert_uint_eq(st.flushes, 1);
	ck_assert_uint_eq(st.in_use, 2);
	ck_assert_uint_eq(h.env.flushes, 1);

	/* The reserved VM comes back with its number and no new flush. */
	ck_assert_uint_eq(enter(&h, &vm[count - 2], count - 2, 0),
	    num[count - 2]);
	ck_assert_uint_eq(h.env.flushes, 1);
	ck_assert_uint_eq(stats(&h).in_use, 2);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_stale_vm_keeps_free_number)
{
	struct harness h;
	struct vmid_ctx vm[8];
	uint16_t num[8];
	uint32_t i, pick;

	harness_init(&h, 3, 1);
	for (i = 0; i < 8; i++) {
		vmid_ctx_init(&vm[i]);
		num[i] = enter(&h, &vm[i], i, 0);
	}
	ck_assert_uint_eq(h.env.flushes, 1);
	/* vm[6] is reserved and vm[7] took one number: pick another VM. */
	for (pick = 0; pick < 6 && num[pick] == num[7]; pick++) {
		continue;
	}
	ck_assert_uint_lt(pick, 6);
	ck_assert_uint_eq(enter(&h, &vm[pick], pick, 0), num[pick]);
	ck_assert_uint_eq(h.env.flushes, 1);
	ck_assert_uint_eq(stats(&h).in_use, 3);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_rollover_keeps_active)
{
	struct harness h;
	struct vmid_ctx a, other[64];
	uint16_t na;
	uint32_t i;

	harness_init(&h, 3, 2);
	vmid_ctx_init(&a);
	na = enter(&h, &a, 1000, 0);
	/*
	 * CPU 0 keeps running a while CPU 1 forces rollovers: the first one
	 * reserves a's number from CPU 0's active slot, the later ones from
	 * its reserved slot (CPU 0 entered nothing since).
	 */
	for (i = 0; i < 64; i++) {
		vmid_ctx_init(&other[i]);
		ck_assert_uint_ne(enter(&h, &other[i], i, 1), na);
	}
	ck_assert_uint_ge(h.env.flushes, 3);
	ck_assert_uint_eq(vmid_value(vmid_current(&a)), na);
	i = (uint32_t)h.env.flushes;
	ck_assert_uint_eq(enter(&h, &a, 1000, 0), na);
	ck_assert_uint_eq(h.env.flushes, i);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_vm_on_two_cpus_keeps_one_number_across_rollover)
{
	struct harness h;
	struct vmid_ctx a, b, other[32];
	uint16_t na;
	uint32_t i;

	harness_init(&h, 3, 3);
	vmid_ctx_init(&a);
	vmid_ctx_init(&b);
	na = enter(&h, &a, 1000, 0);
	ck_assert_uint_eq(enter(&h, &a, 1000, 1), na);
	for (i = 0; i < 32; i++) {
		vmid_ctx_init(&other[i]);
		enter(&h, &other[i], i, 2);
	}
	ck_assert_uint_ge(h.env.flushes, 2);
	/* CPU 1 switches away; a's number must stay a's while CPU 0 runs it. */
	enter(&h, &b, 2000, 1);
	for (i = 0; i < 32; i++) {
		enter(&h, &other[i], i, 2);
	}
	ck_assert_uint_eq(enter(&h, &a, 1000, 1), na);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_rollover_flushes_tlb_once)
{
	struct harness h;
	struct vmid_ctx vm;
	struct vmid_stats st;
	uint32_t i;

	/*
	 * 3 bits, one CPU: 7 VMIDs fill generation 1; each rollover reserves
	 * the running VM's number and serves 6 new VMs, so VMs 8..1000 take
	 * ceil(993 / 6) = 166 rollovers.
	 */
	harness_init(&h, 3, 1);
	for (i = 0; i < 1000; i++) {
		vmid_ctx_init(&vm);
		enter(&h, &vm, i, 0);
	}
	st = stats(&h);
	ck_assert_uint_eq(st.rollovers, 166);
	ck_assert_uint_eq(st.flushes, 166);
	ck_assert_uint_eq(h.env.flushes, 166);
	ck_assert_uint_eq(h.env.flushes_unlocked, 0);
	ck_assert_uint_eq(st.generation, 167);
	harness_fini(&h);
}
END_TEST

/* Release a VM that no CPU runs: its TLB entries are invalidated first. */
static void
release(struct harness *h, struct vmid_ctx *vc, long name)
{
	uint16_t v = vmid_value(vmid_current(vc));
	unsigned int i;

	for (i = 0; i < CPU_MAX; i++) {
		ck_assert_int_ne(h->env.run_vm[i], name);
	}
	if (h->env.tlb_owner[v] == name) {
		h->env.tlb_owner[v] = NOBODY;
	}
	vmid_release(&h->va, vc);
	ck_assert_uint_eq(vmid_value(vmid_current(vc)), 0);
}

START_TEST(vmid_many_vms_over_time_never_collide)
{
	struct harness h;
	enum { VMS = 1000, CPUS = 4, STEPS = 20000 };
	static struct vmid_ctx vm[VMS];
	static long name[VMS];
	long next_name = VMS;
	uint64_t seed = 0x9e3779b97f4a7c15u;
	struct vmid_stats st;
	unsigned int cpu;
	uint32_t i, k;

	harness_init(&h, 3, CPUS);
	for (i = 0; i < VMS; i++) {
		vmid_ctx_init(&vm[i]);
		name[i] = i;
	}
	/* Every VM in turn, then at random, now and then one replaced. */
	for (i = 0; i < STEPS; i++) {
		k = i < VMS ? i : (uint32_t)(xorshift(&seed) % VMS);
		cpu = (unsigned int)(xorshift(&seed) % CPUS);
		if (i >= VMS && xorshift(&seed) % 16 == 0) {
			for (cpu = 0; cpu < CPUS; cpu++) {
				if (h.env.run_vm[cpu] == name[k]) {
					model_stop(&h.env, cpu);
				}
			}
			release(&h, &vm[k], name[k]);
			name[k] = next_name++;
			cpu = (unsigned int)(xorshift(&seed) % CPUS);
		}
		enter(&h, &vm[k], name[k], cpu);
	}
	st = stats(&h);
	ck_assert_uint_gt(st.rollovers, 100);
	ck_assert_uint_eq(st.rollovers, h.env.flushes);
	ck_assert_uint_eq(h.env.flushes_unlocked, 0);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_release_makes_number_reusable)
{
	struct harness h;
	struct vmid_ctx a, b, c, d;
	uint16_t nb;

	harness_init(&h, 2, 1);
	vmid_ctx_init(&a);
	vmid_ctx_init(&b);
	vmid_ctx_init(&c);
	vmid_ctx_init(&d);
	enter(&h, &a, 1, 0);
	nb = enter(&h, &b, 2, 0);
	enter(&h, &c, 3, 0);
	ck_assert_uint_eq(stats(&h).in_use, 3);

	release(&h, &b, 2);
	ck_assert_uint_eq(stats(&h).in_use, 2);
	ck_assert_uint_eq(enter(&h, &d, 4, 0), nb);
	ck_assert_uint_eq(h.env.flushes, 0);
	ck_assert_uint_eq(stats(&h).rollovers, 0);
	ck_assert_uint_eq(stats(&h).in_use, 3);
	harness_fini(&h);
}
END_TEST

START_TEST(vmid_release_of_stale_vm_leaves_new_owner)
{
	struct harness h;
	struct vmid_ctx a, b, c, d, e;
	uint16_t nc, nd, ne;

	harness_init(&h, 2, 1);
	vmid_ctx_init(&a);
	vmid_ctx_init(&b);
	vmid_ctx_init(&c);
	vmid_ctx_init(&d);
	vmid_ctx_init(&e);
	enter(&h, &a, 1, 0);
	enter(&h, &b, 2, 0);
	nc = enter(&h, &c, 3, 0);
	nd = enter(&h, &d, 4, 0);
	ck_assert_uint_eq(h.env.flushes, 1);
	ck_assert_uint_ne(nd, nc);
	ck_assert_uint_eq(stats(&h).in_use, 2);

	/*
	 * a's number is stale and may be d's now: releasing a must not free
	 * it.  c (reserved) and d hold two of the three numbers, so e gets
	 * the third without a rollover.
	 */
	release(&h, &a, 1);
	ck_assert_uint_eq(stats(&h).in_use, 2);
	ck_assert_uint_eq(vmid_value(vmid_current(&d)), nd);
	ne = enter(&h, &e, 5, 0);
	ck_assert_uint_ne(ne, nc);
	ck_assert_uint_ne(ne, nd);
	ck_assert_uint_eq(h.env.flushes, 1);
	ck_assert_uint_eq(stats(&h).in_use, 3);
	harness_fini(&h);
}
END_TEST

/*
 * Threads as CPUs, entering shared VMs at random.  A thread runs at least
 * HAMMER_ROUNDS_MIN enters and then goes on until the deadline: the races
 * the fast path must survive are a few instructions wide, so the more
 * rounds the better, but slow builds (valgrind) must still finish soon.
 */
#define HAMMER_ROUNDS_MIN	5000
#define HAMMER_ROUNDS_MAX	2000000
#define HAMMER_NSEC		400000000L

struct hammer {
	struct harness *h;
	struct vmid_ctx *vm;
	unsigned int vm_count;
	unsigned int cpu;
	struct timespec until;
	unsigned long entered;
};

static bool
past(const struct timespec *until)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > until->tv_sec ||
	    (now.tv_sec == until->tv_sec && now.tv_nsec >= until->tv_nsec);
}

static void *
hammer_cpu(void *arg)
{
	struct hammer *t = arg;
	uint64_t seed = 0x2545f4914f6cdd1du * (t->cpu + 1);
	unsigned long i;
	unsigned int k;
	uint16_t v;

	for (i = 0; i < HAMMER_ROUNDS_MAX; i++) {
		if (i >= HAMMER_ROUNDS_MIN && i % 1024 == 0 && past(&t->until)) {
			break;
		}
		k = (unsigned int)(xorshift(&seed) % t->vm_count);
		model_stop(&t->h->env, t->cpu);
		v = vmid_value(vmid_enter(&t->h->va, &t->vm[k], t->cpu));
		model_run(&t->h->env, t->cpu, k, v);
	}
	model_stop(&t->h->env, t->cpu);
	t->entered = i;
	return NULL;
}

/* Loop test: { bits, CPUs, VMs } per iteration. */
static const unsigned int hammer_config[][3] = {
	{ 3, 4, 12 },
	{ 2, 2, 5 },
	{ 4, 4, 16 },
};

START_TEST(vmid_concurrent_enters_never_share_vmid)
{
	struct harness h;
	struct vmid_ctx vm[16];
	struct hammer t[CPU_MAX];
	pthread_t tid[CPU_MAX];
	unsigned int bits = hammer_config[_i][0];
	unsigned int cpus = hammer_config[_i][1];
	unsigned int vms = hammer_config[_i][2];
	struct timespec until;
	unsigned long entered = 0;
	struct vmid_stats st;
	unsigned int i;

	harness_init(&h, bits, cpus);
	for (i = 0; i < vms; i++) {
		vmid_ctx_init(&vm[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += HAMMER_NSEC;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	for (i = 0; i < cpus; i++) {
		t[i] = (struct hammer){ &h, vm, vms, i, until, 0 };
		ck_assert_int_eq(pthread_create(&tid[i], NULL, hammer_cpu,
		    &t[i]), 0);
	}
	for (i = 0; i < cpus; i++) {
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
		entered += t[i].entered;
	}
	ck_assert_msg(h.env.violation == NULL, "%s", h.env.violation);
	st = stats(&h);
	ck_assert_uint_gt(st.rollovers, 0);
	ck_assert_uint_eq(st.rollovers, h.env.flushes);
	ck_assert_uint_eq(h.env.flushes_unlocked, 0);
	/* Some enters took the lock-free path. */
	ck_assert_uint_lt(h.env.locks, entered);
	harness_fini(&h);
}
END_TEST

static Suite *
vmid_suite(void)
{
	Suite *s = suite_create("vmid");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, vmid_init_rejects_bad_width);
	tcase_add_test(tc, vmid_init_rejects_more_cpus_than_width_allows);
	tcase_add_test(tc, vmid_init_rejects_missing_buffers);
	tcase_add_test(tc, vmid_first_enter_gives_nonzero_vmid);
	tcase_add_test(tc, vmid_fast_path_takes_no_lock);
	tcase_add_test(tc, vmid_enter_after_rollover_takes_lock);
	tcase_add_loop_test(tc, vmid_exhaustion_rolls_over, 0, 2);
	tcase_add_test(tc, vmid_stale_vm_keeps_free_number);
	tcase_add_test(tc, vmid_rollover_keeps_active);
	tcase_add_test(tc, vmid_vm_on_two_cpus_keeps_one_number_across_rollover);
	tcase_add_test(tc, vmid_rollover_flushes_tlb_once);
	tcase_add_test(tc, vmid_many_vms_over_time_never_collide);
	tcase_add_test(tc, vmid_release_makes_number_reusable);
	tcase_add_test(tc, vmid_release_of_stale_vm_leaves_new_owner);
	tcase_add_loop_test(tc, vmid_concurrent_enters_never_share_vmid, 0,
	    (int)(sizeof(hammer_config) / sizeof(hammer_config[0])));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vmid_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
