#include "coordinator/report_verify.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <set>

#include "coordinator/session.hpp"
#include "node/contribution.hpp"
#include "node/pki.hpp"
#include "node/roster.hpp"
#include "secure/codec.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/key_switch.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;

// Collects problems about one query; after the first one the query counts as not verified.
class QueryCheck {
 public:
  QueryCheck(const json& query, ReportCheck& out) : name_(query.value("name", "?")), out_(out) {}
  bool fail(const std::string& what) {
    out_.problems.push_back(fmt::format("query '{}': {}", name_, what));
    return false;
  }

 private:
  std::string name_;
  ReportCheck& out_;
};

// The statement must be about this report's query: same type and parameters, same dataset.
bool same_query(const node::ContributionClaim& claim, const json& report, const json& query) {
  if (claim.dataset != report.value("dataset", "") || claim.query.value("type", "") != query.value("type", "")) return false;
  const json parameters = query.value("parameters", json::object());
  for (const auto& [key, value] : parameters.items()) {
    if (!claim.query.contains(key) || claim.query[key] != value) return false;
  }
  return true;
}

// Statements, certificates and ciphertexts; their sum when all hold.
std::optional<secure::CiphertextVector> check_contributions(const json& report, const json& query, const json& evidence,
                                                            const std::string& ca_pem, const std::string& key_digest,
                                                            QueryCheck& check, ReportCheck& out) {
  const json& list = evidence.value("contributions", json::array());
  if (!list.is_array() || list.empty()) return check.fail("the evidence lists no contributions"), std::nullopt;
  std::vector<secure::CiphertextVector> vectors;
  std::set<std::string> nodes;
  std::string query_id, digest;
  for (const json& c : list) {
    const std::string node = c.value("node", "");
    const node::SignedStatement statement{c.value("statement", ""), c.value("signature", "")};
    if (auto cert = check_node_certificate(c.value("certificate", ""), ca_pem, node); !cert) {
      return check.fail(cert.error().message), std::nullopt;
    }
    if (auto valid = node::verify_statement(statement, c.value("certificate", "")); !valid) {
      return check.fail(fmt::format("node '{}': {}", node, valid.error().message)), std::nullopt;
    }
    ++out.statements;
    auto claim = node::parse_contribution(statement.text);
    if (!claim) return check.fail(fmt::format("node '{}': {}", node, claim.error().message)), std::nullopt;
    if (claim->node != node || !nodes.insert(node).second) {
      return check.fail(fmt::format("the statement listed under '{}' is signed as node '{}' or repeated", node, claim->node)),
             std::nullopt;
    }
    if (!same_query(*claim, report, query)) {
      return check.fail(fmt::format("node '{}' signed another query or dataset than the report shows", node)), std::nullopt;
    }
    if (query_id.empty()) query_id = claim->query_id, digest = claim->query_digest;
    if (claim->query_id != query_id || claim->query_digest != digest) {
      return check.fail(fmt::format("node '{}' answered another query id than the other nodes", node)), std::nullopt;
    }
    if (claim->collective_key_sha256 != key_digest) {
      return check.fail(fmt::format("node '{}' encrypted under another key than the report's", node)), std::nullopt;
    }
    auto ciphertexts = secure::parse_ciphertext_vector(c.value("ciphertexts", json()).dump());
    if (!ciphertexts || secure::ciphertexts_digest(*ciphertexts) != claim->ciphertexts_digest) {
      return check.fail(fmt::format("the ciphertexts of node '{}' are not the ones it signed", node)), std::nullopt;
    }
    vectors.push_back(std::move(*ciphertexts));
  }
  const auto contributors = query.value("contributors", std::vector<std::string>());
  if (std::set<std::string>(contributors.begin(), contributors.end()) != nodes) {
    return check.fail("the contributors shown are not the nodes whose statements are in the evidence"), std::nullopt;
  }
  auto total = secure::sum(vectors);
  if (!total) return check.fail(total.error().message), std::nullopt;
  return std::move(*total);
}

// The values the opening gives for `aggregate`.
std::optional<std::vector<std::int64_t>> open(const secure::CollectiveKey& key, const secure::CiphertextVector& aggregate,
                                              const json& opening, const secure::DlogTable& table, QueryCheck& check) {
  const std::string mode = opening.value("mode", "");
  if (mode == "decrypt") {
    std::vector<secure::DecryptionShares> shares;
    std::vector<secure::CombinedShare> combined;
    for (const json& s : opening.value("shares", json::array())) {
      auto parsed = secure::parse_decryption_shares(s.dump());
      if (!parsed) return check.fail("decryption shares: " + parsed.error().message), std::nullopt;
      shares.push_back(std::move(*parsed));
    }
    for (const json& s : opening.value("combined", json::array())) {
      auto parsed = secure::parse_combined_share(s.dump());
      if (!parsed) return check.fail("decryption proofs: " + parsed.error().message), std::nullopt;
      combined.push_back(*parsed);
    }
    auto challenge = secure::parse_opening_challenge(opening.value("challenge", json()).dump());
    if (!challenge) return check.fail("challenge: " + challenge.error().message), std::nullopt;
    auto opened = secure::open_jointly(key, aggregate, shares, combined, *challenge, table);
    if (!opened) return check.fail("the decryption does not verify: " + opened.error().message), std::nullopt;
    if (!opened->rejected.empty()) {
      return check.fail(fmt::format("the decryption proof of key holder {} does not verify: {}", opened->rejected[0].node,
                                    opened->rejected[0].reason)),
             std::nullopt;
    }
    return std::move(opened->values);
  }
  if (mode == "key_switch") {
    std::array<std::uint8_t, secure::kScalarBytes> secret{};
    const std::string hex = opening.value("researcher_secret", "");
    std::size_t size = 0;
    if (sodium_hex2bin(secret.data(), secret.size(), hex.data(), hex.size(), nullptr, &size, nullptr) != 0 ||
        size != secret.size()) {
      return check.fail("the one-off key is not 32 bytes of hex"), std::nullopt;
    }
    auto researcher = secure::ResearcherKey::from_bytes(secret);
    if (!researcher) return check.fail(researcher.error().message), std::nullopt;
    std::vector<secure::KeySwitchShare> shares;
    for (const json& s : opening.value("shares", json::array())) {
      auto parsed = secure::parse_key_switch_share(s.dump());
      if (!parsed) return check.fail("key-switch shares: " + parsed.error().message), std::nullopt;
      shares.push_back(std::move(*parsed));
    }
    auto switched = secure::combine_key_switch(key, aggregate, researcher->public_key(), shares);
    if (!switched) return check.fail("the key switching does not verify: " + switched.error().message), std::nullopt;
    auto values = researcher->decrypt(switched->ciphertexts, table);
    if (!values) return check.fail(values.error().message), std::nullopt;
    return std::move(*values);
  }
  return check.fail("the evidence has no opening (mode decrypt or key_switch)"), std::nullopt;
}

// Each cell shown equals the opened value; a withheld cell is one the minimum-cell rule hides.
bool check_cells(const json& query, const std::vector<std::int64_t>& values, QueryCheck& check) {
  const json& cells = query.value("cells", json::array());
  if (!cells.is_array() || cells.size() != values.size()) {
    return check.fail(fmt::format("{} cells shown, the signed contributions open to {}", cells.size(), values.size()));
  }
  const std::int64_t k = query.value("min_cell_size", std::int64_t{0});
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (cells[i].is_null()) {
      if (query.value("type", "") == "km" || values[i] <= 0 || values[i] >= k) {
        return check.fail(fmt::format("cell {} is withheld, but its value is not below the minimum cell size {}", i, k));
      }
    } else if (!cells[i].is_number_integer() || cells[i].get<std::int64_t>() != values[i]) {
      return check.fail(fmt::format("cell {} reads {}, the signed contributions open to {}", i, cells[i].dump(), values[i]));
    }
  }
  return true;
}

void check_queries(const json& report, const std::string& ca_pem, const secure::DlogTable& table, ReportCheck& out);

}  // namespace

ReportCheck verify_report(const json& report, const std::string& ca_pem, const secure::DlogTable& table) {
  ReportCheck out;
  if (!report.is_object() || !report.contains("queries") || !report["queries"].is_array()) {
    out.problems.push_back("not a study report (an object with \"queries\")");
    return out;
  }
  try {
    check_queries(report, ca_pem, table, out);
  } catch (const json::exception& e) {
    // A field of the wrong JSON type somewhere in the report: refused, never trusted.
    out.problems.push_back(fmt::format("malformed report: {}", e.what()));
  }
  return out;
}

namespace {

void check_queries(const json& report, const std::string& ca_pem, const secure::DlogTable& table, ReportCheck& out) {
  for (const json& query : report["queries"]) {
    QueryCheck check(query, out);
    const std::string name = query.value("name", "?");
    if (!query.contains("evidence")) {
      const std::string type = query.value("type", "");
      out.unverifiable.push_back(fmt::format("query '{}': {}", name,
                                             type == "glm" || type == "cox"
                                                 ? "a model fitted by secure aggregation carries no evidence"
                                                 : "answered in clear, without signed evidence"));
      continue;
    }
    const json& evidence = query["evidence"];
    auto key = secure::parse_collective_key(evidence.value("collective_key", json()).dump());
    if (!key) {
      (void)check.fail("collective key: " + key.error().message);
      continue;
    }
    auto aggregate = check_contributions(report, query, evidence, ca_pem, node::collective_key_digest(*key), check, out);
    if (!aggregate) continue;
    auto values = open(*key, *aggregate, evidence.value("opening", json()), table, check);
    if (!values || !check_cells(query, *values, check)) continue;
    ++out.queries_verified;
  }
}

}  // namespace

core::Result<ReportCheck> verify_report_against(const json& report, const std::string& ca_file) {
  auto ca = node::read_certificate_text(ca_file);
  if (!ca) return core::fail(ca.error());
  auto table = secure::DlogTable::create();
  if (!table) return core::fail(table.error());
  return verify_report(report, *ca, *table);
}

std::string report_check_text(const ReportCheck& check) {
  std::string out = fmt::format("{} quer{} verified from {} signed statement(s)", check.queries_verified,
                                check.queries_verified == 1 ? "y" : "ies", check.statements);
  for (const auto& u : check.unverifiable) out += "\n  not verifiable: " + u;
  for (const auto& p : check.problems) out += "\n  FAILED: " + p;
  return out;
}

}  // namespace oncoshare::coordinator
