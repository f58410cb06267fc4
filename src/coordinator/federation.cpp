#include "coordinator/federation.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace oncoshare::coordinator {

core::Result<Federation> read_federation(const toml::table& table, const std::string& file,
                                         const std::string& base_dir) {
  node::TableReader r(table, "federation.", file);
  ONCOSHARE_TRY(r.check_keys({"ca", "cert", "key", "timeout_seconds", "retries", "nodes"}));
  Federation federation;
  ONCOSHARE_TRY(r.string("ca", federation.ca, true));
  ONCOSHARE_TRY(r.string("cert", federation.cert, true));
  ONCOSHARE_TRY(r.string("key", federation.key, true));
  std::int64_t timeout = federation.timeout_seconds, retries = federation.retries;
  ONCOSHARE_TRY(r.integer("timeout_seconds", timeout, 1, 3600));
  ONCOSHARE_TRY(r.integer("retries", retries, 0, 10));
  federation.timeout_seconds = static_cast<int>(timeout);
  federation.retries = static_cast<int>(retries);
  for (std::string* path : {&federation.ca, &federation.cert, &federation.key}) {
    *path = node::resolve_path(base_dir, *path);
  }
  const toml::node* nodes = table.get("nodes");
  const toml::array* array = nodes != nullptr ? nodes->as_array() : nullptr;
  if (nodes == nullptr) return core::fail(r.missing("nodes"));
  if (array == nullptr || !array->is_array_of_tables() || array->empty()) {
    return core::fail(r.error(*nodes, "nodes", "expected one or more [[federation.nodes]] tables"));
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::table& entry = *array->get(i)->as_table();
    node::TableReader n(entry, fmt::format("federation.nodes[{}].", i), file);
    ONCOSHARE_TRY(n.check_keys({"name", "address"}));
    NodeAddress address;
    ONCOSHARE_TRY(n.string("name", address.name, true));
    if (entry.get("address") == nullptr) return core::fail(n.missing("address"));
    ONCOSHARE_TRY(n.host_port("address", address.host, address.port));
    if (!names.insert(address.name).second) {
      return core::fail(n.error(*entry.get("name"), "name", fmt::format("node '{}' is listed twice", address.name)));
    }
    federation.nodes.push_back(std::move(address));
  }
  return federation;
}

core::Status check_credential_files(const Federation& federation) {
  const std::pair<const std::string*, const char*> files[] = {
      {&federation.cert, "cert"}, {&federation.key, "key"}, {&federation.ca, "ca"}};
  for (const auto& [path, key] : files) {
    if (std::ifstream(*path, std::ios::binary)) continue;
    const char* what = std::string_view(key) == "ca" ? "the federation CA certificate"
                       : std::string_view(key) == "cert" ? "this client's certificate" : "this client's key";
    return core::io_error(fmt::format("cannot read {} file (missing or unreadable)", what),
                          {*path, 0, 0, fmt::format("federation.{}", key)});
  }
  return {};
}

core::Result<Federation> load_federation(const std::string& path) {
  auto text = node::read_config_text(path);
  if (!text) return core::fail(text.error());
  auto root = node::parse_toml(*text, path);
  if (!root) return core::fail(root.error());
  node::TableReader top(*root, "", path);
  ONCOSHARE_TRY(top.check_keys({"federation"}));
  const toml::table* table = (*root)["federation"].as_table();
  if (table == nullptr) return core::fail(top.missing("federation"));
  return read_federation(*table, path, std::filesystem::path(path).parent_path().string());
}

}  // namespace oncoshare::coordinator
