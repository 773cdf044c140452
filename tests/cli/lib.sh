# lib.sh - shared by the CLI test scripts: a temporary directory, and
# assertions that print what differed.
set -u
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mlgauge-cli-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILED=0

fail() {
    echo "FAIL: $*" >&2
    FAILED=1
}

# expect_status WANT CMD... : runs CMD, saves stdout/stderr in $TMP/out,
# $TMP/err and checks its exit status.
expect_status() {
    local want=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "'$*' exited $got, expected $want; stderr: $(head -c 500 "$TMP/err")"
    fi
}

# expect_line FILE LINE : FILE has exactly this line.
expect_line() {
    grep -qxF -- "$2" "$1" || fail "no line '$2' in $1: $(head -c 800 "$1")"
}

# expect_grep FILE REGEX
expect_grep() {
    grep -qE -- "$2" "$1" || fail "no match for /$2/ in $1: $(head -c 800 "$1")"
}

finish() {
    if [ "$FAILED" -ne 0 ]; then
        exit 1
    fi
    echo "ok"
    exit 0
}
