#include "ingest/record.hpp"

namespace oncoshare::ingest {

std::vector<std::string> Layout::unknown_columns() const {
  std::vector<std::string> out;
  for (const Column& c : columns) {
    if (c.kind == ColumnKind::unknown) out.push_back(c.header);
  }
  return out;
}

}  // namespace oncoshare::ingest
