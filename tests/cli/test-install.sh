#!/usr/bin/env bash
# `meson install` (into a DESTDIR) puts in place the binary, the manual
# page and the commented sample configuration with its roster; the manual
# renders without a warning and describes every option that each
# command's --help lists; --help names the installed sample; and the
# installed sample works as a --config on the samples.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
BUILD=$(cd "$(dirname "$M")/.." && pwd)
command -v meson >/dev/null || { echo "no meson: skipped"; exit 77; }

DEST=$TMP/dest
meson install -C "$BUILD" --no-rebuild --destdir "$DEST" >"$TMP/install.log" 2>&1 \
    || { fail "meson install failed: $(tail -5 "$TMP/install.log")"; finish; }
# Where meson puts things, whatever the prefix: its own introspection.
meson introspect "$BUILD" --installed >"$TMP/installed.json" \
    || fail "meson introspect failed"
installed() {
    python3 -c 'import json, sys
for src, dst in json.load(open(sys.argv[1])).items():
    if dst.endswith(sys.argv[2]):
        print(dst)' "$TMP/installed.json" "$1"
}
BIN=$(installed /bin/mlgauge)
MAN=$(installed /man1/mlgauge.1)
CONF=$(installed /doc/mlgauge/mlgauge.conf)
ROSTER=$(installed /doc/mlgauge/roster.csv)
for f in "$BIN" "$MAN" "$CONF" "$ROSTER"; do
    [ -n "$f" ] && [ -f "$DEST$f" ] || fail "not installed: '$f' ($(cat "$TMP/install.log"))"
done
[ -n "$MAN" ] || finish
DOCDIR=$(dirname "$CONF")

# The manual: no groff warning, no unsubstituted @VAR@, the real paths.
if command -v groff >/dev/null; then
    LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$DEST$MAN" 2>"$TMP/groff.err"
    [ -s "$TMP/groff.err" ] && fail "groff warns: $(head -5 "$TMP/groff.err")"
    LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -Tutf8 "$DEST$MAN" 2>/dev/null \
        | sed 's/.\x08//g' >"$TMP/man.txt"
    for heading in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" \
                   ENVIRONMENT FILES EXAMPLES; do
        grep -q "^$heading\$" "$TMP/man.txt" || fail "manual lacks $heading"
    done
    grep -qF "$DOCDIR/mlgauge.conf" "$TMP/man.txt" \
        || fail "the manual does not name $DOCDIR/mlgauge.conf"
else
    echo "no groff: the manual's rendering is not checked"
fi
grep -n '@[A-Z]*@' "$DEST$MAN" && fail "unsubstituted variables in the manual"

# Every long option of every command's --help is in the manual (as
# \-\-name), and every exit status of README's list.
for cmd in index report stats search show check; do
    "$M" "$cmd" --help >"$TMP/help" 2>&1 || fail "$cmd --help failed"
    for opt in $(grep -oE -- '--[a-z][a-z-]*' "$TMP/help" | sort -u); do
        [ "$opt" = --help ] && continue
        grep -qF -- "\\-\\-${opt#--}" "$DEST$MAN" \
            || fail "the manual does not describe $cmd $opt"
    done
done
for status in 0 1 2; do
    grep -qx ".B $status" "$DEST$MAN" || fail "the manual lacks exit status $status"
done

# --help points at the installed sample config, which exists.
"$M" report --help >"$TMP/help" 2>&1
grep -qF "$DOCDIR/mlgauge.conf" "$TMP/help" \
    || fail "report --help does not name $DOCDIR/mlgauge.conf: $(grep -- --config "$TMP/help")"
# The installed sample config is the samples' one and finds its roster.
cmp -s "$DEST$CONF" "$SRCDIR/samples/mlgauge.conf" || fail "installed config differs"
expect_status 0 "$M" index --quiet --db "$TMP/db" "$SRCDIR/samples"
expect_status 0 "$DEST$BIN" report --db "$TMP/db" --config "$DEST$CONF" \
    --now 2024-04-01 --format csv --out "$TMP/csv"
cmp -s "$TMP/csv/proposals.csv" "$SRCDIR/tests/data/cli/samples-proposals.csv" \
    || fail "the installed binary and config rank the samples differently"

finish
