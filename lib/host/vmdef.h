/* SPDX-License-Identifier: ISC */
/*
 * vmdef.h - VM definitions: one YAML file per VM (hv-vm.yaml(5)) read
 * into a struct vmdef, every value checked, every mistake reported as
 * "FILE:LINE:COLUMN: message"; a set of definitions checked against each
 * other; and a definition written back as YAML that reads back the same.
 *
 * Host-only code shared by hvd (which loads its directory of definitions
 * and stores new ones) and hvctl (validate).
 */
#ifndef HV_HOST_VMDEF_H
#define HV_HOST_VMDEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hvuuid.h"

/** VMDEF_NAME_MAX - longest VM or region name (letters, digits, -_.). */
#define VMDEF_NAME_MAX		63
/** VMDEF_VCPUS_MAX - most vCPUs of a VM (the firmware's CPU count). */
#define VMDEF_VCPUS_MAX		8
/** VMDEF_RAM_BASE - the IPA where a guest's RAM starts. */
#define VMDEF_RAM_BASE		0x40000000ull
/** VMDEF_IPA_LIMIT - IPAs are below 2^40 (a 40-bit IPA space). */
#define VMDEF_IPA_LIMIT		(1ull << 40)
/** VMDEF_MEMORY_ALIGN - guest RAM comes in 2 MiB blocks. */
#define VMDEF_MEMORY_ALIGN	(2ull << 20)
/** VMDEF_MEMORY_MAX - the most RAM that fits below VMDEF_IPA_LIMIT. */
#define VMDEF_MEMORY_MAX	(VMDEF_IPA_LIMIT - VMDEF_RAM_BASE)
/** VMDEF_PAGE_SIZE - regions are aligned to 4 KiB pages. */
#define VMDEF_PAGE_SIZE		4096ull
/** VMDEF_DEVICE_BASE - start of the IPAs where guests see devices (the
 * GICv3 distributor and redistributors, the PL011), as on QEMU virt. */
#define VMDEF_DEVICE_BASE	0x08000000ull
/** VMDEF_DEVICE_END - end of those IPAs. */
#define VMDEF_DEVICE_END	0x0a000000ull
/** VMDEF_REGION_MAX - most regions of a VM. */
#define VMDEF_REGION_MAX	32
/** VMDEF_SHARED_MAX - most VMs a region is shared with. */
#define VMDEF_SHARED_MAX	16
/** VMDEF_CONSOLE_LOG_DEFAULT - console log size limit by default. */
#define VMDEF_CONSOLE_LOG_DEFAULT	(1ull << 20)
/** VMDEF_CONSOLE_LOG_MIN - smallest console log limit. */
#define VMDEF_CONSOLE_LOG_MIN	(4ull << 10)
/** VMDEF_CONSOLE_LOG_MAX - largest console log limit. */
#define VMDEF_CONSOLE_LOG_MAX	(1ull << 30)

/** VMDEF_NO_FILE_CHECK - vmdef_load_*() flag: do not look for the images. */
#define VMDEF_NO_FILE_CHECK	0x1u

/** enum vmdef_format - how the kernel image is laid out. */
enum vmdef_format {
	VMDEF_FORMAT_ELF,	/* an aarch64 ELF executable */
	VMDEF_FORMAT_IMAGE,	/* an arm64 Linux Image (text_offset header) */
	VMDEF_FORMAT_RAW,	/* bytes to load at load_address */
};

/** enum vmdef_mode - when a region's pages are placed. */
enum vmdef_mode {
	VMDEF_MODE_PREFAULT,	/* all mapped before the VM runs */
	VMDEF_MODE_DEMAND,	/* mapped on the guest's first touch */
};

/** enum vmdef_on_crash - what hvd does when the VM crashes. */
enum vmdef_on_crash {
	VMDEF_ON_CRASH_DESTROY,	/* stop it and free its memory */
	VMDEF_ON_CRASH_RESTART,	/* start it again */
	VMDEF_ON_CRASH_PRESERVE, /* keep it stopped with its memory */
};

/** vmdef_format_names - the words of kernel.format, in enum order. */
extern const char *const vmdef_format_names[3];
/** vmdef_mode_names - the words of a region's mode, in enum order. */
extern const char *const vmdef_mode_names[2];
/** vmdef_on_crash_names - the words of on_crash, in enum order. */
extern const char *const vmdef_on_crash_names[3];

/* Permission bits of a region. */
#define VMDEF_PERM_R	0x1u
#define VMDEF_PERM_W	0x2u
#define VMDEF_PERM_X	0x4u

/**
 * struct vmdef_pos - where something was written (1-based; 0: nowhere,
 * e.g. a generated uuid).
 * @line:   line.
 * @column: column.
 */
struct vmdef_pos {
	unsigned int line;
	unsigned int column;
};

/**
 * struct vmdef_region - a memory region besides the guest's RAM.
 * @name:        its name, unique in the VM.
 * @ipa:         first IPA, 4 KiB aligned.
 * @size:        bytes, 4 KiB aligned.
 * @perm:        VMDEF_PERM_* bits, at least one.
 * @mode:        demand-paged or prefaulted.
 * @shared_with: names of the VMs that map it too.
 * @shared_count: their number.
 * @pos:         where the region's mapping starts.
 */
struct vmdef_region {
	char name[VMDEF_NAME_MAX + 1];
	uint64_t ipa;
	uint64_t size;
	unsigned int perm;
	enum vmdef_mode mode;
	char shared_with[VMDEF_SHARED_MAX][VMDEF_NAME_MAX + 1];
	size_t shared_count;
	struct vmdef_pos pos;
};

/**
 * struct vmdef - one VM's definition.
 * @name:            1..VMDEF_NAME_MAX of letters, digits, '-', '_', '.'.
 * @uuid:            its UUID.
 * @uuid_generated:  the file had none: @uuid is new and random, and the
 *                   definition should be written back to keep it.
 * @vcpus:           1..VMDEF_VCPUS_MAX (default 1).
 * @memory:          bytes of RAM at VMDEF_RAM_BASE, a multiple of 2 MiB.
 * @kernel_path:     the kernel image as written (relative to @dir).
 * @kernel_format:   its format.
 * @load_address:    where it goes (needed for raw images).
 * @has_load_address: @load_address was given.
 * @initrd_path:     the initial RAM disk as written, or NULL.
 * @cmdline:         the kernel command line, or NULL.
 * @regions:         extra memory regions.
 * @region_count:    their number.
 * @console_log_size: limit of the console log in bytes (default 1 MiB).
 * @autostart:       start it when hvd starts.
 * @on_crash:        what to do when it crashes (default destroy).
 * @source:          the file name messages give.
 * @dir:             the directory relative paths start from, or NULL.
 * @name_pos:        where @name was written.
 * @uuid_pos:        where @uuid was written (0 if generated).
 */
struct vmdef {
	char name[VMDEF_NAME_MAX + 1];
	struct hvuuid uuid;
	bool uuid_generated;
	unsigned int vcpus;
	uint64_t memory;
	char *kernel_path;
	enum vmdef_format kernel_format;
	uint64_t load_address;
	bool has_load_address;
	char *initrd_path;
	char *cmdline;
	struct vmdef_region regions[VMDEF_REGION_MAX];
	size_t region_count;
	uint64_t console_log_size;
	bool autostart;
	enum vmdef_on_crash on_crash;
	char *source;
	char *dir;
	struct vmdef_pos name_pos;
	struct vmdef_pos uuid_pos;
};

/**
 * vmdef_init() - a definition with every default, as vmdef_load_buffer()
 * starts from: 1 vCPU, a 1 MiB console log, on_crash destroy, kernel
 * format elf (enum 0), no images, no regions, a zero UUID, nothing
 * generated.  For readers of other formats (domxml.h), which fill it in
 * and vmdef_check() it.
 * @def:  initialised here; vmdef_fini() it whatever this returns.
 * @name: the file name messages give (copied to @def->source).
 * @dir:  the directory relative image paths start from, or NULL (copied).
 *
 * Return: 0 or -ENOMEM.
 */
int vmdef_init(struct vmdef *def, const char *name, const char *dir);

/**
 * vmdef_check() - check a filled-in definition with the rules
 * vmdef_load_buffer() applies to a file: the name, the ranges of vcpus,
 * memory, load_address, console.log_size, the 2 MiB and 4 KiB alignments,
 * non-empty image paths, a raw kernel's load address in RAM, each region's
 * name, permissions, mode and shared_with, and each region against the
 * IPA space, the devices, the other regions and the guest's RAM.  Image
 * files are not looked for; @def->uuid and @def->cmdline are not checked.
 * @def:        the definition.
 * @error:      the first mistake as "KEY: message", KEY the key path of
 *              hv-vm.yaml(5) ("memory", "regions[1].ipa"), no position.
 * @error_size: its bytes.
 *
 * Every definition vmdef_load_buffer() returns passes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_check(const struct vmdef *def, char *error, size_t error_size);

/**
 * vmdef_load_buffer() - read a definition from YAML text.
 * @def:        filled in; vmdef_fini() it whatever this returns.
 * @name:       the file name messages give.
 * @dir:        the directory relative image paths start from, or NULL:
 *              they are taken as they are (relative to the process's
 *              working directory).
 * @text:       the YAML text.
 * @length:     its bytes.
 * @flags:      VMDEF_NO_FILE_CHECK or 0 (images must be readable).
 * @error:      the message of the first mistake.
 * @error_size: its bytes.
 *
 * Return: 0, -EINVAL (message in @error), -ENOMEM, or -errno of
 * generating a UUID.
 */
int vmdef_load_buffer(struct vmdef *def, const char *name, const char *dir,
    const char *text, size_t length, unsigned int flags, char *error,
    size_t error_size);

/**
 * vmdef_load_file() - read a definition file.
 * @def:        as for vmdef_load_buffer().
 * @path:       the file; relative image paths start from its directory.
 * @flags:      as for vmdef_load_buffer().
 * @error:      the message.
 * @error_size: its bytes.
 *
 * Return: as vmdef_load_buffer(), or -errno of reading @path.
 */
int vmdef_load_file(struct vmdef *def, const char *path, unsigned int flags,
    char *error, size_t error_size);

/**
 * vmdef_fini() - free what a definition holds (it can be loaded again).
 * @def: the definition.
 */
void vmdef_fini(struct vmdef *def);

/**
 * vmdef_equal() - do two definitions define the same VM?  Compares every
 * field of the file, not where it came from (@source, @dir, positions,
 * @uuid_generated).
 * @a: one.
 * @b: the other.
 *
 * Return: true if they do.
 */
bool vmdef_equal(const struct vmdef *a, const struct vmdef *b);

/**
 * vmdef_name_valid() - is @name a good VM or region name?
 * @name: the name.
 *
 * Return: true for 1..VMDEF_NAME_MAX letters, digits, '-', '_', '.'.
 */
bool vmdef_name_valid(const char *name);

/**
 * vmdef_resolve() - a path of the definition as the file system sees it.
 * @def:  the definition.
 * @path: @def->kernel_path or @def->initrd_path.
 * @buf:  the path, relative ones prefixed with @def->dir.
 * @len:  bytes of @buf.
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int vmdef_resolve(const struct vmdef *def, const char *path, char *buf,
    size_t len);

/**
 * vmdef_absolute_paths() - make the image paths absolute and canonical
 * (vmdef_resolve(), then realpath() for files that exist), so that the
 * definition means the same stored anywhere.
 * @def: the definition.
 *
 * Return: 0, -ENAMETOOLONG or -ENOMEM (@def unchanged for that path).
 */
int vmdef_absolute_paths(struct vmdef *def);

/**
 * vmdef_check_set() - check definitions against each other: no two with
 * the same name or the same UUID.
 * @defs:       the definitions.
 * @count:      their number.
 * @error:      "FILE:LINE:COLUMN: duplicate name 'x' (also FILE:L:C)".
 * @error_size: its bytes.
 *
 * Return: 0 or -EEXIST (for the first clash in order).
 */
int vmdef_check_set(const struct vmdef *const *defs, size_t count,
    char *error, size_t error_size);

/**
 * vmdef_emit() - a definition as YAML text that vmdef_load_buffer()
 * reads back to an equal definition (vmdef_equal()).
 * @def:    the definition.
 * @text:   malloc'ed NUL-terminated text; the caller frees it.
 * @length: its bytes without the NUL (may be NULL).
 *
 * Return: 0, -ENOMEM or -EIO (the emitter refused the events).
 */
int vmdef_emit(const struct vmdef *def, char **text, size_t *length);

#endif /* HV_HOST_VMDEF_H */
