/* SPDX-License-Identifier: ISC */
/*
 * check_loader.c - tests of the guest image loaders (lib/host/loader.c).
 *
 * Each test writes small ELF, arm64 Image and raw files into a temporary
 * directory (the ELF ones from <elf.h>'s structs), loads them into a
 * buffer that stands for 16 MiB of guest RAM at IPA 0x40000000, and checks
 * the bytes, the entry point and the exact message of every refusal.  The
 * test guests the build makes are loaded too: firmware/Makefile.am keeps
 * each guest's NAME.elf next to its objects (HVFW_GUEST_ELFS) and makes
 * NAME.bin of it (HVFW_GUESTS); the ELF, entry 0x40000000, must put the
 * same bytes in RAM as the raw image loaded there.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	0x1000000ull
#define FILL		0xaa

/* The guest RAM stand-in and the loader's target over it. */
struct ram {
	unsigned char *buf;
	int writes;
	int fail_rc;			/* what the callback returns, if not 0 */
};

static char tmpdir[] = "/tmp/check_loader.XXXXXX";
static char path[PATH_MAX];
static char err[LOADER_ERROR_MAX];
static struct ram ram;
static struct loader_target target;
static struct loader_result result;

static int
ram_write(void *ctx, ipa_t ipa, const void *bytes, uint64_t len)
{
	struct ram *r = ctx;
	uint64_t off = ipa_addr(ipa) - RAM_BASE;

	ck_assert_uint_ge(ipa_addr(ipa), RAM_BASE);
	ck_assert_uint_le(len, RAM_SIZE - off);
	r->writes++;
	if (r->fail_rc != 0) {
		return r->fail_rc;
	}
	if (bytes == NULL) {
		memset(r->buf + off, 0, len);
	} else {
		memcpy(r->buf + off, bytes, len);
	}
	return 0;
}

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ram.buf = malloc(RAM_SIZE);
	ck_assert_ptr_nonnull(ram.buf);
	memset(ram.buf, FILL, RAM_SIZE);
	ram.writes = 0;
	ram.fail_rc = 0;
	target = (struct loader_target){
		ipa_init(RAM_BASE), RAM_SIZE, ram_write, &ram,
	};
	snprintf(path, sizeof(path), "%s/image", tmpdir);
}

static void
teardown(void)
{
	unlink(path);
	ck_assert_int_eq(rmdir(tmpdir), 0);
	strcpy(tmpdir + strlen(tmpdir) - 6, "XXXXXX");
	free(ram.buf);
}

static void
write_file(const void *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static int
load(enum loader_format format, bool has_addr, uint64_t addr)
{
	return loader_load(path, format, has_addr, ipa_init(addr), &target,
	    &result, err, sizeof(err));
}

/* The expected message: the file's path, ": ", then @msg. */
static void
assert_error(const char *msg)
{
	char want[PATH_MAX + LOADER_ERROR_MAX];

	snprintf(want, sizeof(want), "%s: %s", path, msg);
	ck_assert_str_eq(err, want);
}

static bool
ram_is(uint64_t ipa, size_t len, int value)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (ram.buf[ipa - RAM_BASE + i] != value) {
			return false;
		}
	}
	return true;
}

/* ELF files ############################################################### */

#define ELF_DATA_OFF	0x100u
#define ELF_DATA_LEN	0x30u
#define ELF_FILE_LEN	(ELF_DATA_OFF + ELF_DATA_LEN)

/*
 * An executable with two PT_LOAD segments around a PT_NOTE: 0x10 bytes at
 * p_paddr 0x40001000 with 0x10 bytes of bss; 0x20 bytes at p_vaddr
 * 0x40200000 (p_paddr 0); entry 0x40001004.
 */
struct elf_file {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	unsigned char pad[ELF_DATA_OFF - sizeof(Elf64_Ehdr) -
	    3 * sizeof(Elf64_Phdr)];
	unsigned char data[ELF_DATA_LEN];
};

static void
elf_make(struct elf_file *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	memcpy(f->eh.e_ident, ELFMAG, SELFMAG);
	f->eh.e_ident[EI_CLASS] = ELFCLASS64;
	f->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f->eh.e_ident[EI_VERSION] = EV_CURRENT;
	f->eh.e_type = ET_EXEC;
	f->eh.e_machine = EM_AARCH64;
	f->eh.e_version = EV_CURRENT;
	f->eh.e_entry = 0x40001004;
	f->eh.e_phoff = sizeof(Elf64_Ehdr);
	f->eh.e_ehsize = sizeof(Elf64_Ehdr);
	f->eh.e_phentsize = sizeof(Elf64_Phdr);
	f->eh.e_phnum = 3;
	f->ph[0] = (Elf64_Phdr){
		.p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		.p_offset = ELF_DATA_OFF, .p_vaddr = 0xffff000000001000,
		.p_paddr = 0x40001000, .p_filesz = 0x10, .p_memsz = 0x20,
		.p_align = 0x1000,
	};
	f->ph[1] = (Elf64_Phdr){
		.p_type = PT_NOTE, .p_offset = 0x7fffffff, .p_filesz = 4,
		.p_memsz = 4, .p_paddr = 0x10,
	};
	f->ph[2] = (Elf64_Phdr){
		.p_type = PT_LOAD, .p_flags = PF_R | PF_W,
		.p_offset = ELF_DATA_OFF + 0x10, .p_vaddr = 0x40200000,
		.p_filesz = 0x20, .p_memsz = 0x20, .p_align = 0x1000,
	};
	for (i = 0; i < ELF_DATA_LEN; i++) {
		f->data[i] = (unsigned char)(i + 1);
	}
}

START_TEST(loader_elf_loads_segments_and_zeroes_bss)
{
	struct elf_file f;

	elf_make(&f);
	_Static_assert(sizeof(f) == ELF_FILE_LEN, "no padding in elf_file");
	write_file(&f, sizeof(f));
	ck_assert_int_eq(load(LOADER_ELF, false, 0), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(ipa_addr(result.entry), 0x40001004);
	ck_assert_uint_eq(ipa_addr(result.start), 0x40001000);
	ck_assert_uint_eq(ipa_addr(result.end), 0x40200020);
	ck_assert_mem_eq(ram.buf + 0x1000, f.data, 0x10);
	ck_assert(ram_is(0x40001010, 0x10, 0));
	ck_assert(ram_is(0x40001020, 0x10, FILL));
	ck_assert(ram_is(0x40000ff0, 0x10, FILL));
	ck_assert_mem_eq(ram.buf + 0x200000, f.data + 0x10, 0x20);
	ck_assert(ram_is(0x40200020, 0x10, FILL));
}
END_TEST

/* One broken ELF file and what the loader must say of it. */
struct elf_case {
	void (*breakit)(struct elf_file *f);
	int rc;
	const char *msg;
};

static void
bad_magic(struct elf_file *f)
{
	f->eh.e_ident[EI_MAG3] = 'X';
}

static void
class32(struct elf_file *f)
{
	f->eh.e_ident[EI_CLASS] = ELFCLASS32;
}

static void
big_endian(struct elf_file *f)
{
	f->eh.e_ident[EI_DATA] = ELFDATA2MSB;
}

static void
no_byte_order(struct elf_file *f)
{
	f->eh.e_ident[EI_DATA] = ELFDATANONE;
}

static void
shared_object(struct elf_file *f)
{
	f->eh.e_type = ET_DYN;
}

static void
x86_64(struct elf_file *f)
{
	f->eh.e_machine = EM_X86_64;
}

static void
short_phdr(struct elf_file *f)
{
	f->eh.e_phentsize = 32;
}

static void
phdrs_past_end(struct elf_file *f)
{
	f->eh.e_phoff = 0x100;
}

static void
phoff_huge(struct elf_file *f)
{
	f->eh.e_phoff = UINT64_MAX - 8;
}

static void
no_load(struct elf_file *f)
{
	f->ph[0].p_type = PT_NULL;
	f->ph[2].p_type = PT_NOTE;
}

static void
filesz_over_memsz(struct elf_file *f)
{
	f->ph[0].p_filesz = 0x40;
}

static void
data_past_end(struct elf_file *f)
{
	f->ph[2].p_offset = ELF_DATA_OFF + 0x20;
}

static void
offset_wraps(struct elf_file *f)
{
	f->ph[2].p_offset = UINT64_MAX;
}

static void
below_ram(struct elf_file *f)
{
	f->ph[0].p_paddr = RAM_BASE - 0x10;
}

static void
past_ram(struct elf_file *f)
{
	f->ph[2].p_vaddr = RAM_BASE + RAM_SIZE - 0x10;
}

static void
wraps_around(struct elf_file *f)
{
	f->ph[2].p_vaddr = UINT64_MAX - 0xf;
}

static void
entry_outside(struct elf_file *f)
{
	f->eh.e_entry = RAM_BASE + RAM_SIZE;
}

static const struct elf_case elf_cases[] = {
	{ bad_magic, -ENOEXEC, "not an ELF file" },
	{ class32, -ENOEXEC, "wrong ELF class 1, want ELFCLASS64" },
	{ big_endian, -ENOEXEC, "big-endian ELF, want little-endian" },
	{ no_byte_order, -ENOEXEC, "unknown ELF byte order, want "
	    "little-endian" },
	{ shared_object, -ENOEXEC, "ELF type 3 is not ET_EXEC" },
	{ x86_64, -ENOEXEC, "wrong machine 62, want EM_AARCH64 (183)" },
	{ short_phdr, -ENOEXEC, "program header size 32, want 56" },
	{ phdrs_past_end, -ENOEXEC, "truncated program headers (3 at offset "
	    "0x100, file has 0x130 bytes)" },
	{ phoff_huge, -ENOEXEC, "truncated program headers (3 at offset "
	    "0xfffffffffffffff7, file has 0x130 bytes)" },
	{ no_load, -ENOEXEC, "no PT_LOAD segment" },
	{ filesz_over_memsz, -ENOEXEC, "segment 0: p_filesz 0x40 is larger "
	    "than p_memsz 0x20" },
	{ data_past_end, -ENOEXEC, "segment 2: truncated (file bytes [0x120, "
	    "0x140), file has 0x130)" },
	{ offset_wraps, -ENOEXEC, "segment 2: truncated (file bytes "
	    "[0xffffffffffffffff, 0x1f), file has 0x130)" },
	{ below_ram, -ERANGE, "segment 0 [0x3ffffff0, 0x40000010) is outside "
	    "guest RAM [0x40000000, 0x41000000)" },
	{ past_ram, -ERANGE, "segment 2 [0x40fffff0, 0x41000010) is outside "
	    "guest RAM [0x40000000, 0x41000000)" },
	{ wraps_around, -ERANGE, "segment 2 [0xfffffffffffffff0, 0x10) is "
	    "outside guest RAM [0x40000000, 0x41000000)" },
	{ entry_outside, -ERANGE, "entry point 0x41000000 is outside guest "
	    "RAM [0x40000000, 0x41000000)" },
};

START_TEST(loader_elf_refuses_with_exact_message)
{
	const struct elf_case *c = &elf_cases[_i];
	struct elf_file f;

	elf_make(&f);
	c->breakit(&f);
	write_file(&f, sizeof(f));
	ck_assert_int_eq(load(LOADER_ELF, false, 0), c->rc);
	assert_error(c->msg);
	ck_assert_int_eq(ram.writes, 0);
}
END_TEST

START_TEST(loader_elf_refuses_every_truncation)
{
	struct elf_file f;
	char msg[128];
	size_t len;

	elf_make(&f);
	for (len = 0; len < sizeof(f); len++) {
		write_file(&f, len);
		ck_assert_int_eq(load(LOADER_ELF, false, 0), -ENOEXEC);
		if (len == 0) {
			snprintf(msg, sizeof(msg), "not an ELF file");
		} else if (len < sizeof(Elf64_Ehdr)) {
			snprintf(msg, sizeof(msg), "truncated ELF header (%zu "
			    "of 64 bytes)", len);
		} else if (len < sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr)) {
			snprintf(msg, sizeof(msg), "truncated program headers "
			    "(3 at offset 0x40, file has 0x%zx bytes)", len);
		} else if (len < ELF_DATA_OFF + 0x10) {
			snprintf(msg, sizeof(msg), "segment 0: truncated (file "
			    "bytes [0x100, 0x110), file has 0x%zx)", len);
		} else {
			snprintf(msg, sizeof(msg), "segment 2: truncated (file "
			    "bytes [0x110, 0x130), file has 0x%zx)", len);
		}
		assert_error(msg);
		ck_assert_int_eq(ram.writes, 0);
	}
}
END_TEST

START_TEST(loader_elf_loads_test_guests)
{
	static const char *const guests[] = { "hello", "memtest", "psci" };
	const char *elfs = getenv("HVFW_GUEST_ELFS");
	const char *bins = getenv("HVFW_GUESTS");
	unsigned char *copy;
	struct stat st;
	size_t i;

	ck_assert_msg(elfs != NULL && bins != NULL, "HVFW_GUEST_ELFS and "
	    "HVFW_GUESTS come from make check");
	copy = malloc(RAM_SIZE);
	ck_assert_ptr_nonnull(copy);
	for (i = 0; i < sizeof(guests) / sizeof(guests[0]); i++) {
		memset(ram.buf, FILL, RAM_SIZE);
		snprintf(path, sizeof(path), "%s/%s.bin", bins, guests[i]);
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(load(LOADER_RAW, true, RAM_BASE), 0);
		memcpy(copy, ram.buf, RAM_SIZE);
		/* objcopy fills the gaps between segments with zeroes. */
		memset(ram.buf, 0, RAM_SIZE);
		snprintf(path, sizeof(path), "%s/%s.elf", elfs, guests[i]);
		ck_assert_msg(load(LOADER_ELF, false, 0) == 0, "%s", err);
		ck_assert_uint_eq(ipa_addr(result.entry), RAM_BASE);
		ck_assert_uint_eq(ipa_addr(result.start), RAM_BASE);
		ck_assert_uint_ge(ipa_addr(result.end), RAM_BASE +
		    (uint64_t)st.st_size);
		ck_assert_mem_eq(ram.buf, copy, (size_t)st.st_size);
	}
	free(copy);
	snprintf(path, sizeof(path), "%s/image", tmpdir);
}
END_TEST

/* arm64 Image files ####################################################### */

#define IMAGE_FILE_LEN	0x1000u

static void
put_le64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++) {
		p[i] = (unsigned char)(v >> (8 * i));
	}
}

/* text_offset 0x80000, image_size 0x100000, little-endian, 4 KiB pages. */
static void
image_make(unsigned char *f, uint64_t text_offset, uint64_t image_size)
{
	size_t i;

	for (i = 0; i < IMAGE_FILE_LEN; i++) {
		f[i] = (unsigned char)(i * 7 + 3);
	}
	memset(f, 0, 64);
	f[3] = 0x14;		/* code0: b +0x40 */
	f[0] = 0x10;
	put_le64(f + 8, text_offset);
	put_le64(f + 16, image_size);
	put_le64(f + 24, 0x2);
	memcpy(f + 56, "ARM\x64", 4);
}

START_TEST(loader_image_loads_at_2m_base_plus_text_offset)
{
	unsigned char f[IMAGE_FILE_LEN];

	image_make(f, 0x80000, 0x100000);
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), 0);
	ck_assert_uint_eq(ipa_addr(result.entry), 0x40080000);
	ck_assert_uint_eq(ipa_addr(result.start), 0x40080000);
	ck_assert_uint_eq(ipa_addr(result.end), 0x40180000);
	ck_assert_mem_eq(ram.buf + 0x80000, f, sizeof(f));
	ck_assert(ram_is(0x40080000 + sizeof(f), 0x100000 - sizeof(f), 0));
	ck_assert(ram_is(0x40180000, 0x1000, FILL));
	ck_assert(ram_is(0x4007f000, 0x1000, FILL));

	memset(ram.buf, FILL, RAM_SIZE);
	ck_assert_int_eq(load(LOADER_IMAGE, true, 0x40400000), 0);
	ck_assert_uint_eq(ipa_addr(result.entry), 0x40480000);
	ck_assert_mem_eq(ram.buf + 0x480000, f, sizeof(f));
}
END_TEST

START_TEST(loader_image_base_rounds_up_to_2m)
{
	unsigned char f[IMAGE_FILE_LEN];

	target.ram_base = ipa_init(RAM_BASE - 0x1000);
	target.ram_size = RAM_SIZE + 0x1000;
	image_make(f, 0, sizeof(f));
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), 0);
	ck_assert_uint_eq(ipa_addr(result.entry), RAM_BASE);
}
END_TEST

START_TEST(loader_image_without_size_uses_old_text_offset_quirk)
{
	unsigned char f[IMAGE_FILE_LEN];

	image_make(f, 0x1234, 0);
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), 0);
	ck_assert_uint_eq(ipa_addr(result.entry), 0x40080000);
	ck_assert_uint_eq(ipa_addr(result.end), 0x40080000 + sizeof(f));
}
END_TEST

START_TEST(loader_image_refuses_with_exact_message)
{
	unsigned char f[IMAGE_FILE_LEN];

	image_make(f, 0x80000, 0x100000);
	f[59] = 0x65;
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ENOEXEC);
	assert_error("not an arm64 Image (no \"ARM\\x64\" magic at offset 56)");

	image_make(f, 0x80000, 0x100000);
	f[24] |= 1;
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ENOEXEC);
	assert_error("big-endian arm64 Image, want little-endian");

	image_make(f, 0x80000, 0x800);
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ENOEXEC);
	assert_error("arm64 Image file (0x1000 bytes) is larger than its "
	    "image_size 0x800");

	image_make(f, 0x80000, RAM_SIZE);
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ERANGE);
	assert_error("arm64 Image [0x40080000, 0x41080000) is outside guest "
	    "RAM [0x40000000, 0x41000000)");

	image_make(f, UINT64_MAX - 0x1000, 0x100000);
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ERANGE);
	assert_error("arm64 Image text_offset 0xffffffffffffefff is outside "
	    "guest RAM");

	image_make(f, 0x80000, 0x100000);
	write_file(f, sizeof(f));
	ck_assert_int_eq(load(LOADER_IMAGE, true, 0x40100000), -EINVAL);
	assert_error("arm64 Image base 0x40100000 is not 2 MiB aligned");
	ck_assert_int_eq(ram.writes, 0);
}
END_TEST

START_TEST(loader_image_refuses_every_truncated_header)
{
	unsigned char f[IMAGE_FILE_LEN];
	char msg[128];
	size_t len;

	image_make(f, 0x80000, 0x100000);
	for (len = 0; len < 64; len++) {
		write_file(f, len);
		ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ENOEXEC);
		snprintf(msg, sizeof(msg), "truncated arm64 Image header (%zu "
		    "of 64 bytes)", len);
		assert_error(msg);
	}
	write_file(f, 64);
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), 0);
}
END_TEST

/* Raw files and the file itself ########################################### */

START_TEST(loader_raw_loads_at_given_address)
{
	static const unsigned char bytes[] = "raw guest bytes";

	write_file(bytes, sizeof(bytes));
	ck_assert_int_eq(load(LOADER_RAW, true, 0x40010000), 0);
	ck_assert_uint_eq(ipa_addr(result.entry), 0x40010000);
	ck_assert_uint_eq(ipa_addr(result.start), 0x40010000);
	ck_assert_uint_eq(ipa_addr(result.end), 0x40010000 + sizeof(bytes));
	ck_assert_mem_eq(ram.buf + 0x10000, bytes, sizeof(bytes));
	ck_assert(ram_is(0x40010000 + sizeof(bytes), 1, FILL));
}
END_TEST

START_TEST(loader_raw_refuses_with_exact_message)
{
	static const unsigned char bytes[0x20];

	write_file(bytes, sizeof(bytes));
	ck_assert_int_eq(load(LOADER_RAW, false, 0), -EINVAL);
	assert_error("raw image needs a load address");
	ck_assert_int_eq(load(LOADER_RAW, true, RAM_BASE + RAM_SIZE - 0x10),
	    -ERANGE);
	assert_error("raw image [0x40fffff0, 0x41000010) is outside guest RAM "
	    "[0x40000000, 0x41000000)");
	ck_assert_int_eq(load(LOADER_RAW, true, 0x1000), -ERANGE);
	assert_error("raw image [0x1000, 0x1020) is outside guest RAM "
	    "[0x40000000, 0x41000000)");
	write_file(bytes, 0);
	ck_assert_int_eq(load(LOADER_RAW, true, RAM_BASE), -ENOEXEC);
	assert_error("empty raw image");
	ck_assert_int_eq(ram.writes, 0);
}
END_TEST

START_TEST(loader_reports_file_errors_with_errno_text)
{
	static const unsigned char bytes[0x20];

	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	ck_assert_int_eq(load(LOADER_RAW, true, RAM_BASE), -ENOENT);
	assert_error("No such file or directory");
	snprintf(path, sizeof(path), "%s", tmpdir);
	ck_assert_int_eq(load(LOADER_ELF, false, 0), -EINVAL);
	assert_error("not a regular file");
	snprintf(path, sizeof(path), "%s/image", tmpdir);
	write_file(bytes, sizeof(bytes));
	snprintf(path, sizeof(path), "%s/image/x", tmpdir);
	ck_assert_int_eq(load(LOADER_IMAGE, false, 0), -ENOTDIR);
	assert_error("Not a directory");
	snprintf(path, sizeof(path), "%s/image", tmpdir);
}
END_TEST

START_TEST(loader_reports_write_failure)
{
	static const unsigned char bytes[0x20];

	write_file(bytes, sizeof(bytes));
	ram.fail_rc = -EIO;
	ck_assert_int_eq(load(LOADER_RAW, true, 0x40010000), -EIO);
	assert_error("writing raw image at 0x40010000: Input/output error");
}
END_TEST

START_TEST(loader_message_is_cut_to_buffer)
{
	static const unsigned char bytes[0x20];
	char small[8];

	write_file(bytes, sizeof(bytes));
	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(loader_load(path, LOADER_RAW, false, ipa_init(0),
	    &target, &result, small, sizeof(small)), -EINVAL);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_int_eq(loader_load(path, LOADER_RAW, false, ipa_init(0),
	    &target, &result, NULL, 0), -EINVAL);
}
END_TEST

static Suite *
loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, loader_elf_loads_segments_and_zeroes_bss);
	tcase_add_loop_test(tc, loader_elf_refuses_with_exact_message, 0,
	    sizeof(elf_cases) / sizeof(elf_cases[0]));
	tcase_add_test(tc, loader_elf_refuses_every_truncation);
	tcase_add_test(tc, loader_elf_loads_test_guests);
	tcase_add_test(tc, loader_image_loads_at_2m_base_plus_text_offset);
	tcase_add_test(tc, loader_image_base_rounds_up_to_2m);
	tcase_add_test(tc, loader_image_without_size_uses_old_text_offset_quirk);
	tcase_add_test(tc, loader_image_refuses_with_exact_message);
	tcase_add_test(tc, loader_image_refuses_every_truncated_header);
	tcase_add_test(tc, loader_raw_loads_at_given_address);
	tcase_add_test(tc, loader_raw_refuses_with_exact_message);
	tcase_add_test(tc, loader_reports_file_errors_with_errno_text);
	tcase_add_test(tc, loader_reports_write_failure);
	tcase_add_test(tc, loader_message_is_cut_to_buffer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(loader_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
