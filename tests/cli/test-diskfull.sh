#!/usr/bin/env bash
# Disk full and read-only: `index` fails with a clear message naming the
# database, exits 1, and the previous commit stays readable. As root, on a
# small tmpfs (full) and a read-only remount; as another user, on a
# directory without write permission (root ignores permissions). Exits 77
# when neither can be set up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gen-archive.sh"
M=$MLGAUGE
S=$SRCDIR/samples
MNT=$TMP/mnt
mounted=0
trap '[ "$mounted" -eq 0 ] || umount "$MNT"; chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# check_previous DB: DB still holds the samples' commit, and whole commits
# (1,000 messages each) of the failed run at most, for every reader.
check_previous() {
    expect_status 0 "$M" stats --db "$1"
    expect_grep "$TMP/out" "^messages: ([0-9]*0)?61$"
    expect_status 0 "$M" report --db "$1" --now 2024-04-01 --format csv \
        --out "$TMP/report"
    [ "$(wc -l <"$TMP/report/proposals.csv")" -gt 3 ] \
        || fail "report after the failure has too few rows"
}

ran=0
if [ "$(id -u)" -eq 0 ] && mkdir -p "$MNT" \
    && mount -t tmpfs -o size=3m mlgauge-test "$MNT" 2>/dev/null; then
    mounted=1
    ran=1
    gen_archive "$TMP/archive" 8 1000

    # Disk full: the samples fit in 3 MB, 8,000 more messages do not.
    expect_status 0 "$M" index --quiet --db "$MNT/db" "$S"
    expect_status 1 "$M" index --quiet --db "$MNT/db" "$TMP/archive"
    expect_grep "$TMP/err" "^mlgauge: cannot (commit|write) to database '$MNT/db': .*No space left on device"
    check_previous "$MNT/db"
    # Two shards written by two threads, which fill the disk at about
    # the same time: the same message for the shard whose commit failed,
    # and every shard keeps its last commit.
    rm -rf "$MNT/db"
    expect_status 0 "$M" index --quiet --db "$MNT/sh" --shards 2 "$S"
    expect_status 1 "$M" index --quiet --db "$MNT/sh" "$TMP/archive"
    expect_grep "$TMP/err" "^mlgauge: cannot (commit|write) to database '$MNT/sh/shard-[01]': .*No space left on device"
    check_previous "$MNT/sh"
    rm -rf "$MNT/sh"

    # Once there is room again, the same command finishes the job.
    expect_status 0 "$M" index --quiet --db "$MNT/db" "$S"

    # Read-only: the writer cannot even take its lock; that is not
    # "locked by another mlgauge index".
    mount -o remount,ro "$MNT"
    expect_status 1 "$M" index --quiet --db "$MNT/db" "$TMP/archive/2024-01.mbox"
    expect_line "$TMP/err" "mlgauge: cannot write to database '$MNT/db': Read-only file system"
    check_previous "$MNT/db"
    expect_status 1 "$M" index --quiet --db "$MNT/new" "$S"
    expect_line "$TMP/err" "mlgauge: cannot create database directory '$MNT/new': Read-only file system"
elif [ "$(id -u)" -ne 0 ]; then
    ran=1
    expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
    gen_archive "$TMP/archive" 1 100
    chmod -R a-w "$TMP/db"
    expect_status 1 "$M" index --quiet --db "$TMP/db" "$TMP/archive"
    expect_grep "$TMP/err" "^mlgauge: cannot (write to|open) database '$TMP/db': .*(Permission denied|Read-only)"
    check_previous "$TMP/db"
fi
[ "$ran" -eq 1 ] || { echo "skip: cannot mount a tmpfs here"; exit 77; }

finish
