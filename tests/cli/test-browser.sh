#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads every page
# written for samples/ and for the hostile fixture
# (tests/data/hostile/hostile.mbox) through browser-probe.html, which
# reports what is in the live DOM. Asserted: one ranking row per proposal
# in the order of proposals.csv, every link between pages resolves,
# clicking the sort buttons reorders the rows, the report's own script
# runs under its Content-Security-Policy, and nothing from the hostile
# mail became an element, an event handler, a javascript:/data: URL or a
# running script, nor widened the page. At 390 px the ranking's hidden
# columns are announced (a visible hint and an edge shadow). A generated
# report of 1,100 proposals is paginated (500 rows a page, linked), and
# its people.html rows stay short. Skips (77) without Chromium.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples
PROBE=$SRCDIR/tests/cli/browser-probe.html

CHROMIUM=${CHROMIUM:-}
for c in chromium chromium-browser google-chrome; do
    [ -n "$CHROMIUM" ] && break
    CHROMIUM=$(command -v "$c" || true)
done
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: no chromium found (Debian: apt-get install chromium;" \
         ".ci/setup installs it)"
    exit 77
fi

# probe PAGE [QUERY]: the probe's lines for PAGE in $TMP/probe.
# --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
# --allow-file-access-from-files: lets the probe read the framed page's
# DOM (file: URLs are otherwise unique origins).
probe() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --no-first-run --allow-file-access-from-files \
        --user-data-dir="$TMP/profile" --virtual-time-budget=10000 \
        --dump-dom "file://$PROBE?page=file://$1$2" 2>"$TMP/chromium.err" \
        | sed -n '/<pre id="probe">/,/<\/pre>/p' \
        | sed -e 's/<pre id="probe">//' -e 's/<\/pre>//' \
              -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \
              -e 's/&amp;/\&/g' >"$TMP/probe"
    if ! grep -qx end "$TMP/probe"; then
        fail "no probe result for $1: $(head -c 600 "$TMP/probe") \
$(tail -c 600 "$TMP/chromium.err")"
        return 1
    fi
    if grep -q '^error ' "$TMP/probe"; then
        fail "probe error on $1: $(grep '^error ' "$TMP/probe")"
    fi
    return 0
}

# expect_probe LINE PAGE: the probe printed exactly this line.
expect_probe() {
    grep -qxF -- "$1" "$TMP/probe" \
        || fail "$2: expected '$1', got: $(grep -F -- "${1%% *}" "$TMP/probe" | head -3)"
}

# check_page FILE: what every page must satisfy.
check_page() {
    local page=$1 dir
    dir=$(dirname "$page")
    probe "$page" "${2:-}" || return
    # Exactly one script, the report's own; it ran (it turns the sortable
    # headers into buttons), so the CSP hash matches.
    expect_probe "scripts 1" "$page"
    expect_probe "on-attributes 0" "$page"
    expect_probe "unsafe-urls 0" "$page"
    expect_probe "pwned no" "$page"
    expect_probe "overflow no" "$page"
    grep -q '^tags .*\bbutton\b' "$TMP/probe" \
        || fail "$page: the sort script did not run (no buttons)"
    for bad in img iframe object embed form base input textarea link \
               foreignobject image; do
        grep -qiE "^tags (.*,)?$bad(,|$)" "$TMP/probe" \
            && fail "$page: a <$bad> element exists"
    done
    grep -q '^bad-fragment ' "$TMP/probe" \
        && fail "$page: links to missing anchors: $(grep '^bad-fragment ' "$TMP/probe")"
    # Links between pages resolve to files of the report (and anchors in
    # them exist); others are http(s) only.
    grep '^link ' "$TMP/probe" | cut -d' ' -f2- | sort -u >"$TMP/links"
    while read -r href; do
        case $href in
        http://* | https://*) ;;
        \#*) ;;
        */* | *:*) fail "$page: link outside the report: $href" ;;
        *)
            local file=${href%%#*} frag=
            [ "$file" != "$href" ] && frag=${href#*#}
            [ -f "$dir/$file" ] || fail "$page: link to missing $href"
            if [ -n "$frag" ] && ! grep -qF "id=\"$frag\"" "$dir/$file"; then
                fail "$page: no anchor $frag in $file"
            fi
            ;;
        esac
    done <"$TMP/links"
}

# --- The samples -------------------------------------------------------
expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
R="$M report --db $TMP/db --config $S/mlgauge.conf --now 2024-04-01"
expect_status 0 $R --format html --out "$TMP/site"
expect_status 0 $R --format csv --out "$TMP/csv"

# The expected ranking, from proposals.csv: "rank<TAB>proposal".
tail -n +2 "$TMP/csv/proposals.csv" | tr -d '\r' \
    | awk -F'","' '{ sub(/^"/, "", $1); print "row " $1 "\t" $2 }' \
    >"$TMP/want-rows"
n=$(wc -l <"$TMP/want-rows")
[ "$n" -eq 5 ] || fail "expected 5 proposals in the samples, got $n"

check_page "$TMP/site/index.html" "&sort=1"
# On a desktop (1280 px) the hint is not in the way; 5 proposals are one
# page.
expect_probe "scroll-hint hidden" "index.html at 1280 px"
expect_probe "page-links 0" "index.html of 5 proposals"
grep '^row ' "$TMP/probe" >"$TMP/got-rows"
diff -u "$TMP/want-rows" "$TMP/got-rows" \
    || fail "index.html rows differ from proposals.csv"

# Sorting by clicking: Messages sorts biggest first, a second click
# reverses, Proposal sorts A to Z, Rank (after another column) biggest
# first. Expected orders are computed from proposals.csv (columns: rank
# 1, proposal 2, messages 8; ties keep the rank order).
csv_cols() {
    tail -n +2 "$TMP/csv/proposals.csv" | tr -d '\r' | sed 's/^"//; s/"$//' \
        | awk -F'","' -v OFS='\t' '{ print $1, tolower($2), $8 }'
}
by_messages_desc=$(csv_cols | sort -t"$(printf '\t')" -k3,3nr -k1,1n \
    | cut -f1 | tr '\n' ' ' | sed 's/ $//')
by_messages_asc=$(csv_cols | sort -t"$(printf '\t')" -k3,3n -k1,1rn \
    | cut -f1 | tr '\n' ' ' | sed 's/ $//')
by_name=$(csv_cols | LC_ALL=C sort -t"$(printf '\t')" -k2,2 -k1,1n \
    | cut -f1 | tr '\n' ' ' | sed 's/ $//')
by_rank_desc=$(csv_cols | sort -k1,1nr | cut -f1 | tr '\n' ' ' | sed 's/ $//')
[ "$by_messages_desc" != "$(seq -s' ' 1 "$n")" ] \
    || fail "the samples' message counts do not test sorting"
{
    echo "click-messages descending $by_messages_desc"
    echo "click-messages ascending $by_messages_asc"
    echo "click-proposal ascending $by_name"
    echo "click-rank descending $by_rank_desc"
} >"$TMP/want-sort"
grep '^click-' "$TMP/probe" >"$TMP/got-sort"
diff -u "$TMP/want-sort" "$TMP/got-sort" || fail "sorting in the browser"

# One page per proposal, each linked from the index; people.html.
pages=$(ls "$TMP/site" | grep -c '^p-.*\.html$')
[ "$pages" -eq "$n" ] || fail "$pages proposal pages for $n proposals"
[ -f "$TMP/site/people.html" ] || fail "no people.html"
for page in "$TMP"/site/*.html; do
    check_page "$page"
done
# A phone-sized frame: nothing widens the page either.
check_page "$TMP/site/index.html" "&width=375"
# At 390 px the ranking shows rank, name and score; the rest scrolls, and
# the page says so (a line of text) and shows it (a shadow at the edge).
check_page "$TMP/site/index.html" "&width=390"
expect_probe "table-overflow yes" "index.html at 390 px"
expect_probe "scroll-hint visible" "index.html at 390 px"
expect_probe "scroll-shadow yes" "index.html at 390 px"

# --- A big report ------------------------------------------------------
# 1,100 one-message proposals over three years by 40 people: the ranking
# is split into pages of 500 rows that link each other, the sparklines
# count months, and people.html keeps rows short although each person
# took part in 27 or 28 proposals.
awk -v dir="$TMP/big" 'BEGIN {
    for (i = 0; i < 1100; i++) {
        y = 2021 + int(i / 400); m = 1 + int(i / 34) % 12; d = 1 + i % 28
        printf "From x Mon Jan  1 00:00:00 2024\n" > (dir ".mbox")
        printf "From: Person %d <p%d@org%d.example>\n", i % 40, i % 40, i % 7 > (dir ".mbox")
        printf "Subject: Idea %d for the list\n", i > (dir ".mbox")
        printf "Message-ID: <big%d@gen.example>\n", i > (dir ".mbox")
        printf "Date: %02d %s %d 10:00:00 +0000\n", d, substr("JanFebMarAprMayJunJulAugSepOctNovDec", 3 * m - 2, 3), y > (dir ".mbox")
        printf "List-Id: <big.example.org>\n\nIdea number %d.\n\n", i > (dir ".mbox")
    }
}'
expect_status 0 "$M" index --quiet --db "$TMP/bigdb" "$TMP/big.mbox"
expect_status 0 "$M" report --db "$TMP/bigdb" --now 2024-12-31 \
    --format html --out "$TMP/bigsite"
[ "$(ls "$TMP/bigsite" | grep -c '^p-.*\.html$')" -eq 1100 ] \
    || fail "expected 1100 proposal pages: $(ls "$TMP/bigsite" | grep -c '^p-')"
[ "$(ls "$TMP/bigsite" | grep -c '^index.*\.html$')" -eq 3 ] \
    || fail "expected index.html, index-2.html, index-3.html: $(ls "$TMP/bigsite" | grep '^index')"
check_page "$TMP/bigsite/index.html"
[ "$(grep -c '^row ' "$TMP/probe")" -eq 500 ] \
    || fail "index.html holds $(grep -c '^row ' "$TMP/probe") rows, not 500"
expect_probe "page-links 4" "index.html of 1,100 proposals"
grep -qx 'link index-2.html' "$TMP/probe" || fail "index.html does not link index-2.html"
grep -qx 'link index-3.html' "$TMP/probe" || fail "index.html does not link index-3.html"
grep -qF 'Messages per month<span class="sub">2021-01 to 2023-12</span>' \
    "$TMP/bigsite/index.html" || fail "no monthly sparklines in the big report"
check_page "$TMP/bigsite/index-3.html"
[ "$(grep -c '^row ' "$TMP/probe")" -eq 100 ] \
    || fail "index-3.html holds $(grep -c '^row ' "$TMP/probe") rows, not 100"
grep -m1 '^row ' "$TMP/probe" | grep -q "^row 1001	" \
    || fail "index-3.html does not start at rank 1001: $(grep -m1 '^row ' "$TMP/probe")"
grep -qx 'link index.html' "$TMP/probe" || fail "index-3.html does not link index.html"
check_page "$TMP/bigsite/people.html" "&width=1280"
tallest=$(sed -n 's/^tallest-row //p' "$TMP/probe")
[ "${tallest:-9999}" -le 300 ] \
    || fail "people.html has a row $tallest px tall at 1280 px (at most 300 wanted)"

# --- The hostile fixture -----------------------------------------------
expect_status 0 "$M" index --quiet --db "$TMP/hdb" \
    "$SRCDIR/tests/data/hostile/hostile.mbox"
expect_status 0 "$M" report --db "$TMP/hdb" --now 2024-04-01 \
    --format html --out "$TMP/hostile"
hpages=$(ls "$TMP/hostile" | grep -c '^p-.*\.html$')
[ "$hpages" -eq 3 ] || fail "expected 3 hostile proposal pages, got $hpages"
# File names are slugs plus a hash, whatever the subject held.
ls "$TMP/hostile" | grep -vqE '^(index|people|p-[a-z0-9-]+-[0-9a-f]{10})\.html$' \
    && fail "unexpected file names: $(ls "$TMP/hostile")"
for page in "$TMP"/hostile/*.html; do
    check_page "$page"
    check_page "$page" "&width=375"
done
# The payloads are on the pages as text (so they were escaped, not
# dropped): the subject's <script> and the proponent's <img>.
grep -qF '&lt;script&gt;document.documentElement.setAttribute' \
    "$TMP"/hostile/p-draft-evil-dispatch-xss-*.html \
    || fail "the hostile subject is not shown as text"
grep -qF '&gt;&lt;img src=x onerror=' "$TMP/hostile/people.html" \
    || fail "the hostile name is not shown as text"

finish
