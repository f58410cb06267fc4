// The real REDCap exports read below are in the shared fixtures, outside the repository:
// those tests are skipped when that folder is absent (tests/shared_fixtures.hpp).
#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared_fixtures.hpp"

namespace oncoshare::core {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(std::string text, CsvOptions options = {}) {
  auto reader = CsvReader::from_string(std::move(text), "t.csv", options);
  Rows rows;
  CsvRow row;
  for (;;) {
    ReadStatus s = reader.next(row);
    if (s == ReadStatus::end) break;
    if (s == ReadStatus::error) {
      ADD_FAILURE() << reader.error().to_string();
      break;
    }
    rows.push_back(row.fields);
  }
  return rows;
}

std::string first_error(std::string text, CsvOptions options = {}) {
  auto reader = CsvReader::from_string(std::move(text), "t.csv", options);
  CsvRow row;
  for (;;) {
    ReadStatus s = reader.next(row);
    if (s == ReadStatus::end) return "no error";
    if (s == ReadStatus::error) return reader.error().to_string();
  }
}

TEST(CsvReader, PlainFieldsAndLineEndings) {
  EXPECT_EQ(read_all("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(read_all("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_all("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));  // no final newline
  EXPECT_EQ(read_all("a,,c\n,,\n"), (Rows{{"a", "", "c"}, {"", "", ""}}));
}

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  EXPECT_EQ(read_all("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\n"),
            (Rows{{"a,b", "say \"hi\"", "line1\nline2"}}));
  EXPECT_EQ(read_all("\"\",x\n"), (Rows{{"", "x"}}));
  EXPECT_EQ(read_all("\"crlf\r\ninside\",y\r\n"), (Rows{{"crlf\r\ninside", "y"}}));
}

TEST(CsvReader, DropsByteOrderMarkOnlyAtStart) {
  EXPECT_EQ(read_all("\xEF\xBB\xBFid,name\n1,\xEF\xBB\xBFx\n"),
            (Rows{{"id", "name"}, {"1", "\xEF\xBB\xBFx"}}));
}

TEST(CsvReader, SkipsBlankLinesButReportsTheirLines) {
  auto reader = CsvReader::from_string("a,b\n\n1,2\n\n\n3,4\n", "t.csv");
  CsvRow row;
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  EXPECT_EQ(row.line, 1u);
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  EXPECT_EQ(row.line, 3u);
  EXPECT_EQ(row.index, 2u);
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  EXPECT_EQ(row.line, 6u);
  EXPECT_EQ(reader.next(row), ReadStatus::end);
}

TEST(CsvReader, RecordLinesCountEmbeddedNewlines) {
  auto reader = CsvReader::from_string("h1,h2\n\"a\nb\nc\",1\nx,2\n", "t.csv");
  CsvRow row;
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  EXPECT_EQ(row.line, 2u);
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  EXPECT_EQ(row.line, 5u);
}

TEST(CsvReader, RaggedRowNamesLineAndCounts) {
  EXPECT_EQ(first_error("a,b,c\n1,2,3\n4,5\n"),
            "t.csv:3: ragged row: 2 fields where the header has 3");
  EXPECT_EQ(first_error("a,b\n1,2,3\n"), "t.csv:2: ragged row: 3 fields where the header has 2");
  CsvOptions loose;
  loose.require_rectangular = false;
  EXPECT_EQ(read_all("a,b\n1\n", loose), (Rows{{"a", "b"}, {"1"}}));
}

TEST(CsvReader, UnclosedQuotePointsAtItsStart) {
  EXPECT_EQ(first_error("a,b\n1,\"never\nends\n"),
            "t.csv:2:3: unclosed quote: the quoted field starting here never ends");
}

TEST(CsvReader, StrayQuotesAreErrorsWithColumn) {
  EXPECT_EQ(first_error("a,b\n1,ab\"c\n"),
            "t.csv:2:5: quote inside an unquoted field; quote the whole field and double the "
            "inner quote (\"\")");
  EXPECT_EQ(first_error("a,b\n\"x\"y,2\n"),
            "t.csv:2:4: unexpected 'y' after the closing quote; expected ',' or end of line");
}

TEST(CsvReader, InvalidUtf8IsReportedAtTheByte) {
  EXPECT_EQ(first_error("a,b\n1,ok\xff\n"),
            "t.csv:2:5: invalid UTF-8 (byte 0xff); save the file as UTF-8");
  EXPECT_EQ(first_error("a,b\n1,\"x\ny\xc3\"\n"),
            "t.csv:3:2: invalid UTF-8 (byte 0xc3); save the file as UTF-8");
}

TEST(CsvReader, RecordSizeLimitStopsRunawayQuotes) {
  CsvOptions small;
  small.max_record_bytes = 16;
  EXPECT_EQ(first_error("a\n\"" + std::string(100, 'x') + "\n", small),
            "t.csv:2:1: record longer than 16 bytes (unclosed quote?)");
}

TEST(CsvReader, ErrorsAreSticky) {
  auto reader = CsvReader::from_string("a\n\"x\n", "t.csv");
  CsvRow row;
  ASSERT_EQ(reader.next(row), ReadStatus::ok);
  EXPECT_EQ(reader.next(row), ReadStatus::error);
  EXPECT_EQ(reader.next(row), ReadStatus::error);
}

TEST(CsvReader, OpenMissingFileIsAnIoError) {
  auto reader = CsvReader::open("/nonexistent/x.csv");
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::io);
  EXPECT_EQ(reader.error().to_string(),
            "/nonexistent/x.csv: cannot open for reading: No such file or directory");
}

TEST(CsvReader, ReadsEveryRealFixtureWithPythonsRowCounts) {
  // Row counts after the header, from the fixtures' README (checked with Python's csv).
  const std::vector<std::pair<std::string, int>> expected = {
      {"redcapr-clinical-trial-1/export.csv", 500},
      {"redcapr-blank-for-gray-status/export.csv", 6},
      {"redcapr-longitudinal/export.csv", 18},
      {"redcapr-repeating-instruments-sparse/export.csv", 9},
      {"redcapr-checkboxes-1/export.csv", 4},
      {"redcapr-validation-types-1/export.csv", 1},
      {"redcapr-potentially-problematic-values/export.csv", 2},
      {"redcapr-potentially-problematic-values/dictionary.csv", 4},  // 9 physical lines
      {"redcapr-potentially-problematic-dictionary/dictionary.csv", 6},
  };
  for (const auto& [file, rows] : expected) {
    auto reader = CsvReader::open(fixtures::redcap_fixture(file));
    ASSERT_TRUE(reader) << file;
    CsvRow row;
    int count = -1;  // header
    ReadStatus s;
    while ((s = reader->next(row)) == ReadStatus::ok) ++count;
    ASSERT_EQ(s, ReadStatus::end) << reader->error().to_string();
    EXPECT_EQ(count, rows) << file;
  }
}

TEST(CsvReader, BomFixtureHeaderStartsWithVariableName) {
  auto reader = CsvReader::open(
      fixtures::redcap_fixture("redcapr-potentially-problematic-dictionary/dictionary.csv"));
  ASSERT_TRUE(reader);
  CsvRow row;
  ASSERT_EQ(reader->next(row), ReadStatus::ok);
  EXPECT_EQ(row.fields.size(), 18u);
  EXPECT_EQ(row.fields[0], "Variable / Field Name");
  EXPECT_EQ(row.fields[10], "Identifier?");
}

TEST(Utf8, AcceptsValidAndRejectsOverlongAndSurrogates) {
  EXPECT_EQ(find_invalid_utf8("plain \xE2\x88\x92 minus \xEF\xBF\xBD \xF0\x9F\x98\x80"),
            std::string::npos);
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 2u);    // UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("x\xE2\x88"), 1u);         // truncated
}

}  // namespace
}  // namespace oncoshare::core
