#include "privacy/hierarchy.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "privacy/dates.hpp"

namespace oncoshare::privacy {

namespace {

constexpr std::string_view kTop = "*";
constexpr std::size_t kDateLevels = 2;  // month, year

core::Error bad_spec(std::string_view spec, std::string_view why) {
  return core::bad_input(fmt::format("invalid hierarchy '{}': {}", spec, why));
}

// "5|10|20" -> {5, 10, 20}; every step a positive integer.
core::Result<std::vector<std::uint32_t>> parse_steps(std::string_view spec, std::string_view text) {
  std::vector<std::uint32_t> steps;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t bar = std::min(text.find('|', start), text.size());
    const std::string_view part = text.substr(start, bar - start);
    std::uint32_t step = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), step);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || step == 0) {
      return bad_spec(spec, fmt::format("'{}' is not a positive integer", part));
    }
    steps.push_back(step);
    start = bar + 1;
  }
  return steps;
}

// Keeps whole UTF-8 characters: `count` characters, not bytes.
std::string utf8_prefix(std::string_view text, std::size_t count) {
  std::size_t pos = 0;
  for (std::size_t seen = 0; pos < text.size() && seen < count; ++seen) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  return std::string(text.substr(0, pos));
}

std::string format_number(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

}  // namespace

std::size_t Hierarchy::height() const {
  switch (kind) {
    case HierarchyKind::bands:
    case HierarchyKind::truncate: return steps.size() + 1;
    case HierarchyKind::date: return kDateLevels + 1;
    case HierarchyKind::mask: return 1;
  }
  return 1;
}

core::Result<Hierarchy> parse_hierarchy(std::string_view spec) {
  const std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return bad_spec(spec, "expected <variable>=<bands:W|W..|date|truncate:N|N..|mask>");
  }
  Hierarchy h;
  h.variable = std::string(spec.substr(0, eq));
  const std::string_view rule = spec.substr(eq + 1);
  const std::size_t colon = rule.find(':');
  const std::string_view kind = rule.substr(0, colon);
  const std::string_view params =
      colon == std::string_view::npos ? std::string_view() : rule.substr(colon + 1);
  if (kind == "date" || kind == "mask") {
    if (colon != std::string_view::npos) return bad_spec(spec, fmt::format("'{}' takes no parameters", kind));
    h.kind = kind == "date" ? HierarchyKind::date : HierarchyKind::mask;
    return h;
  }
  if (kind != "bands" && kind != "age" && kind != "truncate") {
    return bad_spec(spec, fmt::format("unknown kind '{}': expected bands, age, date, truncate or mask", kind));
  }
  if (colon == std::string_view::npos) return bad_spec(spec, fmt::format("'{}' needs :N[|N...]", kind));
  core::Result<std::vector<std::uint32_t>> steps = parse_steps(spec, params);
  if (!steps) return core::fail(steps.error());
  h.steps = std::move(*steps);
  h.kind = kind == "truncate" ? HierarchyKind::truncate : HierarchyKind::bands;
  for (std::size_t i = 1; i < h.steps.size(); ++i) {
    if (h.kind == HierarchyKind::bands &&
        (h.steps[i] <= h.steps[i - 1] || h.steps[i] % h.steps[i - 1] != 0)) {
      return bad_spec(spec, "band widths must increase, each a multiple of the one before");
    }
    if (h.kind == HierarchyKind::truncate && h.steps[i] >= h.steps[i - 1]) {
      return bad_spec(spec, "truncation lengths must decrease");
    }
  }
  return h;
}

core::Result<std::string> generalise_value(const Hierarchy& h, std::size_t level,
                                           std::string_view value) {
  // Missing stays missing at every level: released data shows it, so classes count it.
  if (value.empty()) return std::string();
  if (level >= h.height()) return std::string(kTop);
  switch (h.kind) {
    case HierarchyKind::bands: {
      double number = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
        return core::bad_input("not a number (hierarchy bands)",
                               core::Location{{}, 0, 0, h.variable});
      }
      if (level == 0) return std::string(value);
      const double width = h.steps[level - 1];
      const double low = std::floor(number / width) * width;
      return fmt::format("{}-{}", format_number(low), format_number(low + width - 1));
    }
    case HierarchyKind::date: {
      core::Result<std::int64_t> valid = epoch_days(value);
      if (!valid) {
        return core::bad_input(valid.error().message, core::Location{{}, 0, 0, h.variable});
      }
      if (level == 0) return std::string(value);
      return std::string(value.substr(0, level == 1 ? 7 : 4));
    }
    case HierarchyKind::truncate: {
      if (level == 0) return std::string(value);
      std::string prefix = utf8_prefix(value, h.steps[level - 1]);
      if (prefix.size() < value.size()) prefix += kTop;
      return prefix;
    }
    case HierarchyKind::mask: return std::string(value);
  }
  return std::string(value);
}

std::string describe_level(const Hierarchy& h, std::size_t level) {
  if (level == 0) return "original";
  if (level >= h.height()) return "*";
  switch (h.kind) {
    case HierarchyKind::bands: return fmt::format("band {}", h.steps[level - 1]);
    case HierarchyKind::date: return level == 1 ? "month" : "year";
    case HierarchyKind::truncate: return fmt::format("prefix {}", h.steps[level - 1]);
    case HierarchyKind::mask: return "original";
  }
  return "*";
}

}  // namespace oncoshare::privacy
