/* SPDX-License-Identifier: ISC */
/*
 * vmid.c - VMID allocator with generations.
 *
 * The scheme is the arm64 ASID allocator as KVM/arm64 applies it to VMIDs.
 * A VM's id is generation|number.  The bitmap records the numbers used in
 * the current generation.  Each CPU has an active id (what it runs now, 0
 * while a rollover has taken it away) and a reserved id (what it was running
 * at the last rollover).  A rollover bumps the generation, clears the bitmap
 * and marks every CPU's active (or, if that CPU has not entered anything
 * since, its previous reserved) id, so a VM that may still be running keeps
 * its number; every other number was flushed from the TLBs by the one
 * tlb_flush_all() and is free for anyone.
 *
 * The generation sits above bit VMID_BITS_MAX whatever the width, so that
 * vmid_current() can take the number out of an id without the allocator.
 */
#include <hv/errno.h>
#include <hv/vmid.h>

#define GEN_SHIFT	VMID_BITS_MAX
#define GEN_ONE		((uint64_t)1 << GEN_SHIFT)
#define NUMBER_MASK	(GEN_ONE - 1)

_Static_assert(sizeof(vmid_t) * 8 >= VMID_BITS_MAX,
    "vmid_t holds the widest VMID");

static uint32_t
number_count(const struct vmid_allocator *va)
{
	return (uint32_t)1 << va->bits;
}

static uint32_t
id_number(uint64_t id)
{
	return (uint32_t)(id & NUMBER_MASK);
}

static uint64_t
generation(const struct vmid_allocator *va)
{
	return atomic_load_explicit(&va->generation, memory_order_relaxed);
}

static bool
gen_current(const struct vmid_allocator *va, uint64_t id)
{
	return ((id ^ generation(va)) >> GEN_SHIFT) == 0;
}

/* Mark @number used; returns whether it already was. */
static bool
map_test_and_set(struct vmid_allocator *va, uint32_t number)
{
	uint64_t bit = (uint64_t)1 << (number % 64);
	uint64_t *word = &va->map[number / 64];

	if ((*word & bit) != 0) {
		return true;
	}
	*word |= bit;
	va->in_use++;
	return false;
}

static void
map_clear(struct vmid_allocator *va, uint32_t number)
{
	uint64_t bit = (uint64_t)1 << (number % 64);
	uint64_t *word = &va->map[number / 64];

	if ((*word & bit) != 0) {
		*word &= ~bit;
		va->in_use--;
	}
}

static void
map_zero(struct vmid_allocator *va)
{
	uint32_t i;

	for (i = 0; i < VMID_MAP_WORDS(va->bits); i++) {
		va->map[i] = 0;
	}
	va->in_use = 0;
}

/*
 * First free number in [@from, @to), or 0 for none: 0 is never handed out,
 * so it can stand for "none".  Bits past the last number are never set, so
 * a hit there means none.
 */
static uint32_t
map_find_free(const struct vmid_allocator *va, uint32_t from, uint32_t to)
{
	uint32_t i = from;

	while (i < to) {
		uint64_t free = ~va->map[i / 64] & (~(uint64_t)0 << (i % 64));

		if (free != 0) {
			i = (i & ~(uint32_t)63) + (uint32_t)__builtin_ctzll(free);
			return i < to ? i : 0;
		}
		i = (i & ~(uint32_t)63) + 64;
	}
	return 0;
}

/*
 * If some CPU reserved @old at a rollover, move its reservation to @new_id
 * so the next rollover keeps the number for the same VM.  Every CPU is
 * looked at: several may hold the same reservation.
 */
static bool
reserved_update(struct vmid_allocator *va, uint64_t old, uint64_t new_id)
{
	bool hit = false;
	unsigned int i;

	for (i = 0; i < va->cpu_count; i++) {
		if (va->cpus[i].reserved == old) {
			va->cpus[i].reserved = new_id;
			hit = true;
		}
	}
	return hit;
}

/*
 * Start a new generation.  The exchange of each CPU's active id with 0 is
 * what a concurrent fast path races against: atomic read-modify-writes of
 * one location are totally ordered, so a CPU either swapped its id in first
 * (and it is reserved here) or finds 0 and takes the lock, behind us.
 */
static void
rollover(struct vmid_allocator *va)
{
	unsigned int i;

	atomic_store_explicit(&va->generation, generation(va) + GEN_ONE,
	    memory_order_relaxed);
	map_zero(va);
	for (i = 0; i < va->cpu_count; i++) {
		struct vmid_cpu *c = &va->cpus[i];
		uint64_t id;

		id = atomic_exchange_explicit(&c->active, 0,
		    memory_order_relaxed);
		/* A CPU that entered nothing since still runs its reserved id. */
		if (id == 0) {
			id = c->reserved;
		}
		if (id != 0) {
			map_test_and_set(va, id_number(id));
		}
		c->reserved = id;
	}
	va->next = 1;
	va->rollovers++;
	va->flushes++;
	va->ops->tlb_flush_all(va->ctx);
}

/* Take a number free in the current generation, rolling over if none. */
static uint32_t
take_free_number(struct vmid_allocator *va)
{
	uint32_t count = number_count(va);
	uint32_t number;

	number = map_find_free(va, va->next, count);
	if (number == 0) {
		number = map_find_free(va, 1, va->next);
	}
	if (number == 0) {
		rollover(va);
		/*
		 * At most cpu_count numbers are reserved and init made sure
		 * there are more than that, so this finds one.
		 */
		number = map_find_free(va, 1, count);
	}
	map_test_and_set(va, number);
	va->next = number;
	return number;
}

/* An id of the current generation for a VM whose id is @old; lock held. */
static uint64_t
new_id(struct vmid_allocator *va, uint64_t old)
{
	uint64_t id = generation(va) | id_number(old);
	uint32_t number;

	/* Keep the number if a CPU reserved it for this VM or nobody has it. */
	if (old != 0 && (reserved_update(va, old, id) ||
	    !map_test_and_set(va, id_number(old)))) {
		return id;
	}
	number = take_free_number(va);
	/* Read the generation after a rollover may have bumped it. */
	return generation(va) | number;
}

static vmid_t
to_vmid(uint64_t id)
{
	return vmid_init((uint16_t)id_number(id));
}

/**
 * vmid_allocator_init() - set up an allocator.
 * @va:        the allocator.
 * @bits:      VMID width, VMID_BITS_MIN..VMID_BITS_MAX.
 * @cpu_count: number of physical CPUs that will call vmid_enter().
 * @cpus:      @cpu_count per-CPU slots, caller memory.
 * @map:       VMID_MAP_WORDS(@bits) words of bitmap, caller memory.
 * @ops:       environment callbacks; must outlive the allocator.
 * @ctx:       passed to every @ops callback.
 *
 * A rollover reserves up to @cpu_count numbers and must still find one for
 * the VM that caused it, so the width must give at least @cpu_count + 1
 * numbers besides VMID 0.
 *
 * Return: 0, or -EINVAL for a bad width, a width too narrow for
 * @cpu_count, no CPUs or a missing buffer or callback.
 */
int
vmid_allocator_init(struct vmid_allocator *va, unsigned int bits,
    unsigned int cpu_count, struct vmid_cpu *cpus, uint64_t *map,
    const struct vmid_ops *ops, void *ctx)
{
	unsigned int i;

	if (va == NULL || cpus == NULL || map == NULL || ops == NULL ||
	    ops->lock == NULL || ops->unlock == NULL ||
	    ops->tlb_flush_all == NULL) {
		return -EINVAL;
	}
	if (bits < VMID_BITS_MIN || bits > VMID_BITS_MAX || cpu_count == 0 ||
	    cpu_count > ((uint32_t)1 << bits) - 2) {
		return -EINVAL;
	}
	va->ops = ops;
	va->ctx = ctx;
	va->bits = bits;
	va->cpu_count = cpu_count;
	va->cpus = cpus;
	va->map = map;
	va->next = 1;
	va->rollovers = 0;
	va->flushes = 0;
	atomic_init(&va->generation, GEN_ONE);
	map_zero(va);
	for (i = 0; i < cpu_count; i++) {
		atomic_init(&cpus[i].active, 0);
		cpus[i].reserved = 0;
	}
	return 0;
}

/**
 * vmid_ctx_init() - mark a new VM as having no VMID yet.
 * @vc: the VM's VMID context.
 */
void
vmid_ctx_init(struct vmid_ctx *vc)
{
	atomic_init(&vc->id, 0);
}

/**
 * vmid_enter() - make sure the VM has a current VMID before a vCPU runs.
 * @va:  the allocator.
 * @vc:  the VM's VMID context.
 * @cpu: index of the calling physical CPU, < cpu_count.
 *
 * The fast path needs this CPU's active id to be non-zero: 0 means a
 * rollover took it, and then the generation check must be redone under the
 * lock.  Only this CPU stores a non-zero value there, so a failed exchange
 * can only have met 0.
 *
 * Return: the VMID to program into VTTBR_EL2.VMID.
 */
vmid_t
vmid_enter(struct vmid_allocator *va, struct vmid_ctx *vc, unsigned int cpu)
{
	_Atomic uint64_t *active = &va->cpus[cpu].active;
	uint64_t id = atomic_load_explicit(&vc->id, memory_order_relaxed);
	uint64_t old = atomic_load_explicit(active, memory_order_relaxed);

	if (old != 0 && gen_current(va, id) &&
	    atomic_compare_exchange_strong_explicit(active, &old, id,
	    memory_order_relaxed, memory_order_relaxed)) {
		return to_vmid(id);
	}

	va->ops->lock(va->ctx);
	/* Another CPU may have given the VM a new id meanwhile. */
	id = atomic_load_explicit(&vc->id, memory_order_relaxed);
	if (!gen_current(va, id)) {
		id = new_id(va, id);
		atomic_store_explicit(&vc->id, id, memory_order_relaxed);
	}
	atomic_store_explicit(active, id, memory_order_relaxed);
	va->ops->unlock(va->ctx);
	return to_vmid(id);
}

/**
 * vmid_release() - give a destroyed VM's VMID back early.
 * @va: the allocator.
 * @vc: the VM's VMID context; reset as by vmid_ctx_init().
 *
 * A number of the current generation becomes free at once.  One of an old
 * generation is not in the bitmap unless a CPU reserved it, and such a
 * reservation ends at a later rollover.  Takes the lock.
 */
void
vmid_release(struct vmid_allocator *va, struct vmid_ctx *vc)
{
	uint64_t id;

	va->ops->lock(va->ctx);
	id = atomic_load_explicit(&vc->id, memory_order_relaxed);
	if (id != 0 && gen_current(va, id)) {
		map_clear(va, id_number(id));
	}
	atomic_store_explicit(&vc->id, 0, memory_order_relaxed);
	va->ops->unlock(va->ctx);
}

/**
 * vmid_current() - the VMID number a VM was last given.
 * @vc: the VM's VMID context.
 *
 * Return: the VMID (0 when never allocated).
 */
vmid_t
vmid_current(const struct vmid_ctx *vc)
{
	/* The generation sits above every width, so no mask per allocator. */
	return to_vmid(atomic_load_explicit(&vc->id, memory_order_relaxed));
}

/**
 * vmid_stats() - read the allocator's counters.
 * @va: the allocator.
 * @st: filled in.  Takes the lock.
 */
void
vmid_stats(struct vmid_allocator *va, struct vmid_stats *st)
{
	va->ops->lock(va->ctx);
	st->generation = generation(va) >> GEN_SHIFT;
	st->in_use = va->in_use;
	st->rollovers = va->rollovers;
	st->flushes = va->flushes;
	va->ops->unlock(va->ctx);
}
