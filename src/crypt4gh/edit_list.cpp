#include "crypt4gh/edit_list.hpp"

#include <charconv>
#include <fmt/format.h>

namespace oncoshare::crypt4gh {

namespace {
std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

core::Result<Range> parse_range(std::string_view text) {
  const auto dash = text.find('-');
  const auto start = parse_number(text.substr(0, dash));
  const auto end = dash == std::string_view::npos ? std::optional<std::uint64_t>() : parse_number(text.substr(dash + 1));
  if (!start || (dash != std::string_view::npos && !end)) {
    return core::bad_input(fmt::format("invalid range '{}' (expected START-END or START, in bytes)", text),
                           core::Location{.field = "--range"});
  }
  if (end && *end <= *start) {
    return core::bad_input(fmt::format("invalid range '{}': END must be greater than START", text),
                           core::Location{.field = "--range"});
  }
  Range range{*start, {}};
  if (end) range.length = *end - *start;
  return range;
}

EditList EditList::from_range(const Range& range) {
  std::vector<std::uint64_t> lengths{range.start};
  if (range.length) lengths.push_back(*range.length);
  return EditList(std::move(lengths));
}

bool EditList::done() const { return index_ >= lengths_.size() && lengths_.size() % 2 == 0; }

void EditList::apply(std::span<const std::uint8_t> chunk,
                     const std::function<void(std::span<const std::uint8_t>)>& keep) {
  while (!chunk.empty()) {
    if (index_ >= lengths_.size()) {
      if (lengths_.size() % 2 == 1) keep(chunk);  // ended on a discard: keep the rest
      return;
    }
    const std::uint64_t left = lengths_[index_] - used_;
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
    if (index_ % 2 == 1 && take > 0) keep(chunk.first(take));
    chunk = chunk.subspan(take);
    used_ += take;
    if (used_ == lengths_[index_]) {
      ++index_;
      used_ = 0;
    }
  }
}

}  // namespace oncoshare::crypt4gh
