# SPDX-License-Identifier: ISC
#
# hvfw-lib.sh - what the tests that run EL1 guests under the firmware on
# QEMU virt share (sourced by hvfw-guests.sh and hvfw-isolation.sh).
#
# Each board is a fresh QEMU under a hard timeout, with the guests' raw
# images put in RAM by QEMU's loader and named to the firmware by
# "hvfw.guest=" boot options; the serial output is read line by line as it
# comes, never by sleeping, and QEMU's output is shown for any board that
# fails.
#
# Environment (set by make check): QEMU, the qemu-system-aarch64 to use;
# HVFW_ELF, the firmware; HVFW_GUESTS, the folder of the guests' NAME.bin.
# HVFW_TEST_TIMEOUT: seconds per board (30).
#
# The sourcing script sets "set -eu" first and names the guest images it
# needs in $images; it may set $size (the default RAM of a guest, 16M) and
# $pages (that in 4 KiB pages, 4096) before sourcing.

LC_ALL=C
export LC_ALL

limit=${HVFW_TEST_TIMEOUT:-30}
size=${size:-16M}
pages=${pages:-4096}

: "${QEMU:?QEMU is not set (run through make check)}"
: "${HVFW_ELF:?HVFW_ELF is not set (run through make check)}"
: "${HVFW_GUESTS:?HVFW_GUESTS is not set (run through make check)}"
for image in "$HVFW_ELF" ${images:-}; do
	case $image in
	"$HVFW_ELF") ;;
	*) image=$HVFW_GUESTS/$image.bin ;;
	esac
	if ! test -s "$image"; then
		echo "FAIL: $image is missing or empty" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
qemu_pid=
cleanup()
{
	if test -n "$qemu_pid"; then
		kill "$qemu_pid" 2>/dev/null || :
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
cr=$(printf '\r')
failed=0

# scenario FUNC ARGS... - run one scenario function.  Its failures are
# recorded in $failed (fail()); the status it returns must not end the
# script under "set -e", so that the next scenario still runs.
scenario()
{
	"$@" || :
}

# boot NAME QEMU-ARGS... - run one board.
#
# Copies QEMU's output to $tmp/NAME.log until QEMU exits (or the timeout
# kills it), or until the firmware halts after a panic, after which QEMU is
# stopped.  Sets $status to QEMU's exit status (124 if the timeout hit,
# "halted" if the firmware halted).
boot()
{
	name=$1
	shift
	log=$tmp/$name.log
	rm -f "$tmp/out"
	mkfifo "$tmp/out"
	start=$(date +%s)
	timeout "$limit" "$QEMU" -nographic -nic none "$@" \
	    </dev/null >"$tmp/out" 2>&1 &
	qemu_pid=$!
	exec 4<"$tmp/out"
	: >"$log"
	status=
	while IFS= read -r line <&4 || test -n "$line"; do
		line=${line%"$cr"}
		printf '%s\n' "$line" >>"$log"
		case $line in
		*halted)
			status=halted
			kill "$qemu_pid" 2>/dev/null || :
			break
			;;
		esac
		line=
	done
	exec 4<&-
	rc=0
	wait "$qemu_pid" || rc=$?
	qemu_pid=
	status=${status:-$rc}
	echo "$name: QEMU ended ($status) after $(($(date +%s) - start)) s"
}

# board NAME CPU SPEC... - the firmware with these guests, in this order.
#
# A SPEC is NAME@ADDR[+SIZE][:ARG]: "hvfw.guest=NAME@ADDR+SIZE[:ARG]" on
# the command line ($size if no SIZE is given), and NAME.bin loaded at
# ADDR, unless the SPEC starts with '=': such a guest is named on the
# command line only (it is to be refused, and its range may be memory that
# no image may be loaded into).  $before and $after (if set) go on the
# command line before and after the guests.
board()
{
	name=$1 cpu=$2
	shift 2
	append=${before:-}
	for spec do
		word=${spec#=}
		case $word in
		*+*) ;;
		*:*) word="${word%%:*}+$size:${word#*:}" ;;
		*) word="$word+$size" ;;
		esac
		append="$append hvfw.guest=$word"
	done
	append="$append ${after:-}"
	for spec do
		shift
		case $spec in
		=*) continue ;;
		esac
		addr=${spec#*@}
		addr=${addr%%[+:]*}
		set -- "$@" -device \
		    "loader,file=$HVFW_GUESTS/${spec%%@*}.bin,addr=$addr,force-raw=on"
	done
	append=${append# }
	boot "$name" -M virt,virtualization=on,gic-version=3 -cpu "$cpu" \
	    -smp 1 -m 1G -kernel "$HVFW_ELF" "$@" -append "${append% }"
}

# fail NAME WHY - report a failed expectation and QEMU's output.
fail()
{
	echo "FAIL: $1: $2"
	echo "--- QEMU output ($1) ---"
	cat "$tmp/$1.log"
	echo "---"
	failed=1
}

# in_order NAME LINE... - whether the board's output has these exact
# lines in this order (other lines may come between); the first one
# missing is left in $missing.
in_order()
{
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/want"
	missing=$(awk 'BEGIN { n = 0; i = 0 }
	    NR == FNR { want[n++] = $0; next }
	    i < n && $0 == want[i] { i++ }
	    END { if (i < n) { print want[i]; exit 1 } }' \
	    "$tmp/want" "$tmp/$name.log")
}

# expect NAME LINE... - the board's output has these lines in this order.
expect()
{
	name=$1
	if ! in_order "$@"; then
		fail "$name" "no '$missing'"
		return 1
	fi
}

# lacks NAME ERE WHY - no line of the board's output matches ERE.
lacks()
{
	if grep -Eq -- "$2" "$tmp/$1.log"; then
		fail "$1" "$3"
		return 1
	fi
}

# lifecycle NAME N [PAGES] - VM N was created with the pool at some count
# F, and destroyed with PAGES (default $pages) pages scrubbed and the pool
# back to F; it ran with a VMID.
lifecycle()
{
	free=$(sed -n \
	    "s/^hvfw: vm$2 created: .*, pool \([0-9]*\) free before\$/\1/p" \
	    "$tmp/$1.log")
	if test -z "$free"; then
		fail "$1" "vm$2 was not created"
		return 1
	fi
	if ! grep -Eq "^hvfw: vm$2 ran as VMID [1-9][0-9]*: " "$tmp/$1.log"; then
		fail "$1" "vm$2 did not run with a VMID"
		return 1
	fi
	if ! in_order "$1" \
	    "hvfw: vm$2 destroyed, ${3:-$pages} pages scrubbed, pool back to $free free"
	then
		fail "$1" "vm$2 was not destroyed with the pool back: no '$missing'"
		return 1
	fi
}

# finished NAME - the firmware said it was done and QEMU exited by itself,
# and never found its ownership table at odds with a VM's RAM.
finished()
{
	if grep -q 'the ownership table is inconsistent$' "$tmp/$1.log"; then
		fail "$1" "the ownership table and a VM's RAM disagree"
		return 1
	fi
	if ! in_order "$1" "hvfw: guests done"; then
		fail "$1" "the firmware never said 'guests done'"
		return 1
	fi
	if test "$status" != 0; then
		fail "$1" "QEMU did not power off by itself (status $status)"
		return 1
	fi
}
