/* SPDX-License-Identifier: ISC */
/*
 * loader_elf.c - ELF64 AArch64 executables into guest RAM (loader.h).
 *
 * The header and every program header are checked before anything is
 * written: magic, class, byte order, type, machine, the program header
 * table inside the file, and each PT_LOAD segment's file bytes inside the
 * file and its memory inside guest RAM.  Then each PT_LOAD segment is
 * written (p_filesz bytes) and zeroed up to p_memsz.  Fields are read
 * through <endian.h> so that the checks hold on any host.
 */
#include <elf.h>
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "loader.h"
#include "loader_impl.h"

/* The ELF header of @job, fields in host order; 0 or -ENOEXEC. */
static int
read_ehdr(struct loader_job *job, Elf64_Ehdr *eh)
{
	size_t magic = job->size < SELFMAG ? job->size : SELFMAG;

	if (job->size == 0 || memcmp(job->data, ELFMAG, magic) != 0) {
		return loader_fail(job, -ENOEXEC, "not an ELF file");
	}
	if (job->size < sizeof(*eh)) {
		return loader_fail(job, -ENOEXEC, "truncated ELF header (%zu "
		    "of %zu bytes)", job->size, sizeof(*eh));
	}
	memcpy(eh, job->data, sizeof(*eh));
	if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
		return loader_fail(job, -ENOEXEC, "wrong ELF class %u, want "
		    "ELFCLASS64", eh->e_ident[EI_CLASS]);
	}
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		return loader_fail(job, -ENOEXEC, "%s, want little-endian",
		    eh->e_ident[EI_DATA] == ELFDATA2MSB ? "big-endian ELF" :
		    "unknown ELF byte order");
	}
	eh->e_type = le16toh(eh->e_type);
	eh->e_machine = le16toh(eh->e_machine);
	eh->e_entry = le64toh(eh->e_entry);
	eh->e_phoff = le64toh(eh->e_phoff);
	eh->e_phentsize = le16toh(eh->e_phentsize);
	eh->e_phnum = le16toh(eh->e_phnum);
	if (eh->e_type != ET_EXEC) {
		return loader_fail(job, -ENOEXEC, "ELF type %u is not ET_EXEC",
		    eh->e_type);
	}
	if (eh->e_machine != EM_AARCH64) {
		return loader_fail(job, -ENOEXEC, "wrong machine %u, want "
		    "EM_AARCH64 (%u)", eh->e_machine, EM_AARCH64);
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr)) {
		return loader_fail(job, -ENOEXEC, "program header size %u, want "
		    "%zu", eh->e_phentsize, sizeof(Elf64_Phdr));
	}
	if (eh->e_phoff > job->size || (uint64_t)eh->e_phnum *
	    sizeof(Elf64_Phdr) > job->size - eh->e_phoff) {
		return loader_fail(job, -ENOEXEC, "truncated program headers "
		    "(%u at offset 0x%llx, file has 0x%zx bytes)", eh->e_phnum,
		    (unsigned long long)eh->e_phoff, job->size);
	}
	return 0;
}

/* Program header @i, fields in host order. */
static void
read_phdr(const struct loader_job *job, const Elf64_Ehdr *eh, unsigned int i,
    Elf64_Phdr *ph)
{
	memcpy(ph, job->data + eh->e_phoff + (size_t)i * sizeof(*ph),
	    sizeof(*ph));
	ph->p_type = le32toh(ph->p_type);
	ph->p_offset = le64toh(ph->p_offset);
	ph->p_vaddr = le64toh(ph->p_vaddr);
	ph->p_paddr = le64toh(ph->p_paddr);
	ph->p_filesz = le64toh(ph->p_filesz);
	ph->p_memsz = le64toh(ph->p_memsz);
	if (ph->p_paddr == 0) {
		ph->p_paddr = ph->p_vaddr;
	}
}

/* Refuse PT_LOAD segment @i unless its bytes are in the file and RAM. */
static int
check_segment(struct loader_job *job, unsigned int i, const Elf64_Phdr *ph)
{
	char what[32];

	if (ph->p_filesz > ph->p_memsz) {
		return loader_fail(job, -ENOEXEC, "segment %u: p_filesz 0x%llx "
		    "is larger than p_memsz 0x%llx", i,
		    (unsigned long long)ph->p_filesz,
		    (unsigned long long)ph->p_memsz);
	}
	if (ph->p_offset > job->size || ph->p_filesz > job->size -
	    ph->p_offset) {
		return loader_fail(job, -ENOEXEC, "segment %u: truncated (file "
		    "bytes [0x%llx, 0x%llx), file has 0x%zx)", i,
		    (unsigned long long)ph->p_offset,
		    (unsigned long long)(ph->p_offset + ph->p_filesz),
		    job->size);
	}
	snprintf(what, sizeof(what), "segment %u", i);
	return loader_check_range(job, ph->p_paddr, ph->p_memsz, what);
}

int
loader_load_elf(struct loader_job *job, struct loader_result *result)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	uint64_t lo = UINT64_MAX, hi = 0;
	unsigned int i;
	int rc;

	if ((rc = read_ehdr(job, &eh)) != 0) {
		return rc;
	}
	for (i = 0; i < eh.e_phnum; i++) {
		read_phdr(job, &eh, i, &ph);
		if (ph.p_type != PT_LOAD) {
			continue;
		}
		if ((rc = check_segment(job, i, &ph)) != 0) {
			return rc;
		}
		lo = ph.p_paddr < lo ? ph.p_paddr : lo;
		hi = ph.p_paddr + ph.p_memsz > hi ? ph.p_paddr + ph.p_memsz : hi;
	}
	if (lo > hi) {
		return loader_fail(job, -ENOEXEC, "no PT_LOAD segment");
	}
	if (eh.e_entry < ipa_addr(job->target->ram_base) || eh.e_entry -
	    ipa_addr(job->target->ram_base) >= job->target->ram_size) {
		return loader_fail(job, -ERANGE, "entry point 0x%llx is outside "
		    "guest RAM [0x%llx, 0x%llx)", (unsigned long long)eh.e_entry,
		    (unsigned long long)ipa_addr(job->target->ram_base),
		    (unsigned long long)(ipa_addr(job->target->ram_base) +
		    job->target->ram_size));
	}
	for (i = 0; i < eh.e_phnum; i++) {
		read_phdr(job, &eh, i, &ph);
		if (ph.p_type == PT_LOAD && ((rc = loader_write(job, ph.p_paddr,
		    job->data + ph.p_offset, ph.p_filesz, "an ELF segment")) !=
		    0 || (rc = loader_write(job, ph.p_paddr + ph.p_filesz, NULL,
		    ph.p_memsz - ph.p_filesz, "an ELF segment")) != 0)) {
			return rc;
		}
	}
	result->entry = ipa_init(eh.e_entry);
	result->start = ipa_init(lo);
	result->end = ipa_init(hi);
	return 0;
}
