#include "dicom/profile.hpp"

#include <array>
#include <unordered_map>

namespace oncoshare::dicom {
namespace detail {
namespace {

struct ProfileRow {
  std::uint32_t tag;
  std::uint32_t mask;  // 1 bits must equal `tag`; 0 bits are the table's wildcard digits
  const char* basic;
  const char* retain_modified_dates;
  const char* retain_patient_characteristics;
  const char* retain_device_identity;
  const char* clean_descriptors;
};

#include "dicom/generated/confidentiality_profile.inc"

// Exact tags by value; the few wildcard rows ((50xx,xxxx), (60xx,3000), (60xx,4000) and the
// odd groups) are scanned after.
const std::unordered_map<std::uint32_t, const ProfileRow*>& exact_rows() {
  static const auto rows = [] {
    std::unordered_map<std::uint32_t, const ProfileRow*> map;
    for (const ProfileRow& row : kProfileRows) {
      if (row.mask == 0xFFFFFFFFu) map.emplace(row.tag, &row);
    }
    return map;
  }();
  return rows;
}

const ProfileRow* find_row(std::uint32_t tag) {
  const auto& exact = exact_rows();
  if (const auto found = exact.find(tag); found != exact.end()) return found->second;
  for (const ProfileRow& row : kProfileRows) {
    if (row.mask != 0xFFFFFFFFu && (tag & row.mask) == row.tag) return &row;
  }
  return nullptr;
}

// One code of the table, combined codes resolved as profile.hpp states.
Action resolve(std::string_view code) {
  if (code.find('U') != std::string_view::npos) return Action::replace_uid;
  if (code.find('D') != std::string_view::npos) return Action::dummy;
  if (code.find('Z') != std::string_view::npos) return Action::zero;
  if (code == "K") return Action::keep;
  if (code == "C") return Action::clean;
  return Action::remove;  // "X", and anything unforeseen: removing is the safe side
}

}  // namespace
}  // namespace detail

Action action_for(std::uint16_t group, std::uint16_t element, const ProfileOptions& options) {
  if (group % 2 == 1) return Action::remove;
  const std::uint32_t tag = static_cast<std::uint32_t>(group) << 16 | element;
  const detail::ProfileRow* row = detail::find_row(tag);
  if (row == nullptr) return Action::keep;
  const std::array<std::pair<bool, std::string_view>, 4> columns = {{
      {options.retain_modified_dates, row->retain_modified_dates},
      {options.retain_patient_characteristics, row->retain_patient_characteristics},
      {options.retain_device_identity, row->retain_device_identity},
      {options.clean_descriptors, row->clean_descriptors},
  }};
  bool clean = false;
  for (const auto& [in_force, code] : columns) {
    if (!in_force || code.empty()) continue;
    if (code == "K") return Action::keep;
    clean = clean || code == "C";
  }
  if (clean) return Action::clean;
  return detail::resolve(row->basic);
}

std::string_view action_code(Action action) {
  switch (action) {
    case Action::keep:
      return "K";
    case Action::remove:
      return "X";
    case Action::zero:
      return "Z";
    case Action::dummy:
      return "D";
    case Action::clean:
      return "C";
    case Action::replace_uid:
      return "U";
  }
  return "?";
}

}  // namespace oncoshare::dicom
