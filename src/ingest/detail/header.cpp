#include "ingest/detail/header.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <unordered_map>

#include "core/ascii_case.hpp"
#include "ingest/detail/text.hpp"

namespace oncoshare::ingest::detail {

namespace {

using dictionary::Dictionary;
using dictionary::FieldType;

struct Extra {
  ColumnKind kind;
  std::string_view raw;
  std::string_view label;
};
constexpr std::array<Extra, 5> kExtras{{
    {ColumnKind::event, "redcap_event_name", "Event Name"},
    {ColumnKind::repeat_instrument, "redcap_repeat_instrument", "Repeat Instrument"},
    {ColumnKind::repeat_instance, "redcap_repeat_instance", "Repeat Instance"},
    {ColumnKind::data_access_group, "redcap_data_access_group", "Data Access Group"},
    {ColumnKind::survey_identifier, "redcap_survey_identifier", "Survey Identifier"},
}};

// The Layout member holding the position of a structure column.
std::int64_t* structure_slot(Layout& layout, ColumnKind kind) {
  switch (kind) {
    case ColumnKind::record_id: return &layout.record_id;
    case ColumnKind::event: return &layout.event;
    case ColumnKind::repeat_instrument: return &layout.repeat_instrument;
    case ColumnKind::repeat_instance: return &layout.repeat_instance;
    case ColumnKind::data_access_group: return &layout.data_access_group;
    case ColumnKind::survey_identifier: return &layout.survey_identifier;
    default: return nullptr;
  }
}

const Extra* find_extra(std::string_view header, ExportFormat format) {
  for (const Extra& e : kExtras) {
    if (header == (format == ExportFormat::labels ? e.label : e.raw)) return &e;
  }
  return nullptr;
}

bool is_form(const Dictionary& dict, std::string_view name) {
  return std::any_of(dict.forms().begin(), dict.forms().end(),
                     [&](const dictionary::Form& f) { return f.name == name; });
}

// Finds the expected column a header names; -1 when none. Label headers are matched in
// order from `next` because labels repeat ("Complete?", two fields both called "Date").
std::int64_t match_expected(const std::string& header, ExportFormat format,
                            const std::vector<ExpectedColumn>& expected,
                            const std::unordered_map<std::string, std::size_t>& by_name,
                            const std::vector<bool>& used, std::size_t next) {
  if (format == ExportFormat::flat) {
    auto it = by_name.find(header);
    if (it == by_name.end()) it = by_name.find(core::ascii_lower(header));  // checkbox code case
    return it == by_name.end() ? -1 : static_cast<std::int64_t>(it->second);
  }
  const std::string label = normalise_label(header);
  for (std::size_t pass = 0; pass < 2; ++pass) {
    for (std::size_t q = pass == 0 ? next : 0; q < expected.size(); ++q) {
      if (!used[q] && expected[q].label == label) return static_cast<std::int64_t>(q);
    }
  }
  return -1;
}

}  // namespace

std::vector<ExpectedColumn> expected_columns(const Dictionary& dict) {
  std::vector<ExpectedColumn> out;
  for (const dictionary::Form& form : dict.forms()) {
    for (std::size_t i : form.variables) {
      const dictionary::Variable& v = dict.variables()[i];
      if (!v.exported()) continue;
      const auto index = static_cast<std::int64_t>(i);
      if (v.type == FieldType::checkbox) {
        for (const dictionary::Choice& c : v.choices) {
          Column col{{}, dictionary::checkbox_column(v.name, c.code), ColumnKind::checkbox_choice, index,
                     c.code, form.name};
          out.push_back({std::move(col), fmt::format("{} (choice={})", normalise_label(v.label),
                                                     normalise_label(c.label))});
        }
        continue;
      }
      const ColumnKind kind = i == 0 ? ColumnKind::record_id : ColumnKind::field;
      out.push_back({Column{{}, v.name, kind, index, {}, form.name}, normalise_label(v.label)});
    }
    out.push_back({Column{{}, form.name + "_complete", ColumnKind::form_complete, -1, {},
                          form.name},
                   "Complete?"});
  }
  return out;
}

core::Result<ExportFormat> detect_format(const std::vector<std::string>& header,
                                         const Dictionary& dict, const std::string& file) {
  const std::string& first = header.front();
  const auto has = [&](std::string_view name) {
    return std::find(header.begin(), header.end(), name) != header.end();
  };
  if (first == "record" && has("field_name") && has("value")) return ExportFormat::eav;
  if (first == dict.record_id().name) return ExportFormat::flat;
  if (first == "Record ID" || normalise_label(first) == normalise_label(dict.record_id().label)) {
    return ExportFormat::labels;
  }
  return core::bad_input(
      fmt::format("cannot tell the export layout from the first column '{}': expected '{}' "
                  "(raw), 'record' (EAV) or the label '{}' (labels)",
                  first, dict.record_id().name, normalise_label(dict.record_id().label)),
      core::Location{file, 1});
}

core::Result<Layout> resolve_header(const std::vector<std::string>& header, ExportFormat format,
                                    const Dictionary& dict, const std::string& file) {
  Layout layout;
  layout.format = format;
  const std::vector<ExpectedColumn> expected = expected_columns(dict);
  std::unordered_map<std::string, std::size_t> by_name;
  for (std::size_t q = 0; q < expected.size(); ++q) by_name.emplace(expected[q].column.name, q);
  std::vector<bool> used(expected.size(), false);
  std::vector<std::size_t> used_at(expected.size(), 0);
  std::size_t next = 0;

  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i];
    Column col{h, h, ColumnKind::unknown, -1, {}, {}};
    const auto duplicate = [&](std::size_t first) {
      return core::bad_input(fmt::format("duplicate column '{}' (columns {} and {})", h,
                                         first + 1, i + 1),
                             core::Location{file, 1});
    };
    if (const Extra* extra = find_extra(h, format)) {
      std::int64_t* slot = structure_slot(layout, extra->kind);
      if (*slot >= 0) return duplicate(static_cast<std::size_t>(*slot));
      col.kind = extra->kind;
      col.name = std::string(extra->raw);
    } else {
      std::int64_t q = -1;
      if (format == ExportFormat::labels && i == 0) {
        q = 0;  // the record id always leads; its header may be "Record ID" or its label
      } else {
        q = match_expected(h, format, expected, by_name, used, next);
      }
      if (q >= 0) {
        const auto at = static_cast<std::size_t>(q);
        if (used[at]) return duplicate(used_at[at]);
        used[at] = true;
        used_at[at] = i;
        next = at + 1;
        col = expected[at].column;
        col.header = h;
      } else if (format == ExportFormat::labels && h == "Survey Timestamp" &&
                 next < expected.size()) {
        col.kind = ColumnKind::survey_timestamp;
        col.form = expected[next].column.form;
        col.name = col.form + "_timestamp";
      } else if (format == ExportFormat::flat && h.size() > 10 &&
                 h.ends_with("_timestamp") && is_form(dict, h.substr(0, h.size() - 10))) {
        col.kind = ColumnKind::survey_timestamp;
        col.form = h.substr(0, h.size() - 10);
      }
    }
    if (std::int64_t* slot = structure_slot(layout, col.kind)) *slot = static_cast<std::int64_t>(i);
    layout.columns.push_back(std::move(col));
  }

  if (layout.record_id < 0) {
    return core::bad_input(fmt::format("no record id column '{}' in the header",
                                       dict.record_id().name),
                           core::Location{file, 1});
  }
  for (std::size_t q = 0; q < expected.size(); ++q) {
    if (!used[q] && expected[q].column.kind != ColumnKind::form_complete) {
      layout.missing_variables.push_back(expected[q].column.name);
    }
  }
  return layout;
}

core::Result<Layout> resolve_eav_header(const std::vector<std::string>& header,
                                        const Dictionary& dict, const std::string& file,
                                        EavColumns& eav) {
  Layout layout;
  layout.format = ExportFormat::eav;
  const std::vector<ExpectedColumn> expected = expected_columns(dict);
  layout.columns.push_back(expected.front().column);
  layout.columns.back().header = layout.columns.back().name;
  layout.record_id = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i];
    const int at = static_cast<int>(i);
    if (h == "record") {
      eav.record = at;
    } else if (h == "field_name") {
      eav.field_name = at;
    } else if (h == "value") {
      eav.value = at;
    } else if (const Extra* extra = find_extra(h, ExportFormat::flat);
               extra && extra->kind != ColumnKind::data_access_group &&
               extra->kind != ColumnKind::survey_identifier) {
      int& slot = extra->kind == ColumnKind::event               ? eav.event
                  : extra->kind == ColumnKind::repeat_instrument ? eav.repeat_instrument
                                                                 : eav.repeat_instance;
      slot = at;
      *structure_slot(layout, extra->kind) = static_cast<std::int64_t>(layout.columns.size());
      layout.columns.push_back(Column{h, h, extra->kind, -1, {}, {}});
    } else {
      return core::bad_input(
          fmt::format("unexpected column '{}' in an EAV export (expected record, "
                      "redcap_event_name, redcap_repeat_instrument, redcap_repeat_instance, "
                      "field_name, value)",
                      h),
          core::Location{file, 1, 0, h});
    }
  }
  if (eav.record < 0 || eav.field_name < 0 || eav.value < 0) {
    return core::bad_input("an EAV export needs the columns record, field_name and value",
                           core::Location{file, 1});
  }
  for (std::size_t q = 1; q < expected.size(); ++q) {
    layout.columns.push_back(expected[q].column);
    layout.columns.back().header = layout.columns.back().name;
  }
  return layout;
}

}  // namespace oncoshare::ingest::detail
