#!/usr/bin/env bash
# `mlgauge search` and `stats --format json` on samples/ (counts checked
# by hand against the mboxes with Python's mailbox module, see
# samples/README.md), a hostile subject, malformed queries, and, when
# ../shared/corpora exists, field and date-range queries on a real list
# whose counts were computed independently (see the note there).
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
DB=$TMP/db
export MLGAUGE_DB=$DB

"$M" index --quiet "$SRCDIR/samples/dispatch" "$SRCDIR/samples/secdispatch" \
    || fail "index samples"

# total QUERY... : the "total" of the JSON output.
total() {
    "$M" search --format json "$@" 2>/dev/null \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'
}

expect_total() {
    local want=$1
    shift
    local got
    got=$(total "$@")
    [ "$got" = "$want" ] || fail "search $*: total $got, expected $want"
}

# ---- text output ----
expect_status 0 "$M" search list:secdispatch -n 1
expect_line "$TMP/out" "$(printf '2024-02-29 11:40\tsecdispatch.ietf.org\tOmar Farouk <omar@cyberdyne.example>\tRe: [Secdispatch] [Dispatch] Proposal: draft-nguyen-dispatch-cross-thing-01\t9f84ad6b-89dc-2667-0c0d-6e7a3f81093b@cyberdyne.example')"
[ "$(wc -l <"$TMP/out")" -eq 1 ] || fail "-n 1 printed $(wc -l <"$TMP/out") lines"
expect_grep "$TMP/err" '^mlgauge: search: 1-1 of 10 messages; --offset 1 for more$'

# Every line has five tab-separated fields, newest first.
expect_status 0 "$M" search from:maria.rossi@vandelay.example
[ "$(wc -l <"$TMP/out")" -eq 9 ] || fail "maria: $(wc -l <"$TMP/out") lines, expected 9"
awk -F'\t' 'NF != 5 { bad = 1 } END { exit bad }' "$TMP/out" \
    || fail "lines without 5 fields: $(head -3 "$TMP/out")"
cut -f1 "$TMP/out" | sort -r -c || fail "not newest first"
[ ! -s "$TMP/err" ] || fail "stderr for a complete page: $(cat "$TMP/err")"

# Paging: the last of the 10 secdispatch messages.
expect_status 0 "$M" search list:secdispatch --offset 9
[ "$(wc -l <"$TMP/out")" -eq 1 ] || fail "--offset 9: $(wc -l <"$TMP/out") lines"

# ---- counts (hand-checked against the mboxes) ----
expect_total 10 list:secdispatch
expect_total 10 list:Secdispatch.IETF.org
expect_total 56 list:dispatch
expect_total 9 from:maria.rossi@vandelay.example
expect_total 6 from:maria.rossi@vandelay.example date:2024-02
expect_total 6 from:maria.rossi@vandelay.example --since 2024-02-01 --until 2024-02-29
expect_total 6 date:2024-03-01..
expect_total 6 date:2024-03
expect_total 55 date:..2024-02-29
expect_total 61 date:2024-01-01..2024-03-31
expect_total 5 list:secdispatch --list dispatch
# A proposal is its threads' messages: the report's count for it.
want=$("$M" report --all --out - 2>/dev/null \
    | python3 -c 'import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["proposal"] == "draft-doe-dispatch-tls-knob": print(r["messages"])')
expect_total "$want" proposal:draft-doe-dispatch-tls-knob
expect_total "$want" 'proposal:draft-doe-dispatch-tls-knob-01'
[ -n "$want" ] && [ "$want" -gt 0 ] || fail "no tls-knob proposal in the report"

# ---- JSON ----
expect_status 0 "$M" search --format json -n 3 'subject:widget OR draft:draft-smith-dispatch-widget-protocol'
python3 - "$TMP/out" <<'EOF' || fail "search JSON: $(head -c 600 "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"query", "total", "offset", "limit", "results"}, d.keys()
assert d["query"] == "subject:widget OR draft:draft-smith-dispatch-widget-protocol"
assert d["offset"] == 0 and d["limit"] == 3 and d["total"] > 3
assert len(d["results"]) == 3
for r in d["results"]:
    assert set(r) == {"id", "date", "lists", "from", "name", "subject"}, r
    assert isinstance(r["lists"], list) and r["lists"]
dates = [r["date"] for r in d["results"]]
assert dates == sorted(dates, reverse=True), dates
EOF

expect_status 0 "$M" stats --format json
"$M" stats >"$TMP/stats.txt"
python3 - "$TMP/out" "$TMP/stats.txt" <<'EOF' || fail "stats JSON: $(head -c 600 "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
text = dict(l.rstrip("\n").split(": ", 1) for l in open(sys.argv[2]))
assert d["messages"] == 61 == int(text["messages"])
assert d["people_messages"] == int(text["people-messages"])
assert d["draft_announcements"] == int(text["draft-announcements"])
assert d["senders"] == int(text["senders"])
assert d["first"] == text["first"] and d["last"] == text["last"]
assert d["lists"] == [{"list": "dispatch.ietf.org", "messages": 56},
                      {"list": "secdispatch.ietf.org", "messages": 10}]
assert d["problems"]["no-message-id"] == 1 == int(text["no-message-id"])
EOF

# ---- no match, malformed queries, usage ----
expect_status 0 "$M" search from:nobody@example.com
[ ! -s "$TMP/out" ] || fail "output for no match"
expect_line "$TMP/err" "mlgauge: search: no messages match"

for q in '(widget' 'widget AND' 'frm:jane@example.com' 'date:2024-13..' \
    'subject:"widget' 'from:'; do
    expect_status 2 "$M" search "$q"
    expect_grep "$TMP/err" '^mlgauge: search: bad query: '
    expect_grep "$TMP/err" "e\\.g\\. mlgauge search '"
    [ ! -s "$TMP/out" ] || fail "output for bad query $q"
done
expect_status 2 "$M" search
expect_status 2 "$M" search --format xml widget
expect_status 2 "$M" search --limit -1 widget
expect_status 2 "$M" search --since 2024-03-01 --until 2024-02-01 widget
# --anonymize is not an option of search (exit 2, nothing on stdout):
# search prints stored facts, which carry real names, and knows no
# pseudonymous ids. GOption itself refuses it, as any unknown option, and
# search --help does not offer it.
expect_status 2 "$M" search --anonymize widget
expect_grep "$TMP/err" "Unknown option --anonymize"
[ -s "$TMP/out" ] && fail "search --anonymize printed results"
expect_status 2 "$M" search --anonymize proposal:widget-protocol
expect_grep "$TMP/err" "Unknown option --anonymize"
expect_status 0 "$M" help search
grep -q -- "--anonymize" "$TMP/out" && fail "search --help offers --anonymize"
expect_status 0 "$M" help show
expect_grep "$TMP/out" "--anonymize"
expect_status 2 "$M" stats --format xml
expect_status 1 "$M" search proposal:no-such-thing
expect_grep "$TMP/err" "no proposal or draft named 'no-such-thing'"
expect_status 1 "$M" search --db "$TMP/none" widget

# ---- a hostile subject: escapes and tabs never reach the terminal ----
cat >"$TMP/evil.mbox" <<'EOF'
From evil@example.com Mon Jan  1 00:00:00 2024
From: Evil <evil@example.com>
Subject: =?utf-8?q?red=1B[31m_alert=09tab=E2=80=AEgnp?=
Date: Mon, 1 Jan 2024 00:00:00 +0000
Message-ID: <evil@example.com>

body
EOF
"$M" index --quiet --db "$TMP/evil" --list evil "$TMP/evil.mbox" || fail "index evil"
expect_status 0 "$M" search --db "$TMP/evil" from:evil@example.com
if LC_ALL=C grep -q $'\x1b' "$TMP/out"; then fail "escape in output"; fi
if grep -q $'\xe2\x80\xae' "$TMP/out"; then fail "bidi override in output"; fi
awk -F'\t' 'NF != 5 { bad = 1 } END { exit bad }' "$TMP/out" \
    || fail "a tab in the subject split the line: $(cat -A "$TMP/out")"
# The whole escape sequence goes, not only its ESC (as everywhere).
expect_grep "$TMP/out" $'\tred alert tabgnp\t'

# ---- a real list (skipped without ../shared/corpora) ----
# Counts computed independently with Python's mailbox module on the same
# file: distinct Message-IDs, From address lower-cased, Date converted to
# UTC (email.utils.parsedate_to_datetime), subject words matched as whole
# words (case-insensitive). See the README's search section.
XDP=${MLGAUGE_CORPORA:-$SRCDIR/../shared/corpora}/xdp-newbies/2020.mbox
if [ -f "$XDP" ]; then
    export MLGAUGE_DB=$TMP/xdp
    "$M" index --quiet "$XDP" || fail "index $XDP"
    expect_total 440 list:xdp-newbies
    expect_total 32 date:2020-03-01..2020-03-31
    expect_total 45 from:toke@redhat.com
    expect_total 14 from:toke@redhat.com date:2020-07..
    expect_total 36 subject:af_xdp
    expect_total 279 list:xdp-newbies date:..2020-06-30
    expect_status 0 "$M" search -n 1 date:2020-03-01..2020-03-31
    expect_grep "$TMP/out" $'\t8013b38c-696c-cadd-a4cd-756eca658215@gflclan.com$'
else
    echo "note: no corpora; the real-list checks were skipped"
fi

finish
