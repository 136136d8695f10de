// gtest_20k: the 20,000-test googletest binary of `make bench` (issue 7):
// one value-parameterised test instantiated over 0..19999, each test
// trivial, so the run is all framework and output (about 60 bytes of
// [ RUN ]/[ OK ] lines per test) -- what a wrapper adds per test.
#include <gtest/gtest.h>

class Flood : public ::testing::TestWithParam<int> {};

TEST_P(Flood, Passes) { EXPECT_GE(GetParam(), 0); }

INSTANTIATE_TEST_SUITE_P(Bench, Flood, ::testing::Range(0, 20000));
