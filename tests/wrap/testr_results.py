"""Print the results of a subunit v2 stream read on stdin, one line each:

    STATUS WORKER ID

for every final status (success, fail, skip, xfail, uxsuccess), in stream
order.  WORKER is the test's worker-N tag (testr and stestr tag each test
with the worker that ran it, and keep the tag in their stored runs), or
"-".  Used by testr.bats on `testr last --subunit`.  Run with Debian's
python (python3-subunit), $PYTHON in the bats files.
"""

import sys

from subunit import ByteStreamToStreamResult
from testtools import StreamResult

FINAL = ("success", "fail", "skip", "xfail", "uxsuccess")


class Results(StreamResult):
    def __init__(self):
        super().__init__()
        self.lines = []

    def status(self, test_id=None, test_status=None, test_tags=None,
               **kwargs):
        if test_status not in FINAL:
            return
        workers = sorted(t for t in (test_tags or ())
                         if t.startswith("worker-"))
        self.lines.append("%s %s %s" % (
            test_status, ",".join(workers) or "-", test_id))


def main():
    result = Results()
    result.startTestRun()
    ByteStreamToStreamResult(sys.stdin.buffer,
                             non_subunit_name="stdout").run(result)
    result.stopTestRun()
    sys.stdout.write("".join(line + "\n" for line in result.lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
