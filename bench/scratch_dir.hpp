// A fresh temporary directory for one bench run, removed when the run ends.
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace oncoshare::bench {

class ScratchDir {
 public:
  // <tmp>/oncoshare-<name>-<pid>, emptied if it exists.
  explicit ScratchDir(const std::string& name)
      : path_((std::filesystem::temp_directory_path() / fmt::format("oncoshare-{}-{}", name, ::getpid())).string()) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace oncoshare::bench
