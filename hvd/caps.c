/* SPDX-License-Identifier: ISC */
/*
 * caps.c - libvirt's capabilities XML for hvd (caps.h), written with
 * libxml2's text writer.
 */
#include <errno.h>
#include <inttypes.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "hvd.h"

#define W(x)	((const xmlChar *)(x))

/* <host>: the board's CPUs and memory as one NUMA cell. */
static int
caps_host(xmlTextWriterPtr w, const struct hvd *hvd)
{
	int rc = 0;
	unsigned int i;

	rc |= xmlTextWriterStartElement(w, W("host"));
	rc |= xmlTextWriterStartElement(w, W("cpu"));
	rc |= xmlTextWriterWriteElement(w, W("arch"), W("aarch64"));
	rc |= xmlTextWriterEndElement(w);
	rc |= xmlTextWriterStartElement(w, W("topology"));
	rc |= xmlTextWriterStartElement(w, W("cells"));
	rc |= xmlTextWriterWriteAttribute(w, W("num"), W("1"));
	rc |= xmlTextWriterStartElement(w, W("cell"));
	rc |= xmlTextWriterWriteAttribute(w, W("id"), W("0"));
	rc |= xmlTextWriterStartElement(w, W("memory"));
	rc |= xmlTextWriterWriteAttribute(w, W("unit"), W("KiB"));
	rc |= xmlTextWriterWriteFormatString(w, "%" PRIu64,
	    hvd->conf.memory >> 10);
	rc |= xmlTextWriterEndElement(w);
	rc |= xmlTextWriterStartElement(w, W("cpus"));
	rc |= xmlTextWriterWriteFormatAttribute(w, W("num"), "%" PRIu64,
	    hvd->conf.cpus);
	for (i = 0; i < hvd->conf.cpus; i++) {
		rc |= xmlTextWriterStartElement(w, W("cpu"));
		rc |= xmlTextWriterWriteFormatAttribute(w, W("id"), "%u", i);
		rc |= xmlTextWriterEndElement(w);
	}
	rc |= xmlTextWriterEndElement(w);	/* cpus */
	rc |= xmlTextWriterEndElement(w);	/* cell */
	rc |= xmlTextWriterEndElement(w);	/* cells */
	rc |= xmlTextWriterEndElement(w);	/* topology */
	rc |= xmlTextWriterEndElement(w);	/* host */
	return rc < 0 ? -ENOMEM : 0;
}

/* <guest>: hvm on aarch64 virt, domain type hv. */
static int
caps_guest(xmlTextWriterPtr w)
{
	int rc = 0;

	rc |= xmlTextWriterStartElement(w, W("guest"));
	rc |= xmlTextWriterWriteElement(w, W("os_type"), W("hvm"));
	rc |= xmlTextWriterStartElement(w, W("arch"));
	rc |= xmlTextWriterWriteAttribute(w, W("name"), W("aarch64"));
	rc |= xmlTextWriterWriteElement(w, W("wordsize"), W("64"));
	rc |= xmlTextWriterStartElement(w, W("machine"));
	rc |= xmlTextWriterWriteFormatAttribute(w, W("maxCpus"), "%d",
	    VMDEF_VCPUS_MAX);
	rc |= xmlTextWriterWriteString(w, W("virt"));
	rc |= xmlTextWriterEndElement(w);
	rc |= xmlTextWriterStartElement(w, W("domain"));
	rc |= xmlTextWriterWriteAttribute(w, W("type"), W("hv"));
	rc |= xmlTextWriterEndElement(w);
	rc |= xmlTextWriterEndElement(w);	/* arch */
	rc |= xmlTextWriterEndElement(w);	/* guest */
	return rc < 0 ? -ENOMEM : 0;
}

int
caps_xml(const struct hvd *hvd, char **xml)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf != NULL ? xmlNewTextWriterMemory(buf, 0) :
	    NULL;
	int rc = w == NULL ? -ENOMEM : 0;

	if (rc == 0) {
		xmlTextWriterSetIndent(w, 1);
		xmlTextWriterSetIndentString(w, W("  "));
		rc = xmlTextWriterStartElement(w, W("capabilities")) < 0 ?
		    -ENOMEM : 0;
	}
	if (rc == 0) {
		rc = caps_host(w, hvd);
	}
	if (rc == 0) {
		rc = caps_guest(w);
	}
	if (rc == 0 && (xmlTextWriterEndDocument(w) < 0 ||
	    (*xml = strdup((const char *)xmlBufferContent(buf))) == NULL)) {
		rc = -ENOMEM;
	}
	if (w != NULL) {
		xmlFreeTextWriter(w);
	}
	if (buf != NULL) {
		xmlBufferFree(buf);
	}
	return rc;
}
