// A study report checked by anyone holding the federation's CA certificate, without trusting
// the researcher who ran the study: every contribution's certificate chains to the CA and is
// the node certificate of the node it names, every statement is signed by it and is about
// the report's query, dataset and collective key, the ciphertexts are the signed ones, the
// opening (decryption shares with their proofs, or key-switch shares and the one-off key)
// verifies, and every number shown is the opened value (or a cell withheld by the
// minimum-cell rule). `oncoshare study verify REPORT.json --ca ca.crt` runs it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/result.hpp"
#include "secure/dlog_table.hpp"

namespace oncoshare::coordinator {

struct ReportCheck {
  std::size_t queries_verified = 0;   // queries whose every number follows from signed material
  std::size_t statements = 0;         // signed statements checked
  std::vector<std::string> unverifiable;  // queries that carry no evidence, and why (e.g. plaintext mode)
  std::vector<std::string> problems;      // what does not hold, each naming the query and the node or cell

  [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Checks a report as `study run --format json` writes it. `ca_pem` is the federation CA.
[[nodiscard]] ReportCheck verify_report(const nlohmann::json& report, const std::string& ca_pem,
                                        const secure::DlogTable& table);

// The same with the CA read from `ca_file` and a fresh discrete-log table; errors only when
// the CA file cannot be read (the report's faults are in the ReportCheck).
[[nodiscard]] core::Result<ReportCheck> verify_report_against(const nlohmann::json& report, const std::string& ca_file);

// The outcome in one line per query, for the text and HTML renderings.
[[nodiscard]] std::string report_check_text(const ReportCheck& check);

}  // namespace oncoshare::coordinator
