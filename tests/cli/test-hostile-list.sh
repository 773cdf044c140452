#!/usr/bin/env bash
# What someone who can post to an indexed list can do with ordinary mail,
# and what mlgauge must do about it (issue 16).
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
D=$SRCDIR/tests/data/hostile

# A reply whose References name a chain of absent ids ending in an id that
# another reply already placed under a different parent: the chain is a
# thread root without a message. It used to crash every command that
# analyses (SIGSEGV in the subject fallback).
expect_status 0 "$M" index --quiet --db "$TMP/ghost" "$D/ghost-chain.mbox"
for format in csv json html; do
    expect_status 0 "$M" report --db "$TMP/ghost" --now 2024-02-01 \
        --format "$format" --out "$TMP/ghost-$format"
done
expect_grep "$TMP/ghost-csv/proposals.csv" \
    '^"1","widget negotiation for http","discussion",.*,"1","2","2",'
expect_status 0 "$M" show --db "$TMP/ghost" --now 2024-02-01 \
    "widget negotiation for http"
expect_grep "$TMP/out" '^  messages +2 '
# check exits 1: items of the checklist are missing (not a crash, 139).
expect_status 1 "$M" check --db "$TMP/ghost" --now 2024-02-01 \
    "widget negotiation for http"
expect_grep "$TMP/out" 'checklist'
expect_status 0 "$M" search --db "$TMP/ghost" \
    'proposal:"widget negotiation for http"'
[ "$(grep -c '^[0-9]' "$TMP/out")" -eq 2 ] || fail "search: $(cat "$TMP/out")"

# One Message-ID on two lists, two different messages: a chair's reply on
# dispatch, then a forged copy of it (another sender, "I object", a
# phishing permalink) on a list whose name sorts first. The copy of that
# list used to replace the reply, and `check` said no chair had answered.
# The copy indexed first stays; the other message is kept apart, as
# ID#conflict-2, and counted.
A=$D/forged-copy-dispatch.mbox
B=$D/forged-copy-all-hands.mbox
ID=CAchairReply7kQ@mail.northwind.example
C="check --config $SRCDIR/samples/mlgauge.conf --now 2024-07-01"
expect_status 0 "$M" index --db "$TMP/forged" "$A"
expect_status 0 "$M" index --db "$TMP/forged" "$B"
expect_line "$TMP/err" "  conflicting-message-id: $ID#conflict-2 ($B, offset 0)"
expect_status 0 "$M" stats --db "$TMP/forged"
expect_line "$TMP/out" "messages: 3"
expect_line "$TMP/out" "conflicting-message-id: 1"
expect_status 0 "$M" show --db "$TMP/forged" --message "$ID"
expect_line "$TMP/out" "from: kirsten.halvorsen@northwind.example"
expect_line "$TMP/out" "lists: dispatch.ietf.org"
expect_line "$TMP/out" "permalink: https://mailarchive.ietf.org/arch/msg/dispatch/Kh7ChairReplyAbCdEfGhIjKlMn/"
grep -q '^stance: objection' "$TMP/out" && fail "the chair's reply objects: $(cat "$TMP/out")"
expect_status 0 "$M" show --db "$TMP/forged" --message "$ID#conflict-2"
expect_line "$TMP/out" "from: mallory@evil.example"
expect_line "$TMP/out" "problems: conflicting-message-id"
expect_status 1 "$M" $C --db "$TMP/forged" draft-smith-dispatch-gadget-wire
expect_line "$TMP/out" "✓ chairs/ADs answered: Kirsten Halvorsen (2024-06-04)"
# Read again (a renamed copy of the archive): a duplicate, nothing moves.
cp "$B" "$TMP/again.mbox"
expect_status 0 "$M" index --db "$TMP/forged" "$TMP/again.mbox"
expect_grep "$TMP/err" " 0 new, 0 seen on another list, 1 duplicates$"
expect_status 0 "$M" stats --db "$TMP/forged"
expect_line "$TMP/out" "messages: 3"
expect_line "$TMP/out" "conflicting-message-id: 1"

# The forged copy indexed first (its archive named first) takes the id;
# the chair's reply is then the one kept apart, and still counts.
expect_status 0 "$M" index --quiet --db "$TMP/forged-first" "$B" "$A"
expect_status 0 "$M" stats --db "$TMP/forged-first"
expect_line "$TMP/out" "conflicting-message-id: 1"
expect_status 0 "$M" show --db "$TMP/forged-first" --message "$ID#conflict-2"
expect_line "$TMP/out" "from: kirsten.halvorsen@northwind.example"
expect_status 1 "$M" $C --db "$TMP/forged-first" draft-smith-dispatch-gadget-wire
expect_line "$TMP/out" "✓ chairs/ADs answered: Kirsten Halvorsen (2024-06-04)"

finish
