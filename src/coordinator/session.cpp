#include "coordinator/session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "coordinator/fan_out.hpp"
#include "node/pki.hpp"
#include "secure/codec.hpp"

namespace oncoshare::coordinator {

core::Error failed(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message), {}}; }

std::string describe(const std::vector<NodeFailure>& failures) {
  std::string out;
  for (const auto& f : failures) out += fmt::format("\n  {}: {}", f.node, f.reason);
  return out;
}

core::Status check_node_certificate(const std::string& certificate, const std::string& ca, const std::string& name) {
  auto chained = node::verify_chain_pem(certificate, ca);
  if (!chained) return core::fail(failed(fmt::format("node '{}' publishes a certificate that does not verify: {}", name,
                                                     chained.error().message)));
  auto identity = node::peer_identity_pem(certificate);
  if (!identity || identity->role != node::Role::node || identity->name != name) {
    return core::fail(failed(fmt::format("node '{}' publishes the certificate of '{}', not its own", name,
                                         identity ? identity->name : "nobody")));
  }
  return {};
}

core::Result<FederationSession> open_session(const StudySpec& study) {
  ONCOSHARE_TRY(check_credential_files(study.federation));
  std::vector<NodeClient> all;
  for (const auto& node : study.federation.nodes) all.emplace_back(study.federation, node);
  auto catalogs = fan_out(all, [](NodeClient& c) { return c.get("/catalog"); });

  // Models are summed by secure aggregation; only encrypted counts need the collective key.
  const bool needs_key = study.mode == QueryMode::encrypted &&
                         std::any_of(study.queries.begin(), study.queries.end(),
                                     [](const QuerySpec& q) { return q.type != "glm" && q.type != "cox"; });
  FederationSession session;
  auto ca = node::read_certificate_text(study.federation.ca);
  if (!ca) return core::fail(ca.error());
  auto own = node::read_certificate_text(study.federation.cert);
  if (!own) return core::fail(own.error());
  auto me = node::peer_identity_pem(*own);
  if (!me) return core::fail(core::bad_input(fmt::format("{}: {}", study.federation.cert, me.error().message)));
  session.researcher = me->name;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string& name = all[i].node().name;
    if (!catalogs[i]) {
      if (study.require_all_nodes || all[i].identity_refused()) return core::fail(catalogs[i].error());
      session.unreachable.push_back({name, catalogs[i].error().message});
      continue;
    }
    const nlohmann::json& catalog = *catalogs[i];
    if (catalog.value("node", "") != name) {
      return core::fail(failed(fmt::format("{}:{} answers as node '{}', but the study lists it as '{}'",
                                           all[i].node().host, all[i].node().port, catalog.value("node", ""), name)));
    }
    const std::string certificate = catalog.value("certificate", "");
    if (auto checked = check_node_certificate(certificate, *ca, name); !checked) return core::fail(checked.error());
    auto dataset = std::find_if(catalog["datasets"].begin(), catalog["datasets"].end(),
                                [&](const nlohmann::json& d) { return d.value("id", "") == study.dataset; });
    if (dataset == catalog["datasets"].end()) {
      return core::fail(failed(fmt::format("node '{}' has no dataset '{}'", name, study.dataset)));
    }
    if (session.dataset.is_null()) session.dataset = *dataset;
    session.min_cell_size = std::max(session.min_cell_size, dataset->value("min_cell_size", std::int64_t{0}));
    session.min_contributors = std::max(session.min_contributors, dataset->value("min_contributors", std::int64_t{2}));
    session.plaintext_allowed = session.plaintext_allowed && dataset->value("plaintext", false);
    if (needs_key) {
      if (catalog["collective_key"].is_null()) {
        return core::fail(failed(fmt::format("node '{}' has no collective key: run `oncoshare study keygen` first", name)));
      }
      auto key = secure::parse_collective_key(catalog["collective_key"].dump());
      if (!key) return core::fail(failed(fmt::format("node '{}': {}", name, key.error().message)));
      if (!session.key) {
        session.key = std::move(*key);
      } else if (!(*session.key == *key)) {
        return core::fail(failed(fmt::format("node '{}' holds a different collective key than node '{}'", name,
                                             session.clients.front().node().name)));
      }
    }
    session.clients.push_back(std::move(all[i]));
    session.certificates.push_back(certificate);
  }
  if (session.clients.empty()) {
    std::string reasons;
    for (const auto& f : session.unreachable) reasons += "\n  " + f.reason;
    return core::fail(core::io_error("no node of the federation answered:" + reasons));
  }
  return session;
}

std::string choice_label(const nlohmann::json& dataset, const std::string& variable, const std::string& code) {
  for (const auto& v : dataset.value("variables", nlohmann::json::array())) {
    if (v.value("name", "") != variable || !v.contains("choices")) continue;
    for (const auto& c : v["choices"]) {
      if (c.value("code", "") == code) return c.value("label", code);
    }
  }
  return code;
}

}  // namespace oncoshare::coordinator
