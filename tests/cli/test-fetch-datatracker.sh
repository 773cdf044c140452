#!/usr/bin/env bash
# `mlgauge fetch --datatracker` against a Datatracker-shaped server started
# here (tests/cli/datatracker-server.py on loopback; it stops with the test
# and by itself after a minute): the drafts stored mail mentions are asked
# about one at a time in name order, a 429 with Retry-After: 0 is asked
# again, a role list is followed across its pages, a draft the server does
# not know is counted, a truncated document is refused (exit 1) and the
# mail already indexed is untouched; a missing database, a non-HTTP base
# URL and a server that is down are refused with their own messages.
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null; then
    echo "skip: python3 is not installed (bash .ci/setup installs it)"
    exit 77
fi
M=$MLGAUGE
DB=$TMP/db
SERVER_PID=""
stop_all() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap stop_all EXIT

cat >"$TMP/a.mbox" <<'MBOX'
From a@example.com Mon Mar  4 10:00:00 2024
From: Ann Smith <ann@example.com>
Subject: [Dispatch] a widget protocol
Message-ID: <dt-1@example.com>
Date: Mon, 4 Mar 2024 10:00:00 +0000
List-Id: <dispatch.ietf.org>

See draft-smith-dispatch-x-01, draft-ietf-wg-x-00, draft-evil-truncated-00
and draft-nobody-unknown-y-00.

MBOX
expect_status 0 "$M" index --quiet --db "$DB" "$TMP/a.mbox"
"$M" stats --db "$DB" >"$TMP/stats-before"

# Usage and missing-database errors come before any request.
expect_status 2 "$M" fetch --db "$DB" --datatracker --datatracker-url ftp://x
expect_grep "$TMP/err" "must start with http:// or https://"
expect_status 1 "$M" fetch --db "$TMP/typo" --datatracker \
    --datatracker-url http://127.0.0.1:1
expect_grep "$TMP/err" "no database at '$TMP/typo'"
[ -e "$TMP/typo" ] && fail "a refresh made a database at a mistyped --db"

# Nothing listens on port 1: the refresh fails and stores nothing.
expect_status 1 "$M" fetch --db "$DB" --datatracker --quiet \
    --datatracker-url http://127.0.0.1:1
expect_grep "$TMP/err" "nothing of this refresh was stored"

python3 "$SRCDIR/tests/cli/datatracker-server.py" "$TMP/port" \
    "$SRCDIR/tests/data/datatracker/cli" "$TMP/log" --lifetime 60 \
    --busy /doc/draft-ietf-wg-x/doc.json=0 &
SERVER_PID=$!
for _ in $(seq 300); do
    [ -s "$TMP/port" ] && break
    sleep 0.1
done
BASE=http://127.0.0.1:$(cat "$TMP/port")

MLGAUGE_DATATRACKER_URL=$BASE \
    expect_status 1 "$M" fetch --db "$DB" --datatracker
expect_grep "$TMP/err" "refused $BASE/doc/draft-evil-truncated/doc.json"
expect_grep "$TMP/err" "2 drafts learnt, 1 unknown to it, chairs of 2 groups; 1 requests asked again after HTTP 429"
cat >"$TMP/log-expected" <<'LOG'
/doc/draft-evil-truncated/doc.json 200
/doc/draft-ietf-wg-x/doc.json 429
/doc/draft-ietf-wg-x/doc.json 200
/doc/draft-nobody-unknown-y/doc.json 404
/doc/draft-smith-dispatch-x/doc.json 200
/api/v1/group/role/?group__acronym=dispatch&name=chair 200
/api/v1/group/role/?group__acronym=wg&name=chair 200
/api/v1/group/role/?group__acronym=wg&name=chair&limit=1&offset=1 200
LOG
diff -u "$TMP/log-expected" "$TMP/log" >&2 \
    || fail "the Datatracker was not asked as expected"

# The mail is untouched; only the Datatracker's lines changed.
"$M" stats --db "$DB" >"$TMP/stats-after"
diff -u <(grep -v '^datatracker-' "$TMP/stats-before") \
    <(grep -v '^datatracker-' "$TMP/stats-after") >&2 \
    || fail "a refresh changed the indexed mail"
expect_grep "$TMP/stats-before" "^datatracker-refreshed: never"
expect_grep "$TMP/stats-after" "^datatracker-refreshed: 20[0-9-]*T[0-9:]*Z$"
expect_grep "$TMP/stats-after" "^datatracker-drafts: 2$"
expect_grep "$TMP/stats-after" "^datatracker-groups: 2$"

# The report reads it back offline: the list's group's chair is a chair
# without a roster, and the JSON says when the data was refreshed.
expect_status 0 "$M" report --db "$DB" --now 2024-04-01 --format json \
    --out "$TMP/rep"
grep -q '"datatracker_refreshed" *: *"20' "$TMP/rep/report.json" \
    || fail "report.json does not say when the Datatracker was asked"

# A snapshot directory that is not there is an error, and no refresh is
# stored (a typo must not read as a Datatracker that knows nothing).
expect_status 0 "$M" stats --db "$DB"
grep '^datatracker' "$TMP/out" >"$TMP/dt-before"
expect_status 1 "$M" fetch --db "$DB" --datatracker \
    --datatracker-url "file://$TMP/no-such-snapshot"
expect_grep "$TMP/err" "no-such-snapshot: no snapshot directory there \(nothing of this refresh was stored\)"
expect_status 0 "$M" stats --db "$DB"
grep '^datatracker' "$TMP/out" | diff "$TMP/dt-before" - \
    || fail "a missing snapshot changed what is stored"

# A snapshot directory (file://) is read with the same parsers, and no
# name reaches a path that is not its own.
SNAP=$TMP/snapshot
mkdir -p "$SNAP/doc/draft-smith-dispatch-x" "$SNAP/group/dispatch"
cp "$SRCDIR/tests/data/datatracker/cli/doc/draft-smith-dispatch-x/doc.json" \
    "$SNAP/doc/draft-smith-dispatch-x/"
cp "$SRCDIR/tests/data/datatracker/cli/roles/dispatch-0.json" \
    "$SNAP/group/dispatch/chairs.json"
expect_status 0 "$M" index --quiet --db "$TMP/db2" "$TMP/a.mbox"
expect_status 0 "$M" fetch --db "$TMP/db2" --datatracker \
    --datatracker-url "file://$SNAP"
expect_grep "$TMP/err" "1 drafts learnt, 3 unknown to it, chairs of 1 groups"
"$M" stats --db "$TMP/db2" >"$TMP/stats-snap"
expect_grep "$TMP/stats-snap" "^datatracker-drafts: 1$"
expect_grep "$TMP/stats-snap" "^datatracker-groups: 1$"
# A role page that points to a next page is refused in a snapshot.
cp "$SRCDIR/tests/data/datatracker/cli/roles/wg-0.json" \
    "$SNAP/group/dispatch/chairs.json"
expect_status 1 "$M" fetch --db "$TMP/db2" --datatracker \
    --datatracker-url "file://$SNAP"
expect_grep "$TMP/err" "meta.*next.*must be null"

# The samples with their snapshot (samples/datatracker/, checked by hand
# against samples/README.md), without a config or roster: the renamed
# cross-thing draft is one proposal under its latest name, its co-author
# Hiroshi is a proponent, its revisions are the snapshot's four (dates in
# the window), and the secdispatch chair who replied is a chair.
expect_status 0 "$M" index --quiet --db "$TMP/sdb" "$SRCDIR/samples"
expect_status 0 "$M" fetch --quiet --db "$TMP/sdb" --datatracker \
    --datatracker-url "file://$SRCDIR/samples/datatracker"
expect_status 0 "$M" report --db "$TMP/sdb" --now 2024-04-01 \
    --format json --out "$TMP/srep"
python3 - "$TMP/srep/report.json" <<'PY' || fail "samples with the Datatracker"
import json, sys
d = json.load(open(sys.argv[1]))
names = [p["proposal"] for p in d["proposals"]]
assert "draft-ietf-dispatch-cross-thing" in names, names
assert "draft-nguyen-dispatch-cross-thing" not in names, names
p = d["proposals"][names.index("draft-ietf-dispatch-cross-thing")]
assert p["thread_count"] == 1 and p["messages"] == 9, p
assert p["revisions_source"] == "datatracker", p
assert p["revisions_in_window"] == 4 and p["latest_revision"] == 0, p
assert p["chairs_replied"] == 1, p
who = json.dumps(p["proponents"])
assert "Hiroshi Tanaka" in who and "Linh Nguyen" in who, who
assert p["independent_people"] == 3, p
assert d["datatracker_refreshed"].endswith("Z"), d["datatracker_refreshed"]
PY
# (check exits 1: the request still lacks checklist items.)
expect_status 1 "$M" check --db "$TMP/sdb" --now 2024-04-01 --color never \
    draft-nguyen-dispatch-cross-thing
expect_grep "$TMP/out" "chairs/ADs answered: Megan O'Rourke"
expect_grep "$TMP/out" "4 revisions of draft-ietf-dispatch-cross-thing in the window \(latest -00; publication dates from the Datatracker\)"


# Mail under the new name (tests/data/datatracker/cli/adopted/: Linh posts
# draft-ietf-dispatch-cross-thing-00 after adoption, Omar answers): without
# the Datatracker the two names are two proposals; with the snapshot's
# replaces chain they are one, of both threads, under the latest name.
A=("$SRCDIR/samples" "$SRCDIR/tests/data/datatracker/cli/adopted")
expect_status 0 "$M" index --quiet --db "$TMP/adb" "${A[@]}"
expect_status 0 "$M" report --db "$TMP/adb" --now 2024-04-01 --format csv \
    --out "$TMP/split"
expect_grep "$TMP/split/proposals.csv" '^"[0-9]","draft-nguyen-dispatch-cross-thing",.*,"1","9",'
expect_grep "$TMP/split/proposals.csv" '^"[0-9]","draft-ietf-dispatch-cross-thing",.*,"1","2",'
expect_status 0 "$M" fetch --quiet --db "$TMP/adb" --datatracker \
    --datatracker-url "file://$SRCDIR/samples/datatracker"
expect_status 0 "$M" report --db "$TMP/adb" --now 2024-04-01 --format csv \
    --out "$TMP/joined"
expect_grep "$TMP/joined/proposals.csv" '^"2","draft-ietf-dispatch-cross-thing","draft","draft-ietf-dispatch-cross-thing","00","dispatch.ietf.org;secdispatch.ietf.org","2","11",'
grep -q 'draft-nguyen-dispatch-cross-thing' "$TMP/joined/proposals.csv" \
    && fail "the individual draft is still a proposal of its own"
[ "$(($(wc -l <"$TMP/split/proposals.csv") - 1))" = 6 ] || fail "not 6 proposals apart"
[ "$(($(wc -l <"$TMP/joined/proposals.csv") - 1))" = 5 ] || fail "not 5 proposals joined"

finish
