#!/usr/bin/env bash
# `report --format json` on samples/: report.json parsed back (python3's
# json module) and compared, value by value, with proposals.csv,
# threads.csv and people.csv of the same run; `--out -`; determinism.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
M=$MLGAUGE
S=$SRCDIR/samples

expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
R="$M report --db $TMP/db --config $S/mlgauge.conf --now 2024-04-01"
expect_status 0 $R --format csv --out "$TMP/csv"
expect_status 0 $R --format json --out "$TMP/json"
[ -s "$TMP/json/report.json" ] || fail "no report.json"
ls "$TMP/json" | grep -qv '^report.json$' && fail "stray files: $(ls "$TMP/json")"

python3 - "$TMP/json/report.json" "$TMP/csv" <<'PY' || fail "JSON and CSV differ"
import csv, json, sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
def rows(name):
    with open(f"{sys.argv[2]}/{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))

def as_csv(column, value, obj):
    """A JSON value of `obj` as the CSV cell that carries it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if column == "latest_revision":
        return "%02d" % value
    if column == "checklist":
        # Of the items of the proposal's checklist profile.
        total = len(obj["checklist_given"]) + len(obj["checklist_missing"])
        return "%d/%d" % (value, total)
    if column == "score":
        return "%.2f" % value
    if column == "first_reply_hours":
        return "%.1f" % value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return str(value)

errors = []
def compare(table, csv_rows, objects, renames):
    if len(csv_rows) != len(objects):
        errors.append(f"{table}: {len(csv_rows)} CSV rows, {len(objects)} JSON")
    for row, obj in zip(csv_rows, objects):
        for column, cell in row.items():
            got = as_csv(column, obj[renames.get(column, column)], obj)
            if got != cell:
                errors.append(f"{table}.{column}: JSON {got!r} CSV {cell!r}")

props = report["proposals"]
compare("proposals", rows("proposals"), props, {"threads": "thread_count"})
threads = [t for p in props for t in p["threads"]]
compare("threads", rows("threads"), threads, {"messages": "message_count"})
compare("people", rows("people"), report["people"], {})
for p in props:
    total = sum(p["score_breakdown"].values())
    if abs(total - p["score"]) > 0.1:
        errors.append(f"{p['proposal']}: breakdown {total} != {p['score']}")
    if p["thread_count"] != len(p["threads"]):
        errors.append(f"{p['proposal']}: thread_count {p['thread_count']}")
if report["generated"] != "2024-04-01T00:00:00Z":
    errors.append("generated: " + report["generated"])
if report["lists"] != ["dispatch.ietf.org", "secdispatch.ietf.org"]:
    errors.append(f"lists: {report['lists']}")
if not (len(props) >= 4 and props[0]["proposal"] == "widget-protocol"
        and props[0]["rank"] == 1 and isinstance(props[0]["score"], float)):
    errors.append("unexpected first proposal")
for e in errors[:20]:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# `--out -` gives the same bytes on stdout; a second run the same bytes.
expect_status 0 $R --format json --out -
cmp -s "$TMP/out" "$TMP/json/report.json" || fail "--out - differs"
expect_status 0 $R --format json --out "$TMP/json2"
cmp -s "$TMP/json/report.json" "$TMP/json2/report.json" || fail "not deterministic"

# The window is reported as given.
expect_status 0 $R --format json --since 2024-02-01 --until 2024-02-29 --out -
python3 -c 'import json,sys; w=json.load(sys.stdin)["window"]; sys.exit(w!={"since":"2024-02-01T00:00:00Z","until":"2024-02-29T23:59:59Z"})' \
    <"$TMP/out" || fail "window: $(head -c 300 "$TMP/out")"

finish
