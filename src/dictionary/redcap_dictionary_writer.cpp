#include "dictionary/redcap_dictionary_writer.hpp"

#include <array>
#include <cstdint>
#include <optional>

#include "core/atomic_output.hpp"
#include "dictionary/choices.hpp"
#include "dictionary/ontology.hpp"
#include "dictionary/redcap_dictionary.hpp"

namespace oncoshare::dictionary {

namespace {

template <class Cell>
void append_row(std::string& out, std::span<const Cell> cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += redcap_csv_cell(cells[i]);
  }
  out += '\n';
}

std::string_view flag(bool value) { return value ? "y" : ""; }

std::string choices_cell(const Variable& v) {
  switch (v.type) {
    case FieldType::dropdown:
    case FieldType::radio:
    case FieldType::checkbox: return format_choices(v.choices);
    case FieldType::slider: return format_slider_labels(v.slider_labels);
    default: return v.calculation;
  }
}

bool has_mapping(const Mapping& m) {
  return !m.coding.empty() || !m.coding.system.empty() || !m.coding.display.empty() ||
         !m.unit.empty() || !m.fhir.empty() || !m.omop.empty() || m.omop_concept_id.has_value() ||
         m.requirement != Requirement::optional || !m.mandatory_if.empty() ||
         m.max_length.has_value();
}

std::string requirement_cell(Requirement r) {
  return r == Requirement::optional ? std::string() : std::string(to_string(r));
}

std::string concept_cell(const std::optional<std::int64_t>& concept_id) {
  return concept_id ? std::to_string(*concept_id) : std::string();
}

std::string system_cell(const std::string& uri) {
  return uri.empty() ? std::string() : system_short_name(uri);
}

}  // namespace

std::string redcap_csv_cell(std::string_view value) {
  if (value.find_first_of(",\" \n\r") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void append_redcap_csv_row(std::string& out, std::span<const std::string> cells) { append_row(out, cells); }

void append_redcap_csv_row(std::string& out, std::span<const std::string_view> cells) { append_row(out, cells); }

void write_redcap_csv_row(core::AtomicFile& file, std::span<const std::string> cells) {
  thread_local std::string line;  // reused: no allocation per row
  line.clear();
  append_row(line, cells);
  file.write(line);
}

std::string format_redcap_dictionary(const Dictionary& dictionary) {
  std::string out;
  std::array<std::string_view, kRedcapColumnCount> header;
  for (std::size_t i = 0; i < header.size(); ++i) header[i] = redcap_columns()[i].ui;
  append_redcap_csv_row(out, header);
  for (const Variable& v : dictionary.variables()) {
    const std::string choices = choices_cell(v);
    const std::array<std::string_view, kRedcapColumnCount> cells{
        v.name, v.form, v.section_header, to_string(v.type), v.label, choices, v.field_note,
        v.validation.name, v.validation.min, v.validation.max, flag(v.identifier),
        v.branching_logic, flag(v.required), v.custom_alignment, v.question_number,
        v.matrix_group, flag(v.matrix_ranking), v.annotation};
    append_redcap_csv_row(out, cells);
  }
  return out;
}

core::Status write_redcap_dictionary(const Dictionary& dictionary, const std::string& path) {
  return core::write_file_atomically(path, format_redcap_dictionary(dictionary));
}

std::string format_mapping(const Dictionary& dictionary) {
  std::string out =
      "variable,choice,system,code,display,unit,fhir,omop,omop_concept_id,requirement,"
      "mandatory_if,max_length\n";
  for (const Variable& v : dictionary.variables()) {
    const Mapping& m = v.mapping;
    if (has_mapping(m)) {
      const std::string system = system_cell(m.coding.system);
      const std::string requirement = requirement_cell(m.requirement);
      const std::string max_length = m.max_length ? std::to_string(*m.max_length) : "";
      const std::string concept_id = concept_cell(m.omop_concept_id);
      const std::array<std::string_view, 12> cells{
          v.name, "", system, m.coding.code, m.coding.display, m.unit, m.fhir, m.omop,
          concept_id, requirement, m.mandatory_if, max_length};
      append_redcap_csv_row(out, cells);
    }
    for (const Choice& c : v.choices) {
      if (c.coding.empty() && !c.omop_concept_id) continue;
      const std::string system = system_cell(c.coding.system);
      const std::string concept_id = concept_cell(c.omop_concept_id);
      const std::array<std::string_view, 12> cells{
          v.name, c.code, system, c.coding.code, c.coding.display, "", "", "", concept_id,
          "", "", ""};
      append_redcap_csv_row(out, cells);
    }
  }
  return out;
}

core::Status write_mapping(const Dictionary& dictionary, const std::string& path) {
  return core::write_file_atomically(path, format_mapping(dictionary));
}

}  // namespace oncoshare::dictionary
