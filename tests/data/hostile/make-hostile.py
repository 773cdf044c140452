#!/usr/bin/env python3
# Writes hostile.mbox, the synthetic fixture of the HTML report's safety
# tests (tests/cli/test-browser.sh, tests/test-html.c): mail whose
# subjects, names, addresses, list ids, permalinks, quotes and draft-like
# names carry markup, javascript: and data: URLs, RTL overrides and a
# 10,000-character subject. Every payload that could run would mark the
# page with a data-pwned attribute, which the browser test looks for.
# Run from this directory: python3 make-hostile.py > hostile.mbox
import base64
import sys

PWN = "document.documentElement.setAttribute('data-pwned','%s')"


def b64(s):
    return "=?UTF-8?B?" + base64.b64encode(s.encode()).decode() + "?="


def fold(name, value):
    """Folds a long header at spaces (RFC 5322)."""
    lines, cur = [], name + ':'
    for w in value.split(' '):
        if len(cur) + 1 + len(w) > 76 and cur.strip():
            lines.append(cur)
            cur = ' ' + w
        else:
            cur += ' ' + w
    lines.append(cur)
    return '\n'.join(lines)


msgs = []


def msg(envfrom, date_env, headers, body):
    msgs.append("From %s %s\n%s\n\n%s\n" % (envfrom, date_env,
                                            "\n".join(headers), body))


plain = ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
         "Content-Transfer-Encoding: 8bit"]
common = plain + ["List-Id: DISPATCH list <dispatch.ietf.org>"]

msg("mallory@evil.example", "Mon Feb  5 10:00:00 2024", [
    "Message-ID: <hostile-1@evil.example>",
    "Date: Mon, 5 Feb 2024 10:00:00 +0000",
    "From: \"\\\"><img src=x onerror=%s> Mallory\" <mallory@evil.example>"
    % (PWN % 'from'),
    "To: dispatch@ietf.org",
    "Cc: dispatch-chairs@ietf.org",
    fold("Subject", "[Dispatch] Agenda request: draft-evil-dispatch-xss-00 "
         "<script>%s</script>" % (PWN % 'subject')),
    "Archived-At: <javascript:%s>" % (PWN % 'permalink'),
] + common, """Hi DISPATCH,

We would like agenda time for draft-evil-dispatch-xss-00 at IETF 119.
An implementation is at https://github.com/evil/xss"><script>alert(1)</script>
and javascript:alert('impl') and <a href="javascript:alert(2)">this link</a>.
We would like 15 minutes and the next step is a BoF.

Mallory
""")

msg("eve@evil.example", "Tue Feb  6 09:00:00 2024", [
    "Message-ID: <hostile-2@evil.example>",
    "Date: Tue, 6 Feb 2024 09:00:00 +0000",
    "From: %s <eve@evil.example>" % b64("Eve \u202egnp.exe\u202c"),
    "To: dispatch@ietf.org",
    "Subject: %s" % b64("Re: [Dispatch] \u202eAgenda request\u202c "
                        "draft-evil-dispatch-xss-00"),
    "In-Reply-To: <hostile-1@evil.example>",
    "References: <hostile-1@evil.example>",
    "Archived-At: <https://example.org/arch/msg/\"onmouseover=\"%s>"
    % (PWN % 'archived'),
] + common, """I support this work. <img src=x onerror="%s"> +1

Eve
""" % (PWN % 'quote'))

msg("trent@example.net", "Wed Feb  7 09:00:00 2024", [
    "Message-ID: <hostile-3@example.net>",
    "Date: Wed, 7 Feb 2024 09:00:00 +0000",
    "From: \"Trent <script>%s</script>\" <trent@example.net>"
    % (PWN % 'name'),
    "To: dispatch@ietf.org",
    "Subject: Re: [Dispatch] Agenda request: draft-evil-dispatch-xss-00",
    "In-Reply-To: <hostile-2@evil.example>",
    "References: <hostile-1@evil.example> <hostile-2@evil.example>",
    "Archived-At: <https://mailarchive.example/arch/msg/dispatch/ok?a=1&b=2>",
] + common, """I object: this is not ready; see draft-"><script>alert(3)</script> and
draft-x-"onerror=alert(4)-00 which covers it.

Trent
""")

long_subject = (("Very long subject " * 300) + ("W" * 2000)
                + (" end of the long subject " * 400))[:10000]
msg("walter@example.org", "Thu Feb  8 09:00:00 2024", [
    "Message-ID: <hostile-4@example.org>",
    "Date: Thu, 8 Feb 2024 09:00:00 +0000",
    "From: Walter <walter@example.org>",
    "To: dispatch@ietf.org",
    fold("Subject", "[Dispatch] " + long_subject),
    "Archived-At: <data:text/html,<script>%s</script>>" % (PWN % 'data'),
] + common, """A discussion thread with a very long subject.

Walter
""")

msg("peggy@example.com", "Fri Feb  9 09:00:00 2024", [
    "Message-ID: <hostile-5@example.com>",
    "Date: Fri, 9 Feb 2024 09:00:00 +0000",
    "From: \"<b>Peggy</b>\" <\"<script>\"@example.com>",
    "To: dispatch@ietf.org",
    fold("Subject", "Re: [Dispatch] " + long_subject),
    "In-Reply-To: <hostile-4@example.org>",
    "References: <hostile-4@example.org>",
] + common, """+1, I support discussing this.

Peggy
""")

msg("peggy@example.com", "Fri Feb  9 10:00:00 2024", [
    "Message-ID: <hostile-5b@example.com>",
    "Date: Fri, 9 Feb 2024 10:00:00 +0000",
    "From: \"<b>Peggy</b>\" <peggy@example.com>",
    "To: dispatch@ietf.org",
    fold("Subject", "Re: [Dispatch] " + long_subject),
    "In-Reply-To: <hostile-5@example.com>",
    "References: <hostile-4@example.org> <hostile-5@example.com>",
] + common, """+1, I support discussing this (from my usual address).

Peggy
""")

hostile_list = ("List-Id: \"<script>alert(7)</script>\" "
                "<evil\"><img.src=x.onerror=alert(8)>")
msg("victor@example.com", "Sat Feb 10 09:00:00 2024", [
    "Message-ID: <hostile-6@example.com>",
    "Date: Sat, 10 Feb 2024 09:00:00 +0000",
    "From: Victor <victor@example.com>",
    "To: dispatch@ietf.org",
    "Subject: [Dispatch] <a href=\"javascript:%s\">click</a> "
    "\"><svg onload=alert(5)>" % (PWN % 'link'),
    "Archived-At: < JavaScript:alert(6)>",
    hostile_list,
] + plain, """Hostile list id and a javascript: link in the subject.
""")

msg("olivia@example.com", "Sun Feb 11 09:00:00 2024", [
    "Message-ID: <hostile-7@example.com>",
    "Date: Sun, 11 Feb 2024 09:00:00 +0000",
    "From: Olivia <olivia@example.com>",
    "To: dispatch@ietf.org",
    "Subject: Re: [Dispatch] <a href=\"javascript:%s\">click</a> "
    "\"><svg onload=alert(5)>" % (PWN % 'link'),
    "In-Reply-To: <hostile-6@example.com>",
    "References: <hostile-6@example.com>",
    hostile_list,
] + plain, """I support it.
""")

sys.stdout.write("\n".join(msgs))
