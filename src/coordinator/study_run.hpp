// Runs every query of a study against the federation and derives what the researcher
// reads: pooled counts, and for survival queries the Kaplan-Meier curves (Greenwood
// intervals) and the log-rank test, computed from the pooled counts only.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "analytics/kaplan_meier.hpp"
#include "analytics/log_rank.hpp"
#include "analytics/survival_counts.hpp"
#include "coordinator/federated_query.hpp"
#include "coordinator/model_fit.hpp"

namespace oncoshare::coordinator {

struct QueryResult {
  PooledAnswer answer;
  std::optional<analytics::KmResult> km;            // km queries
  std::optional<analytics::LogRankResult> log_rank;  // km queries with two or more groups
  std::optional<ModelOutcome> model;                 // glm and cox queries
};

struct StudyResult {
  std::string title, dataset;
  QueryMode mode = QueryMode::encrypted;
  std::vector<std::string> nodes;        // nodes that answered the catalog
  std::vector<NodeFailure> unreachable;  // nodes that did not
  nlohmann::json dataset_catalog;        // for labels
  std::vector<QueryResult> queries;
};

// The pooled survival counts of a km answer (grid and groups from its shape).
[[nodiscard]] core::Result<analytics::SurvivalCounts> survival_counts_of(const PooledAnswer& answer);

// Opens the session and runs the queries in order; `progress` (may be empty) is told the
// name of each query as it starts. The first failing query stops the study with its error.
[[nodiscard]] core::Result<StudyResult> run_study(const StudySpec& study,
                                                  const std::function<void(const std::string&)>& progress = {});

}  // namespace oncoshare::coordinator
