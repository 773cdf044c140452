#!/usr/bin/env bash
# Crash safety: `index` killed with SIGKILL at several points and run again
# ends with exactly what an uninterrupted run gives; SIGTERM and SIGINT
# commit what was read, say so, and exit 1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gen-archive.sh"
M=$MLGAUGE
A=$TMP/archive
gen_archive "$A" 8 3000

# report_of DB OUT: the CSV report and the stats of DB, for comparison.
report_of() {
    mkdir -p "$2"
    "$M" stats --db "$1" | grep -v '^database:\|^shard' >"$2/stats" \
        || fail "stats on $1 failed"
    "$M" report --db "$1" --now 2025-01-01 --all --format csv --out "$2" \
        >/dev/null || fail "report on $1 failed"
}

# same_report A B: both directories hold identical stats and CSV files.
same_report() {
    for f in stats proposals.csv threads.csv people.csv; do
        cmp -s "$1/$f" "$2/$f" || fail "$f differs: $(diff "$1/$f" "$2/$f" | head -5)"
    done
}

# The reference: one uninterrupted run.
expect_status 0 "$M" index --quiet --db "$TMP/ref" "$A"
report_of "$TMP/ref" "$TMP/ref-out"
expect_line "$TMP/ref-out/stats" "messages: 24000"
[ "$(wc -l <"$TMP/ref-out/proposals.csv")" -gt 100 ] \
    || fail "the reference report has too few proposals"

# messages_in DB: the committed message count, 0 when there is none yet.
messages_in() {
    "$M" stats --db "$1" 2>/dev/null | sed -n 's/^messages: //p' | grep . \
        || echo 0
}

# SIGKILL at several points: a fixed delay after the start (before the
# first commit), and just after a commit landed (in the middle of the next
# batch). Each run resumes the previous one; wherever the kill lands, the
# database must open and the next run must finish the job.
hits=0
partial=0
for point in 0.3 commit 0.5 commit 1; do
    before=$(messages_in "$TMP/killed")
    "$M" index --quiet --db "$TMP/killed" "$A" >/dev/null 2>"$TMP/err" &
    pid=$!
    if [ "$point" = commit ]; then
        for _ in $(seq 600); do
            kill -0 "$pid" 2>/dev/null || break
            [ "$(messages_in "$TMP/killed")" -gt "$before" ] && break
            sleep 0.1
        done
    else
        sleep "$point"
    fi
    kill -KILL "$pid" 2>/dev/null && hits=$((hits + 1))
    wait "$pid" 2>/dev/null
    after=$(messages_in "$TMP/killed")
    echo "SIGKILL at $point: $before -> $after messages committed"
    [ "$after" -ge "$before" ] || fail "a kill lost committed messages"
    [ "$after" -gt 0 ] && [ "$after" -lt 24000 ] && partial=1
done
[ "$hits" -ge 3 ] || fail "only $hits of the kills hit a running index"
[ "$partial" -eq 1 ] || fail "no kill left a partly indexed database"
expect_status 0 "$M" index --quiet --db "$TMP/killed" "$A"
report_of "$TMP/killed" "$TMP/killed-out"
same_report "$TMP/ref-out" "$TMP/killed-out"

# SIGTERM and SIGINT: what was read is committed, the message says how
# much, exit 1; then a second run completes it.
for sig in TERM INT; do
    db=$TMP/sig-$sig
    "$M" index --quiet --db "$db" "$A" >/dev/null 2>"$TMP/err-$sig" &
    pid=$!
    # Signal right after the first commit (1,000 messages) shows: a fixed
    # delay lost the race once indexing got fast enough to finish first.
    for _ in $(seq 200); do
        "$M" stats --db "$db" 2>/dev/null | grep -q '^messages: [1-9]' && break
        sleep 0.02
    done
    kill -"$sig" "$pid" 2>/dev/null || fail "index ended before SIG$sig"
    wait "$pid"
    status=$?
    [ "$status" -eq 1 ] || fail "SIG$sig: exit $status, expected 1"
    expect_grep "$TMP/err-$sig" "^mlgauge: interrupted: [0-9]+ new messages committed to '$db'; run the same command again"
    committed=$(sed -n 's/.*interrupted: \([0-9]*\) new.*/\1/p' "$TMP/err-$sig")
    expect_status 0 "$M" stats --db "$db"
    expect_line "$TMP/out" "messages: ${committed:-?}"
    expect_status 0 "$M" index --quiet --db "$db" "$A"
    report_of "$db" "$TMP/sig-$sig-out"
    same_report "$TMP/ref-out" "$TMP/sig-$sig-out"
done

# A database of 3 shards written by the threads of one process: each
# shard commits on its own, so a SIGKILL leaves them at different
# points, and SIGTERM must commit every shard. The runs after them read
# from the earliest point any shard needs, and end with the same report.
db=$TMP/sharded
"$M" index --quiet --db "$db" --shards 3 "$A" >/dev/null 2>"$TMP/err" &
pid=$!
for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || break
    [ "$(messages_in "$db")" -gt 0 ] && break
    sleep 0.05
done
kill -KILL "$pid" 2>/dev/null || fail "index --shards 3 ended before SIGKILL"
wait "$pid" 2>/dev/null
killed=$(messages_in "$db")
echo "SIGKILL of 3 shard writers: $killed messages committed"
[ "$killed" -gt 0 ] && [ "$killed" -lt 24000 ] \
    || fail "SIGKILL of the shard writers left $killed messages"
"$M" index --quiet --db "$db" "$A" >/dev/null 2>"$TMP/err-sharded" &
pid=$!
for _ in $(seq 600); do
    [ "$(messages_in "$db")" -gt "$killed" ] && break
    sleep 0.02
done
kill -TERM "$pid" 2>/dev/null || fail "index of 3 shards ended before SIGTERM"
wait "$pid"
status=$?
[ "$status" -eq 1 ] || fail "SIGTERM of 3 shard writers: exit $status, expected 1"
committed=$(sed -n 's/.*interrupted: \([0-9]*\) new.*/\1/p' "$TMP/err-sharded")
now=$(messages_in "$db")
[ "$now" = "$((killed + ${committed:-0}))" ] \
    || fail "3 shards hold $now messages after SIGTERM, not $killed + ${committed:-?}"
expect_status 0 "$M" index --quiet --db "$db" "$A"
report_of "$db" "$TMP/sharded-out"
same_report "$TMP/ref-out" "$TMP/sharded-out"

finish
