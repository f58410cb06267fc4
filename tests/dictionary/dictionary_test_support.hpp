// Helpers shared by the dictionary tests: fixture paths and scratch files.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "shared_fixtures.hpp"

namespace oncoshare::dictionary::testing {

// Path of a file in a real REDCap fixture set, e.g. fixture("redcapr-longitudinal"). The sets
// are in the shared fixtures, outside the repository; a test calling this is skipped when
// that folder is absent (tests/shared_fixtures.hpp).
inline std::string fixture(const std::string& set, const std::string& file = "dictionary.csv") {
  return ::oncoshare::fixtures::redcap_fixture(set + "/" + file);
}

// Path of a file in the wild REDCap fixtures (dictionaries from public projects), e.g.
// wild_fixture("redcaptidier/cart_dictionary.csv"). Tests skip when it is absent.
inline std::string wild_fixture(const std::string& file) {
  return ::oncoshare::fixtures::shared_fixture("redcap-wild", file);
}

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("oncoshare-dict-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `content` to `name` inside the directory and returns the full path.
  std::string write(const std::string& name, const std::string& content) const {
    std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// REDCap's 18-column header line (with the newline).
inline const std::string kHeader =
    "\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field "
    "Label\",\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type "
    "OR Show Slider Number\",\"Text Validation Min\",\"Text Validation "
    "Max\",Identifier?,\"Branching Logic (Show field only if...)\",\"Required "
    "Field?\",\"Custom Alignment\",\"Question Number (surveys only)\",\"Matrix Group "
    "Name\",\"Matrix Ranking?\",\"Field Annotation\"\n";

}  // namespace oncoshare::dictionary::testing
