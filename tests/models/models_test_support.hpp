// Shared helpers for the models tests: per-site study tables (synthetic cohort, or a CSV
// that R wrote from one of its datasets, split by a column), the pooled CSV R reads, and
// R's glm as the oracle.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "analytics/test_support.hpp"
#include "process_scratch.hpp"
#include "dictionary/choices.hpp"
#include "models/models.hpp"

namespace oncoshare::models::test {

using analytics::StudyColumn;
using analytics::StudyTable;
using analytics::ValueType;

// A clean synthetic cohort with `sites` sites (900 patients, seed 7), once per process.
inline const std::string& synth_dir(std::uint64_t sites) {
  static std::map<std::uint64_t, std::string> dirs;
  auto it = dirs.find(sites);
  if (it != dirs.end()) return it->second;
  synth::SynthOptions o;
  o.sites = sites;
  o.patients = 900;
  o.seed = 7;
  o.defect_rate = 0;
  o.show_progress = false;
  o.out = testing_support::process_scratch(fmt::format("models_cohort_{}", sites));
  auto summary = synth::generate(o);
  EXPECT_TRUE(summary.has_value()) << summary.error().to_string();
  return dirs.emplace(sites, o.out).first->second;
}

// One study table per site file of the cohort.
inline std::vector<StudyTable> synth_sites(std::uint64_t sites) {
  const std::string dir = synth_dir(sites);
  auto dict = dictionary::read_redcap_dictionary(dir + "/dictionary.csv");
  EXPECT_TRUE(dict.has_value());
  std::vector<StudyTable> out;
  for (std::uint64_t k = 1; k <= sites; ++k) {
    auto t = analytics::load_study_table({fmt::format("{}/site_{}.csv", dir, k)}, *dict);
    EXPECT_TRUE(t.has_value()) << t.error().to_string();
    out.push_back(t ? std::move(*t) : StudyTable{});
  }
  return out;
}

inline std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '"' && c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

// Writes R dataset `dataset` (package survival) to CSV: no quotes, NA as empty, factors
// as their labels. Returns the path.
inline std::string r_dataset_csv(const std::string& dataset) {
  const std::string path = analytics::test::temp_path(dataset + ".csv");
  int status = 0;
  const std::string out = analytics::test::run_r(
      "suppressMessages(library(survival)); a <- commandArgs(TRUE); d <- get(a[1]);"
      "write.csv(d, a[2], row.names = FALSE, quote = FALSE, na = '')",
      dataset + " " + path, status);
  EXPECT_EQ(status, 0) << out;
  return path;
}

// Loads `csv` (as written by r_dataset_csv) into one StudyTable per value of `split`
// (missing values form their own site, so no row is lost). Columns in `factors` are
// categorical with the given levels (codes = labels); columns in `yes_no` are REDCap
// yesno fields and columns in `true_false` REDCap truefalse fields, both holding 1/0 (which
// R reads as numbers); every other column is numeric.
inline std::vector<StudyTable> csv_sites(const std::string& csv, const std::string& split,
                                         const std::map<std::string, std::vector<std::string>>& factors,
                                         const std::set<std::string>& yes_no = {},
                                         const std::set<std::string>& true_false = {}) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  const auto header = split_line(line);
  const auto split_at = static_cast<std::size_t>(std::find(header.begin(), header.end(), split) - header.begin());
  EXPECT_LT(split_at, header.size()) << split;
  std::map<std::string, StudyTable> by_site;
  std::size_t row = 0;
  while (std::getline(in, line)) {
    const auto cells = split_line(line);
    EXPECT_EQ(cells.size(), header.size()) << line;
    StudyTable& t = by_site[cells[split_at]];
    if (t.columns.empty()) {
      for (const auto& name : header) {
        StudyColumn c;
        c.name = name;
        if (auto f = factors.find(name); f != factors.end()) {
          c.type = ValueType::categorical;
          for (const auto& level : f->second) c.choices.push_back({level, level, {}});
        } else if (yes_no.contains(name) || true_false.contains(name)) {
          c.type = ValueType::categorical;
          c.field_type = yes_no.contains(name) ? dictionary::FieldType::yesno : dictionary::FieldType::truefalse;
          c.choices = dictionary::implicit_choices(*c.field_type);
        } else {
          c.type = ValueType::numeric;
        }
        t.columns.push_back(std::move(c));
      }
    }
    t.record_ids.push_back(std::to_string(++row));
    t.sites.push_back(cells[split_at]);
    for (std::size_t j = 0; j < header.size(); ++j) {
      StudyColumn& c = t.columns[j];
      if (c.type == ValueType::categorical) {
        c.levels.push_back(cells[j].empty() ? -1 : c.level_of(cells[j]));
        EXPECT_TRUE(cells[j].empty() || c.levels.back() >= 0) << c.name << " " << cells[j];
      } else {
        c.numbers.push_back(cells[j].empty() || cells[j] == "NA" ? std::nan("") : std::stod(cells[j]));
      }
    }
  }
  std::vector<StudyTable> out;
  for (auto& [name, table] : by_site) out.push_back(std::move(table));
  return out;
}

// The rows of `tables` as one CSV for R: the given variables, categorical as codes,
// missing as empty. `filter` selects rows as in designs().
inline std::string pooled_csv(const std::vector<StudyTable>& tables, const std::vector<std::string>& variables,
                              const std::string& name, const std::string& filter = "") {
  std::string text = fmt::format("{}\n", fmt::join(variables, ","));
  for (const auto& t : tables) {
    auto keep = analytics::compile_filter(filter, t);
    EXPECT_TRUE(keep.has_value());
    for (std::size_t row = 0; row < t.rows(); ++row) {
      if (keep && !keep->keep(row)) continue;
      std::vector<std::string> cells;
      for (const auto& v : variables) {
        const StudyColumn* c = t.find(v);
        if (c == nullptr || c->is_missing(row)) {
          cells.emplace_back();
        } else if (c->type == ValueType::categorical) {
          cells.push_back(c->choices[static_cast<std::size_t>(c->levels[row])].code);
        } else {
          cells.push_back(fmt::format("{:.17g}", c->numbers[row]));
        }
      }
      text += fmt::format("{}\n", fmt::join(cells, ","));
    }
  }
  const std::string path = analytics::test::temp_path(name + ".csv");
  analytics::test::write_file(path, text);
  return path;
}

// Builds one design per table; fails the test on an error.
inline std::vector<Design> designs(const std::vector<StudyTable>& tables, const std::string& formula,
                                   const std::string& filter = "") {
  auto terms = parse_formula(formula);
  EXPECT_TRUE(terms.has_value()) << terms.error().to_string();
  std::vector<Design> out;
  for (const auto& t : tables) {
    auto f = analytics::compile_filter(filter, t);
    EXPECT_TRUE(f.has_value()) << f.error().to_string();
    auto d = build_design(t, *terms, &*f);
    EXPECT_TRUE(d.has_value()) << d.error().to_string();
    out.push_back(d ? std::move(*d) : Design{});
  }
  return out;
}

// R reads relevel() inside a formula as a term of its own (coefficient
// 'relevel(g, "3")1'), so the oracles relevel the data instead, as R users do
// (d$g <- relevel(factor(d$g), ref = "3"): dummies g1, g2, as ours). The formula without
// relevel() and the "g=3;h=2" (or "-") the oracle scripts take.
struct RFormula {
  std::string formula, relevels = "-";
};

inline RFormula r_formula(const std::string& formula) {
  static const std::regex relevel(R"re(relevel\(\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*,\s*(ref\s*=\s*)?["']([^"']+)["']\s*\))re");
  RFormula out;
  std::vector<std::string> pairs;
  for (std::sregex_iterator it(formula.begin(), formula.end(), relevel), end; it != end; ++it) {
    pairs.push_back((*it)[1].str() + "=" + (*it)[3].str());
  }
  out.formula = std::regex_replace(formula, relevel, "$1");
  if (!pairs.empty()) out.relevels = fmt::format("{}", fmt::join(pairs, ";"));
  return out;
}

// R's glm on `csv` with `formula` / `family`; factor columns get the given levels (in
// order, first = reference), then the relevels of r_formula(). Output lines: COEF name est se stat p; CI name lo hi;
// FIT deviance null_deviance aic df_residual df_null dispersion iter n_omitted.
constexpr const char* kGlmOracle = R"R(
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = "character")
levels_of <- if (a[4] == "-") list() else lapply(strsplit(strsplit(a[4], ";")[[1]], "="), function(p) p)
factors <- sapply(levels_of, `[`, 1)
for (v in names(d)) {
  if (v %in% factors) {
    p <- levels_of[[which(factors == v)]]
    d[[v]] <- factor(ifelse(d[[v]] == "", NA, d[[v]]), levels = strsplit(p[2], ",")[[1]])
  } else d[[v]] <- as.numeric(ifelse(d[[v]] == "", NA, d[[v]]))
}
for (p in if (a[5] == "-") list() else strsplit(strsplit(a[5], ";")[[1]], "=")) {
  d[[p[1]]] <- relevel(if (is.factor(d[[p[1]]])) d[[p[1]]] else factor(d[[p[1]]]), ref = p[2])
}
fit <- glm(as.formula(a[2]), family = a[3], data = d, control = glm.control(epsilon = 1e-8, maxit = 25))
s <- summary(fit)
co <- coef(s)
for (i in seq_len(nrow(co))) cat(sprintf("COEF %s %.17g %.17g %.17g %.17g\n", rownames(co)[i], co[i, 1], co[i, 2], co[i, 3], co[i, 4]))
ci <- confint.default(fit)
for (i in seq_len(nrow(ci))) cat(sprintf("CI %s %.17g %.17g\n", rownames(ci)[i], ci[i, 1], ci[i, 2]))
cat(sprintf("FIT %.17g %.17g %.17g %d %d %.17g %d %d\n", fit$deviance, fit$null.deviance, fit$aic,
  fit$df.residual, fit$df.null, s$dispersion, fit$iter, length(fit$na.action)))
)R";

// Largest differences seen against R over a test, reported at the end.
struct Agreement {
  double coefficient = 0, std_error = 0, other = 0;
};

// |ours - r| <= tol * max(1, |r|): absolute below 1, relative above.
inline ::testing::AssertionResult near(double ours, double r, double tol, double& worst) {
  const double diff = std::fabs(ours - r);
  const double scaled = diff / std::max(1.0, std::fabs(r));
  if (std::isnan(ours) && std::isnan(r)) return ::testing::AssertionSuccess();
  worst = std::max(worst, scaled);
  if (scaled <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "ours " << fmt::format("{:.17g}", ours) << " vs R "
                                       << fmt::format("{:.17g}", r);
}

// Fits `formula` over `sites` and compares everything summary(glm) prints with R on the
// pooled `csv`. `factors` as for kGlmOracle ("stage_group=1,2,3,4;sex=1,2" or "-"); a
// relevel() in `formula` is applied to the data on the R side (r_formula()).
inline GlmResult compare_with_r(const std::vector<Design>& sites, const std::string& csv, const std::string& formula,
                                Family family, const std::string& factors, Agreement& worst,
                                double tol = 1e-8) {
  GlmOptions options;
  options.family = family;
  auto fit = fit_glm(sites, options);
  EXPECT_TRUE(fit.has_value()) << fit.error().to_string();
  if (!fit) return {};
  int status = 0;
  const RFormula in_r = r_formula(formula);
  const std::string r = analytics::test::run_r(
      kGlmOracle, fmt::format("{} '{}' {} '{}' '{}'", csv, in_r.formula, to_string(family), factors, in_r.relevels),
      status);
  EXPECT_EQ(status, 0) << r;
  const auto coefs = analytics::test::tagged(r, "COEF");
  const auto cis = analytics::test::tagged(r, "CI");
  const auto fits = analytics::test::tagged(r, "FIT");
  EXPECT_EQ(coefs.size(), fit->coefficients.size()) << r;
  EXPECT_EQ(fits.size(), 1u) << r;
  if (coefs.size() != fit->coefficients.size() || fits.size() != 1) return *fit;
  for (std::size_t j = 0; j < coefs.size(); ++j) {
    const GlmCoefficient& c = fit->coefficients[j];
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.name, coefs[j][0]);
    EXPECT_TRUE(near(c.estimate, std::stod(coefs[j][1]), tol, worst.coefficient));
    EXPECT_TRUE(near(c.std_error, std::stod(coefs[j][2]), tol, worst.std_error));
    EXPECT_TRUE(near(c.statistic, std::stod(coefs[j][3]), tol, worst.other));
    EXPECT_TRUE(near(c.p_value, std::stod(coefs[j][4]), tol, worst.other));
    EXPECT_TRUE(near(c.lower, std::stod(cis[j][1]), tol, worst.other));
    EXPECT_TRUE(near(c.upper, std::stod(cis[j][2]), tol, worst.other));
  }
  const auto& f = fits[0];
  EXPECT_TRUE(near(fit->deviance, std::stod(f[0]), tol, worst.other)) << "deviance";
  EXPECT_TRUE(near(fit->null_deviance, std::stod(f[1]), tol, worst.other)) << "null deviance";
  EXPECT_TRUE(near(fit->aic, std::stod(f[2]), tol, worst.other)) << "AIC";
  EXPECT_EQ(fit->df_residual, std::stod(f[3]));
  EXPECT_EQ(fit->df_null, std::stod(f[4]));
  EXPECT_TRUE(near(fit->dispersion, std::stod(f[5]), tol, worst.other)) << "dispersion";
  EXPECT_EQ(fit->iterations, std::stoul(f[6])) << "Fisher scoring iterations";
  EXPECT_EQ(fit->excluded, std::stoul(f[7])) << "rows R dropped for NA";
  return *fit;
}

}  // namespace oncoshare::models::test
