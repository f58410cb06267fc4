// `oncoshare study run study.toml` (researcher side: federated queries across the nodes)
// and `oncoshare study keygen --federation federation.toml --threshold T` (the relay of the
// distributed key generation, with a node-role certificate), and `oncoshare study verify
// REPORT.json --ca ca.crt` (anyone: checks a report against the signed evidence it carries).
#include <fmt/format.h>

#include <memory>

#include "cli/command.hpp"
#include "coordinator/dkg_relay.hpp"
#include "coordinator/study_report.hpp"
#include "core/atomic_output.hpp"
#include "core/json_text.hpp"
#include "node/toml_reader.hpp"
#include "secure/codec.hpp"

namespace oncoshare::cli {

namespace {

struct RunOptions {
  std::string study;
  std::string format = "text";
  std::string out;
};

int run_verify(const std::string& report_file, const std::string& ca_file) {
  auto text = node::read_config_text(report_file);
  if (!text) return report(text.error());
  auto json = core::parse_json(*text, {report_file});
  if (!json) return report(json.error());
  auto check = coordinator::verify_report_against(*json, ca_file);
  if (!check) return report(check.error());
  fmt::print("{}: {}\n", report_file, coordinator::report_check_text(*check));
  return check->ok() ? 0 : 1;
}

int run_study(const RunOptions& options) {
  auto study = coordinator::load_study(options.study);
  if (!study) return report(study.error());
  auto result = coordinator::run_study(*study, [](const std::string& name) {
    fmt::print(stderr, "oncoshare study: running '{}'\n", name);
  });
  if (!result) return report(result.error());
  std::string text;
  if (options.format == "html") {
    auto check = coordinator::verify_report_against(coordinator::study_json(*result), study->federation.ca);
    if (!check) return report(check.error());
    text = coordinator::study_html(*result, &*check);
  } else {
    text = options.format == "json" ? coordinator::study_json(*result).dump(2) + "\n" : coordinator::study_text(*result);
  }
  if (options.out.empty()) {
    fmt::print("{}", text);
  } else {
    if (auto written = core::write_file_atomically(options.out, text); !written) return report(written.error());
    fmt::print(stderr, "oncoshare study: wrote {}\n", options.out);
  }
  return 0;
}

int run_keygen(const std::string& federation_path, std::uint32_t threshold) {
  auto federation = coordinator::load_federation(federation_path);
  if (!federation) return report(federation.error());
  std::vector<coordinator::NodeClient> clients;
  for (const auto& node : federation->nodes) clients.emplace_back(*federation, node);
  auto key = coordinator::run_dkg(clients, threshold, federation->ca);
  if (!key) return report(key.error());
  fmt::print("collective key: {}-of-{} among {} node(s)\n{}\n", key->params.threshold, key->params.participants,
             clients.size(), secure::serialize_public_key(key->public_key));
  return 0;
}

}  // namespace

void register_study(CLI::App& app, Action& action) {
  auto* study = app.add_subcommand("study", "Researcher side: federated studies across site nodes");
  study->require_subcommand(1);

  auto run = std::make_shared<RunOptions>();
  auto* run_cmd = study->add_subcommand("run", "Run the queries of a study.toml on every node and print pooled results");
  run_cmd->add_option("study", run->study, "study.toml")->required();
  run_cmd->add_option("--format", run->format, "text (default), json or html (Kaplan-Meier plots)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  run_cmd->add_option("--out", run->out, "write the results to this file instead of stdout");
  run_cmd->callback([&action, run] { action = [run] { return run_study(*run); }; });

  auto verify = std::make_shared<std::pair<std::string, std::string>>();
  auto* verify_cmd = study->add_subcommand(
      "verify", "Check a JSON study report: signatures, certificates, proofs, and that every number follows from them");
  verify_cmd->add_option("report", verify->first, "report written by `study run --format json`")->required();
  verify_cmd->add_option("--ca", verify->second, "the federation CA certificate (ca.crt)")->required();
  verify_cmd->callback([&action, verify] { action = [verify] { return run_verify(verify->first, verify->second); }; });

  auto federation = std::make_shared<std::string>();
  auto threshold = std::make_shared<std::uint32_t>(0);
  auto* keygen = study->add_subcommand(
      "keygen", "Relay the distributed key generation among the nodes (needs a node-role certificate)");
  keygen->add_option("--federation", *federation, "TOML file with a [federation] table")->required();
  keygen->add_option("--threshold", *threshold, "nodes needed to decrypt (t of N)")->required()->check(CLI::Range(1, 64));
  keygen->callback([&action, federation, threshold] {
    action = [federation, threshold] { return run_keygen(*federation, *threshold); };
  });
}

}  // namespace oncoshare::cli
