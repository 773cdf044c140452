#!/usr/bin/env bash
# Issue 18's targets on a real list where people propose topics:
# ../shared/corpora/ksummit-discuss-2019-2022 (skipped when absent), with
# `report --all`:
# - the top 20 are the twenty a reader judges the strongest
#   (tests/data/ksummit/top20.txt, with the reasoning), ten by ten;
# - no administrivia or spam in the top 30;
# - no repost, new version or fork of a proposal ranked apart from it in
#   the top 50 (two proposals of one name are a year apart);
# - every proponent shown is the author of an opening of the proposal, or
#   "unknown (opening not archived)" when the opening is lost.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
C=${MLGAUGE_CORPORA:-$SRCDIR/../shared/corpora}/ksummit-discuss-2019-2022
if [ ! -d "$C" ]; then
    echo "skip: no corpus at $C"
    exit 77
fi
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }

expect_status 0 "$M" index --quiet --db "$TMP/db" "$C"
expect_status 0 "$M" report --db "$TMP/db" --all --now 2023-01-01 \
    --format csv --out "$TMP/csv"

python3 - "$TMP/csv" "$SRCDIR/tests/data/ksummit/top20.txt" <<'PY' || fail "targets"
import csv, sys
from datetime import date

rows = list(csv.DictReader(open(sys.argv[1] + "/proposals.csv")))
threads = list(csv.DictReader(open(sys.argv[1] + "/threads.csv")))
golden = [l.rstrip("\n").split("|", 2) for l in open(sys.argv[2])
          if l.strip() and not l.startswith("#")]
errors = []
def key(r):
    return (r["first"][:10], r["proposal"])

# The top 20, tier by tier.
for tier, n in (("1", 10), ("2", 20)):
    want = {(d, name) for t, d, name in golden if t <= tier}
    got = {key(r) for r in rows[:n]}
    for miss in sorted(want - got):
        errors.append(f"top {n}: missing {miss}")
    for extra in sorted(got - want):
        errors.append(f"top {n}: unexpected {extra}")

# No administrivia or spam in the top 30; admin exists (below).
for r in rows[:30]:
    if r["kind"] not in ("draft", "discussion"):
        errors.append(f"top 30: {r['kind']} {key(r)}")
if not any(r["kind"] == "admin" for r in rows):
    errors.append("no administrivia at all")
for name in ("topics for the maintainer's summit",
             "maintainer's / kernel summit 2022 cfp",
             "linux foundation technical advisory board elections -- change to charter",
             "ksummit-discuss is now on lore.kernel.org"):
    kinds = [r["kind"] for r in rows if r["proposal"] == name]
    if kinds != ["admin"]:
        errors.append(f"{name}: {kinds}")

# Nothing split in the top 50: one name twice only a year apart, and the
# reposted and re-versioned proposals are one each.
top = rows[:50]
for i, a in enumerate(top):
    for b in top[i + 1:]:
        if a["proposal"] == b["proposal"]:
            gap = abs((date.fromisoformat(a["first"][:10])
                       - date.fromisoformat(b["first"][:10])).days)
            if gap < 300:
                errors.append(f"split: {key(a)} and {key(b)}")
for name, n in (("codingstyle: inclusive terminology", "3"),
                ("regression tracking & fixing: current state, problems, "
                 "and next steps", "2")):
    got = [r["threads"] for r in rows if r["proposal"] == name]
    if got != [n]:
        errors.append(f"{name}: threads {got}, want [{n}]")

# Proponents: an opening's author, or unknown when it is lost.
unknown = "unknown (opening not archived)"
for r in top:
    names = [p for p in r["proponents"].split(";") if p]
    if unknown in names:
        if names != [unknown]:
            errors.append(f"{key(r)}: {names}")
        continue
    openers = {t["root_from"] for t in threads
               if t["proposal"] == r["proposal"]}
    if not names or not set(names) <= openers:
        errors.append(f"{key(r)}: proponents {names}, openers {openers}")
for name in ("patch version changes in commit logs?",
             "stable kernel process automation and improvement", "rust",
             "linux kernel smb server (cifsd)"):
    got = [r["proponents"] for r in rows if r["proposal"] == name]
    if got != [unknown]:
        errors.append(f"{name}: proponents {got}")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# show and check say the same of a proposal whose opening is lost.
expect_status 0 "$M" show --db "$TMP/db" --now 2023-01-01 rust
expect_line "$TMP/out" "  proponents:  unknown (opening not archived)"
expect_grep "$TMP/out" "^ +\(opening not archived\)$"
expect_status 1 "$M" check --db "$TMP/db" --now 2023-01-01 rust
expect_line "$TMP/out" "Opening mail: not in the archive; the proponent is unknown"
# And why threads were joined.
expect_status 0 "$M" show --db "$TMP/db" --now 2023-01-01 \
    "codingstyle: inclusive terminology"
expect_grep "$TMP/out" "^ +joined: a new version of the thread of 2020-07-04 \(same subject after tags and version marks\), 3 days later$"

finish
