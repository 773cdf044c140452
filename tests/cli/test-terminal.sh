#!/usr/bin/env bash
# Mail-derived text never drives the terminal: Message-IDs, list ids,
# subjects and archive file names carrying ESC sequences (CSI, OSC), the
# one-byte C1 CSI U+009B and BEL reach no output of `index`, `stats`,
# `show`, `check` or `search` raw. Text output drops them (the same rule
# everywhere); JSON escapes them (\u001b from json-glib, \u009b from
# mlgauge), so a program reading it gets the text back exactly.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
M=$MLGAUGE
A=$TMP/archive
mkdir -p "$A"
ESC=$'\e'
CSI1=$'\xc2\x9b'
BEL=$'\a'

# A list id, a Message-ID, a subject and a file name, each hostile. The
# second message has no Date, so `index` shows its id among the examples;
# the second file is cut inside a message, so `index` names it.
evil_file="$A/${ESC}]0;title${BEL}${ESC}[31mred${CSI1}.mbox"
printf '%s\n' \
    'From mallory@evil.example Mon Jan 15 10:00:00 2024' \
    'From: Mal <mallory@evil.example>' \
    'To: dispatch@ietf.org' \
    "List-Id: Evil <evil${ESC}]0;pwned${BEL}${ESC}[31m${CSI1}6n.example>" \
    'Subject: =?utf-8?q?draft-evil-thing_=1B=5B2J=1B=5B31mred=C2=9B6n_=07bell?=' \
    'Date: Mon, 15 Jan 2024 10:00:00 +0000' \
    "Message-ID: <evil1${ESC}[2J@evil.example>" \
    '' \
    'Please discuss draft-evil-thing. Is it good?' \
    '' \
    'From bob@builder.example Mon Jan 15 12:00:00 2024' \
    'From: Bob <bob@builder.example>' \
    "List-Id: Evil <evil${ESC}]0;pwned${BEL}${ESC}[31m${CSI1}6n.example>" \
    'Subject: Re: draft-evil-thing' \
    "Message-ID: <evil2${CSI1}6n${BEL}@evil.example>" \
    "In-Reply-To: <evil1${ESC}[2J@evil.example>" \
    '' \
    '+1' \
    '' >"$evil_file"
printf 'From a@b Mon Jan 15 10:00:00 2024\nFrom: A <a@b>\nSubject: x\n' \
    >"$A/cut${ESC}[2J.mbox"

# raw_free WHAT FILE...: no ESC, BEL or C1 CSI in the files.
raw_free() {
    local what=$1
    shift
    if LC_ALL=C grep -q "[$ESC$BEL]" "$@"; then
        fail "$what: ESC or BEL reached the output: $(cat -A "$@" | grep -m3 '\^\[\|\^G')"
    fi
    if grep -q "$CSI1" "$@"; then
        fail "$what: U+009B reached the output"
    fi
}

# index: the failure naming the cut file, and the examples (ids, files).
expect_status 1 "$M" index --db "$TMP/db" "$A"
raw_free "index" "$TMP/out" "$TMP/err"
expect_grep "$TMP/err" "^mlgauge: '$A/cut\.mbox' ends inside a message"
expect_grep "$TMP/err" "^  bad-date: evil26n@evil\.example \($A/red\.mbox, offset [0-9]+\)$"

# stats: list names, text and JSON.
expect_status 0 "$M" stats --db "$TMP/db"
raw_free "stats" "$TMP/out" "$TMP/err"
expect_line "$TMP/out" "list evil6n.example: 2"
expect_status 0 "$M" stats --db "$TMP/db" --format json
raw_free "stats --format json" "$TMP/out"
grep -qF '\u009b6n.example' "$TMP/out" || fail "stats json: no \\u009b: $(cat "$TMP/out")"
python3 -c 'import json, sys
lists = [l["list"] for l in json.load(open(sys.argv[1]))["lists"]]
want = "evil\x1b]0;pwned\x07\x1b[31m\x9b6n.example"
sys.exit(0 if want in lists else 1)' "$TMP/out" \
    || fail "stats json does not read back as the list id: $(cat "$TMP/out")"

# show and check, text and JSON.
for cmd in show check; do
    "$M" $cmd --db "$TMP/db" --now 2024-04-01 draft-evil-thing \
        >"$TMP/out" 2>"$TMP/err"
    raw_free "$cmd" "$TMP/out" "$TMP/err"
    "$M" $cmd --db "$TMP/db" --now 2024-04-01 --format json \
        draft-evil-thing >"$TMP/json" 2>"$TMP/err"
    raw_free "$cmd --format json" "$TMP/json" "$TMP/err"
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/json" \
        || fail "$cmd --format json is not JSON"
done
expect_status 0 "$M" show --db "$TMP/db" --now 2024-04-01 draft-evil-thing
expect_line "$TMP/out" "  lists:       evil6n.example"
expect_status 0 "$M" show --db "$TMP/db" --message "evil1${ESC}[2J@evil.example"
raw_free "show --message" "$TMP/out"
expect_line "$TMP/out" "lists: evil6n.example"

# search: text and JSON.
expect_status 0 "$M" search --db "$TMP/db" draft-evil-thing
raw_free "search" "$TMP/out" "$TMP/err"
# The whole escape sequence goes, not only its ESC.
grep -qF '[2J' "$TMP/out" && fail "search: the rest of an escape sequence: $(cat "$TMP/out")"
expect_grep "$TMP/out" $'\tevil6n.example\tMal <mallory@evil.example>\tdraft-evil-thing red6n bell\tevil1@evil.example$'
expect_status 0 "$M" search --db "$TMP/db" --format json draft-evil-thing
raw_free "search --format json" "$TMP/out"
python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"]
subjects = [m["subject"] for m in r]
sys.exit(0 if "draft-evil-thing \x1b[2J\x1b[31mred\x9b6n \x07bell" in subjects
         else 1)' "$TMP/out" \
    || fail "search json does not read back as the subject: $(cat "$TMP/out")"

# The JSON report, on stdout and in a file.
expect_status 0 "$M" report --db "$TMP/db" --now 2024-04-01 --format json --out -
raw_free "report --format json" "$TMP/out"
grep -qF '\u009b' "$TMP/out" || fail "report json: no \\u009b"

finish
