#include "coordinator/study_spec.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "analytics/survival_counts.hpp"
#include "coordinator/model_fit.hpp"
#include "models/formula.hpp"

namespace oncoshare::coordinator {

namespace {

using node::TableReader;

core::Status read_query(const toml::table& table, std::size_t index, const std::string& file, QuerySpec& query) {
  TableReader r(table, fmt::format("query[{}].", index), file);
  ONCOSHARE_TRY(r.check_keys({"name", "type", "filter", "rows", "columns", "variable", "edges", "grid", "grid_step",
                              "grid_max", "time", "event", "event_code", "group", "formula", "family", "ties",
                              "stratified", "ridge"}));
  ONCOSHARE_TRY(r.string("type", query.type, true));
  static const std::set<std::string> kTypes = {"count", "crosstab", "histogram", "km", "glm", "cox"};
  if (!kTypes.contains(query.type)) {
    return r.error(*table.get("type"), "type",
                   fmt::format("unknown query type '{}' (count, crosstab, histogram, km, glm, cox)", query.type));
  }
  query.name = query.type;
  ONCOSHARE_TRY(r.string("name", query.name));
  auto copy_string = [&](const char* key) -> core::Status {
    std::string value;
    ONCOSHARE_TRY(r.string(key, value));
    if (!value.empty()) query.params[key] = value;
    return {};
  };
  for (const char* key : {"filter", "rows", "columns", "variable", "time", "event", "event_code", "group", "formula",
                          "family", "ties"}) {
    ONCOSHARE_TRY(copy_string(key));
  }
  auto require = [&](const char* key) -> core::Status {
    if (!query.params.contains(key)) return r.missing(key);
    return {};
  };
  if (query.type == "crosstab") ONCOSHARE_TRY(require("rows"));
  if (query.type == "glm" || query.type == "cox") {
    ONCOSHARE_TRY(require("formula"));
    bool stratified = true;
    ONCOSHARE_TRY(r.boolean("stratified", stratified));
    if (query.type == "cox") query.params["stratified"] = stratified;
    std::optional<double> ridge;
    ONCOSHARE_TRY(r.number("ridge", ridge));
    if (ridge) {
      if (query.type != "glm" || !(*ridge >= 0)) return r.error(*table.get("ridge"), "ridge", "a GLM's L2 penalty: a number >= 0");
      query.params["ridge"] = *ridge;
    }
    auto spec = model_spec_of(query);
    if (!spec) return r.error(table, "formula", spec.error().message);
    auto terms = models::parse_formula(spec->formula);
    // to_string(): the message with its column in the formula ("column 16: ...").
    if (!terms) return r.error(*table.get("formula"), "formula", terms.error().to_string());
  }
  if (query.type == "histogram") {
    ONCOSHARE_TRY(require("variable"));
    std::vector<double> edges;
    ONCOSHARE_TRY(r.numbers("edges", edges));
    if (edges.size() < 2) return table.get("edges") ? r.error(*table.get("edges"), "edges", "at least two bin edges") : r.missing("edges");
    query.params["edges"] = edges;
  }
  if (query.type == "km") {
    std::vector<double> grid;
    ONCOSHARE_TRY(r.numbers("grid", grid));
    std::optional<double> step, max;
    ONCOSHARE_TRY(r.number("grid_step", step));
    ONCOSHARE_TRY(r.number("grid_max", max));
    if (grid.empty() == !(step && max)) {
      const toml::node* where = table.get("grid") ? table.get("grid") : table.get("grid_step");
      const std::string what = "give either grid = [t1, t2, ...] or grid_step and grid_max";
      return where ? r.error(*where, "grid", what) : r.missing("grid");
    }
    if (grid.empty()) {
      auto regular = analytics::regular_grid(*step, *max);
      if (!regular) return r.error(*table.get("grid_step"), "grid_step", regular.error().message);
      grid = std::move(*regular);
    }
    if (auto valid = analytics::validate_grid(grid); !valid) return r.error(table, "grid", valid.error().message);
    query.params["grid"] = grid;
  }
  return {};
}

core::Status read_study_table(const toml::table& table, const std::string& file, StudySpec& study) {
  TableReader r(table, "study.", file);
  ONCOSHARE_TRY(r.check_keys({"title", "dataset", "purpose", "mode", "min_cell_size", "require_all_nodes"}));
  ONCOSHARE_TRY(r.string("title", study.title));
  ONCOSHARE_TRY(r.string("dataset", study.dataset, true));
  const toml::node* purpose = table.get("purpose");
  if (purpose == nullptr) return r.missing("purpose");
  if (!purpose->is_table()) {
    return r.error(*purpose, "purpose", "expected an inline table such as { use = \"HMB\", irb_approved = true }");
  }
  std::ostringstream json_text;
  json_text << toml::json_formatter{*purpose->as_table()};
  study.purpose = nlohmann::json::parse(json_text.str());
  std::string mode = "encrypted";
  ONCOSHARE_TRY(r.string("mode", mode));
  if (mode != "encrypted" && mode != "plaintext") {
    return r.error(*table.get("mode"), "mode", fmt::format("'{}' is not encrypted or plaintext", mode));
  }
  study.mode = mode == "encrypted" ? QueryMode::encrypted : QueryMode::plaintext;
  ONCOSHARE_TRY(r.integer("min_cell_size", study.min_cell_size, 0, 1'000'000));
  ONCOSHARE_TRY(r.boolean("require_all_nodes", study.require_all_nodes));
  return {};
}

}  // namespace

core::Result<StudySpec> parse_study(std::string_view text, const std::string& name, const std::string& base_dir) {
  auto root = node::parse_toml(text, name);
  if (!root) return core::fail(root.error());
  TableReader top(*root, "", name);
  ONCOSHARE_TRY(top.check_keys({"study", "federation", "query"}));
  StudySpec study;
  study.path = name;
  const toml::table* table = (*root)["study"].as_table();
  if (table == nullptr) return core::fail(top.missing("study"));
  ONCOSHARE_TRY(read_study_table(*table, name, study));
  const toml::table* federation = (*root)["federation"].as_table();
  if (federation == nullptr) return core::fail(top.missing("federation"));
  auto read = read_federation(*federation, name, base_dir);
  if (!read) return core::fail(read.error());
  study.federation = std::move(*read);
  const toml::node* queries = root->get("query");
  if (queries == nullptr) return core::fail(top.missing("query"));
  const toml::array* array = queries->as_array();
  if (array == nullptr || !array->is_array_of_tables() || array->empty()) {
    return core::fail(top.error(*queries, "query", "expected one or more [[query]] tables"));
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    QuerySpec query;
    ONCOSHARE_TRY(read_query(*array->get(i)->as_table(), i, name, query));
    study.queries.push_back(std::move(query));
  }
  return study;
}

core::Result<StudySpec> load_study(const std::string& path) {
  auto text = node::read_config_text(path);
  if (!text) return core::fail(text.error());
  return parse_study(*text, path, std::filesystem::path(path).parent_path().string());
}

}  // namespace oncoshare::coordinator
