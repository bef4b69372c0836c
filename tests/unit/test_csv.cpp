// CSV fields: quoted when they must be, and never a formula in a spreadsheet.
#include <gtest/gtest.h>

#include "core/format/csv.hpp"

using votercast::core::csv_field;
using votercast::core::csv_row;

TEST(Csv, QuotesWhatNeedsIt) {
  EXPECT_EQ(csv_field("giao thông"), "giao thông");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("nói \"to\""), "\"nói \"\"to\"\"\"");
  EXPECT_EQ(csv_field("dòng 1\ndòng 2"), "\"dòng 1\ndòng 2\"");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_row({"a", "b,c", "1"}), "a,\"b,c\",1\r\n");
}

TEST(Csv, AFormulaIsText) {
  EXPECT_EQ(csv_field("=1+1"), "\"'=1+1\"");
  EXPECT_EQ(csv_field("+84912345678"), "\"'+84912345678\"");
  EXPECT_EQ(csv_field("-cmd"), "\"'-cmd\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\t=x"), "\"'\t=x\"");
  EXPECT_EQ(csv_field("1=1"), "1=1") << "only a leading sign";
}
