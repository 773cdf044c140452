#!/usr/bin/env bash
# `mlgauge check` on samples/: findings checked by a person against
# samples/README.md (tls-knob: draft link, outcome and time given, chairs
# CC'd, only Maria replied, no chair; key-rotation: bare draft name, no
# CC, no replies), exit statuses, the ASCII fallback, and JSON.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples
G=$SRCDIR/tests/data/cli

expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
C="$M check --db $TMP/db --config $S/mlgauge.conf --now 2024-04-01"

# Something missing: exit 1; the golden text was read against the README.
expect_status 1 $C draft-doe-dispatch-tls-knob-00.txt
diff -u "$G/check-tls-knob.expected" "$TMP/out" || fail "tls-knob check differs"
LC_ALL=C expect_status 1 $C draft-lee-secdispatch-key-rotation
diff -u "$G/check-key-rotation-ascii.expected" "$TMP/out" \
    || fail "key-rotation check (ASCII) differs"
grep -q $'\xe2' "$TMP/out" && fail "non-ASCII mark in the C locale"

# Nothing missing: the widget request is complete (6/6 of DISPATCH's 2026
# rules, which samples/mlgauge.conf chooses for the dispatch list: the
# chairs CC'd, the draft, the side meeting's slides, who would present;
# 8 supporters, implementations), chairs answered, 10 independent voices,
# -01 in the window: exit 0.
expect_status 0 $C widget-protocol
expect_line "$TMP/out" "Checklist of the DISPATCH 2026 agenda-request rules (6/6 given):"
expect_line "$TMP/out" "✓ chairs/ADs answered: Kirsten Halvorsen (2024-02-01)"
expect_line "$TMP/out" "  Nothing is missing: the chairs have what they need."

# The colours idea: Bob's question (11 Jan) got a reply from Alice, never
# from Quentin, so it is unanswered.
expect_status 1 $C "Thoughts on a registry for widget colours"
expect_grep "$TMP/out" '^✗ 1 question to the proponents without an answer:$'
expect_grep "$TMP/out" '^    2024-01-11 Bob Builder \(independent\): "Is a registry enough'
expect_line "$TMP/out" "– no draft, so no revision to look for (the checklist's draft item)"

# JSON: parsed back, with the same findings.
expect_status 1 $C --format json draft-doe-dispatch-tls-knob
python3 - "$TMP/out" <<'PY' || fail "check JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["proposal"] == "draft-doe-dispatch-tls-knob", d["proposal"]
assert d["rank"] == 4
assert d["checklist_profile"] == "dispatch-2026", d["checklist_profile"]
assert d["requested"] == "2024-01-29T15:00:00Z", d["requested"]
given = [c["item"] for c in d["checklist"] if c["given"]]
assert given == ["chairs-and-list", "draft"], given
priority = [c["item"] for c in d["checklist"] if c["priority"]]
assert priority == ["outside-interest", "interoperability"], priority
assert d["chairs_cc"] == ["dispatch-chairs@ietf.org"], d["chairs_cc"]
assert d["repliers"] == 1 and d["first_reply"]["from"] == "Maria Rossi"
assert d["first_reply"]["hours_after_opening"] == 17.3, d["first_reply"]
assert d["chairs_replied"] == []
assert d["unanswered_questions"] == []
assert d["missing"] == ["checklist", "chair_reply"], d["missing"]
assert len(d["next_steps"]) == 3, d["next_steps"]
PY

# The same request held to the SECDISPATCH guidance (a config whose
# [checklist] says so for every list): its eight items, three given; only
# the checklist differs.
sed 's/^dispatch = dispatch-2026$/* = secdispatch/' "$S/mlgauge.conf" \
    >"$TMP/secdispatch.conf"
cp "$S/roster.csv" "$TMP/"
expect_status 1 "$M" check --db "$TMP/db" --config "$TMP/secdispatch.conf" \
    --now 2024-04-01 --format json draft-doe-dispatch-tls-knob
python3 - "$TMP/out" <<'PY' || fail "check JSON, secdispatch profile"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["checklist_profile"] == "secdispatch", d["checklist_profile"]
assert len(d["checklist"]) == 8
given = [c["item"] for c in d["checklist"] if c["given"]]
assert given == ["draft", "next-step", "time"], given
assert not any(c["priority"] for c in d["checklist"])
assert d["chairs_cc"] == ["dispatch-chairs@ietf.org"], d["chairs_cc"]
PY

# A profile that does not exist is a config error naming the profiles.
printf '[checklist]\ndispatch = dispatch-2025\n' >"$TMP/bad.conf"
expect_status 1 "$M" check --db "$TMP/db" --config "$TMP/bad.conf" \
    --now 2024-04-01 draft-doe-dispatch-tls-knob
expect_grep "$TMP/err" "\\[checklist\\] dispatch: unknown profile 'dispatch-2025'; the profiles are secdispatch and dispatch-2026"
expect_status 0 $C --format json widget-protocol
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["missing"]==[], d' \
    <"$TMP/out" || fail "widget JSON"

# The first reply came 21,599 s (5.99972 h) after the opening: check's
# JSON rounds the hours as the report does (6.0 in both; check truncated
# them to 5.9), and names the sender as the report does.
mkdir -p "$TMP/round"
cat >"$TMP/round/round.mbox" <<'MBOX'
From alice@example.org Mon Jan  8 10:00:00 2024
From: Alice Author <alice@example.org>
To: dispatch@ietf.org
Subject: A frobnication knob
Date: Mon, 08 Jan 2024 10:00:00 +0000
Message-ID: <round-1@example.org>

Please have a look at a frobnication knob.

From bob@example.net Mon Jan  8 15:59:59 2024
From: Bob Reader <bob@example.net>
To: dispatch@ietf.org
Subject: Re: A frobnication knob
Date: Mon, 08 Jan 2024 15:59:59 +0000
Message-ID: <round-2@example.net>
In-Reply-To: <round-1@example.org>
References: <round-1@example.org>

Looks useful.

MBOX
expect_status 0 "$M" index --quiet --db "$TMP/rounddb" --list dispatch \
    "$TMP/round"
R="--db $TMP/rounddb --now 2024-04-01"
expect_status 1 "$M" check $R --format json "A frobnication knob"
cp "$TMP/out" "$TMP/round-check.json"
expect_status 0 "$M" report $R --format json --out -
python3 - "$TMP/round-check.json" "$TMP/out" <<'PY' || fail "check hours"
import json, sys
c = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
p = [p for p in r["proposals"] if p["proposal"] == c["proposal"]][0]
assert p["first_reply_hours"] == 6.0, p["first_reply_hours"]
assert c["first_reply"]["hours_after_opening"] == 6.0, c["first_reply"]
assert c["first_reply"]["from"] == "Bob Reader", c["first_reply"]
PY

# Unknown proposal: exit 1 with near names; usage errors: exit 2.
expect_status 1 $C widget
expect_grep "$TMP/err" "no proposal or draft 'widget'; did you mean:"
expect_grep "$TMP/err" "^  widget-protocol  draft-smith-dispatch-widget-protocol$"
expect_status 2 $C
expect_status 2 $C a b
expect_status 2 $C --format xml widget-protocol
expect_status 2 $C --color=sometimes widget-protocol
expect_status 2 $C --since nonsense widget-protocol

finish
