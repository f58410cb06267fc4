#include "dictionary/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include "core/csv_reader.hpp"
#include "dictionary/logic.hpp"
#include "dictionary/ontology.hpp"

namespace oncoshare::dictionary {

namespace {

enum Col : std::size_t {
  kVariable, kChoice, kSystem, kCode, kDisplay, kUnit, kFhir, kOmop, kOmopConceptId,
  kRequirement, kMandatoryIf, kMaxLength, kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kNames{
    "variable", "choice", "system", "code", "display", "unit", "fhir", "omop",
    "omop_concept_id", "requirement", "mandatory_if", "max_length"};

// Columns that describe a variable and make no sense on a choice row.
constexpr std::array<Col, 6> kVariableOnly{kUnit, kFhir, kOmop, kRequirement, kMandatoryIf,
                                           kMaxLength};

using ColumnIndex = std::array<std::optional<std::size_t>, kColumnCount>;

// "variable, choice, ...": the columns a header may name, for the unknown-column message.
std::string known_columns() {
  std::string out;
  for (std::string_view name : kNames) {
    out += out.empty() ? std::string(name) : fmt::format(", {}", name);
  }
  return out;
}

class MappingReader {
 public:
  MappingReader(Dictionary& dictionary, std::string file)
      : dictionary_(dictionary), file_(std::move(file)) {}

  core::Status header(const core::CsvRow& row) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      const std::string& cell = row.fields[i];
      std::size_t c = 0;
      while (c < kColumnCount && kNames[c] != cell) ++c;
      if (c == kColumnCount) {
        return fail(row.line, cell,
                    fmt::format("unknown column '{}' in the mapping header (expected: {})", cell,
                                known_columns()));
      }
      if (index_[c]) return fail(row.line, cell, fmt::format("column '{}' appears twice", cell));
      index_[c] = i;
    }
    if (!index_[kVariable]) {
      return fail(row.line, "variable", "missing required column 'variable' in the mapping header");
    }
    return {};
  }

  core::Status row(const core::CsvRow& row) {
    row_ = &row;
    const std::string& name = cell(kVariable);
    if (name.empty()) return fail(row.line, "variable", "empty variable name");
    Variable* variable = dictionary_.find(name);
    if (!variable) {
      return fail(row.line, "variable",
                  fmt::format("unknown variable '{}' (not in the dictionary {})", name,
                              dictionary_.source()));
    }
    const std::string& choice_code = cell(kChoice);
    auto [first, inserted] = seen_.emplace(std::pair{name, choice_code}, row.line);
    if (!inserted) {
      return fail(row.line, choice_code.empty() ? "variable" : "choice",
                  fmt::format("duplicate row for variable '{}'{} (first on line {})", name,
                              choice_code.empty() ? "" : fmt::format(" choice '{}'", choice_code),
                              first->second));
    }
    auto coding = read_coding();
    if (!coding) return coding.error();
    auto concept_id = read_concept_id();
    if (!concept_id) return concept_id.error();
    if (!choice_code.empty()) {
      return apply_choice(*variable, choice_code, std::move(*coding), *concept_id);
    }
    return apply_variable(*variable, std::move(*coding), *concept_id);
  }

 private:
  const std::string& cell(Col c) const {
    static const std::string kEmpty;
    return index_[c] ? row_->fields[*index_[c]] : kEmpty;
  }

  core::Error fail(std::uint64_t line, std::string_view column, std::string message,
                   std::uint64_t at = 0) const {
    return core::bad_input(std::move(message),
                           core::Location{file_, line, at, std::string(column)});
  }

  core::Result<Coding> read_coding() const {
    Coding coding{cell(kSystem), cell(kCode), cell(kDisplay)};
    if (!coding.code.empty() && coding.system.empty()) {
      return fail(row_->line, "code",
                  fmt::format("code '{}' has no system (give one of {})", coding.code,
                              known_system_names()));
    }
    if (coding.system.empty()) return coding;
    auto uri = canonical_system(coding.system);
    if (!uri) {
      return fail(row_->line, "system",
                  fmt::format("unknown code system '{}' (use one of {})", coding.system,
                              known_system_names()));
    }
    if (coding.code.empty()) {
      return fail(row_->line, "code", fmt::format("system '{}' is given without a code",
                                                  coding.system));
    }
    coding.system = *uri;
    return coding;
  }

  // An OMOP concept_id: digits only (0 is OMOP's "no matching concept"), so a sign, a
  // decimal point or a space is reported at its column inside the value.
  core::Result<std::optional<std::int64_t>> read_concept_id() const {
    const std::string& text = cell(kOmopConceptId);
    if (text.empty()) return std::optional<std::int64_t>{};
    const auto bad = std::find_if_not(text.begin(), text.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
    if (bad != text.end()) {
      const auto column = static_cast<std::uint64_t>(bad - text.begin()) + 1;
      return fail(row_->line, "omop_concept_id",
                  fmt::format("omop_concept_id '{}' is not a non-negative integer: column {} is "
                              "not a digit", text, column),
                  column);
    }
    std::int64_t value = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) {
      return fail(row_->line, "omop_concept_id",
                  fmt::format("omop_concept_id '{}' is larger than the largest concept id {}",
                              text, std::numeric_limits<std::int64_t>::max()));
    }
    return std::optional<std::int64_t>{value};
  }

  core::Status apply_choice(Variable& variable, const std::string& code, Coding coding,
                            std::optional<std::int64_t> concept_id) {
    for (Col c : kVariableOnly) {
      if (!cell(c).empty()) {
        return fail(row_->line, kNames[c],
                    fmt::format("'{}' describes a variable and cannot be given on a choice row "
                                "(choice '{}')", kNames[c], code));
      }
    }
    for (Choice& choice : variable.choices) {
      if (choice.code == code) {
        choice.coding = std::move(coding);
        choice.omop_concept_id = concept_id;
        return {};
      }
    }
    std::string codes;
    for (const Choice& choice : variable.choices) {
      codes += codes.empty() ? choice.code : ", " + choice.code;
    }
    return fail(row_->line, "choice",
                fmt::format("choice code '{}' is not among the choices of '{}' ({})", code,
                            variable.name, codes.empty() ? "it has none" : codes));
  }

  core::Status apply_variable(Variable& variable, Coding coding,
                              std::optional<std::int64_t> concept_id) {
    Mapping m;
    m.coding = std::move(coding);
    m.omop_concept_id = concept_id;
    m.unit = cell(kUnit);
    m.fhir = cell(kFhir);
    m.omop = cell(kOmop);
    m.line = row_->line;
    const std::string& requirement = cell(kRequirement);
    if (requirement == "minimal") m.requirement = Requirement::minimal;
    else if (requirement == "mandatory") m.requirement = Requirement::mandatory;
    else if (requirement == "recommended") m.requirement = Requirement::recommended;
    else if (!requirement.empty()) {
      return fail(row_->line, "requirement",
                  fmt::format("unknown requirement '{}' (use minimal, mandatory, recommended or "
                              "leave empty)", requirement));
    }
    m.mandatory_if = cell(kMandatoryIf);
    if (!m.mandatory_if.empty()) {
      if (m.requirement != Requirement::mandatory) {
        return fail(row_->line, "mandatory_if",
                    fmt::format("mandatory_if is allowed only with requirement 'mandatory' "
                                "(requirement is '{}')", requirement));
      }
      auto parsed = logic::parse(m.mandatory_if);
      if (!parsed) {
        return fail(row_->line, "mandatory_if",
                    fmt::format("mandatory_if '{}' does not parse at column {}: {}",
                                m.mandatory_if, parsed.error().where.column,
                                parsed.error().message),
                    parsed.error().where.column);
      }
    }
    const std::string& max_length = cell(kMaxLength);
    if (!max_length.empty()) {
      std::uint32_t value = 0;
      auto [end, ec] = std::from_chars(max_length.data(), max_length.data() + max_length.size(),
                                       value);
      if (ec != std::errc() || end != max_length.data() + max_length.size() || value == 0) {
        return fail(row_->line, "max_length",
                    fmt::format("max_length '{}' is not a positive integer", max_length));
      }
      m.max_length = value;
    }
    variable.mapping = std::move(m);
    return {};
  }

  Dictionary& dictionary_;
  std::string file_;
  ColumnIndex index_;
  const core::CsvRow* row_ = nullptr;
  std::map<std::pair<std::string, std::string>, std::uint64_t> seen_;
};

}  // namespace

namespace {

core::Status apply_rows(Dictionary& dictionary, core::CsvReader& reader, const std::string& source) {
  Dictionary work = dictionary;  // all-or-nothing
  MappingReader mapping(work, source);
  core::CsvRow row;
  switch (reader.next(row)) {
    case core::ReadStatus::error: return reader.error();
    case core::ReadStatus::end:
      return core::bad_input("empty file: expected a mapping header starting with 'variable'",
                             core::Location{source});
    case core::ReadStatus::ok: break;
  }
  ONCOSHARE_TRY(mapping.header(row));
  while (true) {
    core::ReadStatus status = reader.next(row);
    if (status == core::ReadStatus::end) break;
    if (status == core::ReadStatus::error) return reader.error();
    ONCOSHARE_TRY(mapping.row(row));
  }
  work.set_mapping_source(source);
  dictionary = std::move(work);
  return {};
}

}  // namespace

core::Status apply_mapping(Dictionary& dictionary, const std::string& path) {
  auto reader = core::CsvReader::open(path);
  if (!reader) return reader.error();
  return apply_rows(dictionary, *reader, path);
}

core::Status apply_mapping_text(Dictionary& dictionary, std::string text, const std::string& source) {
  auto reader = core::CsvReader::from_string(std::move(text), source);
  return apply_rows(dictionary, reader, source);
}

}  // namespace oncoshare::dictionary
