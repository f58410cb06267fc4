// `oncoshare audit verify LOG --cert NODE_CERT [--live] [--expect-head HASH]`: check a
// node's tamper-evident audit log, and that it is complete. `oncoshare audit head
// --federation FILE`: record each node's signed head, to pass to --expect-head later.
#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "coordinator/audit_heads.hpp"
#include "coordinator/federation.hpp"
#include "node/audit_log.hpp"
#include "node/pki.hpp"

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

// One JSON line per node: {"node", "seq", "type", "time", "head", "signature"}.
int run_head(const std::string& federation_path) {
  auto federation = coordinator::load_federation(federation_path);
  if (!federation) return report(federation.error());
  auto ca = node::read_certificate_text(federation->ca);
  if (!ca) return report(ca.error());
  for (const auto& address : federation->nodes) {
    coordinator::NodeClient client(*federation, address);
    auto head = coordinator::record_audit_head(client, *ca);
    if (!head) return report(head.error());
    fmt::print("{}\n", head->dump());
  }
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

  auto federation = std::make_shared<std::string>();
  auto* head = audit->add_subcommand(
      "head", "Fetch each node's latest signed audit head (GET /audit/head), check its signature with the "
              "certificate the node publishes, and print it as one JSON line per node: store these outside the "
              "nodes and later run `audit verify --expect-head HEAD` (exit 0, 1 a signature or certificate fails, "
              "2 bad usage or unreachable)");
  head->add_option("--federation", *federation, "federation.toml (or a study.toml) naming the nodes and this "
                                                "client's certificate")->required();
  head->callback([&action, federation] { action = [federation] { return run_head(*federation); }; });
}

}  // namespace oncoshare::cli
