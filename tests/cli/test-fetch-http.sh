#!/usr/bin/env bash
# `mlgauge fetch` of archive files over HTTP, from a local server started
# here (tests/cli/http-server.py: ETag and Last-Modified, 304 answers, a
# transfer cut halfway; it stops with the test, and by itself after five
# minutes): a pipermail month (.txt.gz) fetched, not fetched again while
# unchanged, fetched again when it changes; the IETF mail archive's
# export (a tar.gz of mboxes without >From escaping) with its permalinks;
# a plain mbox; and the failures (cut, 404, server down).
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null; then
    echo "skip: python3 is not installed (bash .ci/setup installs it)"
    exit 77
fi
M=$MLGAUGE
DB=$TMP/db
WWW=$TMP/www
SERVER_PID=""

stop_all() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap stop_all EXIT

mkdir -p "$WWW/pipermail/dispatch" "$WWW/arch/export/mbox" "$WWW/lists"
python3 "$SRCDIR/tests/cli/http-server.py" "$TMP/port" "$WWW" \
    "$TMP/http.log" --lifetime 300 &
SERVER_PID=$!

# pipermail_message N: a message as pipermail's monthly .txt has it.
pipermail_message() {
    printf 'From p%s at example.com  Mon Mar  4 1%s:00:00 2024\n' "$1" "$1"
    printf 'From: p%s at example.com (Person %s)\n' "$1" "$1"
    printf 'Date: Mon, 4 Mar 2024 1%s:00:00 +0000\n' "$1"
    printf 'Subject: [Dispatch] pipermail message %s\n' "$1"
    printf 'Message-ID: <pm-%s@example.com>\n\n' "$1"
    printf 'Body of message %s.\n\n' "$1"
}
month=$WWW/pipermail/dispatch/2024-March.txt.gz
{ pipermail_message 1; pipermail_message 2; } | gzip -n >"$month"
cp "$SRCDIR/tests/data/tar/export.tar.gz" "$WWW/arch/export/mbox/index"
cat >"$WWW/lists/secdispatch.mbox" <<'EOF'
From x@example.net Thu Mar  7 09:00:00 2024
From: X <x@example.net>
Subject: plain mbox message
Message-ID: <plain-1@example.net>
Date: Thu, 7 Mar 2024 09:00:00 +0000
List-Id: <secdispatch.ietf.org>

Hello.

EOF

for _ in $(seq 300); do
    [ -s "$TMP/port" ] && break
    sleep 0.1
done
PORT=$(cat "$TMP/port")
BASE=http://127.0.0.1:$PORT
MONTH_URL=$BASE/pipermail/dispatch/2024-March.txt.gz

count() {
    "$M" stats --db "$DB" | sed -n 's/^messages: //p'
}

# 1. A pipermail month: downloaded, kept under the mail directory as the
# URL names it, indexed (its list is its folder's name).
expect_status 0 "$M" fetch --db "$DB" "$MONTH_URL"
expect_grep "$TMP/err" "fetched 0 messages and 1 files"
kept=$DB/mail/127.0.0.1/pipermail/dispatch/2024-March.txt.gz
cmp -s "$kept" "$month" || fail "the kept file differs from the server's"
[ "$(count)" = 2 ] || fail "pipermail: $(count) messages, expected 2"
expect_status 0 "$M" show --db "$DB" --message pm-2@example.com
expect_line "$TMP/out" "from: p2@example.com"
expect_line "$TMP/out" "lists: dispatch"

# 2. Unchanged: asked for conditionally, not downloaded again.
: >"$TMP/http.log"
expect_status 0 "$M" fetch --db "$DB" "$MONTH_URL"
expect_grep "$TMP/err" "1 unchanged"
grep -q "^GET /pipermail/dispatch/2024-March.txt.gz 304 \"[0-9a-f]\{16\}\" [A-Z][a-z][a-z],_" \
    "$TMP/http.log" || fail "no conditional request (ETag and date): $(cat "$TMP/http.log")"
[ "$(count)" = 2 ] || fail "unchanged: $(count) messages"

# 3. Changed on the server (a message added, the month rewritten): it is
# downloaded again, and only the new message is new.
{ pipermail_message 1; pipermail_message 2; pipermail_message 3; } \
    | gzip -n >"$month"
touch -d '+1 minute' "$month"
expect_status 0 "$M" fetch --db "$DB" "$MONTH_URL"
expect_grep "$TMP/err" "fetched 0 messages and 1 files"
expect_grep "$TMP/err" "indexed 3 messages: 1 new, 0 seen on another list, 2 duplicates"
[ "$(count)" = 3 ] || fail "changed: $(count) messages, expected 3"

# 4. The IETF export (a tar.gz whose mboxes are not >From-escaped) and a
# plain mbox, in one command.
EXPORT_URL="$BASE/arch/export/mbox/?email_list=dispatch&start_date=2024-03-01"
expect_status 0 "$M" fetch --db "$DB" "$EXPORT_URL" "$BASE/lists/secdispatch.mbox"
expect_grep "$TMP/err" "fetched 0 messages and 2 files"
[ "$(count)" = 7 ] || fail "export + mbox: $(count) messages, expected 7"
ls "$DB/mail/127.0.0.1/arch/export/mbox/" | grep -qE '^index-[0-9a-f]{12}$' \
    || fail "the export is not kept as index-HASH: $(ls "$DB/mail/127.0.0.1/arch/export/mbox/")"
expect_status 0 "$M" show --db "$DB" --message export-2@example.org
expect_line "$TMP/out" "lists: dispatch"
# The body line `From here on, ...` did not split the first message.
expect_status 0 "$M" search --db "$DB" frozen
expect_grep "$TMP/out" "export-1@example.org"
# Its permalink, computed apart from mlgauge with python3's hashlib.
want=$(python3 -c 'import base64, hashlib
print(base64.urlsafe_b64encode(hashlib.sha1(b"export-1@example.orgdispatch").digest()).decode().rstrip("="))')
expect_status 0 "$M" show --db "$DB" --message export-1@example.org
expect_line "$TMP/out" "permalink: https://mailarchive.ietf.org/arch/msg/dispatch/$want/"

# 5. Failures: a clear message, exit 1, the database and the kept files
# as they were, no partial file left.
before=$(count)
expect_status 1 "$M" fetch --db "$DB" "$BASE/cut/pipermail/dispatch/2024-March.txt.gz"
expect_grep "$TMP/err" "downloading failed: .*the connection was cut; run again to resume"
ls -aR "$DB/mail" | grep -q '\.part$' && fail "a partial download was left"
expect_status 1 "$M" fetch --db "$DB" "$BASE/pipermail/dispatch/2023-May.txt.gz"
expect_grep "$TMP/err" "2023-May.txt.gz: no such file on the server .HTTP 404.; check the URL"
down=$((20000 + RANDOM % 40000))
while (exec 3<>"/dev/tcp/127.0.0.1/$down") 2>/dev/null; do
    down=$((20000 + RANDOM % 40000))
done
expect_status 1 "$M" fetch --db "$DB" "http://127.0.0.1:$down/x.mbox"
expect_grep "$TMP/err" "downloading failed: .*is the server up"
[ "$(count)" = "$before" ] || fail "a failed fetch changed the database"
cmp -s "$kept" "$month" || fail "a failed fetch changed the kept month"

# 6. A failure among several URLs does not stop the others; exit 1.
expect_status 1 "$M" fetch --db "$DB" --quiet "$BASE/nothing.mbox" "$MONTH_URL"
expect_grep "$TMP/err" "nothing.mbox: no such file"
[ "$(wc -l <"$TMP/err")" = 1 ] || fail "--quiet printed more than the failure: $(cat "$TMP/err")"

finish
