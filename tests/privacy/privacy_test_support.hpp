// Helpers shared by the privacy tests: fixed keys, temporary directories, files.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

#include "privacy/pseudonym.hpp"

namespace oncoshare::privacy::test {

// A Key with the given bytes, via a 0600 key file (the only public way to set bytes).
inline Key make_key(const std::array<std::uint8_t, kKeyBytes>& bytes) {
  std::string text = "oncoshare-key-v1 ";
  for (auto b : bytes) text += fmt::format("{:02x}", b);
  char tmpl[] = "/tmp/oncoshare-privacy-key-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  if (fd < 0) std::abort();
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::abort();
  ::close(fd);
  auto key = Key::load(tmpl);
  std::filesystem::remove(tmpl);
  if (!key) std::abort();
  return std::move(key).value();
}

inline Key make_key(std::uint8_t fill) {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  bytes.fill(fill);
  return make_key(bytes);
}

// A fresh directory, removed with its contents at scope exit.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/oncoshare-privacy-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) std::abort();
    root_ = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(root_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string path(const std::string& name) const { return root_ + "/" + name; }

 private:
  std::string root_;
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Writes `text` with mode 0600, as a key file must be.
inline void write_secret(const std::string& path, const std::string& text) {
  write_file(path, text);
  ::chmod(path.c_str(), 0600);
}

}  // namespace oncoshare::privacy::test

namespace oncoshare::privacy::test {

// A small REDCap dictionary: record_id, sex (radio), age (integer), zip, dx_date (date),
// topography, and a repeating-friendly treatment form.
inline const std::string kDictionary =
    "\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field Label\","
    "\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type OR Show "
    "Slider Number\",\"Text Validation Min\",\"Text Validation Max\",Identifier?,\"Branching "
    "Logic (Show field only if...)\",\"Required Field?\",\"Custom Alignment\",\"Question Number "
    "(surveys only)\",\"Matrix Group Name\",\"Matrix Ranking?\",\"Field Annotation\"\n"
    "record_id,demo,,text,ID,,,,,,,,,,,,,\n"
    "sex,demo,,radio,Sex,\"1, F | 2, M\",,,,,,,,,,,,\n"
    "age,demo,,text,Age,,,integer,,,,,,,,,,\n"
    "zip,demo,,text,Postcode,,,,,,,,,,,,,\n"
    "dx_date,demo,,text,Diagnosis date,,,date_ymd,,,,,,,,,,\n"
    "topography,demo,,text,Topography,,,,,,,,,,,,,\n"
    "symptoms,demo,,checkbox,Symptoms,\"1, a | 2, b\",,,,,,,,,,,,\n";

}  // namespace oncoshare::privacy::test
