/* SPDX-License-Identifier: ISC */
/*
 * abi_mailbox.c - the layout of the shared mailbox region.
 *
 * The side that creates the mailbox writes both rings and the layout
 * header, the magic last; the other side copies the header out once, field
 * by field, and checks the copy: every ring must lie inside the region,
 * after the header, apart from the other ring, with the ABI's slot size,
 * and nothing may overflow on the way.  Only then are offsets turned into
 * addresses, once, in the private handle.
 */
#include <hv/abi.h>
#include <hv/errno.h>

/* The layout header as read once from shared memory. */
struct layout {
	uint16_t version;
	uint16_t hdr_size;
	uint32_t slot_size;
	uint32_t req_slots;
	uint32_t evt_slots;
	uint32_t reserved0;
	uint64_t req_offset;
	uint64_t evt_offset;
	uint64_t size;
	uint64_t reserved1[2];
};

/**
 * abi_mailbox_bytes() - bytes a mailbox takes.
 * @req_slots: request ring slots.
 * @evt_slots: event ring slots.
 *
 * Return: the size, or 0 for a bad count.
 */
size_t
abi_mailbox_bytes(uint32_t req_slots, uint32_t evt_slots)
{
	size_t req = abi_ring_bytes(req_slots, ABI_SLOT_SIZE);
	size_t evt = abi_ring_bytes(evt_slots, ABI_SLOT_SIZE);

	if (req == 0 || evt == 0) {
		return 0;
	}
	return sizeof(struct abi_mailbox_hdr) + req + evt;
}

static bool
args_ok(const struct abi_mailbox *mb, enum abi_side side, const void *region)
{
	return mb != NULL && region != NULL &&
	    (side == ABI_SIDE_HOST || side == ABI_SIDE_FIRMWARE) &&
	    ((uintptr_t)region & (ABI_CACHE_LINE - 1)) == 0;
}

/* Which ring a side sends on: hvd the requests, the firmware the rest. */
static void
assign(struct abi_mailbox *mb, enum abi_side side, const struct abi_ring *req,
    const struct abi_ring *evt)
{
	mb->tx = side == ABI_SIDE_HOST ? *req : *evt;
	mb->rx = side == ABI_SIDE_HOST ? *evt : *req;
}

/**
 * abi_mailbox_init() - lay a new mailbox out in a region.
 * @mb:          the handle.
 * @side:        enum abi_side of the caller.
 * @region:      the region, ABI_CACHE_LINE aligned.
 * @region_size: its bytes.
 * @req_slots:   request ring slots.
 * @evt_slots:   event ring slots.
 *
 * Return: 0, or -EINVAL.
 */
int
abi_mailbox_init(struct abi_mailbox *mb, enum abi_side side,
    void *region, size_t region_size, uint32_t req_slots, uint32_t evt_slots)
{
	struct abi_mailbox_hdr *h = region;
	size_t size = abi_mailbox_bytes(req_slots, evt_slots);
	size_t req_off = sizeof(*h);
	size_t evt_off = req_off + abi_ring_bytes(req_slots, ABI_SLOT_SIZE);
	struct abi_ring req, evt;

	if (!args_ok(mb, side, region) || size == 0 || region_size < size) {
		return -EINVAL;
	}
	/* A peer still looking at an older layout must not take this one. */
	atomic_store_explicit(&h->magic, 0, memory_order_relaxed);
	if (abi_ring_init(&req, (unsigned char *)region + req_off,
	    region_size - req_off, req_slots, ABI_SLOT_SIZE) != 0 ||
	    abi_ring_init(&evt, (unsigned char *)region + evt_off,
	    region_size - evt_off, evt_slots, ABI_SLOT_SIZE) != 0) {
		return -EINVAL;
	}
	h->version = ABI_VERSION;
	h->hdr_size = sizeof(*h);
	h->slot_size = ABI_SLOT_SIZE;
	h->req_slots = req_slots;
	h->evt_slots = evt_slots;
	h->reserved0 = 0;
	h->req_offset = req_off;
	h->evt_offset = evt_off;
	h->size = size;
	h->reserved1[0] = 0;
	h->reserved1[1] = 0;
	atomic_store_explicit(&h->magic, ABI_MAILBOX_MAGIC,
	    memory_order_release);
	assign(mb, side, &req, &evt);
	return 0;
}

/* Each field read exactly once: the checks and the use see one value. */
static void
snapshot(const struct abi_mailbox_hdr *shared, struct layout *l)
{
	const volatile struct abi_mailbox_hdr *h = shared;

	l->version = h->version;
	l->hdr_size = h->hdr_size;
	l->slot_size = h->slot_size;
	l->req_slots = h->req_slots;
	l->evt_slots = h->evt_slots;
	l->reserved0 = h->reserved0;
	l->req_offset = h->req_offset;
	l->evt_offset = h->evt_offset;
	l->size = h->size;
	l->reserved1[0] = h->reserved1[0];
	l->reserved1[1] = h->reserved1[1];
}

/* [off, off + bytes) lies after the header and inside the layout. */
static bool
ring_placed(const struct layout *l, uint64_t off, size_t bytes)
{
	return bytes != 0 && (off & (ABI_CACHE_LINE - 1)) == 0 &&
	    off >= l->hdr_size && off <= l->size && bytes <= l->size - off;
}

static int
layout_check(const struct layout *l, size_t region_size)
{
	size_t req = abi_ring_bytes(l->req_slots, l->slot_size);
	size_t evt = abi_ring_bytes(l->evt_slots, l->slot_size);

	if (l->version != ABI_VERSION) {
		return -EPROTONOSUPPORT;
	}
	if (l->hdr_size != sizeof(struct abi_mailbox_hdr) ||
	    l->slot_size != ABI_SLOT_SIZE || l->reserved0 != 0 ||
	    l->reserved1[0] != 0 || l->reserved1[1] != 0 ||
	    l->size > region_size) {
		return -EPROTO;
	}
	if (!ring_placed(l, l->req_offset, req) ||
	    !ring_placed(l, l->evt_offset, evt)) {
		return -EPROTO;
	}
	/* Both end inside l->size, so these sums cannot wrap. */
	if (l->req_offset + req > l->evt_offset &&
	    l->evt_offset + evt > l->req_offset) {
		return -EPROTO;
	}
	return 0;
}

/**
 * abi_mailbox_attach() - check and take up a mailbox the peer laid out.
 * @mb:          the handle.
 * @side:        enum abi_side of the caller.
 * @region:      the region, ABI_CACHE_LINE aligned.
 * @region_size: its bytes.
 *
 * Return: 0, -EINVAL, -EAGAIN, -EPROTONOSUPPORT or -EPROTO.
 */
int
abi_mailbox_attach(struct abi_mailbox *mb, enum abi_side side,
    void *region, size_t region_size)
{
	struct abi_mailbox_hdr *h = region;
	struct abi_ring req, evt;
	struct layout l;
	uint32_t magic;
	int err;

	if (!args_ok(mb, side, region) || region_size < sizeof(*h)) {
		return -EINVAL;
	}
	magic = atomic_load_explicit(&h->magic, memory_order_acquire);
	if (magic == 0) {
		return -EAGAIN;
	}
	if (magic != ABI_MAILBOX_MAGIC) {
		return -EPROTO;
	}
	snapshot(h, &l);
	err = layout_check(&l, region_size);
	if (err != 0) {
		return err;
	}
	err = abi_ring_attach(&req, (unsigned char *)region + l.req_offset,
	    (size_t)(l.size - l.req_offset), l.req_slots, l.slot_size);
	if (err == 0) {
		err = abi_ring_attach(&evt,
		    (unsigned char *)region + l.evt_offset,
		    (size_t)(l.size - l.evt_offset), l.evt_slots, l.slot_size);
	}
	if (err != 0) {
		return err == -EINVAL ? -EPROTO : err;
	}
	assign(mb, side, &req, &evt);
	return 0;
}
