// Shared helpers for node tests: scratch directories and running external oracles.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "node/config.hpp"
#include "node/server.hpp"

namespace oncoshare::node::testing {

// A fresh directory under the system temp dir, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("oncoshare-node-") + info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  [[nodiscard]] std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  [[nodiscard]] std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A NodeServer configured from TOML text, on a free loopback port, serving in a thread
// until destroyed (or stop()).
class ServingNode {
 public:
  ServingNode(const std::string& config_text, const std::string& base_dir) {
    auto config = parse_config(config_text, "node.toml", base_dir);
    EXPECT_TRUE(config) << (config ? "" : config.error().to_string());
    auto server = NodeServer::create(std::move(*config));
    EXPECT_TRUE(server) << (server ? "" : server.error().to_string());
    server_ = std::move(*server);
    auto port = server_->bind();
    EXPECT_TRUE(port);
    port_ = *port;
    thread_ = std::thread([this] { (void)server_->serve(); });
  }
  ~ServingNode() { stop(); }
  ServingNode(const ServingNode&) = delete;
  ServingNode& operator=(const ServingNode&) = delete;

  [[nodiscard]] int port() const { return port_; }
  // Stops serving (connections are then refused); idempotent.
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

 private:
  std::unique_ptr<NodeServer> server_;
  int port_ = 0;
  std::thread thread_;
};

struct CommandOutput {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command, capturing stdout+stderr.
inline CommandOutput run(const std::string& command) {
  CommandOutput result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace oncoshare::node::testing
