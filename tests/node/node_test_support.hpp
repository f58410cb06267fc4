// Shared helpers for node tests: scratch directories and running external oracles.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "node/config.hpp"
#include "node/pki.hpp"
#include "node/server.hpp"
#include "node/server_identity.hpp"
#include "synth/synth.hpp"

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

// Removes `dir` when the test process exits.
inline void remove_at_exit(const std::string& dir) {
  static struct Dirs {
    std::vector<std::string> list;
    ~Dirs() {
      for (const auto& d : list) {
        std::error_code ignored;
        std::filesystem::remove_all(d, ignored);
      }
    }
  } dirs;
  dirs.list.push_back(dir);
}

// Certificates and a synthetic cohort shared by the tests of one process, in a directory of
// its own (ctest runs one suite's tests in parallel processes), removed at exit.
struct TestFederation {
  std::string dir;
  [[nodiscard]] std::string ca() const { return dir + "/ca/ca.crt"; }
  [[nodiscard]] std::string cert(const std::string& name) const { return dir + "/certs/" + name + ".crt"; }
  [[nodiscard]] std::string key(const std::string& name) const { return dir + "/certs/" + name + ".key"; }
  [[nodiscard]] std::string site_export(int k) const { return dir + "/data/site_" + std::to_string(k) + ".csv"; }
};

// A CA in <dir>/ca, a certificate in <dir>/certs for each holder, and a clean cohort of
// `sites` x `patients` in <dir>/data.
inline TestFederation make_test_federation(const std::string& stem,
                                           const std::vector<std::pair<Role, std::string>>& holders, int sites,
                                           int patients, std::uint64_t seed) {
  TestFederation made;
  made.dir = (std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(made.dir);
  std::filesystem::create_directories(made.dir);
  remove_at_exit(made.dir);
  EXPECT_TRUE(init_ca(made.dir + "/ca", "Federation", KeyAlgorithm::ed25519));
  for (const auto& [role, name] : holders) {
    EXPECT_TRUE(issue_certificate(made.dir + "/ca", IssueRequest{role, name}, made.dir + "/certs"));
  }
  synth::SynthOptions options;
  options.sites = static_cast<std::uint64_t>(sites);
  options.patients = static_cast<std::uint64_t>(patients);
  options.seed = seed;
  options.defect_rate = 0;
  options.show_progress = false;
  options.out = made.dir + "/data";
  EXPECT_TRUE(synth::generate(options));
  return made;
}

// Exact answers to any researcher, from a single node.
inline constexpr const char* kOpenExactPolicy =
    "min_contributors = 1\ndp_epsilon = \"0\"\nexact_answers = true\nmin_subset_size = 1\n";

// A node "site_1" of `w` keeping its state in `state_dir`, serving one dataset "registry"
// (site_1's export) under DUO `consent` with the [datasets.policy] lines `policy`;
// `node_keys` are extra lines of its [node] table.
inline std::string single_dataset_config(const TestFederation& w, const std::string& state_dir,
                                         const std::string& node_keys = "", const std::string& consent = "HMB IRB",
                                         const std::string& policy = kOpenExactPolicy) {
  return "[node]\nname = \"site_1\"\nlisten = \"127.0.0.1:0\"\n"
         "audit_log = \"" + state_dir + "/audit.log\"\ndp_ledger = \"" + state_dir + "/ledger.sqlite\"\n"
         "key_share = \"" + state_dir + "/key_share.json\"\n" + node_keys +
         "\n[tls]\ncert = \"" + w.cert("site_1") + "\"\nkey = \"" + w.key("site_1") + "\"\nca = \"" + w.ca() +
         "\"\n\n[[datasets]]\nid = \"registry\"\ndictionary = \"" + w.dir + "/data/dictionary.csv\"\n"
         "exports = [\"" + w.site_export(1) + "\"]\nconsent = \"" + consent + "\"\n[datasets.policy]\n" + policy;
}

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

// A client of site_1 on 127.0.0.1:`port` holding `who`'s certificate.
inline std::unique_ptr<httplib::SSLClient> federation_client(const TestFederation& w, int port, const std::string& who) {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port, w.cert(who), w.key(who));
  c->enable_server_certificate_verification(false);  // replaced: the server must be site_1
  EXPECT_TRUE(require_node_certificate(c->ssl_context(), w.ca(), "site_1"));
  c->set_connection_timeout(5, 0);
  return c;
}

// `body` with a fresh nonce and the current time, as the replay guard requires.
inline nlohmann::json with_fresh_nonce(nlohmann::json body) {
  static std::atomic<int> counter{0};
  body["nonce"] = "support-nonce-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  body["timestamp"] = static_cast<std::int64_t>(std::time(nullptr));
  return body;
}

struct CommandOutput {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command, capturing stdout+stderr; `on_line` (if given) sees each line as it
// arrives, while the command runs (e.g. to act once it reports progress).
inline CommandOutput run(const std::string& command, const std::function<void(const std::string&)>& on_line = {}) {
  CommandOutput result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t line_start = 0;
  for (ssize_t n = 0; (n = ::read(::fileno(pipe), buffer.data(), buffer.size())) > 0;) {
    result.output.append(buffer.data(), static_cast<std::size_t>(n));
    for (std::size_t end = 0; on_line && (end = result.output.find('\n', line_start)) != std::string::npos;) {
      on_line(result.output.substr(line_start, end - line_start));
      line_start = end + 1;
    }
  }
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
