#include "node/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "node/toml_reader.hpp"

namespace oncoshare::node {

namespace {

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

const std::set<std::string_view> kQueryTypes = {"count", "crosstab", "histogram", "km", "beacon", "glm", "cox"};

core::Status read_policy(const toml::table& table, const std::string& prefix, const std::string& file,
                         DatasetPolicy& policy) {
  TableReader r(table, prefix, file);
  ONCOSHARE_TRY(r.check_keys({"researchers", "query_types", "min_cell_size", "plaintext", "dp_epsilon", "dp_budget",
                              "model_epsilon", "exact_answers", "min_subset_size", "min_bin_width", "min_time_step",
                              "min_contributors", "exact_event_times", "model_rows_per_parameter", "max_saturation",
                              "max_model_rounds"}));
  ONCOSHARE_TRY(r.strings("researchers", policy.researchers));
  policy.query_types.assign(kQueryTypes.begin(), kQueryTypes.end());
  ONCOSHARE_TRY(r.strings("query_types", policy.query_types));
  for (const auto& type : policy.query_types) {
    if (!kQueryTypes.contains(type)) {
      return r.error(*table.get("query_types"), "query_types",
                     fmt::format("unknown query type '{}' (count, crosstab, histogram, km, beacon, glm, cox)", type));
    }
  }
  ONCOSHARE_TRY(r.integer("min_cell_size", policy.min_cell_size, 1, 1'000'000));
  ONCOSHARE_TRY(r.boolean("plaintext", policy.plaintext));
  ONCOSHARE_TRY(r.epsilon("dp_epsilon", policy.dp_epsilon));
  ONCOSHARE_TRY(r.epsilon("dp_budget", policy.dp_budget));
  ONCOSHARE_TRY(r.epsilon("model_epsilon", policy.model_epsilon));
  ONCOSHARE_TRY(r.boolean("exact_answers", policy.exact_answers));
  if (policy.dp_epsilon == 0 && !policy.exact_answers) {
    return r.error(*table.get("dp_epsilon"), "dp_epsilon",
                   "\"0\" releases exact answers: set exact_answers = true to allow them explicitly");
  }
  if (policy.model_epsilon == 0 && !policy.exact_answers) {
    return r.error(*table.get("model_epsilon"), "model_epsilon",
                   "\"0\" fits models without charging the budget: set exact_answers = true to allow it");
  }
  ONCOSHARE_TRY(r.integer("min_subset_size", policy.min_subset_size, 1, 1'000'000));
  ONCOSHARE_TRY(r.positive("min_bin_width", policy.min_bin_width));
  ONCOSHARE_TRY(r.positive("min_time_step", policy.min_time_step));
  ONCOSHARE_TRY(r.integer("min_contributors", policy.min_contributors, 1, 1024));
  ONCOSHARE_TRY(r.boolean("exact_event_times", policy.exact_event_times));
  ONCOSHARE_TRY(r.integer("model_rows_per_parameter", policy.model_rows_per_parameter, 1, 1'000'000));
  ONCOSHARE_TRY(r.positive("max_saturation", policy.max_saturation));
  if (policy.max_saturation > 1) {
    return r.error(*table.get("max_saturation"), "max_saturation", "must be in (0, 1] (parameters per row)");
  }
  ONCOSHARE_TRY(r.integer("max_model_rounds", policy.max_model_rounds, 1, 10'000));
  return {};
}

core::Status read_dataset(const toml::table& table, std::size_t index, const std::string& file,
                          const std::string& base, DatasetConfig& dataset) {
  std::string prefix = fmt::format("datasets[{}].", index);
  TableReader r(table, prefix, file);
  ONCOSHARE_TRY(r.check_keys({"id", "description", "dictionary", "mapping", "exports", "min_quality_score",
                              "consent", "policy"}));
  ONCOSHARE_TRY(r.string("id", dataset.id, true));
  if (!valid_id(dataset.id)) return r.error(*table.get("id"), "id", fmt::format("'{}' is not [A-Za-z0-9_]{{1,64}}", dataset.id));
  ONCOSHARE_TRY(r.string("description", dataset.description));
  ONCOSHARE_TRY(r.string("dictionary", dataset.dictionary, true));
  ONCOSHARE_TRY(r.string("mapping", dataset.mapping));
  ONCOSHARE_TRY(r.strings("exports", dataset.exports));
  if (dataset.exports.empty()) return r.missing("exports");
  ONCOSHARE_TRY(r.number("min_quality_score", dataset.min_quality_score));
  ONCOSHARE_TRY(r.string("consent", dataset.consent, true));
  dataset.dictionary = resolve_path(base, dataset.dictionary);
  dataset.mapping = resolve_path(base, dataset.mapping);
  for (auto& path : dataset.exports) path = resolve_path(base, path);
  if (const toml::node* policy = table.get("policy")) {
    if (!policy->is_table()) return r.error(*policy, "policy", "expected a table");
    ONCOSHARE_TRY(read_policy(*policy->as_table(), prefix + "policy.", file, dataset.policy));
  }
  return {};
}

core::Status read_roster(const toml::node& node, const TableReader& top, const std::string& file,
                         const std::string& base, std::vector<RosterEntry>& roster) {
  const toml::array* array = node.as_array();
  if (array == nullptr || !array->is_array_of_tables()) return top.error(node, "roster", "expected [[roster]] tables");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::table& table = *array->get(i)->as_table();
    TableReader r(table, fmt::format("roster[{}].", i), file);
    ONCOSHARE_TRY(r.check_keys({"name", "certificate"}));
    RosterEntry entry;
    ONCOSHARE_TRY(r.string("name", entry.name, true));
    ONCOSHARE_TRY(r.string("certificate", entry.certificate, true));
    for (const auto& other : roster) {
      if (other.name == entry.name) {
        return r.error(*table.get("name"), "name", fmt::format("node '{}' is listed twice", entry.name));
      }
    }
    entry.certificate = resolve_path(base, entry.certificate);
    roster.push_back(std::move(entry));
  }
  return {};
}

// A worker per connection: one address may hold at most max_connections_per_address of
// them, so there must be workers left for everyone else.
core::Status read_connection_limits(const TableReader& n, const toml::table& node, NodeConfig& config) {
  ONCOSHARE_TRY(n.integer("worker_threads", config.worker_threads, 1, 4096));
  ONCOSHARE_TRY(n.integer("max_connections", config.max_connections, 0, 1'000'000));
  ONCOSHARE_TRY(n.integer("max_connections_per_address", config.max_connections_per_address, 0, 1'000'000));
  ONCOSHARE_TRY(n.integer("handshake_timeout_seconds", config.handshake_timeout_seconds, 0, 3600));
  const std::int64_t per_address = config.max_connections_per_address;
  if (per_address == 0 || config.worker_threads > per_address) return {};
  const toml::node* key = node.get("worker_threads");
  return n.error(key != nullptr ? *key : *node.get("max_connections_per_address"), "worker_threads",
                 fmt::format("{} must exceed max_connections_per_address ({}): one address could hold every worker",
                             config.worker_threads, per_address));
}

}  // namespace

const DatasetConfig* NodeConfig::find(std::string_view id) const {
  for (const auto& dataset : datasets) {
    if (dataset.id == id) return &dataset;
  }
  return nullptr;
}

core::Result<NodeConfig> parse_config(std::string_view text, const std::string& name, const std::string& base_dir) {
  auto parsed = parse_toml(text, name);
  if (!parsed) return core::fail(parsed.error());
  const toml::table& root = *parsed;
  NodeConfig config;
  config.path = name;
  TableReader top(root, "", name);
  ONCOSHARE_TRY(top.check_keys({"node", "tls", "datasets", "roster"}));
  const toml::table* node = root["node"].as_table();
  if (node == nullptr) return core::fail(core::bad_input("node: required table is missing", {name, 0, 0, "node"}));
  TableReader n(*node, "node.", name);
  ONCOSHARE_TRY(n.check_keys({"name", "listen", "store", "audit_log", "dp_ledger", "key_share", "max_request_bytes",
                              "request_window_seconds", "encryption_pool", "replace_key_share", "replay_store",
                              "max_nonces_per_peer", "worker_threads", "max_connections",
                              "max_connections_per_address", "handshake_timeout_seconds"}));
  ONCOSHARE_TRY(n.string("name", config.name, true));
  ONCOSHARE_TRY(n.host_port("listen", config.host, config.port));
  ONCOSHARE_TRY(n.string("store", config.store));
  ONCOSHARE_TRY(n.string("audit_log", config.audit_log, true));
  ONCOSHARE_TRY(n.string("dp_ledger", config.dp_ledger, true));
  ONCOSHARE_TRY(n.string("key_share", config.key_share, true));
  std::int64_t max_bytes = static_cast<std::int64_t>(config.max_request_bytes);
  ONCOSHARE_TRY(n.integer("max_request_bytes", max_bytes, 1024, 64LL << 20));
  config.max_request_bytes = static_cast<std::size_t>(max_bytes);
  ONCOSHARE_TRY(n.integer("request_window_seconds", config.request_window_seconds, 1, 86400));
  std::int64_t pool = static_cast<std::int64_t>(config.encryption_pool);
  ONCOSHARE_TRY(n.integer("encryption_pool", pool, 0, 1 << 22));
  config.encryption_pool = static_cast<std::size_t>(pool);
  ONCOSHARE_TRY(n.boolean("replace_key_share", config.replace_key_share));
  ONCOSHARE_TRY(n.string("replay_store", config.replay_store));
  ONCOSHARE_TRY(n.integer("max_nonces_per_peer", config.max_nonces_per_peer, 1, 100'000'000));
  ONCOSHARE_TRY(read_connection_limits(n, *node, config));

  const toml::table* tls = root["tls"].as_table();
  if (tls == nullptr) return core::fail(core::bad_input("tls: required table is missing", {name, 0, 0, "tls"}));
  TableReader t(*tls, "tls.", name);
  ONCOSHARE_TRY(t.check_keys({"cert", "key", "ca"}));
  ONCOSHARE_TRY(t.string("cert", config.tls_cert, true));
  ONCOSHARE_TRY(t.string("key", config.tls_key, true));
  ONCOSHARE_TRY(t.string("ca", config.tls_ca, true));

  if (const toml::node* datasets = root.get("datasets")) {
    const toml::array* array = datasets->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      return top.error(*datasets, "datasets", "expected [[datasets]] tables");
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      DatasetConfig dataset;
      ONCOSHARE_TRY(read_dataset(*array->get(i)->as_table(), i, name, base_dir, dataset));
      if (config.find(dataset.id) != nullptr) {
        return top.error(*array->get(i), fmt::format("datasets[{}].id", i), fmt::format("duplicate dataset id '{}'", dataset.id));
      }
      config.datasets.push_back(std::move(dataset));
    }
  }
  if (const toml::node* roster = root.get("roster")) {
    ONCOSHARE_TRY(read_roster(*roster, top, name, base_dir, config.roster));
    if (std::none_of(config.roster.begin(), config.roster.end(), [&](const RosterEntry& e) { return e.name == config.name; })) {
      return top.error(*roster, "roster", fmt::format("the roster must list this node ('{}') too", config.name));
    }
  }
  for (std::string* path : {&config.tls_cert, &config.tls_key, &config.tls_ca, &config.store, &config.audit_log,
                            &config.dp_ledger, &config.key_share, &config.replay_store}) {
    *path = resolve_path(base_dir, *path);
  }
  if (config.replay_store.empty()) {
    config.replay_store = (std::filesystem::path(config.dp_ledger).parent_path() / "replay.sqlite").string();
  }
  return config;
}

core::Result<NodeConfig> load_config(const std::string& path) {
  auto text = read_config_text(path);
  if (!text) return core::fail(text.error());
  return parse_config(*text, path, std::filesystem::path(path).parent_path().string());
}

}  // namespace oncoshare::node
