#include "synth/export_writer.hpp"

#include "dictionary/redcap_dictionary_writer.hpp"

namespace oncoshare::synth {

void append_csv_row(std::string& out, std::span<const std::string> cells) {
  bool first = true;
  for (const std::string& cell : cells) {
    if (!first) out += ',';
    first = false;
    out += dictionary::redcap_csv_cell(cell);
  }
  out += '\n';
}

core::Result<CsvFileWriter> CsvFileWriter::create(const std::string& path) {
  auto file = core::AtomicFile::create(path);
  if (!file) return core::fail(file.error());
  return CsvFileWriter(std::move(*file));
}

void CsvFileWriter::write_row(std::span<const std::string> cells) {
  line_.clear();
  append_csv_row(line_, cells);
  file_.write(line_);
  ++rows_;
}

core::Status CsvFileWriter::commit() { return file_.commit(); }

}  // namespace oncoshare::synth
