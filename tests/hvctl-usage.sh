#!/bin/sh
# SPDX-License-Identifier: ISC
#
# hvctl-usage.sh - hvctl's usage and the SYNOPSIS of hvctl(1) are the same
# lines, and the page describes every verb.
#
#  1. 'hvctl -h' gives the global usage line, then one line per verb of the
#     verb table, "  USAGE   HELP".  A verb's usage string exactly is what
#     'hvctl VERB' prints when given too many arguments ("usage: hvctl
#     USAGE", before any connection is tried); its -h line must begin with
#     it.
#  2. The SYNOPSIS of the page made by make (man/hvctl.1) is rendered from
#     its mdoc source by the awk below, one line per .Nm, so that no
#     formatter is needed; a macro the awk does not know fails the test
#     rather than being guessed at.
#  3. The two lists must be equal, line for line and in the same order;
#     the first difference is named.
#  4. Every verb has its ".It Cm VERB" entry in the page.
#
# Environment (set by make check): HVCTL, the hvctl to run.  HVCTL_MAN, the
# page to read; by default man/hvctl.1 under the working directory (the
# build tree's top, where make check runs tests), else next to $HVCTL.
set -eu
LC_ALL=C
export LC_ALL

: "${HVCTL:?HVCTL is not set (run through make check)}"

me=hvctl-usage.sh
man=${HVCTL_MAN:-man/hvctl.1}
if [ ! -f "$man" ] && [ -z "${HVCTL_MAN:-}" ]; then
	man=${HVCTL%/*}/../man/hvctl.1
fi
[ -f "$man" ] || { echo "$me: no man page: $man (run make first)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hvctl-usage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

fail()
{
	echo "$me: $*" >&2
	exit 1
}

## 1. What hvctl says #####################################################

"$HVCTL" -h >"$tmp/help" || fail "'$HVCTL -h' failed"
sed -n '1s/^usage: //p' "$tmp/help" >"$tmp/usage"
[ -s "$tmp/usage" ] || fail "'hvctl -h' does not begin with 'usage: '"
grep '^  [^ ]' "$tmp/help" >"$tmp/verblines" ||
    fail "'hvctl -h' lists no verb"
while IFS= read -r line; do
	verb=${line#  }
	verb=${verb%% *}
	# Nine arguments are more than any verb takes.
	if "$HVCTL" "$verb" x x x x x x x x x >/dev/null 2>"$tmp/err"; then
		fail "'hvctl $verb' with nine arguments did not fail"
	fi
	usage=$(sed -n 's/^usage: hvctl //p' "$tmp/err")
	[ -n "$usage" ] ||
	    fail "'hvctl $verb' with nine arguments printed no usage line: $(cat "$tmp/err")"
	case "$line" in
	"  $usage "*) ;;
	*) fail "'hvctl -h' line of '$verb' is not its usage '$usage': $line" ;;
	esac
	echo "hvctl $usage" >>"$tmp/usage"
	echo "$verb" >>"$tmp/verbs"
done <"$tmp/verblines"

## 2. What the page says ##################################################

# The SYNOPSIS in mdoc: each .Nm begins a line; Op encloses the rest of
# its line in brackets, Oo/Oc enclose what is between them; Fl prefixes
# each of its words with '-' (alone: '-'); Ns removes the next space;
# Ar, Cm, No and Nm print their words; Bk/Ek and comments are ignored.
awk -v me="$me" '
function bad(why) {
	printf "%s: %s:%d: %s\n", me, FILENAME, FNR, why > "/dev/stderr"
	failed = 1
	exit 1
}
function emit(word) {
	if (out == "" || nospace || out ~ /\[$/ || word ~ /^[.,:;)\]?!]$/) {
		out = out word
	} else {
		out = out " " word
	}
	nospace = 0
}
function unescape(word) {
	gsub(/\\-/, "-", word)
	gsub(/\\&/, "", word)
	gsub(/\\e/, "\\", word)
	if (word ~ /\\/) {
		bad("escape the test does not know: " word)
	}
	return word
}
function flush() {
	if (started) {
		print out
	}
	out = ""
	nospace = 0
	started = 1
}
BEGIN {
	split("Ar Cm Fl No Nm Ns Oc Oo Op", m, " ")
	for (i in m) {
		callable[m[i]] = 1
	}
}
/^\.\\"/ { next }
/^\.Sh / {
	if (section == "SYNOPSIS") {
		flush()
		done = 1
		exit 0
	}
	section = $2
	next
}
section == "NAME" && $1 == ".Nm" && name == "" { name = $2 }
section != "SYNOPSIS" { next }
/^\.(Bk|Ek)( |$)/ { next }
/"/ { bad("quoted arguments are not read by this test: " $0) }
/^[^.]/ { bad("text line in the SYNOPSIS: " $0) }
{
	n = split(substr($0, 2), tok, /[ \t]+/)
	if (!(tok[1] in callable)) {
		bad("macro the test does not know: ." tok[1])
	}
	if (tok[1] == "Nm") {
		flush()
	} else if (!started) {
		bad("SYNOPSIS does not begin with .Nm")
	}
	closes = 0
	mac = ""
	for (i = 1; i <= n; i++) {
		t = tok[i]
		if (t in callable) {
			mac = t
			if (t == "Op" || t == "Oo") {
				emit("[")
				closes += t == "Op"
			} else if (t == "Oc") {
				out = out "]"
			} else if (t == "Ns") {
				nospace = 1
			} else if (t == "Nm" && (i == n || tok[i + 1] in callable)) {
				emit(name)
			} else if (t == "Fl" && (i == n || tok[i + 1] in callable)) {
				emit("-")
			} else if (t == "Ar" && (i == n || tok[i + 1] in callable)) {
				bad(".Ar without an argument")
			}
			continue
		}
		if (t ~ /^[A-Z][a-z]$/) {
			bad("macro the test does not know: " t)
		}
		w = unescape(t)
		emit(mac == "Fl" ? "-" w : w)
	}
	while (closes-- > 0) {
		out = out "]"
	}
}
END {
	if (failed) {
		exit 1
	}
	if (!done) {
		if (section == "SYNOPSIS") {
			flush()
		} else {
			printf "%s: %s: no SYNOPSIS\n", me, FILENAME > "/dev/stderr"
			exit 1
		}
	}
}
' "$man" >"$tmp/synopsis" || fail "cannot read the SYNOPSIS of $man"

## 3. The same lines ######################################################

awk -v me="$me" -v man="$man" '
NR == FNR { help[++nh] = $0; next }
{ page[++np] = $0 }
END {
	for (i = 1; i <= nh || i <= np; i++) {
		if (i > np) {
			printf "%s: line %d of hvctl -h is not in the SYNOPSIS " \
			    "of %s:\n  hvctl -h:  %s\n", me, i, man, help[i]
			exit 1
		}
		if (i > nh) {
			printf "%s: line %d of the SYNOPSIS of %s is not in " \
			    "hvctl -h:\n  hvctl(1):  %s\n", me, i, man, page[i]
			exit 1
		}
		if (help[i] != page[i]) {
			printf "%s: line %d differs:\n  hvctl -h:  %s\n" \
			    "  hvctl(1):  %s\n", me, i, help[i], page[i]
			exit 1
		}
	}
}
' "$tmp/usage" "$tmp/synopsis" >&2 || exit 1

## 4. Every verb described ################################################

while IFS= read -r verb; do
	grep -Eq "^\.It Cm $verb( |\$)" "$man" ||
	    fail "$man has no '.It Cm $verb' entry for verb '$verb'"
done <"$tmp/verbs"

echo "$me: hvctl -h and the SYNOPSIS of $man agree ($(wc -l <"$tmp/verbs") verbs, each described)"
