// The report of a data-quality run: omop-checks.json, shaped like the Data Quality
// Dashboard's results file (Overview, CheckResults), and omop-checks.html, a
// self-contained page in the frame of quality.html.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "omop/dq_checks.hpp"

namespace oncoshare::omop {

// Where the checks ran, for the report's metadata (the URL's password already masked).
struct DqReportContext {
  std::string database;
  std::string schema;  // "" for SQLite
};

// The Dashboard's checkId: "<checkname>_<table>[_<field>]", lower case.
[[nodiscard]] std::string dq_check_id(const DqCheckResult& result);

[[nodiscard]] nlohmann::json dq_report_json(const DqReport& report, const DqReportContext& context);
[[nodiscard]] std::string dq_report_html(const DqReport& report, const DqReportContext& context);

}  // namespace oncoshare::omop
