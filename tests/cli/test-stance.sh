#!/usr/bin/env bash
# Stances as a chair reads them (issue 17): on real-shaped mail
# (tests/data/stance/aimed.mbox, written for this test: an opening, a
# supporter, an objector, a "+1" to the objector, a question, a "+1" to a
# side point of the question, the proponent's own "+1" and an offer to
# review), each stance is aimed at the proposal through the reply tree;
# `show --message` says why; the config's [stance] phrases are used when
# indexing, recorded, listed by `stats`, and a report with other phrases
# warns.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
D=$SRCDIR/tests/data/stance
NOW="--now 2024-02-01"

expect_status 0 "$M" index --quiet --db "$TMP/db" "$D/aimed.mbox"
expect_status 0 "$M" report --db "$TMP/db" $NOW --format csv --out "$TMP/rep"
# supporters 2 (Sue, Will), objectors 2 (Olga, Ann who agreed with her).
python3 - "$TMP/rep/proposals.csv" <<'PY' || fail "supporters/objectors"
import csv, sys
row = next(r for r in csv.DictReader(open(sys.argv[1])))
assert (row['supporters'], row['objectors']) == ('2', '2'), row
PY
python3 - "$TMP/rep/people.csv" <<'PY' || fail "people.csv stances"
import csv, sys
rows = {r['person']: r for r in csv.DictReader(open(sys.argv[1]))}
want = {'Sue Supporter': ('1', '0'), 'Will Helper': ('1', '0'),
        'Olga Objector': ('0', '1'), 'Ann Agrees': ('0', '1'),
        'Sid Side': ('0', '0'), 'Qing Asks': ('0', '0'),
        'Pat Proposer': ('0', '0')}
for name, (sup, obj) in want.items():
    got = (rows[name]['supports'], rows[name]['objections'])
    assert got == (sup, obj), (name, got)
PY

# Why, for one message at a time.
stance_of() {
    expect_status 0 "$M" show --db "$TMP/db" $NOW "$1@stance.example"
    grep -E '^(stance|stance-cue|stance-on-proposal|stance-reason):' \
        "$TMP/out" | cut -d' ' -f2- | paste -sd'|'
}
[ "$(stance_of withobj)" = "support|answer|objection|agrees with an objector" ] \
    || fail "withobj: $(stance_of withobj)"
[ "$(stance_of sidepoint)" = "support|answer|none|answers a side point" ] \
    || fail "sidepoint: $(stance_of sidepoint)"
[ "$(stance_of own)" = "support|answer|none|a proponent's own words" ] \
    || fail "own: $(stance_of own)"
[ "$(stance_of offer)" = "support|proposal|support|says so of the proposal" ] \
    || fail "offer: $(stance_of offer)"
expect_status 0 "$M" show --db "$TMP/db" $NOW withobj@stance.example
expect_line "$TMP/out" "stance-answers: obj@stance.example"
expect_status 0 "$M" stats --db "$TMP/db"
expect_line "$TMP/out" "stance-rules: current"

# Phrases of the config: "ship it" supports only with them.
cat >"$TMP/ship.conf" <<'CONF'
[stance]
support = ship it
objection = over my dead body
CONF
cat >"$TMP/ship.mbox" <<'MBOX'
From x@x Mon Jan  8 09:00:00 2024
From: Pat Proposer <pat@proposer.example>
Subject: Ship the widget thing
Date: Mon, 08 Jan 2024 09:00:00 +0000
Message-ID: <s0@ship.example>

Shall we?

From x@x Mon Jan  8 09:00:00 2024
From: Rita Reviewer <rita@r.example>
Subject: Re: Ship the widget thing
Date: Mon, 08 Jan 2024 10:00:00 +0000
Message-ID: <s1@ship.example>
In-Reply-To: <s0@ship.example>

Ship it!
MBOX
expect_status 0 "$M" index --quiet --db "$TMP/plain" "$TMP/ship.mbox"
expect_status 0 "$M" show --db "$TMP/plain" s1@ship.example
expect_line "$TMP/out" "stance: none"
expect_status 0 "$M" index --quiet --db "$TMP/ship" --config "$TMP/ship.conf" \
    "$TMP/ship.mbox"
expect_status 0 "$M" show --db "$TMP/ship" s1@ship.example
expect_line "$TMP/out" "stance: support"
expect_line "$TMP/out" "stance-on-proposal: support"
expect_status 0 "$M" stats --db "$TMP/ship"
expect_line "$TMP/out" "stance-rules: current"
expect_line "$TMP/out" "stance-phrase support: ship it"
expect_line "$TMP/out" "stance-phrase objection: over my dead body"
# The same config: no warning. Another (or none): a warning, exit 0.
expect_status 0 "$M" report --db "$TMP/ship" --config "$TMP/ship.conf" \
    --format csv --out -
[ -s "$TMP/err" ] && fail "warned with the same phrases: $(cat "$TMP/err")"
printf '[weights]\nthreads = 1\n' >"$TMP/other.conf"
expect_status 0 "$M" report --db "$TMP/ship" --config "$TMP/other.conf" \
    --format csv --out -
expect_grep "$TMP/err" "was indexed with other \[stance\] phrases than"
# Indexing more mail with other phrases mixes the rules.
sed 's/s1@ship/s2@ship/; s/s0@ship.example>$/s0@ship.example>/' \
    "$TMP/ship.mbox" | sed 's/<s0@ship.example>/<s9@ship.example>/' \
    >"$TMP/more.mbox"
expect_status 0 "$M" index --quiet --db "$TMP/ship" "$TMP/more.mbox"
expect_status 0 "$M" stats --db "$TMP/ship"
expect_line "$TMP/out" "stance-rules: mixed"
expect_status 0 "$M" report --db "$TMP/ship" --format csv --out -
expect_grep "$TMP/err" "were indexed with different \[stance\] phrases"
# A config that cannot be read changes nothing.
expect_status 1 "$M" index --quiet --db "$TMP/new" --config "$TMP/nope.conf" \
    "$TMP/ship.mbox"
expect_grep "$TMP/err" "nope.conf"
[ -e "$TMP/new" ] && fail "a database was made with a bad config"

finish
