// PostgreSQL's COPY text format: one row per line, tab between columns, \N for NULL, and
// backslash, tab, newline and carriage return escaped inside values.
#pragma once

#include <span>
#include <string>

#include "omop/cdm_writer.hpp"

namespace oncoshare::omop {

// Appends `row` as one line of COPY text to `out`.
void append_copy_row(std::string& out, std::span<const Cell> row);

}  // namespace oncoshare::omop
