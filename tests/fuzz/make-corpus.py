#!/usr/bin/python3
"""Write the seed corpora of the fuzz targets (run it from anywhere):

    /usr/bin/python3 tests/fuzz/make-corpus.py

tests/fuzz/corpus/decode/     byte streams for fuzz_decode: real packets
                              from python-subunit's StreamResultToBytes
                              (every status, every field), text mixed in,
                              and the corrupt cases of subunit.md §2.3,
                              §2.4 and §7 built byte by byte.
tests/fuzz/corpus/roundtrip/  packet descriptions for fuzz_roundtrip, in
                              the layout build_packet() reads (see
                              fuzz_roundtrip.c).

Seeds are named after what they hold and are rewritten identically on
every run (no clock, no randomness).  Other files in the directories are
left alone: those named by their SHA-1 are inputs that `make fuzz` found
and merged because they reach code the seeds do not (keep the whole
corpus under 100 files and 1 MB).
"""
import datetime
import io
import os
import struct
import sys
import zlib

from subunit.v2 import StreamResultToBytes

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
TS = datetime.datetime(2001, 12, 12, 12, 59, 59, 45, tzinfo=UTC)
STATUSES = ["exists", "inprogress", "success", "uxsuccess", "skip", "fail",
            "xfail"]


def py(*events):
    """Encode status() calls (dicts of keyword arguments) with python."""
    out = io.BytesIO()
    w = StreamResultToBytes(out)
    for ev in events:
        w.status(**ev)
    return out.getvalue()


def number(v, width=None):
    """A subunit Number, shortest form unless width (1..4) is given."""
    if width is None:
        width = 1 if v < 1 << 6 else 2 if v < 1 << 14 else 3 if v < 1 << 22 \
            else 4
    return (v | (width - 1) << (8 * width - 2)).to_bytes(width, "big")


def string(b, width=None):
    return number(len(b), width) + b


def packet(flags, body, length=None, lwidth=None, crc=None):
    """A packet around body; length/lwidth override the length field,
    crc the checksum (default: the right one)."""
    if length is None:
        length = 3 + len(body) + 4
        length += 1 if lwidth is None and length + 1 < 64 else \
            2 if lwidth is None and length + 2 < 16384 else \
            3 if lwidth is None else lwidth
    head = b"\xb3" + struct.pack(">H", flags) + number(length, lwidth)
    data = head + body
    if crc is None:
        crc = zlib.crc32(data) & 0xFFFFFFFF
    return data + struct.pack(">I", crc)


def decode_seeds():
    s = {}
    good = py(dict(test_id="t1", test_status="success"))
    good2 = py(dict(test_id="t2", test_status="fail"))
    assert good.hex() == "b329030b02743125fa4bca", good.hex()
    s["status-all-and-none"] = py(
        *[dict(test_id="test." + st, test_status=st) for st in STATUSES],
        dict(test_id=""))
    s["fields-all"] = py(dict(
        test_id="x", test_status="fail", test_tags={"worker-0"},
        runnable=True, file_name="traceback", file_bytes=b"boom",
        mime_type="text/plain", eof=True, route_code="0/1", timestamp=TS))
    s["fields-not-runnable-tags"] = py(dict(
        test_id="pkg.Test.test_a (1 - sub)", test_status="success",
        runnable=False, test_tags={"a", "b", "worker-1"}, eof=True))
    s["fields-file-only"] = py(dict(file_name="stdout", file_bytes=b"hello\n"))
    s["fields-unicode"] = py(dict(
        test_id="t\u00e9st \u20ac \U0001f600", test_status="skip",
        file_name="reason", file_bytes="\u00e9t\u00e9\n".encode(),
        mime_type="text/plain;charset=utf8", eof=True, route_code=""))
    s["session-inprogress-output-final"] = py(
        dict(test_id="suite.case", test_status="inprogress", timestamp=TS),
        dict(test_id="suite.case", file_name="stdout", file_bytes=b"out\n",
             mime_type="text/plain;charset=utf8"),
        dict(test_id="suite.case", file_name="stderr", file_bytes=b"err\n",
             mime_type="text/plain;charset=utf8", eof=True),
        dict(test_id="suite.case", test_status="success", timestamp=TS))
    p63 = py(dict(test_id="a" * 54, test_status="success"))
    p65 = py(dict(test_id="a" * 55, test_status="success"))
    assert (len(p63), len(p65)) == (63, 65)
    s["size-63-then-65"] = p63 + p65
    p16383 = py(dict(test_id="big", file_name="f", file_bytes=b"x" * 16366))
    p16385 = py(dict(test_id="big", file_name="f", file_bytes=b"x" * 16367))
    assert (len(p16383), len(p16385)) == (16383, 16385)
    s["size-16383-16385"] = p16383 + p16385
    # Text around and between packets (subunit.md §2.4).
    s["text-V-around"] = b"hello\n" + good + b"bye\n"
    s["text-W-mid-line"] = b"abc" + good + b"def\n"
    # X, X2, X3, X4: 0xB3 inside a character, lead bytes before a packet.
    s["text-X-utf8-around-b3"] = (b"x\xc2\xb3y\n" + good + b"x\xc2" + good
                                  + b"\nx\xe2\x82" + good + b"\nx\xff" + good)
    s["text-Z-latin1-b3"] = b"price \xb3 5\n" + good
    s["text-crlf"] = b"line\r\n" + good + b"tail without newline"
    # 64 KiB text cut: the character e2 82 .. spans the cut before a 0xB3.
    s["text-64k-cut-mid-char"] = (b"a" * 65535 + b"\xe2\x82\xb3\x20\x05"
                                  + good)
    # Corruption (subunit.md §2.3 and §7).
    s["corrupt-B-bad-crc"] = good[:-1] + b"\x35" + good2
    s["corrupt-C-bit-0008"] = packet(0x290B, string(b"t1")) + good2
    s["corrupt-DE-version-3-and-0"] = (packet(0x3903, string(b"t1")) + good2
                                       + packet(0x0903, string(b"t1")) + good2)
    s["corrupt-F-flags-f803"] = packet(0xF803, string(b"t1")) + good2
    s["corrupt-G-short-at-eof"] = good2 + good[:-3]
    s["corrupt-H-header-only"] = good2 + b"\xb3\x29\x03"
    s["corrupt-I-lone-b3"] = good2 + b"\xb3"
    s["corrupt-J-4-byte-length"] = (b"\xb3\x29\x03" + number(15, 4)
                                    + string(b"t1") + b"\0\0\0\0" + good2)
    s["corrupt-K-length-2-and-3-bytes"] = (
        packet(0x2903, string(b"t1"), lwidth=2)
        + packet(0x2903, string(b"t1"), lwidth=3))
    s["corrupt-L-length-40"] = (packet(0x2903, string(b"t1"), length=40)[:-4]
                                + good[-4:] + good2 * 4)
    s["corrupt-M-lengths-0-5-6-7-8"] = b"".join(
        b"\xb3\x29\x03" + bytes([n]) + b"\x02t1\0\0\0\0" + good2
        for n in (0, 5, 6, 7, 8))
    s["corrupt-N-minimal"] = packet(0x2000, b"")
    assert s["corrupt-N-minimal"].hex() == "b32000081815f0ba"
    s["corrupt-O-trailing-bytes"] = packet(0x2903, string(b"t1") + b"xyz")
    # P, Q, Q2, Q3, Q4: NUL, c3 28, overlong, surrogate, truncated.
    s["corrupt-PQ-bad-id-strings"] = b"".join(
        packet(0x2903, string(ident)) + good2
        for ident in (b"a\0b", b"\xc3\x28", b"\xc0\x80", b"\xed\xa0\x80",
                      b"ab\xc3"))
    s["corrupt-R-string-past-end"] = packet(0x2903, number(9) + b"t1")
    s["corrupt-S-file-past-end"] = packet(
        0x2940, string(b"t1") + string(b"f") + number(9) + b"ab")
    s["corrupt-T-flag-no-bytes"] = packet(0x2800, b"") + good2
    s["corrupt-U-short-timestamp"] = packet(0x2203, b"\x3c\x17") + good2
    s["corrupt-tag-nul"] = packet(0x2883, string(b"t1") + number(1)
                                  + string(b"a\0"))
    s["corrupt-route-not-utf8"] = packet(0x2c03, string(b"t1")
                                         + string(b"\xff"))
    s["corrupt-tag-count-lie"] = packet(0x2883, string(b"t1") + number(200))
    # Valid but unusual (subunit.md §7).
    s["odd-non-minimal-numbers"] = packet(
        0x2BE3, b"\x3c\x17\x54\xcf" + number(45000, 4) + string(b"t1", 3)
        + number(1, 2) + string(b"tag", 4) + string(b"text/plain", 2)
        + string(b"f", 3) + number(2, 4) + b"ok")
    s["odd-tag-count-0-empty-mime"] = packet(0x28a3, string(b"t1") + number(0)
                                             + string(b""))
    s["odd-nsec-over-1e9"] = packet(0x2b03, b"\0\0\0\1" + number(10 ** 9 + 5)
                                    + string(b"t1"))
    s["odd-eof-no-file"] = packet(0x2813, string(b"test 1"))
    s["parent-extension"] = packet(0x2d0b, string(b"t (1 - a)")
                                   + string(b"0") + string(b"t"))
    s["parent-flag-no-bytes"] = packet(0x2c0b, string(b"t1") + string(b"0"))
    s["parent-bad-utf8"] = packet(0x2c0b, string(b"t1") + string(b"0")
                                  + string(b"\xff"))
    s["mixed-damage-and-text"] = (b"start\n" + good + b"\xb3\x29" + good2
                                  + b"noise \xb3\x20\x05\x0cxx" + good
                                  + packet(0x2800, b"") + b"end\n")
    return s


def rt(have, status, opt, ts=(0, 0), chunk=0, num=0, strs=(), flen=None,
       fname=b"", fbytes=b""):
    """A fuzz_roundtrip input (layout: see build_packet())."""
    b = bytes([have, status, opt]) + struct.pack(">IIHI", ts[0], ts[1], chunk,
                                                 num)
    for x in strs:
        b += bytes([len(x)]) + x
    if have & 0x20:
        if flen is None:
            flen = len(fbytes)
        b += struct.pack(">H", flen) + bytes([len(fname)]) + fname + fbytes
    return b


def roundtrip_seeds():
    s = {}
    ts = (1008161999, 45000)
    for st in (0, 3, 8):     # 8 is not a status: refused
        s["status-%d" % st] = rt(0x42, st, 0, strs=[b"test.one"])
    s["all-fields"] = rt(0xFF, 0x26, 0, ts=ts, chunk=40, num=63,
                         strs=[b"x", b"0/1", b"parent", b"text/plain",
                               b"worker-0", b"slow"],
                         fname=b"traceback", fbytes=b"boom\n" * 20)
    s["absent-vs-empty"] = rt(0x1E, 0x13, 0, num=64, strs=[b"", b"", b"", b"",
                                                           b""])
    s["timestamp-edges"] = rt(0x43, 3, 0, ts=(0xFFFFFFFF, 999999999),
                              num=16383, strs=[b"t"])
    s["nsec-1e9-invalid"] = rt(0x43, 3, 0x02, ts=(1, 10 ** 9), num=16384,
                               strs=[b"t"])
    s["number-max"] = rt(0x02, 3, 0, num=(1 << 30) - 1, strs=[b"t"])
    s["number-too-big"] = rt(0x02, 3, 0, num=1 << 30, strs=[b"t"])
    s["id-nul"] = rt(0x42, 3, 0, strs=[b"a\0b"])
    s["id-overlong"] = rt(0x42, 3, 0, strs=[b"\xc0\x80"])
    s["id-surrogate"] = rt(0x42, 3, 0, strs=[b"\xed\xa0\x80"])
    s["id-unicode"] = rt(0x42, 3, 0, strs=["t\u00e9st \U0001f600".encode()])
    s["tag-bad-utf8"] = rt(0x02, 0x13, 0, strs=[b"t", b"\xff"])
    s["tags-null"] = rt(0x02, 0x23, 0x08, strs=[b"t", b"a", b"b"])
    s["tags-array-none"] = rt(0x02, 0x03, 0x04, strs=[b"t"])
    s["mime-empty"] = rt(0x12, 3, 0, strs=[b"t", b""])
    s["file-empty"] = rt(0x22, 0, 0x10, strs=[b"t"], fname=b"stdout")
    s["file-bytes-null"] = rt(0x22, 0, 0x20, strs=[b"t"], fname=b"stdout",
                              fbytes=b"abc")
    s["file-chunked-small"] = rt(0xB3, 0x16, 0, ts=ts, chunk=30,
                                 strs=[b"t", b"r", b"text/plain", b"a"],
                                 fname=b"stdout", fbytes=bytes(range(200)))
    s["file-chunked-too-small"] = rt(0x22, 6, 0, chunk=12, strs=[b"t" * 20],
                                     fname=b"stdout", fbytes=b"abc")
    s["file-empty-fields-too-big"] = rt(0x22, 6, 0, chunk=30, strs=[b"t" * 40],
                                        fname=b"stdout")
    s["file-16k-edge"] = rt(0x22, 3, 0x5A, flen=183, strs=[b"t"],
                            fname=b"f")
    s["file-max-packet"] = rt(0x20, 0, 0xA5, flen=586, fname=b"")
    s["file-over-max"] = rt(0x20, 0, 0xA5, flen=600, fname=b"")
    return s


def write(sub, seeds):
    d = os.path.join(HERE, "corpus", sub)
    os.makedirs(d, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    total = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    print("%s: %d seeds written, %d files, %d bytes"
          % (os.path.relpath(d), len(seeds), len(os.listdir(d)), total))


def main():
    write("decode", decode_seeds())
    write("roundtrip", roundtrip_seeds())
    return 0


if __name__ == "__main__":
    sys.exit(main())
