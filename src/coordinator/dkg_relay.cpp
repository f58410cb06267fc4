#include "coordinator/dkg_relay.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "coordinator/fan_out.hpp"
#include "coordinator/session.hpp"
#include "node/dkg_statement.hpp"
#include "node/pki.hpp"
#include "secure/codec.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;
using node::DkgStep;

core::Error step_failed(std::string_view step, const std::string& message) {
  return failed(fmt::format("key generation, step '{}': {}", step, message));
}

// The first failed answer, prefixed with the step.
core::Status first_failure(std::span<core::Result<json>> answers, std::string_view step) {
  for (auto& answer : answers) {
    if (!answer) {
      core::Error error = answer.error();
      error.message = fmt::format("key generation, step '{}': {}", step, error.message);
      return core::fail(error);
    }
  }
  return {};
}

const json& field(const json& answer, const char* key) {
  static const json null;
  return answer.contains(key) ? answer[key] : null;
}

// Each node's published certificate (PEM) by name, checked against the CA and the name.
core::Result<std::map<std::string, std::string, std::less<>>> published_certificates(std::span<NodeClient> nodes,
                                                                                     const std::string& ca_file) {
  auto ca = node::read_certificate_text(ca_file);
  if (!ca) return core::fail(ca.error());
  auto catalogs = fan_out(nodes, [](NodeClient& c) { return c.get("/catalog"); });
  ONCOSHARE_TRY(first_failure(catalogs, "catalog"));
  std::map<std::string, std::string, std::less<>> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string& name = nodes[i].node().name;
    const std::string certificate = (*catalogs[i]).value("certificate", "");
    if (auto checked = check_node_certificate(certificate, *ca, name); !checked) {
      return core::fail(step_failed("catalog", checked.error().message));
    }
    out.emplace(name, certificate);
  }
  return out;
}

// Signatures checked as the nodes check them against their rosters, with the same messages.
node::DkgVerifier certificate_verifier(const std::map<std::string, std::string, std::less<>>& certificates) {
  return [&certificates](std::string_view name, const node::SignedStatement& statement) -> core::Status {
    auto it = certificates.find(name);
    if (it == certificates.end()) return core::fail(failed(fmt::format("'{}' is not a participant", name)));
    if (!node::verify_statement(statement, it->second)) {
      return core::fail(failed(fmt::format("the signature of node '{}' does not verify", name)));
    }
    return {};
  };
}

json signed_list(std::span<const node::DkgStatement> statements) {
  json out = json::array();
  for (const auto& s : statements) out.push_back(node::to_json(s.signed_statement));
  return out;
}

// One statement per node from `answers[i][key]`, each signed by node i+1.
core::Result<std::vector<node::DkgStatement>> read_answers(std::span<core::Result<json>> answers, DkgStep step,
                                                           const char* key, const node::DkgHeader& header,
                                                           const node::DkgVerifier& verify, std::string_view step_name) {
  std::vector<node::DkgStatement> out;
  for (std::uint32_t i = 0; i < answers.size(); ++i) {
    auto statement = node::read_dkg_statement(field(*answers[i], key), step, header, i + 1, verify);
    if (!statement) return core::fail(step_failed(step_name, statement.error().message));
    out.push_back(std::move(*statement));
  }
  return out;
}

// What the relay forwards from dealer to recipient: the box and the dealer's signature of it.
struct Sealed {
  json sealed;
  json statement;
};

}  // namespace

core::Result<secure::CollectiveKey> run_dkg(std::span<NodeClient> nodes, std::uint32_t threshold, const std::string& ca_file) {
  const auto n = static_cast<std::uint32_t>(nodes.size());
  ONCOSHARE_TRY(secure::validate(secure::DkgParams{n, threshold}));
  auto certificates = published_certificates(nodes, ca_file);
  if (!certificates) return core::fail(certificates.error());
  const node::DkgVerifier verify = certificate_verifier(*certificates);
  node::DkgHeader header{random_id(), {}, threshold, 0};
  for (const auto& c : nodes) header.participants.push_back(c.node().name);

  std::vector<NodeCall> start_calls;
  for (std::uint32_t i = 0; i < n; ++i) {
    start_calls.push_back([&, i](NodeClient& c) {
      return c.post("/secure/dkg/start", {{"session", header.session}, {"participants", header.participants},
                                          {"threshold", threshold}, {"index", i + 1}});
    });
  }
  auto started = fan_out(nodes, start_calls);
  ONCOSHARE_TRY(first_failure(started, "start"));
  auto starts = read_answers(started, DkgStep::start, "statement", header, verify, "start");
  if (!starts) return core::fail(starts.error());
  const json starts_json = signed_list(*starts);

  // sealed[dealer][recipient]
  std::vector<std::vector<Sealed>> sealed(n, std::vector<Sealed>(n));
  auto dealt = fan_out(nodes, [&](NodeClient& dealer) -> core::Result<json> {
    const auto d = static_cast<std::uint32_t>(&dealer - nodes.data());
    for (std::uint32_t r = 0; r < n; ++r) {
      auto answer = dealer.post("/secure/dkg/deal", {{"session", header.session}, {"recipient", starts_json[r]}});
      if (!answer) return answer;
      auto claim = node::read_dkg_statement(field(*answer, "statement"), DkgStep::sealed, header, d + 1, verify);
      if (!claim) return core::fail(failed(claim.error().message));
      const json& box = field(*answer, "sealed");
      if (auto same = node::check_sealed(*claim, r + 1, box.is_string() ? box.get<std::string>() : ""); !same) {
        return core::fail(same.error());
      }
      sealed[d][r] = {box, (*answer)["statement"]};
    }
    return json::object();
  });
  ONCOSHARE_TRY(first_failure(dealt, "deal"));

  std::vector<node::DkgStatement> complaints;
  std::mutex complaints_mutex;
  auto received = fan_out(nodes, [&](NodeClient& recipient) -> core::Result<json> {
    const auto r = static_cast<std::uint32_t>(&recipient - nodes.data());
    for (std::uint32_t d = 0; d < n; ++d) {
      auto answer = recipient.post("/secure/dkg/receive", {{"session", header.session}, {"dealer", starts_json[d]},
                                                            {"sealed", sealed[d][r].sealed},
                                                            {"sealed_statement", sealed[d][r].statement}});
      if (!answer) return answer;
      if (field(*answer, "complaint").is_null()) continue;
      auto complaint = node::read_dkg_statement((*answer)["complaint"], DkgStep::complaint, header, r + 1, verify);
      if (!complaint) return core::fail(failed(complaint.error().message));
      if (complaint->dealer != d + 1) {
        return core::fail(failed(fmt::format("node '{}' answered a share of node '{}' with a complaint against another node",
                                             header.participants[r], header.participants[d])));
      }
      std::lock_guard lock(complaints_mutex);
      complaints.push_back(std::move(*complaint));
    }
    return json::object();
  });
  ONCOSHARE_TRY(first_failure(received, "receive"));

  // What every node must end up with: derived here from the signed statements alone.
  const std::string transcript = node::dkg_transcript_digest(*starts, complaints);
  auto expected = secure::derive_collective_key(header.params(), node::dkg_commitments(*starts),
                                                node::dkg_complaints(complaints));
  if (!expected) return core::fail(step_failed("finish", expected.error().message));

  const json complaints_json = signed_list(complaints);
  auto finished = fan_out(nodes, [&](NodeClient& c) {
    return c.post("/secure/dkg/finish", {{"session", header.session}, {"starts", starts_json}, {"complaints", complaints_json}});
  });
  ONCOSHARE_TRY(first_failure(finished, "finish"));
  auto finishes = read_answers(finished, DkgStep::finish, "statement", header, verify, "finish");
  if (!finishes) return core::fail(finishes.error());
  for (const auto& finish : *finishes) {
    if (auto same = node::check_same_result(finish, transcript, *expected); !same) {
      return core::fail(step_failed("finish", same.error().message));
    }
  }

  const json finishes_json = signed_list(*finishes);
  auto confirmed = fan_out(nodes, [&](NodeClient& c) {
    return c.post("/secure/dkg/confirm", {{"session", header.session}, {"finishes", finishes_json}});
  });
  ONCOSHARE_TRY(first_failure(confirmed, "confirm"));
  return *expected;
}

}  // namespace oncoshare::coordinator
