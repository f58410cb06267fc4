// Shared helpers for audit log tests: a log as lines, and what an attacker without the node
// key can do to it.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "node/audit_log.hpp"
#include "node/detail/audit_chain.hpp"
#include "node_test_support.hpp"

namespace oncoshare::node::testing {

inline std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> lines;
  std::string text = read_file(path);
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

inline void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  write_file(path, text);
}

// Renumbers and re-hashes every line from index `from` on, so the chain itself is
// consistent again (signatures stay as they were).
inline void reseal_from(std::vector<std::string>& lines, std::size_t from) {
  std::string head = from == 0 ? std::string(kAuditGenesis)
                               : nlohmann::json::parse(lines[from - 1])["hash"].get<std::string>();
  for (std::size_t i = from; i < lines.size(); ++i) {
    auto line = nlohmann::json::parse(lines[i]);
    line["seq"] = i;
    line["prev"] = head;
    lines[i] = detail::seal_line(line);
    head = line["hash"].get<std::string>();
  }
}

inline AuditEntry audit_entry(int i) {
  return AuditEntry{"2025-01-0" + std::to_string(i % 9 + 1) + "T10:00:00.000Z",
                    "CN=alice,OU=researcher,O=Federation",
                    "count",
                    parameters_digest(nlohmann::json{{"cohort", "breast"}, {"i", i}}),
                    i % 2 == 0,
                    i % 2 == 0 ? "" : "DUO: NCU refuses commercial use",
                    static_cast<std::uint64_t>(i * 10)};
}

// Makes every later write of this process to the open file `path` fail with ENOSPC: each
// descriptor open on it is replaced by one on /dev/full. Works as root too, unlike chmod.
inline void redirect_to_dev_full(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target = fs::canonical(path);
  const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(full, 0);
  int replaced = 0;
  for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (fs::read_symlink(fd.path(), ec) == target && !ec) {
      ASSERT_GE(::dup2(full, std::stoi(fd.path().filename().string())), 0);
      ++replaced;
    }
  }
  ::close(full);
  ASSERT_GT(replaced, 0) << "no open descriptor on " << path;
}

}  // namespace oncoshare::node::testing
