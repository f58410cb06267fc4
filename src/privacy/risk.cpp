#include "privacy/risk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>

#include "core/csv_reader.hpp"

namespace oncoshare::privacy {

namespace {

struct ClassStats {
  std::uint64_t size = 0;
  std::set<std::string> sensitive;
};

std::string show_class(const std::vector<std::string>& key) {
  return fmt::format("({})", fmt::join(key, ", "));
}

}  // namespace

core::Result<RiskReport> assess_risk(const QuasiTable& table, const RiskOptions& options) {
  std::map<std::vector<std::string>, ClassStats> classes;
  for (const QuasiRecord& record : table.records) {
    ClassStats& stats = classes[record.values];
    ++stats.size;
    if (!table.sensitive.empty()) stats.sensitive.insert(record.sensitive);
  }
  RiskReport report;
  report.records = table.records.size();
  report.classes = classes.size();
  report.threshold = options.threshold;
  report.population = "sample";
  if (options.population_table) report.population = "table";
  if (options.population_size) {
    if (*options.population_size < report.records) {
      return core::bad_input(fmt::format("--population {} is smaller than the sample ({} records)",
                                         *options.population_size, report.records));
    }
    report.population = fmt::format("size {}", *options.population_size);
  }
  if (report.records == 0) return report;

  const double n = static_cast<double>(report.records);
  double min_size = std::numeric_limits<double>::infinity();
  double min_population = std::numeric_limits<double>::infinity();
  double prosecutor_at_risk = 0, journalist_at_risk = 0;
  double population_total = 0, sample_over_population = 0;
  std::uint64_t l = std::numeric_limits<std::uint64_t>::max();
  for (const auto& [key, stats] : classes) {
    const double f = static_cast<double>(stats.size);
    double big_f = f;  // the class's size in the population
    if (options.population_table) {
      const auto it = options.population_table->find(key);
      if (it == options.population_table->end() || it->second < stats.size) {
        return core::bad_input(fmt::format(
            "population table {} class {} ({} records in the sample)",
            it == options.population_table->end() ? "lacks" : "has fewer records for",
            show_class(key), stats.size));
      }
      big_f = static_cast<double>(it->second);
    } else if (options.population_size) {
      big_f = f * static_cast<double>(*options.population_size) / n;
    }
    ++report.class_sizes[stats.size];
    report.k = report.k == 0 ? stats.size : std::min(report.k, stats.size);
    l = std::min<std::uint64_t>(l, stats.sensitive.size());
    min_size = std::min(min_size, f);
    min_population = std::min(min_population, big_f);
    if (1.0 / f > options.threshold) prosecutor_at_risk += f;
    if (1.0 / big_f > options.threshold) journalist_at_risk += f;
    population_total += big_f;
    sample_over_population += f / big_f;
  }
  const double class_count = static_cast<double>(report.classes);
  if (!table.sensitive.empty()) report.l = l;
  report.prosecutor = {prosecutor_at_risk / n, 1.0 / min_size, class_count / n};
  report.journalist = {journalist_at_risk / n, 1.0 / min_population,
                       std::max(class_count / population_total, sample_over_population / n)};
  report.marketer = sample_over_population / n;
  return report;
}

core::Result<PopulationTable> read_population_table(const std::string& path,
                                                    const std::vector<std::string>& quasi) {
  core::Result<core::CsvReader> csv = core::CsvReader::open(path);
  if (!csv) return core::fail(csv.error());
  core::CsvRow row;
  core::ReadStatus status = csv->next(row);
  if (status == core::ReadStatus::error) return core::fail(csv->error());
  if (status == core::ReadStatus::end) return core::bad_input("empty population table", {path});
  std::vector<std::size_t> columns;
  for (const std::string& name : quasi) {
    const auto it = std::find(row.fields.begin(), row.fields.end(), name);
    if (it == row.fields.end()) {
      return core::bad_input(fmt::format("population table has no column '{}'", name), {path, 1});
    }
    columns.push_back(static_cast<std::size_t>(it - row.fields.begin()));
  }
  const auto count_it = std::find(row.fields.begin(), row.fields.end(), "count");
  if (count_it == row.fields.end()) {
    return core::bad_input("population table has no column 'count'", {path, 1});
  }
  const auto count_column = static_cast<std::size_t>(count_it - row.fields.begin());
  PopulationTable table;
  while ((status = csv->next(row)) == core::ReadStatus::ok) {
    const std::string& text = row.fields[count_column];
    std::uint64_t count = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec != std::errc() || end != text.data() + text.size() || count == 0) {
      return core::bad_input(fmt::format("count '{}' is not a positive integer", text),
                             {path, row.line, 0, "count"});
    }
    std::vector<std::string> key;
    for (std::size_t c : columns) key.push_back(row.fields[c]);
    if (!table.emplace(key, count).second) {
      return core::bad_input(fmt::format("class {} is listed twice", show_class(key)),
                             {path, row.line});
    }
  }
  if (status == core::ReadStatus::error) return core::fail(csv->error());
  return table;
}

nlohmann::ordered_json risk_to_json(const RiskReport& report, const QuasiTable& table) {
  nlohmann::ordered_json sizes = nlohmann::ordered_json::array();
  for (const auto& [size, count] : report.class_sizes) {
    sizes.push_back({{"size", size}, {"classes", count}, {"records", size * count}});
  }
  auto summary = [](const RiskSummary& s) {
    return nlohmann::ordered_json{{"records_at_risk", s.records_at_risk},
                                  {"highest_risk", s.highest_risk},
                                  {"average_risk", s.average_risk}};
  };
  nlohmann::ordered_json out;
  out["quasi_identifiers"] = table.quasi;
  out["sensitive"] =
      table.sensitive.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(table.sensitive);
  out["records"] = report.records;
  out["classes"] = report.classes;
  out["k"] = report.k;
  out["l"] = report.l ? nlohmann::ordered_json(*report.l) : nlohmann::ordered_json();
  out["class_sizes"] = sizes;
  out["threshold"] = report.threshold;
  out["population"] = report.population;
  out["prosecutor"] = summary(report.prosecutor);
  out["journalist"] = summary(report.journalist);
  out["marketer"] = {{"average_risk", report.marketer}};
  return out;
}

std::string risk_to_text(const RiskReport& report, const QuasiTable& table) {
  std::string out;
  out += fmt::format("quasi-identifiers: {}\n", fmt::join(table.quasi, ", "));
  out += fmt::format("records: {}   equivalence classes: {}   k-anonymity: k = {}\n",
                     report.records, report.classes, report.k);
  if (report.l) {
    out += fmt::format("l-diversity ({}): distinct l = {}\n", table.sensitive, *report.l);
  }
  out += "class size   classes   records\n";
  for (const auto& [size, count] : report.class_sizes) {
    out += fmt::format("{:>10}   {:>7}   {:>7}\n", size, count, size * count);
  }
  out += fmt::format("risk (threshold {}, population: {})\n", report.threshold,
                     report.population);
  out += "model        records at risk   highest risk   average risk\n";
  auto line = [&out](std::string_view model, const RiskSummary& s) {
    out += fmt::format("{:<12} {:>15.2f}%   {:>11.2f}%   {:>11.2f}%\n", model,
                       100 * s.records_at_risk, 100 * s.highest_risk, 100 * s.average_risk);
  };
  line("prosecutor", report.prosecutor);
  line("journalist", report.journalist);
  out += fmt::format("{:<12} {:>15}    {:>11}    {:>11.2f}%\n", "marketer", "-", "-",
                     100 * report.marketer);
  return out;
}

}  // namespace oncoshare::privacy
