// Normalised records as NDJSON: one JSON object per Record, for later pipeline steps.
#pragma once

#include <string>

#include "ingest/record.hpp"

namespace oncoshare::ingest {

// Appends one line (ending in '\n') to `out`: {"record_id", "event", "repeat_instrument",
// "repeat_instance", "dag", "line", "values": {raw column name: raw value}}. `values`
// holds only non-empty data cells, in column order; the structure columns are the
// top-level members instead.
void append_ndjson(const Layout& layout, const Record& record, std::string& out);

}  // namespace oncoshare::ingest
