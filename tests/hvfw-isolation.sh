#!/bin/sh
# SPDX-License-Identifier: ISC
#
# hvfw-isolation.sh - memory isolation and VMID rollover under the
# firmware on QEMU virt, with the EL1 test guests.
#
# The VMs of one boot exist side by side (all created before the first
# runs, destroyed last first after all have run), each owning its RAM in
# the firmware's ownership table and keeping its VMID until the end.
# Each board is a fresh QEMU under a hard timeout, read line by line
# (hvfw-lib.sh); each must end with "hvfw: guests done" and QEMU exiting
# by itself, and every VM created must be destroyed with its pages
# scrubbed and the page pool back to its count before the VM:
#  1. owners: the firmware reports the memory it owns (device tree, image
#     and page pool from the start of RAM, the mailbox at its top); then
#     a guest whose RAM overlaps vm1's, one in the page pool, one that
#     starts in the free MiB after the device tree and runs into the
#     image, and one over the device tree are each refused when created,
#     naming the first range in the way and its owner ("vm1", "the
#     firmware"), and are not created; one over the mailbox is refused
#     before (it is not RAM a guest may have); vm1 and the last guest run
#     their hello.
#  2. probe, on cortex-a57 and on max: six probe guests, each reading one
#     IPA outside its RAM - the flash at 0, the page after its RAM, the
#     PL031 RTC (not emulated), the PA of vm7's RAM while vm7 exists, and
#     with 1 MiB of RAM the PAs of the firmware's mailbox and image - and
#     each must be stopped as crashed at that read, with the report naming
#     VM, vCPU, IPA, "read", the translation fault and its level, ESR and
#     PC; the read never returns.  vm7, a hello, runs after them.
#  3. vmid, on cortex-a57 (8-bit VMIDs) and on max (16-bit): bad
#     hvfw.vmid_bits= values (too small, too large, not a number, empty)
#     are each reported and ignored, "hvfw.vmid_bits=2" narrows the
#     allocator to 3 VMIDs, and seven hello VMs run.  The first generation
#     serves three VMs; at each rollover the VMID of the VM the CPU ran
#     last stays reserved, so each later generation serves two: seven VMs
#     need exactly two rollovers, one TLB flush each, and end in
#     generation 3.  Every VM prints its hello, runs as VMID 1..3, finds
#     the end of its RAM untouched by any other VM, and is destroyed.
# QEMU's output is shown for any board that fails.
#
# Environment (set by make check): QEMU, the qemu-system-aarch64 to use;
# HVFW_ELF, the firmware; HVFW_GUESTS, the folder of the guests' NAME.bin.
# HVFW_TEST_TIMEOUT: seconds per board (30).
set -eu

images="hello probe"
case $0 in
*/*) . "${0%/*}/hvfw-lib.sh" ;;
*) . ./hvfw-lib.sh ;;
esac

hex='0x[0-9a-f]+'

# range_of NAME WHAT - "LO HI" of the firmware's "owns" line for WHAT.
range_of()
{
	sed -En "s/^hvfw: firmware owns PA ($hex)-($hex) \\($2\\)\$/\\1 \\2/p" \
	    "$tmp/$1.log"
}

owners()
{
	name=owners
	board $name cortex-a57 hello@0x48000000 =again@0x48800000 \
	    =pool@0x40800000 =image@0x40100000 =dtb@0x40000000 \
	    =mbox@0x7f000000 hello@0x49800000
	set -- $(range_of $name "device tree") $(range_of $name image) \
	    $(range_of $name "page pool") $(range_of $name mailbox)
	if test $# != 8; then
		fail $name "the firmware did not report the memory it owns"
		return
	fi
	# Image and pool in one run past 0x40800000; the mailbox at the top.
	if test "$1" != 0x40000000 || test "$3" != 0x40200000 ||
	    test $(($4 + 1)) != $(($5)) || test $(($6)) -lt $((0x40800000)) ||
	    test "$7" != 0x7ff00000 || test "$8" != 0x7fffffff; then
		fail $name "the firmware's memory is not where it belongs: $*"
		return
	fi
	fw_end=$6
	refused="refused: PA"
	expect $name "hvfw: firmware owns PA 0x40000000-0x400fffff (device tree)" \
	    "hvfw: hvfw.guest=mbox@0x7f000000+16M: the range is not inside RAM, skipped" \
	    "hvfw: 6 of 7 guests to run" \
	    "hvfw: vm2 (again): PA 0x48800000-0x497fffff $refused 0x48800000-0x48ffffff belongs to vm1, skipped" \
	    "hvfw: vm3 (pool): PA 0x40800000-0x417fffff $refused 0x40800000-$fw_end belongs to the firmware, skipped" \
	    "hvfw: vm4 (image): PA 0x40100000-0x410fffff $refused 0x40200000-$fw_end belongs to the firmware, skipped" \
	    "hvfw: vm5 (dtb): PA 0x40000000-0x40ffffff $refused 0x40000000-0x400fffff belongs to the firmware, skipped" \
	    "[vm1] hello from vm" "hvfw: vm1 off" \
	    "[vm6] hello from vm" "hvfw: vm6 off" &&
	    lacks $name '^hvfw: vm[2-5] (created|ran|destroyed)' \
	    "a refused guest was created" &&
	    lacks $name '^\[vm[2-5]\]' "a refused guest ran" &&
	    lifecycle $name 1 && lifecycle $name 6 && finished $name &&
	    echo "PASS: $name: the firmware's memory and vm1's refused, named"
}

# probe_ok NAME N IPA LEVEL - VM N read IPA and was stopped right there.
probe_ok()
{
	crash="^hvfw: vm$2 crashed: vcpu 0, IPA $3, read, translation fault level $4, ESR $hex, PC 0x4[0-9a-f]{7}\$"
	if ! grep -Eq "$crash" "$tmp/$1.log"; then
		fail "$1" "no crash report of vm$2 reading IPA $3 (level $4)"
		return 1
	fi
	expect "$1" "[vm$2] probe: reading IPA $3" &&
	    lacks "$1" "^\\[vm$2\\] probe: the read returned" \
	    "vm$2 read IPA $3 and went on" &&
	    lifecycle "$1" "$2" "${5:-$pages}"
}

probe()
{
	name=probe-$1
	board $name "$1" probe@0x48000000:0x0 probe@0x49000000:0x41001000 \
	    probe@0x4a000000:0x9010000 probe@0x4b000000:0x4c000000 \
	    probe@0x4d000000+1M:0x40100000 probe@0x4d200000+1M:0x40200000 \
	    hello@0x4c000000
	probe_ok $name 1 0x0 1 && probe_ok $name 2 0x41001000 2 &&
	    probe_ok $name 3 0x9010000 1 && probe_ok $name 4 0x4c000000 2 &&
	    probe_ok $name 5 0x40100000 3 256 &&
	    probe_ok $name 6 0x40200000 2 256 &&
	    expect $name "[vm7] hello from vm" "hvfw: vm7 off" &&
	    lifecycle $name 7 && finished $name &&
	    echo "PASS: $name: six probes outside their RAM stopped, vm7 ran"
}

vmid()
{
	name=vmid-$1 cpu=$1 bits=$2
	set --
	for i in 0 1 2 3 4 5 6; do
		set -- "$@" hello@$(printf '0x%x' $((0x48000000 + i * 0x1000000)))
	done
	before="hvfw.vmid_bits=1 hvfw.vmid_bits=17 hvfw.vmid_bits=two"
	before="$before hvfw.vmid_bits=2 hvfw.vmid_bits="
	board $name $cpu "$@"
	before=
	ignored="not a number from 2 to $bits, ignored"
	set -- "hvfw: hvfw.vmid_bits=1: $ignored" \
	    "hvfw: hvfw.vmid_bits=17: $ignored" \
	    "hvfw: hvfw.vmid_bits=two: $ignored" \
	    "hvfw: hvfw.vmid_bits=: $ignored" \
	    "hvfw: VMID allocator narrowed to 2 bits (3 VMIDs)" \
	    "hvfw: 7 of 7 guests to run"
	for i in 1 2 3 4 5 6 7; do
		set -- "$@" "[vm$i] hello from vm" "hvfw: vm$i off"
	done
	expect $name "$@" "hvfw: vmid generation 3, rollovers 2, flushes 2" ||
	    return 0
	for i in 1 2 3 4 5 6 7; do
		if ! grep -Eq "^hvfw: vm$i ran as VMID [123]: " "$tmp/$name.log"
		then
			fail $name "vm$i did not run as VMID 1, 2 or 3"
			return
		fi
		lifecycle $name $i || return 0
	done
	lacks $name '^\[vm[1-7]\] hello: the last word of my RAM' \
	    "a VM saw memory another had written" &&
	    finished $name &&
	    echo "PASS: $name: 7 VMs on 3 VMIDs, 2 rollovers, 2 flushes"
}

scenario owners
scenario probe cortex-a57
scenario probe max
scenario vmid cortex-a57 8
scenario vmid max 16

exit $failed
