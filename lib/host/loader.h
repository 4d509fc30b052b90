/* SPDX-License-Identifier: ISC */
/*
 * loader.h - guest images into guest RAM: ELF (AArch64), the arm64 Linux
 * Image and raw binaries.
 *
 * The loader reads the file, checks it against the guest's RAM and writes
 * its bytes through a callback at guest IPAs (hvd turns IPAs into board
 * PAs; the tests write into a buffer).  Every refusal comes with a message
 * naming the file and what is wrong with it.  Host-only code.
 */
#ifndef HV_HOST_LOADER_H
#define HV_HOST_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/types.h>

/** LOADER_ERROR_MAX - room for a message. */
#define LOADER_ERROR_MAX	512
/** LOADER_IMAGE_ALIGN - an arm64 Image's base: 2 MiB aligned. */
#define LOADER_IMAGE_ALIGN	0x200000ull

/**
 * enum loader_format - what the file is.
 * @LOADER_ELF:   ELF64, little-endian, EM_AARCH64, ET_EXEC: PT_LOAD
 *                segments at their p_paddr (p_vaddr when p_paddr is 0);
 *                entry e_entry.
 * @LOADER_IMAGE: arm64 Linux Image (Documentation/arch/arm64/booting.rst):
 *                at a 2 MiB-aligned base + text_offset, image_size bytes
 *                taken; entry its first byte.
 * @LOADER_RAW:   raw bytes at the given load address, the entry.
 */
enum loader_format {
	LOADER_ELF,
	LOADER_IMAGE,
	LOADER_RAW,
};

/**
 * typedef loader_write_fn - write guest RAM.
 * @ctx:   loader_target.ctx.
 * @ipa:   where; [@ipa, @ipa + @len) is inside the target's RAM.
 * @bytes: what, or NULL for @len zero bytes.
 * @len:   how many.
 *
 * Return: 0 or -errno.
 */
typedef int (*loader_write_fn)(void *ctx, ipa_t ipa, const void *bytes,
    uint64_t len);

/**
 * struct loader_target - the guest's RAM.
 * @ram_base: IPA of its first byte.
 * @ram_size: bytes.
 * @write:    how to write it.
 * @ctx:      passed to @write.
 */
struct loader_target {
	ipa_t ram_base;
	uint64_t ram_size;
	loader_write_fn write;
	void *ctx;
};

/**
 * struct loader_result - what a load did.
 * @entry: the IPA to start at.
 * @start: lowest IPA the image took.
 * @end:   one past the highest (for an Image: up to image_size, so what
 *         goes after it, e.g. the device tree, goes at or above @end).
 */
struct loader_result {
	ipa_t entry;
	ipa_t start;
	ipa_t end;
};

/**
 * loader_load() - load an image file into guest RAM.
 * @path:     the file.
 * @format:   how to read it.
 * @has_addr: whether @addr is given.
 * @addr:     raw: the load address (required); Image: the 2 MiB-aligned
 *            base (default: the first 2 MiB boundary in RAM); ELF: unused.
 * @target:   the guest's RAM.
 * @result:   filled in on success.
 * @err:      on failure, "PATH: message".
 * @err_size: room in @err.
 *
 * Nothing is written unless every check has passed, except that a write
 * callback failing part-way leaves what it had written.
 *
 * Return: 0; -ENOENT, -EACCES, ... (the file's errno); -ENOEXEC for a file
 * that is not what @format says or is truncated; -ERANGE for one that
 * does not fit in guest RAM; -EINVAL for a missing or misaligned @addr;
 * the callback's error.
 */
int loader_load(const char *path, enum loader_format format, bool has_addr,
    ipa_t addr, const struct loader_target *target,
    struct loader_result *result, char *err, size_t err_size);

#endif /* HV_HOST_LOADER_H */
