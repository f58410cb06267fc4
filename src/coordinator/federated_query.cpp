#include "coordinator/federated_query.hpp"

#include <fmt/format.h>

#include <cmath>

#include "coordinator/aggregate_opening.hpp"
#include "coordinator/contribution_verify.hpp"
#include "coordinator/fan_out.hpp"
#include "node/contribution.hpp"
#include "secure/ciphertext.hpp"
#include "secure/codec.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;

json request_body(const StudySpec& study, const QuerySpec& query, const std::string& mode) {
  json body = query.params;
  body["dataset"] = study.dataset;
  body["purpose"] = study.purpose;
  body["mode"] = mode;
  // The nodes apply the larger of this and their policy, and refuse a smaller one.
  if (study.min_cell_size > 0) body["min_cell_size"] = study.min_cell_size;
  return body;
}

// Which clients answered phase one, in order; the others become failures.
struct Answers {
  std::vector<std::size_t> ok;
  std::vector<json> bodies;
};

core::Result<Answers> collect(FederationSession& session, std::vector<core::Result<json>> answers,
                              PooledAnswer& pooled, bool require_all) {
  Answers out;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const std::string& name = session.clients[i].node().name;
    if (!answers[i]) {
      if (require_all) return core::fail(answers[i].error());
      pooled.failures.push_back({name, answers[i].error().message});
      continue;
    }
    if (!out.bodies.empty() && (*answers[i])["shape"] != out.bodies.front()["shape"]) {
      return core::fail(failed(fmt::format("node '{}' describes its answer differently from node '{}' "
                                           "(different dictionary?): {} vs {}", name, pooled.contributors.front(),
                                           (*answers[i])["shape"].dump(), out.bodies.front()["shape"].dump())));
    }
    out.ok.push_back(i);
    out.bodies.push_back(std::move(*answers[i]));
    pooled.contributors.push_back(name);
  }
  for (const auto& f : session.unreachable) pooled.failures.push_back(f);
  if (out.ok.empty()) return core::fail(failed("no node answered the query:" + describe(pooled.failures)));
  pooled.shape = out.bodies.front()["shape"];
  pooled.noise = out.bodies.front()["noise"];
  return out;
}

core::Status run_plaintext(FederationSession& session, const StudySpec& study, const QuerySpec& query,
                           PooledAnswer& pooled) {
  const json body = request_body(study, query, "plaintext");
  auto answers = fan_out(session.clients, [&](NodeClient& c) { return c.post("/query/" + query.type, body); });
  auto collected = collect(session, std::move(answers), pooled, study.require_all_nodes);
  if (!collected) return core::fail(collected.error());
  const std::size_t size = collected->bodies.front()["cells"].size();
  pooled.cells.assign(size, 0);
  pooled.withheld.assign(size, false);
  for (const auto& answer : collected->bodies) {
    for (std::size_t k = 0; k < size; ++k) {
      const json& cell = answer["cells"][k];
      if (cell.is_null()) pooled.withheld[k] = true;
      else pooled.cells[k] += cell.get<std::int64_t>();
    }
  }
  pooled.method = fmt::format("sum of the nodes' answers in clear (cells below {} withheld by the nodes)",
                              session.min_cell_size);
  return {};
}

core::Status run_encrypted(FederationSession& session, const StudySpec& study, const QuerySpec& query,
                           const secure::DlogTable& table, PooledAnswer& pooled) {
  if (!session.key) return core::fail(failed("the session holds no collective key (no encrypted query was declared)"));
  const secure::CollectiveKey& key = *session.key;
  const std::uint32_t threshold = key.params.threshold;
  json body = request_body(study, query, "encrypted");
  const std::string query_id = random_id();
  body["query_id"] = query_id;
  auto answers = fan_out(session.clients, [&](NodeClient& c) { return c.post("/query/" + query.type, body); });
  auto collected = collect(session, std::move(answers), pooled, study.require_all_nodes);
  if (!collected) return core::fail(collected.error());
  if (collected->ok.size() < threshold) {
    return core::fail(failed(fmt::format("only {} node(s) answered; decrypting needs {} of the {} key holders:{}",
                                         collected->ok.size(), threshold, key.params.participants,
                                         describe(pooled.failures))));
  }
  std::vector<std::string> texts;
  for (const json& answer : collected->bodies) texts.push_back(answer.contains("ciphertexts") ? answer["ciphertexts"].dump() : "null");
  auto summed = secure::parse_and_sum(texts, pooled.contributors);
  if (!summed) return core::fail(failed("the nodes' answers do not add up: " + summed.error().message));
  // Only answers whose signed statements hold are summed and sent to the decrypting nodes.
  const std::string digest = node::query_digest(node::answered_query(query.type, body));
  const std::string key_digest = node::collective_key_digest(key);
  std::vector<Contribution> contributions;
  std::vector<std::string> names;
  std::vector<secure::CiphertextVector> kept;
  for (std::size_t j = 0; j < collected->ok.size(); ++j) {
    const json& answer = collected->bodies[j];
    const std::size_t client = collected->ok[j];
    const std::string& name = pooled.contributors[j];
    const json& index = answer.contains("key_index") ? answer["key_index"] : json();
    if (!index.is_number_unsigned() || index.get<std::uint64_t>() == 0 || index.get<std::uint64_t>() > key.params.participants) {
      return core::fail(failed(fmt::format("node '{}' does not say which key share it holds (key_index)", name)));
    }
    auto statement = verify_contribution({name, session.certificates[client], session.researcher, query_id, digest, key_digest},
                                         answer, summed->vectors[j]);
    if (!statement) {
      if (study.require_all_nodes) return core::fail(failed(fmt::format("node '{}': {}", name, statement.error().message)));
      pooled.failures.push_back({name, statement.error().message});
      continue;
    }
    contributions.push_back({client, static_cast<std::uint32_t>(index.get<std::uint64_t>()),
                             secure::first_components(summed->vectors[j]), std::move(*statement)});
    names.push_back(name);
    kept.push_back(std::move(summed->vectors[j]));
  }
  if (contributions.size() < threshold) {
    return core::fail(failed(fmt::format("only {} node(s) sent a valid contribution; decrypting needs {}:{}",
                                         contributions.size(), threshold, describe(pooled.failures))));
  }
  if (kept.size() < collected->ok.size()) {
    auto total = secure::sum(kept);
    if (!total) return core::fail(total.error());
    summed->total = std::move(*total);
    pooled.contributors = names;
  }
  // The evidence a reader of the report checks (report_verify.hpp).
  json signed_contributions = json::array();
  for (std::size_t j = 0; j < contributions.size(); ++j) {
    signed_contributions.push_back({{"node", names[j]}, {"certificate", session.certificates[contributions[j].client]},
                                    {"statement", contributions[j].statement.text},
                                    {"signature", contributions[j].statement.signature},
                                    {"ciphertexts", json::parse(secure::serialize(kept[j]))}});
  }
  pooled.evidence = {{"collective_key", json::parse(secure::serialize(key))}, {"contributions", signed_contributions}};
  ONCOSHARE_TRY(open_aggregate(session, query_id, summed->total, contributions, table, pooled));
  pooled.withheld.assign(pooled.cells.size(), false);
  return {};
}

}  // namespace

double noise_sd(const PooledAnswer& answer) {
  const json& n = answer.noise;
  if (!n.is_object() || !n.contains("mu_numerator") || !n.contains("mu_denominator") || !n.contains("shares")) return 0;
  const double mu = n["mu_numerator"].get<double>() / n["mu_denominator"].get<double>();
  return std::sqrt(static_cast<double>(answer.contributors.size()) * mu / n["shares"].get<double>());
}

core::Result<PooledAnswer> run_query(FederationSession& session, const StudySpec& study, const QuerySpec& query,
                                     const secure::DlogTable* table) {
  PooledAnswer pooled;
  pooled.query = query;
  pooled.min_cell_size = study.min_cell_size > 0 ? study.min_cell_size : session.min_cell_size;
  if (study.mode == QueryMode::encrypted) {
    if (table == nullptr) return core::fail(failed("an encrypted query needs a discrete-log table"));
    ONCOSHARE_TRY(run_encrypted(session, study, query, *table, pooled));
  } else {
    ONCOSHARE_TRY(run_plaintext(session, study, query, pooled));
  }
  withhold_small_pooled_cells(pooled);
  return pooled;
}

void withhold_small_pooled_cells(PooledAnswer& pooled) {
  // Kaplan-Meier cells are exempt: the curve needs every interval (at-risk numbers are
  // cumulative), and the nodes protect them (noise, or their own cells checked against k).
  if (pooled.query.type == "km") return;
  pooled.withheld.resize(pooled.cells.size(), false);
  for (std::size_t k = 0; k < pooled.cells.size(); ++k) {
    if (pooled.cells[k] > 0 && pooled.cells[k] < pooled.min_cell_size) pooled.withheld[k] = true;
  }
}

}  // namespace oncoshare::coordinator
