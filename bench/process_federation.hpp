// A federation on loopback run as the demo runs one (src/cli/demo_federation.cpp): a CA,
// certificates for each site node, the key-generation relay and the researchers, one
// `oncoshare node serve` process per site, and studies run by `oncoshare study run` as whole
// processes. Each site serves dataset "registry" from dir/data/dictionary.csv and
// dir/data/<site>.csv.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/atomic_output.hpp"
#include "must.hpp"
#include "node/node_process.hpp"
#include "node/pki.hpp"
#include "node_config.hpp"
#include "peak_memory.hpp"
#include "whole_process.hpp"

namespace oncoshare::bench {

class ProcessFederation {
 public:
  // Issues the certificates in dir/ca and dir/certs: one per site, "coordinator" (the relay
  // of `study keygen`) and one per researcher. Exits on failure.
  ProcessFederation(std::string dir, std::vector<std::string> sites, const std::vector<std::string>& researchers)
      : dir_(std::move(dir)), sites_(std::move(sites)) {
    must(node::init_ca(dir_ + "/ca", "Bench federation", node::KeyAlgorithm::ed25519), "ca init");
    for (const auto& site : sites_) issue(node::Role::node, site);
    issue(node::Role::node, "coordinator");
    for (const auto& who : researchers) issue(node::Role::researcher, who);
  }

  // Starts one node process per site (stopping any running), with DUO consent `consent`,
  // the [datasets.policy] keys `policy` and a pool of `pool` encryptions. Exits on failure.
  void start(const std::string& consent, const std::string& policy = kExactAnswers, std::size_t pool = 0) {
    nodes_.clear();
    ports_.clear();
    for (const auto& site : sites_) {
      std::filesystem::create_directories(dir_ + "/" + site);
      const std::string config = dir_ + "/" + site + ".toml";
      must(core::write_file_atomically(config, bench_node_config(dir_, site, consent, sites_, pool, policy)),
           "node.toml");
      nodes_.push_back(must(node::NodeProcess::start(ONCOSHARE_BINARY, config, dir_ + "/" + site + ".log"),
                            "oncoshare node serve"));
      ports_.push_back(nodes_.back().port());
    }
  }

  // `oncoshare study keygen --threshold T` over the running nodes (for encrypted studies).
  void keygen(std::uint32_t threshold) const {
    const std::string federation = dir_ + "/federation.toml";
    must(core::write_file_atomically(federation, federation_table("coordinator")), "federation.toml");
    const std::string log = dir_ + "/keygen.log";
    require_success(run_process({ONCOSHARE_BINARY, "study", "keygen", "--federation", federation, "--threshold",
                                 std::to_string(threshold)},
                                log),
                    "oncoshare study keygen", log);
  }

  // Writes dir/<name>.toml: `tables` ([study] and [[query]] tables) and the [federation]
  // table of `researcher` for the running nodes. Returns its path.
  [[nodiscard]] std::string write_study(const std::string& name, const std::string& tables,
                                        const std::string& researcher = "alice") const {
    const std::string path = fmt::format("{}/{}.toml", dir_, name);
    must(core::write_file_atomically(path, tables + "\n" + federation_table(researcher)), "study.toml");
    return path;
  }

  // The command line of `oncoshare study run STUDY --out OUT`.
  [[nodiscard]] static std::vector<std::string> study_run(const std::string& study, const std::string& out) {
    return {ONCOSHARE_BINARY, "study", "run", study, "--out", out};
  }

  // The largest peak memory of the running node processes, in MiB.
  [[nodiscard]] double node_peak_rss_mib() const {
    double peak = 0;
    for (const auto& n : nodes_) peak = std::max(peak, peak_rss_mib(n.pid()));
    return peak;
  }

  // Waits until no node process uses the CPU any more (e.g. its encryption pool is full),
  // seen as less than 2 clock ticks of CPU time between reads 300 ms apart. Returns the
  // seconds waited.
  double wait_until_idle() const {
    const auto start = std::chrono::steady_clock::now();
    for (long before = cpu_ticks();;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      const long now = cpu_ticks();
      if (now - before < 2) break;
      before = now;
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  void issue(node::Role role, const std::string& name) const {
    (void)must(node::issue_certificate(dir_ + "/ca", {role, name}, dir_ + "/certs"), "certificate");
  }

  // User + system CPU time of all node processes, in clock ticks (/proc/<pid>/stat).
  [[nodiscard]] long cpu_ticks() const {
    long total = 0;
    for (const auto& n : nodes_) {
      std::ifstream stat("/proc/" + std::to_string(n.pid()) + "/stat");
      std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
      std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (name) "
      std::string field;
      for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i >= 14) total += std::stol(field);  // fields 14 and 15: utime, stime
      }
    }
    return total;
  }

  [[nodiscard]] std::string federation_table(const std::string& who) const {
    std::string out = fmt::format(
        "[federation]\nca = \"{0}/ca/ca.crt\"\ncert = \"{0}/certs/{1}.crt\"\nkey = \"{0}/certs/{1}.key\"\n"
        "timeout_seconds = 600\n",
        dir_, who);
    for (std::size_t i = 0; i < sites_.size(); ++i) {
      out += fmt::format("\n[[federation.nodes]]\nname = \"{}\"\naddress = \"127.0.0.1:{}\"\n", sites_[i], ports_[i]);
    }
    return out;
  }

  std::string dir_;
  std::vector<std::string> sites_;
  std::vector<node::NodeProcess> nodes_;
  std::vector<int> ports_;
};

}  // namespace oncoshare::bench
