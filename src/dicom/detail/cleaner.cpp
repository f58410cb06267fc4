#include "dicom/detail/cleaner.hpp"

#include <algorithm>

namespace oncoshare::dicom::detail {
namespace {

bool is_word_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper_case(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), upper);
  return out;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\0')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.remove_suffix(1);
  return std::string(text);
}

template <class Each>
void split(std::string_view text, std::string_view separators, Each each) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t cut = text.find_first_of(separators, start);
    each(text.substr(start, cut == std::string_view::npos ? std::string_view::npos : cut - start));
    if (cut == std::string_view::npos) break;
    start = cut + 1;
  }
}

}  // namespace

void Cleaner::add_piece(std::string_view piece) {
  std::string value = upper_case(trimmed(piece));
  if (value.size() < kMinimumLength) return;
  pieces_.push_back(std::move(value));
}

void Cleaner::add(std::string_view vr, std::string_view value) {
  add_piece(value);
  split(value, "\\", [&](std::string_view one) {
    add_piece(one);
    if (vr == "PN") split(one, "^= ", [&](std::string_view part) { add_piece(part); });
    const std::string date = trimmed(one);
    if ((vr == "DA" || vr == "DT") && date.size() >= 8) {
      const std::string y = date.substr(0, 4), m = date.substr(4, 2), d = date.substr(6, 2);
      for (const std::string& form :
           {y + "-" + m + "-" + d, y + "/" + m + "/" + d, y + "." + m + "." + d,
            d + "." + m + "." + y, d + "/" + m + "/" + y, m + "/" + d + "/" + y}) {
        add_piece(form);
      }
    }
  });
}

std::string Cleaner::clean(std::string_view text) const {
  std::vector<std::string> ordered = pieces_;
  std::sort(ordered.begin(), ordered.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  ordered.erase(std::unique(ordered.begin(), ordered.end()), ordered.end());
  std::string out(text);
  std::string working = upper_case(text);
  for (const std::string& piece : ordered) {
    std::size_t at = working.find(piece);
    while (at != std::string::npos) {
      const bool starts = at == 0 || !is_word_char(working[at - 1]);
      const std::size_t end = at + piece.size();
      const bool ends = end == working.size() || !is_word_char(working[end]);
      if (starts && ends) {
        std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(at), piece.size(), 'X');
        // Mark the span so shorter pieces inside it are not matched again.
        std::fill_n(working.begin() + static_cast<std::ptrdiff_t>(at), piece.size(), '\x01');
      }
      at = working.find(piece, at + 1);
    }
  }
  return out;
}

}  // namespace oncoshare::dicom::detail
