// Fixtures kept outside the repository, in the shared fixtures folder: real REDCap projects
// (redcap-real/, redcap-wild/), the Beacon v2 schemas (beacon-v2/json/) and OHDSI's OMOP CDM
// specification (omop/). The folder is ONCOSHARE_SHARED_FIXTURES_DIR, by default
// <source>/../shared/fixtures (the CMake cache variable of that name moves it); the
// environment variable of the same name overrides it for one run.
//
// A test that reads one of them locates it with shared_fixture(). When the collection's
// folder is absent, the test is skipped with a reason naming that folder instead of
// failing; a missing file inside a present folder is left to fail the test.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace oncoshare::fixtures {

// The shared fixtures folder: $ONCOSHARE_SHARED_FIXTURES_DIR when set and not empty, else
// the folder configured at build time.
[[nodiscard]] inline std::string shared_fixtures_dir() {
  const char* override_dir = std::getenv("ONCOSHARE_SHARED_FIXTURES_DIR");
  if (override_dir != nullptr && *override_dir != '\0') return override_dir;
  return ONCOSHARE_SHARED_FIXTURES_DIR;
}

// Returns <shared fixtures>/<collection>/<relative> (or the collection's folder when
// `relative` is empty) when the collection's folder exists. Otherwise records the current
// test as skipped, naming the folder, and ends it: the skip is thrown as
// testing::AssertionException, which Google Test catches silently around a test body,
// SetUp/TearDown and SetUpTestSuite. Call it from those only (not from a thread, a
// destructor, or inside a catch-all), with exceptions caught (the default).
[[nodiscard]] inline std::string shared_fixture(std::string_view collection,
                                                std::string_view relative = {}) {
  const std::string folder = shared_fixtures_dir() + "/" + std::string(collection);
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    const std::string reason = "shared fixtures folder " + folder +
                               " is absent (it lives outside the repository; set "
                               "ONCOSHARE_SHARED_FIXTURES_DIR to where it is)";
    [&] { GTEST_SKIP() << reason; }();
    throw ::testing::AssertionException(::testing::TestPartResult(
        ::testing::TestPartResult::kSkip, __FILE__, __LINE__, reason.c_str()));
  }
  return relative.empty() ? folder : folder + "/" + std::string(relative);
}

// A file of the real REDCap projects, e.g. redcap_fixture("redcapr-longitudinal/export.csv").
[[nodiscard]] inline std::string redcap_fixture(std::string_view relative = {}) {
  return shared_fixture("redcap-real", relative);
}

}  // namespace oncoshare::fixtures
