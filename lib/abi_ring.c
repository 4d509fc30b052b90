/* SPDX-License-Identifier: ISC */
/*
 * abi_ring.c - single-producer, single-consumer rings in shared memory.
 *
 * The peer at the other end may be hostile or broken, and writes the
 * shared memory whenever it likes.  Two rules keep a side safe:
 *  - a slot is addressed only by this side's private index, masked to the
 *    ring, never by a value read from shared memory;
 *  - the peer's index is read once per call, checked against the private
 *    index (the distance may not exceed the ring), and used only to decide
 *    full or empty.
 * The producer publishes a slot with a release store of its index after
 * writing it; the consumer acquires that index before reading the slot and
 * releases its own index only after the slot is copied out, so neither side
 * touches a slot the other owns.
 */
#include <hv/abi.h>
#include <hv/errno.h>

static bool
pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/**
 * abi_ring_bytes() - bytes a ring takes.
 * @slot_count: slots, a power of two, 1..ABI_RING_SLOTS_MAX.
 * @slot_size:  bytes per slot, a power of two,
 *              ABI_RING_SLOT_MIN..ABI_RING_SLOT_MAX.
 *
 * Return: the size, or 0 for a bad geometry.
 */
size_t
abi_ring_bytes(uint32_t slot_count, uint32_t slot_size)
{
	if (!pow2(slot_count) || slot_count > ABI_RING_SLOTS_MAX ||
	    !pow2(slot_size) || slot_size < ABI_RING_SLOT_MIN ||
	    slot_size > ABI_RING_SLOT_MAX) {
		return 0;
	}
	return sizeof(struct abi_ring_shared) + (size_t)slot_count * slot_size;
}

/* Point @r at the ring in @mem; the indices are the caller's to set. */
static int
ring_setup(struct abi_ring *r, void *mem, size_t mem_size,
    uint32_t slot_count, uint32_t slot_size)
{
	size_t bytes = abi_ring_bytes(slot_count, slot_size);

	if (r == NULL || mem == NULL || bytes == 0 || mem_size < bytes ||
	    ((uintptr_t)mem & (ABI_CACHE_LINE - 1)) != 0) {
		return -EINVAL;
	}
	r->sh = mem;
	r->slots = (unsigned char *)mem + sizeof(struct abi_ring_shared);
	r->slot_count = slot_count;
	r->slot_size = slot_size;
	return 0;
}

/**
 * abi_ring_init() - make a new, empty ring in @mem.
 * @r:          the handle.
 * @mem:        abi_ring_bytes() bytes, ABI_CACHE_LINE aligned.
 * @mem_size:   bytes available at @mem.
 * @slot_count: slots.
 * @slot_size:  bytes per slot.
 *
 * Return: 0, or -EINVAL.
 */
int
abi_ring_init(struct abi_ring *r, void *mem, size_t mem_size,
    uint32_t slot_count, uint32_t slot_size)
{
	int err;

	err = ring_setup(r, mem, mem_size, slot_count, slot_size);
	if (err != 0) {
		return err;
	}
	__builtin_memset(mem, 0, abi_ring_bytes(slot_count, slot_size));
	atomic_store_explicit(&r->sh->prod, 0, memory_order_relaxed);
	atomic_store_explicit(&r->sh->cons, 0, memory_order_release);
	r->prod = 0;
	r->cons = 0;
	return 0;
}

/**
 * abi_ring_attach() - take up a ring that exists in @mem.
 * @r:          the handle.
 * @mem:        the ring, ABI_CACHE_LINE aligned.
 * @mem_size:   bytes available at @mem.
 * @slot_count: as the ring was made with.
 * @slot_size:  as the ring was made with.
 *
 * Return: 0, -EINVAL, or -EPROTO for indices more than a ring apart.
 */
int
abi_ring_attach(struct abi_ring *r, void *mem, size_t mem_size,
    uint32_t slot_count, uint32_t slot_size)
{
	uint32_t prod, cons;
	int err;

	err = ring_setup(r, mem, mem_size, slot_count, slot_size);
	if (err != 0) {
		return err;
	}
	prod = atomic_load_explicit(&r->sh->prod, memory_order_acquire);
	cons = atomic_load_explicit(&r->sh->cons, memory_order_acquire);
	if ((uint32_t)(prod - cons) > slot_count) {
		return -EPROTO;
	}
	r->prod = prod;
	r->cons = cons;
	return 0;
}

static unsigned char *
slot_at(const struct abi_ring *r, uint32_t index)
{
	return r->slots + (size_t)(index & (r->slot_count - 1)) * r->slot_size;
}

/**
 * abi_ring_push() - copy a message into the next slot and publish it.
 * @r:   the handle (producer side).
 * @msg: the message.
 * @len: its bytes, at most the slot size.
 *
 * The consumer's index must lie within one ring behind ours: ahead of us
 * or further behind, it was not written by a working consumer.
 *
 * Return: 0, -EAGAIN (full), -EMSGSIZE, -EINVAL (no @msg) or -EPROTO.
 */
int
abi_ring_push(struct abi_ring *r, const void *msg, size_t len)
{
	uint32_t cons, used;

	if (msg == NULL) {
		return -EINVAL;
	}
	if (len > r->slot_size) {
		return -EMSGSIZE;
	}
	cons = atomic_load_explicit(&r->sh->cons, memory_order_acquire);
	used = r->prod - cons;
	if (used > r->slot_count) {
		return -EPROTO;
	}
	if (used == r->slot_count) {
		return -EAGAIN;
	}
	__builtin_memcpy(slot_at(r, r->prod), msg, len);
	r->prod++;
	atomic_store_explicit(&r->sh->prod, r->prod, memory_order_release);
	return 0;
}

/*
 * Copy a slot out with one volatile load per word: the producer can write
 * the slot at any time, and the copy must be the one and only read of it
 * (a plain memcpy() would let the compiler read the shared bytes again
 * later instead of the copy, and a check could then pass on one value and
 * the use see another).
 */
static void
slot_copy_out(uint64_t *dst, const unsigned char *slot, uint32_t size)
{
	const volatile uint64_t *src = (const volatile uint64_t *)slot;
	uint32_t i;

	for (i = 0; i < size / sizeof(uint64_t); i++) {
		dst[i] = src[i];
	}
}

/**
 * abi_ring_pop() - copy the next slot out and free it.
 * @r:   the handle (consumer side).
 * @buf: where, aligned to ABI_MSG_ALIGN.
 * @cap: bytes at @buf, at least the slot size.
 *
 * The slot is copied out whole, before anyone looks at it, and only then
 * handed back to the producer: whatever a hostile producer does to the
 * slot afterwards, the caller checks and uses the one copy.
 *
 * Return: the slot size, -EAGAIN (empty), -EMSGSIZE, -EINVAL or -EPROTO.
 */
int
abi_ring_pop(struct abi_ring *r, void *buf, size_t cap)
{
	uint32_t prod, avail;

	if (buf == NULL || ((uintptr_t)buf & (ABI_MSG_ALIGN - 1)) != 0) {
		return -EINVAL;
	}
	if (cap < r->slot_size) {
		return -EMSGSIZE;
	}
	prod = atomic_load_explicit(&r->sh->prod, memory_order_acquire);
	avail = prod - r->cons;
	if (avail > r->slot_count) {
		return -EPROTO;
	}
	if (avail == 0) {
		return -EAGAIN;
	}
	slot_copy_out(buf, slot_at(r, r->cons), r->slot_size);
	r->cons++;
	atomic_store_explicit(&r->sh->cons, r->cons, memory_order_release);
	return (int)r->slot_size;
}
