#!/usr/bin/env bash
# test-shards.sh - a database of hash shards, written by the threads of
# one `index --shards N` or by one `index --shard K/N` process per shard,
# reads as the single database of the same archives: every report format
# byte for byte, and search; a stub naming a shard twice, a missing shard
# and a mismatched number of shards are refused with exit 1, nothing
# written.
source "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples
A=("$S/dispatch" "$S/secdispatch")

expect_status 0 "$M" index --quiet --db "$TMP/one" "${A[@]}"
# 3 shards, written by the threads of one process; 3 shards again, one
# process per shard after another; 2 shards, two processes at once (each
# writes its own shard; both write the same stub).
expect_status 0 "$M" index --db "$TMP/three" --shards 3 "${A[@]}"
expect_grep "$TMP/err" '^mlgauge: 66 messages read from 4 sources \(0 unchanged\): 61 new, 5 seen on another list, 0 duplicates$'
grep -q 'other shards' "$TMP/err" && fail "one process of all shards left messages out"
for k in 0 1 2; do
    expect_status 0 "$M" index --quiet --db "$TMP/three-p" --shard "$k/3" "${A[@]}"
done
# The summary of one process writing 3 shards is the summary of one
# database: the same counts, and the same examples of problems (the
# first ones read, whichever writer stored them first).
mkdir -p "$TMP/noid"
for i in $(seq 1 12); do
    printf 'From a@example.org Mon Jan  1 00:00:00 2024\nFrom: a%s@example.org\nSubject: no id %s\nDate: Mon, 1 Jan 2024 00:%02d:00 +0000\n\nbody %s\n\n' \
        "$i" "$i" "$i" "$i"
done >"$TMP/noid/2024-01.mbox"
expect_status 0 "$M" index --db "$TMP/noid-one" "$TMP/noid"
mv "$TMP/err" "$TMP/noid-one.err"
expect_status 0 "$M" index --db "$TMP/noid-three" --shards 3 "$TMP/noid"
expect_grep "$TMP/noid-one.err" "^mlgauge: 12 new messages: no-message-id"
diff "$TMP/noid-one.err" "$TMP/err" >"$TMP/diff" \
    || fail "the summaries differ: $(cat "$TMP/diff")"
"$M" index --quiet --db "$TMP/two" --shard 0/2 "${A[@]}" 2>"$TMP/err0" &
p0=$!
"$M" index --quiet --db "$TMP/two" --shard 1/2 "${A[@]}" 2>"$TMP/err1" &
p1=$!
wait $p0 || fail "index --shard 0/2: $(cat "$TMP/err0")"
wait $p1 || fail "index --shard 1/2: $(cat "$TMP/err1")"
expect_line "$TMP/two/XAPIANDB" "auto shard-1"

R=(report --config "$S/mlgauge.conf" --now 2024-04-01)
for db in one three three-p two; do
    for f in csv json html; do
        expect_status 0 "$M" "${R[@]}" --db "$TMP/$db" --format "$f" \
            --out "$TMP/$db-$f"
    done
    "$M" search --db "$TMP/$db" draft >"$TMP/$db-search" 2>&1
    "$M" search --db "$TMP/$db" --offset 20 draft >>"$TMP/$db-search" 2>&1
    "$M" search --db "$TMP/$db" list:secdispatch >>"$TMP/$db-search" 2>&1
    "$M" stats --db "$TMP/$db" | grep -v '^database:\|^shard' >"$TMP/$db-stats"
done
for db in three three-p two; do
    for f in csv json html search stats; do
        diff -r "$TMP/one-$f" "$TMP/$db-$f" >"$TMP/diff" \
            || fail "$db shards: $f differs: $(head -c 600 "$TMP/diff")"
    done
done
# Not vacuous: the samples hold cross-posts, whose superseded copies the
# shards must map to the docids of the whole.
expect_grep "$TMP/one-csv/proposals.csv" 'secdispatch'
grep -q "of 56 messages" "$TMP/one-search" || fail "search: $(cat "$TMP/one-search")"

# The Datatracker's facts reach a sharded database too: `fetch
# --datatracker` reads the drafts and lists of all the shards and writes
# the facts into the first, whose metadata a stub's readers read. The
# reports are those of one database with the same facts, which differ
# from the reports without them (not vacuous).
for db in one three; do
    cp -r "$TMP/$db" "$TMP/$db-dt"
    expect_status 0 "$M" fetch --quiet --db "$TMP/$db-dt" --datatracker \
        --datatracker-url "file://$S/datatracker"
    for f in csv json; do
        expect_status 0 "$M" "${R[@]}" --db "$TMP/$db-dt" --format "$f" \
            --out "$TMP/$db-dt-$f"
    done
done
diff -r "$TMP/one-dt-csv" "$TMP/three-dt-csv" >"$TMP/diff" \
    || fail "3 shards with the Datatracker: csv differs: $(head -c 600 "$TMP/diff")"
cmp -s "$TMP/one-csv/proposals.csv" "$TMP/one-dt-csv/proposals.csv" \
    && fail "the Datatracker's facts changed nothing in the report"
python3 - "$TMP/one-dt-json/report.json" "$TMP/three-dt-json/report.json" <<'PY2' || fail "3 shards with the Datatracker: json differs"
import json, sys
one, three = (json.load(open(p)) for p in sys.argv[1:])
assert three["datatracker_refreshed"], "no refresh over the shards"
for d in (one, three):
    d.pop("datatracker_refreshed")
assert one == three
PY2
expect_status 1 "$M" fetch --db "$TMP/three-dt" http://127.0.0.1:9/a.mbox
expect_grep "$TMP/err" "is sharded: fetch mail into a single database"

# stats says how many messages each shard holds and when its writer last
# committed messages (this run's clock: today), and a run with nothing new
# leaves that time alone.
expect_status 0 "$M" stats --db "$TMP/three"
expect_line "$TMP/out" "shards: 3"
total=$(sed -n 's/^messages: //p' "$TMP/out")
sum=$(awk '/^shard [0-9]+: [0-9]+ messages/ { n += $3 } END { print n }' "$TMP/out")
[ "$sum" = "$total" ] || fail "shards hold $sum messages, the whole $total"
today=$(date -u +%Y-%m-%d)
[ "$(grep -c "^shard [0-2]: [0-9]* messages, written ${today}T[0-9:]*Z, $TMP/three/shard-[0-2]\$" "$TMP/out")" = 3 ] \
    || fail "shard lines: $(grep '^shard' "$TMP/out")"
grep '^shard' "$TMP/out" >"$TMP/shards-before"
expect_status 0 "$M" stats --db "$TMP/three" --format json
python3 - "$TMP/out" <<'PY' || fail "stats JSON shards"
import json, sys
d = json.load(open(sys.argv[1]))
assert [s["path"].rsplit("/", 1)[1] for s in d["shards"]] == \
    ["shard-0", "shard-1", "shard-2"], d["shards"]
assert sum(s["messages"] for s in d["shards"]) == d["messages"]
assert all(s["written"].endswith("Z") for s in d["shards"])
PY
expect_status 0 "$M" stats --db "$TMP/one"
grep -q '^shard' "$TMP/out" && fail "a single database lists shards"
sleep 1

# A second run reads nothing again: each shard kept its progress, and
# `index` without --shards writes all the shards the database has.
expect_status 0 "$M" index --db "$TMP/three" --shard 1/3 "${A[@]}"
expect_grep "$TMP/err" '\(4 unchanged\)'
expect_status 0 "$M" index --db "$TMP/three" "${A[@]}"
expect_grep "$TMP/err" '\(4 unchanged\)'
"$M" stats --db "$TMP/three" | grep '^shard' >"$TMP/shards-after"
diff -u "$TMP/shards-before" "$TMP/shards-after" \
    || fail "a run with nothing new changed a shard's time"

# Refused, exit 1, nothing written.
cp -r "$TMP/two" "$TMP/bad"
printf 'auto shard-0\nauto shard-0\n' >"$TMP/bad/XAPIANDB"
expect_status 1 "$M" "${R[@]}" --db "$TMP/bad" --format csv --out "$TMP/bad-out"
expect_grep "$TMP/err" "names shard 0 of 2 twice"
[ ! -e "$TMP/bad-out" ] || fail "a report was written over a bad stub"
printf 'auto shard-0\nauto shard-1\n' >"$TMP/bad/XAPIANDB"
mv "$TMP/bad/shard-1" "$TMP/shard-1-away"
expect_status 1 "$M" stats --db "$TMP/bad"
expect_grep "$TMP/err" "shard-1', named by its stub, is missing"
mv "$TMP/shard-1-away" "$TMP/bad/shard-1"
cp -r "$TMP/three/shard-2" "$TMP/bad/shard-1"
rm -rf "$TMP/bad/shard-1"
cp -r "$TMP/three/shard-2" "$TMP/bad/shard-1"
expect_status 1 "$M" search --db "$TMP/bad" draft
expect_grep "$TMP/err" "is shard 2 of 3, but the stub names 2 shards"
# A shard written by a newer mlgauge (another format): refused by readers
# and by the writer of all shards, nothing written.
cp -r "$TMP/two" "$TMP/newer"
xapian-metadata set "$TMP/newer/shard-1" mlgauge-format 999
newer=$(cd "$TMP/newer" && find . -type f -exec md5sum {} + | sort)
expect_status 1 "$M" stats --db "$TMP/newer"
expect_grep "$TMP/err" "'$TMP/newer/shard-1' has format 999; this mlgauge reads format"
expect_status 1 "$M" index --db "$TMP/newer" "$S/dispatch"
expect_grep "$TMP/err" "'$TMP/newer/shard-1' has format 999"
[ "$newer" = "$(cd "$TMP/newer" && find . -type f -exec md5sum {} + | sort)" ] \
    || fail "index changed shards of another format"
before=$(cd "$TMP/two" && find . -type f -exec md5sum {} + | sort)
expect_status 1 "$M" index --db "$TMP/two" --shard 0/3 "${A[@]}"
expect_grep "$TMP/err" "has 2 shards, not 3"
expect_status 1 "$M" index --db "$TMP/two" --shards 3 "${A[@]}"
expect_grep "$TMP/err" "has 2 shards, not 3"
expect_status 1 "$M" index --db "$TMP/one" --shards 2 "${A[@]}"
expect_grep "$TMP/err" "is not sharded"
after=$(cd "$TMP/two" && find . -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail "a refused index changed the shards"
# A host that writes one shard has only that one, and a stub naming all:
# `index` without --shard there would make and fill the others.
mkdir -p "$TMP/host-a"
cp -r "$TMP/two/XAPIANDB" "$TMP/two/shard-0" "$TMP/host-a/"
expect_status 1 "$M" index --db "$TMP/host-a" "${A[@]}"
expect_grep "$TMP/err" "shard '$TMP/host-a/shard-1', named by its stub, is not here: on a host that writes one shard, give --shard K/2"
[ ! -e "$TMP/host-a/shard-1" ] || fail "index made a shard another host writes"
expect_status 0 "$M" index --db "$TMP/host-a" --shard 0/2 "${A[@]}"
expect_grep "$TMP/err" '\(4 unchanged\)'
expect_status 1 "$M" index --db "$TMP/one" --shard 0/2 "${A[@]}"
expect_grep "$TMP/err" "is not sharded"
expect_status 2 "$M" index --db "$TMP/x" --shard 2/2 "${A[@]}"
expect_status 2 "$M" index --db "$TMP/x" --shard 1 "${A[@]}"
expect_status 2 "$M" index --db "$TMP/x" --shards 0 "${A[@]}"
expect_status 2 "$M" index --db "$TMP/x" --shards -1 "${A[@]}"
expect_status 2 "$M" index --db "$TMP/x" --shards 65 "${A[@]}"
expect_grep "$TMP/err" "from 1 to 64, not '65'"
expect_status 2 "$M" index --db "$TMP/x" --shards 2 --shard 0/2 "${A[@]}"
expect_grep "$TMP/err" "not both"
[ ! -e "$TMP/x" ] || fail "a usage error made a database"

# Replication and remote search, on loopback ports the kernel picks free;
# every server stops by itself (timeout). Shards keep Xapian's termlist
# table, which both need.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
for k in 0 1; do
    XAPIAN_MAX_CHANGESETS=10 expect_status 0 "$M" index --quiet \
        --db "$TMP/src" --shard "$k/2" "${A[@]}"
done
port=$(free_port)
timeout 60 xapian-replicate-server -I 127.0.0.1 -p "$port" "$TMP/src" \
    >/dev/null 2>&1 &
mkdir -p "$TMP/copy"
printf 'auto shard-0\nauto shard-1\n' >"$TMP/copy/XAPIANDB"
for k in 0 1; do
    ok=0
    for try in 1 2 3 4 5 6 7 8 9 10; do
        if timeout 20 xapian-replicate -h 127.0.0.1 -p "$port" -m "shard-$k" \
            -o "$TMP/copy/shard-$k" >/dev/null 2>"$TMP/rerr"; then
            ok=1; break
        fi
        sleep 0.3
    done
    [ $ok -eq 1 ] || fail "xapian-replicate shard-$k: $(cat "$TMP/rerr")"
done
expect_status 0 "$M" "${R[@]}" --db "$TMP/copy" --format csv --out "$TMP/copy-csv"
diff -r "$TMP/one-csv" "$TMP/copy-csv" >"$TMP/diff" \
    || fail "report from the replicas differs: $(head -c 600 "$TMP/diff")"

mkdir -p "$TMP/remote"
: >"$TMP/remote/XAPIANDB"
for k in 0 1; do
    p=$(free_port)
    timeout 60 xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p" \
        "$TMP/src/shard-$k" >/dev/null 2>&1 &
    echo "remote 127.0.0.1:$p" >>"$TMP/remote/XAPIANDB"
done
for try in 1 2 3 4 5 6 7 8 9 10; do
    "$M" search --db "$TMP/remote" draft >"$TMP/remote-search" 2>&1 && break
    sleep 0.3
done
"$M" search --db "$TMP/remote" --offset 20 draft >>"$TMP/remote-search" 2>&1
"$M" search --db "$TMP/remote" list:secdispatch >>"$TMP/remote-search" 2>&1
diff "$TMP/one-search" "$TMP/remote-search" >"$TMP/diff" \
    || fail "search over xapian-tcpsrv differs: $(head -c 600 "$TMP/diff")"
expect_status 1 "$M" "${R[@]}" --db "$TMP/remote" --format csv --out "$TMP/remote-csv"
expect_grep "$TMP/err" "served by xapian-tcpsrv.*replicate the shards"
[ ! -e "$TMP/remote-csv" ] || fail "a report was written over remote shards"
# A report host's stub names remote shards (or copies): `index` there
# would make local shards nobody reads. Refused, nothing made.
expect_status 1 "$M" index --quiet --db "$TMP/remote" "${A[@]}"
expect_grep "$TMP/err" "its stub names 'remote 127.0.0.1:[0-9]+' as shard 0, not '$TMP/remote/shard-0'"
[ ! -e "$TMP/remote/shard-0" ] || fail "index made a shard beside remote ones"
# A replica killed in the middle of copying new mail: the report host
# still reads its last good copy, whole, though the killed replica had
# already written part of the new revision into its files (Xapian makes a
# revision of a replica visible only once its changeset or copy is
# complete), and the next run brings the copy up to date. The killed run
# reaches the server through tcp-proxy.py, which stalls the connection
# after HOLD bytes of the answer, far fewer than the changeset of the new
# mail, so the kill lands mid-copy every time. A server of its own, with
# its own timeout; the no-op replication shows it is up and the copy
# current.
kport=$(free_port)
timeout 120 xapian-replicate-server -I 127.0.0.1 -p "$kport" "$TMP/src" \
    >/dev/null 2>&1 &
ok=0
for try in 1 2 3 4 5 6 7 8 9 10; do
    if timeout 20 xapian-replicate -h 127.0.0.1 -p "$kport" -m shard-0 \
        -o "$TMP/copy/shard-0" >/dev/null 2>"$TMP/rerr"; then
        ok=1; break
    fi
    sleep 0.3
done
[ $ok -eq 1 ] || fail "xapian-replicate shard-0: $(cat "$TMP/rerr")"
stat_messages() {
    "$M" stats --db "$1" >"$TMP/stats" 2>&1 || fail "stats $1: $(cat "$TMP/stats")"
    sed -n 's/^messages: //p' "$TMP/stats"
}
[ "$(stat_messages "$TMP/copy")" = 61 ] || fail "the copy: $(cat "$TMP/stats")"
source "$SRCDIR/tests/cli/gen-archive.sh"
gen_archive "$TMP/more" 4 500
for k in 0 1; do
    XAPIAN_MAX_CHANGESETS=10 expect_status 0 "$M" index --quiet \
        --db "$TMP/src" --shard "$k/2" "$TMP/more"
done
want=$(stat_messages "$TMP/src")
[ "$want" -gt 61 ] || fail "the source: $(cat "$TMP/stats")"
files_sum() {
    (cd "$TMP/copy/shard-0" && find . -type f -exec md5sum {} + | sort)
}
before=$(files_sum)
HOLD=65536
python3 "$SRCDIR/tests/cli/tcp-proxy.py" "$TMP/kill.port" "$kport" \
    "$TMP/kill.log" --hold-after $HOLD --held-file "$TMP/held" \
    --lifetime 60 &
for try in $(seq 200); do
    [ -s "$TMP/kill.port" ] && break
    sleep 0.1
done
# Not under timeout: the kill must reach xapian-replicate itself (killing
# timeout would leave it running); the proxy's lifetime ends it anyway.
xapian-replicate -h 127.0.0.1 -p "$(cat "$TMP/kill.port")" -m shard-0 -o \
    "$TMP/copy/shard-0" >/dev/null 2>&1 &
victim=$!
# Mid-copy: the proxy has held back part of the answer, and the replica
# has written some of what it got.
for try in $(seq 200); do
    [ -e "$TMP/held" ] && [ "$(files_sum)" != "$before" ] && break
    sleep 0.1
done
grep -qx "held after $HOLD, [1-9][0-9]* held back" "$TMP/held" 2>/dev/null \
    || fail "the proxy did not hold the copy: $(cat "$TMP/held" "$TMP/kill.log" 2>&1)"
[ "$(files_sum)" != "$before" ] || fail "the replica wrote nothing before the kill"
kill -9 "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
[ $? = 137 ] || fail "xapian-replicate ended before the kill"
# The server's whole answer was many times what the replica got.
for try in $(seq 200); do
    grep -q -- '-- held back' "$TMP/kill.log" && break
    sleep 0.1
done
held=$(sed -n 's/.* -- held back \([0-9]*\) bytes of [0-9]* --$/\1/p' "$TMP/kill.log")
[ "${held:-0}" -gt $((10 * HOLD)) ] || fail "held back: $(cat "$TMP/kill.log")"
got=$(stat_messages "$TMP/copy")
[ "$got" = 61 ] || fail "after the kill the copy holds $got messages, not 61"
expect_status 0 "$M" "${R[@]}" --db "$TMP/copy" --format csv --out "$TMP/after-kill"
diff -r "$TMP/copy-csv" "$TMP/after-kill" >"$TMP/diff" \
    || fail "the last good copy reports differently: $(head -c 600 "$TMP/diff")"
# The next run, straight to the server, completes the copy (and brings
# shard-1, left alone so far, up to date too). -r 0: the new mail came in
# more than one commit on some shard, and without it xapian-replicate
# waits 30 s for readers between changesets.
for k in 0 1; do
    expect_status 0 timeout 20 xapian-replicate -h 127.0.0.1 -p "$kport" \
        -r 0 -m "shard-$k" -o "$TMP/copy/shard-$k"
done
got=$(stat_messages "$TMP/copy")
[ "$got" = "$want" ] || fail "after the next run the copy holds $got messages, not $want"
expect_status 0 "$M" "${R[@]}" --db "$TMP/copy" --format csv --out "$TMP/copy-new"
expect_status 0 "$M" "${R[@]}" --db "$TMP/src" --format csv --out "$TMP/src-new"
diff -r "$TMP/src-new" "$TMP/copy-new" >"$TMP/diff" \
    || fail "the updated copy reports differently: $(head -c 600 "$TMP/diff")"
kill $(jobs -p) 2>/dev/null

finish
