"""Decode a subunit v2 stream with python-subunit and print it as text.

Run with Debian's python (python3-subunit), $PYTHON in the bats files:

    events.py [--check] [--routes] [--runnable] [--hide NAME]... FILE
    events.py --packets [--check] [--routes] [--hide NAME]... FILE
    events.py --summary [--check] FILE
    events.py --bytes NAME FILE      (raw bytes, see below)
    events.py --file ID NAME FILE    (raw bytes, see below)
    events.py --sizes FILE

The stream is read exactly as testr/stestr read it:
ByteStreamToStreamResult(source, non_subunit_name='stdout').

Default output, one line per event, stable enough for exact assertions:

    inprogress ID
    exists ID
    success|fail|skip|xfail|uxsuccess ID
    file ID NAME "ESCAPED BYTES"

ID is "-" for bytes tied to no test.  Attachments are concatenated per test
and name, continuations "NAME.2", "NAME.3", ... included in NAME, and shown
once, just before the test's final status (or at the end of the stream for
untied bytes and tests that never finished), in the order the names first
appeared.  Bytes are escaped: printable ASCII as is except '\\' and '"',
\\n \\t \\r, everything else \\xNN.  A control character in an ID is shown
as <NN> (an error for --check).  --routes appends " [route R]" to every
line of a packet that has a route code; --runnable prefixes status lines
with "R " (runnable) or "- " (not); --hide NAME leaves out attachments
NAME (repeatable).

--packets prints, instead of the default listing, one line per file
packet in stream order, nothing else:

    ID NAME "ESCAPED BYTES"

with ID, the escaping, --routes and --hide as above, and NAME the base
name (continuations "NAME.2", ... shown as NAME).  Packets are not joined:
the lines show how the bytes of each stream were interleaved (stdout and
stderr chatter in the order they reached the stream).  Bytes outside any
packet are shown as stdout packets.

--summary prints one line of counts of final statuses (and exists, and
tests left in progress at the end):
    success=N fail=N skip=N xfail=N uxsuccess=N exists=N incomplete=N

--bytes NAME writes the raw bytes of every attachment named NAME or
NAME.N (every test and untied, in stream order) to stdout: "--bytes stdout"
rebuilds what the program wrote on stdout minus the protocol lines the
wrapper consumed.  --file ID NAME does the same for one test ("-" for
untied bytes).

--sizes prints "ID NAME BYTES" for every attachment name of every test
(continuations apart), in the order they first appear.

--check also validates the stream and prints one "ERROR: ..." line per
problem after the listing, exiting 1 if there is any:
  - a subunit.parser event (corrupt packet) or bytes outside any packet;
  - a final status without an inprogress before it, two final statuses for
    one test (each id is unique within the run), a test started twice, an
    inprogress that never gets a final status, an attachment sent after the
    test's final status;
  - an inprogress or final status without a timestamp, a final status
    timestamped before its inprogress;
  - an id with a control character, leading or trailing white space;
  - a non-runnable test whose id is not "PARENT (LABEL)" for a test open at
    the time (subtests start with their parent's id), unless no test is
    open on its route then (a "layer": a failed framework set-up, or a
    program's run that went wrong outside its tests);
  - a stdout/stderr attachment whose first packet is not
    text/plain;charset=utf8, or one named attachment of 4 MiB or more (testr
    cannot store it).
Exit status: 0, 1 if --check found problems, 2 on usage errors.
"""

import re
import sys

from subunit.v2 import ByteStreamToStreamResult

FINAL = ("success", "fail", "skip", "xfail", "uxsuccess")
# Bytes outside packets get this name, so --check can tell them from the
# untied "stdout" packets a wrapper writes; they are shown as "stdout".
RAW = "\x00raw stdout"
MAX_ATTACHMENT = 4 * 1024 * 1024
CONT = re.compile(r"^(.*)\.([2-9]|[1-9][0-9]+)$")
CTRL = re.compile("[\x00-\x1f\x7f-\x9f]")
TEXT_MIME = "text/plain;charset=utf8"


def escape_bytes(data):
    out = []
    for c in data:
        if c == 0x5C:
            out.append("\\\\")
        elif c == 0x22:
            out.append('\\"')
        elif c == 0x0A:
            out.append("\\n")
        elif c == 0x09:
            out.append("\\t")
        elif c == 0x0D:
            out.append("\\r")
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return '"' + "".join(out) + '"'


def show_id(test_id):
    if test_id is None:
        return "-"
    return CTRL.sub(lambda m: "<%02x>" % ord(m.group(0)), test_id)


def base_name(name):
    m = CONT.match(name)
    return m.group(1) if m else name


class Decoder:
    """Collects the events; prints the listing and the problems."""

    def __init__(self, routes=False, runnable=False, hide=(), packets=False):
        self.routes = routes
        self.runnable = runnable
        self.hide = set(hide)
        self.packets = packets
        self.lines = []
        self.packet_lines = []        # --packets: one per file packet
        self.errors = []
        # (route, id) -> {"state": "open"|"done", "runnable": bool}
        self.tests = {}
        self.open_order = []          # open (route, id), in start order
        # (route, id) -> ordered {base name: bytearray} not yet shown
        self.pending = {}
        # (route, id, actual name) -> total bytes (4 MiB check)
        self.sizes = {}
        self.counts = dict((s, 0) for s in FINAL + ("exists",))
        self.npackets = 0

    def error(self, msg):
        self.errors.append("ERROR: " + msg)

    def suffix(self, route):
        if self.routes and route is not None:
            return " [route %s]" % route
        return ""

    def flush(self, key):
        files = self.pending.pop(key, None)
        if not files:
            return
        route, test_id = key
        for name, data in files.items():
            self.lines.append("file %s %s %s%s" % (
                show_id(test_id), name, escape_bytes(bytes(data)),
                self.suffix(route)))

    def check_id(self, test_id, route, runnable):
        if CTRL.search(test_id):
            self.error("control character in id %s" % show_id(test_id))
        if test_id != test_id.strip():
            self.error("leading or trailing white space in id %r" % test_id)
        if runnable:
            return
        # A non-runnable test opened when none is open (on its route) is
        # a "layer": framework set-up that failed, or a program's run
        # that went wrong outside its tests.  It names itself.
        if not any(r == route for (r, _) in self.open_order):
            return
        ok = False
        for (r, parent) in self.open_order:
            if r == route and test_id.startswith(parent + " (") \
                    and test_id.endswith(")"):
                ok = True
                break
        if not ok:
            self.error("subtest %s has no open parent" % show_id(test_id))

    def status(self, test_id=None, test_status=None, test_tags=None,
               runnable=True, file_name=None, file_bytes=None, eof=False,
               mime_type=None, route_code=None, timestamp=None):
        self.npackets += 1
        key = (route_code, test_id)
        if test_id == "subunit.parser":
            self.error("parser error: %s %r" % (file_name, file_bytes))
        if file_name is not None:
            raw = file_name == RAW
            if raw:
                file_name = "stdout"
                self.error("%d bytes outside packets: %r" % (
                    len(file_bytes), bytes(file_bytes[:40])))
            size_key = (route_code, test_id, file_name)
            first = size_key not in self.sizes
            total = self.sizes.get(size_key, 0) + len(file_bytes)
            self.sizes[size_key] = total
            base = base_name(file_name)
            if not raw and first and base in ("stdout", "stderr") \
                    and mime_type != TEXT_MIME:
                self.error("attachment %s of %s has mime type %r" % (
                    file_name, show_id(test_id), mime_type))
            if total >= MAX_ATTACHMENT and \
                    total - len(file_bytes) < MAX_ATTACHMENT:
                self.error("attachment %s of %s is 4 MiB or more" % (
                    file_name, show_id(test_id)))
            t = self.tests.get(key)
            if test_id is not None and t is not None \
                    and t["state"] == "done" and test_status is None:
                self.error("attachment %s of %s after its final status" % (
                    file_name, show_id(test_id)))
            if base not in self.hide and self.packets:
                self.packet_lines.append("%s %s %s%s" % (
                    show_id(test_id), base, escape_bytes(bytes(file_bytes)),
                    self.suffix(route_code)))
            if base not in self.hide:
                files = self.pending.setdefault(key, {})
                files.setdefault(base, bytearray()).extend(file_bytes)
        if test_id == "subunit.parser":
            if test_status is not None:
                self.flush(key)
                self.lines.append("%s %s" % (test_status, test_id))
            return
        if test_status is None or test_id is None:
            if test_status is not None:
                self.error("status %s without a test id" % test_status)
            return
        mark = ""
        if self.runnable:
            mark = "R " if runnable else "- "
        t = self.tests.get(key)
        if test_status == "exists":
            self.counts["exists"] += 1
            self.lines.append("%sexists %s%s" % (
                mark, show_id(test_id), self.suffix(route_code)))
            return
        if test_status in ("inprogress",) + FINAL and timestamp is None:
            self.error("%s %s has no timestamp" % (
                test_status, show_id(test_id)))
        if test_status == "inprogress":
            if t is not None and t["state"] == "open":
                self.error("%s started twice" % show_id(test_id))
            elif t is not None:
                self.error("id %s reused after its final status" %
                           show_id(test_id))
            else:
                self.check_id(test_id, route_code, runnable)
            self.tests[key] = {"state": "open", "runnable": runnable,
                               "start": timestamp}
            if key not in self.open_order:
                self.open_order.append(key)
            self.lines.append("%sinprogress %s%s" % (
                mark, show_id(test_id), self.suffix(route_code)))
            return
        if test_status not in FINAL:
            self.error("unknown status %r for %s" % (
                test_status, show_id(test_id)))
            return
        if t is None:
            self.error("%s %s without inprogress" % (
                test_status, show_id(test_id)))
        elif t["state"] == "done":
            self.error("second final status %s for %s" % (
                test_status, show_id(test_id)))
        elif t["start"] is not None and timestamp is not None \
                and timestamp < t["start"]:
            self.error("%s %s timestamped before its inprogress" % (
                test_status, show_id(test_id)))
        self.tests[key] = {"state": "done", "runnable": runnable}
        if key in self.open_order:
            self.open_order.remove(key)
        self.counts[test_status] += 1
        self.flush(key)
        self.lines.append("%s%s %s%s" % (
            mark, test_status, show_id(test_id), self.suffix(route_code)))

    def finish(self):
        for key, t in self.tests.items():
            if t["state"] == "open":
                self.error("%s never finished" % show_id(key[1]))
        for key in list(self.pending):
            self.flush(key)

    def incomplete(self):
        return sum(1 for t in self.tests.values() if t["state"] == "open")


class ByteSink:
    """For --bytes / --file: raw attachment bytes in stream order."""

    def __init__(self, out, name, test_id=None, any_test=True):
        self.out = out
        self.name = name
        self.test_id = test_id
        self.any_test = any_test

    def status(self, test_id=None, file_name=None, file_bytes=None,
               **kwargs):
        if file_name is None:
            return
        if file_name == RAW:
            file_name = "stdout"
        if base_name(file_name) != self.name:
            return
        if not self.any_test and test_id != self.test_id:
            return
        self.out.write(file_bytes)


def usage():
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    sys.exit(2)


def main(argv):
    check = summary = routes = runnable = sizes = packets = False
    hide = []
    bytes_name = file_args = None
    args = argv[1:]
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--check":
            check = True
        elif opt == "--summary":
            summary = True
        elif opt == "--routes":
            routes = True
        elif opt == "--runnable":
            runnable = True
        elif opt == "--sizes":
            sizes = True
        elif opt == "--packets":
            packets = True
        elif opt == "--hide" and args:
            hide.append(args.pop(0))
        elif opt == "--bytes" and args:
            bytes_name = args.pop(0)
        elif opt == "--file" and len(args) >= 2:
            file_args = (args.pop(0), args.pop(0))
        else:
            usage()
    if len(args) != 1:
        usage()
    with open(args[0], "rb") as source:
        parser = ByteStreamToStreamResult(source, non_subunit_name=RAW)
        if bytes_name is not None or file_args is not None:
            out = sys.stdout.buffer
            if file_args:
                test_id = None if file_args[0] == "-" else file_args[0]
                sink = ByteSink(out, file_args[1], test_id, False)
            else:
                sink = ByteSink(out, bytes_name)
            parser.run(sink)
            out.flush()
            return 0
        dec = Decoder(routes, runnable, hide, packets)
        parser.run(dec)
    dec.finish()
    if sizes:
        for (route, test_id, name), n in dec.sizes.items():
            print("%s %s %d" % (show_id(test_id), name, n))
    elif packets:
        for line in dec.packet_lines:
            print(line)
    elif summary:
        c = dec.counts
        print("success=%d fail=%d skip=%d xfail=%d uxsuccess=%d exists=%d "
              "incomplete=%d" % (c["success"], c["fail"], c["skip"],
                                 c["xfail"], c["uxsuccess"], c["exists"],
                                 dec.incomplete()))
    else:
        for line in dec.lines:
            print(line)
    if check and dec.errors:
        for e in dec.errors:
            print(e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
