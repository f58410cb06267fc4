// A scratch folder of this test process: made with mkdtemp, so it is new even when the
// system reuses the pid of an earlier test process whose folders are still there, and
// removed with everything in it when the process exits.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace oncoshare::testing_support {

namespace detail {

class ProcessScratch {
 public:
  ProcessScratch() {
    std::string pattern = ::testing::TempDir() + "/oncoshare-test-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ProcessScratch() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ProcessScratch(const ProcessScratch&) = delete;
  ProcessScratch& operator=(const ProcessScratch&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace detail

// <scratch folder of this process>/<name>; `name` does not exist yet unless this process made it.
[[nodiscard]] inline std::string process_scratch(const std::string& name) {
  static const detail::ProcessScratch scratch;
  return scratch.path() + "/" + name;
}

}  // namespace oncoshare::testing_support
