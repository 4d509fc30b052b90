/* SPDX-License-Identifier: ISC */
/*
 * board_vm.c - typed requests: one call per request, returning the reply's
 * status (board.h).  The messages are made by lib/abi_encode.c's encoders.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <hv/abi.h>

#include "board.h"
#include "board_impl.h"

/*
 * What a request came to: the transport's -errno, or the reply's status
 * (a NAK's included), with the error named after @what.
 */
static int
outcome(struct board *b, const char *what, uint32_t vm, int ret,
    const struct board_reply *r)
{
	char where[BOARD_ERROR_MAX];
	int status;

	if (ret != 0) {
		snprintf(where, sizeof(where), "%s", b->error);
		board_fail(b, ret, "%s (vm %u): %s", what, vm, where);
		return ret;
	}
	status = r->view.hdr->status;
	if (status != 0) {
		board_fail(b, status, "%s (vm %u): %s%s", what, vm,
		    r->view.type == ABI_MSG_NAK ? "refused as malformed: " : "",
		    strerror(-status));
	}
	return status;
}

/* A request of fixed layout, and its outcome. */
static int
fixed(struct board *b, const char *what, uint32_t vm, unsigned int type,
    const void *body, size_t len, struct board_reply *r)
{
	return outcome(b, what, vm, board_request(b, type, body, len, r), r);
}

/**
 * board_hello() - HELLO.
 * @b:     the board.
 * @hello: filled in on status 0, or NULL.
 *
 * Return: the status.
 */
int
board_hello(struct board *b, struct abi_hello_reply *hello)
{
	const struct abi_hello h = { .abi_version = ABI_VERSION };
	struct board_reply r;
	int ret;

	ret = fixed(b, "HELLO", 0, ABI_MSG_HELLO, &h, sizeof(h), &r);
	if (ret == 0 && hello != NULL) {
		*hello = *r.view.msg.hello_reply;
	}
	return ret;
}

/**
 * board_create_vm() - CREATE_VM.
 * @b:          the board.
 * @vm:         the VM.
 * @vcpu_count: its vCPUs.
 * @ipa_bits:   its IPA size.
 *
 * Return: the status.
 */
int
board_create_vm(struct board *b, uint32_t vm, uint32_t vcpu_count,
    unsigned int ipa_bits)
{
	const struct abi_create_vm c = {
		.vm = vm, .vcpu_count = vcpu_count, .ipa_bits = (uint8_t)ipa_bits,
	};
	struct board_reply r;

	if (ipa_bits > UINT8_MAX) {
		return board_fail(b, -EINVAL, "CREATE_VM (vm %u): ipa_bits %u",
		    vm, ipa_bits);
	}
	return fixed(b, "CREATE_VM", vm, ABI_MSG_CREATE_VM, &c, sizeof(c), &r);
}

/* DESTROY_VM, RUN, PAUSE: a VM and nothing else. */
static int
vm_ref(struct board *b, const char *what, unsigned int type, uint32_t vm)
{
	const struct abi_vm_ref ref = { .vm = vm };
	struct board_reply r;

	return fixed(b, what, vm, type, &ref, sizeof(ref), &r);
}

/**
 * board_destroy() - DESTROY_VM.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int
board_destroy(struct board *b, uint32_t vm)
{
	return vm_ref(b, "DESTROY_VM", ABI_MSG_DESTROY_VM, vm);
}

/**
 * board_run() - RUN.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int
board_run(struct board *b, uint32_t vm)
{
	return vm_ref(b, "RUN", ABI_MSG_RUN, vm);
}

/**
 * board_pause() - PAUSE.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int
board_pause(struct board *b, uint32_t vm)
{
	return vm_ref(b, "PAUSE", ABI_MSG_PAUSE, vm);
}

/**
 * board_stats() - STATS.
 * @b:     the board.
 * @vm:    the VM or 0.
 * @stats: filled in on status 0, or NULL.
 *
 * Return: the status.
 */
int
board_stats(struct board *b, uint32_t vm, struct abi_stats_reply *stats)
{
	const struct abi_vm_ref ref = { .vm = vm };
	struct board_reply r;
	int ret;

	ret = fixed(b, "STATS", vm, ABI_MSG_STATS, &ref, sizeof(ref), &r);
	if (ret == 0 && stats != NULL) {
		*stats = *r.view.msg.stats_reply;
	}
	return ret;
}

/**
 * board_s2_dump() - S2_DUMP: one reply's worth of a VM's stage-2 runs.
 * @b:      the board.
 * @vm:     the VM.
 * @ipa:    first IPA of the range.
 * @size:   bytes of the range.
 * @cursor: where to go on from (@ipa at first, then the reply's next).
 * @reply:  filled in: @reply->view.msg.s2_dump_reply, @reply->view.count
 *          runs.
 *
 * Return: the status.
 */
int
board_s2_dump(struct board *b, uint32_t vm, uint64_t ipa, uint64_t size,
    uint64_t cursor, struct board_reply *reply)
{
	const struct abi_s2_dump d = {
		.vm = vm, .ipa = ipa, .size = size, .cursor = cursor,
	};

	return fixed(b, "S2_DUMP", vm, ABI_MSG_S2_DUMP, &d, sizeof(d), reply);
}

/**
 * board_set_vcpu() - SET_VCPU.
 * @b:     the board.
 * @vm:    the VM.
 * @vcpu:  the vCPU.
 * @pc:    entry IPA.
 * @x0:    x0 at entry.
 * @state: ABI_VCPU_ON or ABI_VCPU_OFF.
 *
 * Return: the status.
 */
int
board_set_vcpu(struct board *b, uint32_t vm, uint32_t vcpu, uint64_t pc,
    uint64_t x0, unsigned int state)
{
	const struct abi_set_vcpu s = {
		.vm = vm, .vcpu = vcpu, .pc = pc, .x0 = x0, .state = state,
	};
	struct board_reply r;

	return fixed(b, "SET_VCPU", vm, ABI_MSG_SET_VCPU, &s, sizeof(s), &r);
}

static const char *
batch_name(unsigned int type)
{
	switch (type) {
	case ABI_MSG_MAP:
		return "MAP";
	case ABI_MSG_UNMAP:
		return "UNMAP";
	default:
		return "PROTECT";
	}
}

/**
 * board_batch() - MAP, UNMAP or PROTECT.
 * @b:     the board.
 * @type:  the request type.
 * @vm:    the VM.
 * @entry: the entries.
 * @count: how many.
 * @done:  set to the entries applied, or NULL.
 *
 * Return: the status.
 */
int
board_batch(struct board *b, unsigned int type, uint32_t vm,
    const struct abi_range *entry, uint32_t count, uint32_t *done)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	char what[32];
	struct board_reply r;
	uint64_t seq = board_next_seq(b);
	uint32_t applied = 0;
	int len, ret;

	len = abi_encode_batch(msg, sizeof(msg), type, seq, vm, entry, count);
	if (len < 0) {
		ret = board_fail(b, -EINVAL, "%s (vm %u) of %u entries does "
		    "not encode: %s", batch_name(type), vm, count,
		    strerror(-len));
		goto out;
	}
	ret = board_exchange(b, type, seq, msg, (size_t)len, &r);
	if (ret == 0 && r.view.type != ABI_MSG_NAK) {
		applied = r.view.msg.batch_reply->done;
	}
	/* Name the entry that failed. */
	snprintf(what, sizeof(what), "%s entry %u", batch_name(type), applied);
	ret = outcome(b, what, vm, ret, &r);
out:
	if (done != NULL) {
		*done = applied;
	}
	return ret;
}

/**
 * board_map() - MAP of one range.
 * @b:       the board.
 * @vm:      the VM.
 * @ipa:     first IPA.
 * @pa:      first PA.
 * @size:    bytes.
 * @perm:    enum abi_perm bits.
 * @memtype: enum abi_memtype.
 * @flags:   enum abi_range_flags.
 *
 * Return: the status.
 */
int
board_map(struct board *b, uint32_t vm, uint64_t ipa, uint64_t pa,
    uint64_t size, unsigned int perm, unsigned int memtype,
    unsigned int flags)
{
	const struct abi_range e = {
		.ipa = ipa, .pa = pa, .size = size, .perm = (uint8_t)perm,
		.memtype = (uint8_t)memtype, .flags = (uint16_t)flags,
	};

	return board_batch(b, ABI_MSG_MAP, vm, &e, 1, NULL);
}

/**
 * board_unmap() - UNMAP of one range.
 * @b:    the board.
 * @vm:   the VM.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Return: the status.
 */
int
board_unmap(struct board *b, uint32_t vm, uint64_t ipa, uint64_t size)
{
	const struct abi_range e = { .ipa = ipa, .size = size };

	return board_batch(b, ABI_MSG_UNMAP, vm, &e, 1, NULL);
}

/* CONSOLE_IN with @flags (ABI_TEXT_* bits), named @what in errors. */
static int
console_in(struct board *b, const char *what, uint32_t vm,
    unsigned int flags, const void *bytes, size_t len)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	struct board_reply r;
	uint64_t seq = board_next_seq(b);
	int ret;

	ret = abi_encode_console_in(msg, sizeof(msg), seq, vm, flags, bytes,
	    len);
	if (ret < 0) {
		return board_fail(b, -EINVAL, "%s (vm %u) of %zu bytes "
		    "does not encode: %s", what, vm, len, strerror(-ret));
	}
	ret = board_exchange(b, ABI_MSG_CONSOLE_IN, seq, msg, (size_t)ret, &r);
	return outcome(b, what, vm, ret, &r);
}

/**
 * board_console_in() - CONSOLE_IN.
 * @b:     the board.
 * @vm:    the VM.
 * @bytes: the bytes.
 * @len:   how many.
 *
 * Return: the status.
 */
int
board_console_in(struct board *b, uint32_t vm, const void *bytes, size_t len)
{
	return console_in(b, "CONSOLE_IN", vm, 0, bytes, len);
}

/**
 * board_console_break() - CONSOLE_IN of a break alone.
 * @b:  the board.
 * @vm: the VM.
 *
 * Return: the status.
 */
int
board_console_break(struct board *b, uint32_t vm)
{
	return console_in(b, "CONSOLE_IN of a break", vm, ABI_TEXT_BREAK, NULL,
	    0);
}
