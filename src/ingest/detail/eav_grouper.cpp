#include "ingest/detail/eav_grouper.hpp"

#include <fmt/format.h>
#include <functional>

#include "core/ascii_case.hpp"
#include "ingest/detail/text.hpp"

namespace oncoshare::ingest::detail {

namespace {

const std::string kEmpty;

const std::string& cell(const core::CsvRow& row, int at) {
  return at < 0 ? kEmpty : row.fields[static_cast<std::size_t>(at)];
}

std::uint64_t hash_id(const std::string& id) { return std::hash<std::string>{}(id); }

std::string describe_group(const std::string& record, const std::string& event,
                           const std::string& instrument, const std::string& instance) {
  std::string out = fmt::format("record '{}'", record);
  if (!event.empty()) out += fmt::format(", event '{}'", event);
  if (!instrument.empty()) out += fmt::format(", repeat instrument '{}'", instrument);
  if (!instance.empty()) out += fmt::format(", instance {}", instance);
  return out;
}

}  // namespace

EavGrouper::EavGrouper(Layout& layout, const dictionary::Dictionary& dict, EavColumns eav,
                       std::string file)
    : layout_(layout), dict_(dict), eav_(eav), file_(std::move(file)) {
  std::unordered_map<std::string, std::size_t> form_index;
  for (std::size_t i = 0; i < layout_.columns.size(); ++i) {
    const Column& col = layout_.columns[i];
    if (col.kind == ColumnKind::checkbox_choice) {
      const auto& var = dict_.variables()[static_cast<std::size_t>(col.variable)];
      checkboxes_[var.name][core::ascii_lower(col.choice_code)] = i;
    } else {
      by_name_.emplace(col.name, i);
    }
    if (col.form.empty() || col.kind == ColumnKind::record_id) continue;
    auto [it, added] = form_index.emplace(col.form, forms_.size());
    if (added) forms_.emplace_back();
    auto& target = col.kind == ColumnKind::checkbox_choice ? forms_[it->second].checkboxes
                                                           : forms_[it->second].others;
    target.push_back(i);
  }
}

std::size_t EavGrouper::add_unknown_column(const std::string& name) {
  Column col{name, name, ColumnKind::unknown, -1, {}, {}};
  if (name == "redcap_data_access_group") {
    col.kind = ColumnKind::data_access_group;
    layout_.data_access_group = static_cast<std::int64_t>(layout_.columns.size());
  } else if (name == "redcap_survey_identifier") {
    col.kind = ColumnKind::survey_identifier;
    layout_.survey_identifier = static_cast<std::int64_t>(layout_.columns.size());
  } else if (name.size() > 10 && name.ends_with("_timestamp")) {
    const std::string form = name.substr(0, name.size() - 10);
    for (const dictionary::Form& f : dict_.forms()) {
      if (f.name == form) {
        col.kind = ColumnKind::survey_timestamp;
        col.form = form;
      }
    }
  }
  const std::size_t at = layout_.columns.size();
  layout_.columns.push_back(std::move(col));
  by_name_.emplace(name, at);
  pending_.values.resize(layout_.columns.size());
  return at;
}

core::Status EavGrouper::start_group(const core::CsvRow& row, std::string record,
                                     std::string event, std::string instrument,
                                     std::uint32_t instance) {
  pending_.values.resize(layout_.columns.size());
  for (std::string& v : pending_.values) v.clear();
  pending_.values[static_cast<std::size_t>(layout_.record_id)] = record;
  if (layout_.event >= 0) pending_.values[static_cast<std::size_t>(layout_.event)] = event;
  if (layout_.repeat_instrument >= 0) {
    pending_.values[static_cast<std::size_t>(layout_.repeat_instrument)] = instrument;
  }
  if (layout_.repeat_instance >= 0) {
    pending_.values[static_cast<std::size_t>(layout_.repeat_instance)] =
        cell(row, eav_.repeat_instance);
  }
  pending_.record_id = std::move(record);
  pending_.event = std::move(event);
  pending_.repeat_instrument = std::move(instrument);
  pending_.repeat_instance = instance;
  pending_.data_access_group.clear();
  pending_.line = row.line;
  has_pending_ = true;
  return {};
}

core::Status EavGrouper::set_value(const core::CsvRow& row) {
  const std::string& field = cell(row, eav_.field_name);
  const std::string& value = cell(row, eav_.value);
  const auto where = core::Location{file_, row.line, 0, field};
  if (value.empty()) return {};
  if (field == dict_.record_id().name) {
    if (value == pending_.record_id) return {};
    return core::bad_input("value differs from the row's record id", where);
  }
  if (auto box = checkboxes_.find(field); box != checkboxes_.end()) {
    auto choice = box->second.find(core::ascii_lower(value));
    if (choice == box->second.end()) {
      return core::bad_input("value is not a choice code of this checkbox", where);
    }
    pending_.values[choice->second] = "1";
    return {};
  }
  auto it = by_name_.find(field);
  const std::size_t at = it != by_name_.end() ? it->second : add_unknown_column(field);
  std::string& slot = pending_.values[at];
  if (!slot.empty()) {
    return core::bad_input(
        fmt::format("second value '{}' for {} (the first was '{}')", value,
                    describe_group(pending_.record_id, pending_.event, pending_.repeat_instrument,
                                   cell(row, eav_.repeat_instance)),
                    slot),
        where);
  }
  slot = value;
  if (static_cast<std::int64_t>(at) == layout_.data_access_group) {
    pending_.data_access_group = value;
  }
  return {};
}

void EavGrouper::complete_group() {
  for (const FormColumns& form : forms_) {
    bool has_data = false;
    for (std::size_t i : form.others) has_data = has_data || !pending_.values[i].empty();
    for (std::size_t i : form.checkboxes) has_data = has_data || !pending_.values[i].empty();
    if (!has_data) continue;
    for (std::size_t i : form.checkboxes) {
      if (pending_.values[i].empty()) pending_.values[i] = "0";
    }
  }
}

core::Result<bool> EavGrouper::add(const core::CsvRow& row, Record& out) {
  const std::string& record = cell(row, eav_.record);
  const std::string& event = cell(row, eav_.event);
  const std::string& instrument = cell(row, eav_.repeat_instrument);
  const std::string& instance_text = cell(row, eav_.repeat_instance);
  if (record.empty()) {
    return core::bad_input("record id is empty", core::Location{file_, row.line, 0, "record"});
  }
  const std::uint32_t instance = parse_positive(instance_text);
  if (!instance_text.empty() && instance == 0) {
    return core::bad_input(
        fmt::format("repeat instance '{}' is not a positive integer", instance_text),
        core::Location{file_, row.line, 0, "redcap_repeat_instance"});
  }
  std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", record, event, instrument, instance_text);
  if (has_pending_ && key == group_key_) {
    ONCOSHARE_TRY(set_value(row));
    return false;
  }
  if (has_pending_) {
    if (record != pending_.record_id) {
      finished_records_.insert(hash_id(pending_.record_id));
      finished_groups_.clear();
    } else {
      finished_groups_.insert(group_key_);
    }
  }
  const bool record_seen = finished_records_.contains(hash_id(record));
  if (record_seen || finished_groups_.contains(key)) {
    const std::string what = record_seen ? fmt::format("record '{}'", record)
                                         : describe_group(record, event, instrument, instance_text);
    return core::bad_input(
        fmt::format("rows of {} are not consecutive; sort the EAV file by record, event, "
                    "repeat instrument and instance",
                    what),
        core::Location{file_, row.line});
  }
  const bool emitted = has_pending_;
  if (emitted) {
    complete_group();
    std::swap(out, pending_);
  }
  group_key_ = std::move(key);
  ONCOSHARE_TRY(start_group(row, record, event, instrument, instance));
  ONCOSHARE_TRY(set_value(row));
  return emitted;
}

bool EavGrouper::finish(Record& out) {
  if (!has_pending_) return false;
  complete_group();
  std::swap(out, pending_);
  has_pending_ = false;
  return true;
}

}  // namespace oncoshare::ingest::detail
