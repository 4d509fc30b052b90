/* SPDX-License-Identifier: ISC */
/*
 * reconcile.h - a starting hvd makes its state agree with the board's.
 *
 * The previous hvd may have ended in any way while VMs ran.  Its board,
 * if QEMU still runs, is taken up again (board_reattach()); every run
 * state file names a domain that was active.  The firmware is the truth:
 * a domain whose firmware VM still exists is active again, its memory
 * rebuilt from the VM's stage-2 dump (shared memory recognised by the
 * regions and runtime maps it belongs to); one whose VM is gone is shut
 * off; firmware VMs that no run state names (hvd ended between CREATE_VM
 * and writing its state) are destroyed.  With QEMU gone, the domains that
 * were active are crashed (board lost).  Events the firmware sent while
 * no hvd listened wait on the ring and are handled next.
 */
#ifndef HVD_RECONCILE_H
#define HVD_RECONCILE_H

struct hvd;

/**
 * reconcile() - find the board and the active domains again.
 * @hvd: the daemon, its definitions loaded.
 */
void reconcile(struct hvd *hvd);

#endif /* HVD_RECONCILE_H */
