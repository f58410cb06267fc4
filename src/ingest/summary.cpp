#include "ingest/summary.hpp"

#include <fmt/format.h>

namespace oncoshare::ingest {

std::string_view to_string(ExportFormat format) {
  switch (format) {
    case ExportFormat::flat: return "flat";
    case ExportFormat::labels: return "labels";
    case ExportFormat::eav: return "eav";
  }
  return "?";
}

void SummaryBuilder::add(const Layout& layout, const Record& record) {
  if (summary_.form_status.empty()) {
    for (std::size_t i = 0; i < layout.columns.size(); ++i) {
      if (layout.columns[i].kind != ColumnKind::form_complete) continue;
      status_columns_.push_back(i);
      summary_.form_status.emplace_back(layout.columns[i].form, FormStatusCounts{});
    }
  }
  ++summary_.rows;
  if (ids_.insert(record.record_id).second) {
    ++summary_.records;
    if (layout.data_access_group >= 0) ++summary_.data_access_groups[record.data_access_group];
  }
  if (!record.event.empty()) ++summary_.events[record.event];
  if (record.repeat_instance > 0) {
    RepeatCounts& r = summary_.repeat_instruments[record.repeat_instrument];
    ++r.rows;
    r.max_instance = std::max(r.max_instance, record.repeat_instance);
  }
  for (std::size_t k = 0; k < status_columns_.size(); ++k) {
    const std::string& v = record.values[status_columns_[k]];
    FormStatusCounts& c = summary_.form_status[k].second;
    if (v.empty()) ++c.empty;
    else if (v == "0") ++c.incomplete;
    else if (v == "1") ++c.unverified;
    else if (v == "2") ++c.complete;
    else ++c.other;
  }
}

IngestSummary SummaryBuilder::finish(const Layout& layout) const {
  IngestSummary out = summary_;
  out.format = layout.format;
  out.unknown_columns = layout.unknown_columns();
  out.missing_variables = layout.missing_variables;
  return out;
}

std::string to_text(const IngestSummary& s) {
  std::string out;
  const auto line = [&](std::string_view key, const std::string& value) {
    out += fmt::format("{:<22} {}\n", key, value);
  };
  line("layout", std::string(to_string(s.format)));
  line("rows", std::to_string(s.rows));
  line("records", std::to_string(s.records));
  line("events", std::to_string(s.events.size()));
  for (const auto& [event, rows] : s.events) out += fmt::format("  {:<28} {:>8} rows\n", event, rows);
  line("repeat instruments", std::to_string(s.repeat_instruments.size()));
  for (const auto& [name, r] : s.repeat_instruments) {
    out += fmt::format("  {:<28} {:>8} rows, instances 1-{}\n",
                       name.empty() ? "(repeating event)" : name, r.rows, r.max_instance);
  }
  line("data access groups", std::to_string(s.data_access_groups.size()));
  for (const auto& [dag, records] : s.data_access_groups) {
    out += fmt::format("  {:<28} {:>8} records\n", dag.empty() ? "(none)" : dag, records);
  }
  line("unknown columns", std::to_string(s.unknown_columns.size()));
  for (const auto& c : s.unknown_columns) out += fmt::format("  {}\n", c);
  line("missing variables", std::to_string(s.missing_variables.size()));
  for (const auto& v : s.missing_variables) out += fmt::format("  {}\n", v);
  out += fmt::format("{:<36} {:>10} {:>10} {:>10} {:>8} {:>6}\n", "form status", "incomplete",
                     "unverified", "complete", "empty", "other");
  for (const auto& [form, c] : s.form_status) {
    out += fmt::format("  {:<34} {:>10} {:>10} {:>10} {:>8} {:>6}\n", form, c.incomplete,
                       c.unverified, c.complete, c.empty, c.other);
  }
  return out;
}

nlohmann::json to_json(const IngestSummary& s) {
  nlohmann::json j;
  j["layout"] = to_string(s.format);
  j["rows"] = s.rows;
  j["records"] = s.records;
  j["events"] = s.events;
  j["repeat_instruments"] = nlohmann::json::object();
  for (const auto& [name, r] : s.repeat_instruments) {
    j["repeat_instruments"][name] = {{"rows", r.rows}, {"max_instance", r.max_instance}};
  }
  j["data_access_groups"] = s.data_access_groups;
  j["unknown_columns"] = s.unknown_columns;
  j["missing_variables"] = s.missing_variables;
  j["form_status"] = nlohmann::json::object();
  for (const auto& [form, c] : s.form_status) {
    j["form_status"][form] = {{"incomplete", c.incomplete}, {"unverified", c.unverified},
                              {"complete", c.complete},     {"empty", c.empty},
                              {"other", c.other}};
  }
  return j;
}

}  // namespace oncoshare::ingest
