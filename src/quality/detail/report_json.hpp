// Tolerant reads of a quality.json document: the report must render whatever the
// producer wrote, so a missing, null or mistyped key is "absent", never an exception.
// Also the number formats shared by every section of the report.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace oncoshare::quality::detail {

using Json = nlohmann::json;

// `object[key]`, or a null value when `object` is not an object or has no such key.
[[nodiscard]] const Json& member(const Json& object, std::string_view key);
// `object[key]` when it is an array, else an empty array.
[[nodiscard]] const Json& array_member(const Json& object, std::string_view key);
// String value; numbers and booleans are formatted; anything else gives "".
[[nodiscard]] std::string text_member(const Json& object, std::string_view key);
// Finite number value, or nullopt.
[[nodiscard]] std::optional<double> number_member(const Json& object, std::string_view key);

// "–" for nullopt / non-finite; otherwise fixed with `decimals` places ("-0.00" -> "0.00").
[[nodiscard]] std::string format_fixed(std::optional<double> value, int decimals);
// Integers without decimals ("50"), others with two ("12.50").
[[nodiscard]] std::string format_plain(std::optional<double> value);
// Counts with thousands separators: 250000 -> "250,000".
[[nodiscard]] std::string format_count(std::optional<double> value);
// A fraction as a percentage: 0.125 -> "12.50%"; a tiny non-zero rate -> "<0.01%"
// (plain text like every format_* result: escape it when writing HTML).
[[nodiscard]] std::string format_rate(std::optional<double> fraction);

}  // namespace oncoshare::quality::detail
