# dovecot-server.sh - sourced by the IMAP fetch tests and bench/fetch: a
# real Dovecot (Debian's dovecot-imapd) on free loopback ports, serving a
# public folder `Shared Folders/dispatch` read-only to `anonymous` whose
# password is chair@example.org, as the IETF serves its lists.
#
#   dovecot_start DIR    configure and start; sets DV_PORT (imap),
#                        DV_TLS_PORT (imaps), DV_CERT (its certificate,
#                        for 127.0.0.1), DV_FOLDER (the Maildir of the
#                        list, where tests add and remove messages)
#   dovecot_deliver N [ID-PREFIX [BODY-LINES]]
#                        adds N messages to the folder
#   dovecot_rebuild      forgets the folder's UIDs: a new UIDVALIDITY
#   dovecot_stop         stops it (also done by the EXIT trap)
#
# Dovecot runs as `nobody` when the test runs as root (unprivileged), as
# the test's user otherwise, and under `timeout`, so it stops by itself
# even when the test is killed.

dovecot_skip_unless_installed() {
    if [ ! -x /usr/sbin/dovecot ] || ! command -v python3 >/dev/null \
        || ! command -v openssl >/dev/null; then
        echo "skip: dovecot-imapd, python3 or openssl is not installed" \
            "(bash .ci/setup installs them)"
        exit 77
    fi
}

# A loopback port nothing listens on (bash alone: python3 takes seconds
# to start on a loaded machine). Another process may take it before us:
# dovecot_start then tries again.
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
}

# port_open PORT: something listens on it.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

DV_PID=""
DV_SEQ=0

dovecot_start() {
    DV=$1
    mkdir -p "$DV"/run "$DV"/state "$DV"/home "$DV"/public/dispatch/cur \
        "$DV"/public/dispatch/new "$DV"/public/dispatch/tmp
    DV_FOLDER=$DV/public/dispatch
    DV_CERT=$DV/cert.pem
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1" -keyout "$DV/key.pem" \
        -out "$DV_CERT" 2>/dev/null || { echo "openssl failed" >&2; exit 1; }
    if [ "$(id -u)" -eq 0 ]; then
        DV_USER=nobody
        DV_GROUP=$(id -gn nobody)
        DV_RUN=(setpriv --reuid=nobody --regid="$DV_GROUP" --clear-groups)
        # nobody must reach the directory through the test's own.
        chmod 755 "$(dirname "$DV")" "$DV"
    else
        DV_USER=$(id -un)
        DV_GROUP=$(id -gn)
        DV_RUN=()
    fi
    printf 'anonymous:{PLAIN}chair@example.org::::::\n' >"$DV/passwd"
    local tries
    for tries in 1 2 3; do
        DV_PORT=$(free_port)
        DV_TLS_PORT=$(free_port)
        cat >"$DV/dovecot.conf" <<EOF
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/dovecot.log
instance_name = mlgauge-test-$$
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$DV/cert.pem
ssl_key = <$DV/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = $DV_USER
default_internal_group = $DV_GROUP
default_login_user = $DV_USER
first_valid_uid = 1
mail_location = maildir:$DV/home/%u/Maildir
namespace inbox {
  inbox = yes
  separator = /
  prefix =
}
namespace public {
  type = public
  separator = /
  prefix = Shared Folders/
  location = maildir:$DV/public:LAYOUT=fs:INDEX=$DV/home/%u/public-index
  subscriptions = no
  list = yes
}
passdb {
  driver = passwd-file
  args = $DV/passwd
}
userdb {
  driver = static
  args = uid=$DV_USER gid=$DV_GROUP home=$DV/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $DV_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DV_TLS_PORT
  }
}
service anvil {
  chroot =
}
service auth {
  user = \$default_internal_user
}
service auth-worker {
  user = \$default_internal_user
}
EOF
        dovecot_fix_owner
        timeout 900 "${DV_RUN[@]}" /usr/sbin/dovecot -F -c "$DV/dovecot.conf" \
            >>"$DV/dovecot.out" 2>&1 &
        DV_PID=$!
        local i
        for i in $(seq 50); do
            if port_open "$DV_PORT"; then
                return 0
            fi
            kill -0 "$DV_PID" 2>/dev/null || break
            sleep 0.1
        done
        dovecot_stop
    done
    echo "dovecot did not start:" >&2
    cat "$DV/dovecot.out" "$DV/dovecot.log" >&2 2>/dev/null
    exit 1
}

dovecot_fix_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$DV_USER:$DV_GROUP" "$DV"
    fi
}

dovecot_stop() {
    if [ -n "$DV_PID" ]; then
        kill "$DV_PID" 2>/dev/null
        wait "$DV_PID" 2>/dev/null
        DV_PID=""
    fi
}

# dovecot_deliver N [PREFIX [LINES]]: N messages with ids PREFIX-K@test,
# dated in March 2024, on the IETF list dispatch, each with LINES lines of
# body (default 3), delivered as Maildir delivers: into new/ via tmp/.
dovecot_deliver() {
    local n=$1 prefix=${2:-m} lines=${3:-3} k name
    for k in $(seq "$n"); do
        DV_SEQ=$((DV_SEQ + 1))
        name="1700000000.M${DV_SEQ}P$$.mlgtest"
        {
            printf 'From: Person %s <p%s@example.org>\n' "$k" "$k"
            printf 'To: dispatch@ietf.org\n'
            printf 'Subject: %s message %s\n' "$prefix" "$k"
            printf 'Message-ID: <%s-%s@test.example>\n' "$prefix" "$k"
            printf 'Date: Mon, 4 Mar 2024 10:%02d:00 +0000\n' $((k % 60))
            printf 'List-Id: DISPATCH <dispatch.ietf.org>\n\n'
            for _ in $(seq "$lines"); do
                printf 'A line of the body of %s number %s, zebra.\n' \
                    "$prefix" "$k"
            done
        } >"$DV_FOLDER/tmp/$name"
        mv "$DV_FOLDER/tmp/$name" "$DV_FOLDER/new/$name"
    done
    dovecot_fix_owner
}

# Forgets the folder's UIDs as a rebuilt archive would: Dovecot numbers
# its messages afresh, under a new UIDVALIDITY.
dovecot_rebuild() {
    rm -f "$DV_FOLDER"/dovecot-uidlist "$DV_FOLDER"/dovecot.index*
    rm -rf "$DV"/home/*/public-index
}
