// A small streaming JSON writer that appends compact JSON to a string. Direct string
// building keeps FHIR output fast (no DOM); the writer only tracks where commas go.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace oncoshare::fhir {

// Appends `text` to `out` as the contents of a JSON string (without quotes): escapes
// quotes, backslashes and control characters; invalid UTF-8 bytes become U+FFFD, so the
// output is always valid JSON.
void append_json_escaped(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // Writes into `out` (appending); `out` must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // An object key; the next call writes its value.
  void key(std::string_view name);
  void string(std::string_view value);
  // A number, boolean or other literal, written verbatim (the caller checked its syntax).
  void literal(std::string_view value);

  // Shorthands for a key with a value.
  void field(std::string_view name, std::string_view value) { key(name); string(value); }
  void field_literal(std::string_view name, std::string_view value) { key(name); literal(value); }
  void begin_object(std::string_view name) { key(name); begin_object(); }
  void begin_array(std::string_view name) { key(name); begin_array(); }

 private:
  void separate();
  static constexpr std::size_t kMaxDepth = 64;
  std::string& out_;
  std::array<bool, kMaxDepth> first_{};  // per open container: nothing written in it yet
  std::size_t depth_ = 0;
  bool after_key_ = false;
};

}  // namespace oncoshare::fhir
