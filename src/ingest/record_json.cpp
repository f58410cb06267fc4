#include "ingest/record_json.hpp"

#include <nlohmann/json.hpp>

namespace oncoshare::ingest {

namespace {
bool is_structure(ColumnKind kind) {
  return kind == ColumnKind::record_id || kind == ColumnKind::event ||
         kind == ColumnKind::repeat_instrument || kind == ColumnKind::repeat_instance ||
         kind == ColumnKind::data_access_group;
}
}  // namespace

void append_ndjson(const Layout& layout, const Record& record, std::string& out) {
  nlohmann::ordered_json j;
  j["record_id"] = record.record_id;
  j["event"] = record.event;
  j["repeat_instrument"] = record.repeat_instrument;
  j["repeat_instance"] = record.repeat_instance;
  j["dag"] = record.data_access_group;
  j["line"] = record.line;
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < layout.columns.size() && i < record.values.size(); ++i) {
    if (record.values[i].empty() || is_structure(layout.columns[i].kind)) continue;
    values[layout.columns[i].name] = record.values[i];
  }
  j["values"] = std::move(values);
  out += j.dump();
  out += '\n';
}

}  // namespace oncoshare::ingest
