#!/usr/bin/env bash
# Resource limits (README, "Limits"): hostile sizes are indexed from what
# fits, or skipped, with the `oversized` (or another) problem counted, in
# bounded time and memory, and the message after them is still read.
# The inputs are generated here, never committed.
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
# Peak memory allowed for one `index`, in MiB. Sanitizer builds need more.
max_rss=${MLGAUGE_TEST_MAX_RSS_MB:-1000}

# header ID [EXTRA]: an mbox From line and the headers of message ID@x.
header() {
    printf 'From a@b.example Mon Jan  1 00:00:00 2024\n'
    printf 'From: A <a@b.example>\nTo: l@ietf.org\nSubject: limit %s\n' "$1"
    printf 'Message-ID: <%s@x>\nDate: 01 Jan 2024 00:00:00 +0000\n' "$1"
    [ $# -lt 2 ] || printf '%s\n' "$2"
    printf '\n'
}

# index_bounded NAME ARCHIVE: indexes ARCHIVE into $TMP/db-NAME within 300 s
# and $max_rss MiB, and expects exit 0 and 2 messages (the big one and
# the small one after it).
index_bounded() {
    local db=$TMP/db-$1
    if [ -x /usr/bin/time ]; then
        timeout 300 /usr/bin/time -f '%M %e' -o "$TMP/time-$1" \
            "$M" index --quiet --db "$db" "$2" >"$TMP/out" 2>"$TMP/err"
    else
        timeout 300 "$M" index --quiet --db "$db" "$2" >"$TMP/out" 2>"$TMP/err"
    fi
    local status=$?
    [ "$status" -eq 0 ] || fail "$1: index exited $status: $(head -c 300 "$TMP/err")"
    if [ -s "$TMP/time-$1" ]; then
        read -r kb secs <"$TMP/time-$1"
        echo "$1: ${secs} s, $((kb / 1024)) MiB peak"
        [ $((kb / 1024)) -le "$max_rss" ] \
            || fail "$1: $((kb / 1024)) MiB peak, more than $max_rss"
    fi
    expect_status 0 "$M" stats --db "$db"
    expect_line "$TMP/out" "messages: 2"
    expect_status 0 "$M" show --db "$db" --message after@x
    expect_line "$TMP/out" "subject: limit after"
}

small() {
    header after
    printf 'small\n'
}

# A 200 MB message of text: indexed from its first MiB of text.
{
    header big
    yes 'word word word word word word draft-big-thing-00 I support this' \
        | head -c $((200 * 1024 * 1024))
    small
} >"$TMP/big.mbox"
index_bounded big "$TMP/big.mbox"
expect_line "$TMP/out" "subject: limit after"
expect_status 0 "$M" show --db "$TMP/db-big" --message big@x
expect_line "$TMP/out" "problems: oversized"
expect_line "$TMP/out" "drafts: draft-big-thing-00"
expect_status 0 "$M" stats --db "$TMP/db-big"
expect_line "$TMP/out" "oversized: 1"
rm -f "$TMP/big.mbox"

# A 50 MB line without a newline: in an mbox body, and at the very end
# of a single message.
{
    header long
    head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' x
    printf '\n'
    small
} >"$TMP/long.mbox"
index_bounded long "$TMP/long.mbox"
expect_status 0 "$M" show --db "$TMP/db-long" --message long@x
expect_line "$TMP/out" "problems: oversized"
{
    header eol | tail -n +2
    head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' y
} >"$TMP/long.eml"
expect_status 0 timeout 300 "$M" index --quiet --db "$TMP/db-eml" "$TMP/long.eml"
expect_status 0 "$M" show --db "$TMP/db-eml" --message eol@x
expect_line "$TMP/out" "problems: oversized"
rm -f "$TMP/long.mbox" "$TMP/long.eml"

# Gzip bombs: a small .mbox.gz that expands to one message far larger
# than MLG_MAX_MESSAGE_BYTES (64 MiB), in its body or in one header line.
# Only the first 64 MiB are parsed (the message is indexed from them,
# `oversized`), the rest is skipped up to the next message, which is
# indexed; memory stays bounded (GMime held the whole message: 6 GB
# aborted at 4 GB, a 200 MB header line took 600 MB).
bomb_rss=$((max_rss * 2 / 5))
bomb() {
    local name=$1
    if [ -x /usr/bin/time ]; then
        timeout 300 /usr/bin/time -f '%M %e' -o "$TMP/time-$name" \
            "$M" index --quiet --db "$TMP/db-$name" "$TMP/$name.mbox.gz" \
            >"$TMP/out" 2>"$TMP/err"
    else
        timeout 300 "$M" index --quiet --db "$TMP/db-$name" \
            "$TMP/$name.mbox.gz" >"$TMP/out" 2>"$TMP/err"
    fi
    local status=$?
    [ "$status" -eq 0 ] || fail "$name: index exited $status: $(head -c 300 "$TMP/err")"
    if [ -s "$TMP/time-$name" ]; then
        read -r kb secs <"$TMP/time-$name"
        echo "$name: $(stat -c %s "$TMP/$name.mbox.gz") bytes gzip'd, ${secs} s, $((kb / 1024)) MiB peak"
        [ $((kb / 1024)) -le "$bomb_rss" ] \
            || fail "$name: $((kb / 1024)) MiB peak, more than $bomb_rss"
    fi
    expect_status 0 "$M" show --db "$TMP/db-$name" --message after@x
    expect_line "$TMP/out" "subject: limit after"
    expect_status 0 "$M" stats --db "$TMP/db-$name"
    expect_line "$TMP/out" "messages: 2"
    expect_line "$TMP/out" "oversized: 1"
}
{
    header gzbody
    yes 'a line of the body of a message that never ends, again and again' \
        | head -c $((1024 * 1024 * 1024))
    printf '\n'
    small
} | gzip -1 >"$TMP/gzbody.mbox.gz"
bomb gzbody
expect_status 0 "$M" show --db "$TMP/db-gzbody" --message gzbody@x
expect_line "$TMP/out" "problems: oversized"
rm -f "$TMP/gzbody.mbox.gz"
{
    printf 'From a@b.example Mon Jan  1 00:00:00 2024\n'
    printf 'From: A <a@b.example>\nMessage-ID: <gzheader@x>\nX-Long: '
    head -c $((300 * 1024 * 1024)) /dev/zero | tr '\0' h
    printf '\nSubject: limit gzheader\n\nbody\n'
    small
} | gzip -1 >"$TMP/gzheader.mbox.gz"
bomb gzheader
rm -f "$TMP/gzheader.mbox.gz"

# MIME trees 10,000 parts deep and 10,000 parts wide.
{
    header deep 'MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b0"'
    for i in $(seq 0 9999); do
        printf -- '--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' \
            "$i" $((i + 1))
    done
    printf -- '--b10000\nContent-Type: text/plain\n\ndeep text\n'
    for i in $(seq 10000 -1 0); do printf -- '--b%d--\n' "$i"; done
    small
} >"$TMP/deep.mbox"
index_bounded deep "$TMP/deep.mbox"
expect_status 0 "$M" show --db "$TMP/db-deep" --message deep@x
expect_grep "$TMP/out" "^problems: .*(no-text|broken-mime|oversized)"
{
    header wide 'MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="w"'
    for i in $(seq 0 9999); do
        printf -- '--w\nContent-Type: text/plain\n\npart %d of a wide tree\n' "$i"
    done
    printf -- '--w--\n'
    small
} >"$TMP/wide.mbox"
index_bounded wide "$TMP/wide.mbox"
expect_status 0 "$M" show --db "$TMP/db-wide" --message wide@x
expect_line "$TMP/out" "problems: oversized"

# A References: header with 50,000 ids (900 KB, under MLG_MAX_LINE_BYTES,
# which cuts a header of 100,000): the root and the nearest 99 kept.
{
    header refs "References: $(seq -f '<r%g@x.example>' 0 49999 | tr '\n' ' ')
In-Reply-To: <r49999@x.example>"
    printf 'reply\n'
    small
} >"$TMP/refs.mbox"
index_bounded refs "$TMP/refs.mbox"
expect_status 0 "$M" show --db "$TMP/db-refs" --message refs@x
expect_line "$TMP/out" "problems: oversized"
refs=$(sed -n 's/^references: //p' "$TMP/out")
[ "$(echo "$refs" | tr ',' '\n' | wc -l)" -eq 100 ] \
    || fail "refs: $(echo "$refs" | tr ',' '\n' | wc -l) references kept, expected 100"
case "$refs" in
r0@x.example,*r49999@x.example) ;;
*) fail "refs: root or nearest ancestor lost: ${refs:0:80}...${refs: -40}" ;;
esac

finish
