#include "ingest/detail/text.hpp"

#include <cctype>
#include <cstdint>

namespace oncoshare::ingest::detail {


std::string normalise_label(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_tag = false;
  bool pending_space = false;
  for (char c : text) {
    if (in_tag) {
      in_tag = c != '>';
      continue;
    }
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<dictionary::Choice> effective_choices(const dictionary::Variable& v) {
  using dictionary::FieldType;
  if (!v.choices.empty()) return v.choices;
  if (v.type == FieldType::yesno) return {{"1", "Yes", {}}, {"0", "No", {}}};
  if (v.type == FieldType::truefalse) return {{"1", "True", {}}, {"0", "False", {}}};
  return {};
}

std::uint32_t parse_positive(std::string_view text) {
  if (text.empty() || text.size() > 10) return 0;
  std::uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n > UINT32_MAX ? 0 : static_cast<std::uint32_t>(n);
}

}  // namespace oncoshare::ingest::detail
