#include "synth/export_writer.hpp"

#include "dictionary/redcap_dictionary_writer.hpp"

namespace oncoshare::synth {

core::Result<CsvFileWriter> CsvFileWriter::create(const std::string& path) {
  auto file = core::AtomicFile::create(path);
  if (!file) return core::fail(file.error());
  return CsvFileWriter(std::move(*file));
}

void CsvFileWriter::write_row(std::span<const std::string> cells) {
  line_.clear();
  dictionary::append_redcap_csv_row(line_, cells);
  file_.write(line_);
  ++rows_;
}

core::Status CsvFileWriter::commit() { return file_.commit(); }

}  // namespace oncoshare::synth
