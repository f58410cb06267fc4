#include "synth/export_layout.hpp"

#include <stdexcept>

namespace oncoshare::synth {

ExportLayout::ExportLayout(const dictionary::Dictionary& dict) {
  std::vector<std::string> data = dict.export_columns();
  header_.push_back(data.front());
  for (std::string_view c : kRedcapColumns) header_.emplace_back(c);
  header_.insert(header_.end(), data.begin() + 1, data.end());
  for (std::size_t i = 0; i < header_.size(); ++i) index_.emplace(header_[i], i);
}

std::size_t ExportLayout::column(std::string_view name) const {
  auto it = index_.find(std::string(name));
  if (it == index_.end()) throw std::logic_error("synth: no export column " + std::string(name));
  return it->second;
}

}  // namespace oncoshare::synth
