#!/usr/bin/env bash
# Golden outputs on samples/: show (a proposal, text and JSON), show
# --message, search (text and JSON), check (text and JSON), report
# --format json and stats --format json, compared byte for byte with
# tests/data/golden/, which a person read (see its README). --now is
# pinned, so the output depends on nothing but the samples and the code.
#
# After a deliberate change of output: GOLDEN_UPDATE=1 meson test -C build
# cli-golden rewrites the files; read the diff before committing it.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples
G=$SRCDIR/tests/data/golden
DB=$TMP/db
R="--db $DB --config $S/mlgauge.conf --now 2024-04-01"

expect_status 0 "$M" index --quiet --db "$DB" "$S"

# golden NAME STATUS COMMAND...: COMMAND exits STATUS and prints exactly
# tests/data/golden/NAME on stdout, with the database's temporary path
# written as DB and the source tree's as SRCDIR (archive paths).
golden() {
    local name=$1 status=$2
    shift 2
    expect_status "$status" "$@"
    sed -e "s|$DB|DB|g" -e "s|$SRCDIR|SRCDIR|g" "$TMP/out" \
        >"$TMP/golden-$name"
    if [ -n "${GOLDEN_UPDATE:-}" ]; then
        cp "$TMP/golden-$name" "$G/$name"
    fi
    cmp -s "$G/$name" "$TMP/golden-$name" \
        || fail "$name differs: $(diff -u "$G/$name" "$TMP/golden-$name" | head -40)"
}

golden show-widget-protocol.txt 0 "$M" show $R --color never widget-protocol
golden show-widget-protocol.json 0 "$M" show $R --format json widget-protocol
golden show-cross-thing.txt 0 "$M" show $R --color never \
    draft-nguyen-dispatch-cross-thing
golden show-message.txt 0 "$M" show $R --color never \
    --message CALyJ2XQSTGgeJCRRcpijS2F2276@mail.initrode.example
# A check with items missing exits 1; its output is still the golden one.
golden check-cross-thing.txt 1 "$M" check $R --color never \
    draft-nguyen-dispatch-cross-thing
golden check-cross-thing.json 1 "$M" check $R --format json \
    draft-nguyen-dispatch-cross-thing
golden report.json 0 "$M" report $R --format json --out -
golden search-widget.txt 0 "$M" search --db "$DB" widget
golden search-widget.json 0 "$M" search --db "$DB" --format json widget
golden search-proposal.txt 0 "$M" search $R --limit 100 \
    proposal:draft-nguyen-dispatch-cross-thing
golden stats.json 0 "$M" stats --db "$DB" --format json

finish
