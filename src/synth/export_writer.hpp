// CSV output for the cohort files, written atomically.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/atomic_output.hpp"
#include "core/result.hpp"

namespace oncoshare::synth {

class CsvFileWriter {
 public:
  // Starts `path` (an AtomicFile: nothing appears there until commit()).
  [[nodiscard]] static core::Result<CsvFileWriter> create(const std::string& path);

  void write_row(std::span<const std::string> cells);
  // Rows written so far (the header counts as a row).
  [[nodiscard]] std::uint64_t rows() const { return rows_; }
  // Flushes and renames into place; I/O errors (also from earlier writes) surface here.
  [[nodiscard]] core::Status commit();

 private:
  explicit CsvFileWriter(core::AtomicFile file) : file_(std::move(file)) {}
  core::AtomicFile file_;
  std::string line_;
  std::uint64_t rows_ = 0;
};

}  // namespace oncoshare::synth
