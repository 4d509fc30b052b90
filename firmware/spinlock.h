/* SPDX-License-Identifier: ISC */
/*
 * spinlock.h - a test-and-set spinlock in C11 atomics.
 *
 * With -mno-outline-atomics the compiler emits the exclusive load/store
 * pair inline; exclusives need Normal cacheable memory, so locks are used
 * only once the EL2 MMU is on.
 */
#ifndef HVFW_SPINLOCK_H
#define HVFW_SPINLOCK_H

#include <stdatomic.h>

/** struct spinlock - a lock; zero-initialised means unlocked. */
struct spinlock {
	atomic_flag held;
};

/**
 * spinlock_lock() - take the lock, spinning while another CPU has it.
 * @l: the lock.
 *
 * Acquire ordering: what the holder before did is visible after this.
 */
static inline void
spinlock_lock(struct spinlock *l)
{
	while (atomic_flag_test_and_set_explicit(&l->held,
	    memory_order_acquire)) {
		continue;
	}
}

/**
 * spinlock_unlock() - release the lock.
 * @l: the lock.
 */
static inline void
spinlock_unlock(struct spinlock *l)
{
	atomic_flag_clear_explicit(&l->held, memory_order_release);
}

#endif /* HVFW_SPINLOCK_H */
