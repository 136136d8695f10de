#!/usr/bin/env python3
"""Print a GLib fixture's output as a C table for tests/patterns/glib_output.h.

    glib_capture.py NAME [ENV=VALUE...] -- PROGRAM [ARG...]

Runs PROGRAM under strace and prints every write(2) to fd 1 or 2, in program
order and with its write boundaries, as rows { fd, "bytes" } of
`static const struct glib_write NAME[]`, preceded by a comment with the
command and how it ended.  Run it from build/fixtures with ./PROGRAM so
argv[0] in the output is stable.  Needs strace.
"""
import os
import re
import subprocess
import sys
import tempfile

def cstr(b):
    out = ''
    for c in b:
        ch = chr(c)
        if ch == '\n':
            out += '\\n'
        elif ch in '"\\':
            out += '\\' + ch
        elif ch == '\t':
            out += '\\t'
        elif 32 <= c < 127:
            out += ch
        else:
            out += '\\x%02x' % c
    return out

def pieces(s, width=60):
    """Split a C string body so no piece ends inside an escape."""
    out, cur = [], ''
    i = 0
    while i < len(s):
        tok = s[i]
        if tok == '\\':
            tok = s[i:i + 4] if s[i + 1] == 'x' else s[i:i + 2]
        cur += tok
        i += len(tok)
        if len(cur) >= width:
            out.append(cur)
            cur = ''
    if cur or not out:
        out.append(cur)
    return out

def comment(text, width=76):
    """A C comment holding text, wrapped at spaces."""
    lines, cur = [], ''
    for word in text.split(' '):
        if cur and len(cur) + 1 + len(word) > width - 3:
            lines.append(cur)
            cur = word
        else:
            cur = cur + ' ' + word if cur else word
    lines.append(cur)
    if len(lines) == 1:
        return '/* %s */' % lines[0]
    return '/*\n' + ''.join(' * %s\n' % l for l in lines) + ' */'

def main():
    name = sys.argv[1]
    rest = sys.argv[2:]
    sep = rest.index('--')
    env = dict(os.environ)
    for kv in rest[:sep]:
        k, v = kv.split('=', 1)
        env[k] = v
    cmd = rest[sep + 1:]
    fd, log = tempfile.mkstemp()
    os.close(fd)
    proc = subprocess.run(['strace', '-f', '-q', '-o', log, '-e', 'trace=write',
                    '-e', 'signal=none', '-xx', '-s', '1000000'] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    rows = []
    for line in open(log):
        w = re.search(r'write\(([12]), "((?:\\x[0-9a-f]{2})*)"', line)
        if w:
            rows.append((int(w.group(1)),
                         bytes.fromhex(w.group(2).replace('\\x', ''))))
    os.unlink(log)
    rc = proc.returncode
    end = ('killed by signal %d' % -rc) if rc < 0 else ('exit status %d' % rc)
    envs = ' '.join(rest[:sep])
    print(comment('%s%s: %s' % (envs + ' ' if envs else '', ' '.join(cmd),
                                end)))
    print('static const struct glib_write %s[] = {' % name)
    for fd, b in rows:
        parts = pieces(cstr(b))
        if len(parts) == 1:
            print('\t{ %d, "%s" },' % (fd, parts[0]))
        else:
            print('\t{ %d, "%s"' % (fd, parts[0]))
            for p in parts[1:-1]:
                print('\t    "%s"' % p)
            print('\t    "%s" },' % parts[-1])
    print('};')

main()
