#!/bin/sh
# SPDX-License-Identifier: ISC
#
# hvfw-guests.sh - run the EL1 test guests under the firmware on QEMU virt
# and check what the firmware and the guests report.
#
# Each board is a fresh QEMU under a hard timeout, with the guests' raw
# images put in RAM by QEMU's loader and named to the firmware by
# "hvfw.guest=NAME@ADDR+16M" boot options; the serial output is read line
# by line as it comes, never by sleeping (hvfw-lib.sh).  Every board must
# end with "hvfw: guests done" and QEMU exiting by itself with status 0
# (the firmware's PSCI SYSTEM_OFF), and every VM must be destroyed with
# its 4096 pages scrubbed and the page pool back to its count before the
# VM:
#  1. hello, on cortex-a57 and on max: "[vm1] hello from vm", the UART's
#     PrimeCell ids, flags and control register as a PL011 r1p5 out of
#     reset with empty FIFOs has them, "vm1 off".
#  2. memtest: the pattern holds over the guest's RAM but its first 64 KiB.
#  3. psci, on cortex-a57 and on max: every PSCI call over HVC and over SMC
#     returns exactly what PSCI 1.0 says for a VM of four vCPUs with only
#     the first on, and a WFI comes back when the guest's timer is due.
#  4. unmapped, then hello: the read of IPA 0x80000000 is reported as a
#     crash naming VM, vCPU, IPA, "read", the fault, ESR and PC, the read
#     never returns, and the next VM runs.
#  5. hello, unmapped, hello, memtest in one boot, on cortex-a57 and on
#     max: a crash takes neither the firmware nor later VMs down, and every
#     VM gets a VMID.
#  6. bad hvfw.guest= options (syntax, a bad argument, beyond RAM): each
#     reported and skipped, the good one runs.
# Memory isolation (ownership, probes) and VMID rollover: hvfw-isolation.sh.
# QEMU's output is shown for any board that fails.
#
# Environment (set by make check): QEMU, the qemu-system-aarch64 to use;
# HVFW_ELF, the firmware; HVFW_GUESTS, the folder of the guests' NAME.bin.
# HVFW_TEST_TIMEOUT: seconds per board (30).
set -eu

memtest_kib=16320		# 16M less the 64 KiB memtest keeps for itself
images="hello memtest psci unmapped"
case $0 in
*/*) . "${0%/*}/hvfw-lib.sh" ;;
*) . ./hvfw-lib.sh ;;
esac

# The crash report of VM N reading IPA 0x80000000.
crash_re()
{
	echo "^hvfw: vm$1 crashed: vcpu 0, IPA 0x80000000, read, translation fault level 1, ESR 0x[0-9a-f]+, PC 0x4[0-9a-f]{7}\$"
}

hello()
{
	board "hello-$1" "$1" hello@0x48000000
	expect "hello-$1" "[vm1] hello from vm" \
	    "[vm1] hello: uart periph id 0x141011, cell id 0xb105f00d, flags 0x90, control 0x300" \
	    "hvfw: vm1 off" &&
	    lifecycle "hello-$1" 1 && finished "hello-$1" &&
	    echo "PASS: hello-$1: hello, PL011 ids, off, destroyed, pool back"
}

scenario hello cortex-a57
scenario hello max

board memtest cortex-a57 memtest@0x48000000
expect memtest "[vm1] memtest pass $memtest_kib KiB" "hvfw: vm1 off" &&
    lifecycle memtest 1 && finished memtest &&
    echo "PASS: memtest: $memtest_kib KiB pass"

psci()
{
	name=psci-$1
	board "$name" "$1" psci@0x48000000
	shift
	for conduit in hvc smc; do
		set -- "$@" \
		    "[vm1] psci: $conduit PSCI_VERSION = 0x10000" \
		    "[vm1] psci: $conduit PSCI_FEATURES(PSCI_VERSION) = 0" \
		    "[vm1] psci: $conduit PSCI_FEATURES(CPU_ON_64) = 0" \
		    "[vm1] psci: $conduit PSCI_FEATURES(SYSTEM_OFF) = 0" \
		    "[vm1] psci: $conduit PSCI_FEATURES(CPU_SUSPEND_64) = -1" \
		    "[vm1] psci: $conduit PSCI_FEATURES(0x8400001f) = -1" \
		    "[vm1] psci: $conduit MIGRATE_INFO_TYPE = 2" \
		    "[vm1] psci: $conduit AFFINITY_INFO_64(0, 0) = 0" \
		    "[vm1] psci: $conduit AFFINITY_INFO_64(8, 0) = -2" \
		    "[vm1] psci: $conduit CPU_ON_64(0) = -4" \
		    "[vm1] psci: $conduit CPU_ON_64(8) = -2" \
		    "[vm1] psci: $conduit 0x8400001f = -1" \
		    "[vm1] psci: $conduit 0xc2000000 = -1"
		if test $conduit = hvc; then
			set -- "$@" "[vm1] psci: wfi returned"
		fi
	done
	expect "$name" "$@" "[vm1] psci: 26 calls, 0 unexpected" \
	    "hvfw: vm1 off" && lifecycle "$name" 1 && finished "$name" &&
	    echo "PASS: $name: 26 calls over HVC and SMC as expected, WFI"
}

scenario psci cortex-a57
scenario psci max

board unmapped cortex-a57 unmapped@0x48000000 hello@0x49000000
if ! grep -Eq "$(crash_re 1)" "$tmp/unmapped.log"; then
	fail unmapped "no crash report naming IPA 0x80000000 and a read"
elif grep -q '^\[vm1\] unmapped: the read returned' "$tmp/unmapped.log"; then
	fail unmapped "the guest went on after the read"
else
	expect unmapped "[vm1] unmapped: reading IPA 0x80000000" \
	    "hvfw: vm1: IPA 0x80000000 is outside the nearest RAM at IPA 0x40000000-0x40ffffff" \
	    "[vm2] hello from vm" "hvfw: vm2 off" &&
	    lifecycle unmapped 1 && lifecycle unmapped 2 &&
	    finished unmapped &&
	    echo "PASS: unmapped: the crash was reported, the next VM ran"
fi

sequence()
{
	name=sequence-$1
	board "$name" "$1" hello@0x48000000 unmapped@0x49000000 \
	    hello@0x4a000000 memtest@0x4b000000
	if ! grep -Eq "$(crash_re 2)" "$tmp/$name.log"; then
		fail "$name" "no crash report of vm2"
		return
	fi
	expect "$name" "[vm1] hello from vm" "hvfw: vm1 off" \
	    "[vm2] unmapped: reading IPA 0x80000000" \
	    "[vm3] hello from vm" "hvfw: vm3 off" \
	    "[vm4] memtest pass $memtest_kib KiB" "hvfw: vm4 off" &&
	    lifecycle "$name" 1 && lifecycle "$name" 2 &&
	    lifecycle "$name" 3 && lifecycle "$name" 4 && finished "$name" &&
	    echo "PASS: $name: off, crashed, off, memtest pass; all destroyed"
}

scenario sequence cortex-a57
scenario sequence max

before="hvfw.guest=bogus hvfw.guest=arg@0x48800000+16M:zz"
after="hvfw.guest=beyond@0x7f800000+16M"
board bad-options cortex-a57 hello@0x48000000
before= after=
skip=", skipped"
expect bad-options \
    "hvfw: hvfw.guest=bogus: no '@' after the name$skip" \
    "hvfw: hvfw.guest=arg@0x48800000+16M:zz: the argument after ':' is not a 64-bit number$skip" \
    "hvfw: hvfw.guest=beyond@0x7f800000+16M: the range is not inside RAM$skip" \
    "hvfw: 1 of 4 guests to run" "[vm1] hello from vm" "hvfw: vm1 off" &&
    lifecycle bad-options 1 && finished bad-options &&
    echo "PASS: bad-options: three refused, the good one ran"

exit $failed
