#!/usr/bin/env bash
# `mlgauge show PROPOSAL|DRAFT` on samples/ (values checked by a person
# against samples/README.md and the golden proposals.csv), --message and a
# bare Message-ID, JSON, colour, and a hostile subject that must not reach
# the terminal as escape sequences.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples

expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
SH="$M show --db $TMP/db --config $S/mlgauge.conf --now 2024-04-01"

# By draft with a revision: the widget proposal, first of five.
expect_status 0 $SH draft-smith-dispatch-widget-protocol-00
expect_line "$TMP/out" "widget-protocol (draft)"
expect_line "$TMP/out" "  draft:       draft-smith-dispatch-widget-protocol, latest revision -01"
expect_line "$TMP/out" "  score:       105.39, rank 1 of 5"
expect_line "$TMP/out" "  proponents:  Jane Smith, José Martínez, Peter Chen"
expect_line "$TMP/out" "  independent_people              10    30.00"
expect_line "$TMP/out" "  checklist                      6/6     3.00"
expect_grep "$TMP/out" "^  Kirsten Halvorsen +northwind.example +chair +1 message$"
expect_grep "$TMP/out" '^  - Greta Lindqvist \(2024-02-05, independent, objects, answers the proposal\): "I.m still not convinced'
[ "$(grep -c '^  + ' "$TMP/out")" -eq 8 ] || fail "not 8 supporters"
expect_grep "$TMP/out" "^  2024-01-23 \.\. 2024-03-06   19 messages  "
expect_line "$TMP/out" "  2024-01-22 |█▃▅  ▃▁| 7 weeks, at most 8 messages a week"
grep -q $'\e' "$TMP/out" && fail "colour when stdout is not a terminal"

# The lists term's points are computed from the lists beyond the first:
# cross-thing reached dispatch and secdispatch, so its measure is 1 (show
# printed 2, the number of lists, beside points for 1).
expect_status 0 $SH draft-nguyen-dispatch-cross-thing
expect_grep "$TMP/out" "^  lists +1 +[0-9.]+$"

# A quote longer than 100 characters is cut on a character boundary.
python3 - "$TMP/out" <<'PY' || fail "quotes not cut to 100 characters"
import re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r'^  [+-] .*: "(.*)"$', line)
    if m:
        assert len(m.group(1)) <= 100, line
PY

# ASCII terminal: the same sparkline in ASCII, nothing above 0x7f but
# names from mail.
LC_ALL=C expect_status 0 $SH widget-protocol
expect_line "$TMP/out" "  2024-01-22 |#-+  -.| 7 weeks, at most 8 messages a week"

# Administrivia is not ranked without --all.
expect_status 0 $SH "DISPATCH agenda for IETF 119"
expect_grep "$TMP/out" "unranked \(administrivia; --all ranks it\)"

# Colour only when asked (or on a terminal).
expect_status 0 $SH --color=always widget-protocol
grep -q $'\e\[1m' "$TMP/out" || fail "--color=always without colour"
expect_status 2 $SH --color=rainbow widget-protocol

# JSON: the report's proposal object with detail, parsed back.
expect_status 0 $SH --format json draft-nguyen-dispatch-cross-thing
python3 - "$TMP/out" <<'PY' || fail "show JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["proposal"] == "draft-nguyen-dispatch-cross-thing", d["proposal"]
assert d["rank"] == 2 and d["independent_people"] == 4, d
assert len(d["participants"]) == 5, d["participants"]
PY

# Unknown proposal: exit 1, near names on stderr.
expect_status 1 $SH tls
expect_grep "$TMP/err" "did you mean:"
expect_grep "$TMP/err" "^  draft-doe-dispatch-tls-knob$"
expect_status 1 $SH nothing-like-it
expect_grep "$TMP/err" "no proposal or draft 'nothing-like-it'"
expect_status 2 $SH
expect_status 2 $SH --format yaml widget-protocol

# A bare argument with '@' is a Message-ID, as --message.
ID=20240129150000.e5353879bd@tyrell.example
expect_status 0 $SH "<$ID>"
expect_line "$TMP/out" "id: $ID"
expect_status 0 "$M" show --db "$TMP/db" --message "$ID"
expect_line "$TMP/out" "id: $ID"

# A hostile subject and name: escape sequences (title change, colours,
# cursor moves) and C1 controls never reach the output.
mkdir -p "$TMP/evil"
printf '%s\n' \
  'From mallory@evil.example Mon Jan 15 10:00:00 2024' \
  'From: "Mal =?utf-8?q?=1B=5D0=3Bpwned=07?=" <mallory@evil.example>' \
  'To: dispatch@ietf.org' \
  'Subject: =?utf-8?q?Evil_=1B=5B2J=1B=5B31mred=C2=9B6n_draft-evil-thing?=' \
  'Date: Mon, 15 Jan 2024 10:00:00 +0000' \
  'Message-ID: <evil1@evil.example>' \
  '' \
  'Please discuss draft-evil-thing. Is it good?' \
  '' \
  'From bob@builder.example Tue Jan 16 10:00:00 2024' \
  'From: Bob Builder <bob@builder.example>' \
  'To: dispatch@ietf.org' \
  'Subject: =?utf-8?q?Re=3A_Evil_=1B=5B2J=1B=5B31mred_draft-evil-thing?=' \
  'Date: Tue, 16 Jan 2024 10:00:00 +0000' \
  'Message-ID: <evil2@evil.example>' \
  'In-Reply-To: <evil1@evil.example>' \
  '' \
  $'Why \e[5mblink\e[0m? +1' \
  '' >"$TMP/evil/2024-01.mbox"
expect_status 0 "$M" index --quiet --db "$TMP/edb" --list dispatch.ietf.org "$TMP/evil"
for cmd in show check; do
    for fmt in text json; do
        "$M" $cmd --db "$TMP/edb" --now 2024-04-01 --format $fmt \
            draft-evil-thing >"$TMP/evil.out" 2>"$TMP/evil.err"
        grep -q "draft-evil-thing" "$TMP/evil.out" \
            || fail "$cmd $fmt: no output: $(head -c 300 "$TMP/evil.err")"
        if grep -q $'\e' "$TMP/evil.out" "$TMP/evil.err"; then
            fail "$cmd $fmt: an ESC reached the output"
        fi
        # Text drops U+009B; JSON escapes it (\u009b).
        if grep -q $'\xc2\x9b' "$TMP/evil.out"; then
            fail "$cmd $fmt: a C1 CSI reached the output"
        fi
    done
done
expect_status 0 "$M" show --db "$TMP/edb" --message evil1@evil.example
grep -q $'\e' "$TMP/out" && fail "show --message: an ESC reached the output"
expect_line "$TMP/out" "subject: Evil red6n draft-evil-thing"
"$M" check --db "$TMP/edb" --now 2024-04-01 draft-evil-thing >"$TMP/evil.out"
expect_grep "$TMP/evil.out" '^✗ 1 question to the proponents without an answer:$'

finish
