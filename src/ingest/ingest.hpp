// oncoshare ingest: REDCap record exports (raw flat, label, EAV) read against a data
// dictionary into Records, with a streaming summary and NDJSON output.
#pragma once

#include "ingest/export_reader.hpp"
#include "ingest/record.hpp"
#include "ingest/record_json.hpp"
#include "ingest/summary.hpp"
