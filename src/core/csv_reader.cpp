#include "core/csv_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace oncoshare::core {

namespace {
constexpr std::size_t kBufferBytes = 1u << 20;

// Printable form of a byte for messages.
std::string describe_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}
}  // namespace

struct CsvReader::State {
  std::string name;
  CsvOptions options;
  int fd = -1;              // -1 when reading from `buffer` only
  std::string buffer;       // bytes not yet consumed live in [pos, buffer.size())
  std::size_t pos = 0;
  bool eof = false;
  bool bom_checked = false;
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  std::uint64_t records = 0;
  std::uint64_t consumed = 0;
  std::size_t width = 0;    // field count of the first record
  bool failed = false;
  Error error;

  ~State() {
    if (fd >= 0) ::close(fd);
  }

  // Makes at least one unread byte available unless at end of input. Returns false at end.
  bool fill() {
    if (pos < buffer.size()) return true;
    if (fd < 0 || eof) return false;
    buffer.resize(kBufferBytes);
    ssize_t got;
    do {
      got = ::read(fd, buffer.data(), kBufferBytes);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
      fail(io_error(fmt::format("read failed: {}", std::strerror(errno)), Location{name}));
      buffer.clear();
      pos = 0;
      return false;
    }
    buffer.resize(static_cast<std::size_t>(got));
    pos = 0;
    if (got == 0) eof = true;
    return got > 0;
  }

  // Consumes one byte, keeping line/column up to date.
  char take() {
    char c = buffer[pos];
    advance(1);
    return c;
  }

  // Consumes `n` buffered bytes, keeping line/column up to date.
  void advance(std::size_t n) {
    const char* p = buffer.data() + pos;
    const char* end = p + n;
    consumed += n;
    pos += n;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!nl) break;
      ++line;
      column = 1;
      p = nl + 1;
    }
    column += static_cast<std::uint64_t>(end - p);
  }

  // Bytes that end or break an unquoted field.
  bool is_special(char c) const {
    return c == options.delimiter || c == '\n' || c == '\r' || c == '"';
  }

  void fail(Error e) {
    if (failed) return;
    failed = true;
    error = std::move(e);
  }

  ReadStatus fail_at(std::uint64_t at_line, std::uint64_t at_column, std::string message) {
    fail(bad_input(std::move(message), Location{name, at_line, at_column, {}}));
    return ReadStatus::error;
  }

  void skip_bom() {
    bom_checked = true;
    // The BOM may straddle a refill only for absurdly small buffers; we read 1 MiB at a time.
    if (!fill()) return;
    if (buffer.compare(pos, 3, "\xEF\xBB\xBF") == 0) {
      pos += 3;
      consumed += 3;
      return;
    }
    // Excel's "Unicode text" and some Windows tools write UTF-16; without this check the
    // NUL bytes would surface later as a misleading quote or UTF-8 error.
    if (buffer.compare(pos, 2, "\xFF\xFE") == 0 || buffer.compare(pos, 2, "\xFE\xFF") == 0) {
      fail(bad_input("UTF-16 with BOM: save as UTF-8", Location{name}));
    }
  }

  // Reports invalid UTF-8 inside a finished field at its exact line and column.
  bool check_utf8(const std::string& field, std::uint64_t at_line, std::uint64_t at_column) {
    std::size_t bad = find_invalid_utf8(field);
    if (bad == std::string::npos) return true;
    for (std::size_t i = 0; i < bad; ++i) {
      if (field[i] == '\n') {
        ++at_line;
        at_column = 1;
      } else {
        ++at_column;
      }
    }
    fail_at(at_line, at_column,
            fmt::format("invalid UTF-8 ({}); save the file as UTF-8", describe_byte(field[bad])));
    return false;
  }

  ReadStatus read_record(CsvRow& row);
};

ReadStatus CsvReader::State::read_record(CsvRow& row) {
  if (failed) return ReadStatus::error;
  if (!bom_checked) skip_bom();
  if (failed) return ReadStatus::error;

  // Skip blank lines; stop at end of input.
  for (;;) {
    if (!fill()) return failed ? ReadStatus::error : ReadStatus::end;
    char c = buffer[pos];
    if (options.skip_blank_lines && (c == '\n' || c == '\r')) {
      if (c == '\r') {
        take();
        if (fill() && buffer[pos] == '\n') take();
        continue;
      }
      take();
      continue;
    }
    break;
  }

  row.line = line;
  row.index = ++records;
  std::size_t used = 0;
  std::size_t record_bytes = 0;

  for (;;) {  // one field per iteration
    if (row.fields.size() <= used) row.fields.emplace_back();
    std::string& field = row.fields[used++];
    field.clear();
    const std::uint64_t field_line = line;
    const std::uint64_t field_column = column;
    bool quoted = false;

    if (fill() && buffer[pos] == '"') {
      quoted = true;
      take();
      for (;;) {
        if (!fill()) {
          if (failed) return ReadStatus::error;
          return fail_at(field_line, field_column,
                         "unclosed quote: the quoted field starting here never ends");
        }
        // Copy the run of ordinary bytes up to the next quote in one go.
        const char* start = buffer.data() + pos;
        const char* end = buffer.data() + buffer.size();
        const char* quote = static_cast<const char*>(std::memchr(start, '"', end - start));
        const char* stop = quote ? quote : end;
        field.append(start, stop);
        advance(static_cast<std::size_t>(stop - start));
        record_bytes += static_cast<std::size_t>(stop - start);
        if (record_bytes > options.max_record_bytes) {
          return fail_at(field_line, field_column,
                         fmt::format("record longer than {} bytes (unclosed quote?)",
                                     options.max_record_bytes));
        }
        if (!quote) continue;
        take();  // the quote
        if (fill() && buffer[pos] == '"') {
          take();
          field.push_back('"');
          continue;
        }
        break;  // closing quote
      }
    } else {
      while (fill()) {
        // Copy the run of ordinary bytes up to the next special one in one go.
        const char* start = buffer.data() + pos;
        const char* end = buffer.data() + buffer.size();
        const char* p = start;
        while (p < end && !is_special(*p)) ++p;
        field.append(start, p);
        const auto n = static_cast<std::size_t>(p - start);  // no newline in an unquoted run
        pos += n;
        consumed += n;
        column += n;
        record_bytes += static_cast<std::size_t>(p - start);
        if (record_bytes > options.max_record_bytes) {
          return fail_at(field_line, field_column,
                         fmt::format("record longer than {} bytes", options.max_record_bytes));
        }
        if (p == end) continue;
        if (*p == '"') {
          return fail_at(line, column,
                         "quote inside an unquoted field; quote the whole field and double "
                         "the inner quote (\"\")");
        }
        break;
      }
      if (failed) return ReadStatus::error;
    }

    if (!check_utf8(field, field_line, field_column + (quoted ? 1 : 0))) return ReadStatus::error;

    // After a field: delimiter, end of line, or end of input.
    if (!fill()) {
      if (failed) return ReadStatus::error;
      break;
    }
    char c = buffer[pos];
    if (c == options.delimiter) {
      take();
      continue;
    }
    if (c == '\n') {
      take();
      break;
    }
    if (c == '\r') {
      take();
      if (fill() && buffer[pos] == '\n') take();
      break;
    }
    return fail_at(line, column,
                   fmt::format("unexpected {} after the closing quote; expected ',' or end of line",
                               describe_byte(c)));
  }

  row.fields.resize(used);
  if (width == 0) width = used;
  if (options.require_rectangular && used != width) {
    fail(bad_input(fmt::format("ragged row: {} fields where the header has {}", used, width),
                   Location{name, row.line, 0, {}}));
    return ReadStatus::error;
  }
  return ReadStatus::ok;
}

CsvReader::CsvReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

Result<CsvReader> CsvReader::open(const std::string& path, CsvOptions options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return io_error(fmt::format("cannot open for reading: {}", std::strerror(errno)),
                    Location{path});
  }
  auto state = std::make_unique<State>();
  state->name = path;
  state->options = options;
  state->fd = fd;
  return CsvReader(std::move(state));
}

CsvReader CsvReader::from_string(std::string data, std::string name, CsvOptions options) {
  auto state = std::make_unique<State>();
  state->name = std::move(name);
  state->options = options;
  state->buffer = std::move(data);
  return CsvReader(std::move(state));
}

ReadStatus CsvReader::next(CsvRow& row) { return state_->read_record(row); }
const Error& CsvReader::error() const { return state_->error; }
const std::string& CsvReader::name() const { return state_->name; }
std::uint64_t CsvReader::bytes_read() const { return state_->consumed; }

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;  // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string::npos;
}

}  // namespace oncoshare::core
