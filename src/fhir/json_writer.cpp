#include "fhir/json_writer.hpp"

#include <cassert>

#include "core/csv_reader.hpp"

namespace oncoshare::fhir {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t plain_start = 0;
  const auto flush = [&](std::size_t end) { out.append(text.data() + plain_start, end - plain_start); };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = core::utf8_sequence_length(text, i);
      if (length != 0) {
        i += length;
        continue;
      }
      flush(i);
      out.append(kReplacement);
      plain_start = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    plain_start = ++i;
  }
  flush(text.size());
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  if (!first_[depth_ - 1]) out_.push_back(',');
  first_[depth_ - 1] = false;
}

void JsonWriter::begin_object() {
  separate();
  assert(depth_ < kMaxDepth);
  out_.push_back('{');
  first_[depth_++] = true;
}

void JsonWriter::end_object() {
  assert(depth_ > 0);
  --depth_;
  out_.push_back('}');
}

void JsonWriter::begin_array() {
  separate();
  assert(depth_ < kMaxDepth);
  out_.push_back('[');
  first_[depth_++] = true;
}

void JsonWriter::end_array() {
  assert(depth_ > 0);
  --depth_;
  out_.push_back(']');
}

void JsonWriter::key(std::string_view name) {
  separate();
  out_.push_back('"');
  append_json_escaped(out_, name);
  out_.append("\":");
  after_key_ = true;
}

void JsonWriter::string(std::string_view value) {
  separate();
  out_.push_back('"');
  append_json_escaped(out_, value);
  out_.push_back('"');
}

void JsonWriter::literal(std::string_view value) {
  separate();
  out_.append(value);
}

}  // namespace oncoshare::fhir
