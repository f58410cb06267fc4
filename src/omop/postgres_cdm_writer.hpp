// The PostgreSQL CdmWriter: a fresh load schema filled with COPY, renamed to the target
// schema in one transaction at commit.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "omop/cdm_writer.hpp"

namespace oncoshare::omop {

[[nodiscard]] core::Result<std::unique_ptr<CdmWriter>> open_postgres_cdm_writer(
    const DatabaseUrl& url, const std::string& schema);

}  // namespace oncoshare::omop
