#include "privacy/quasi_table.hpp"

#include <fmt/format.h>

#include <set>
#include <unordered_map>

#include "ingest/export_reader.hpp"

namespace oncoshare::privacy {

namespace {

core::Status check_variable(const dictionary::Dictionary& dict, const std::string& name,
                            std::string_view option) {
  const dictionary::Variable* variable = dict.find(name);
  if (variable == nullptr) {
    return core::bad_input(fmt::format("unknown variable '{}' in {}", name, option));
  }
  if (variable->type == dictionary::FieldType::checkbox ||
      variable->type == dictionary::FieldType::descriptive) {
    return core::bad_input(fmt::format(
        "variable '{}' in {} is a {} field; quasi-identifiers must be single-column fields",
        name, option,
        variable->type == dictionary::FieldType::checkbox ? "checkbox" : "descriptive"));
  }
  return {};
}

// Column index of each wanted variable in the export, -1 when the export lacks it.
std::vector<std::int64_t> find_columns(const ingest::Layout& layout,
                                       const std::vector<std::string>& names) {
  std::vector<std::int64_t> columns(names.size(), -1);
  for (std::size_t c = 0; c < layout.columns.size(); ++c) {
    for (std::size_t n = 0; n < names.size(); ++n) {
      if (layout.columns[c].name == names[n]) columns[n] = static_cast<std::int64_t>(c);
    }
  }
  return columns;
}

}  // namespace

core::Status check_quasi_variables(const dictionary::Dictionary& dict,
                                   const std::vector<std::string>& quasi,
                                   const std::string& sensitive) {
  if (quasi.empty()) return core::bad_input("--quasi names no variable");
  std::set<std::string> seen;
  for (const std::string& name : quasi) {
    ONCOSHARE_TRY(check_variable(dict, name, "--quasi"));
    if (!seen.insert(name).second) {
      return core::bad_input(fmt::format("variable '{}' is repeated in --quasi", name));
    }
  }
  if (!sensitive.empty()) {
    ONCOSHARE_TRY(check_variable(dict, sensitive, "--sensitive"));
    if (seen.count(sensitive) != 0) {
      return core::bad_input(
          fmt::format("variable '{}' cannot be both quasi-identifier and sensitive", sensitive));
    }
  }
  return {};
}

core::Result<QuasiTable> read_quasi_table(const std::vector<std::string>& data,
                                          const dictionary::Dictionary& dict,
                                          const std::vector<std::string>& quasi,
                                          const std::string& sensitive) {
  ONCOSHARE_TRY(check_quasi_variables(dict, quasi, sensitive));
  QuasiTable table;
  table.quasi = quasi;
  table.sensitive = sensitive;
  std::vector<std::string> wanted = quasi;
  if (!sensitive.empty()) wanted.push_back(sensitive);

  for (std::size_t file = 0; file < data.size(); ++file) {
    core::Result<ingest::ExportReader> reader = ingest::ExportReader::open(data[file], dict);
    if (!reader) return core::fail(reader.error());
    std::unordered_map<std::string, std::size_t> index;  // record id -> row in table
    ingest::Record record;
    core::ReadStatus status;
    std::vector<std::int64_t> columns;
    std::size_t columns_seen = 0;
    while ((status = reader->next(record)) == core::ReadStatus::ok) {
      auto [it, fresh] = index.try_emplace(record.record_id, table.records.size());
      if (fresh) {
        QuasiRecord row;
        row.file = file;
        row.record_id = record.record_id;
        row.values.resize(quasi.size());
        table.records.push_back(std::move(row));
      }
      if (!record.repeat_instrument.empty()) continue;
      // EAV layouts grow columns as fields appear: look again when the layout grew.
      if (columns.empty() || reader->layout().columns.size() != columns_seen) {
        columns = find_columns(reader->layout(), wanted);
        columns_seen = reader->layout().columns.size();
      }
      QuasiRecord& row = table.records[it->second];
      for (std::size_t n = 0; n < wanted.size(); ++n) {
        if (columns[n] < 0) continue;
        const std::string& value = record.values[static_cast<std::size_t>(columns[n])];
        std::string& slot = n < quasi.size() ? row.values[n] : row.sensitive;
        if (slot.empty()) slot = value;
      }
    }
    if (status == core::ReadStatus::error) return core::fail(reader->error());
  }
  return table;
}

}  // namespace oncoshare::privacy
