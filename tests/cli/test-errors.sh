#!/usr/bin/env bash
# Bad input gets a clear message and a documented exit status, and what
# is indexed stays intact.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
D=$SRCDIR/tests/data/indexer

# Usage errors: 2.
expect_status 2 "$M"
expect_status 2 "$M" frobnicate
expect_grep "$TMP/err" "unknown command 'frobnicate'"
expect_status 2 "$M" index --db "$TMP/db"
expect_grep "$TMP/err" "give at least one archive PATH"
expect_status 2 "$M" index --no-such-option x
expect_status 0 "$M" --help
expect_grep "$TMP/out" "^  index"

# A missing file: 1, named in the message, what was indexed kept.
expect_status 0 "$M" index --quiet --db "$TMP/db" "$D/dispatch.mbox"
expect_status 1 "$M" index --db "$TMP/db" "$TMP/missing.mbox"
expect_line "$TMP/err" "mlgauge: cannot open '$TMP/missing.mbox': No such file or directory"
expect_status 0 "$M" stats --db "$TMP/db"
expect_line "$TMP/out" "messages: 2"

# Bad paths beside good ones (a cron job over a spool): everything
# readable is indexed and committed, every bad path is listed with its
# reason, exit 1. A FIFO and a symlink loop fail for root too; a file
# and a directory without permission only for other users.
mkdir -p "$TMP/spool/sub"
cp "$D/secdispatch.mbox" "$TMP/spool/a.mbox"
cp "$D/truncated.mbox" "$TMP/spool/sub/c.mbox"
mkfifo "$TMP/fifo.mbox"
ln -s "$TMP/loop" "$TMP/loop"
bad=("$TMP/missing.mbox" "$TMP/fifo.mbox" "$TMP/loop")
if [ "$(id -u)" -ne 0 ]; then
    cp "$D/dispatch.mbox" "$TMP/spool/locked.mbox"
    chmod 000 "$TMP/spool/locked.mbox"
    mkdir "$TMP/spool/locked" && chmod 000 "$TMP/spool/locked"
fi
expect_status 1 "$M" index --db "$TMP/db-spool" "${bad[@]}" "$TMP/spool"
expect_line "$TMP/err" "mlgauge: cannot open '$TMP/missing.mbox': No such file or directory"
expect_line "$TMP/err" "mlgauge: cannot read '$TMP/fifo.mbox': not a regular file or directory"
expect_line "$TMP/err" "mlgauge: cannot open '$TMP/loop': Too many levels of symbolic links"
expect_grep "$TMP/err" "c.mbox' ends inside a message"
if [ "$(id -u)" -ne 0 ]; then
    expect_line "$TMP/err" "mlgauge: cannot open '$TMP/spool/locked.mbox': Permission denied"
    expect_line "$TMP/err" "mlgauge: cannot open '$TMP/spool/locked': Permission denied"
    chmod 755 "$TMP/spool/locked" && chmod 644 "$TMP/spool/locked.mbox"
fi
expect_status 0 "$M" stats --db "$TMP/db-spool"
# secdispatch.mbox's 2 messages and the whole one of the truncated file.
expect_line "$TMP/out" "messages: 3"

# A file that is not mail: 1, named; an empty archive is simply empty.
# Neither touches what is indexed.
printf '\x89PNG\r\n\x1a\n\x00\x00binary junk\n' >"$TMP/junk.mbox"
expect_status 1 "$M" index --db "$TMP/db" "$TMP/junk.mbox"
expect_line "$TMP/err" "mlgauge: '$TMP/junk.mbox' holds no mail: it is not an mbox, a pipermail archive or a message"
: >"$TMP/empty.mbox"
expect_status 0 "$M" index --quiet --db "$TMP/db" "$TMP/empty.mbox"
expect_status 0 "$M" stats --db "$TMP/db"
expect_line "$TMP/out" "messages: 2"

# A truncated archive: 1, with a message naming it; whole messages kept.
expect_status 1 "$M" index --quiet --db "$TMP/db" "$D/truncated.mbox"
expect_grep "$TMP/err" "truncated.mbox' ends inside a message .cut short, or no final newline.: its last message may be incomplete"
expect_status 0 "$M" show --db "$TMP/db" --message trunc-1@e.example
expect_line "$TMP/out" "subject: whole"

# Reading a database that does not exist: 1 with a hint.
expect_status 1 "$M" stats --db "$TMP/nodb"
expect_grep "$TMP/err" "no database at '$TMP/nodb'"

# A directory that is not a mlgauge database: 1, and it is left alone.
mkdir -p "$TMP/notdb" && echo precious >"$TMP/notdb/file.txt"
expect_status 1 "$M" index --db "$TMP/notdb" "$D/dispatch.mbox"
expect_grep "$TMP/err" "is not a mlgauge database"
[ "$(cat "$TMP/notdb/file.txt")" = precious ] || fail "notdb was modified"
[ "$(ls "$TMP/notdb")" = file.txt ] || fail "files were added to notdb"

# Damaged databases (issue 16). A block of position.glass overwritten:
# `index` used to crash inside Xapian's commit (SIGSEGV); the tables are
# checked before the first write, and the database is refused, intact.
S=$SRCDIR/samples
expect_status 0 "$M" index --quiet --db "$TMP/dmg-pos" \
    "$S/dispatch/2024-01.mbox" "$S/dispatch/2024-02.mbox"
expect_status 0 "$M" stats --db "$TMP/dmg-pos"
grep '^messages:' "$TMP/out" >"$TMP/count-before"
size=$(stat -c %s "$TMP/dmg-pos/position.glass")
head -c 4096 /dev/zero | tr '\0' x \
    | dd of="$TMP/dmg-pos/position.glass" bs=1 seek=$((size / 4)) \
        conv=notrunc status=none
expect_status 1 "$M" index --quiet --db "$TMP/dmg-pos" "$S/secdispatch/2024-02.mbox"
expect_grep "$TMP/err" "^mlgauge: database '$TMP/dmg-pos' is damaged: position.glass: .*; check it with xapian-check .*, or index the archives again into a new --db directory$"
expect_status 0 "$M" stats --db "$TMP/dmg-pos"
grep '^messages:' "$TMP/out" | cmp -s - "$TMP/count-before" \
    || fail "damaged database changed: $(grep '^messages:' "$TMP/out")"
# The format mark in postlist.glass damaged: once "not a mlgauge
# database", which sent the user looking for another directory.
expect_status 0 "$M" index --quiet --db "$TMP/dmg-mark" "$S/dispatch/2024-01.mbox"
for at in $(grep -boa 'mlgauge-format' "$TMP/dmg-mark/postlist.glass" | cut -d: -f1); do
    printf X | dd of="$TMP/dmg-mark/postlist.glass" bs=1 seek=$((at + 13)) \
        conv=notrunc status=none
done
expect_status 1 "$M" stats --db "$TMP/dmg-mark"
expect_grep "$TMP/err" "^mlgauge: database '$TMP/dmg-mark' is damaged: .*index the archives again into a new --db directory$"
expect_status 1 "$M" index --quiet --db "$TMP/dmg-mark" "$S/dispatch/2024-02.mbox"
expect_grep "$TMP/err" "^mlgauge: database '$TMP/dmg-mark' is damaged: "
# Cut short (a partial copy): damaged too, not "cannot open".
expect_status 0 "$M" index --quiet --db "$TMP/dmg-cut" "$S/dispatch/2024-01.mbox"
truncate -s 16384 "$TMP/dmg-cut/postlist.glass"
expect_status 1 "$M" stats --db "$TMP/dmg-cut"
expect_grep "$TMP/err" "^mlgauge: database '$TMP/dmg-cut' is damaged: "

# An unknown message: 1.
expect_status 1 "$M" show --db "$TMP/db" --message nope@nowhere
expect_grep "$TMP/err" "nope@nowhere"

# Brackets around an id are accepted.
expect_status 0 "$M" show --db "$TMP/db" --message "<frob-2@b.example>"
expect_line "$TMP/out" "from: bob@b.example"
expect_line "$TMP/out" "stance: support"

finish
