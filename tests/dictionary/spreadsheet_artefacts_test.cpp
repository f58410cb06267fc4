// What spreadsheet programs leave in a dictionary that REDCap accepts or refuses: all-empty
// rows and the file's encoding.
#include <gtest/gtest.h>

#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::kHeader;
using testing::ScratchDir;

const std::string kEmptyRow = ",,,,,,,,,,,,,,,,,\n";

TEST(SpreadsheetArtefacts, TrailingEmptyRowsAreSkipped) {
  ScratchDir dir;
  std::string path = dir.write("dd.csv", kHeader + "record_id,f,,text,ID,,,,,,,,,,,,,\n" +
                                             "age,f,,text,Age,,,integer,0,120,,,,,,,,\n" +
                                             kEmptyRow + kEmptyRow + "\"\",,,,,,,,,,,,,,,,,\r\n");
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  ASSERT_EQ(d->variables().size(), 2u);
  EXPECT_EQ(d->variables().back().name, "age");
}

// REDCap drops empty rows wherever they are; the rows after one keep their physical lines.
TEST(SpreadsheetArtefacts, EmptyRowInTheMiddleIsSkippedToo) {
  ScratchDir dir;
  std::string path = dir.write("dd.csv", kHeader + "record_id,f,,text,ID,,,,,,,,,,,,,\n" +
                                             kEmptyRow + "age,f,,text,Age,,,,,,,,,,,,,\n");
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  ASSERT_EQ(d->variables().size(), 2u);
  EXPECT_EQ(d->find("age")->line, 4u);
}

// A row with only a form name is not empty: it is a field without a name.
TEST(SpreadsheetArtefacts, RowWithOneCellIsNotEmpty) {
  ScratchDir dir;
  std::string path = dir.write("dd.csv", kHeader + "record_id,f,,text,ID,,,,,,,,,,,,,\n" +
                                             ",f,,,,,,,,,,,,,,,,\n");
  auto d = read_redcap_dictionary(path);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().to_string(), path + ":3: field 'Variable / Field Name': empty variable name");
}

// UTF-16 text as Excel's "Unicode Text" writes it: little-endian with a BOM.
std::string utf16le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(SpreadsheetArtefacts, Utf16IsRefusedByName) {
  ScratchDir dir;
  std::string le = dir.write("le.csv", utf16le(kHeader + "record_id,f,,text,ID,,,,,,,,,,,,,\n"));
  auto a = read_redcap_dictionary(le);
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().to_string(), le + ": UTF-16 with BOM: save as UTF-8");
  EXPECT_EQ(core::exit_code(a.error()), 2);
  std::string be = dir.write("be.csv", std::string("\xFE\xFF\0r", 4));
  auto b = read_redcap_dictionary(be);
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().to_string(), be + ": UTF-16 with BOM: save as UTF-8");
}

// Exports and mapping files go through the same reader.
TEST(SpreadsheetArtefacts, Utf16ExportIsRefusedByTheCsvReader) {
  core::CsvReader reader = core::CsvReader::from_string(utf16le("record_id\n1\n"), "export.csv");
  core::CsvRow row;
  ASSERT_EQ(reader.next(row), core::ReadStatus::error);
  EXPECT_EQ(reader.error().to_string(), "export.csv: UTF-16 with BOM: save as UTF-8");
}

TEST(SpreadsheetArtefacts, Utf8BomIsAccepted) {
  ScratchDir dir;
  std::string path = dir.write("dd.csv", "\xEF\xBB\xBF" + kHeader + "record_id,f,,text,ID,,,,,,,,,,,,,\n");
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  EXPECT_EQ(d->record_id().name, "record_id");
}

}  // namespace
}  // namespace oncoshare::dictionary
