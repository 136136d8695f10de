"""Check the numbered markers a fixture wrote, as they reached a stream.

    events.py --packets FILE | markers.py [OPTIONS] FIRST-LAST

Reads `events.py --packets` lines on stdin and keeps the "stdout" and
"stderr" packets (of any test; other attachments, such as a reason or a
crash report, are ignored).  Each stream's bytes are joined in packet order
and searched for markers, "MARK N" or, with --groups, "MARK G.N" (decimal
numbers; a marker ends at the first byte that is neither a digit nor a
'.').  A marker counts where its last byte arrived, so the sequence printed
is the order in which the two streams' markers reached the stream, merged.

Checks (exit status 1 and one "ERROR: ..." line each when one fails):
  - every marker FIRST..LAST (each of groups 1..G with --groups G) is
    there exactly once, and there is no other marker;
  --order          the markers arrived in increasing order (within each
                   group with --groups);
  --alternate      odd markers (N) came on stdout, even ones on stderr;
  --optional N     marker N may be missing (at most once; repeatable);
  --lines REGEX    every line of stdout and stderr that holds "MARK" is
                   exactly REGEX (Python re.fullmatch), e.g. whole lines
                   from threads writing at once.
Output: the merged sequence on one line, "N/o" for stdout and "N/e" for
stderr (G.N/o with --groups), then the errors.  Exit status 0 when every
check passed, 1 if one failed, 2 on usage errors.
"""

import re
import sys

LINE = re.compile(r'^(.*) (\S+) "((?:[^"\\]|\\.)*)"$')
MARK = re.compile(rb"MARK ([0-9]+(?:\.[0-9]+)?)(?=[^0-9.])")
MARK_GROUP = re.compile(rb"^([0-9]+)\.([0-9]+)$")
STREAMS = ("stdout", "stderr")


def unescape(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.extend(c.encode("latin-1"))
            i += 1
            continue
        n = text[i + 1]
        if n == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
            continue
        out.extend({"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\",
                    '"': b'"'}[n])
        i += 2
    return bytes(out)


def usage():
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    sys.exit(2)


def main(argv):
    order = alternate = False
    groups = 0
    optional = set()
    lines_re = None
    args = argv[1:]
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--order":
            order = True
        elif opt == "--alternate":
            alternate = True
        elif opt == "--groups" and args:
            groups = int(args.pop(0))
        elif opt == "--optional" and args:
            optional.add(int(args.pop(0)))
        elif opt == "--lines" and args:
            lines_re = re.compile(args.pop(0).encode())
        else:
            usage()
    if len(args) != 1 or not re.match(r"^[0-9]+-[0-9]+$", args[0]):
        usage()
    first, last = (int(x) for x in args[0].split("-"))

    text = {s: bytearray() for s in STREAMS}
    scanned = {s: 0 for s in STREAMS}
    seq = []                     # (key, stream) in arrival order
    errors = []
    for raw in sys.stdin.read().splitlines():
        m = LINE.match(raw)
        if not m:
            errors.append("ERROR: not an events.py --packets line: %r" % raw)
            continue
        name = m.group(2)
        if name not in STREAMS:
            continue
        buf = text[name]
        buf.extend(unescape(m.group(3)))
        pos = scanned[name]
        while True:
            mm = MARK.search(buf, pos)
            if not mm:
                break
            seq.append((mm.group(1).decode(), name))
            pos = mm.end()
        # A marker cut at the end of the bytes so far is found again,
        # whole, when the rest arrives.
        scanned[name] = max(pos, len(buf) - len("MARK 0000000.0000000"))

    def key_of(label):
        if groups:
            g = MARK_GROUP.match(label.encode())
            if not g:
                return None
            return (int(g.group(1)), int(g.group(2)))
        if not label.isdigit():
            return None
        return (0, int(label))

    want = []
    for g in (range(1, groups + 1) if groups else [0]):
        want.extend((g, n) for n in range(first, last + 1))
    want_set = set(want)
    counts = {}
    for label, stream in seq:
        k = key_of(label)
        if k is None or k not in want_set:
            errors.append("ERROR: unexpected marker MARK %s on %s" % (
                label, stream))
            continue
        counts[k] = counts.get(k, 0) + 1
    def show(k):
        return "%d.%d" % k if groups else "%d" % k[1]
    missing = [show(k) for k in want
               if counts.get(k, 0) == 0 and k[1] not in optional]
    if missing:
        errors.append("ERROR: %d markers missing: %s" % (
            len(missing), " ".join(missing[:50]) +
            (" ..." if len(missing) > 50 else "")))
    dups = ["%s (%d times)" % (show(k), counts[k]) for k in want
            if counts.get(k, 0) > 1]
    if dups:
        errors.append("ERROR: markers seen more than once: %s" % (
            ", ".join(dups[:50]) + (" ..." if len(dups) > 50 else "")))
    if order:
        prev = {}
        for label, stream in seq:
            k = key_of(label)
            if k is None:
                continue
            p = prev.get(k[0])
            if p is not None and k[1] <= p:
                errors.append("ERROR: out of order: MARK %s (%s) arrived "
                              "after MARK %s" % (label, stream,
                                                 show((k[0], p))))
            prev[k[0]] = k[1]
    if alternate:
        for label, stream in seq:
            k = key_of(label)
            if k is None:
                continue
            want_stream = "stdout" if k[1] % 2 else "stderr"
            if stream != want_stream:
                errors.append("ERROR: MARK %s arrived on %s, not %s" % (
                    label, stream, want_stream))
    if lines_re is not None:
        for s in STREAMS:
            for line in bytes(text[s]).split(b"\n"):
                if b"MARK" in line and not lines_re.fullmatch(line):
                    errors.append("ERROR: %s line not whole: %r" % (
                        s, line[:200]))
                    if len(errors) > 100:
                        break
    print(" ".join("%s/%s" % (label, stream[3]) for label, stream in seq))
    for e in errors[:200]:
        print(e)
    if len(errors) > 200:
        print("ERROR: ... %d more" % (len(errors) - 200))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
