#include <fmt/format.h>

#include <filesystem>

#include "node/detail/node_state.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node::detail {

core::Status load_node_state(NodeState& node, NodeConfig config) {
  node.config = std::move(config);
  const NodeConfig& c = node.config;
  for (std::size_t i = 0; i < c.datasets.size(); ++i) {
    const auto& dataset = c.datasets[i];
    auto consent = parse_consent(dataset.consent);
    if (!consent) {
      return core::bad_input(fmt::format("datasets[{}].consent: {}", i, consent.error().message),
                             {c.path, 0, 0, fmt::format("datasets[{}].consent", i)});
    }
    node.consents.emplace(dataset.id, *consent);
    auto loaded = load_dataset(dataset, c.store);
    if (!loaded) return loaded.error();
    node.datasets.push_back(std::move(*loaded));
  }
  auto audit = AuditLog::open(c.audit_log, c.tls_key);
  if (!audit) return audit.error();
  node.audit.emplace(std::move(*audit));
  auto ledger = DpLedger::open(c.dp_ledger, kMicroPerEpsilon);
  if (!ledger) return ledger.error();
  node.ledger.emplace(std::move(*ledger));
  auto guard = RequestGuard::open(
      c.replay_store, c.name,
      {std::chrono::seconds(c.request_window_seconds), static_cast<std::size_t>(c.max_nonces_per_peer)});
  if (!guard) return guard.error();
  node.guard.emplace(std::move(*guard));
  auto roster = Roster::load(c.roster, c.tls_ca, c.path);
  if (!roster) return roster.error();
  node.roster = std::move(*roster);
  auto own_pem = read_text_file(c.tls_cert);
  if (!own_pem) return own_pem.error();
  auto own_cert = parse_certificate(*own_pem, c.tls_cert);
  if (!own_cert) return own_cert.error();
  node.certificate_pem = certificate_pem(own_cert->get());
  if (!node.roster.empty() && node.roster.fingerprint(c.name) != certificate_fingerprint(own_cert->get())) {
    return core::bad_input(fmt::format("the roster's certificate for '{}' is not this node's ({})", c.name, c.tls_cert),
                           {c.path, 0, 0, "roster"});
  }
  auto signer = StatementSigner::open(c.tls_key);
  if (!signer) return signer.error();
  node.signer.emplace(std::move(*signer));
  if (std::filesystem::exists(c.key_share)) {
    auto share = load_key_share(c.key_share);
    if (!share) return share.error();
    node.hold_key_share(std::move(*share));
  }
  return {};
}

}  // namespace oncoshare::node::detail
