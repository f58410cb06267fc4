// dciodvfy (dicom3tools) on each input and its output: the output has no error the input
// does not have.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

// dciodvfy's error lines ("Error - ..."), each without the values it quotes: the text from
// " value = ", " = <" or " <" on, and a UID ending the line (the UIDs of the output are the
// keyed replacements of the input's). Input and output values differ by design (a UID
// becomes 2.25..., a date 19000101), the kind of error reported does not.
std::set<std::string> error_lines(const std::string& path) {
  std::set<std::string> errors;
  std::istringstream lines(test::shell("dciodvfy " + path, true));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("Error", 0) != 0) continue;
    for (const char* cut : {" value = ", " = <", " <"}) {
      if (const std::size_t at = line.find(cut); at != std::string::npos) line.erase(at);
    }
    const std::size_t last = line.find_last_of(' ');
    if (last != std::string::npos &&
        line.find_first_not_of("0123456789.", last + 1) == std::string::npos) {
      line.erase(last);
    }
    errors.insert(line);
  }
  return errors;
}

void expect_no_new_errors(const ProfileOptions& options) {
  if (test::shell("command -v dciodvfy").empty())
    GTEST_SKIP() << "dciodvfy (dicom3tools) is not installed";
  privacy::test::TempDir dir;
  DeidentifySettings settings{options, true};
  const Deidentifier deidentifier(test::uid_key(), settings, test::linked_lookup());
  int checked = 0;
  for (const char* name :
       {"CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtdose.dcm", "rtstruct.dcm", "test-SR.dcm",
        "waveform_ecg.dcm", "priv_SQ.dcm", "reportsi.dcm", "SC_rgb_small_odd.dcm", "JPEG2000.dcm",
        "MR_small_bigendian.dcm", "liver_1frame.dcm", "image_dfl.dcm", "ExplVR_BigEndNoMeta.dcm"}) {
    const std::string input = test::pydicom_file(name);
    const std::string output = dir.path(name);
    const auto result = deidentifier.deidentify(input, output);
    ASSERT_TRUE(result) << result.error().to_string();
    const std::set<std::string> before = error_lines(input);
    for (const std::string& error : error_lines(output)) {
      EXPECT_TRUE(before.count(error)) << name << ": new dciodvfy error: " << error;
    }
    ++checked;
  }
  // Not nested_priv_SQ.dcm: dciodvfy cannot parse the input ("Tags out of order"), so it has
  // no errors to compare with; the output parses and gets the checks the input never had.
  EXPECT_EQ(checked, 15);
}

TEST(Dciodvfy, NoNewErrorUnderTheBasicProfile) { expect_no_new_errors(ProfileOptions{}); }
TEST(Dciodvfy, NoNewErrorUnderEveryOption) {
  expect_no_new_errors(ProfileOptions{true, true, true, true});
}

}  // namespace
}  // namespace oncoshare::dicom
