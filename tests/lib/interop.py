#!/usr/bin/python3
"""interop.py: the python-subunit side of the codec interop tests.

Run with Debian's python (python3-subunit 1.4 is installed for it only):

    $PYTHON tests/lib/interop.py gen-py SEED N OUTPREFIX [--max-file BYTES]
    $PYTHON tests/lib/interop.py gen-canon SEED N OUT.txt [--parent]
    $PYTHON tests/lib/interop.py decode FILE
    $PYTHON tests/lib/interop.py encode-py CANON.txt OUT.bin
    $PYTHON tests/lib/interop.py normalize [--keep-parent] CANON.txt
    $PYTHON tests/lib/interop.py diff EXPECTED.txt ACTUAL.txt
    $PYTHON tests/lib/interop.py gen-crafted DIR
    $PYTHON tests/lib/interop.py gen-mixed SEED CLEAN.bin OUT.bin

gen-py    N random events encoded by python's StreamResultToBytes into
          OUTPREFIX.bin; OUTPREFIX.txt gets the canonical lines of what
          python's own parser reads back from that file, so the tests compare
          our decoder with python's decoder, not with our reading of the spec.
gen-canon N random canonical lines for our encoder (nanoseconds are whole
          microseconds, so python's rounding to microseconds is exact).
decode    parse a stream with ByteStreamToStreamResult(non_subunit_name=
          'stdout') and print one canonical line per event.
encode-py encode canonical lines with StreamResultToBytes (tags in line
          order: the encoder only iterates them, so a list makes the output
          deterministic where a set would follow the string hash seed).
normalize what the canonical lines become after python's encoder: an empty
          mime type and an empty tag set are omitted, and python has no
          parent id (kept with --keep-parent: our encoder writes it).
diff      compare two line files; print the first difference, fields cut
          short, and exit 1 (lines may hold megabytes of hex).
gen-crafted  hand-made valid but unusual streams (non-minimal Numbers,
          tag count 0, trailing bytes, other version nibbles, text around
          packets...) as DIR/NAME.bin, with python's reading in DIR/NAME.txt.
gen-mixed the packets of CLEAN.bin with junk between them (for our
          decoder alone: python cuts text differently); prints how many
          packets went in.

The canonical line format is defined in tests/lib/codec-tool.c; this file
mirrors it.  In short, one event per line, fields in this order:

    status=N runnable=0|1 eof=0|1 ts=T id=S route=S parent=S tags=TAGS
    mime=S file=S bytes=S

where S is '-' (absent), '""' (present and empty) or the lowercase hex of
the raw bytes; T is '-' or SEC.NSEC with NSEC in 9 digits; TAGS is '-'
(absent), '{}' (the flag with zero tags) or the tags as S values joined by
',', sorted by their bytes, duplicates removed; bytes= is '-' iff file= is.
"""

import datetime
import io
import random
import sys

from subunit.v2 import ByteStreamToStreamResult, StreamResultToBytes, EPOCH

STATUS_NAMES = [None, 'exists', 'inprogress', 'success', 'uxsuccess',
                'skip', 'fail', 'xfail']
STATUS_NUM = {name: i for i, name in enumerate(STATUS_NAMES)}
FIELDS = ['status', 'runnable', 'eof', 'ts', 'id', 'route', 'parent',
          'tags', 'mime', 'file', 'bytes']
PACKET_MAX = 4194303


# ---------------------------------------------------------------- format

def fmt_str(b):
    if b is None:
        return '-'
    if len(b) == 0:
        return '""'
    return b.hex()


def fmt_tags(tags):
    if tags is None:
        return '-'
    if len(tags) == 0:
        return '{}'
    return ','.join(fmt_str(t) for t in sorted(set(tags)))


def fmt_line(ev):
    """ev: dict with the FIELDS keys; strings as bytes or None."""
    ts = ev['ts']
    parts = [
        'status=%d' % ev['status'],
        'runnable=%d' % (1 if ev['runnable'] else 0),
        'eof=%d' % (1 if ev['eof'] else 0),
        'ts=' + ('-' if ts is None else '%d.%09d' % ts),
        'id=' + fmt_str(ev['id']),
        'route=' + fmt_str(ev['route']),
        'parent=' + fmt_str(ev['parent']),
        'tags=' + fmt_tags(ev['tags']),
        'mime=' + fmt_str(ev['mime']),
        'file=' + fmt_str(ev['file']),
        'bytes=' + ('-' if ev['file'] is None else fmt_str(ev['bytes'])),
    ]
    return ' '.join(parts)


def parse_str(v):
    if v == '-':
        return None
    if v == '""':
        return b''
    if not v or v != v.lower():
        raise ValueError('bad string value %r' % v[:40])
    return bytes.fromhex(v)


def parse_line(line):
    toks = line.rstrip('\n').split(' ')
    if len(toks) != len(FIELDS):
        raise ValueError('want %d fields, got %d' % (len(FIELDS), len(toks)))
    vals = {}
    for key, tok in zip(FIELDS, toks):
        if not tok.startswith(key + '='):
            raise ValueError('want %s=, got %r' % (key, tok[:40]))
        vals[key] = tok[len(key) + 1:]
    ev = {
        'status': int(vals['status']),
        'runnable': vals['runnable'] == '1',
        'eof': vals['eof'] == '1',
        'ts': None,
    }
    if vals['ts'] != '-':
        sec, nsec = vals['ts'].split('.')
        ev['ts'] = (int(sec), int(nsec))
    for key in ('id', 'route', 'parent', 'mime', 'file', 'bytes'):
        ev[key] = parse_str(vals[key])
    if vals['tags'] == '-':
        ev['tags'] = None
    elif vals['tags'] == '{}':
        ev['tags'] = []
    else:
        ev['tags'] = [parse_str(t) for t in vals['tags'].split(',')]
    return ev


def read_lines(path):
    with open(path, 'r', encoding='ascii') as f:
        return [parse_line(line) for line in f]


# ---------------------------------------------------------------- python

def to_datetime(ts):
    sec, nsec = ts
    return EPOCH + datetime.timedelta(seconds=sec, microseconds=nsec // 1000)


def from_datetime(dt):
    d = dt - EPOCH
    return (d.days * 86400 + d.seconds, d.microseconds * 1000)


def u8(b):
    return None if b is None else b.decode('utf-8')


def py_write(out, ev):
    """Write one canonical event with python's encoder."""
    if ev['parent'] is not None:
        raise ValueError('python-subunit has no parent id')
    tags = None
    if ev['tags'] is not None:
        tags = [t.decode('utf-8') for t in ev['tags']]
    out.status(
        test_id=u8(ev['id']), test_status=STATUS_NAMES[ev['status']],
        test_tags=tags, runnable=ev['runnable'], file_name=u8(ev['file']),
        file_bytes=ev['bytes'], eof=ev['eof'], mime_type=u8(ev['mime']),
        route_code=u8(ev['route']),
        timestamp=None if ev['ts'] is None else to_datetime(ev['ts']))


class Collect(object):
    """A StreamResult that keeps canonical lines of what the parser says."""

    def __init__(self):
        self.lines = []

    def status(self, test_id=None, test_status=None, test_tags=None,
               runnable=True, file_name=None, file_bytes=None, eof=False,
               mime_type=None, route_code=None, timestamp=None):
        enc = (lambda s: None if s is None else s.encode('utf-8'))
        ev = {
            'status': STATUS_NUM[test_status], 'runnable': runnable,
            'eof': eof,
            'ts': None if timestamp is None else from_datetime(timestamp),
            'id': enc(test_id), 'route': enc(route_code), 'parent': None,
            'tags': None if test_tags is None
            else [t.encode('utf-8') for t in test_tags],
            'mime': enc(mime_type), 'file': enc(file_name),
            'bytes': None if file_name is None else bytes(file_bytes),
        }
        self.lines.append(fmt_line(ev))


def py_decode(path):
    r = Collect()
    with open(path, 'rb') as f:
        ByteStreamToStreamResult(f, non_subunit_name='stdout').run(r)
    return r.lines


# ---------------------------------------------------------------- random

UNICODE_BITS = ['é', 'ß', 'Ω', 'Ж', '中文', 'ü', '€', '𝔘', '😀', '🧪',
                '\u2028', '\U0010fffd', 'a b', '\t', '\n', '/', '.']
MIMES = ['text/plain;charset=utf8', 'application/octet-stream',
         'text/x-traceback; charset="utf8"', 'text/plain; charset=UTF8',
         'text/plain']
FILE_NAMES = ['stdout', 'stderr', 'traceback', 'reason', '', 'log 📄',
              'Packet data']


class Gen(object):
    """The random event distribution shared by gen-py and gen-canon."""

    def __init__(self, seed, max_file):
        self.r = random.Random(seed)
        self.max_file = max_file

    def text(self, lo, hi):
        r = self.r
        n = r.randint(lo, hi)
        out = []
        while len(out) < n:
            if r.random() < 0.15:
                out.append(r.choice(UNICODE_BITS))
            else:
                out.append(chr(r.randint(0x20, 0x7e)))
        return ''.join(out)

    def test_id(self):
        r = self.r
        x = r.random()
        if x < 0.08:
            return None
        if x < 0.12:
            return ''
        if x < 0.122:
            return self.text(10000, 100000)
        if x < 0.25:
            return self.text(1, 80)
        return 'tests.test_mod.TestClass.test_%d' % r.randint(0, 10 ** 6)

    def timestamp(self):
        r = self.r
        x = r.random()
        if x < 0.3:
            return None
        sec = r.choice([0, 1, 2 ** 31, 2 ** 32 - 1, 1007, 1700000000,
                        r.randint(0, 2 ** 32 - 1)])
        usec = r.choice([0, 1, 45, 999999, r.randint(0, 999999)])
        return (sec, usec * 1000)

    def tags(self):
        r = self.r
        x = r.random()
        if x < 0.5:
            return None
        if x < 0.55:
            return set()          # python omits it: decodes as None
        tags = [r.choice(['worker-0', 'worker-1', 'slow', 'net', '',
                          'ünï', '🏷', self.text(1, 20)])
                for _ in range(r.randint(1, 5))]
        if r.random() < 0.2:
            return tags + tags[:1]  # a list with a duplicate
        return set(tags)

    def file_bytes(self):
        r = self.r
        x = r.random()
        if x < 0.1:
            n = 0
        elif x < 0.9:
            n = r.randint(1, 4096)
        elif x < 0.997:
            n = r.randint(4097, 70000)
        else:
            n = r.randint(1000000, 3900000)
        n = min(n, self.max_file)
        if r.random() < 0.5:
            # Binary, rich in signature bytes and NULs, repeated to size.
            pool = bytes([0xb3, 0x00, 0x0a, 0xc2, 0xff, 0x29, 0x03])
            block = bytes(r.choice(pool) if r.random() < 0.3
                          else r.randint(0, 255) for _ in range(4099))
        else:
            block = self.text(1, 200).encode('utf-8')
        return (block * (n // len(block) + 1))[:n]

    def event(self):
        r = self.r
        ev = {
            'test_id': self.test_id(),
            'test_status': r.choice(STATUS_NAMES),
            'test_tags': self.tags(),
            'runnable': r.random() < 0.8,
            'eof': r.random() < 0.3,
            'route_code': r.choice([None] * 6 + ['', '0', '0/3', 'wörker']),
            'timestamp': self.timestamp(),
            'mime_type': None, 'file_name': None, 'file_bytes': None,
        }
        if r.random() < 0.45:
            ev['file_name'] = r.choice(FILE_NAMES)
            ev['file_bytes'] = self.file_bytes()
            ev['mime_type'] = r.choice([None, None, ''] + MIMES)
        elif r.random() < 0.1:
            ev['mime_type'] = r.choice(MIMES)
        fit(ev)
        return ev


def encoded_len(ev):
    buf = io.BytesIO()
    py_status(StreamResultToBytes(buf), ev)
    return len(buf.getvalue())


def fit(ev):
    """Shrink the file bytes so the packet stays within PACKET_MAX."""
    if ev['file_bytes'] is None or len(ev['file_bytes']) < 3000000:
        return
    fb = ev['file_bytes']
    ev['file_bytes'] = b''
    room = PACKET_MAX - encoded_len(ev) - 6
    ev['file_bytes'] = fb[:room]


def py_status(out, ev):
    ts = ev['timestamp']
    kw = dict(ev)
    kw['timestamp'] = None if ts is None else to_datetime(ts)
    out.status(**kw)


def edge_events():
    """Fixed events at the format's edges, first in every gen-py stream."""
    base = dict(test_id=None, test_status=None, test_tags=None,
                runnable=True, file_name=None, file_bytes=None, eof=False,
                mime_type=None, route_code=None, timestamp=None)
    evs = [
        dict(base, runnable=False),                    # b32000081815f0ba
        dict(base, test_id='', test_status='success', runnable=False),
        dict(base, test_id='foo', test_status='exists', runnable=False),
        dict(base, timestamp=(1008161999, 45000), test_id='bar',
             test_status='success', runnable=False),
        # The largest packet: 4194289 content bytes, empty name.
        dict(base, runnable=False, file_name='',
             file_bytes=bytes([0xb3]) * 4194289),
        dict(base, eof=True, runnable=False, route_code=''),
    ]
    # Whole packets of 62..66 and 16382..16386 bytes (length width steps).
    for total in (62, 63, 65, 66, 16382, 16383, 16385, 16386):
        ev = dict(base, file_name='x', file_bytes=b'')
        ev['file_bytes'] = b'\xb3' * (total - encoded_len(ev))
        while encoded_len(ev) > total:
            ev['file_bytes'] = ev['file_bytes'][:-1]
        evs.append(ev)
    return evs


# ---------------------------------------------------------------- crafted

def raw_packet(flags, body, length_form=None):
    """A packet with a valid CRC around body; length_form forces the
    width of the length Number (python's parser accepts any width <= 3)."""
    import struct
    import zlib
    total = 1 + 2 + 4 + len(body)
    width = length_form
    if width is None:
        width = 1 if total + 1 <= 63 else 2 if total + 2 <= 16383 else 3
    total += width
    num = {1: struct.pack('>B', total),
           2: struct.pack('>H', 0x4000 | total),
           3: struct.pack('>I', 0x800000 | total)[1:]}[width]
    head = b'\xb3' + struct.pack('>H', flags) + num + body
    return head + struct.pack('>I', zlib.crc32(head) & 0xffffffff)


def crafted_streams():
    """(name, bytes): valid but unusual input both parsers must agree on."""
    foo = b'\x03foo'
    good = raw_packet(0x2903, b'\x02t1')
    return [
        ('length-2-byte', raw_packet(0x2903, foo, 2)),
        ('length-3-byte', raw_packet(0x2903, foo, 3)),
        ('id-len-non-minimal', raw_packet(0x2903, b'\x40\x03foo')),
        ('id-len-4-byte', raw_packet(0x2903, b'\xc0\x00\x00\x03foo')),
        ('ts-ns-4-byte', raw_packet(0x2b03, b'\x00\x00\x00\x07\xc0\x00\x00'
                                    b'\x00' + foo)),
        ('tags-count-0', raw_packet(0x2983, foo + b'\x00')),
        ('tags-duplicates', raw_packet(0x2983, foo + b'\x03\x01a\x01a\x00')),
        ('mime-empty', raw_packet(0x2923, foo + b'\x00')),
        ('file-empty-name-and-bytes', raw_packet(0x2140, b'\x00\x00')),
        ('file-and-status', raw_packet(0x2976, foo + b'\x0atext/plain'
                                       b'\x02tb\x04boom')),
        ('trailing-bytes', raw_packet(0x2903, foo + b'xyz')),
        ('version-3', raw_packet(0x3903, foo)),
        ('version-0', raw_packet(0x0903, foo)),
        ('flags-f803', raw_packet(0xf803, foo)),
        ('bit-0008-no-bytes', raw_packet(0x290b, foo)),
        ('eof-only', raw_packet(0x2913, foo)),
        ('minimal', raw_packet(0x2000, b'')),
        ('empty-id-empty-route', raw_packet(0x2d03, b'\x00\x00')),
        ('interleaved-ids', good + raw_packet(0x2906, b'\x02t2') + good),
        ('text-around', b'hello\n' + good + b'bye\n'),
        ('text-mid-line', b'abc' + good + b'def\n'),
        ('text-b3-in-char', b'x\xc2\xb3y\n' + good),
        ('text-invalid-utf8', b'x\xff' + good),
        ('text-crlf', b'line\r\n' + good + b'\r\n'),
        # Good CRC, bad fields: python reports its parser-error pair with
        # the whole packet as "Packet data" (cases python crashes on,
        # e.g. a timestamp flag with no room for it, are left out).
        ('malformed-id-past-end', raw_packet(0x2903, b'\x09xy') + good),
        ('malformed-id-nul', raw_packet(0x2903, b'\x03a\x00b') + good),
        ('malformed-id-overlong', raw_packet(0x2903, b'\x02\xc0\x80') + good),
        ('malformed-id-surrogate', raw_packet(0x2903, b'\x03\xed\xa0\x80')
         + good),
        ('malformed-id-truncated', raw_packet(0x2903, b'\x01\xc3') + good),
        ('malformed-tag-nul', raw_packet(0x2983, foo + b'\x01\x02\x00a')
         + good),
        ('malformed-route-utf8', raw_packet(0x2d03, foo + b'\x01\xff') + good),
        ('malformed-file-past-end', raw_packet(0x2140, b'\x01x\x09ab') + good),
        ('malformed-id-3-byte-length', raw_packet(0x2903, b'\x09xy', 3)
         + good),
    ]


# ---------------------------------------------------------------- commands

def cmd_gen_py(argv):
    seed, n, prefix = int(argv[0]), int(argv[1]), argv[2]
    max_file = int(argv[argv.index('--max-file') + 1]) \
        if '--max-file' in argv else PACKET_MAX
    gen = Gen(seed, max_file)
    evs = [e for e in edge_events()
           if e['file_bytes'] is None or len(e['file_bytes']) <= max_file]
    evs = evs[:n] + [gen.event() for _ in range(max(0, n - len(evs)))]
    with open(prefix + '.bin', 'wb') as f:
        out = StreamResultToBytes(f)
        for ev in evs:
            py_status(out, ev)
    with open(prefix + '.txt', 'w', encoding='ascii') as f:
        for line in py_decode(prefix + '.bin'):
            f.write(line + '\n')
    return 0


def canon_event(gen, parent):
    r = gen.r
    ev = gen.event()
    enc = (lambda s: None if s is None else s.encode('utf-8'))
    tags = ev['test_tags']
    if tags is not None and r.random() < 0.1:
        tags = []                  # '{}': our encoder omits it too
    return {
        'status': STATUS_NUM[ev['test_status']], 'runnable': ev['runnable'],
        'eof': ev['eof'], 'ts': ev['timestamp'], 'id': enc(ev['test_id']),
        'route': enc(ev['route_code']),
        'parent': enc(gen.test_id()) if parent and r.random() < 0.7 else None,
        'tags': None if tags is None else [t.encode('utf-8') for t in tags],
        'mime': enc(ev['mime_type']), 'file': enc(ev['file_name']),
        'bytes': ev['file_bytes'],
    }


def cmd_gen_canon(argv):
    seed, n, path = int(argv[0]), int(argv[1]), argv[2]
    gen = Gen(seed, 100000)
    with open(path, 'w', encoding='ascii') as f:
        for _ in range(n):
            f.write(fmt_line(canon_event(gen, '--parent' in argv)) + '\n')
    return 0


def cmd_gen_crafted(argv):
    """One file per crafted stream: DIR/NAME.bin and DIR/NAME.txt (python's
    reading of it)."""
    import os
    for name, data in crafted_streams():
        path = os.path.join(argv[0], name)
        with open(path + '.bin', 'wb') as f:
            f.write(data)
        with open(path + '.txt', 'w', encoding='ascii') as f:
            for line in py_decode(path + '.bin'):
                f.write(line + '\n')
    return 0


def split_packets(data):
    """The packets of a clean stream, as byte strings."""
    out, pos = [], 0
    while pos < len(data):
        width = (data[pos + 3] >> 6) + 1
        length = data[pos + 3] & 0x3f
        for b in data[pos + 4:pos + 3 + width]:
            length = length << 8 | b
        out.append(data[pos:pos + length])
        pos += length
    return out


def cmd_gen_mixed(argv):
    """Packets of a clean stream (those under 100 KB, at most 600) with
    junk between them: text, stray signature and UTF-8 lead bytes, runs
    past SW_DEC_TEXT_MAX, truncated copies of packets."""
    r = random.Random(int(argv[0]))
    with open(argv[1], 'rb') as f:
        pkts = [p for p in split_packets(f.read()) if len(p) < 100000]
    junk = bytes([0xb3, 0xc2, 0xe2, 0x82, 0x0a, 0x41, 0xff, 0x29, 0x20])
    out = bytearray()
    for p in pkts[:600]:
        x = r.random()
        if x < 0.3:
            n = r.choice([1, 2, 3, 10, 100, 70000])
            out += bytes(r.choice(junk) for _ in range(n))
        elif x < 0.4:
            out += 'héllo wörld ³ 😀\n'.encode('utf-8') * r.randint(1, 5)
        if r.random() < 0.05:
            out += p[:r.randint(1, len(p) - 1)]
        out += p
    with open(argv[2], 'wb') as f:
        f.write(out)
    print(min(600, len(pkts)))
    return 0


def cmd_decode(argv):
    out = sys.stdout
    for line in py_decode(argv[0]):
        out.write(line + '\n')
    return 0


def cmd_encode_py(argv):
    evs = read_lines(argv[0])
    with open(argv[1], 'wb') as f:
        out = StreamResultToBytes(f)
        for ev in evs:
            py_write(out, ev)
    return 0


def cmd_normalize(argv):
    keep_parent = '--keep-parent' in argv
    path = [a for a in argv if not a.startswith('--')][0]
    for ev in read_lines(path):
        if ev['mime'] == b'':
            ev['mime'] = None
        if ev['tags'] is not None and len(ev['tags']) == 0:
            ev['tags'] = None
        if not keep_parent:
            ev['parent'] = None
        sys.stdout.write(fmt_line(ev) + '\n')
    return 0


def short(tok):
    return tok if len(tok) <= 80 else '%s...(%d chars)' % (tok[:80], len(tok))


def cmd_diff(argv):
    with open(argv[0]) as fa, open(argv[1]) as fb:
        a, b = fa.read().splitlines(), fb.read().splitlines()
    for i, (la, lb) in enumerate(zip(a, b)):
        if la == lb:
            continue
        print('line %d differs:' % (i + 1))
        for ta, tb in zip(la.split(' '), lb.split(' ')):
            mark = '  ' if ta == tb else '* '
            print('%s%-40s | %s' % (mark, short(ta), short(tb)))
        return 1
    if len(a) != len(b):
        print('%s has %d lines, %s has %d' % (argv[0], len(a), argv[1],
                                              len(b)))
        longer = a if len(a) > len(b) else b
        print('first extra line: %s' % short(longer[min(len(a), len(b))]))
        return 1
    return 0


COMMANDS = {
    'gen-py': (cmd_gen_py, 3), 'gen-canon': (cmd_gen_canon, 3),
    'decode': (cmd_decode, 1), 'encode-py': (cmd_encode_py, 2),
    'normalize': (cmd_normalize, 1), 'diff': (cmd_diff, 2),
    'gen-crafted': (cmd_gen_crafted, 1), 'gen-mixed': (cmd_gen_mixed, 3),
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS \
            or len(argv) - 2 < COMMANDS[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    try:
        return COMMANDS[argv[1]][0](argv[2:])
    except ValueError as e:
        sys.stderr.write('interop.py %s: %s\n' % (argv[1], e))
        return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
