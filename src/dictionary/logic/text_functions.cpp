// Text functions. Lengths and positions count characters (UTF-8), not bytes; case folding
// is ASCII-only, which covers REDCap codes and field values in practice.
#include <algorithm>
#include <fmt/format.h>
#include <string>

#include "dictionary/logic/functions.hpp"
#include "dictionary/logic/value.hpp"

namespace oncoshare::dictionary::logic {
namespace {

bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::size_t character_count(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), starts_character));
}

// Byte offset of character `index` (0-based); text.size() if past the end.
std::size_t byte_offset(std::string_view text, std::size_t index) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (starts_character(text[i]) && seen++ == index) return i;
  }
  return text.size();
}

std::string folded(std::string text, bool upper) {
  for (char& c : text) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return text;
}

Value text_result(std::string text) { return text.empty() ? Value::blank() : Value::text(std::move(text)); }

core::Result<long> non_negative(const Value& arg, std::string_view function, const CallContext& context) {
  auto count = count_argument(arg, function, context);
  if (count && *count < 0) {
    return function_error(function, context, fmt::format("expected a count of 0 or more, got {}", *count));
  }
  return count;
}

// contains() and friends: REDCap compares them case-insensitively.
template <class Test>
core::Result<Value> search(std::span<const Value> args, Test test) {
  const std::string haystack = folded(format_value(args[0]), false);
  const std::string needle = folded(format_value(args[1]), false);
  return truth_value(test(std::string_view(haystack), std::string_view(needle)));
}

core::Result<Value> contains(std::span<const Value> args, const CallContext&) {
  return search(args, [](std::string_view h, std::string_view n) { return h.find(n) != std::string_view::npos; });
}
core::Result<Value> not_contain(std::span<const Value> args, const CallContext&) {
  return search(args, [](std::string_view h, std::string_view n) { return h.find(n) == std::string_view::npos; });
}
core::Result<Value> starts_with(std::span<const Value> args, const CallContext&) {
  return search(args, [](std::string_view h, std::string_view n) { return h.substr(0, n.size()) == n; });
}
core::Result<Value> ends_with(std::span<const Value> args, const CallContext&) {
  return search(args, [](std::string_view h, std::string_view n) {
    return h.size() >= n.size() && h.substr(h.size() - n.size()) == n;
  });
}

core::Result<Value> length(std::span<const Value> args, const CallContext&) {
  return Value::number(static_cast<double>(character_count(format_value(args[0]))));
}

core::Result<Value> left(std::span<const Value> args, const CallContext& context) {
  auto count = non_negative(args[1], "left", context);
  if (!count) return core::fail(count.error());
  const std::string text = format_value(args[0]);
  return text_result(text.substr(0, byte_offset(text, static_cast<std::size_t>(*count))));
}

core::Result<Value> right(std::span<const Value> args, const CallContext& context) {
  auto count = non_negative(args[1], "right", context);
  if (!count) return core::fail(count.error());
  const std::string text = format_value(args[0]);
  const std::size_t total = character_count(text);
  const std::size_t keep = std::min(total, static_cast<std::size_t>(*count));
  return text_result(text.substr(byte_offset(text, total - keep)));
}

core::Result<Value> mid(std::span<const Value> args, const CallContext& context) {
  auto start = count_argument(args[1], "mid", context, 1);
  if (!start) return core::fail(start.error());
  if (*start < 1) return function_error("mid", context, fmt::format("start must be 1 or more, got {}", *start));
  auto count = non_negative(args[2], "mid", context);
  if (!count) return core::fail(count.error());
  const std::string text = format_value(args[0]);
  const std::size_t from = byte_offset(text, static_cast<std::size_t>(*start - 1));
  const std::size_t to = byte_offset(text, static_cast<std::size_t>(*start - 1 + *count));
  return text_result(text.substr(from, to - from));
}

core::Result<Value> concat(std::span<const Value> args, const CallContext&) {
  std::string out;
  for (const auto& arg : args) out += format_value(arg);
  return text_result(std::move(out));
}

// concat_ws(separator, ...): the non-blank arguments joined by the separator.
core::Result<Value> concat_ws(std::span<const Value> args, const CallContext&) {
  const std::string separator = format_value(args[0]);
  std::string out;
  bool first = true;
  for (const auto& arg : args.subspan(1)) {
    if (arg.is_blank()) continue;
    if (!first) out += separator;
    out += format_value(arg);
    first = false;
  }
  return text_result(std::move(out));
}

// find(needle, haystack): the 1-based character position of the first match, ignoring
// case like contains(); 0 when absent.
core::Result<Value> find(std::span<const Value> args, const CallContext&) {
  const std::string needle = folded(format_value(args[0]), false);
  const std::string haystack = folded(format_value(args[1]), false);
  const std::size_t at = haystack.find(needle);
  if (at == std::string::npos) return Value::number(0);
  return Value::number(static_cast<double>(character_count(std::string_view(haystack).substr(0, at)) + 1));
}

// replace_text(haystack, search, replace): every occurrence, matched exactly.
core::Result<Value> replace_text(std::span<const Value> args, const CallContext&) {
  std::string text = format_value(args[0]);
  const std::string search = format_value(args[1]);
  const std::string replacement = format_value(args[2]);
  if (search.empty()) return text_result(std::move(text));
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(search, from)) != std::string::npos; from = at + search.size()) {
    out.append(text, from, at - from);
    out += replacement;
  }
  out.append(text, from);
  return text_result(std::move(out));
}

core::Result<Value> lower(std::span<const Value> args, const CallContext&) {
  return text_result(folded(format_value(args[0]), false));
}
core::Result<Value> upper(std::span<const Value> args, const CallContext&) {
  return text_result(folded(format_value(args[0]), true));
}

core::Result<Value> trim(std::span<const Value> args, const CallContext&) {
  const std::string text = format_value(args[0]);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Value::blank();
  return text_result(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

constexpr FunctionSpec table[] = {
    {"contains", 2, 2, contains},     {"not_contain", 2, 2, not_contain}, {"starts_with", 2, 2, starts_with},
    {"ends_with", 2, 2, ends_with},   {"length", 1, 1, length},           {"left", 2, 2, left},
    {"right", 2, 2, right},           {"mid", 3, 3, mid},                 {"concat", 1, any_count, concat},
    {"lower", 1, 1, lower},           {"upper", 1, 1, upper},             {"trim", 1, 1, trim},
    {"concat_ws", 2, any_count, concat_ws}, {"find", 2, 2, find},         {"replace_text", 3, 3, replace_text},
    // not_contains: accepted as another spelling of REDCap's not_contain.
    {"not_contains", 2, 2, not_contain},
};

}  // namespace

std::span<const FunctionSpec> text_functions() { return table; }

}  // namespace oncoshare::dictionary::logic
