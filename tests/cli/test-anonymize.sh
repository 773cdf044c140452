#!/usr/bin/env bash
# `--anonymize` on samples/: no name or address from the From/To/Cc
# headers of samples/*/*.mbox (collected with python3's email module)
# survives in report csv, report json, report html and `show`; role
# aliases and organisations stay; the ranking is unchanged; pseudonyms are
# stable for a salt and change with it.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
M=$MLGAUGE
S=$SRCDIR/samples
G=$SRCDIR/tests/data/cli

python3 - "$S" >"$TMP/secrets" <<'PY' || { echo "cannot read samples"; exit 1; }
import email, email.policy, email.utils, glob, mailbox, re, sys
secrets = set()
for path in sorted(glob.glob(sys.argv[1] + "/*/*.mbox")):
    box = mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(
        f, policy=email.policy.default))
    for msg in box:
        for header in ("From", "To", "Cc"):
            for value in msg.get_all(header) or []:
                for name, addr in email.utils.getaddresses([str(value)]):
                    addr = addr.lower()
                    # Role aliases are no one's address: they stay.
                    if re.search(r"-(chairs|ads)@ietf\.org$", addr):
                        continue
                    for s in (name, addr):
                        if s:
                            secrets.add(s)
for s in sorted(secrets):
    print(s)
PY
[ "$(wc -l <"$TMP/secrets")" -ge 40 ] || fail "too few names: $(cat "$TMP/secrets")"
grep -qxF "Jane Smith" "$TMP/secrets" || fail "Jane Smith not collected"

# check_clean WHAT FILE...: no secret in the files (any case).
check_clean() {
    local what=$1
    shift
    local found
    found=$(grep -iFo -f "$TMP/secrets" "$@" | sort -u | head -5)
    [ -z "$found" ] || fail "$what leaks: $found"
}

cp "$S/mlgauge.conf" "$S/roster.csv" "$TMP/"
expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
R="$M report --db $TMP/db --config $TMP/mlgauge.conf --now 2024-04-01"

# Without --anonymize the names are there (the check can fail).
expect_status 0 $R --format csv --out "$TMP/plain"
[ -n "$(grep -iFo -f "$TMP/secrets" "$TMP/plain/people.csv")" ] \
    || fail "no names in the plain report: the check is blind"

expect_status 0 $R --anonymize --format csv --out "$TMP/csv"
check_clean "report csv" "$TMP"/csv/*.csv
# The built-in salt is public: the user is told, on stderr only, naming
# the config to put a salt in.
expect_line "$TMP/err" "mlgauge: report: warning: --anonymize with the built-in salt, which is public: anyone can recognise a pseudonym by hashing candidate addresses; set a private salt (\"[anonymize] salt = ...\") in '$TMP/mlgauge.conf'"
grep -q salt "$TMP"/csv/*.csv && fail "the warning went into the report"
expect_status 0 "$M" report --db "$TMP/db" --anonymize --format csv --out -
expect_grep "$TMP/err" "^mlgauge: report: warning: --anonymize with the built-in salt.* in a config file \(--config FILE\)$"
expect_status 0 "$M" show --db "$TMP/db" --anonymize draft-doe-dispatch-tls-knob
expect_grep "$TMP/err" "^mlgauge: show: warning: --anonymize with the built-in salt"
expect_status 0 $R --anonymize --format json --out "$TMP/json"
check_clean "report json" "$TMP/json/report.json"
for org in acme.example globex.example tyrell.example; do
    grep -qF "\"$org\"" "$TMP/csv/people.csv" || fail "organisation $org lost (csv)"
    grep -qF "\"$org\"" "$TMP/json/report.json" || fail "organisation $org lost (json)"
done
grep -q '"anon-[0-9a-f]\{10\}"' "$TMP/csv/people.csv" || fail "no pseudonyms"

# The same ranking: proposals.csv equals the golden one but for the
# proponents' names.
cut_proponents() {
    python3 -c 'import csv,sys
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8")):
    print(row[:22] + row[23:])' "$1"
}
diff <(cut_proponents "$G/samples-proposals.csv") \
     <(cut_proponents "$TMP/csv/proposals.csv") || fail "ranking changed"

# Stable: the same salt gives the same bytes; another salt other names.
expect_status 0 $R --anonymize --format csv --out "$TMP/csv2"
cmp -s "$TMP/csv/people.csv" "$TMP/csv2/people.csv" || fail "not stable"
printf '\n[anonymize]\nsalt = another salt\n' >>"$TMP/mlgauge.conf"
expect_status 0 $R --anonymize --format csv --out "$TMP/csv3"
[ -s "$TMP/err" ] && fail "a private salt still warns: $(cat "$TMP/err")"
cmp -s "$TMP/csv/people.csv" "$TMP/csv3/people.csv" && fail "salt ignored"
check_clean "report csv (salted)" "$TMP"/csv3/*.csv

# HTML, `show PROPOSAL` and `check` are checked when this build has them.
if $R --anonymize --format html --out "$TMP/html" >"$TMP/out" 2>"$TMP/err"; then
    [ -n "$(ls "$TMP/html")" ] || fail "no HTML written"
    check_clean "report html" $(find "$TMP/html" -type f)
else
    echo "report --format html not available: HTML not checked"
fi
# A rerun with --anonymize into the directory of a plain report leaves no
# page of the plain one: a report directory holds exactly one run. The
# plain run has --all, so it has pages (administrivia) that the
# anonymised run does not write. A user's own files and the CSV files of
# another run stay.
expect_status 0 $R --all --format html --out "$TMP/rerun"
expect_status 0 $R --format csv --out "$TMP/rerun"
echo mine >"$TMP/rerun/notes.html"
echo mine >"$TMP/rerun/p-notes.html"
[ -n "$(grep -ilF -f "$TMP/secrets" "$TMP"/rerun/p-*.html)" ] \
    || fail "no names in the plain pages: the rerun check is blind"
expect_status 0 $R --anonymize --format html --out "$TMP/rerun"
check_clean "report html rerun" "$TMP"/rerun/*.html
linked=$(grep -o 'href="p-[^"#]*' "$TMP/rerun/index.html" | cut -c7- | sort -u)
present=$(cd "$TMP/rerun" && ls p-*.html | grep -vx 'p-notes.html' | sort)
[ -n "$linked" ] && [ "$linked" = "$present" ] \
    || fail "rerun: pages present ($present) are not those linked ($linked)"
[ "$(cat "$TMP/rerun/notes.html" "$TMP/rerun/p-notes.html")" = "mine
mine" ] || fail "rerun: a user's own file was touched"
for f in proposals.csv threads.csv people.csv; do
    [ -s "$TMP/rerun/$f" ] || fail "rerun: the CSV run's $f was removed"
done

for p in widget-protocol draft-nguyen-dispatch-cross-thing draft-doe-dispatch-tls-knob; do
    S_CMD="$M show --db $TMP/db --config $TMP/mlgauge.conf --now 2024-04-01 --anonymize"
    if $S_CMD "$p" >"$TMP/show" 2>"$TMP/err"; then
        [ -s "$TMP/show" ] || fail "show $p printed nothing"
        check_clean "show $p" "$TMP/show"
        if $S_CMD --format json "$p" >"$TMP/show.json" 2>"$TMP/err"; then
            check_clean "show --format json $p" "$TMP/show.json"
        fi
    else
        echo "show PROPOSAL not available: show not checked ($(head -c 200 "$TMP/err"))"
        break
    fi
    C_CMD="$M check --db $TMP/db --config $TMP/mlgauge.conf --now 2024-04-01 --anonymize"
    $C_CMD "$p" >"$TMP/check" 2>"$TMP/err"
    if [ $? -le 1 ] && [ -s "$TMP/check" ]; then
        check_clean "check $p" "$TMP/check" "$TMP/err"
        $C_CMD --format json "$p" >"$TMP/check.json" 2>"$TMP/err"
        check_clean "check --format json $p" "$TMP/check.json"
    else
        echo "check not available: check not checked ($(head -c 200 "$TMP/err"))"
    fi
done
# A message's stored facts are raw mail: --anonymize refuses them.
expect_status 2 "$M" show --db "$TMP/db" --anonymize \
    --message CAOaid0VjI6XR5Q7APhL5539A89D@mail.acme.example
check_clean "show --message --anonymize" "$TMP/out" "$TMP/err"

# A real list (when ../shared/corpora is there): lists Cc'd (bpf@ and
# netdev@vger.kernel.org, cake@lists.*) and ordinary local parts (linux@,
# info@, cloud@) are no names, so proposals named by a subject keep those
# words; only the names of people change. The proposal names with and
# without --anonymize are matched by their other columns.
X=$SRCDIR/../shared/corpora/xdp-newbies
if [ -d "$X" ]; then
    expect_status 0 "$M" index --quiet --db "$TMP/xdp" "$X"
    XR="$M report --db $TMP/xdp --all --now 2026-01-01 --format csv --out -"
    $XR >"$TMP/xdp-plain.csv" 2>/dev/null || fail "xdp report failed"
    $XR --anonymize >"$TMP/xdp-anon.csv" 2>/dev/null || fail "xdp --anonymize failed"
    python3 - "$TMP/xdp-plain.csv" "$TMP/xdp-anon.csv" >"$TMP/xdp-changed" <<'PY'
import csv, sys
def rows(path):
    return list(csv.DictReader(open(path, newline="", encoding="utf-8")))
def key(r):
    return (r["first"], r["last"], r["messages"], r["threads"], r["draft"])
plain = {}
for r in rows(sys.argv[1]):
    plain.setdefault(key(r), []).append(r["proposal"])
for r in rows(sys.argv[2]):
    before = plain[key(r)].pop(0)
    if before != r["proposal"]:
        print(before + " -> " + r["proposal"])
PY
    [ $? -eq 0 ] || fail "xdp reports do not match row for row"
    # A few subjects name people (David Ahern, spam senders); 67 names
    # changed before lists and ordinary words were told apart.
    [ "$(wc -l <"$TMP/xdp-changed")" -le 5 ] \
        || fail "xdp: $(wc -l <"$TMP/xdp-changed") proposal names changed: $(head -5 "$TMP/xdp-changed")"
    grep -q "by david ahern -> .* by anon-[0-9a-f]\{10\}$" "$TMP/xdp-changed" \
        || fail "xdp: David Ahern not replaced: $(cat "$TMP/xdp-changed")"
    python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    print(r["proposal"])' "$TMP/xdp-anon.csv" >"$TMP/xdp-names"
    for word in bpf linux netdev cake cloud info xdp-hints; do
        grep -qE "(^|[^a-z-])$word([^a-z-]|$)" "$TMP/xdp-names" \
            || fail "xdp: the word '$word' was scrubbed from proposal names"
    done
else
    echo "no $X: the real-list check skipped"
fi

finish
