#include "quality/rules.hpp"

#include <array>
#include <fmt/format.h>
#include <set>

#include "core/csv_reader.hpp"

namespace oncoshare::quality {

namespace {

constexpr std::array<std::string_view, 6> kColumns{"id", "description", "logic", "severity", "family",
                                                   "variable"};
enum Col : std::size_t { kId, kDescription, kLogic, kSeverity, kFamily, kVariable };

core::Error at(const std::string& file, std::uint64_t line, std::string_view column, std::string message) {
  return core::bad_input(std::move(message), core::Location{file, line, 0, std::string(column)});
}

}  // namespace

core::Result<std::vector<Rule>> read_rules(const std::string& path, const dictionary::Dictionary& dict) {
  core::Result<core::CsvReader> csv = core::CsvReader::open(path);
  if (!csv) return core::fail(csv.error());
  core::CsvRow row;
  core::ReadStatus status = csv->next(row);
  if (status == core::ReadStatus::error) return core::fail(csv->error());
  if (status == core::ReadStatus::end) return core::fail(at(path, 1, "", "empty rules file (needs a header)"));
  std::array<std::ptrdiff_t, kColumns.size()> index;
  index.fill(-1);
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    std::size_t c = 0;
    while (c < kColumns.size() && kColumns[c] != row.fields[i]) ++c;
    if (c == kColumns.size()) {
      return core::fail(at(path, row.line, row.fields[i],
                           fmt::format("unknown column (expected {})", fmt::join(kColumns, ", "))));
    }
    if (index[c] >= 0) return core::fail(at(path, row.line, row.fields[i], "repeated column"));
    index[c] = static_cast<std::ptrdiff_t>(i);
  }
  for (Col required : {kId, kLogic}) {
    if (index[required] < 0) {
      return core::fail(at(path, row.line, kColumns[required], "missing required column"));
    }
  }
  auto cell = [&](Col c) -> const std::string& {
    static const std::string empty;
    return index[c] < 0 ? empty : row.fields[static_cast<std::size_t>(index[c])];
  };
  std::vector<Rule> rules;
  std::set<std::string> ids;
  while ((status = csv->next(row)) == core::ReadStatus::ok) {
    Rule rule;
    rule.line = row.line;
    rule.id = cell(kId);
    if (rule.id.empty()) return core::fail(at(path, row.line, "id", "empty rule id"));
    if (!ids.insert(rule.id).second) {
      return core::fail(at(path, row.line, "id", fmt::format("repeated rule id '{}'", rule.id)));
    }
    rule.description = cell(kDescription);
    core::Result<dictionary::logic::Expression> logic = dictionary::logic::parse(cell(kLogic));
    if (!logic) {
      core::Error e = logic.error();
      return core::fail(at(path, row.line, "logic",
                           fmt::format("rule '{}': {} (column {} of '{}')", rule.id, e.message,
                                       e.where.column, cell(kLogic))));
    }
    std::string charged;  // the last field read, unless the variable column names another
    for (const auto& field : logic->fields()) {
      if (field.variable.empty()) continue;  // a smart variable on its own: [record-name]
      charged = field.variable;
      if (!dict.find(field.variable)) {
        return core::fail(at(path, row.line, "logic",
                             fmt::format("rule '{}': field '{}' is not in the dictionary", rule.id,
                                         field.variable)));
      }
    }
    rule.logic = std::move(*logic);
    rule.severity = cell(kSeverity).empty() ? "error" : cell(kSeverity);
    if (rule.severity != "error" && rule.severity != "warning") {
      return core::fail(at(path, row.line, "severity",
                           fmt::format("severity '{}' is not error or warning", rule.severity)));
    }
    if (!cell(kFamily).empty()) {
      const std::optional<Family> family = parse_family(cell(kFamily));
      if (!family) {
        return core::fail(at(path, row.line, "family", fmt::format("unknown check family '{}'", cell(kFamily))));
      }
      rule.family = *family;
    }
    if (charged.empty()) {
      return core::fail(at(path, row.line, "logic", fmt::format("rule '{}' reads no field", rule.id)));
    }
    if (!cell(kVariable).empty()) {
      charged = cell(kVariable);
      bool read = false;
      for (const auto& field : rule.logic.fields()) read = read || field.variable == charged;
      if (!read) {
        return core::fail(at(path, row.line, "variable",
                             fmt::format("rule '{}' does not read variable '{}'", rule.id, charged)));
      }
    }
    rule.variable = static_cast<std::size_t>(dict.find(charged) - dict.variables().data());
    rules.push_back(std::move(rule));
  }
  if (status == core::ReadStatus::error) return core::fail(csv->error());
  return rules;
}

}  // namespace oncoshare::quality
