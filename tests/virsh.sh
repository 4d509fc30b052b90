#!/bin/sh
# SPDX-License-Identifier: ISC
#
# virsh.sh - the real virsh (libvirt-clients) against a real hvd, over
# the command matrix of libvirt-rpc.md section 4.
#
# A session hvd runs in a temporary directory (hvd.yaml with the board of
# $QEMU and $HVFW_ELF, XDG_CONFIG_HOME, XDG_STATE_HOME and XDG_RUNTIME_DIR
# in the directory, as tests/hvd_env.c does), and virsh connects with
# "hv+unix:///session?socket=SOCK" and LIBVIRT_AUTOSTART=0.  The guests
# are the test guests, defined from domain XML written here: echo (echoes
# its console, powers off on 0x04 or a break), hello (prints and powers
# off) and idle.  Each check prints "ok: ..." or "FAIL: ..." with what
# virsh printed; outputs are checked exactly where hv decides all of
# them, else by the lines that matter, and every exit status is checked.
#
#  1. Host: version [--daemon], uri, hostname, nodeinfo, capabilities
#     (well formed, arch aarch64, domain type hv).
#  2. Definitions: define, define --validate (and a refused one), list in
#     its forms (--all, --name, --uuid, --all --autostart, --table
#     --title), dominfo, domstate [--reason], domid, domuuid, dumpxml
#     [--inactive|--security-info] of a VM that is off.
#  3. Events: "event --all --loop --timeout" sees the events of a start,
#     a reboot and a destroy (Started Booted, reboot, Stopped Destroyed)
#     and no other start.
#  4. A running VM: its id, list, "start" again ("already active"), a
#     numeric and a UUID-shaped domain argument, domname, dominfo with
#     the CPU time, dumpxml with the id, suspend/resume, reboot (same id, the guest boots again),
#     shutdown (polled until shut off), start --paused, destroy
#     --graceful.
#  5. Console (under script(1), which gives virsh a terminal): typed text
#     comes back from the echo guest, ^] detaches with exit status 0 and
#     the VM runs on; 0x04 powers the guest off and virsh ends by itself.
#  6. create (transient: gone after destroy), autostart [--disable]
#     (list --all --autostart follows it); hello, started, powers itself
#     off.
#  7. Errors: dominfo of an unknown VM, qemu-monitor-command (a clean
#     error, hvd serves on).
#  8. Read-only: "virsh -r" and the -ro socket list, dominfo and dumpxml,
#     and refuse define, start, destroy, undefine and the console; nothing
#     changed.  Then undefine of a VM that is off, and of a running one
#     (it runs on, transient, and is gone once destroyed).
#  9. The system URI with no socket parameter: as root, in a private
#     mount namespace with a tmpfs over /run/libvirt (or /run, if there
#     is no /run/libvirt), a system hvd with its state in the temporary
#     directory and its sockets in /run/libvirt; "virsh -c hv:///system
#     list --all" lands on virthvd-sock and "virsh -r" on virthvd-sock-ro.
#     Not root: this check fails (a skipped test is a failed one).
#
# Environment (set by make check): HVD, QEMU, HVFW_ELF and HVFW_GUESTS
# (which may be relative to the working directory).
set -eu
LC_ALL=C
export LC_ALL

: "${HVD:?HVD is not set (run through make check)}"
: "${QEMU:?QEMU is not set (run through make check)}"
: "${HVFW_ELF:?HVFW_ELF is not set (run through make check)}"
: "${HVFW_GUESTS:?HVFW_GUESTS is not set (run through make check)}"

me=virsh.sh
# abs PATH - PATH made absolute (hvd.yaml and domain XML need that).
abs()
{
	case $1 in
	/*) echo "$1" ;;
	*/*) echo "$(cd "$(dirname "$1")" && pwd)/${1##*/}" ;;
	*) command -v "$1" ;;
	esac
}
hvd=$(abs "$HVD")
qemu=$(abs "$QEMU")
firmware=$(abs "$HVFW_ELF")
guests=$(cd "$HVFW_GUESTS" && pwd)
for f in "$hvd" "$qemu" "$firmware" "$guests/echo.bin" "$guests/hello.bin" \
    "$guests/idle.bin"; do
	if [ ! -s "$f" ]; then
		echo "$me: $f is missing or empty (run make first)" >&2
		exit 1
	fi
done
command -v virsh >/dev/null ||
    { echo "$me: no virsh: install the Debian package libvirt-clients" >&2; exit 1; }

# Short: a unix socket's path must fit in 108 bytes.
tmp=$(mktemp -d /tmp/hv-virsh.XXXXXX)
state=$tmp/state/hv
sock=$tmp/run/libvirt/virthvd-sock
uri="hv+unix:///session?socket=$sock"
hvd_pid=
bg_pid=

# kill_wait PID - end a process this script started, and reap it.
kill_wait()
{
	kill "$1" 2>/dev/null || :
	wait "$1" 2>/dev/null || :
}

cleanup()
{
	set +e
	if [ -n "$bg_pid" ]; then
		kill_wait "$bg_pid"
	fi
	if [ -n "$hvd_pid" ]; then
		kill_wait "$hvd_pid"
	fi
	if [ -s "$tmp/sys/hvd.pid" ]; then
		kill "$(cat "$tmp/sys/hvd.pid")" 2>/dev/null
	fi
	# hvd leaves the board running while a VM is active.
	if [ -s "$state/board/board" ]; then
		board_pid=$(sed -n 's/^hv-board \([0-9][0-9]*\) .*/\1/p' \
		    "$state/board/board")
		if [ -n "$board_pid" ]; then
			kill -KILL "$board_pid" 2>/dev/null
			n=0
			while kill -0 "$board_pid" 2>/dev/null && [ $n -lt 100 ]; do
				sleep 0.1
				n=$((n + 1))
			done
		fi
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

mkdir -p "$tmp/config/hv" "$tmp/state" "$tmp/run" "$tmp/cache" "$tmp/sys/vms"
XDG_CONFIG_HOME=$tmp/config
XDG_STATE_HOME=$tmp/state
XDG_RUNTIME_DIR=$tmp/run
XDG_CACHE_HOME=$tmp/cache
LIBVIRT_AUTOSTART=0
export XDG_CONFIG_HOME XDG_STATE_HOME XDG_RUNTIME_DIR XDG_CACHE_HOME \
    LIBVIRT_AUTOSTART
unset LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI

cat >"$tmp/config/hv/hvd.yaml" <<EOF
board:
  qemu: $qemu
  firmware: $firmware
  cpus: 2
  memory: 512M
log:
  level: debug
EOF

## Checks ##################################################################

failed=0
call_limit=20		# seconds a virsh command may take
conn=rw			# how vsh connects: rw, r (virsh -r) or ro (-ro socket)

# vsh ARGS... - virsh ARGS over $conn; stdout in $tmp/out, stderr in
# $tmp/err, exit status in $rc (124: it hung).
vsh()
{
	case $conn in
	rw) set -- -c "$uri" "$@" ;;
	r) set -- -r -c "$uri" "$@" ;;
	ro) set -- -c "$uri-ro" "$@" ;;
	esac
	cmd="virsh $*"
	rc=0
	timeout "$call_limit" virsh "$@" </dev/null >"$tmp/out" 2>"$tmp/err" ||
	    rc=$?
}

# begin WHAT - a check begins; miss records its first mismatch, and end
# prints the verdict, with the last command's output after a mismatch.
begin()
{
	what=$1
	why=
}

miss()
{
	if [ -z "$why" ]; then
		why=$1
	fi
}

end()
{
	if [ -z "$why" ]; then
		echo "ok: $what"
		return 0
	fi
	echo "FAIL: $what: $why"
	echo "  command: $cmd"
	echo "  exit status: $rc"
	echo "  --- stdout"
	sed 's/^/  |/' "$tmp/out"
	echo "  --- stderr"
	sed 's/^/  |/' "$tmp/err"
	failed=$((failed + 1))
	return 1
}

# status N - the last command exited N.
status()
{
	if [ "$rc" != "$1" ]; then
		miss "exit status $rc, not $1"
	fi
}

# is TEXT - the last command printed exactly TEXT and the empty line
# virsh ends with.
is()
{
	printf '%s\n\n' "$1" >"$tmp/want"
	if ! cmp -s "$tmp/want" "$tmp/out"; then
		miss "output is not as expected: $(diff "$tmp/want" "$tmp/out" |
		    sed -n '1!p' | tr '\n' ' ')"
	fi
}

# has FILE LINES - FILE has these lines (one per line of LINES), in this
# order; other lines may come between.
has()
{
	printf '%s\n' "$2" >"$tmp/want"
	missing=$(awk 'BEGIN { n = 0; i = 0 }
	    NR == FNR { want[n++] = $0; next }
	    i < n && $0 == want[i] { i++ }
	    END { if (i < n) { print want[i]; exit 1 } }' "$tmp/want" "$1") ||
	    miss "no line '$missing'"
}

# lacks FILE ERE - no line of FILE matches ERE.
lacks()
{
	if grep -Eq -- "$2" "$1"; then
		miss "a line matches /$2/"
	fi
}

# err ERE - the last command's stderr has a line matching ERE.
err()
{
	grep -Eq -- "$1" "$tmp/err" || miss "no error matching /$1/"
}

# exact WHAT TEXT ARGS... - virsh ARGS exits 0 printing exactly TEXT.
exact()
{
	begin "$1"
	text=$2
	shift 2
	vsh "$@"
	status 0
	is "$text"
	end || :
}

# lines WHAT LINES ARGS... - virsh ARGS exits 0 printing these lines.
lines()
{
	begin "$1"
	text=$2
	shift 2
	vsh "$@"
	status 0
	has "$tmp/out" "$text"
	end || :
}

# refused WHAT ERE ARGS... - virsh ARGS exits 1 with an error matching ERE.
refused()
{
	begin "$1"
	ere=$2
	shift 2
	vsh "$@"
	status 1
	err "$ere"
	end || :
}

# first_line ARGS... - the first line virsh ARGS printed, in $line.
first_line()
{
	vsh "$@"
	line=$(sed -n 1p "$tmp/out")
}

# wait_state NAME STATE - poll "domstate NAME" until it says STATE (at
# most 20 s).
wait_state()
{
	n=0
	while first_line domstate "$1" && [ "$line" != "$2" ]; do
		if [ $n -ge 200 ]; then
			return 1
		fi
		sleep 0.1
		n=$((n + 1))
	done
}

# wait_for FILE TEXT [TENTHS] - until FILE holds TEXT (a fixed string), at
# most TENTHS tenths of a second (default 200).
wait_for()
{
	n=0
	until grep -Fq -- "$2" "$1" 2>/dev/null; do
		if [ $n -ge "${3:-200}" ]; then
			return 1
		fi
		sleep 0.1
		n=$((n + 1))
	done
}

# gone PID [TENTHS] - wait until PID has ended (default at most 20 s).
gone()
{
	n=0
	while kill -0 "$1" 2>/dev/null; do
		if [ $n -ge "${2:-200}" ]; then
			return 1
		fi
		sleep 0.1
		n=$((n + 1))
	done
}

## Domain XML ##############################################################

uuid_echo=ec400000-0000-4000-8000-000000000001
uuid_hello=4e110000-0000-4000-8000-000000000002
uuid_idle=1d1e0000-0000-4000-8000-000000000003

# domxml NAME GUEST UUID - a 16 MiB VM running GUEST.bin, in $tmp/NAME.xml.
domxml()
{
	cat >"$tmp/$1.xml" <<EOF
<domain type='hv'>
  <name>$1</name>
  <uuid>$3</uuid>
  <memory unit='MiB'>16</memory>
  <os>
    <type arch='aarch64' machine='virt'>hvm</type>
    <kernel>$guests/$2.bin</kernel>
  </os>
  <metadata>
    <hv:vm xmlns:hv='urn:hv:domain:1'>
      <hv:kernel format='raw' load_address='0x40000000'/>
    </hv:vm>
  </metadata>
</domain>
EOF
}
domxml echo echo "$uuid_echo"
domxml hello hello "$uuid_hello"
domxml idle idle "$uuid_idle"
cat >"$tmp/kvm.xml" <<EOF
<domain type='kvm'>
  <name>kvm</name>
  <memory unit='MiB'>16</memory>
  <os><type>hvm</type><kernel>$guests/hello.bin</kernel></os>
</domain>
EOF

# What hvd writes back for echo (doc/domxml.md); $1 is " id='N'" or empty.
echo_xml()
{
	cat <<EOF
<domain type='hv'$1>
  <name>echo</name>
  <uuid>$uuid_echo</uuid>
  <memory unit='KiB'>16384</memory>
  <currentMemory unit='KiB'>16384</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os>
    <type arch='aarch64' machine='virt'>hvm</type>
    <kernel>$guests/echo.bin</kernel>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
  </devices>
  <metadata>
    <hv:vm xmlns:hv='urn:hv:domain:1'>
      <hv:kernel format='raw' load_address='0x40000000'/>
      <hv:console log_size='1048576'/>
      <hv:autostart>no</hv:autostart>
    </hv:vm>
  </metadata>
</domain>
EOF
}

## The daemon ##############################################################

start_time=$(date +%s)
"$hvd" -d --session >"$tmp/hvd.log" 2>&1 &
hvd_pid=$!
begin "hvd --session serves on $sock"
cmd="$hvd -d --session"
rc=
: >"$tmp/out"
cp "$tmp/hvd.log" "$tmp/err" 2>/dev/null || :
if ! wait_for "$tmp/hvd.log" " ready (session" 100 || [ ! -S "$sock" ]; then
	miss "no 'ready' in its log, or no socket"
	cp "$tmp/hvd.log" "$tmp/err"
	end || :
	exit 1
fi
end

## 1. Host #################################################################

# hvd -V says "hvd 0.1"; libvirt's version has three numbers.
version=$("$hvd" -V)
version=${version#hvd }
case $version in
*.*.*) ;;
*.*) version=$version.0 ;;
*) version=$version.0.0 ;;
esac
lines "version" "Using API: hv $(virsh --version)
Running hypervisor: hv $version" version
lines "version --daemon" "Running hypervisor: hv $version
Running against daemon: $version" version --daemon
exact "uri" "$uri" uri
exact "hostname" "$(uname -n)" hostname
lines "nodeinfo" "CPU model:           aarch64
CPU(s):              2
CPU socket(s):       1
Core(s) per socket:  2
Thread(s) per core:  1
NUMA cell(s):        1
Memory size:         524288 KiB" nodeinfo

begin "capabilities: well-formed, arch aarch64, domain type hv"
vsh capabilities
status 0
if command -v xmllint >/dev/null; then
	xmllint --noout "$tmp/out" 2>/dev/null || miss "not well-formed XML (xmllint)"
	[ "$(xmllint --xpath 'string(/capabilities/host/cpu/arch)' "$tmp/out")" = aarch64 ] ||
	    miss "host/cpu/arch is not aarch64"
	[ "$(xmllint --xpath "count(/capabilities/guest[os_type='hvm']/arch[@name='aarch64']/domain[@type='hv'])" "$tmp/out")" = 1 ] ||
	    miss "no guest/arch[@name=aarch64]/domain[@type=hv]"
else
	# No xmllint (libxml2-utils is not a dependency): the lines.
	[ "$(sed -n 1p "$tmp/out")" = "<capabilities>" ] ||
	    miss "does not begin with <capabilities>"
	[ "$(sed '/^$/d' "$tmp/out" | sed -n '$p')" = "</capabilities>" ] ||
	    miss "does not end with </capabilities>"
	grep -q "^ *<arch>aarch64</arch>\$" "$tmp/out" || miss "no <arch>aarch64</arch>"
	grep -Eq "^ *<arch name=[\"']aarch64[\"']>\$" "$tmp/out" ||
	    miss "no <arch name='aarch64'>"
	grep -Eq "^ *<domain type=[\"']hv[\"']/>\$" "$tmp/out" ||
	    miss "no <domain type='hv'/>"
fi
end || :

## 2. Definitions ##########################################################

exact "define FILE.xml" "Domain 'echo' defined from $tmp/echo.xml" \
    define "$tmp/echo.xml"
exact "define --validate FILE.xml" \
    "Domain 'hello' defined from $tmp/hello.xml" \
    define --validate "$tmp/hello.xml"
refused "define --validate of type kvm" \
    "^error: unsupported configuration: domain type 'kvm' is not supported by hv\$" \
    define --validate "$tmp/kvm.xml"

exact "list (nothing runs)" " Id   Name   State
--------------------" list
exact "list --all" " Id   Name    State
------------------------
 -    echo    shut off
 -    hello   shut off" list --all
exact "list --all --name" "echo
hello" list --all --name
exact "list --all --uuid" "$uuid_echo
$uuid_hello" list --all --uuid
exact "list --all --autostart (none)" " Id   Name   State
--------------------" list --all --autostart
# GET_METADATA (the title) is not supported: the column stays empty.
exact "list --all --table --title" " Id   Name    State      Title
--------------------------------
 -    echo    shut off   
 -    hello   shut off   " list --all --table --title
exact "dominfo NAME (off)" "Id:             -
Name:           echo
UUID:           $uuid_echo
OS Type:        hvm
State:          shut off
CPU(s):         1
Max memory:     16384 KiB
Used memory:    0 KiB
Persistent:     yes
Autostart:      disable
Managed save:   no" dominfo echo
exact "domstate NAME (off)" "shut off" domstate echo
exact "domstate --reason NAME (never started)" "shut off (unknown)" \
    domstate --reason echo
exact "domid NAME (off)" "-" domid echo
exact "domuuid NAME" "$uuid_echo" domuuid echo
exact "dumpxml NAME (off)" "$(echo_xml '')" dumpxml echo
exact "dumpxml --inactive NAME" "$(echo_xml '')" dumpxml --inactive echo
exact "dumpxml --security-info NAME" "$(echo_xml '')" \
    dumpxml --security-info echo

## 3. Events ###############################################################

# The watcher is registered once an event reaches it: define echo again
# (Defined Updated) until one does.  env gives it back the SIGINT that a
# background job of a non-interactive shell ignores, to end it early:
# virsh then says "event loop interrupted".
env --default-signal=INT virsh -c "$uri" event --all --loop --timeout 40 \
    </dev/null >"$tmp/event" 2>&1 &
bg_pid=$!
registered=no
n=0
while [ $n -lt 100 ] && kill -0 "$bg_pid" 2>/dev/null; do
	if grep -q "^event 'lifecycle' for domain 'echo': Defined Updated\$" \
	    "$tmp/event" 2>/dev/null; then
		registered=yes
		break
	fi
	vsh define "$tmp/echo.xml"
	sleep 0.1
	n=$((n + 1))
done
exact "start NAME" "Domain 'echo' started" start echo
begin "domid NAME (running) is a number"
vsh domid echo
status 0
id=$(sed -n 1p "$tmp/out")
case $id in
'' | *[!0-9]* | 0) miss "domid said '$id'" ;;
esac
end || :
exact "reboot NAME (watched)" "Domain 'echo' is being rebooted" reboot echo
exact "destroy NAME" "Domain 'echo' destroyed" destroy echo
exact "domstate --reason NAME (destroyed)" "shut off (destroyed)" \
    domstate --reason echo
wait_for "$tmp/event" "event 'lifecycle' for domain 'echo': Stopped Destroyed" \
    100 || :
begin "event --all --loop --timeout: start, reboot, destroy"
if [ $registered = no ]; then
	miss "no Defined event in 10 s of defining echo again"
fi
kill -INT "$bg_pid" 2>/dev/null || :
if ! gone "$bg_pid"; then
	miss "virsh event did not end on SIGINT"
	kill -KILL "$bg_pid" 2>/dev/null || :
fi
rc=0
wait "$bg_pid" || rc=$?
bg_pid=
cmd="virsh -c $uri event --all --loop --timeout 40"
cp "$tmp/event" "$tmp/out"
: >"$tmp/err"
status 0
has "$tmp/out" "event 'lifecycle' for domain 'echo': Started Booted
event 'reboot' for domain 'echo'
event 'lifecycle' for domain 'echo': Stopped Destroyed
event loop interrupted"
# A reboot is a reset in place: no second start (as libvirt's drivers).
[ "$(grep -c ": Started" "$tmp/out")" = 1 ] || miss "not one Started event"
end || :

## 4. A running VM #########################################################

exact "start NAME" "Domain 'echo' started" start echo
begin "domid NAME (running) is a number"
vsh domid echo
status 0
id=$(sed -n 1p "$tmp/out")
case $id in
'' | *[!0-9]* | 0) miss "domid said '$id'" ;;
esac
end || :
exact "list" " Id   Name   State
----------------------
 $id    echo   running" list
exact "list --name" "echo" list --name
exact "list --uuid" "$uuid_echo" list --uuid
exact "domstate --reason NAME (started)" "running (booted)" \
    domstate --reason echo
refused "start NAME (running): already active" \
    "^error: Domain is already active\$" start echo
exact "domname ID" "echo" domname "$id"
lines "dominfo ID (numeric argument)" "Id:             $id
Name:           echo
UUID:           $uuid_echo
State:          running
Used memory:    16384 KiB" dominfo "$id"
begin "dominfo NAME (running): the firmware's CPU time"
vsh dominfo echo
status 0
grep -Eq '^CPU time: +[0-9]+\.[0-9]s$' "$tmp/out" || miss "no CPU time line"
end || :
exact "domstate UUID (UUID-shaped argument)" "running" domstate "$uuid_echo"
exact "domid UUID" "$id" domid "$uuid_echo"
exact "dumpxml NAME (running)" "$(echo_xml " id='$id'")" dumpxml echo
exact "dumpxml --inactive NAME (running)" "$(echo_xml '')" \
    dumpxml --inactive echo

exact "suspend NAME" "Domain 'echo' suspended" suspend echo
exact "domstate --reason NAME (suspended)" "paused (user)" \
    domstate --reason echo
exact "resume NAME" "Domain 'echo' resumed" resume echo
exact "domstate --reason NAME (resumed)" "running (unpaused)" \
    domstate --reason echo

# ready - how many times echo said "echo: ready" on its console.
log=$state/console/echo.log
ready()
{
	count=$(grep -c '^echo: ready$' "$log" 2>/dev/null) || :
	echo "${count:-0}"
}
boots=$(ready)
exact "reboot NAME" "Domain 'echo' is being rebooted" reboot echo
begin "reboot NAME: the guest boots again, with the same id"
n=0
while [ "$(ready)" -le "$boots" ]; do
	if [ $n -ge 200 ]; then
		miss "no new 'echo: ready' on the console after 20 s"
		break
	fi
	sleep 0.1
	n=$((n + 1))
done
vsh domid echo
status 0
is "$id"
end || :

## 5. Console ##############################################################

# console NAME - virsh console NAME under script(1), in the background:
# its output in $tmp/console, its input from fd 5.
console_open()
{
	rm -f "$tmp/in"
	mkfifo "$tmp/in"
	timeout 30 script -qec "virsh -c '$uri' console $1" /dev/null \
	    <"$tmp/in" >"$tmp/console" 2>&1 &
	bg_pid=$!
	exec 5>"$tmp/in"
	cmd="script -qec \"virsh -c '$uri' console $1\" /dev/null"
}

# console_type TEXT - type TEXT until the guest's console log shows it:
# what virsh is sent before it puts the terminal in raw mode is lost.
console_type()
{
	typed=
	if ! wait_for "$tmp/console" "Escape character is ^]"; then
		miss "virsh console did not connect"
		return 1
	fi
	k=0
	while [ $k -lt 20 ]; do
		k=$((k + 1))
		printf '%s%s\r' "$1" "$k" >&5
		if wait_for "$log" "$1$k" 10; then
			typed=$1$k
			return 0
		fi
	done
	miss "'$1' typed 20 times never reached the guest"
	return 1
}

# console_close - wait for virsh console to end (fd 5 open until then).
console_close()
{
	gone "$bg_pid" || miss "virsh console did not end"
	rc=0
	wait "$bg_pid" || rc=$?
	bg_pid=
	exec 5>&-
	# The guest ends its lines with \n, and the echo of a typed \r is \r.
	tr '\r' '\n' <"$tmp/console" >"$tmp/out"
	: >"$tmp/err"
}

begin "console NAME: typed text echoed by the guest, ^] detaches"
console_open echo
if console_type "hello-virsh-"; then
	wait_for "$tmp/console" "$typed" ||
	    miss "virsh did not show the echo of '$typed'"
	printf '\035' >&5
fi
console_close
status 0
has "$tmp/out" "Connected to domain 'echo'"
grep -Fq "$typed" "$tmp/out" || miss "no '$typed' in virsh's output"
end || :
exact "domstate NAME (after detaching)" "running" domstate echo

exact "shutdown NAME" "Domain 'echo' is being shutdown" shutdown echo
begin "shutdown NAME: the echo guest powers off"
wait_state echo "shut off" || miss "not shut off after 20 s"
vsh domstate --reason echo
is "shut off (shutdown)"
end || :
begin "shutdown NAME: the guest saw the break"
cmd="cat $log"
tr '\r' '\n' <"$log" >"$tmp/out"
has "$tmp/out" "echo: break, powering off"
end || :

exact "start --paused NAME" "Domain 'echo' started" start --paused echo
exact "domstate NAME (started paused)" "paused" domstate echo
exact "destroy --graceful NAME" "Domain 'echo' destroyed" \
    destroy --graceful echo
exact "domstate --reason NAME (destroyed)" "shut off (destroyed)" \
    domstate --reason echo

exact "start NAME (for the console)" "Domain 'echo' started" start echo
begin "console NAME: 0x04 powers the guest off, virsh ends by itself"
console_open echo
if console_type "bye-"; then
	printf '\004' >&5
fi
console_close
status 0
has "$tmp/out" "Connected to domain 'echo'
echo: bye"
end || :
begin "console NAME: the VM is shut off after 0x04"
wait_state echo "shut off" || miss "not shut off after 20 s"
end || :

## 6. create, autostart, undefine ##########################################

exact "create FILE.xml" "Domain 'idle' created from $tmp/idle.xml" \
    create "$tmp/idle.xml"
lines "create FILE.xml: transient and running" "Name:           idle
State:          running
Persistent:     no" dominfo idle
exact "destroy NAME (transient)" "Domain 'idle' destroyed" destroy idle
refused "create FILE.xml: gone after destroy" \
    "^error: failed to get domain 'idle'\$" dominfo idle
exact "list --all (transient gone)" " Id   Name    State
------------------------
 -    echo    shut off
 -    hello   shut off" list --all

exact "autostart NAME" "Domain 'hello' marked as autostarted" \
    autostart hello
exact "list --all --autostart" " Id   Name    State
------------------------
 -    hello   shut off" list --all --autostart
lines "dominfo NAME (autostart)" "Autostart:      enable" dominfo hello
exact "autostart --disable NAME" "Domain 'hello' unmarked as autostarted" \
    autostart --disable hello
exact "list --all --autostart (disabled)" " Id   Name   State
--------------------" list --all --autostart

exact "start NAME (hello)" "Domain 'hello' started" start hello
begin "hello powers itself off: shut off (shutdown)"
wait_state hello "shut off" || miss "not shut off after 20 s"
vsh domstate --reason hello
status 0
is "shut off (shutdown)"
end || :

## 7. Errors ###############################################################

refused "dominfo nosuch" "^error: failed to get domain 'nosuch'\$" \
    dominfo nosuch
begin "qemu-monitor-command: a clean error"
vsh qemu-monitor-command echo --hmp info
status 1
err "^error: "
lacks "$tmp/err" "[Dd]isconnected|[Ii]/O error|end of file|internal error"
end || :
exact "list --all (hvd serves on)" " Id   Name    State
------------------------
 -    echo    shut off
 -    hello   shut off" list --all

## 8. Read-only ############################################################

exact "start NAME (for the read-only checks)" "Domain 'echo' started" \
    start echo
first_line domid echo
id=$line
denied='read-only|read only|operation forbidden'
for conn in r ro; do
	case $conn in
	r) how="virsh -r" ;;
	ro) how="the -ro socket" ;;
	esac
	exact "$how: list --all" " Id   Name    State
------------------------
 $id    echo    running
 -    hello   shut off" list --all
	lines "$how: dominfo NAME" "Name:           echo
State:          running" dominfo echo
	exact "$how: dumpxml NAME" "$(echo_xml " id='$id'")" dumpxml echo
	refused "$how: define refused" "$denied" define "$tmp/hello.xml"
	refused "$how: start refused" "$denied" start hello
	refused "$how: destroy refused" "$denied" destroy echo
	refused "$how: undefine refused" "$denied" undefine hello
	begin "$how: console refused"
	case $conn in
	r) set -- -r -c "$uri" ;;
	ro) set -- -c "$uri-ro" ;;
	esac
	cmd="script -qec \"virsh $* console echo\" /dev/null"
	rc=0
	timeout 20 script -qec "virsh $* console echo" /dev/null </dev/null \
	    >"$tmp/err" 2>&1 || rc=$?
	: >"$tmp/out"
	status 1
	err "$denied"
	end || :
done
conn=rw
exact "nothing changed by the read-only clients" " Id   Name    State
------------------------
 $id    echo    running
 -    hello   shut off" list --all

exact "undefine NAME" "Domain 'hello' has been undefined" undefine hello
exact "undefine NAME (running)" "Domain 'echo' has been undefined" \
    undefine echo
lines "undefine NAME (running): it runs on, transient" "State:          running
Persistent:     no" dominfo echo
exact "destroy NAME (undefined)" "Domain 'echo' destroyed" destroy echo
exact "list --all (nothing left)" " Id   Name   State
--------------------" list --all

kill_wait "$hvd_pid"
hvd_pid=

## 9. The system URI #######################################################

# Run in the mount namespace ($1: hvd, $2: its directory): the sockets'
# directory on a tmpfs, a system hvd, the two virsh commands.  Its $
# expand in that shell.
# shellcheck disable=SC2016
system_ns='
set -eu
hvd=$1 dir=$2
if [ -d /run/libvirt ]; then
	mount -t tmpfs -o mode=0755 hv-virsh /run/libvirt
else
	mount -t tmpfs -o mode=0755 hv-virsh /run
	mkdir /run/libvirt
fi
"$hvd" -d -f "$dir/hvd.yaml" >"$dir/hvd.log" 2>&1 &
echo $! >"$dir/hvd.pid"
n=0
until grep -q " ready (system" "$dir/hvd.log"; do
	[ $n -lt 100 ] || break
	sleep 0.1
	n=$((n + 1))
done
rc=0
timeout 20 virsh -c hv:///system list --all </dev/null \
    >"$dir/rw.out" 2>"$dir/rw.err" || rc=$?
echo $rc >"$dir/rw.rc"
rc=0
timeout 20 virsh -r -c hv:///system list --all </dev/null \
    >"$dir/ro.out" 2>"$dir/ro.err" || rc=$?
echo $rc >"$dir/ro.rc"
kill "$(cat "$dir/hvd.pid")"
wait || :
rm -f "$dir/hvd.pid"
'

begin "hv:///system, no socket parameter: virthvd-sock, and -ro for virsh -r"
cmd="virsh -c hv:///system list --all; virsh -r -c hv:///system list --all"
rc=
: >"$tmp/out"
: >"$tmp/err"
if [ "$(id -u)" != 0 ]; then
	miss "this check needs root (unshare -m, a tmpfs over /run/libvirt): run make check as root"
else
	cat >"$tmp/sys/hvd.yaml" <<EOF
board:
  qemu: $qemu
  firmware: $firmware
paths:
  state_dir: $tmp/sys/state
  vm_dir: $tmp/sys/vms
  socket_dir: /run/libvirt
EOF
	sys_list=" Id   Name    State
------------------------
 -    sysvm   shut off"
	cat >"$tmp/sys/vms/sysvm.yaml" <<EOF
name: sysvm
memory: 16M
kernel:
  path: $guests/hello.bin
  format: raw
  load_address: 0x40000000
EOF
	if ! unshare -m --propagation private sh -c "$system_ns" sh "$hvd" \
	    "$tmp/sys" >"$tmp/sys/unshare.log" 2>&1; then
		miss "unshare -m failed: $(cat "$tmp/sys/unshare.log")"
	fi
	for which in rw ro; do
		if [ ! -f "$tmp/sys/$which.rc" ]; then
			miss "the system hvd did not serve (its log is below)"
			break
		fi
		rc=$(cat "$tmp/sys/$which.rc")
		cat "$tmp/sys/$which.out" >>"$tmp/out"
		cat "$tmp/sys/$which.err" >>"$tmp/err"
		status 0
	done
	printf '%s\n\n%s\n\n' "$sys_list" "$sys_list" >"$tmp/want"
	cmp -s "$tmp/want" "$tmp/out" || miss "the lists are not both: $sys_list"
	# hvd logs each client with the socket it came on.
	[ "$(grep -c ': client [0-9]* connected: .*, uid 0$' \
	    "$tmp/sys/hvd.log")" = 1 ] ||
	    miss "virsh -c hv:///system did not connect to virthvd-sock once"
	[ "$(grep -c ': client [0-9]* connected: .*, uid 0, read-only socket$' \
	    "$tmp/sys/hvd.log")" = 1 ] ||
	    miss "virsh -r -c hv:///system did not connect to virthvd-sock-ro once"
	if [ -n "$why" ]; then
		{ echo "--- the system hvd's log"; cat "$tmp/sys/hvd.log"; } \
		    >>"$tmp/err" 2>/dev/null || :
	fi
fi
end || :

echo "$me: $(($(date +%s) - start_time)) s"
if [ "$failed" -ne 0 ]; then
	echo "$me: $failed checks failed"
	exit 1
fi
