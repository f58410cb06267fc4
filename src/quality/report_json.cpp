#include <fmt/format.h>

#include "dictionary/redcap_dictionary_writer.hpp"
#include "quality/quality.hpp"

namespace oncoshare::quality {

namespace {

using nlohmann::json;

json failure_json(const Failure& f) {
  return json{{"site", f.site}, {"record_id", f.record_id}, {"event", f.event},
              {"repeat_instrument", f.repeat_instrument}, {"repeat_instance", f.repeat_instance},
              {"file", f.file}, {"line", f.line}, {"column", f.column}, {"value", f.value},
              {"message", f.message}};
}

json tally_scores(const std::vector<std::pair<std::string, Tally>>& groups, const FamilyValues& weights) {
  json out = json::object();
  for (const auto& [name, tally] : groups) {
    if (!tally.empty()) out[name] = round2(overall_score(tally, weights));
  }
  return out;
}

json score_table(const QualityReport& r) {
  json rows = json::array();
  std::uint64_t fail = 0, pass = 0;
  double weight = 0;
  for (const ScoreRow& row : score_rows(r.overall, r.weights)) {
    const FamilyInfo& f = info(row.family);
    rows.push_back(json{{"family", f.name}, {"category", f.kahn.category}, {"label", f.label},
                        {"fail", row.fail}, {"pass", row.pass}, {"total", row.fail + row.pass},
                        {"weight", row.weight}, {"score", round2(row.score)}});
    fail += row.fail;
    pass += row.pass;
    weight += row.weight;
  }
  rows.push_back(json{{"family", "total"}, {"fail", fail}, {"pass", pass}, {"total", fail + pass},
                      {"weight", weight}, {"score", round2(r.score() * (weight == 0 ? 1 : weight / 100.0))}});
  return rows;
}

}  // namespace

json to_json(const QualityReport& r, const ReportInputs& inputs, std::optional<double> fail_under) {
  json checks = json::array();
  std::uint64_t failed_checks = 0;
  for (const CheckResult& c : r.checks) {
    const FamilyInfo& f = info(c.family);
    json failures = json::array();
    for (const Failure& x : c.failures) failures.push_back(failure_json(x));
    const std::string status = c.status();
    failed_checks += status == "fail";
    checks.push_back(json{
        {"id", c.id}, {"family", f.name},
        {"kahn", {{"context", f.kahn.context}, {"category", f.kahn.category}, {"subcategory", f.kahn.subcategory}}},
        {"severity", c.severity}, {"description", c.description}, {"rule", c.rule},
        {"variable", c.variable}, {"form", c.form}, {"evaluated", c.evaluated}, {"failed", c.failed},
        {"rate", c.evaluated == 0 ? 0.0 : static_cast<double>(c.failed) / static_cast<double>(c.evaluated)},
        {"threshold", c.threshold}, {"status", status}, {"failures", std::move(failures)},
        {"failures_truncated", c.failed > c.failures.size()}});
  }
  json not_checkable = json::array();
  for (const NotCheckable& n : r.not_checkable) {
    not_checkable.push_back(json{{"file", n.file}, {"line", n.line}, {"column", n.column}, {"field", n.field},
                                 {"logic", n.logic}, {"reason", n.reason}});
  }
  const double score = round2(r.score());
  json worst = json::array();
  for (const RecordScore& w : r.worst_records) {
    worst.push_back(json{{"site", w.site}, {"record_id", w.record_id}, {"score", round2(w.score)},
                         {"failed_checks", w.failed_checks}});
  }
  json weights = json::object();
  for (const FamilyInfo& f : families()) weights[std::string(f.name)] = r.weights[static_cast<std::size_t>(f.family)];
  json records{{"count", r.records},
               {"min", round2(r.record_score_min)},
               {"mean", r.records == 0 ? 100.0 : round2(r.record_score_sum / static_cast<double>(r.records))},
               {"min_score", r.min_score ? json(*r.min_score) : json(nullptr)},
               {"below_min_score", r.records_below_min_score}};
  return json{
      {"schema", "oncoshare-quality/1"},
      {"inputs", {{"dictionary", inputs.dictionary}, {"mapping", inputs.mapping}, {"data", inputs.data},
                  {"rules", inputs.rules}}},
      {"summary", {{"rows", r.rows}, {"records", r.records}, {"cells_checked", r.cells_checked},
                   {"checks", r.checks.size()}, {"checks_failed", failed_checks}, {"failures", r.failures},
                   {"not_checkable", r.not_checkable.size()},
                   {"score", score}, {"fail_under", fail_under ? json(*fail_under) : json(nullptr)},
                   {"status", fail_under && r.score() < *fail_under ? "fail" : "pass"}}},
      {"weights", weights},
      {"score_table", score_table(r)},
      {"scores", {{"by_form", tally_scores(r.by_form, r.weights)},
                  {"by_site", tally_scores(r.by_site, r.weights)},
                  {"records", records}}},
      {"checks", std::move(checks)},
      {"not_checkable", std::move(not_checkable)},
      {"worst_records", std::move(worst)}};
}

std::string failures_csv_header() {
  return "check_id,family,severity,site,record_id,event,repeat_instrument,repeat_instance,file,line,column,"
         "value,message\n";
}

void append_failure_csv(const Failure& f, std::string& out) {
  using dictionary::redcap_csv_cell;
  out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", redcap_csv_cell(f.check_id),
                     info(f.family).name, f.severity, redcap_csv_cell(f.site), redcap_csv_cell(f.record_id),
                     redcap_csv_cell(f.event), redcap_csv_cell(f.repeat_instrument),
                     f.repeat_instance == 0 ? std::string() : std::to_string(f.repeat_instance),
                     redcap_csv_cell(f.file), f.line, redcap_csv_cell(f.column), redcap_csv_cell(f.value),
                     redcap_csv_cell(f.message));
}

}  // namespace oncoshare::quality
