#include "omop/copy_text.hpp"

namespace oncoshare::omop {

void append_copy_row(std::string& out, std::span<const Cell> row) {
  bool first = true;
  for (const Cell& cell : row) {
    if (!first) out += '\t';
    first = false;
    if (!cell) {
      out += "\\N";
      continue;
    }
    for (const char c : *cell) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += c;
      }
    }
  }
  out += '\n';
}

}  // namespace oncoshare::omop
