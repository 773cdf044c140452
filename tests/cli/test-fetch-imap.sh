#!/usr/bin/env bash
# `mlgauge fetch` against a real Dovecot on a loopback port (started here,
# stopped by the EXIT trap, and by itself after 15 minutes): first fetch,
# no-op, new and removed mail, a folder rebuilt (new UIDVALIDITY), a cut
# connection, politeness, and the failures a cron job meets (login
# refused, no such folder, server down, TLS refused, a silent server).
# The client's commands are read through tests/cli/tcp-proxy.py, which
# logs them and can cut a connection where told.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dovecot-server.sh"
dovecot_skip_unless_installed
M=$MLGAUGE
PROXY=$SRCDIR/tests/cli/tcp-proxy.py
DB=$TMP/db
PROXY_PIDS=()

stop_all() {
    for p in "${PROXY_PIDS[@]}"; do
        kill "$p" 2>/dev/null
    done
    dovecot_stop
    rm -rf "$TMP"
}
trap stop_all EXIT

# start_proxy NAME [ARGS...]: starts a proxy to Dovecot's imap port,
# logging the client's lines to $TMP/NAME.log; its port is in
# $TMP/NAME.port. (Python takes a while to start: one proxy serves
# several steps, see log_for.)
start_proxy() {
    local name=$1
    shift
    python3 "$PROXY" "$TMP/$name.port" "$DV_PORT" "$TMP/$name.log" \
        --lifetime 600 "$@" &
    PROXY_PIDS+=($!)
}

wait_proxy() {
    for _ in $(seq 300); do
        [ -s "$TMP/$1.port" ] && return
        sleep 0.1
    done
    echo "the proxy $1 did not start" >&2
    exit 1
}

# log_for STEP: the next fetch through the logging proxy is logged to
# $TMP/STEP.log (the proxy's log, emptied); sets PORT to the proxy.
log_for() {
    [ -f "$TMP/main.log" ] && mv "$TMP/main.log" "$TMP/previous.log"
    ln -sf main.log "$TMP/$1.log"
    PORT=$(cat "$TMP/main.port")
}

# fetch PORT [ARGS...]: fetches dispatch through PORT, fast (no interval).
fetch() {
    local port=$1
    shift
    "$M" fetch --db "$DB" --email chair@example.org --interval 0 \
        --timeout 20 "$@" "imap://127.0.0.1:$port/dispatch"
}

count() {
    "$M" stats --db "$DB" | sed -n 's/^messages: //p'
}

dovecot_start "$TMP/dovecot"
start_proxy main
start_proxy cut --cut-on "UID FETCH" --cut-count 2 --cut-after 3000
start_proxy silent --silent
dovecot_deliver 5 first
wait_proxy main
wait_proxy cut
wait_proxy silent

# 1. The first fetch: every message, kept as one raw file each, indexed;
# the folder is found under the shared namespace (the URL says
# `dispatch`, as for imap.ietf.org); read-only commands only.
log_for p1
expect_status 0 fetch "$PORT" --batch 2
expect_grep "$TMP/err" "fetched 5 messages"
[ "$(count)" = 5 ] || fail "first fetch: $(count) messages, expected 5"
files=$(ls "$DB/mail/127.0.0.1/dispatch" | grep -c '^[0-9]*-[0-9]*\.eml$')
[ "$files" = 5 ] || fail "first fetch: $files raw files, expected 5"
ls -a "$DB/mail/127.0.0.1/dispatch" | grep -q '\.part$' \
    && fail "a partial file was left behind"
expect_grep "$TMP/p1.log" '^[0-9.]+ M[0-9]+ LOGIN "anonymous" "chair@example.org"$'
expect_grep "$TMP/p1.log" 'EXAMINE "Shared Folders/dispatch"$'
expect_grep "$TMP/p1.log" 'UID SEARCH UID 1:\*$'
expect_grep "$TMP/p1.log" 'UID FETCH 1:2 \(UID BODY.PEEK\[\]\)$'
expect_grep "$TMP/p1.log" 'UID FETCH 5 \(UID BODY.PEEK\[\]\)$'
grep -E 'SELECT|STORE|EXPUNGE|BODY\[\]|APPEND|DELETE' "$TMP/p1.log" \
    && fail "the fetcher sent a command that can change the folder"
# The raw file is the message as the server sent it.
grep -q 'Message-ID: <first-3@test.example>' \
    "$DB/mail/127.0.0.1/dispatch/"*-3.eml || fail "raw file 3 is not message 3"

# The IETF permalink of a message without Archived-At, computed here
# apart from mlgauge (python3 hashlib), as the mail archive does.
want=$(python3 -c 'import base64, hashlib
print(base64.urlsafe_b64encode(hashlib.sha1(b"first-3@test.exampledispatch").digest()).decode().rstrip("="))')
expect_status 0 "$M" show --db "$DB" --message first-3@test.example
expect_line "$TMP/out" "permalink: https://mailarchive.ietf.org/arch/msg/dispatch/$want/"

# 2. Nothing new: the search starts above the last UID, nothing is
# downloaded, nothing is written, and even with the default interval
# nothing waits (a no-op session is within the burst; bench/fetch times
# it: a fifth of a second).
log_for p2
version=$(stat -c %y "$DB/iamglass")
expect_status 0 "$M" fetch --db "$DB" --email chair@example.org \
    "imap://127.0.0.1:$PORT/dispatch"
expect_grep "$TMP/err" "fetched 0 messages"
expect_grep "$TMP/err" " s waiting for servers, 0.00 s held back by --interval"
expect_grep "$TMP/p2.log" 'EXAMINE "Shared Folders/dispatch"$'
expect_grep "$TMP/p2.log" 'UID SEARCH UID 6:\*$'
grep -q 'NAMESPACE\|FETCH' "$TMP/p2.log" && fail "the no-op fetch asked for more"
[ "$(count)" = 5 ] || fail "no-op: $(count) messages"
[ "$(stat -c %y "$DB/iamglass")" = "$version" ] \
    || fail "the no-op fetch wrote to the database"

# 3. A message removed on the server, one added: the new one comes, the
# removed one stays indexed (nothing fetched is ever lost).
rm "$(grep -l 'first-2@' "$DV_FOLDER"/*/*)"
dovecot_deliver 1 second
log_for p3
expect_status 0 fetch "$PORT"
expect_grep "$TMP/err" "fetched 1 messages"
[ "$(count)" = 6 ] || fail "after add/remove: $(count) messages, expected 6"
expect_status 0 "$M" show --db "$DB" --message first-2@test.example

# 4. The folder rebuilt: new UIDVALIDITY, every UID renumbered. It is
# listed again; only the message the database lacks is downloaded, the
# others are recognised by their Message-ID.
old_v=$(ls "$DB/mail/127.0.0.1/dispatch" | sed -n '1s/-.*//p')
dovecot_rebuild
dovecot_deliver 1 third
log_for p4
expect_status 0 fetch "$PORT"
expect_grep "$TMP/err" "1 folders were rebuilt"
expect_grep "$TMP/err" "fetched 1 messages .*, 5 already indexed"
expect_grep "$TMP/p4.log" 'UID FETCH 1:6 \(UID BODY.PEEK\[HEADER.FIELDS \(MESSAGE-ID\)\]\)$'
[ "$(count)" = 7 ] || fail "after the rebuild: $(count) messages, expected 7"
new_v=$(ls "$DB/mail/127.0.0.1/dispatch" | sed 's/-.*//' | sort -u | grep -v "^$old_v\$")
[ -n "$new_v" ] || fail "no file under a new UIDVALIDITY"
# ... and the next run knows the new numbering: nothing to fetch.
log_for p4b
expect_status 0 fetch "$PORT"
expect_grep "$TMP/err" "fetched 0 messages"
expect_grep "$TMP/p4b.log" 'UID SEARCH UID 7:\*$'

# 5. The connection cut in the middle of the second batch: the first
# batch is kept and indexed, the run fails with a clear message (exit 1),
# and the next run fetches the rest.
dovecot_deliver 5 fourth 200
expect_status 1 fetch "$(cat "$TMP/cut.port")" --batch 2
expect_grep "$TMP/err" "closed the connection during UID FETCH .what was fetched is kept; run again to resume."
[ "$(count)" = 9 ] || fail "after the cut: $(count) messages, expected 9 (7 + the first batch of 2)"
ls -a "$DB/mail/127.0.0.1/dispatch" | grep -q '\.part$' \
    && fail "a partial file was left behind by the cut"
expect_status 0 "$M" stats --db "$DB"
log_for p5b
expect_status 0 fetch "$PORT" --batch 2
expect_grep "$TMP/err" "fetched 3 messages"
expect_grep "$TMP/p5b.log" 'UID SEARCH UID 9:\*$'
[ "$(count)" = 12 ] || fail "after resuming: $(count) messages, expected 12"

# 6. Politeness: a burst of five commands (the whole of a no-op
# session), then one an interval apart on average: the Kth command of
# the session is sent no earlier than (K - 5) intervals after the first.
dovecot_deliver 3 fifth
log_for p6
expect_status 0 "$M" fetch --db "$DB" --email chair@example.org \
    --interval 0.4 --batch 1 "imap://127.0.0.1:$PORT/dispatch"
python3 - "$TMP/p6.log" <<'EOF' || fail "commands came faster than the interval allows"
import sys
times = [float(l.split()[0]) for l in open(sys.argv[1])]
fetches = [l for l in open(sys.argv[1]) if " UID FETCH " in l]
assert len(fetches) == 3, fetches
for k, t in enumerate(times, start=1):
    assert t - times[0] >= (k - 5) * 0.4 - 0.02, (k, times)
EOF

# 7. The failures of a cron job: a clear message, exit 1, and the
# database as it was.
before=$(count)
expect_status 1 "$M" fetch --db "$DB" --email wrong@example.org \
    --interval 0 "imap://127.0.0.1:$DV_PORT/dispatch"
expect_grep "$TMP/err" "refused the login of 'anonymous' .it said: .*Authentication failed"
expect_status 1 "$M" fetch --db "$DB" --email chair@example.org \
    --interval 0 "imap://127.0.0.1:$DV_PORT/nosuchlist"
expect_grep "$TMP/err" "the server has no folder 'nosuchlist'"
down=$(free_port)
expect_status 1 "$M" fetch --db "$DB" --interval 0 \
    "imap://127.0.0.1:$down/dispatch"
expect_grep "$TMP/err" "imap://127.0.0.1:$down/dispatch: connecting failed: .*is the server up"
expect_status 1 "$M" fetch --db "$DB" --email chair@example.org \
    --interval 0 "imaps://127.0.0.1:$DV_TLS_PORT/dispatch"
expect_grep "$TMP/err" "connecting failed: .*certificate.*--cacert"
start=$(date +%s)
expect_status 1 "$M" fetch --db "$DB" --timeout 2 --interval 0 \
    "imap://127.0.0.1:$(cat "$TMP/silent.port")/dispatch"
expect_grep "$TMP/err" "connecting failed: .*timed out"
[ $(($(date +%s) - start)) -le 10 ] || fail "the silent server held the fetch too long"
[ "$(count)" = "$before" ] || fail "a failed fetch changed the database"

# 8. TLS with the server's certificate trusted: fetches (nothing new).
expect_status 0 "$M" fetch --db "$DB" --email chair@example.org \
    --interval 0 --cacert "$DV_CERT" "imaps://127.0.0.1:$DV_TLS_PORT/dispatch"
expect_grep "$TMP/err" "fetched 0 messages"

# 9. Usage errors: 2.
expect_status 2 "$M" fetch --db "$DB"
expect_status 2 "$M" fetch --db "$DB" ftp://127.0.0.1/x
expect_grep "$TMP/err" "give imap://, imaps://, http:// or https:// URLs"

finish
