// `oncoshare audit verify LOG --cert NODE_CERT [--live] [--expect-head HASH]`: check a
// node's tamper-evident audit log, and that it is complete.
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
  node::AuditVerifyOptions check;
};

int run_verify(const VerifyOptions& o) {
  std::ifstream in(o.cert, std::ios::binary);
  if (!in) return report(core::bad_input("cannot open certificate", {o.cert}));
  std::ostringstream pem;
  pem << in.rdbuf();
  auto summary = node::verify_audit_log(o.log, pem.str(), o.check);
  if (!summary) return report(summary.error());
  fmt::print("{}: OK: {} lines, {} entries, {} signed checkpoints, {}\n", o.log, summary->lines, summary->entries,
             summary->checkpoints,
             summary->closed ? std::string("closed with a signed seal")
                             : fmt::format("open (live), {} entries after the last signed line", summary->unsigned_tail));
  for (std::uint64_t line : summary->unclean_ends) {
    fmt::print("unclean shutdown: the node stopped without sealing the log after line {}\n", line);
  }
  if (summary->expected_head_line != 0) {
    fmt::print("recorded head found: signed line {}\n", summary->expected_head_line);
  }
  fmt::print("chain head {}\n", summary->head);
  return 0;
}

}  // namespace

void register_audit(CLI::App& app, Action& action) {
  auto* audit = app.add_subcommand("audit", "Tamper-evident audit log of a site node");
  audit->require_subcommand(1);
  auto verify = std::make_shared<VerifyOptions>();
  auto* cmd = audit->add_subcommand(
      "verify",
      "Check the hash chain, the signed header, checkpoints, reopen lines and closing seal, and that the log is "
      "complete: it must end with the seal the node writes when it stops (exit 0 intact, 1 tampered or incomplete, "
      "naming the line; 2 bad usage). Restarts after a crash are reported, not failed");
  cmd->add_option("LOG", verify->log, "audit log file (JSON lines)")->required();
  cmd->add_option("--cert", verify->cert, "the node's certificate (or PEM public key)")->required();
  cmd->add_flag("--live", verify->check.live,
                "the node is still running: accept a log without a closing seal (its last signed line is then at most "
                "one checkpoint interval behind the end; pin it with --expect-head)");
  cmd->add_option("--expect-head", verify->check.expect_head,
                  "a chain head recorded elsewhere (GET /audit/head): it must be the hash of a signed line of this "
                  "log, so a log cut or rewritten before it fails");
  cmd->callback([&action, verify] { action = [verify] { return run_verify(*verify); }; });
}

}  // namespace oncoshare::cli
