// `oncoshare ca init|issue`: the federation certificate authority.
#include <fmt/format.h>
#include <memory>

#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "node/pki.hpp"

namespace oncoshare::cli {

namespace {

struct InitOptions {
  std::string dir;
  std::string name = "oncoshare federation CA";
  std::string algorithm = "ed25519";
  int days = 3650;
  bool force = false;
};

struct IssueOptions {
  std::string dir;
  std::string node;
  std::string researcher;
  std::string out;
  std::string algorithm = "ed25519";
  int days = 365;
  std::vector<std::string> sans;
  bool force = false;
};

int run_init(const InitOptions& o) {
  auto algorithm = node::parse_key_algorithm(o.algorithm);
  if (!algorithm) return report(algorithm.error());
  core::Status created = node::init_ca(o.dir, o.name, *algorithm, o.days, existing_key(o.force));
  if (!created) return report(created.error());
  fmt::print("CA '{}' created in {} (ca.key mode 0600, ca.crt)\n", o.name, o.dir);
  return 0;
}

int run_issue(const IssueOptions& o) {
  if (o.node.empty() == o.researcher.empty()) {
    return report(core::bad_input("give exactly one of --node NAME or --researcher NAME"));
  }
  auto algorithm = node::parse_key_algorithm(o.algorithm);
  if (!algorithm) return report(algorithm.error());
  node::IssueRequest request;
  request.role = o.node.empty() ? node::Role::researcher : node::Role::node;
  request.name = o.node.empty() ? o.researcher : o.node;
  request.days = o.days;
  request.algorithm = *algorithm;
  request.sans = o.sans;
  request.existing = existing_key(o.force);
  auto files = node::issue_certificate(o.dir, request, o.out.empty() ? o.dir : o.out);
  if (!files) return report(files.error());
  fmt::print("{} certificate for '{}': {} (key {}, mode 0600)\n", node::role_name(request.role),
             request.name, files->cert_path, files->key_path);
  return 0;
}

}  // namespace

void register_ca(CLI::App& app, Action& action) {
  auto* ca = app.add_subcommand("ca", "Federation certificate authority: create it, issue certificates");
  ca->require_subcommand(1);

  auto init = std::make_shared<InitOptions>();
  auto* init_cmd = ca->add_subcommand("init", "Create a self-signed CA (ca.key 0600, ca.crt)");
  init_cmd->add_option("--dir", init->dir, "directory for the CA files")->required();
  init_cmd->add_option("--name", init->name,
                       fmt::format("CA common and organisation name (at most {} characters)", node::kMaxCommonName));
  init_cmd->add_option("--algorithm", init->algorithm, "ed25519 or p256")
      ->check(CLI::IsMember({"ed25519", "p256"}));
  init_cmd->add_option("--days", init->days, "validity in days")
      ->check(in_range(core::whole_numbers(1, node::kMaxValidityDays)));
  init_cmd->add_flag("--force", init->force, kForceHelp);
  init_cmd->callback([&action, init] { action = [init] { return run_init(*init); }; });

  auto issue = std::make_shared<IssueOptions>();
  auto* issue_cmd = ca->add_subcommand("issue", "Issue a node or researcher key and certificate");
  issue_cmd->add_option("--dir", issue->dir, "CA directory")->required();
  auto* node_opt = issue_cmd->add_option("--node", issue->node, "node name (serverAuth + clientAuth)");
  auto* researcher_opt =
      issue_cmd->add_option("--researcher", issue->researcher, "researcher name (clientAuth)");
  node_opt->excludes(researcher_opt);
  issue_cmd->add_option("--out", issue->out, "output directory (default: the CA directory)");
  issue_cmd->add_option("--days", issue->days, "validity in days (negative: already expired; not 0)")
      ->check(in_range(core::whole_numbers(-node::kMaxValidityDays, node::kMaxValidityDays)));
  issue_cmd->add_flag("--force", issue->force, kForceHelp);
  issue_cmd->add_option("--algorithm", issue->algorithm, "ed25519 or p256")
      ->check(CLI::IsMember({"ed25519", "p256"}));
  issue_cmd->add_option("--san", issue->sans,
                        "subjectAltName entry, DNS:host or IP:address (repeatable; default: none, as the "
                        "federation checks the CN, not host names)");
  issue_cmd->callback([&action, issue] { action = [issue] { return run_issue(*issue); }; });
}

}  // namespace oncoshare::cli
