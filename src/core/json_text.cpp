#include "core/json_text.hpp"

#include <fmt/format.h>

namespace oncoshare::core {

namespace {

// Line and column (1-based) of byte `offset` in `text`, counted from `where.line`.
Location at(std::string_view text, std::size_t offset, Location where) {
  std::uint64_t line = where.line == 0 ? 1 : where.line;
  std::uint64_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  where.line = line;
  where.column = column;
  return where;
}

// nlohmann's reason without its "last read: '...'" excerpt of the input.
std::string reason_of(const nlohmann::json::parse_error& e) {
  std::string_view what = e.what();
  if (auto colon = what.find(": "); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  if (auto cut = what.find(';'); cut != std::string_view::npos) what = what.substr(0, cut);
  return std::string(what);
}

}  // namespace

Status check_json_depth(std::string_view text, Location where, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return bad_input(fmt::format("JSON nested deeper than {} levels", max_depth), at(text, i, where));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

Result<nlohmann::json> parse_json(std::string_view text, Location where, std::size_t max_depth) {
  if (auto depth = check_json_depth(text, where, max_depth); !depth) return fail(depth.error());
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t byte = e.byte == 0 ? 0 : e.byte - 1;
    return fail(bad_input(fmt::format("malformed JSON: {}", reason_of(e)), at(text, byte, where)));
  } catch (const nlohmann::json::out_of_range&) {
    // e.g. 4e378; nlohmann's message quotes the number, which may be a patient value.
    return fail(bad_input("malformed JSON: a number out of range", where));
  }
}

}  // namespace oncoshare::core
