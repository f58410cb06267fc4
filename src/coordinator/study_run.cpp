#include "coordinator/study_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace oncoshare::coordinator {

core::Result<analytics::SurvivalCounts> survival_counts_of(const PooledAnswer& answer) {
  analytics::SurvivalCounts counts;
  const auto& shape = answer.shape;
  if (!shape.contains("grid") || !shape.contains("groups") || !shape.contains("group_labels")) {
    return core::fail(core::bad_input("the nodes' Kaplan-Meier answer lacks grid, groups or group_labels"));
  }
  counts.grid = shape["grid"].get<std::vector<double>>();
  counts.groups = shape["groups"].get<std::vector<std::string>>();
  counts.group_labels = shape["group_labels"].get<std::vector<std::string>>();
  ONCOSHARE_TRY(counts.assign(answer.cells));
  if (!answer.noise.is_null()) counts.make_consistent();
  return counts;
}

namespace {

core::Result<StudyResult> run_queries(const StudySpec& study, const std::function<void(const std::string&)>& progress) {
  auto session = open_session(study);
  if (!session) return core::fail(session.error());
  StudyResult result;
  result.title = study.title;
  result.dataset = study.dataset;
  result.mode = study.mode;
  for (const auto& c : session->clients) result.nodes.push_back(c.node().name);
  result.unreachable = session->unreachable;
  result.dataset_catalog = session->dataset;

  // Built before the first encrypted count or curve: about a second of point additions that a
  // plaintext study, or one of models only, never needs.
  std::optional<secure::DlogTable> table;
  for (const auto& query : study.queries) {
    if (progress) progress(query.name);
    if (query.type == "glm" || query.type == "cox") {
      auto model = run_model(*session, study, query);
      if (!model) {
        core::Error error = model.error();
        error.message = fmt::format("query '{}': {}", query.name, error.message);
        return core::fail(error);
      }
      QueryResult item;
      item.answer.query = query;
      item.answer.contributors = model->sites;
      item.answer.failures = model->dropped;
      item.model = std::move(*model);
      result.queries.push_back(std::move(item));
      continue;
    }
    if (study.mode == QueryMode::encrypted && !table) {
      auto built = secure::DlogTable::create();
      if (!built) return core::fail(built.error());
      table = std::move(*built);
    }
    auto answer = run_query(*session, study, query, table ? &*table : nullptr);
    if (!answer) {
      core::Error error = answer.error();
      error.message = fmt::format("query '{}': {}", query.name, error.message);
      return core::fail(error);
    }
    QueryResult item;
    item.answer = std::move(*answer);
    if (query.type == "km") {
      const auto hidden = std::count(item.answer.withheld.begin(), item.answer.withheld.end(), true);
      if (hidden > 0) {
        return core::fail(failed(fmt::format(
            "query '{}': the nodes withheld {} Kaplan-Meier cell(s) below their minimum cell size, and a survival "
            "curve needs every cell: run it with mode = \"encrypted\" (only the pooled sums are decrypted)",
            query.name, hidden)));
      }
      auto counts = survival_counts_of(item.answer);
      if (!counts) return core::fail(counts.error());
      auto km = analytics::kaplan_meier(*counts);
      if (!km) return core::fail(km.error());
      item.km = std::move(*km);
      if (counts->groups.size() > 1) {
        auto test = analytics::log_rank(*counts);
        if (test) item.log_rank = std::move(*test);
      }
    }
    result.queries.push_back(std::move(item));
  }
  return result;
}

}  // namespace

core::Result<StudyResult> run_study(const StudySpec& study, const std::function<void(const std::string&)>& progress) {
  try {
    return run_queries(study, progress);
  } catch (const nlohmann::json::exception& e) {
    // A node's answer with a field of an unexpected type: refuse the answer, never crash.
    return core::fail(core::Error{core::ErrorCode::check_failed,
                                  fmt::format("a node answered with a malformed message: {}", e.what()), {}});
  }
}

}  // namespace oncoshare::coordinator
