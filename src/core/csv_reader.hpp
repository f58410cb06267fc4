// Streaming RFC 4180 CSV reader with exact error positions and bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::core {

struct CsvOptions {
  char delimiter = ',';
  // Every record must have as many fields as the first (the header). Ragged rows are errors.
  bool require_rectangular = true;
  // Lines with no characters at all carry no data and are skipped (REDCap writes a final newline).
  bool skip_blank_lines = true;
  // A record longer than this is an error, so an unclosed quote cannot exhaust memory.
  std::size_t max_record_bytes = 64u << 20;
};

// One record. Buffers are reused between calls to next(), so keep a row alive and pass it back.
struct CsvRow {
  std::vector<std::string> fields;
  std::uint64_t line = 0;    // physical line (1-based) on which the record starts
  std::uint64_t index = 0;   // record number, 1 = first record (usually the header)
};

enum class ReadStatus { ok, end, error };

class CsvReader {
 public:
  // Opens a file for streaming. Fails with an io error naming the file.
  [[nodiscard]] static Result<CsvReader> open(const std::string& path, CsvOptions options = {});
  // Reads from an in-memory buffer; `name` is used in error messages.
  [[nodiscard]] static CsvReader from_string(std::string data, std::string name,
                                             CsvOptions options = {});

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Reads the next record into `row`. Returns ok, end (no more records) or error (see error()).
  // A leading UTF-8 byte-order mark is dropped; a UTF-16 one (FF FE or FE FF) is an error
  // "UTF-16 with BOM: save as UTF-8" naming the file; CRLF and LF both end a record; fields are
  // checked to be valid UTF-8. After an error, further calls return error.
  [[nodiscard]] ReadStatus next(CsvRow& row);

  // The failure after next() returned error: file, line, column and what was expected.
  [[nodiscard]] const Error& error() const;
  [[nodiscard]] const std::string& name() const;
  // Bytes consumed so far (for progress reporting).
  [[nodiscard]] std::uint64_t bytes_read() const;

 private:
  struct State;
  explicit CsvReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Returns the byte offset of the first invalid UTF-8 sequence in `text`, or npos if valid.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view text);
// Length of the valid UTF-8 sequence starting at text[i] (i < text.size()), or 0 when it is
// invalid: bad lead byte, truncated, overlong, UTF-16 surrogate or above U+10FFFF.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace oncoshare::core
