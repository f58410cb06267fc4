// A study definition (study.toml): which dataset, under which declared purpose, and the
// queries to run across the federation. Parsed strictly; errors name file:line:column and
// the key. See docs/study.md.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "coordinator/federation.hpp"

namespace oncoshare::coordinator {

enum class QueryMode { encrypted, plaintext };

// One query. `params` holds exactly what the node API takes for its type (filter, rows,
// columns, variable, edges, grid, time, event, event_code, group; models: formula, family,
// ties, stratified).
struct QuerySpec {
  std::string name;
  std::string type;  // count | crosstab | histogram | km | glm | cox
  nlohmann::json params = nlohmann::json::object();
};

struct StudySpec {
  std::string path;  // the file read, for messages
  std::string title;
  std::string dataset;
  nlohmann::json purpose;  // DUO purpose, as the nodes parse it (node/duo.hpp)
  QueryMode mode = QueryMode::encrypted;
  std::int64_t min_cell_size = 0;  // pooled cells 0 < n < k are withheld; 0 = the largest any node asks
  bool require_all_nodes = false;  // fail instead of answering without an unreachable node
  Federation federation;
  std::vector<QuerySpec> queries;
};

// Reads study.toml: [study] title, dataset, purpose (inline table), mode, min_cell_size,
// require_all_nodes; [federation]; [[query]] name, type, filter and the type's fields
// (km: grid = [...] or grid_step + grid_max; glm: formula, family; cox: formula, ties,
// stratified).
[[nodiscard]] core::Result<StudySpec> parse_study(std::string_view text, const std::string& name,
                                                  const std::string& base_dir);
[[nodiscard]] core::Result<StudySpec> load_study(const std::string& path);

}  // namespace oncoshare::coordinator
