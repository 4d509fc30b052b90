/* SPDX-License-Identifier: ISC */
/*
 * loader.c - guest images into guest RAM (loader.h): reading the file,
 * the checks every format shares, the arm64 Image and raw binaries.  ELF
 * is loader_elf.c.
 *
 * The whole file is read into memory first (a kernel is tens of MiB), so
 * that every header and range is checked against what the file really
 * holds before the first byte goes to the guest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "loader_impl.h"

/* The arm64 Image header (Documentation/arch/arm64/booting.rst). */
#define IMAGE_HEADER_SIZE	64
#define IMAGE_TEXT_OFFSET	8	/* le64 */
#define IMAGE_SIZE		16	/* le64 */
#define IMAGE_FLAGS		24	/* le64; bit 0: big-endian kernel */
#define IMAGE_MAGIC		56	/* "ARM\x64" */
#define IMAGE_FLAG_BE		0x1ull
/* text_offset of an Image older than Linux 3.17, whose image_size is 0. */
#define IMAGE_OLD_TEXT_OFFSET	0x80000ull

int
loader_fail(struct loader_job *job, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (job->err_size == 0) {
		return rc;
	}
	n = snprintf(job->err, job->err_size, "%s: ", job->path);
	if (n >= 0 && (size_t)n < job->err_size) {
		va_start(ap, fmt);
		vsnprintf(job->err + n, job->err_size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int
loader_check_range(struct loader_job *job, uint64_t ipa, uint64_t len,
    const char *what)
{
	uint64_t base = ipa_addr(job->target->ram_base);
	uint64_t size = job->target->ram_size;

	if (ipa < base || ipa - base > size || len > size - (ipa - base)) {
		return loader_fail(job, -ERANGE, "%s [0x%llx, 0x%llx) is "
		    "outside guest RAM [0x%llx, 0x%llx)", what,
		    (unsigned long long)ipa, (unsigned long long)(ipa + len),
		    (unsigned long long)base, (unsigned long long)(base + size));
	}
	return 0;
}

int
loader_write(struct loader_job *job, uint64_t ipa, const void *bytes,
    uint64_t len, const char *what)
{
	int rc;

	if (len == 0) {
		return 0;
	}
	rc = job->target->write(job->target->ctx, ipa_init(ipa), bytes, len);
	if (rc != 0) {
		return loader_fail(job, rc, "writing %s at 0x%llx: %s", what,
		    (unsigned long long)ipa, strerror(-rc));
	}
	return 0;
}

static uint64_t
le64_at(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

static int
load_image(struct loader_job *job, bool has_addr, uint64_t addr,
    struct loader_result *result)
{
	uint64_t text_offset, image_size, base, load;
	int rc;

	if (job->size < IMAGE_HEADER_SIZE) {
		return loader_fail(job, -ENOEXEC, "truncated arm64 Image "
		    "header (%zu of %d bytes)", job->size, IMAGE_HEADER_SIZE);
	}
	if (memcmp(job->data + IMAGE_MAGIC, "ARM\x64", 4) != 0) {
		return loader_fail(job, -ENOEXEC, "not an arm64 Image (no "
		    "\"ARM\\x64\" magic at offset %d)", IMAGE_MAGIC);
	}
	if (le64_at(job->data + IMAGE_FLAGS) & IMAGE_FLAG_BE) {
		return loader_fail(job, -ENOEXEC, "big-endian arm64 Image, "
		    "want little-endian");
	}
	text_offset = le64_at(job->data + IMAGE_TEXT_OFFSET);
	image_size = le64_at(job->data + IMAGE_SIZE);
	if (image_size == 0) {
		/* booting.rst: before 3.17, text_offset 0x80000, no size. */
		text_offset = IMAGE_OLD_TEXT_OFFSET;
		image_size = job->size;
	}
	if (job->size > image_size) {
		return loader_fail(job, -ENOEXEC, "arm64 Image file (0x%zx "
		    "bytes) is larger than its image_size 0x%llx", job->size,
		    (unsigned long long)image_size);
	}
	if (has_addr && (addr & (LOADER_IMAGE_ALIGN - 1)) != 0) {
		return loader_fail(job, -EINVAL, "arm64 Image base 0x%llx is "
		    "not 2 MiB aligned", (unsigned long long)addr);
	}
	base = has_addr ? addr : (ipa_addr(job->target->ram_base) +
	    LOADER_IMAGE_ALIGN - 1) & ~(LOADER_IMAGE_ALIGN - 1);
	load = base + text_offset;
	if (load < base) {
		return loader_fail(job, -ERANGE, "arm64 Image text_offset "
		    "0x%llx is outside guest RAM", (unsigned long long)text_offset);
	}
	if ((rc = loader_check_range(job, load, image_size,
	    "arm64 Image")) != 0) {
		return rc;
	}
	if ((rc = loader_write(job, load, job->data, job->size,
	    "arm64 Image")) != 0 || (rc = loader_write(job, load + job->size,
	    NULL, image_size - job->size, "arm64 Image")) != 0) {
		return rc;
	}
	result->entry = ipa_init(load);
	result->start = ipa_init(load);
	result->end = ipa_init(load + image_size);
	return 0;
}

static int
load_raw(struct loader_job *job, bool has_addr, uint64_t addr,
    struct loader_result *result)
{
	int rc;

	if (!has_addr) {
		return loader_fail(job, -EINVAL, "raw image needs a load "
		    "address");
	}
	if (job->size == 0) {
		return loader_fail(job, -ENOEXEC, "empty raw image");
	}
	if ((rc = loader_check_range(job, addr, job->size, "raw image")) != 0 ||
	    (rc = loader_write(job, addr, job->data, job->size,
	    "raw image")) != 0) {
		return rc;
	}
	result->entry = ipa_init(addr);
	result->start = ipa_init(addr);
	result->end = ipa_init(addr + job->size);
	return 0;
}

/* The whole of @path into a malloc'd buffer. */
static int
read_file(struct loader_job *job, unsigned char **data)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd, rc = 0;

	*data = NULL;
	if ((fd = open(job->path, O_RDONLY | O_CLOEXEC)) < 0) {
		return loader_fail(job, -errno, "%s", strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		rc = loader_fail(job, -errno, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = loader_fail(job, -EINVAL, "not a regular file");
		goto out;
	}
	if ((buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL) {
		rc = loader_fail(job, -ENOMEM, "%s", strerror(ENOMEM));
		goto out;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			rc = loader_fail(job, n < 0 ? -errno : -EIO, "%s",
			    n < 0 ? strerror(errno) : "file shrank while read");
			goto out;
		}
		got += (size_t)n;
	}
	job->data = buf;
	job->size = got;
	*data = buf;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}

int
loader_load(const char *path, enum loader_format format, bool has_addr,
    ipa_t addr, const struct loader_target *target,
    struct loader_result *result, char *err, size_t err_size)
{
	struct loader_job job = {
		.path = path, .target = target, .err = err,
		.err_size = err_size,
	};
	unsigned char *data;
	int rc;

	if (err_size > 0) {
		err[0] = '\0';
	}
	if ((rc = read_file(&job, &data)) != 0) {
		return rc;
	}
	switch (format) {
	case LOADER_ELF:
		rc = loader_load_elf(&job, result);
		break;
	case LOADER_IMAGE:
		rc = load_image(&job, has_addr, ipa_addr(addr), result);
		break;
	case LOADER_RAW:
		rc = load_raw(&job, has_addr, ipa_addr(addr), result);
		break;
	default:
		rc = loader_fail(&job, -EINVAL, "unknown image format %d",
		    (int)format);
		break;
	}
	free(data);
	return rc;
}
