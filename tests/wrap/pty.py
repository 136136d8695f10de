"""Run a command in a pseudo-terminal and read back what it drew.

Run with Debian's python ($PYTHON in the bats files):

    pty.py run [--cols N] [--raw] [--int-after SECONDS] [--stdin FILE]
               OUT -- CMD [ARG...]
    pty.py screen OUT
    pty.py progress OUT

run: start CMD on a new pseudo-terminal of N columns (default 100) and 24
rows (its stdin, stdout and stderr, and its controlling terminal), copy
every byte it writes to the file OUT, and exit with its status (128+N when
a signal killed it).  --raw turns the terminal's output processing off
(no "\\n" -> "\\r\\n"), for binary output.  --int-after sends SIGINT to
CMD after SECONDS.  --stdin FILE: CMD reads FILE instead of the terminal.

screen: print what a terminal would show once OUT has been written to it,
line by line, without colours: "\\r" goes back to column 0, ESC [K erases
to the end of the line, other escape sequences (SGR colours) are
dropped, and text overwrites what is under the cursor.

progress: print every progress line that OUT drew, one a line, in order:
the text between a "\\r" and the ESC [K that ends it (colours dropped).
"""
import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios
import time

CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def run(argv):
    cols, raw, int_after, stdin = 100, False, None, None
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--cols":
            cols = int(argv.pop(0))
        elif opt == "--raw":
            raw = True
        elif opt == "--int-after":
            int_after = float(argv.pop(0))
        elif opt == "--stdin":
            stdin = argv.pop(0)
        else:
            sys.exit("pty.py: unknown option " + opt)
    out = argv.pop(0)
    if not argv or argv.pop(0) != "--" or not argv:
        sys.exit("pty.py run: OUT -- CMD expected")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    if raw:
        attrs = termios.tcgetattr(slave)
        attrs[1] &= ~termios.OPOST
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        os.dup2(slave, 0)
        os.dup2(slave, 1)
        os.dup2(slave, 2)
        if stdin is not None:
            fd = os.open(stdin, os.O_RDONLY)
            os.dup2(fd, 0)
            os.close(fd)
        if slave > 2:
            os.close(slave)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    os.close(slave)
    start = time.monotonic()
    sent = False
    with open(out, "wb") as f:
        while True:
            timeout = 0.05
            if int_after is not None and not sent:
                left = start + int_after - time.monotonic()
                if left <= 0:
                    os.kill(pid, signal.SIGINT)
                    sent = True
                else:
                    timeout = min(timeout, left)
            r, _, _ = select.select([master], [], [], timeout)
            if not r:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every holder of the terminal closed it
                break
            if not data:
                break
            f.write(data)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


def screen(data):
    lines, cur, col = [], [], 0
    i = 0
    while i < len(data):
        m = CSI.match(data, i)
        if m:
            if m.group(0).endswith(b"K"):
                del cur[col:]
            i = m.end()
            continue
        c = data[i:i + 1]
        i += 1
        if c == b"\r":
            col = 0
        elif c == b"\n":
            lines.append(b"".join(cur))
            cur, col = [], 0
        else:
            if col < len(cur):
                cur[col] = c
            else:
                cur.append(c)
            col += 1
    if cur:
        lines.append(b"".join(cur))
    out = sys.stdout.buffer
    for line in lines:
        out.write(line.rstrip(b" ") + b"\n")


def progress(data):
    out = sys.stdout.buffer
    for m in re.finditer(rb"\r([^\r\n]*?)\x1b\[K", data):
        text = CSI.sub(b"", m.group(1))
        if text:
            out.write(text + b"\n")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "run":
        run(args)
    with open(args[0], "rb") as f:
        data = f.read()
    if cmd == "screen":
        screen(data)
    elif cmd == "progress":
        progress(data)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
