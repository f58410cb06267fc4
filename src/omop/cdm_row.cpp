#include "omop/cdm_row.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace oncoshare::omop {

namespace {

const CdmTable& table_named(std::string_view name) {
  const CdmTable* table = find_cdm_table(name);
  if (table == nullptr) throw std::logic_error(fmt::format("no CDM table '{}'", name));
  return *table;
}

}  // namespace

CdmRow::CdmRow(std::string_view table)
    : table_(&table_named(table)),
      text_(table_->fields.size()),
      set_(table_->fields.size(), false),
      cells_(table_->fields.size()) {}

std::size_t CdmRow::index(std::string_view field) const {
  const int i = table_->field(field);
  if (i < 0) throw std::logic_error(fmt::format("no field '{}' in CDM table '{}'", field, table_->name));
  return static_cast<std::size_t>(i);
}

CdmRow& CdmRow::set(std::string_view field, std::optional<std::string_view> value) {
  const std::size_t i = index(field);
  set_[i] = value.has_value();
  if (value) text_[i].assign(*value);
  return *this;
}

CdmRow& CdmRow::set(std::string_view field, std::int64_t value) {
  const std::size_t i = index(field);
  set_[i] = true;
  text_[i] = fmt::format("{}", value);
  return *this;
}

CdmRow& CdmRow::set(std::string_view field, double value) {
  const std::size_t i = index(field);
  set_[i] = true;
  text_[i] = fmt::format("{}", value);
  return *this;
}

core::Status CdmRow::write_to(CdmWriter& writer) {
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    cells_[i] = set_[i] ? Cell(text_[i]) : Cell();
  }
  core::Status written = writer.add(*table_, cells_);
  std::fill(set_.begin(), set_.end(), false);
  return written;
}

}  // namespace oncoshare::omop
