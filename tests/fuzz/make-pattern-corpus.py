#!/usr/bin/python3
"""Write the seed corpora of the pattern fuzz targets (run it from anywhere,
after `make check-build`, which builds the fixtures):

    /usr/bin/python3 tests/fuzz/make-pattern-corpus.py

tests/fuzz/corpus/patterns/      fuzz_patterns inputs (layout in
                                 fuzz_patterns.c and fuzz_pat.h): the real
                                 output of the fixtures, run as the wrapper
                                 runs them (each plug-in's arguments and
                                 environment) under strace, so every write
                                 keeps its fd and boundaries; the captures
                                 of tests/patterns/*.h; listing runs.
tests/fuzz/corpus/pattern_file/  fuzz_pattern_file inputs: a pattern file,
                                 a NUL byte, then writes to classify.
tests/fuzz/corpus/load_list/     fuzz_load_list inputs: --load-list files.

Seeds are named after what they hold.  Output a fixture prints differently
on each run (times, random seeds, pids) makes different bytes, so rerun
this only to change the seeds.  Longer outputs are cut at 6 KiB at a write
boundary.  Needs strace.  Other files in the directories are left alone:
those named by their SHA-1 are inputs fuzzing found that reach code the
seeds do not, kept by `fuzz_NAME -merge=1 -use_counters=0 corpus/NAME
found/` (`make fuzz` merges new ones the same way; merge again into an
empty directory holding the seeds to minimise).
"""
import os
import re
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures")
BFIX = os.path.join(ROOT, "build", "fixtures")
CORPUS = os.path.join(HERE, "corpus")
PLUGINS = ["tap", "automake", "exitcode", "gtest", "glib", "cmocka", "cunit",
           "check", "subunit", "user"]
MAX = 6 * 1024

# Each plug-in's run arguments and environment (patterns/pat_*.c).
RUN = {
    "gtest": (["--gtest_color=no", "--gtest_brief=0",
               "--gtest_print_time=1"],
              {"GTEST_COLOR": "no", "GTEST_BRIEF": "0",
               "GTEST_PRINT_TIME": "1"}),
    "glib": (["--tap", "-k", "--debug-log"], {}),
    "cmocka": ([], {"CMOCKA_MESSAGE_OUTPUT": "STDOUT"}),
    "check": ([], {"CK_VERBOSITY": "normal"}),
    "automake": ([], {"AM_COLOR_TESTS": "no"}),
}
LIST_ARGS = {"gtest": ["--gtest_list_tests"], "glib": ["-l"]}


def capture(cmd, env_add=None, xml=False, timeout=5):
    """Run cmd under strace: ([(fd, bytes)], how it ended)."""
    env = dict(os.environ)
    env.update(env_add or {})
    tmp = tempfile.mkdtemp(prefix="sw-corpus.")
    log = os.path.join(tmp, "strace")
    # Writes are told apart by the file written (strace -y), not by the
    # fd: Test::More writes on dups of stdout and stderr.
    paths = {os.path.join(tmp, "out"): 1, os.path.join(tmp, "err"): 2,
             os.path.join(tmp, "check.xml"): 3}
    if xml:
        env["CK_XML_LOG_FILE_NAME"] = os.path.join(tmp, "check.xml")
    try:
        with open(os.path.join(tmp, "out"), "wb") as out, \
                open(os.path.join(tmp, "err"), "wb") as err:
            p = subprocess.run(["timeout", "-s", "KILL", str(timeout),
                                "strace", "-f", "-q", "-o", log, "-e",
                                "trace=write", "-e", "signal=none", "-y",
                                "-xx", "-s", "1000000"] + cmd,
                               stdin=subprocess.DEVNULL, stdout=out,
                               stderr=err, env=env, cwd=BFIX)
        rows = []
        for line in open(log, errors="replace"):
            w = re.search(r'write\(\d+<((?:\\x[0-9a-f]{2})*)>, '
                          r'"((?:\\x[0-9a-f]{2})*)"', line)
            if not w:
                continue
            path, data = (bytes.fromhex(g.replace("\\x", "")) for g in
                          w.groups())
            if os.fsdecode(path) in paths:
                rows.append((paths[os.fsdecode(path)], data))
    finally:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    rc = p.returncode
    if rc == -signal.SIGKILL or rc == 137:
        end = ("timeout", timeout)
    elif rc < 0:
        end = ("signal", -rc)
    else:
        end = ("exit", rc)
    return rows, end


def writes(rows, limit=MAX):
    """The writes format of fuzz_pat.h: 0xFF marks, literal 0xFF doubled."""
    out = bytearray()
    fd = 1
    for wfd, data in rows:
        piece = data.replace(b"\xff", b"\xff\xff")
        if out and len(out) + len(piece) + 2 > limit:
            break
        if wfd != fd or out:
            out += bytes([0xFF, wfd - 1])
            fd = wfd
        out += piece
    return bytes(out[:limit])


def header(plugin, end, listing=False, user=0, split=0):
    kind, v = end
    b1 = {"exit": 0, "signal": 1, "timeout": 2}[kind]
    if kind == "signal":
        v = (v - 1) % 64
    b1 |= (8 if listing else 0) | (user << 6)
    return bytes([PLUGINS.index(plugin), b1, v & 0xFF, split, 0])


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def seed(plugin, name, cmd, env=None, xml=False, listing=False, user=0,
         split=0):
    rows, end = capture(cmd, env, xml)
    if not rows:
        print("no output: %s" % " ".join(cmd), file=sys.stderr)
        return
    put("patterns", "%s-%s" % (plugin, name),
        header(plugin, end, listing, user, split) + writes(rows))


def fixture(name):
    """A fixture's path: built in build/fixtures, or a script."""
    b = os.path.join(BFIX, name)
    return b if os.path.exists(b) else os.path.join(FIX, name)


def c_strings(text):
    """The rows { fd, "..." "..." } of a C table of writes."""
    esc = {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\", '"': b'"',
           "'": b"'", "0": b"\0", "a": b"\a", "b": b"\b", "f": b"\f",
           "v": b"\v"}
    rows = []
    for m in re.finditer(r'\{\s*([123]),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}',
                         text):
        data = bytearray()
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)):
            i = 0
            while i < len(lit):
                c = lit[i]
                if c != "\\":
                    data += c.encode()
                    i += 1
                elif lit[i + 1] == "x":
                    j = i + 2
                    while j < len(lit) and lit[j] in "0123456789abcdefABCDEF":
                        j += 1
                    data.append(int(lit[i + 2:j], 16) & 0xFF)
                    i = j
                else:
                    data += esc[lit[i + 1]]
                    i += 2
        rows.append((int(m.group(1)), bytes(data)))
    return rows


def tables(path):
    """{name: rows} of every `NAME[] = { ... };` table in a header."""
    text = open(path).read()
    out = {}
    for m in re.finditer(r'(\w+)\[\] = \{(.*?)\n\};', text, re.S):
        rows = c_strings(m.group(2))
        if rows:
            out[m.group(1)] = rows
    return out


def patterns():
    ok = ("exit", 0)
    # TAP, and the same output read by automake and as chatter.
    for f in ["tap_pass.sh", "tap_fail.sh", "tap_diag.sh", "tap_directives.sh",
              "tap_bailout.sh", "tap14_subtests.sh", "tap14_bailout.sh",
              "tap_yaml.sh", "tap_crlf.sh", "tap_glued.sh", "tap_pieces.sh",
              "tap_nonumber.sh", "tap_plan_end.sh", "tap_plan_few.sh",
              "tap_repeat.sh", "tap_skip_all.sh", "tap_todo_pass.sh",
              "tap_names.sh", "tap_segv.sh", "tap_nonewline.sh",
              "tap_chatter.sh", "more_subtests.pl", "more_todo.pl",
              "more_fail.pl", "more_bailout.pl", "py_tap14.py",
              "c_tap_buffered"]:
        seed("tap", f, [fixture(f)])
    seed("tap", "tap_flood.sh-40", [fixture("tap_flood.sh"), "40"],
         split=7)
    seed("automake", "c_automake", [fixture("c_automake")], RUN["automake"][1])
    seed("automake", "tap_pass.sh", [fixture("tap_pass.sh")])
    seed("exitcode", "garbage.sh", [fixture("garbage.sh")])
    seed("exitcode", "exit_with.sh-77", [fixture("exit_with.sh"), "77"])
    seed("exitcode", "c_crash", [fixture("c_crash")])
    seed("subunit", "garbage.sh", [fixture("garbage.sh")])
    for f in ["gtest_basic", "gtest_death", "gtest_env", "gtest_exit",
              "gtest_param", "gtest_segv", "gtest_suite_setup",
              "fake_gtest_strings", "gtest_sample1", "gtest_sample3",
              "gtest_sample6", "gtest_sample9", "gtest_sample10"]:
        args, env = RUN["gtest"]
        seed("gtest", f, [fixture(f)] + args, env)
    for f in ["gtest_basic", "gtest_param", "gtest_sample6"]:
        seed("gtest", f + "-list", [fixture(f)] + LIST_ARGS["gtest"],
             listing=True)
    for f in ["glib_basic", "glib_assert", "glib_duplicate", "glib_exit",
              "glib_random", "glib_segv", "glib_warning"]:
        seed("glib", f, [fixture(f)] + RUN["glib"][0])
    for f in ["glib_basic", "glib_duplicate"]:
        seed("glib", f + "-list", [fixture(f)] + LIST_ARGS["glib"],
             listing=True)
    for f in ["cmocka_basic", "cmocka_groups", "cmocka_stop"]:
        seed("cmocka", f, [fixture(f)], RUN["cmocka"][1])
    for f in ["cunit_basic", "cunit_stop"]:
        seed("cunit", f, [fixture(f)])
    for f in ["check_basic", "check_fixture", "check_names", "fake_check"]:
        seed("check", f, [fixture(f)], RUN["check"][1], xml=True)
    env = dict(RUN["check"][1], CK_FORK="no")
    seed("check", "check_basic-nofork", [fixture("check_basic")], env,
         xml=True)
    seed("user", "gotest.sh", [fixture("gotest.sh")], user=1)
    seed("user", "gotest.sh-panic", [fixture("gotest.sh"), "panic"], user=1)
    seed("user", "tap_pass.sh", [fixture("tap_pass.sh")], user=3)
    seed("user", "more_subtests.pl", [fixture("more_subtests.pl")], user=3)
    put("patterns", "user-libfoo", header("user", ("exit", 1), user=0) +
        b"[ RUN  ] parser/empty\n[ DONE ] parser/empty: OK\n"
        b"[ RUN  ] parser/utf8\n"
        b"[ DONE ] parser/utf8: SKIPPED (no locale)\n"
        b"RESULT quick/one PASS\n[ RUN  ] parser/deep\n"
        b"\xff\x01*** CRASH in parser/deep\n\xff\x00[ DONE ] summary: FAILED\n")
    put("patterns", "user-nested", header("user", ("signal", 6), user=2) +
        b"BEGIN outer\n  BEGIN inner\nchatter\n  END OK\n"
        b"  BEGIN second\n\xff\x01error in second: disk full\n\xff\x00"
        b"SKIP net no network\nXFAIL known\nXPASS lucky\nUX odd\n"
        b"PASS outer\nBEGIN last\nEND FAIL: broken\nBEGIN open\n"
        b"\xff\xfe\x81z\nBEGIN deep")
    # The captures the unit tests replay.
    caps = os.path.join(ROOT, "tests", "patterns")
    for name, rows in tables(os.path.join(caps, "glib_output.h")).items():
        lst = name.endswith("_list")
        put("patterns", "glib-capture-" + name,
            header("glib", ("exit", 1), listing=lst) + writes(rows))
    for name, rows in tables(os.path.join(caps, "check_captures.h")).items():
        put("patterns", "check-capture-" + name,
            header("check", ("exit", 1)) + writes(rows))


def pattern_files():
    files = {
        "gotest": open(os.path.join(FIX, "gotest.pattern"), "rb").read(),
        "bad_keyword": open(os.path.join(FIX, "bad_keyword.pattern"),
                            "rb").read(),
        "bad_regex": open(os.path.join(FIX, "bad_regex.pattern"),
                          "rb").read(),
        "libfoo": b"ignore  ^\\[ DONE \\] summary\n"
                  b"start   ^\\[ RUN  \\] (.+)$\n"
                  b"result  name=1 status=2 reason=4 "
                  b"^\\[ DONE \\] (.+): ([A-Z]+)( \\((.*)\\))?$\n"
                  b"result  name=1 status=2 ^RESULT\\s+(\\S+)\\s+(\\S+)$\n"
                  b"fail    ^\\*\\*\\* CRASH in (.+)$\n",
        "every-keyword": b"# every keyword and option\r\n"
                         b"start icase ^begin (.*)$\n"
                         b"pass name=0 ^end ok$\n"
                         b"fail reason=2 ^FAIL (\\S+) (.*)$\n"
                         b"error ^ERROR (\\S+)\n"
                         b"skip\tname=1 reason=2\t^SKIP (\\w+) ?(.*)$  \n"
                         b"xfail ^XFAIL (.+)$\n"
                         b"xpass ^XPASS (.+)$\n"
                         b"uxsuccess ^UX (.+)$\n"
                         b"result status=2 name=1 reason=3 "
                         b"^R (\\S+) (\\S+) ?(.*)$\n"
                         b"ignore ^#\n",
        "errors-1": b"start ^x(.*)$\nresult status=7 ^(a)(b)$\n",
        "errors-2": b"start name=0 ^x$\n",
        "errors-3": b"ignore name=1 ^x\n",
        "errors-4": b"pass status=1 ^(x)\n",
        "errors-5": b"pass name=x ^(x)\n",
        "errors-6": b"pass\n",
        "errors-7": b"# only a comment\n\n   \n",
        "errors-8": b"start \xc3\xa9\x01 ^(x\n",
    }
    out = {
        "gotest": b"=== RUN   TestA\nhi\n--- PASS: TestA (0.00s)\n"
                  b"=== RUN   TestB\n=== RUN   TestB/sub\n"
                  b"    --- FAIL: TestB/sub (0.01s)\n"
                  b"--- FAIL: TestB (0.01s)\nFAIL\n",
        "libfoo": b"[ RUN  ] a\n[ DONE ] a: OK\n[ RUN  ] b\n"
                  b"[ DONE ] b: SKIPPED (why)\nRESULT c PASS\n"
                  b"*** CRASH in d\n[ DONE ] summary: FAILED\n",
        "every-keyword": b"BEGIN one\nchatter\nend ok\nBEGIN two\nbegin three\n"
                         b"FAIL three bad\nERROR two\nSKIP net offline\n"
                         b"XFAIL x\nXPASS y\nUX z\nR r1 PASS\nR r2 weird why\n"
                         b"# note\nbegin left open\nhalf",
    }
    for name, text in files.items():
        put("pattern_file", name, text + b"\0" + out.get(name, b""))


def load_lists():
    lists = {
        "testr": b"prog/a\nprog/b (sub)\nprog/b (sub) (deeper)\n"
                 b"process-returncode\n",
        "crlf": b"prog/a\r\nprog/b\r\n\r\n\nprog/c",
        "latin1": b"caf\xe9 (\xfcber)\nna\xefve\n",
        "utf8": b"caf\xc3\xa9 (\xc3\xbcber)\n\xf0\x9f\x98\x80\n",
        "spaces": b"  lead\ntrail  \n a (b) (c)\n(x)\n (\n",
        "gtest": b"Suite.Test\nSuite.Test (Suite (set-up))\n"
                 b"Param/Suite.Test/0\nTyped/0.Test\n-*\nA:B\n",
        "glib": b"/basic/pass\n/basic/sub (x)\n/\n/a/subprocess/b\n",
        "check": b"Core Suite/Basic\n/Basic\nNoSlash\nS/T #2\n",
        "empty": b"",
        "no-newline": b"only",
    }
    for name, text in lists.items():
        put("load_list", name, text)


patterns()
pattern_files()
load_lists()
