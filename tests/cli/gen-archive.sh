# gen-archive.sh - sourced by CLI tests: writes large synthetic archives at
# run time (nothing big is committed).
#
# gen_archive DIR FILES PER_FILE: writes DIR/2024-MM.mbox for MM = 01..FILES,
# PER_FILE messages each, in threads of 20: a root proposing a draft and
# replies from people of several organisations, some supporting, some
# objecting, each with a quoted part and a paragraph of padding so that a
# message is about 1.5 KB, like real list mail.
gen_archive() {
    mkdir -p "$1"
    awk -v dir="$1" -v files="$2" -v per="$3" 'BEGIN {
        pad = "This paragraph is here to give the message a realistic size: "
        pad = pad "list mail carries greetings, context and signatures.\n"
        pad = pad pad pad pad pad pad
        for (f = 1; f <= files; f++) {
            out = sprintf ("%s/2024-%02d.mbox", dir, f)
            for (i = 0; i < per; i++) {
                n = (f - 1) * per + i
                t = int (n / 20)
                u = (n * 7) % 97
                o = u % 13
                day = 1 + int (i * 27 / per)
                hh = int (i % 24); mm = i % 60
                root = sprintf ("t%d.0@gen.example", t)
                printf "From user%d@org%d.example Mon Jan  1 00:00:00 2024\n", u, o > out
                printf "From: User %d <user%d@org%d.example>\n", u, u, o > out
                printf "To: dispatch@ietf.org\n" > out
                if (n % 20 == 0) {
                    printf "Subject: [Dispatch] New work: draft-gen-topic%d-00\n", t > out
                    printf "Message-ID: <%s>\n", root > out
                } else {
                    printf "Subject: Re: [Dispatch] New work: draft-gen-topic%d-00\n", t > out
                    printf "Message-ID: <t%d.%d@gen.example>\n", t, n % 20 > out
                    printf "In-Reply-To: <%s>\nReferences: <%s>\n", root, root > out
                }
                mon = substr ("JanFebMarAprMayJunJulAugSepOctNovDec", 3 * ((f - 1) % 12) + 1, 3)
                printf "Date: %02d %s 2024 %02d:%02d:00 +0000\n", day, mon, hh, mm > out
                printf "List-Id: DISPATCH <dispatch.ietf.org>\n\n" > out
                if (n % 20 == 0)
                    printf "Please consider draft-gen-topic%d-00 for the agenda.\nCode: https://github.com/gen/topic%d\n", t, t > out
                else if (n % 3 == 0)
                    printf "I support draft-gen-topic%d.\n", t > out
                else if (n % 7 == 0)
                    printf "I object to this: not convinced.\n" > out
                else
                    printf "A question about section %d.\n", n % 9 > out
                printf "\nOn Mon, someone wrote:\n> an earlier point\n> From the archive\n\n%s\n", pad > out
            }
            close (out)
        }
    }'
}
