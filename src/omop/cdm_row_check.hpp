// The one check every writer runs on a row before storing it, so that SQLite (which stores
// anything) and PostgreSQL (which would quote a bad value in its message) refuse the same rows
// with the same messages, naming table and field but never the value.
#pragma once

#include <span>

#include "core/result.hpp"
#include "omop/cdm_schema.hpp"
#include "omop/cdm_writer.hpp"

namespace oncoshare::omop {

// Ok if `row` has one cell per field of `table`, a value for every required field, and each
// value in its field's form: decimal integers (64-bit), decimal numbers, `YYYY-MM-DD` dates,
// `YYYY-MM-DD HH:MM:SS` datetimes, text of at most varchar(n) characters in valid UTF-8.
[[nodiscard]] core::Status check_cdm_row(const CdmTable& table, std::span<const Cell> row);

}  // namespace oncoshare::omop
