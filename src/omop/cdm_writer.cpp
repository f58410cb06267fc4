#include "omop/cdm_writer.hpp"

#include "omop/postgres_cdm_writer.hpp"
#include "omop/sqlite_cdm_writer.hpp"

namespace oncoshare::omop {

core::Result<std::unique_ptr<CdmWriter>> CdmWriter::open(const DatabaseUrl& url,
                                                         const std::string& schema) {
  return url.kind == DatabaseKind::sqlite ? open_sqlite_cdm_writer(url)
                                          : open_postgres_cdm_writer(url, schema);
}

}  // namespace oncoshare::omop
