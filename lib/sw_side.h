/*
 * sw_side: the side channel between the preload shim (preload/) and the
 * wrapper (wrap/), or a user who runs the shim alone.  Constants only:
 * both ends include this header so the names cannot drift apart.
 *
 * Workload assumed: a test process writes up to millions of short lines;
 * the shim sends them in batches as the program's stdio would have
 * flushed them (a 64 KiB stdout buffer, sent as 4 KiB packets: about
 * 3,000 writes for a 1,000,000-line TAP flood, as many as the bare
 * program makes), plus a packet per direct write(2) to fd 1 or 2, plus a
 * handful of control packets per process.
 *
 * Transport.  The wrapper creates a pipe, keeps the read end and passes
 * the write end to the program at a high fd number, not close-on-exec, so
 * every process of the test tree inherits it.  Each packet is sent with
 * one write, at most PIPE_BUF (4096) bytes, so packets from several
 * processes and threads never interleave and no lock is needed (also in a
 * signal handler).  A pipe and not a socket: a write costs what the
 * program's own write to its stdout pipe would have cost, and when the
 * wrapper has gone a captured write gets what the write to the wrapper's
 * pipe would have got (SIGPIPE, or EPIPE when ignored).  The shim's own
 * packets (hello, crash) are sent with SIGPIPE blocked, so they never kill
 * a process.  A user running the shim alone may give a file or a socket
 * instead (sockets get send(MSG_NOSIGNAL)); a stream of the packets, in
 * order, is a valid subunit v2 stream.

 * Packets carry a file, the time it was written (CLOCK_REALTIME when the
 * shim sent it: the wrapper stamps the events those bytes produce with it,
 * so durations are the program's, not when a busy wrapper got round to
 * reading), and nothing a consumer could mistake for a result: no test
 * id, no status.  File names:
 *   "stdout", "stderr"   bytes the process wrote to the wrapper's stdout or
 *                        stderr pipe, in the order it wrote them; the shim
 *                        does not also write them to the pipe
 *   SW_SIDE_HELLO        sent once by each process that loaded the shim:
 *                        "PID\n" (lets the wrapper and tests know preload
 *                        mode is live)
 *   SW_SIDE_CRASH        a fatal signal in a process: text, first line
 *                        "SIGNAME: description", then details (abort
 *                        message, backtrace); sent before the process dies
 * Anything else arriving on the channel (a program that wrote into it) is
 * treated by the wrapper as bytes on stdout: data, never results.
 *
 * Environment (set by the wrapper; a user running the shim alone sets
 * SW_SIDE_ENV_FD only):
 *   SUBUNIT_WRAP_FD      the side channel's fd number, decimal.  Written
 *                        zero-padded to SW_SIDE_FD_WIDTH digits so the shim
 *                        can rewrite it in place when it must move the fd
 *                        (a program dup2()s over it).
 *   SUBUNIT_WRAP_FD_ID   "DEV:INO" of the channel (fstat): a process whose
 *                        fd of that number is something else ignores it
 *   SUBUNIT_WRAP_STDOUT, SUBUNIT_WRAP_STDERR
 *                        "DEV:INO" of the wrapper's two pipes: a write to
 *                        an fd that is one of them is captured as "stdout"
 *                        or "stderr".  Unset: the shim captures what fds 1
 *                        and 2 were when it started.
 */
#ifndef SW_SIDE_H
#define SW_SIDE_H

#define SW_SIDE_ENV_FD "SUBUNIT_WRAP_FD"
#define SW_SIDE_ENV_FD_ID "SUBUNIT_WRAP_FD_ID"
#define SW_SIDE_ENV_STDOUT "SUBUNIT_WRAP_STDOUT"
#define SW_SIDE_ENV_STDERR "SUBUNIT_WRAP_STDERR"

#define SW_SIDE_FD_WIDTH 7

#define SW_SIDE_STDOUT "stdout"
#define SW_SIDE_STDERR "stderr"
#define SW_SIDE_HELLO "subunit-wrap.hello"
#define SW_SIDE_CRASH "subunit-wrap.crash"

/*
 * Largest packet: PIPE_BUF, the most a pipe writes atomically.  Header
 * (at most 29 bytes with the longest name here) + content + CRC (4).
 */
#define SW_SIDE_PACKET_MAX 4096
#define SW_SIDE_CHUNK (SW_SIDE_PACKET_MAX - 64) /* header with timestamp: <= 37 */

/* The fd number the wrapper asks for (the lowest free one at or above). */
#define SW_SIDE_FD_MIN 837

#endif
