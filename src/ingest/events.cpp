#include <fmt/format.h>

#include "ingest/export_reader.hpp"

namespace oncoshare::ingest {

core::Result<std::vector<EventInfo>> read_redcap_events(const std::string& path) {
  core::Result<core::CsvReader> csv = core::CsvReader::open(path);
  if (!csv) return csv.error();
  core::CsvRow row;
  core::ReadStatus status = csv->next(row);
  if (status == core::ReadStatus::error) return csv->error();
  if (status == core::ReadStatus::end) {
    return core::bad_input("the events file is empty", core::Location{path});
  }
  int name = -1, arm = -1, unique = -1;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    const std::string& h = row.fields[i];
    const int at = static_cast<int>(i);
    if (h == "event_name") name = at;
    if (h == "arm_num") arm = at;
    if (h == "unique_event_name") unique = at;
  }
  if (name < 0 || arm < 0 || unique < 0) {
    return core::bad_input("an events file needs the columns event_name, arm_num and "
                           "unique_event_name",
                           core::Location{path, 1});
  }
  std::vector<EventInfo> events;
  while ((status = csv->next(row)) == core::ReadStatus::ok) {
    const auto& f = row.fields;
    if (f[static_cast<std::size_t>(unique)].empty()) {
      return core::bad_input("unique event name is empty",
                             core::Location{path, row.line, 0, "unique_event_name"});
    }
    events.push_back({f[static_cast<std::size_t>(unique)], f[static_cast<std::size_t>(name)],
                      f[static_cast<std::size_t>(arm)]});
  }
  if (status == core::ReadStatus::error) return csv->error();
  return events;
}

}  // namespace oncoshare::ingest
