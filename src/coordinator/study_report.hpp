// Renderings of a study's results: a plain-text table per query for the terminal, JSON for
// programs, and a self-contained HTML page with the Kaplan-Meier plots. Every rendering
// says which nodes contributed, how the aggregate was opened, and which nodes failed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "coordinator/report_verify.hpp"
#include "coordinator/study_run.hpp"

namespace oncoshare::coordinator {

[[nodiscard]] std::string study_text(const StudyResult& result);
[[nodiscard]] nlohmann::json study_json(const StudyResult& result);
// `check` (may be null): the report's verification (report_verify.hpp), shown at the top.
[[nodiscard]] std::string study_html(const StudyResult& result, const ReportCheck* check = nullptr);

// The cell as shown: the number, or "<k" when withheld by the small-cell rule.
[[nodiscard]] std::string cell_text(const PooledAnswer& answer, std::size_t index);

}  // namespace oncoshare::coordinator
