// Builds the study table from REDCap record exports read against their dictionary.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/derivations.hpp"
#include "analytics/study_table.hpp"
#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "ingest/export_reader.hpp"

namespace oncoshare::analytics {

// Accumulates rows from one or more exports of the same project, then derives.
// Base rows (no repeat instrument) give the patient's values: with several events, the
// first non-blank value per column wins. Repeat rows only feed FirstOfRepeat.
// Not thread-safe; `dict` must outlive the builder.
class StudyTableBuilder {
 public:
  StudyTableBuilder(const dictionary::Dictionary& dict, Derivations derivations);
  StudyTableBuilder(StudyTableBuilder&&) noexcept;
  StudyTableBuilder& operator=(StudyTableBuilder&&) noexcept;
  ~StudyTableBuilder();

  // Reads every record of `reader`; `source` names the file in problems. Fails with the
  // reader's error (file, line, field).
  [[nodiscard]] core::Status add(ingest::ExportReader& reader, std::string_view source);
  // Derives, drops identifier and repeating-instrument columns, returns the table. Fails
  // when a derivation names a variable the dictionary lacks (the error names both).
  [[nodiscard]] core::Result<StudyTable> finish() &&;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Opens each export in `paths` with `options` and returns their combined table.
[[nodiscard]] core::Result<StudyTable> load_study_table(const std::vector<std::string>& paths,
                                                        const dictionary::Dictionary& dict,
                                                        const Derivations& derivations = {},
                                                        const ingest::ReaderOptions& options = {});

}  // namespace oncoshare::analytics
