// The node's local store. Each dataset is loaded once at start into the analytics study
// view (one row per patient, typed columns plus derived survival variables; see
// analytics/study_table.hpp), optionally keeping only records whose quality score passes,
// and written to one SQLite table per dataset so the released view can be inspected
// with any SQLite client. Queries run on the in-memory view, which is immutable after
// load and therefore safe to read from many request threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analytics/study_table.hpp"
#include "core/result.hpp"
#include "node/config.hpp"

namespace oncoshare::node {

struct Dataset {
  const DatasetConfig* config = nullptr;  // owned by the NodeConfig, which outlives it
  analytics::StudyTable table;
  std::int64_t dropped_by_quality = 0;    // records removed by min_quality_score
  std::string content_sha256;             // the dictionary, mapping and exports as read (hex)
  std::string policy_sha256;              // the dataset's policy as configured (hex)
  std::string source_sha256;              // the exports' content, whatever the dataset id: the ledger's data source
  std::vector<std::uint64_t> patient_digests;  // per row, the first 8 bytes of SHA-256(record id): what the
                                               // ledger's overlap control keeps of an exact answer's patients
};

// Reads the dictionary (and mapping), scores quality when asked, builds the study view and
// writes it to table "dataset_<id>" of the SQLite file `store_path` (replacing an older
// copy). Errors name the file, line and field of the offending input.
[[nodiscard]] core::Result<std::unique_ptr<Dataset>> load_dataset(const DatasetConfig& config,
                                                                   const std::string& store_path);

}  // namespace oncoshare::node
