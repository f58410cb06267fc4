#include "analytics/study_loader.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "analytics/detail/cell_parser.hpp"
#include "analytics/detail/derive.hpp"

namespace oncoshare::analytics {

struct StudyTableBuilder::State {
  const dictionary::Dictionary* dict = nullptr;
  Derivations derivations;
  StudyTable table;
  std::vector<bool> identifier;                    // per table column
  std::vector<std::string> form;                   // per table column
  std::unordered_map<std::string, std::size_t> column_index;  // raw export name -> column
  std::unordered_map<std::string, std::size_t> row_index;     // record id -> row
  std::vector<core::Location> base_where;          // where each row's base row is
  std::vector<detail::RepeatPick> picks;           // per first_of, per row
  std::set<std::string> repeat_instruments;

  std::size_t row_of(const ingest::Record& record) {
    auto [it, added] = row_index.try_emplace(record.record_id, table.rows());
    if (added) {
      table.record_ids.push_back(record.record_id);
      table.sites.push_back(record.data_access_group);
      base_where.emplace_back();
      for (auto& column : table.columns) detail::append_missing(column);
      for (auto& pick : picks) pick.append();
    }
    return it->second;
  }
};

StudyTableBuilder::StudyTableBuilder(const dictionary::Dictionary& dict, Derivations derivations)
    : state_(std::make_unique<State>()) {
  state_->dict = &dict;
  state_->derivations = std::move(derivations);
  const auto& variables = dict.variables();
  for (std::size_t i = 1; i < variables.size(); ++i) {  // 0 is the record id
    const auto& variable = variables[i];
    if (!variable.exported()) continue;
    auto add = [&](std::string name, const dictionary::Choice* choice) {
      state_->column_index.emplace(name, state_->table.columns.size());
      state_->table.columns.push_back(detail::column_for(variable, name, choice));
      state_->identifier.push_back(variable.identifier);
      state_->form.push_back(variable.form);
    };
    if (variable.type == dictionary::FieldType::checkbox) {
      for (const auto& choice : variable.choices) add(variable.name + "___" + choice.code, &choice);
    } else {
      add(variable.name, nullptr);
    }
  }
  state_->picks.resize(state_->derivations.first_of.size());
}

StudyTableBuilder::StudyTableBuilder(StudyTableBuilder&&) noexcept = default;
StudyTableBuilder& StudyTableBuilder::operator=(StudyTableBuilder&&) noexcept = default;
StudyTableBuilder::~StudyTableBuilder() = default;

core::Status StudyTableBuilder::add(ingest::ExportReader& reader, std::string_view source) {
  State& s = *state_;
  ingest::Record record;
  std::vector<std::int64_t> target;  // export column -> table column (-1: none)
  for (;;) {
    auto status = reader.next(record);
    if (status == core::ReadStatus::end) break;
    if (status == core::ReadStatus::error) return core::fail(reader.error());
    const auto& columns = reader.layout().columns;
    if (target.size() != columns.size()) {  // EAV layouts grow as new fields appear
      target.assign(columns.size(), -1);
      for (std::size_t c = 0; c < columns.size(); ++c) {
        auto it = s.column_index.find(columns[c].name);
        if (it != s.column_index.end()) target[c] = static_cast<std::int64_t>(it->second);
      }
    }
    std::size_t row = s.row_of(record);
    core::Location where{std::string(source), record.line, 0, {}};
    if (!record.repeat_instrument.empty()) {
      s.repeat_instruments.insert(record.repeat_instrument);
      for (std::size_t k = 0; k < s.picks.size(); ++k) {
        const auto& rule = s.derivations.first_of[k];
        if (rule.instrument != record.repeat_instrument) continue;
        for (std::size_t c = 0; c < columns.size(); ++c) {
          if (columns[c].name == rule.variable && !record.values[c].empty()) {
            s.picks[k].offer(row, record.repeat_instance, record.values[c], where);
          }
        }
      }
      continue;
    }
    if (s.base_where[row].line == 0) s.base_where[row] = where;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (target[c] < 0 || record.values[c].empty()) continue;
      auto& column = s.table.columns[static_cast<std::size_t>(target[c])];
      if (!column.is_missing(row)) continue;  // a later event's base row: first value wins
      detail::store(column, row, record.values[c], where, s.table.problems);
    }
  }
  return {};
}

core::Result<StudyTable> StudyTableBuilder::finish() && {
  State& s = *state_;
  if (s.derivations.survival_enabled) {
    ONCOSHARE_TRY(detail::derive_survival(s.table, s.derivations.survival, s.base_where));
  }
  for (std::size_t k = 0; k < s.picks.size(); ++k) {
    const auto& rule = s.derivations.first_of[k];
    const auto* variable = s.dict->find(rule.variable);
    if (variable == nullptr) {
      return core::bad_input(fmt::format("derivation '{}': the dictionary has no variable '{}'",
                                         rule.name, rule.variable));
    }
    s.table.columns.push_back(s.picks[k].column(*variable, rule.name, s.table.problems));
    s.identifier.push_back(false);
    s.form.emplace_back();
  }
  // Identifiers stay at the site; repeating-instrument fields have no per-patient value.
  StudyTable out;
  out.record_ids = std::move(s.table.record_ids);
  out.sites = std::move(s.table.sites);
  out.problems = std::move(s.table.problems);
  for (std::size_t c = 0; c < s.table.columns.size(); ++c) {
    auto& column = s.table.columns[c];
    bool keep = column.derived ||
                ((!s.identifier[c] || s.derivations.include_identifiers) &&
                 !s.repeat_instruments.contains(s.form[c]));
    if (keep) out.columns.push_back(std::move(column));
  }
  return out;
}

core::Result<StudyTable> load_study_table(const std::vector<std::string>& paths,
                                          const dictionary::Dictionary& dict,
                                          const Derivations& derivations,
                                          const ingest::ReaderOptions& options) {
  StudyTableBuilder builder(dict, derivations);
  for (const auto& path : paths) {
    auto reader = ingest::ExportReader::open(path, dict, options);
    if (!reader) return core::fail(reader.error());
    ONCOSHARE_TRY(builder.add(*reader, path));
  }
  return std::move(builder).finish();
}

}  // namespace oncoshare::analytics
