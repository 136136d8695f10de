/*
 * check_captures.h: real output of the Check fixtures (tests/fixtures/
 * check_*.c, Check 0.15.2), captured with strace -f -e trace=write: every
 * write(2) to stdout (1), stderr (2) and the XML log (fd 3 here: the
 * CK_XML_LOG_FILE_NAME file) in the order the program made them.  Run
 * with CK_VERBOSITY=normal and the environment named above each array.
 * For tests/patterns/test_check.c only.
 */
#ifndef CHECK_CAPTURES_H
#define CHECK_CAPTURES_H

#include "t_replay.h"

/* check_basic (exit 1) */
static const struct t_write basic[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:43</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " Core Suite\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Core Suite</title>\n" },
	{ 2, "stderr chatter in t_pass\n" },
	{ 1, "stdout chatter in t_pass\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:35</fn>\n"
	    "      <id>t_pass</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000119</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"failure\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:43</fn>\n"
	    "      <id>t_fail</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Assertion &apos;x == 2&apos; failed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:49</fn>\n"
	    "      <id>t_loop</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000091</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"failure\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:49</fn>\n"
	    "      <id>t_loop</id>\n"
	    "      <iteration>1</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>loop failed at 1</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:49</fn>\n"
	    "      <id>t_loop</id>\n"
	    "      <iteration>2</iteration>\n"
	    "      <duration>0.000093</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 2, "stderr chatter in t_pass\n" },
	{ 1, "stdout chatter in t_pass\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:35</fn>\n"
	    "      <id>t_pass</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000119</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"error\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:53</fn>\n"
	    "      <id>t_segv</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>Crashy</description>\n"
	    "      <message>Received signal 11 (Segmentation fault)</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"error\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:60</fn>\n"
	    "      <id>t_exit</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>Crashy</description>\n"
	    "      <message>Early exit with return value 3</message>\n"
	    "    </test>\n" },
	{ 3, "  </suite>\n" },
	{ 1, " Other\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Other</title>\n" },
	{ 2, "other on stderr\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:66</fn>\n"
	    "      <id>t_other</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000093</duration>\n"
	    "      <description>More</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"failure\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:74</fn>\n"
	    "      <id>t_colon</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>More</description>\n"
	    "      <message>a message: with colons: here</message>\n"
	    "    </test>\n" },
	{ 3, "  </suite>\n" },
	{ 1,
	    "50%: Checks: 10, Failures: 3, Errors: 2\n"
	    "tests/fixtures/check_basic.c:43:F:Basic:t_fail:0: Assertion 'x == 2' failed\n"
	    "tests/fixtures/check_basic.c:49:F:Basic:t_loop:1: loop failed at 1\n"
	    "tests/fixtures/check_basic.c:53:E:Crashy:t_segv:0: (after this point) Received signal 11 (Segmentation fault)\n"
	    "tests/fixtures/check_basic.c:60:E:Crashy:t_exit:0: (after this point) Early exit with return value 3\n"
	    "tests/fixtures/check_basic.c:74:F:More:t_colon:0: a message: with colons: here\n" },
	{ 3,
	    "  <duration>0.009234</duration>\n"
	    "</testsuites>\n" },
	{ 0, NULL },
};

/* CK_FORK=no check_basic (exit -11) */
static const struct t_write basic_nofork[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:43</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " Core Suite\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Core Suite</title>\n" },
	{ 2, "stderr chatter in t_pass\n" },
	{ 1, "stdout chatter in t_pass\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:35</fn>\n"
	    "      <id>t_pass</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000137</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"failure\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:43</fn>\n"
	    "      <id>t_fail</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000131</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Assertion &apos;x == 2&apos; failed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:49</fn>\n"
	    "      <id>t_loop</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000115</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"failure\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:49</fn>\n"
	    "      <id>t_loop</id>\n"
	    "      <iteration>1</iteration>\n"
	    "      <duration>0.000130</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>loop failed at 1</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:49</fn>\n"
	    "      <id>t_loop</id>\n"
	    "      <iteration>2</iteration>\n"
	    "      <duration>0.000104</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 2, "stderr chatter in t_pass\n" },
	{ 1, "stdout chatter in t_pass\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_basic.c:35</fn>\n"
	    "      <id>t_pass</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000123</duration>\n"
	    "      <description>Basic</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 0, NULL },
};

/* CHECK_FIXTURE_SETUP_FAIL=1 check_fixture (exit 1) */
static const struct t_write setup_fail[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:44</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " Fix\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Fix</title>\n" },
	{ 1, "setting up\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:51</fn>\n"
	    "      <id>t_first</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000070</duration>\n"
	    "      <description>Stop</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:56</fn>\n"
	    "      <id>t_stop</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000287</duration>\n"
	    "      <description>Stop</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:69</fn>\n"
	    "      <id>t_last</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000294</duration>\n"
	    "      <description>Last</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3, "  </suite>\n" },
	{ 1,
	    "75%: Checks: 4, Failures: 1, Errors: 0\n"
	    "tests/fixtures/check_fixture.c:33:S:Setup:unchecked_setup:0: set-up refused\n" },
	{ 3,
	    "  <duration>0.004771</duration>\n"
	    "</testsuites>\n" },
	{ 0, NULL },
};

/* CHECK_FIXTURE_EXIT=3 check_fixture (exit 1) */
static const struct t_write exit_fork[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:44</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " Fix\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Fix</title>\n" },
	{ 1, "setting up\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:41</fn>\n"
	    "      <id>t_one</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000085</duration>\n"
	    "      <description>Setup</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:46</fn>\n"
	    "      <id>t_two</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000078</duration>\n"
	    "      <description>Setup</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:51</fn>\n"
	    "      <id>t_first</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000844</duration>\n"
	    "      <description>Stop</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"error\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:56</fn>\n"
	    "      <id>t_stop</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>Stop</description>\n"
	    "      <message>Early exit with return value 3</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:69</fn>\n"
	    "      <id>t_last</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000079</duration>\n"
	    "      <description>Last</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3, "  </suite>\n" },
	{ 1,
	    "80%: Checks: 5, Failures: 0, Errors: 1\n"
	    "tests/fixtures/check_fixture.c:56:E:Stop:t_stop:0: (after this point) Early exit with return value 3\n" },
	{ 3,
	    "  <duration>0.010433</duration>\n"
	    "</testsuites>\n" },
	{ 0, NULL },
};

/* CK_FORK=no CHECK_FIXTURE_EXIT=0 check_fixture (exit 0) */
static const struct t_write exit_nofork[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:44</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " Fix\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Fix</title>\n" },
	{ 1, "setting up\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:41</fn>\n"
	    "      <id>t_one</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000094</duration>\n"
	    "      <description>Setup</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:46</fn>\n"
	    "      <id>t_two</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000094</duration>\n"
	    "      <description>Setup</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:51</fn>\n"
	    "      <id>t_first</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000071</duration>\n"
	    "      <description>Stop</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 0, NULL },
};

/* CK_FORK=no CHECK_FIXTURE_HANG=1 timeout 1 check_fixture (exit 124) */
static const struct t_write hang_nofork[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:44</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " Fix\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>Fix</title>\n" },
	{ 1, "setting up\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:41</fn>\n"
	    "      <id>t_one</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000099</duration>\n"
	    "      <description>Setup</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:46</fn>\n"
	    "      <id>t_two</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000092</duration>\n"
	    "      <description>Setup</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 3,
	    "    <test result=\"success\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_fixture.c:51</fn>\n"
	    "      <id>t_first</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>0.000070</duration>\n"
	    "      <description>Stop</description>\n"
	    "      <message>Passed</message>\n"
	    "    </test>\n" },
	{ 0, NULL },
};

/* check_names (exit 0) */
static const struct t_write names[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:45</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, " S <&> \xc3""\xa9""\n" },
	{ 3,
	    "  <suite>\n"
	    "    <title>S &lt;&amp;&gt; </title>\n" },
	{ 3,
	    "    <test result=\"failure\">\n"
	    "      <path>tests/fixtures</path>\n"
	    "      <fn>check_names.c:18</fn>\n"
	    "      <id>t_esc</id>\n"
	    "      <iteration>0</iteration>\n"
	    "      <duration>-1.000000</duration>\n"
	    "      <description>T: a/b</description>\n"
	    "      <message>a&#xA;b &lt;&amp;&gt; &quot;q&quot; &apos;x&apos; caf&#x9;tab</message>\n"
	    "    </test>\n" },
	{ 3, "  </suite>\n" },
	{ 1,
	    "0%: Checks: 1, Failures: 1, Errors: 0\n"
	    "tests/fixtures/check_names.c:18:F:T: a/b:t_esc:0: a\n"
	    "b <&> \"q\" 'x' caf\xc3""\xa9""\ttab\n" },
	{ 3,
	    "  <duration>0.002021</duration>\n"
	    "</testsuites>\n" },
	{ 0, NULL },
};

/* CK_RUN_SUITE=Nope check_basic (exit 0) */
static const struct t_write nomatch[] = {
	{ 3,
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://check.sourceforge.net/xml/check_unittest.xslt\"?>\n"
	    "<testsuites xmlns=\"http://check.sourceforge.net/ns\">\n"
	    "  <datetime>2026-11-27 00:40:45</datetime>\n" },
	{ 1, "Running suite(s):" },
	{ 1, "100%: Checks: 0, Failures: 0, Errors: 0\n" },
	{ 3,
	    "  <duration>0.000333</duration>\n"
	    "</testsuites>\n" },
	{ 0, NULL },
};

#endif
