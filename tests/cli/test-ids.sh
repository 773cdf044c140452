#!/usr/bin/env bash
# Proposal ids and names from every command (issue 18): `show`, `check`
# and `search proposal:` accept the id of the report (the HTML page's
# name), a name that holds '@' is a name and not a Message-ID, a name of
# two proposals lists both ids (exit 1), and a Message-ID still shows the
# message (show) or checks its proposal (check).
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples

# Two proposals named alike, a year apart (no repost: another round), and
# one whose name holds an address.
mkdir -p "$TMP/list"
cat >"$TMP/list/2024.mbox" <<'EOF'
From ann@a.example Mon Jan 15 10:00:00 2024
From: Ann Lee <ann@a.example>
To: dispatch@ietf.org
Subject: [Dispatch] Widget registry
Date: Mon, 15 Jan 2024 10:00:00 +0000
Message-ID: <w1@a.example>

A registry for widgets?

From bob@b.example Tue Jan 16 10:00:00 2024
From: Bob Ray <bob@b.example>
To: dispatch@ietf.org
Subject: Re: [Dispatch] Widget registry
Date: Tue, 16 Jan 2024 10:00:00 +0000
Message-ID: <w2@b.example>
In-Reply-To: <w1@a.example>
References: <w1@a.example>

Yes please.

From cy@c.example Mon Jan 13 10:00:00 2025
From: Cy Dee <cy@c.example>
To: dispatch@ietf.org
Subject: [Dispatch] Widget registry
Date: Mon, 13 Jan 2025 10:00:00 +0000
Message-ID: <w3@c.example>

Again a registry for widgets, a new proposal.

From dan@d.example Tue Jan 14 10:00:00 2025
From: Dan Oh <dan@d.example>
To: dispatch@ietf.org
Subject: [Dispatch] Moving the discussion to widgets@ietf.org
Date: Tue, 14 Jan 2025 10:00:00 +0000
Message-ID: <m1@d.example>

Let us move.

From eve@e.example Wed Jan 15 10:00:00 2025
From: Eve Ng <eve@e.example>
To: dispatch@ietf.org
Subject: Re: [Dispatch] Moving the discussion to widgets@ietf.org
Date: Wed, 15 Jan 2025 10:00:00 +0000
Message-ID: <m2@e.example>
In-Reply-To: <m1@d.example>
References: <m1@d.example>

Fine.

EOF
expect_status 0 "$M" index --quiet --db "$TMP/db" --list dispatch.ietf.org \
    "$TMP/list"
O="--db $TMP/db --now 2025-02-01"
expect_status 0 "$M" report $O --format csv --out "$TMP/csv"
ids=$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["proposal"] == "widget registry": print(r["id"])' \
    "$TMP/csv/proposals.csv")
[ "$(echo "$ids" | wc -l)" -eq 2 ] || fail "not two widget registries: $ids"
first=$(echo "$ids" | head -1)
second=$(echo "$ids" | tail -1)
[ "$first" != "$second" ] || fail "two proposals share the id $first"
case "$first" in
    p-widget-registry-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
    *) fail "id $first is not p-SLUG-HASH" ;;
esac

# The ambiguous name: every command lists both ids and exits 1.
for cmd in show check; do
    expect_status 1 "$M" $cmd $O "widget registry"
    expect_grep "$TMP/err" "'widget registry' names 2 proposals; give one of these ids:"
    expect_grep "$TMP/err" "^  $first  rank [0-9]+, score"
    expect_grep "$TMP/err" "^  $second  rank [0-9]+, score"
done
expect_status 1 "$M" search $O 'proposal:"widget registry"'
expect_grep "$TMP/err" "names 2 proposals"
expect_grep "$TMP/err" "^  $first  "

# An id (also as the page's file name) names one.
for arg in "$first" "$first.html"; do
    expect_status 0 "$M" show $O "$arg"
    expect_line "$TMP/out" "  id:          $first"
done
expect_status 0 "$M" search $O "proposal:$second"
[ "$(wc -l <"$TMP/out")" -ge 1 ] || fail "search proposal:ID found nothing"
expect_status 1 "$M" check $O "$second"
grep -q "nobody other than the proponents has replied" "$TMP/out" \
    || fail "check by id: $(head -c 300 "$TMP/out")"

# A name holding '@' is the proposal, not a Message-ID.
expect_status 0 "$M" show $O "moving the discussion to widgets@ietf.org"
expect_line "$TMP/out" "moving the discussion to widgets@ietf.org (discussion)"
# A Message-ID is still a message for show, and its proposal for check.
expect_status 0 "$M" show $O "<w2@b.example>"
expect_line "$TMP/out" "id: w2@b.example"
expect_status 1 "$M" check $O "w2@b.example"
expect_line "$TMP/out" "Opening mail: 2024-01-15, Ann Lee: [Dispatch] Widget registry"
expect_status 1 "$M" show $O "nobody@nowhere.example"
expect_grep "$TMP/err" "no proposal or draft 'nobody@nowhere.example', nor a message"

# The samples' HTML pages are named by the ids the CSV gives.
expect_status 0 "$M" index --quiet --db "$TMP/sdb" "$S"
R="$M report --db $TMP/sdb --config $S/mlgauge.conf --now 2024-04-01"
expect_status 0 $R --format csv --out "$TMP/scsv"
expect_status 0 $R --format html --out "$TMP/html"
python3 - "$TMP/scsv/proposals.csv" "$TMP/html" <<'PY' || fail "pages not named by id"
import csv, os, sys
for r in csv.DictReader(open(sys.argv[1])):
    assert os.path.exists(os.path.join(sys.argv[2], r["id"] + ".html")), r["id"]
PY

finish
