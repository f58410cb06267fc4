// Clean (action C under Clean Descriptors and the other options that say C for text): the
// identifying values of one file, taken out of its free text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace oncoshare::dicom::detail {

// Collects the file's identifying values, then cleans text with them. One per file.
class Cleaner {
 public:
  // Records one identifying value as written in the file (VR given by its two letters):
  // the whole value, each backslash-separated value, for PN each name component (split at
  // ^ = and spaces), for DA each date also as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD,
  // DD.MM.YYYY, DD/MM/YYYY and MM/DD/YYYY. Pieces shorter than kMinimumLength are dropped.
  void add(std::string_view vr, std::string_view value);

  // `text` with every occurrence of a recorded piece that stands as a whole word (no letter
  // or digit on either side), compared without regard to ASCII case, replaced by as many X
  // characters: the length, and so the VR's length limit, is kept. Longer pieces first.
  [[nodiscard]] std::string clean(std::string_view text) const;

  // Two characters: name parts such as "Li" or "Wu" are identifying; whole-word matching
  // keeps them from hitting inside other words.
  static constexpr std::size_t kMinimumLength = 2;

 private:
  void add_piece(std::string_view piece);
  std::vector<std::string> pieces_;  // upper-cased
};

}  // namespace oncoshare::dicom::detail
