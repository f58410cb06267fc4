// The SQLite CdmWriter: one transaction in a temporary file beside the target, linked into
// place at commit (never over a file that exists).
#pragma once

#include <memory>

#include "core/result.hpp"
#include "omop/cdm_writer.hpp"

namespace oncoshare::omop {

[[nodiscard]] core::Result<std::unique_ptr<CdmWriter>> open_sqlite_cdm_writer(
    const DatabaseUrl& url);

}  // namespace oncoshare::omop
