// GET /catalog, and the small helpers the handlers share.
#include <fmt/format.h>
#include <sodium.h>

#include "analytics/local_stats.hpp"
#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

void NodeState::hold_key_share(secure::KeyShare share) {
  encryptions.reset();  // pairs under an old key are useless
  key_share.emplace(std::move(share));
  encryptions = std::make_unique<secure::EncryptionPool>(key_share->key.public_key, config.encryption_pool);
}

const Dataset* NodeState::dataset(std::string_view id) const {
  for (const auto& d : datasets) {
    if (d->config->id == id) return d.get();
  }
  return nullptr;
}

Reply Reply::refuse(const Refusal& refusal) {
  return Reply{refusal.status, {{"error", refusal.error}, {"reason", refusal.reason}}, refusal.reason, 0};
}

Reply Reply::bad_request(const std::string& reason, std::string error) {
  return refuse({400, std::move(error), reason});
}

std::string dump(const nlohmann::json& body, const char* key) {
  return body.contains(key) ? body[key].dump() : std::string("null");
}

Reply failure(const core::Error& error) { return Reply::bad_request(error.message, "bad_secure_message"); }

std::optional<Reply> require_string(const nlohmann::json& body, const char* key, std::string& out) {
  if (!body.contains(key) || !body[key].is_string()) {
    return Reply::bad_request(fmt::format("field '{}': required string", key));
  }
  out = body[key].get<std::string>();
  return std::nullopt;
}

namespace {

nlohmann::json describe_column(const analytics::StudyColumn& column) {
  nlohmann::json out = {{"name", column.name}, {"label", column.label},
                        {"type", std::string(analytics::to_string(column.type))}, {"derived", column.derived}};
  if (!column.choices.empty()) {
    auto& choices = out["choices"] = nlohmann::json::array();
    for (const auto& choice : column.choices) {
      nlohmann::json c = {{"code", choice.code}, {"label", choice.label}};
      if (!choice.coding.empty()) c["coding"] = {{"system", choice.coding.system}, {"code", choice.coding.code}};
      choices.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace

Reply handle_catalog(NodeState& state, const Call&) {
  std::lock_guard lock(state.secure_mutex);
  nlohmann::json datasets = nlohmann::json::array();
  for (const auto& d : state.datasets) {
    const DatasetConfig& c = *d->config;
    nlohmann::json variables = nlohmann::json::array();
    for (const auto& column : d->table.columns) variables.push_back(describe_column(column));
    const Consent& consent = state.consents.at(c.id);
    nlohmann::json duo = nlohmann::json::array();
    duo.push_back(std::string(duo_info(consent.permission).id));
    for (const auto& m : consent.modifiers) duo.push_back(std::string(duo_info(m.term).id));
    datasets.push_back({{"id", c.id},
                        {"description", c.description},
                        {"size_class", size_class(static_cast<std::int64_t>(d->table.rows()))},
                        {"consent", to_string(consent)},
                        {"duo_terms", duo},
                        {"query_types", c.policy.query_types},
                        {"min_cell_size", c.policy.min_cell_size},
                        {"min_contributors", c.policy.min_contributors},
                        {"plaintext", c.policy.plaintext},
                        {"dp_epsilon_per_query", format_epsilon(c.policy.dp_epsilon)},
                        {"exact_event_times", c.policy.exact_event_times},
                        {"min_time_step", c.policy.min_time_step},
                        {"min_bin_width", c.policy.min_bin_width},
                        {"exact_answers", c.policy.dp_epsilon == 0},
                        {"dp_budget", format_epsilon(c.policy.dp_budget)},
                        {"model_epsilon_per_fit", format_epsilon(c.policy.model_epsilon)},
                        {"variables", variables}});
  }
  Reply reply;
  reply.body = {{"node", state.config.name},
                {"certificate", state.certificate_pem},
                {"roster", state.roster.names()},
                {"collective_key", state.key_share ? nlohmann::json::parse(secure::serialize(state.key_share->key))
                                                   : nlohmann::json(nullptr)},
                {"datasets", datasets}};
  reply.note = "catalog";
  return reply;
}

}  // namespace oncoshare::node::detail
