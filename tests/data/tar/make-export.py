#!/usr/bin/env python3
"""Writes export.tar.gz: a tar.gz laid out as the IETF mail archive's
export is (`<name>/<list>/<YYYY-MM>.mbox`), whose mbox bodies are NOT
>From-escaped, with a hidden file and a member that is not mail.
Run from this directory: python3 make-export.py"""
import gzip, io, tarfile

DISPATCH = b"""From alice@example.org Mon Mar  4 10:00:00 2024
From: Alice <alice@example.org>
To: dispatch@ietf.org
Subject: First export message
Message-ID: <export-1@example.org>
Date: Mon, 4 Mar 2024 10:00:00 +0000
List-Id: DISPATCH <dispatch.ietf.org>

Here is the plan.

From here on, the zebra protocol is frozen.
>From the archive, quoted.

From 10:00 to 11:00 in 2024 we met.
Bye.

From bob@example.org Tue Mar  5 11:00:00 2024
From: Bob <bob@example.org>
To: dispatch@ietf.org
Subject: Re: First export message
Message-ID: <export-2@example.org>
In-Reply-To: <export-1@example.org>
Date: Tue, 5 Mar 2024 11:00:00 +0000

I support the zebra work.

"""

SECDISPATCH = b"""From carol@example.net Wed Mar  6 12:00:00 2024
From: Carol <carol@example.net>
To: secdispatch@ietf.org
Subject: Security thing
Message-ID: <export-3@example.net>
Date: Wed, 6 Mar 2024 12:00:00 +0000
List-Id: <secdispatch.ietf.org>

Body.

"""

def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1709900000
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
    add(tar, "mbox0312_AbCdE/dispatch/2024-03.mbox", DISPATCH)
    add(tar, "mbox0312_AbCdE/.hidden.mbox", SECDISPATCH)
    add(tar, "mbox0312_AbCdE/notes.bin", b"\x89PNG\r\n\x1a\n\x00junk\n")
    add(tar, "mbox0312_AbCdE/secdispatch/2024-03.mbox", SECDISPATCH)
with open("export.tar.gz", "wb") as out:
    out.write(gzip.compress(raw.getvalue(), mtime=0))
