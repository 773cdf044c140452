#!/usr/bin/env bash
# What a careful new user runs into (issue 16, item 10): config files that
# are wrong in small ways get a precise message naming the file and what
# is wrong (exit 1), `help COMMAND` is that command's help, a typo in
# `index` leaves nothing behind, negative scores are numbers in the CSV,
# and `show` says why a proposal is unranked.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples

expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
R="$M report --db $TMP/db --now 2024-04-01"

# ---- weights that are not finite numbers ----
for w in nan inf -inf NaN; do
    printf '[weights]\nthreads = %s\n' "$w" >"$TMP/w.conf"
    expect_status 1 $R --config "$TMP/w.conf" --format json --out -
    expect_line "$TMP/err" "mlgauge: config '$TMP/w.conf': [weights] threads: '$w' is not a finite number"
    [ -s "$TMP/out" ] && fail "weight $w: output written: $(head -c 200 "$TMP/out")"
done

# ---- a misspelled group or key is an error that lists the right names ----
printf '[weight]\nthreads = 2\n' >"$TMP/typo.conf"
expect_status 1 $R --config "$TMP/typo.conf" --out -
expect_line "$TMP/err" "mlgauge: config '$TMP/typo.conf': [weight]: unknown group; the groups are [weights], [chairs], [aliases], [identity], [organisations], [threading], [exclude], [admin], [stance], [anonymize], [checklist] and [proposal NAME]"
[ -s "$TMP/out" ] && fail "typo group: output written"
printf '[identity]\nmerge_by_names = false\n' >"$TMP/typo.conf"
expect_status 1 $R --config "$TMP/typo.conf" --out -
expect_line "$TMP/err" "mlgauge: config '$TMP/typo.conf': [identity] merge_by_names: unknown key; [identity] takes merge_by_name"
printf '[proposal x]\ndraft = draft-x\n' >"$TMP/typo.conf"
expect_status 1 $R --config "$TMP/typo.conf" --out -
expect_line "$TMP/err" "mlgauge: config '$TMP/typo.conf': [proposal x] draft: unknown key; [proposal x] takes drafts, subjects and proponents"
# The sample config is all known names.
expect_status 0 $R --config "$S/mlgauge.conf" --out -

# ---- a config (and its roster) saved with a UTF-8 byte-order mark ----
# They read as the same files without it: the same report, byte for byte.
mkdir "$TMP/bom" "$TMP/plain"
for d in bom plain; do
    [ $d = bom ] && bom=$'\xef\xbb\xbf' || bom=
    { printf '%s' "$bom"; cat "$S/mlgauge.conf"; } >"$TMP/$d/mlgauge.conf"
    { printf '%s' "$bom"; cat "$S/roster.csv"; } >"$TMP/$d/roster.csv"
    expect_status 0 $R --config "$TMP/$d/mlgauge.conf" --format csv \
        --out "$TMP/$d/report"
done
for f in proposals.csv threads.csv people.csv; do
    cmp -s "$TMP/bom/report/$f" "$TMP/plain/report/$f" \
        || fail "BOM: $f differs from the report without it"
done

# ---- help ----
expect_status 0 "$M" help
expect_grep "$TMP/out" "^usage: mlgauge COMMAND"
for cmd in index report stats show check search; do
    expect_status 0 "$M" help $cmd
    "$M" $cmd --help >"$TMP/want" 2>&1
    cmp -s "$TMP/out" "$TMP/want" || fail "help $cmd is not '$cmd --help': $(head -3 "$TMP/out")"
done
expect_status 2 "$M" help bogus
expect_line "$TMP/err" "mlgauge: help: unknown command 'bogus' (the commands are fetch, index, report, stats, show, check and search)"
[ -s "$TMP/out" ] && fail "help bogus printed on stdout"
expect_status 2 "$M" help report extra
expect_line "$TMP/err" "mlgauge: help: give one COMMAND (try 'mlgauge help')"
# An option a command does not take names the command to ask for help.
expect_status 2 "$M" stats --no-such-option
expect_line "$TMP/err" "mlgauge: Unknown option --no-such-option (try 'mlgauge stats --help')"

# ---- index with a --db typo and no path that exists ----
# Nothing to index: no database is created (or opened), each path is named.
expect_status 1 "$M" index --db "$TMP/typo" "$TMP/nonexistent" "$TMP/gone.mbox"
expect_line "$TMP/err" "mlgauge: cannot open '$TMP/nonexistent': No such file or directory"
expect_line "$TMP/err" "mlgauge: cannot open '$TMP/gone.mbox': No such file or directory"
[ -e "$TMP/typo" ] && fail "index created the database '$TMP/typo' with nothing to index"
# The same on an existing database: exit 1, what is indexed stays.
expect_status 1 "$M" index --db "$TMP/db" "$TMP/nonexistent"
expect_line "$TMP/err" "mlgauge: cannot open '$TMP/nonexistent': No such file or directory"
expect_status 0 "$M" stats --db "$TMP/db"
expect_line "$TMP/out" "messages: 61"
# A path that exists is indexed into a new database, as always.
"$M" index --quiet --db "$TMP/new" "$S/dispatch" "$TMP/nonexistent" 2>/dev/null
[ -d "$TMP/new" ] || fail "no database created beside a path that exists"

# ---- show says why a proposal is unranked ----
# Its messages have no sender (no From, an empty address) or are
# automated: there is something in the window, but nobody.
mkdir "$TMP/nobody"
printf '%s\n' \
    'From x Mon Jan 15 10:00:00 2024' 'To: dispatch@ietf.org' \
    'Subject: A proposal from nobody' \
    'Date: Mon, 15 Jan 2024 10:00:00 +0000' 'Message-ID: <nos1@x.example>' \
    '' 'Please consider it.' '' \
    'From x Tue Jan 16 10:00:00 2024' 'From: "no address" <>' \
    'To: dispatch@ietf.org' 'Subject: Re: A proposal from nobody' \
    'Date: Tue, 16 Jan 2024 10:00:00 +0000' 'Message-ID: <nos2@x.example>' \
    'In-Reply-To: <nos1@x.example>' '' '+1' '' \
    'From x Wed Jan 17 10:00:00 2024' 'From: noreply@github.com' \
    'Auto-Submitted: auto-generated' 'To: dispatch@ietf.org' \
    'Subject: Re: A proposal from nobody' \
    'Date: Wed, 17 Jan 2024 10:00:00 +0000' 'Message-ID: <nos3@x.example>' \
    'In-Reply-To: <nos1@x.example>' '' 'A comment was added.' '' \
    >"$TMP/nobody/2024-01.mbox"
"$M" index --quiet --db "$TMP/nobody-db" --list dispatch.ietf.org \
    "$TMP/nobody" 2>/dev/null
SHOW="$M show --db $TMP/nobody-db --now 2024-04-01"
expect_status 0 $SHOW "a proposal from nobody"
expect_line "$TMP/out" "  score:       2.50, unranked (no message from a person in the window: 2 without a sender, 1 automated)"
expect_line "$TMP/out" "  proponents:  none"
# A window with none of its messages is what "nothing in the window" means.
expect_status 0 $SHOW --since 2024-03-01 "a proposal from nobody"
expect_line "$TMP/out" "  score:       0.00, unranked (nothing in the window)"

# ---- negative scores are numbers in the CSV ----
# Only text cells get the formula prefix; a number never does.
printf '[weights]\nobjectors = -200\n' >"$TMP/neg.conf"
expect_status 0 $R --config "$TMP/neg.conf" --out -
expect_grep "$TMP/out" '^"[0-9]+","draft-doe-dispatch-tls-knob",.*,"-[0-9]+\.[0-9][0-9]","p-[a-z0-9-]+","[a-z0-9-]+","[^"]*"'$'\r''$'
grep -q "\"'-" "$TMP/out" && fail "a number got the formula prefix: $(grep "'-" "$TMP/out")"

finish
