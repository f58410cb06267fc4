// Every real REDCap project in the shared fixtures (redcap-real/, redcap-wild/: files written
// by other people, outside the repository; the test is skipped when that folder is absent) goes
// through `dictionary check`, `ingest` and `quality` without a usage/input failure (exit 2),
// and every problem still reported is a real fault of that file, listed here with its message.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::cli::test {
namespace {

struct RealProject {
  std::string collection;  // redcap-real or redcap-wild
  std::string dictionary;  // relative to the collection
  std::string data;        // empty: the project ships no export
  // Problems `dictionary check` reports (file prefix cut), in order.
  std::vector<std::string> dictionary_problems;
  // Warnings `quality` prints on stderr besides those of the dictionary (file prefix cut).
  std::vector<std::string> quality_warnings;
};

void PrintTo(const RealProject& p, std::ostream* out) { *out << p.collection << "/" << p.dictionary; }

// The lines of `text` that report an error or a warning, with `prefix` removed where it occurs.
std::vector<std::string> problem_lines(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find("error:") == std::string::npos && line.find("warning:") == std::string::npos) {
      continue;
    }
    for (auto at = line.find(prefix); at != std::string::npos; at = line.find(prefix)) {
      line.erase(at, prefix.size());
    }
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> without(std::vector<std::string> lines, const std::vector<std::string>& drop) {
  std::erase_if(lines, [&](const std::string& l) {
    return std::find(drop.begin(), drop.end(), l) != drop.end();
  });
  return lines;
}

class RealProjectTest : public ::testing::TestWithParam<RealProject> {};

TEST_P(RealProjectTest, LoadsChecksAndScoresWithOnlyItsRealFaultsReported) {
  const RealProject& p = GetParam();
  const std::string folder = fixtures::shared_fixture(p.collection) + "/";
  TempDir dir;
  const std::string dictionary = "'" + folder + p.dictionary + "'";

  const CommandRun check = run(dir, "dictionary check --dictionary " + dictionary);
  EXPECT_NE(check.exit_code, 2) << check.err;
  const bool has_error = std::any_of(p.dictionary_problems.begin(), p.dictionary_problems.end(),
                                     [](const std::string& l) { return l.find("error:") != std::string::npos; });
  EXPECT_EQ(check.exit_code, has_error ? 1 : 0) << check.err;
  const auto dictionary_lines = problem_lines(check.err, folder);
  EXPECT_EQ(dictionary_lines, p.dictionary_problems);
  if (p.data.empty()) return;

  const std::string data = "'" + folder + p.data + "'";
  const CommandRun ingest = run(dir, "ingest --dictionary " + dictionary + " --data " + data + " --out records.ndjson");
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;

  const CommandRun quality = run(dir, "quality --dictionary " + dictionary + " --data " + data + " --out quality");
  EXPECT_EQ(quality.exit_code, 0) << quality.err;
  EXPECT_EQ(without(problem_lines(quality.err, folder), dictionary_lines), p.quality_warnings);
  EXPECT_TRUE(std::filesystem::exists(dir.path("quality/quality.json")));
}

const RealProject kProjects[] = {
    {"redcap-real", "redcapr-blank-for-gray-status/dictionary.csv", "redcapr-blank-for-gray-status/export.csv", {}, {}},
};

INSTANTIATE_TEST_SUITE_P(SharedFixtures, RealProjectTest, ::testing::ValuesIn(kProjects));

}  // namespace
}  // namespace oncoshare::cli::test
