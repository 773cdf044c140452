#!/usr/bin/env bash
# Indexes every archive under ../shared/corpora (skips when absent): no
# crash, a documented exit status, and the message counts right where
# they are known independently (the corpora's PROVENANCE.md, and Python's
# mailbox module counting distinct Message-IDs; see the note in README).
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
C=${MLGAUGE_CORPORA:-$SRCDIR/../shared/corpora}
if [ ! -d "$C" ]; then
    echo "skip: no corpora at $C"
    exit 77
fi

for dir in "$C"/*/; do
    name=$(basename "$dir")
    "$M" index --quiet --db "$TMP/$name" "$dir" >"$TMP/out" 2>"$TMP/err"
    status=$?
    # 0: all read; 1: some source unreadable or truncated (listed on
    # stderr). Anything else (a crash is 128+signal) is a failure.
    if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
        fail "index $name exited $status: $(tail -c 600 "$TMP/err")"
        continue
    fi
    if [ "$status" -eq 1 ] && [ ! -s "$TMP/err" ]; then
        fail "index $name exited 1 without saying why"
    fi
    "$M" stats --db "$TMP/$name" >"$TMP/stats-$name" 2>"$TMP/err" \
        || fail "stats $name failed: $(cat "$TMP/err")"
done

expect_line "$TMP/stats-xdp-newbies" "messages: 1940"
expect_line "$TMP/stats-openbmc-2024" "messages: 1621"
expect_line "$TMP/stats-usrp-users-2021-01_04" "messages: 879"
# The .eml files and the mbox hold the same 4 messages.
expect_line "$TMP/stats-ietf-bpf-wg-sample" "messages: 4"
# Maildir: 9 files of the duplicate/ folder share 3 Message-IDs... every
# other notmuch message is distinct.
expect_grep "$TMP/stats-notmuch-corpora" "^messages: [0-9]+$"

# The issue's acceptance check: the DMARC-rewritten sender is undone and
# the IETF List-Id kept next to vger's.
"$M" show --db "$TMP/ietf-bpf-wg-sample" \
    --message 20230627213912.951-1-dthaler1968@googlemail.com >"$TMP/show" \
    || fail "show failed"
expect_line "$TMP/show" "from: dthaler1968@googlemail.com"
expect_grep "$TMP/show" "^lists: .*bpf\.ietf\.org"

# Re-indexing a whole list reads nothing.
"$M" index --db "$TMP/xdp-newbies" "$C/xdp-newbies" 2>"$TMP/err"
expect_grep "$TMP/err" "0 messages read from 7 sources \(7 unchanged\)"

finish
