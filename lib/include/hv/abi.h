/* SPDX-License-Identifier: ISC */
/*
 * hv/abi.h - the firmware <-> hvd mailbox ABI.
 *
 * hvd and the firmware share a region of the board's RAM: hvd maps QEMU's
 * RAM file, the firmware sees the same bytes as guest-physical memory.  In
 * it lie a layout header (struct abi_mailbox_hdr) and two single-producer,
 * single-consumer rings of fixed-size slots: requests from hvd to the
 * firmware, and replies and events from the firmware to hvd.  A byte on the
 * serial line is only a doorbell.
 *
 * Both ends are built from this one header, by different compilers for
 * different CPUs, so everything in shared memory is fixed-width,
 * little-endian and naturally aligned, every size and offset is pinned by a
 * _Static_assert below, and nothing holds a pointer: the rings are found by
 * offsets from the start of the region.
 *
 * Each side treats the other as hostile.  A message is copied out of its
 * slot before anything looks at it (so the sender cannot change it while it
 * is checked), and abi_decode() accepts only a message whose every field is
 * what the ABI allows; ring indices read from shared memory are checked on
 * every call and never used to address a slot.
 *
 * Messages.  Each is a struct abi_hdr followed by a body whose layout the
 * type alone determines.  Requests (hvd -> firmware) have types 0x01..0x3f;
 * every request is answered by exactly one reply, of type request |
 * ABI_MSG_REPLY, carrying the request's sequence number and a status: 0, or
 * the negative errno (hv/errno.h) that carrying it out failed with.  A
 * request that abi_decode() refuses, or a message that is not a request,
 * is answered by ABI_MSG_NAK instead, with the error (-EPROTO for a
 * message of the wrong direction) and the sequence number abi_peek_seq()
 * finds.  The firmware serves requests in order, so replies come in order;
 * hvd pairs them with its requests by sequence number (abi_reply_matches()).
 * Events (firmware -> hvd, 0x40..0x7f) interleave with the replies and are
 * not answered; they carry the firmware's own sequence numbers, one per
 * event produced, so a gap tells hvd how many events were lost to a full
 * ring.
 *
 * VM ids are chosen by hvd, not by the firmware: hvd can then send
 * CREATE_VM, MAP, SET_VCPU and RUN for a new VM back to back without waiting
 * for a reply to learn the id, and it already has to name its VMs (libvirt
 * domain ids, state files).  The firmware checks the id against its table
 * (range: HELLO's vm_max; -EEXIST for an id in use) as it checks
 * everything else.
 *
 * What abi_decode() checks is what the ABI itself fixes: magic, version,
 * type, lengths, counts, enums, flags, reserved fields, VM id 0 where a VM
 * is required, architectural ranges of bit widths.  What depends on the
 * state of the firmware (whether a VM exists, whether an address is RAM,
 * alignment of ranges) is checked by the receiver, which answers with the
 * precise error.
 */
#ifndef HV_ABI_H
#define HV_ABI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
    "the mailbox ABI is little-endian and so must both ends be");

/** ABI_VERSION - version of everything here; both ends must match. */
#define ABI_VERSION		2
/** ABI_MSG_MAGIC - first word of every message ("HVMS" in memory). */
#define ABI_MSG_MAGIC		0x534d5648u
/** ABI_MAILBOX_MAGIC - first word of the mailbox ("HVMB" in memory). */
#define ABI_MAILBOX_MAGIC	0x424d5648u

/**
 * ABI_SLOT_SIZE - bytes of one ring slot, and so the largest message.
 *
 * 512 bytes (8 cache lines) hold a MAP batch of 14 ranges, an S2_DUMP reply
 * of 11 runs and 256 bytes of console output, while a ring of 64 slots
 * stays at 32 KiB.  Every message is at most this long.
 */
#define ABI_SLOT_SIZE		512u
/** ABI_MSG_MAX - the longest message, header included. */
#define ABI_MSG_MAX		ABI_SLOT_SIZE
/** ABI_MSG_ALIGN - buffer alignment abi_decode() and the encoders need. */
#define ABI_MSG_ALIGN		8u
/** ABI_CACHE_LINE - what keeps the two ring indices apart. */
#define ABI_CACHE_LINE		64u

/** ABI_BATCH_MAX - most entries in one MAP, UNMAP or PROTECT. */
#define ABI_BATCH_MAX		14u
/** ABI_DUMP_MAX - most runs in one S2_DUMP reply. */
#define ABI_DUMP_MAX		11u
/** ABI_CONSOLE_MAX - most bytes in one CONSOLE_IN or CONSOLE_OUT. */
#define ABI_CONSOLE_MAX		256u
/** ABI_LOG_MAX - most bytes of text in one LOG event. */
#define ABI_LOG_MAX		256u
/** ABI_STATUS_MIN - the most negative status a reply may carry (-4095). */
#define ABI_STATUS_MIN		(-4095)

/** ABI_IPA_BITS_MIN - smallest guest IPA size (as S2PT_IPA_BITS_MIN). */
#define ABI_IPA_BITS_MIN	32u
/** ABI_IPA_BITS_MAX - largest guest IPA size (as S2PT_IPA_BITS_MAX). */
#define ABI_IPA_BITS_MAX	48u
/** ABI_VMID_BITS_MIN - narrowest VMID (for tests; hardware: 8 or 16). */
#define ABI_VMID_BITS_MIN	2u
/** ABI_VMID_BITS_MAX - widest VMID. */
#define ABI_VMID_BITS_MAX	16u

/** ABI_RING_SLOTS_MAX - most slots in one ring (a power of two). */
#define ABI_RING_SLOTS_MAX	4096u
/** ABI_RING_SLOT_MIN - smallest slot abi_ring_init() accepts. */
#define ABI_RING_SLOT_MIN	64u
/** ABI_RING_SLOT_MAX - largest slot abi_ring_init() accepts. */
#define ABI_RING_SLOT_MAX	4096u

/**
 * enum abi_msg_type - what a message is; struct abi_hdr.type.
 * @ABI_MSG_HELLO:       request: handshake, first request on a new mailbox.
 * @ABI_MSG_CREATE_VM:   request: make a VM (struct abi_create_vm).
 * @ABI_MSG_DESTROY_VM:  request: tear a VM down (struct abi_vm_ref).
 * @ABI_MSG_MAP:         request: map ranges (struct abi_batch).
 * @ABI_MSG_UNMAP:       request: unmap ranges (struct abi_batch).
 * @ABI_MSG_PROTECT:     request: change attributes (struct abi_batch).
 * @ABI_MSG_SET_VCPU:    request: a vCPU's entry state (struct abi_set_vcpu).
 * @ABI_MSG_RUN:         request: let a VM's vCPUs run (struct abi_vm_ref).
 * @ABI_MSG_PAUSE:       request: stop scheduling a VM (struct abi_vm_ref).
 * @ABI_MSG_STATS:       request: counters (struct abi_vm_ref, vm may be 0).
 * @ABI_MSG_S2_DUMP:     request: a VM's stage-2 as runs (struct abi_s2_dump).
 * @ABI_MSG_CONSOLE_IN:  request: bytes for a VM's UART, maybe after a
 *                       break condition (struct abi_text).
 * @ABI_MSG_CONSOLE_OUT: event: bytes a VM wrote to its UART (struct abi_text).
 * @ABI_MSG_FAULT:       event: a stage-2 fault in a demand-paged range
 *                       (struct abi_fault); the vCPU waits for a MAP.
 * @ABI_MSG_VM_EXITED:   event: a VM stopped (struct abi_vm_exited).
 * @ABI_MSG_LOG:         event: a line of firmware log (struct abi_text).
 * @ABI_MSG_REPLY:       bit set in the type of a reply: request | REPLY.
 * @ABI_MSG_HELLO_REPLY: struct abi_hello_reply.
 * @ABI_MSG_CREATE_VM_REPLY: no body.
 * @ABI_MSG_DESTROY_VM_REPLY: no body.
 * @ABI_MSG_MAP_REPLY:   struct abi_batch_reply, whatever the status.
 * @ABI_MSG_UNMAP_REPLY: struct abi_batch_reply, whatever the status.
 * @ABI_MSG_PROTECT_REPLY: struct abi_batch_reply, whatever the status.
 * @ABI_MSG_SET_VCPU_REPLY: no body.
 * @ABI_MSG_RUN_REPLY:   no body.
 * @ABI_MSG_PAUSE_REPLY: no body.
 * @ABI_MSG_STATS_REPLY: struct abi_stats_reply.
 * @ABI_MSG_S2_DUMP_REPLY: struct abi_s2_dump_reply.
 * @ABI_MSG_CONSOLE_IN_REPLY: no body.
 * @ABI_MSG_NAK:         reply to a request abi_decode() refused: no body,
 *                       status its error, seq as abi_peek_seq() found it.
 *
 * A reply with a status below 0 has no body, except the batch replies,
 * whose body says how far the batch got.
 */
enum abi_msg_type {
	ABI_MSG_HELLO = 0x01,
	ABI_MSG_CREATE_VM = 0x02,
	ABI_MSG_DESTROY_VM = 0x03,
	ABI_MSG_MAP = 0x04,
	ABI_MSG_UNMAP = 0x05,
	ABI_MSG_PROTECT = 0x06,
	ABI_MSG_SET_VCPU = 0x07,
	ABI_MSG_RUN = 0x08,
	ABI_MSG_PAUSE = 0x09,
	ABI_MSG_STATS = 0x0a,
	ABI_MSG_S2_DUMP = 0x0b,
	ABI_MSG_CONSOLE_IN = 0x0c,

	ABI_MSG_CONSOLE_OUT = 0x40,
	ABI_MSG_FAULT = 0x41,
	ABI_MSG_VM_EXITED = 0x42,
	ABI_MSG_LOG = 0x43,

	ABI_MSG_REPLY = 0x80,
	ABI_MSG_HELLO_REPLY = ABI_MSG_REPLY | ABI_MSG_HELLO,
	ABI_MSG_CREATE_VM_REPLY = ABI_MSG_REPLY | ABI_MSG_CREATE_VM,
	ABI_MSG_DESTROY_VM_REPLY = ABI_MSG_REPLY | ABI_MSG_DESTROY_VM,
	ABI_MSG_MAP_REPLY = ABI_MSG_REPLY | ABI_MSG_MAP,
	ABI_MSG_UNMAP_REPLY = ABI_MSG_REPLY | ABI_MSG_UNMAP,
	ABI_MSG_PROTECT_REPLY = ABI_MSG_REPLY | ABI_MSG_PROTECT,
	ABI_MSG_SET_VCPU_REPLY = ABI_MSG_REPLY | ABI_MSG_SET_VCPU,
	ABI_MSG_RUN_REPLY = ABI_MSG_REPLY | ABI_MSG_RUN,
	ABI_MSG_PAUSE_REPLY = ABI_MSG_REPLY | ABI_MSG_PAUSE,
	ABI_MSG_STATS_REPLY = ABI_MSG_REPLY | ABI_MSG_STATS,
	ABI_MSG_S2_DUMP_REPLY = ABI_MSG_REPLY | ABI_MSG_S2_DUMP,
	ABI_MSG_CONSOLE_IN_REPLY = ABI_MSG_REPLY | ABI_MSG_CONSOLE_IN,
	ABI_MSG_NAK = 0xff,
};

/** ABI_MSG_REQUEST_LAST - highest request type. */
#define ABI_MSG_REQUEST_LAST	ABI_MSG_CONSOLE_IN
/** ABI_MSG_EVENT_LAST - highest event type. */
#define ABI_MSG_EVENT_LAST	ABI_MSG_LOG

/**
 * ABI_HDR_FLAGS_KNOWN - header flags defined in this version: none.  Set
 * bits are refused, so a later version can give them a meaning.
 */
#define ABI_HDR_FLAGS_KNOWN	0u

/**
 * struct abi_hdr - the start of every message.
 * @magic:    ABI_MSG_MAGIC.
 * @version:  ABI_VERSION.
 * @type:     enum abi_msg_type.
 * @length:   bytes of the message, this header included, at most
 *            ABI_MSG_MAX; exactly what the type and its counts say.
 * @flags:    ABI_HDR_FLAGS_KNOWN bits only.
 * @seq:      requests: chosen by hvd, echoed by the reply; events: the
 *            firmware's event counter.
 * @status:   replies: 0 or -errno (>= ABI_STATUS_MIN); else 0.
 * @reserved: 0.
 */
struct abi_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t type;
	uint32_t length;
	uint32_t flags;
	uint64_t seq;
	int32_t status;
	uint32_t reserved;
};

/**
 * struct abi_hello - HELLO request: hvd introduces itself.
 * @abi_version: ABI_VERSION (the one hvd was built with).
 * @reserved:    0.
 */
struct abi_hello {
	uint32_t abi_version;
	uint32_t reserved;
};

/**
 * struct abi_hello_reply - HELLO reply: the board as the firmware sees it.
 * @abi_version:  ABI_VERSION (the one the firmware was built with).
 * @cpu_count:    physical CPUs running the firmware, >= 1.
 * @ram_base:     PA of the board's RAM.
 * @ram_size:     bytes of RAM.
 * @mailbox_base: PA of the mailbox region (which holds this message).
 * @mailbox_size: bytes of the mailbox region.
 * @fw_base:      PA of the firmware's own memory (image, stacks, pool):
 *                never mappable into a guest.
 * @fw_size:      bytes of it.
 * @vmid_bits:    VMID width in use, ABI_VMID_BITS_MIN..ABI_VMID_BITS_MAX.
 * @ipa_bits:     largest guest IPA size, ABI_IPA_BITS_MIN..ABI_IPA_BITS_MAX.
 * @pa_bits:      physical address size: 32, 36, 40, 42, 44, 48 or 52.
 * @reserved0:    0.
 * @vm_max:       VM ids are 1..@vm_max, >= 1.
 * @vcpu_max:     most vCPUs per VM, >= 1.
 * @reserved1:    0.
 */
struct abi_hello_reply {
	uint32_t abi_version;
	uint32_t cpu_count;
	uint64_t ram_base;
	uint64_t ram_size;
	uint64_t mailbox_base;
	uint64_t mailbox_size;
	uint64_t fw_base;
	uint64_t fw_size;
	uint8_t vmid_bits;
	uint8_t ipa_bits;
	uint8_t pa_bits;
	uint8_t reserved0;
	uint32_t vm_max;
	uint32_t vcpu_max;
	uint32_t reserved1;
};

/**
 * struct abi_create_vm - CREATE_VM request.
 * @vm:         the new VM's id, chosen by hvd, 1..vm_max of HELLO.
 * @vcpu_count: vCPUs, 1..vcpu_max of HELLO.
 * @ipa_bits:   IPA size of its stage 2, ABI_IPA_BITS_MIN..ABI_IPA_BITS_MAX.
 * @reserved:   0.
 *
 * The VM starts paused, with every vCPU off and nothing mapped.
 */
struct abi_create_vm {
	uint32_t vm;
	uint32_t vcpu_count;
	uint8_t ipa_bits;
	uint8_t reserved[7];
};

/**
 * struct abi_vm_ref - DESTROY_VM, RUN, PAUSE and STATS requests.
 * @vm:       the VM (not 0; STATS: 0 asks for the firmware's totals only).
 * @reserved: 0.
 *
 * DESTROY_VM unmaps every page, invalidates the VMID's TLB entries,
 * releases the VMID and scrubs the pages before the reply; hvd may reuse
 * them once it has the reply.
 */
struct abi_vm_ref {
	uint32_t vm;
	uint32_t reserved;
};

/**
 * enum abi_perm - stage-2 permissions, as bits (same values as s2pt_perm).
 * @ABI_PERM_R: read.
 * @ABI_PERM_W: write.
 * @ABI_PERM_X: execute.
 */
enum abi_perm {
	ABI_PERM_R = 1,
	ABI_PERM_W = 2,
	ABI_PERM_X = 4,
};
/** ABI_PERM_ALL - every permission bit. */
#define ABI_PERM_ALL	(ABI_PERM_R | ABI_PERM_W | ABI_PERM_X)

/**
 * enum abi_memtype - stage-2 memory type (same values as s2pt_memtype).
 * @ABI_MEM_NORMAL_WB:    Normal, write-back.
 * @ABI_MEM_NORMAL_NC:    Normal, non-cacheable.
 * @ABI_MEM_DEVICE_nGnRE: Device-nGnRE.
 * @ABI_MEM_COUNT:        number of memory types.
 */
enum abi_memtype {
	ABI_MEM_NORMAL_WB = 0,
	ABI_MEM_NORMAL_NC = 1,
	ABI_MEM_DEVICE_nGnRE = 2,
	ABI_MEM_COUNT = 3,
};

/**
 * enum abi_range_flags - struct abi_range.flags, MAP only.
 * @ABI_RANGE_SHARED: the pages may be mapped into several VMs (hvd declares
 *                    the region shared); without it the firmware refuses a
 *                    page another VM owns.
 * @ABI_RANGE_DEMAND: declare [ipa, ipa + size) demand-paged instead of
 *                    mapping it: a stage-2 fault there becomes a FAULT event
 *                    rather than a crash.  @pa, @perm and @memtype must be 0
 *                    and the entry may not be SHARED.
 */
enum abi_range_flags {
	ABI_RANGE_SHARED = 1,
	ABI_RANGE_DEMAND = 2,
};
/** ABI_RANGE_FLAGS_KNOWN - every flag of struct abi_range. */
#define ABI_RANGE_FLAGS_KNOWN	(ABI_RANGE_SHARED | ABI_RANGE_DEMAND)

/**
 * struct abi_range - one entry of a MAP, UNMAP or PROTECT batch.
 * @ipa:      first IPA.
 * @pa:       first PA (MAP; 0 for UNMAP, PROTECT and DEMAND entries).
 * @size:     bytes.
 * @perm:     enum abi_perm bits: non-empty for MAP and PROTECT, 0 for UNMAP.
 * @memtype:  enum abi_memtype (0 for UNMAP).
 * @flags:    enum abi_range_flags (MAP only; 0 otherwise).
 * @reserved: 0.
 *
 * Alignment (4 KiB) and limits of @ipa, @pa and @size are the firmware's to
 * check, per entry, with s2pt's error codes.
 */
struct abi_range {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	uint8_t perm;
	uint8_t memtype;
	uint16_t flags;
	uint32_t reserved;
};

/**
 * struct abi_batch - MAP, UNMAP and PROTECT requests.
 * @vm:    the VM (not 0).
 * @count: entries that follow, 1..ABI_BATCH_MAX.
 * @entry: the entries, applied in order.
 *
 * Each entry is all-or-nothing (as s2pt makes it); the batch is not: the
 * firmware stops at the first entry that fails and the reply says which.
 */
struct abi_batch {
	uint32_t vm;
	uint32_t count;
	struct abi_range entry[];
};

/**
 * struct abi_batch_reply - body of MAP, UNMAP and PROTECT replies.
 * @done:     entries applied.  Status 0: all of them.  Status < 0: entry
 *            @done failed (nothing of it was applied) and the entries after
 *            it were not tried.  Never more than the request's count.
 * @reserved: 0.
 */
struct abi_batch_reply {
	uint32_t done;
	uint32_t reserved;
};

/**
 * enum abi_vcpu_state - what SET_VCPU does to a vCPU.
 * @ABI_VCPU_ON:  the vCPU will run from @pc with @x0 when the VM runs.
 * @ABI_VCPU_OFF: the vCPU is off (as after PSCI CPU_OFF).
 */
enum abi_vcpu_state {
	ABI_VCPU_ON = 1,
	ABI_VCPU_OFF = 2,
};

/**
 * struct abi_set_vcpu - SET_VCPU request.
 * @vm:       the VM (not 0).
 * @vcpu:     vCPU index, < the VM's vcpu_count.
 * @pc:       entry point (IPA), for ABI_VCPU_ON.
 * @x0:       value of x0 at entry (the DTB's IPA for a Linux guest).
 * @state:    enum abi_vcpu_state.
 * @reserved: 0.
 *
 * The vCPU enters at EL1h with the MMU off (PSTATE.DAIF all masked), as
 * the arm64 boot protocol asks.
 */
struct abi_set_vcpu {
	uint32_t vm;
	uint32_t vcpu;
	uint64_t pc;
	uint64_t x0;
	uint32_t state;
	uint32_t reserved;
};

/**
 * struct abi_s2_stats - one stage 2's counters, fixed-width s2pt_stats.
 * @table_pages: table pages in use.
 * @leaves:      valid leaves per level ([1] 1 GiB, [2] 2 MiB, [3] 4 KiB).
 * @desc_writes: descriptor stores.
 * @tlbi_ipa:    TLB invalidations by IPA.
 * @tlbi_vmid:   whole-VMID invalidations.
 * @bbm:         break-before-make sequences.
 */
struct abi_s2_stats {
	uint64_t table_pages;
	uint64_t leaves[4];
	uint64_t desc_writes;
	uint64_t tlbi_ipa;
	uint64_t tlbi_vmid;
	uint64_t bbm;
};

/**
 * struct abi_stats_reply - STATS reply.
 * @vm:              the VM asked about, or 0.
 * @vm_count:        VMs that exist.
 * @pool_pages:      pages of the firmware's table pool.
 * @pool_free:       of which free.
 * @vmid_generation: the VMID allocator's generation.
 * @vmid_rollovers:  its rollovers.
 * @vmid_flushes:    its whole-TLB flushes.
 * @vmid_in_use:     VMIDs in use in the current generation.
 * @reserved:        0.
 * @total:           the sum over every VM's stage 2.
 * @vm_s2:           @vm's stage 2 (all 0 when @vm is 0).
 * @vm_cpu_ns:       how long @vm's vCPUs ran, summed, in nanoseconds (0
 *                   when @vm is 0).
 * @vm_exits:        their exits to the firmware, summed.
 */
struct abi_stats_reply {
	uint32_t vm;
	uint32_t vm_count;
	uint64_t pool_pages;
	uint64_t pool_free;
	uint64_t vmid_generation;
	uint64_t vmid_rollovers;
	uint64_t vmid_flushes;
	uint32_t vmid_in_use;
	uint32_t reserved;
	struct abi_s2_stats total;
	struct abi_s2_stats vm_s2;
	uint64_t vm_cpu_ns;
	uint64_t vm_exits;
};

/**
 * struct abi_s2_dump - S2_DUMP request.
 * @vm:       the VM (not 0).
 * @reserved: 0.
 * @ipa:      first IPA of the range.
 * @size:     bytes, not 0; @ipa + @size does not wrap.
 * @cursor:   where to go on from: @ipa in the first request, the reply's
 *            @next in the following ones; within [@ipa, @ipa + @size].
 *
 * Continuation is stateless: the firmware keeps nothing between requests,
 * so hvd can give up a dump at any time.
 */
struct abi_s2_dump {
	uint32_t vm;
	uint32_t reserved;
	uint64_t ipa;
	uint64_t size;
	uint64_t cursor;
};

/**
 * struct abi_s2_run - one run of like entries (fixed-width s2pt_dump_rec).
 * @ipa:      first IPA of the run.
 * @size:     bytes in the run.
 * @count:    entries in the run.
 * @pa:       PA of @ipa if @valid, else 0.
 * @level:    level of the entries, 1..3.
 * @valid:    1 mapped, 0 owner-annotated invalid entries.
 * @perm:     enum abi_perm bits if @valid, else 0.
 * @memtype:  enum abi_memtype if @valid, else 0.
 * @owner:    owner id if !@valid, else 0.
 * @reserved: 0.
 */
struct abi_s2_run {
	uint64_t ipa;
	uint64_t size;
	uint64_t count;
	uint64_t pa;
	uint8_t level;
	uint8_t valid;
	uint8_t perm;
	uint8_t memtype;
	uint8_t owner;
	uint8_t reserved[3];
};

/** ABI_DUMP_MORE - struct abi_s2_dump_reply.flags: runs remain after @next. */
#define ABI_DUMP_MORE		1u
/** ABI_DUMP_FLAGS_KNOWN - every flag of struct abi_s2_dump_reply. */
#define ABI_DUMP_FLAGS_KNOWN	ABI_DUMP_MORE

/**
 * struct abi_s2_dump_reply - S2_DUMP reply.
 * @vm:       the VM.
 * @count:    runs that follow, 0..ABI_DUMP_MAX.
 * @next:     the cursor for the next request (the start of the first run
 *            that did not fit; the end of the range when done).
 * @flags:    ABI_DUMP_MORE when another request is needed.
 * @reserved: 0.
 * @run:      the runs, in IPA order, clipped to the range.
 */
struct abi_s2_dump_reply {
	uint32_t vm;
	uint32_t count;
	uint64_t next;
	uint32_t flags;
	uint32_t reserved;
	struct abi_s2_run run[];
};

/**
 * enum abi_log_level - LOG severity.
 * @ABI_LOG_ERR:   an error the firmware recovered from.
 * @ABI_LOG_WARN:  something hvd should know.
 * @ABI_LOG_INFO:  normal operation.
 * @ABI_LOG_DEBUG: detail.
 */
enum abi_log_level {
	ABI_LOG_ERR = 1,
	ABI_LOG_WARN = 2,
	ABI_LOG_INFO = 3,
	ABI_LOG_DEBUG = 4,
};

/**
 * ABI_TEXT_BREAK - struct abi_text.flags, CONSOLE_IN only: a break
 * condition on the VM's receive line comes before the bytes (a serial
 * console's way to get a system's attention: Linux reads a break and the
 * key after it as SysRq).  A CONSOLE_IN that carries it may have no bytes.
 *
 * A flag of the text, not a message type or a version: a CONSOLE_IN
 * without it is what it always was, and a receiver that does not know it
 * refuses it as any unknown flag (NAK, -EBADMSG) instead of misreading it.
 */
#define ABI_TEXT_BREAK		1u
/** ABI_TEXT_FLAGS_KNOWN - every flag of struct abi_text (CONSOLE_IN). */
#define ABI_TEXT_FLAGS_KNOWN	ABI_TEXT_BREAK

/**
 * struct abi_text - CONSOLE_IN, CONSOLE_OUT and LOG.
 * @vm:    the VM (not 0 for the console; LOG: 0 for the firmware itself).
 * @level: LOG: enum abi_log_level; console: 0.
 * @flags: CONSOLE_IN: ABI_TEXT_FLAGS_KNOWN bits only; otherwise 0.
 * @len:   bytes that follow: 1..ABI_CONSOLE_MAX or 1..ABI_LOG_MAX; a
 *         CONSOLE_IN with ABI_TEXT_BREAK also 0.
 * @bytes: raw bytes, not NUL-terminated; any value (a reader that prints
 *         them escapes what needs escaping).
 */
struct abi_text {
	uint32_t vm;
	uint8_t level;
	uint8_t flags;
	uint16_t len;
	uint8_t bytes[];
};

/**
 * enum abi_access - the access that faulted.
 * @ABI_ACCESS_READ:  a data read.
 * @ABI_ACCESS_WRITE: a data write.
 * @ABI_ACCESS_EXEC:  an instruction fetch.
 */
enum abi_access {
	ABI_ACCESS_READ = 1,
	ABI_ACCESS_WRITE = 2,
	ABI_ACCESS_EXEC = 3,
};

/**
 * struct abi_fault_info - where and how a vCPU faulted.
 * @vcpu:     the vCPU index.
 * @access:   enum abi_access.
 * @reserved: 0.
 * @ipa:      the faulting IPA (HPFAR_EL2 with FAR_EL2's page offset).
 * @esr:      ESR_EL2 of the exit.
 * @pc:       the guest PC (ELR_EL2).
 */
struct abi_fault_info {
	uint32_t vcpu;
	uint8_t access;
	uint8_t reserved[3];
	uint64_t ipa;
	uint64_t esr;
	uint64_t pc;
};

/**
 * struct abi_fault - FAULT event.
 * @vm:       the VM (not 0).
 * @reserved: 0.
 * @info:     the fault.
 *
 * Sent for a fault inside a range declared ABI_RANGE_DEMAND; the vCPU
 * waits until a MAP covers @info.ipa (or the VM is paused or destroyed).
 */
struct abi_fault {
	uint32_t vm;
	uint32_t reserved;
	struct abi_fault_info info;
};

/**
 * enum abi_exit_reason - why a VM stopped.
 * @ABI_EXIT_OFF:     PSCI SYSTEM_OFF.
 * @ABI_EXIT_RESET:   PSCI SYSTEM_RESET (hvd decides whether to restart).
 * @ABI_EXIT_CRASHED: a fault outside every demand-paged range, or a guest
 *                    error the firmware cannot handle; see @crash.
 */
enum abi_exit_reason {
	ABI_EXIT_OFF = 1,
	ABI_EXIT_RESET = 2,
	ABI_EXIT_CRASHED = 3,
};

/**
 * struct abi_vm_exited - VM_EXITED event.
 * @vm:     the VM (not 0).  Its stage 2 is intact: hvd sends DESTROY_VM.
 * @reason: enum abi_exit_reason.
 * @crash:  for ABI_EXIT_CRASHED the report (hvd adds the nearest region);
 *          all 0 otherwise.
 */
struct abi_vm_exited {
	uint32_t vm;
	uint32_t reason;
	struct abi_fault_info crash;
};

/*
 * The layout is the ABI: pin every size and offset, so a compiler or a
 * change that moves one breaks the build instead of the protocol.
 */
#define ABI_SIZE(t, n) \
	_Static_assert(sizeof(struct t) == (n), "sizeof(struct " #t ")")
#define ABI_OFF(t, m, n) \
	_Static_assert(offsetof(struct t, m) == (n), #t "." #m)

ABI_SIZE(abi_hdr, 32);
ABI_OFF(abi_hdr, magic, 0);
ABI_OFF(abi_hdr, version, 4);
ABI_OFF(abi_hdr, type, 6);
ABI_OFF(abi_hdr, length, 8);
ABI_OFF(abi_hdr, flags, 12);
ABI_OFF(abi_hdr, seq, 16);
ABI_OFF(abi_hdr, status, 24);
ABI_OFF(abi_hdr, reserved, 28);

ABI_SIZE(abi_hello, 8);
ABI_OFF(abi_hello, abi_version, 0);
ABI_OFF(abi_hello, reserved, 4);

ABI_SIZE(abi_hello_reply, 72);
ABI_OFF(abi_hello_reply, abi_version, 0);
ABI_OFF(abi_hello_reply, cpu_count, 4);
ABI_OFF(abi_hello_reply, ram_base, 8);
ABI_OFF(abi_hello_reply, ram_size, 16);
ABI_OFF(abi_hello_reply, mailbox_base, 24);
ABI_OFF(abi_hello_reply, mailbox_size, 32);
ABI_OFF(abi_hello_reply, fw_base, 40);
ABI_OFF(abi_hello_reply, fw_size, 48);
ABI_OFF(abi_hello_reply, vmid_bits, 56);
ABI_OFF(abi_hello_reply, ipa_bits, 57);
ABI_OFF(abi_hello_reply, pa_bits, 58);
ABI_OFF(abi_hello_reply, reserved0, 59);
ABI_OFF(abi_hello_reply, vm_max, 60);
ABI_OFF(abi_hello_reply, vcpu_max, 64);
ABI_OFF(abi_hello_reply, reserved1, 68);

ABI_SIZE(abi_create_vm, 16);
ABI_OFF(abi_create_vm, vm, 0);
ABI_OFF(abi_create_vm, vcpu_count, 4);
ABI_OFF(abi_create_vm, ipa_bits, 8);
ABI_OFF(abi_create_vm, reserved, 9);

ABI_SIZE(abi_vm_ref, 8);
ABI_OFF(abi_vm_ref, vm, 0);
ABI_OFF(abi_vm_ref, reserved, 4);

ABI_SIZE(abi_range, 32);
ABI_OFF(abi_range, ipa, 0);
ABI_OFF(abi_range, pa, 8);
ABI_OFF(abi_range, size, 16);
ABI_OFF(abi_range, perm, 24);
ABI_OFF(abi_range, memtype, 25);
ABI_OFF(abi_range, flags, 26);
ABI_OFF(abi_range, reserved, 28);

ABI_SIZE(abi_batch, 8);
ABI_OFF(abi_batch, vm, 0);
ABI_OFF(abi_batch, count, 4);
ABI_OFF(abi_batch, entry, 8);

ABI_SIZE(abi_batch_reply, 8);
ABI_OFF(abi_batch_reply, done, 0);
ABI_OFF(abi_batch_reply, reserved, 4);

ABI_SIZE(abi_set_vcpu, 32);
ABI_OFF(abi_set_vcpu, vm, 0);
ABI_OFF(abi_set_vcpu, vcpu, 4);
ABI_OFF(abi_set_vcpu, pc, 8);
ABI_OFF(abi_set_vcpu, x0, 16);
ABI_OFF(abi_set_vcpu, state, 24);
ABI_OFF(abi_set_vcpu, reserved, 28);

ABI_SIZE(abi_s2_stats, 72);
ABI_OFF(abi_s2_stats, table_pages, 0);
ABI_OFF(abi_s2_stats, leaves, 8);
ABI_OFF(abi_s2_stats, desc_writes, 40);
ABI_OFF(abi_s2_stats, tlbi_ipa, 48);
ABI_OFF(abi_s2_stats, tlbi_vmid, 56);
ABI_OFF(abi_s2_stats, bbm, 64);

ABI_SIZE(abi_stats_reply, 216);
ABI_OFF(abi_stats_reply, vm, 0);
ABI_OFF(abi_stats_reply, vm_count, 4);
ABI_OFF(abi_stats_reply, pool_pages, 8);
ABI_OFF(abi_stats_reply, pool_free, 16);
ABI_OFF(abi_stats_reply, vmid_generation, 24);
ABI_OFF(abi_stats_reply, vmid_rollovers, 32);
ABI_OFF(abi_stats_reply, vmid_flushes, 40);
ABI_OFF(abi_stats_reply, vmid_in_use, 48);
ABI_OFF(abi_stats_reply, reserved, 52);
ABI_OFF(abi_stats_reply, total, 56);
ABI_OFF(abi_stats_reply, vm_s2, 128);
ABI_OFF(abi_stats_reply, vm_cpu_ns, 200);
ABI_OFF(abi_stats_reply, vm_exits, 208);

ABI_SIZE(abi_s2_dump, 32);
ABI_OFF(abi_s2_dump, vm, 0);
ABI_OFF(abi_s2_dump, reserved, 4);
ABI_OFF(abi_s2_dump, ipa, 8);
ABI_OFF(abi_s2_dump, size, 16);
ABI_OFF(abi_s2_dump, cursor, 24);

ABI_SIZE(abi_s2_run, 40);
ABI_OFF(abi_s2_run, ipa, 0);
ABI_OFF(abi_s2_run, size, 8);
ABI_OFF(abi_s2_run, count, 16);
ABI_OFF(abi_s2_run, pa, 24);
ABI_OFF(abi_s2_run, level, 32);
ABI_OFF(abi_s2_run, valid, 33);
ABI_OFF(abi_s2_run, perm, 34);
ABI_OFF(abi_s2_run, memtype, 35);
ABI_OFF(abi_s2_run, owner, 36);
ABI_OFF(abi_s2_run, reserved, 37);

ABI_SIZE(abi_s2_dump_reply, 24);
ABI_OFF(abi_s2_dump_reply, vm, 0);
ABI_OFF(abi_s2_dump_reply, count, 4);
ABI_OFF(abi_s2_dump_reply, next, 8);
ABI_OFF(abi_s2_dump_reply, flags, 16);
ABI_OFF(abi_s2_dump_reply, reserved, 20);
ABI_OFF(abi_s2_dump_reply, run, 24);

ABI_SIZE(abi_text, 8);
ABI_OFF(abi_text, vm, 0);
ABI_OFF(abi_text, level, 4);
ABI_OFF(abi_text, flags, 5);
ABI_OFF(abi_text, len, 6);
ABI_OFF(abi_text, bytes, 8);

ABI_SIZE(abi_fault_info, 32);
ABI_OFF(abi_fault_info, vcpu, 0);
ABI_OFF(abi_fault_info, access, 4);
ABI_OFF(abi_fault_info, reserved, 5);
ABI_OFF(abi_fault_info, ipa, 8);
ABI_OFF(abi_fault_info, esr, 16);
ABI_OFF(abi_fault_info, pc, 24);

ABI_SIZE(abi_fault, 40);
ABI_OFF(abi_fault, vm, 0);
ABI_OFF(abi_fault, reserved, 4);
ABI_OFF(abi_fault, info, 8);

ABI_SIZE(abi_vm_exited, 40);
ABI_OFF(abi_vm_exited, vm, 0);
ABI_OFF(abi_vm_exited, reason, 4);
ABI_OFF(abi_vm_exited, crash, 8);

/* The largest message of each variable kind fits in one slot. */
_Static_assert(sizeof(struct abi_hdr) + sizeof(struct abi_batch) +
    ABI_BATCH_MAX * sizeof(struct abi_range) <= ABI_MSG_MAX,
    "a full batch fits a slot");
_Static_assert(sizeof(struct abi_hdr) + sizeof(struct abi_s2_dump_reply) +
    ABI_DUMP_MAX * sizeof(struct abi_s2_run) <= ABI_MSG_MAX,
    "a full dump reply fits a slot");
_Static_assert(sizeof(struct abi_hdr) + sizeof(struct abi_text) +
    ABI_CONSOLE_MAX <= ABI_MSG_MAX, "a full console record fits a slot");
_Static_assert(sizeof(struct abi_hdr) + sizeof(struct abi_text) +
    ABI_LOG_MAX <= ABI_MSG_MAX, "a full log line fits a slot");
_Static_assert(ABI_CONSOLE_MAX <= UINT16_MAX && ABI_LOG_MAX <= UINT16_MAX,
    "text lengths fit abi_text.len");

/**
 * struct abi_view - a message abi_decode() accepted.
 * @hdr:      its header.
 * @type:     @hdr->type (enum abi_msg_type).
 * @body:     the bytes after the header (NULL if none).
 * @body_len: their number.
 * @count:    entries of a batch, runs of a dump reply, bytes of a text;
 *            0 for the other types.
 * @msg:      @body by type (the member for @type; all alias @body):
 * @msg.hello:        ABI_MSG_HELLO.
 * @msg.hello_reply:  ABI_MSG_HELLO_REPLY with status 0.
 * @msg.create_vm:    ABI_MSG_CREATE_VM.
 * @msg.vm_ref:       ABI_MSG_DESTROY_VM, RUN, PAUSE, STATS.
 * @msg.batch:        ABI_MSG_MAP, UNMAP, PROTECT.
 * @msg.batch_reply:  their replies.
 * @msg.set_vcpu:     ABI_MSG_SET_VCPU.
 * @msg.stats_reply:  ABI_MSG_STATS_REPLY with status 0.
 * @msg.s2_dump:      ABI_MSG_S2_DUMP.
 * @msg.s2_dump_reply: ABI_MSG_S2_DUMP_REPLY with status 0.
 * @msg.text:         ABI_MSG_CONSOLE_IN, CONSOLE_OUT, LOG.
 * @msg.fault:        ABI_MSG_FAULT.
 * @msg.vm_exited:    ABI_MSG_VM_EXITED.
 *
 * Everything points into the buffer given to abi_decode(), which must stay
 * put (and, being a private copy, cannot change) while the view is used.
 */
struct abi_view {
	const struct abi_hdr *hdr;
	unsigned int type;
	const void *body;
	uint32_t body_len;
	uint32_t count;
	union {
		const struct abi_hello *hello;
		const struct abi_hello_reply *hello_reply;
		const struct abi_create_vm *create_vm;
		const struct abi_vm_ref *vm_ref;
		const struct abi_batch *batch;
		const struct abi_batch_reply *batch_reply;
		const struct abi_set_vcpu *set_vcpu;
		const struct abi_stats_reply *stats_reply;
		const struct abi_s2_dump *s2_dump;
		const struct abi_s2_dump_reply *s2_dump_reply;
		const struct abi_text *text;
		const struct abi_fault *fault;
		const struct abi_vm_exited *vm_exited;
	} msg;
};

/**
 * abi_decode() - check untrusted bytes and make a view of the message.
 * @buf:  the bytes: a private copy (abi_ring_pop() makes one), aligned to
 *        ABI_MSG_ALIGN.
 * @len:  bytes available at @buf; the message may be shorter (the rest of
 *        a slot is ignored), never longer.
 * @view: filled in on success; untouched on error.
 *
 * Nothing at or beyond @buf + @len is read, whatever the bytes say.
 *
 * Return: 0 and @view set, or
 *  -EINVAL          @buf NULL or misaligned, @view NULL (caller bugs);
 *  -EBADMSG         shorter than a header, wrong magic, @length shorter
 *                   than the type needs or not matching its counts, longer
 *                   than @len (truncated), a reserved field or status not
 *                   0, an unknown flag, an enum out of range, a VM id 0
 *                   where a VM is needed, an empty batch or text (but for
 *                   a CONSOLE_IN that carries a break);
 *  -EMSGSIZE        @length above ABI_MSG_MAX, a count above its maximum;
 *  -EPROTONOSUPPORT another ABI version (header or HELLO body);
 *  -EPROTO          a type this version does not have.
 */
int abi_decode(const void *buf, size_t len, struct abi_view *view);

/**
 * abi_peek_seq() - the sequence number of a message abi_decode() refused.
 * @buf: the bytes (as given to abi_decode()).
 * @len: bytes available.
 *
 * For the NAK that answers an undecodable request: the seq field as it
 * stands, whatever the rest holds.
 *
 * Return: the seq field, or 0 if @len is too short to hold one.
 */
uint64_t abi_peek_seq(const void *buf, size_t len);

/**
 * abi_encode() - write a message from its whole body.
 * @buf:      where, aligned to ABI_MSG_ALIGN.
 * @cap:      bytes available at @buf.
 * @type:     enum abi_msg_type.
 * @seq:      sequence number.
 * @status:   0, or a reply's -errno.
 * @body:     the body (may be NULL when @body_len is 0).
 * @body_len: its bytes.
 *
 * Works for any type, variable ones included; the other encoders save
 * building a variable body first.  The message is checked with
 * abi_decode() before it is returned, so nothing the peer would refuse
 * leaves an encoder.  On error the contents of @buf are unspecified (this
 * holds for every encoder).
 *
 * Return: the message's length; -EMSGSIZE if it is longer than @cap or
 * ABI_MSG_MAX; -EINVAL for a bad buffer or a message abi_decode() refuses.
 */
int abi_encode(void *buf, size_t cap, unsigned int type, uint64_t seq,
    int32_t status, const void *body, size_t body_len);

/**
 * abi_encode_batch() - write a MAP, UNMAP or PROTECT request.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @type:  ABI_MSG_MAP, ABI_MSG_UNMAP or ABI_MSG_PROTECT.
 * @seq:   sequence number.
 * @vm:    the VM.
 * @entry: @count entries.
 * @count: 1..ABI_BATCH_MAX.
 *
 * Return: the length; -EMSGSIZE for more than ABI_BATCH_MAX entries or too
 * small a buffer; -EINVAL for anything abi_decode() would refuse.
 */
int abi_encode_batch(void *buf, size_t cap, unsigned int type, uint64_t seq,
    uint32_t vm, const struct abi_range *entry, uint32_t count);

/**
 * abi_encode_text() - write a CONSOLE_IN, CONSOLE_OUT or LOG message.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @type:  ABI_MSG_CONSOLE_IN, ABI_MSG_CONSOLE_OUT or ABI_MSG_LOG.
 * @seq:   sequence number.
 * @vm:    the VM (0 for a firmware LOG).
 * @level: LOG: enum abi_log_level; console: 0.
 * @bytes: @len bytes.
 * @len:   1..ABI_CONSOLE_MAX (console) or 1..ABI_LOG_MAX (LOG); a longer
 *         text is the caller's to split.
 *
 * The text's flags are 0: abi_encode_console_in() writes a CONSOLE_IN
 * with a break.
 *
 * Return: the length; -EMSGSIZE if @len is over the maximum or the buffer
 * too small; -EINVAL for anything abi_decode() would refuse.
 */
int abi_encode_text(void *buf, size_t cap, unsigned int type, uint64_t seq,
    uint32_t vm, unsigned int level, const void *bytes, size_t len);

/**
 * abi_encode_console_in() - write a CONSOLE_IN request with its flags.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @seq:   sequence number.
 * @vm:    the VM (not 0).
 * @flags: ABI_TEXT_FLAGS_KNOWN bits: ABI_TEXT_BREAK for a break before
 *         the bytes.
 * @bytes: @len bytes (may be NULL when @len is 0).
 * @len:   0..ABI_CONSOLE_MAX; 0 only with ABI_TEXT_BREAK.
 *
 * Return: the length; -EMSGSIZE if @len is over ABI_CONSOLE_MAX or the
 * buffer too small; -EINVAL for anything abi_decode() would refuse (an
 * unknown flag, no break and no bytes).
 */
int abi_encode_console_in(void *buf, size_t cap, uint64_t seq, uint32_t vm,
    unsigned int flags, const void *bytes, size_t len);

/**
 * abi_encode_dump_reply() - write a successful S2_DUMP reply.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @seq:   the request's sequence number.
 * @head:  vm, next and flags (count is set from @count).
 * @run:   @count runs.
 * @count: 0..ABI_DUMP_MAX.
 *
 * Return: the length; -EMSGSIZE for more than ABI_DUMP_MAX runs or too
 * small a buffer; -EINVAL for anything abi_decode() would refuse.
 */
int abi_encode_dump_reply(void *buf, size_t cap, uint64_t seq,
    const struct abi_s2_dump_reply *head, const struct abi_s2_run *run,
    uint32_t count);

/**
 * abi_reply_type() - the reply type of a request type.
 * @req_type: a request type.
 *
 * Return: @req_type | ABI_MSG_REPLY, or ABI_MSG_NAK for a type that is
 * not a request of this version.
 */
unsigned int abi_reply_type(unsigned int req_type);

/**
 * abi_type_is_request() - whether a type is a request (hvd -> firmware).
 * @type: a message type.
 *
 * Return: true for ABI_MSG_HELLO..ABI_MSG_REQUEST_LAST.
 */
static inline bool
abi_type_is_request(unsigned int type)
{
	return type >= ABI_MSG_HELLO && type <= ABI_MSG_REQUEST_LAST;
}

/**
 * abi_type_is_event() - whether a type is an event (firmware -> hvd).
 * @type: a message type.
 *
 * Return: true for ABI_MSG_CONSOLE_OUT..ABI_MSG_EVENT_LAST.
 */
static inline bool
abi_type_is_event(unsigned int type)
{
	return type >= ABI_MSG_CONSOLE_OUT && type <= ABI_MSG_EVENT_LAST;
}

/**
 * abi_type_is_reply() - whether a type is a reply or a NAK.
 * @type: a message type abi_decode() accepted.
 *
 * Return: true if the ABI_MSG_REPLY bit is set.
 */
static inline bool
abi_type_is_reply(unsigned int type)
{
	return (type & ABI_MSG_REPLY) != 0;
}

/**
 * abi_reply_matches() - whether a decoded reply answers a request.
 * @reply:    a view abi_decode() made.
 * @req_type: the type of the request hvd sent.
 * @seq:      its sequence number.
 *
 * Return: true if @reply is @req_type's reply or a NAK, with @seq.
 */
static inline bool
abi_reply_matches(const struct abi_view *reply, unsigned int req_type,
    uint64_t seq)
{
	return reply->hdr->seq == seq &&
	    (reply->type == abi_reply_type(req_type) ||
	    reply->type == ABI_MSG_NAK);
}

/*
 * Rings.
 *
 * A ring is a struct abi_ring_shared (the two indices, each alone on its
 * cache line) followed by slot_count slots of slot_size bytes, both powers
 * of two.  The indices are free-running 32-bit counters: slot = index &
 * (slot_count - 1), used = prod - cons (mod 2^32), which a consistent ring
 * keeps within 0..slot_count.  The producer writes a slot, then publishes it
 * with a release store of prod; the consumer acquires prod, copies the slot
 * out, then frees it with a release store of cons.
 *
 * Each side keeps its own index privately (struct abi_ring) and only ever
 * writes it to shared memory; the peer's index is read, checked and used
 * for nothing but the full/empty decision.  A slot is always addressed by
 * the private index, so no value a peer writes can make a side touch memory
 * outside the ring.
 */

/**
 * struct abi_ring_shared - a ring's indices, in shared memory.
 * @prod: slots ever produced (written by the producer only).
 * @pad0: keeps @cons off @prod's cache line.
 * @cons: slots ever consumed (written by the consumer only).
 * @pad1: to the end of the line.
 */
struct abi_ring_shared {
	_Atomic uint32_t prod;
	uint8_t pad0[ABI_CACHE_LINE - sizeof(uint32_t)];
	_Atomic uint32_t cons;
	uint8_t pad1[ABI_CACHE_LINE - sizeof(uint32_t)];
};

_Static_assert(sizeof(_Atomic uint32_t) == 4 &&
    _Alignof(_Atomic uint32_t) == 4, "a ring index is a plain 32-bit word");
_Static_assert(ATOMIC_INT_LOCK_FREE == 2,
    "ring indices are lock-free (no lock can be shared with the peer)");
ABI_SIZE(abi_ring_shared, 2 * ABI_CACHE_LINE);
ABI_OFF(abi_ring_shared, prod, 0);
ABI_OFF(abi_ring_shared, cons, ABI_CACHE_LINE);

/**
 * struct abi_ring - one side's handle on a ring (private memory).
 * @sh:         the shared indices.
 * @slots:      the first slot.
 * @slot_count: slots, a power of two.
 * @slot_size:  bytes per slot, a power of two.
 * @prod:       this side's producer index (when it produces).
 * @cons:       this side's consumer index (when it consumes).
 *
 * abi_ring_push() touches only @prod and abi_ring_pop() only @cons, so one
 * handle may serve a producer thread and a consumer thread at once.
 */
struct abi_ring {
	struct abi_ring_shared *sh;
	unsigned char *slots;
	uint32_t slot_count;
	uint32_t slot_size;
	uint32_t prod;
	uint32_t cons;
};

/**
 * abi_ring_bytes() - bytes a ring takes.
 * @slot_count: slots, a power of two, 1..ABI_RING_SLOTS_MAX.
 * @slot_size:  bytes per slot, a power of two,
 *              ABI_RING_SLOT_MIN..ABI_RING_SLOT_MAX.
 *
 * Return: sizeof(struct abi_ring_shared) + @slot_count * @slot_size, or 0
 * for a bad geometry.
 */
size_t abi_ring_bytes(uint32_t slot_count, uint32_t slot_size);

/**
 * abi_ring_init() - make a new, empty ring in @mem.
 * @r:          the handle.
 * @mem:        abi_ring_bytes() bytes, ABI_CACHE_LINE aligned.
 * @mem_size:   bytes available at @mem.
 * @slot_count: slots, a power of two, 1..ABI_RING_SLOTS_MAX.
 * @slot_size:  bytes per slot, a power of two,
 *              ABI_RING_SLOT_MIN..ABI_RING_SLOT_MAX.
 *
 * Zeroes the indices and slots.  Done once by the side that creates the
 * mailbox, before the peer is told about it; the peer uses
 * abi_ring_attach().
 *
 * Return: 0, or -EINVAL for a bad geometry, a misaligned or too small
 * @mem.
 */
int abi_ring_init(struct abi_ring *r, void *mem, size_t mem_size,
    uint32_t slot_count, uint32_t slot_size);

/**
 * abi_ring_attach() - take up a ring that exists in @mem.
 * @r:          the handle.
 * @mem:        the ring, ABI_CACHE_LINE aligned.
 * @mem_size:   bytes available at @mem.
 * @slot_count: as the ring was made with.
 * @slot_size:  as the ring was made with.
 *
 * The private indices start from the shared ones (so a restarted hvd goes
 * on where it stopped).
 *
 * Return: 0; -EINVAL as for abi_ring_init(); -EPROTO if the shared
 * indices are inconsistent (more than @slot_count apart).
 */
int abi_ring_attach(struct abi_ring *r, void *mem, size_t mem_size,
    uint32_t slot_count, uint32_t slot_size);

/**
 * abi_ring_push() - copy a message into the next slot and publish it.
 * @r:   the handle (producer side).
 * @msg: the message.
 * @len: its bytes, at most the slot size.
 *
 * Return: 0; -EAGAIN if the ring is full; -EMSGSIZE if @len is over the
 * slot size; -EINVAL if @msg is NULL; -EPROTO if the consumer's index is
 * inconsistent (behind by more than the ring or ahead of the producer).
 * Nothing is written on error, and -EPROTO is not sticky: the next call
 * looks again.
 */
int abi_ring_push(struct abi_ring *r, const void *msg, size_t len);

/**
 * abi_ring_pop() - copy the next slot out and free it.
 * @r:   the handle (consumer side).
 * @buf: where, aligned to ABI_MSG_ALIGN: then hand it to abi_decode().
 * @cap: bytes at @buf, at least the slot size.
 *
 * The whole slot is copied before anything in it is looked at.
 *
 * Return: the bytes copied (the slot size); -EAGAIN if the ring is empty;
 * -EMSGSIZE if @cap is too small; -EINVAL for a NULL or misaligned @buf;
 * -EPROTO if the producer's index is inconsistent.  Nothing is consumed on
 * error.
 */
int abi_ring_pop(struct abi_ring *r, void *buf, size_t cap);

/*
 * The mailbox: the layout header at the start of the shared region, then
 * the request ring (hvd -> firmware), then the event ring (firmware ->
 * hvd), each at an ABI_CACHE_LINE aligned offset.  Slots are ABI_SLOT_SIZE.
 */

/**
 * struct abi_mailbox_hdr - the layout header, at offset 0 of the region.
 * @magic:      ABI_MAILBOX_MAGIC, stored last (release) by the creator.
 * @version:    ABI_VERSION.
 * @hdr_size:   sizeof(struct abi_mailbox_hdr).
 * @slot_size:  ABI_SLOT_SIZE.
 * @req_slots:  slots of the request ring, a power of two.
 * @evt_slots:  slots of the event ring, a power of two.
 * @reserved0:  0.
 * @req_offset: offset of the request ring from the region's start.
 * @evt_offset: offset of the event ring.
 * @size:       bytes of the region the layout uses.
 * @reserved1:  0.
 */
struct abi_mailbox_hdr {
	_Atomic uint32_t magic;
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

ABI_SIZE(abi_mailbox_hdr, ABI_CACHE_LINE);
ABI_OFF(abi_mailbox_hdr, magic, 0);
ABI_OFF(abi_mailbox_hdr, version, 4);
ABI_OFF(abi_mailbox_hdr, hdr_size, 6);
ABI_OFF(abi_mailbox_hdr, slot_size, 8);
ABI_OFF(abi_mailbox_hdr, req_slots, 12);
ABI_OFF(abi_mailbox_hdr, evt_slots, 16);
ABI_OFF(abi_mailbox_hdr, reserved0, 20);
ABI_OFF(abi_mailbox_hdr, req_offset, 24);
ABI_OFF(abi_mailbox_hdr, evt_offset, 32);
ABI_OFF(abi_mailbox_hdr, size, 40);
ABI_OFF(abi_mailbox_hdr, reserved1, 48);

/**
 * enum abi_side - which end of the mailbox a handle is.
 * @ABI_SIDE_HOST:     hvd: sends requests, receives replies and events.
 * @ABI_SIDE_FIRMWARE: the firmware: the other way round.
 */
enum abi_side {
	ABI_SIDE_HOST = 1,
	ABI_SIDE_FIRMWARE = 2,
};

/**
 * struct abi_mailbox - one side's handle on the mailbox (private memory).
 * @tx: the ring this side produces into (abi_ring_push()).
 * @rx: the ring this side consumes from (abi_ring_pop()).
 */
struct abi_mailbox {
	struct abi_ring tx;
	struct abi_ring rx;
};

/**
 * abi_mailbox_bytes() - bytes a mailbox takes.
 * @req_slots: request ring slots, a power of two, 1..ABI_RING_SLOTS_MAX.
 * @evt_slots: event ring slots, likewise.
 *
 * Return: the size, or 0 for a bad count.
 */
size_t abi_mailbox_bytes(uint32_t req_slots, uint32_t evt_slots);

/**
 * abi_mailbox_init() - lay a new mailbox out in a region.
 * @mb:          the handle.
 * @side:        enum abi_side of the caller.
 * @region:      the region, ABI_CACHE_LINE aligned.
 * @region_size: its bytes, at least abi_mailbox_bytes().
 * @req_slots:   request ring slots.
 * @evt_slots:   event ring slots.
 *
 * Writes both rings and the header, the magic last with release order, so
 * a peer that sees the magic sees the rest.
 *
 * Return: 0, or -EINVAL for a bad argument or too small a region.
 */
int abi_mailbox_init(struct abi_mailbox *mb, enum abi_side side,
    void *region, size_t region_size, uint32_t req_slots, uint32_t evt_slots);

/**
 * abi_mailbox_attach() - check and take up a mailbox the peer laid out.
 * @mb:          the handle.
 * @side:        enum abi_side of the caller.
 * @region:      the region, ABI_CACHE_LINE aligned.
 * @region_size: its bytes (what the caller mapped: the layout must fit).
 *
 * The header is copied out before it is checked: magic, version, sizes,
 * reserved fields, ring geometry, every ring inside the region, after the
 * header and not overlapping the other, all without overflow.
 *
 * Return: 0; -EINVAL for a bad argument; -EAGAIN if the magic is still 0
 * (the peer has not finished: RAM starts zeroed); -EPROTONOSUPPORT for
 * another version; -EPROTO for another magic, an inconsistent layout or
 * ring.
 */
int abi_mailbox_attach(struct abi_mailbox *mb, enum abi_side side,
    void *region, size_t region_size);

#endif /* HV_ABI_H */
