/* SPDX-License-Identifier: ISC */
/*
 * req.h - the requests hvctl makes of hvd, typed: libvirt's REMOTE
 * procedures for everything libvirt has one for, HVD's for the rest.
 * Each returns 0, or -1 with the error printed (conn_fail()).
 */
#ifndef HVCTL_REQ_H
#define HVCTL_REQ_H

#include "hvctl.h"

/**
 * req_lookup() - DOMAIN_LOOKUP_BY_NAME.
 * @h:    the run.
 * @name: the domain's name.
 * @dom:  filled in; req_free_dom() it.
 *
 * Return: 0 or -1.
 */
int req_lookup(struct hvctl *h, const char *name, remote_nonnull_domain *dom);

/**
 * typedef req_domain_fn - what a verb does with the domain it names.
 * @h:   the run (connected).
 * @dom: the domain, looked up.
 * @ctx: the verb's own.
 *
 * Return: the exit status (errors printed).
 */
typedef int (*req_domain_fn)(struct hvctl *h, remote_nonnull_domain *dom,
    void *ctx);

/**
 * req_on_domain() - what most verbs do: connect, look the domain up, run
 * @fn on it, close.
 * @h:    the run.
 * @name: the domain's name.
 * @fn:   what to do.
 * @ctx:  passed to @fn.
 *
 * Return: the exit status: @fn's, or 1 if the connection or the lookup
 * failed (printed).
 */
int req_on_domain(struct hvctl *h, const char *name, req_domain_fn fn,
    void *ctx);

/**
 * req_free_dom() - free a domain triple a request filled in.
 * @dom: the triple.
 */
void req_free_dom(remote_nonnull_domain *dom);

/**
 * req_domain() - a REMOTE procedure whose args are just the domain and
 * whose ret is empty (DESTROY, SHUTDOWN, SUSPEND, RESUME, ...).
 * @h:    the run.
 * @proc: the procedure.
 * @dom:  the domain.
 *
 * Return: 0 or -1.
 */
int req_domain(struct hvctl *h, int proc, const remote_nonnull_domain *dom);

/**
 * req_domain_flags() - a REMOTE procedure whose args are the domain and
 * flags and whose ret is empty (REBOOT, UNDEFINE_FLAGS, ...).
 * @h:     the run.
 * @proc:  the procedure.
 * @dom:   the domain.
 * @flags: the flags.
 *
 * Return: 0 or -1.
 */
int req_domain_flags(struct hvctl *h, int proc,
    const remote_nonnull_domain *dom, unsigned int flags);

/**
 * req_start() - DOMAIN_CREATE_WITH_FLAGS.
 * @h:      the run.
 * @dom:    the domain; its id is updated.
 * @paused: leave it paused.
 *
 * Return: 0 or -1.
 */
int req_start(struct hvctl *h, remote_nonnull_domain *dom, bool paused);

/**
 * req_status() - HVD DOMAIN_GET_STATUS.
 * @h:   the run.
 * @dom: the domain.
 * @st:  zeroed by the caller, filled in; req_free_status() it.
 *
 * Return: 0 or -1.
 */
int req_status(struct hvctl *h, const remote_nonnull_domain *dom,
    hvd_domain_get_status_ret *st);

/**
 * req_free_status() - free what req_status() filled in.
 * @st: the status.
 */
void req_free_status(hvd_domain_get_status_ret *st);

/**
 * req_yaml() - HVD DOMAIN_GET_YAML.
 * @h:    the run.
 * @dom:  the domain.
 * @yaml: set to the text (malloc'ed).
 *
 * Return: 0 or -1.
 */
int req_yaml(struct hvctl *h, const remote_nonnull_domain *dom, char **yaml);

/**
 * req_define() - HVD DEFINE_YAML of a file's text.
 * @h:     the run.
 * @path:  the file.
 * @flags: HVD_DEFINE_YAML_VALIDATE_ONLY or 0.
 * @dom:   filled in; req_free_dom() it.
 *
 * Return: 0 or -1.
 */
int req_define(struct hvctl *h, const char *path, unsigned int flags,
    remote_nonnull_domain *dom);

#endif /* HVCTL_REQ_H */
