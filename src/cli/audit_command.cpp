// `oncoshare audit verify LOG --cert NODE_CERT`: check a node's tamper-evident audit log.
#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "node/audit_log.hpp"

namespace oncoshare::cli {

namespace {

struct VerifyOptions {
  std::string log;
  std::string cert;
};

int run_verify(const VerifyOptions& o) {
  std::ifstream in(o.cert, std::ios::binary);
  if (!in) return report(core::bad_input("cannot open certificate", {o.cert}));
  std::ostringstream pem;
  pem << in.rdbuf();
  auto summary = node::verify_audit_log(o.log, pem.str());
  if (!summary) return report(summary.error());
  fmt::print("{}: OK: {} lines, {} entries, {} signed checkpoints, {} entries after the last checkpoint\n", o.log,
             summary->lines, summary->entries, summary->checkpoints, summary->unsigned_tail);
  fmt::print("chain head {}\n", summary->head);
  return 0;
}

}  // namespace

void register_audit(CLI::App& app, Action& action) {
  auto* audit = app.add_subcommand("audit", "Tamper-evident audit log of a site node");
  audit->require_subcommand(1);
  auto verify = std::make_shared<VerifyOptions>();
  auto* cmd = audit->add_subcommand(
      "verify", "Check hash chain and checkpoint signatures (exit 0 intact, 1 tampered, 2 bad usage)");
  cmd->add_option("LOG", verify->log, "audit log file (JSON lines)")->required();
  cmd->add_option("--cert", verify->cert, "the node's certificate (or PEM public key)")->required();
  cmd->callback([&action, verify] { action = [verify] { return run_verify(*verify); }; });
}

}  // namespace oncoshare::cli
