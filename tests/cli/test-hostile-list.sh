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

finish
