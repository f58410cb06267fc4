#include "quality/html_report.hpp"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace oncoshare::quality {
namespace {

using nlohmann::json;

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

// The element opened by `<tag ... id="id"` up to its matching close (no nesting of the
// same tag inside, which holds for the svg, tr and tbody elements looked at here).
std::string element(const std::string& html, const std::string& tag, const std::string& id) {
  const auto start = html.find("<" + tag + " " + (tag == "svg" ? "class=\"chart\" " : "") + "id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  const auto end = html.find("</" + tag + ">", start);
  return html.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

json failure(const std::string& site, const std::string& record, const std::string& file, int line,
             const std::string& column, const std::string& value, const std::string& message) {
  return {{"site", site}, {"record_id", record}, {"event", ""}, {"repeat_instrument", ""},
          {"repeat_instance", 0}, {"file", file}, {"line", line}, {"column", column},
          {"value", value}, {"message", message}};
}

// A single failure is passed as json::array({f}): clang reads a braced single json as a copy
// of it, not as an array of one (CWG 1467), where g++ builds the array.
json check(const std::string& id, const std::string& family, const std::string& category,
           const std::string& variable, const std::string& form, int evaluated, json failures,
           const std::string& rule = "") {
  const auto failed = static_cast<int>(failures.size());
  return {{"id", id}, {"family", family},
          {"kahn", {{"context", "Verification"}, {"category", category}, {"subcategory", "Value"}}},
          {"severity", "error"}, {"description", "check of " + variable}, {"rule", rule},
          {"variable", variable}, {"form", form}, {"evaluated", evaluated}, {"failed", failed},
          {"rate", evaluated > 0 ? static_cast<double>(failed) / evaluated : 0.0}, {"threshold", 0.0},
          {"status", failed > 0 ? "fail" : "pass"}, {"failures", std::move(failures)},
          {"failures_truncated", false}};
}

json score_row(const std::string& family, const std::string& category, const std::string& label, int fail,
               int pass, int weight, double score) {
  return {{"family", family}, {"category", category}, {"label", label}, {"fail", fail}, {"pass", pass},
          {"total", fail + pass}, {"weight", weight}, {"score", score}};
}

// A run shaped like Table 2 of the EuCanImage paper, plus hostile text in every string
// field that comes from user data.
json sample_quality() {
  json q;
  q["schema"] = "oncoshare-quality/1";
  q["inputs"] = {{"dictionary", "dd.csv"}, {"mapping", "map.csv"},
                 {"data", {"site_1.csv", "site_2.csv"}}, {"rules", "rules.csv"}};
  q["summary"] = {{"rows", 8456}, {"records", 3000}, {"cells_checked", 250000}, {"checks", 6},
                  {"checks_failed", 4}, {"failures", 6}, {"score", 89.63}, {"fail_under", 80.0},
                  {"status", "pass"}};
  q["score_table"] = {
      score_row("completeness_minimal", "Completeness", "minimal_req", 2, 16, 50, 44.44),
      score_row("completeness_mandatory", "Completeness", "mandatory_req", 3, 32, 10, 9.14),
      score_row("conformance_length", "Conformance", "length", 1, 10, 10, 9.09),
      score_row("conformance_datatype", "Conformance", "datatype", 0, 40, 10, 10.0),
      score_row("conformance_permissible", "Conformance", "permissible", 3, 52, 10, 9.45),
      score_row("plausibility_range", "Plausibility", "range", 1, 3, 10, 7.5),
      {{"family", "total"}, {"fail", 10}, {"pass", 153}, {"total", 163}, {"weight", 100}, {"score", 89.63}}};
  q["scores"] = {{"by_form", {{"demographics", 97.1}, {"diagnosis", 72.5}, {"treatment", 99.0}}},
                 {"by_site", {{"site_1", 98.2}, {"<b>site_2</b>", 91.0}}},
                 {"records", {{"count", 3000}, {"min", 40.0}, {"mean", 99.1}, {"below_min_score", 12}}}};
  q["checks"] = {
      check("completeness.minimal.birth_year", "completeness_minimal", "Completeness", "birth_year",
            "demographics", 3000,
            json::array({failure("site_1", "S1-000021", "site_1.csv", 23, "birth_year", "", "missing")})),
      check("conformance.datatype.diagnosis_date", "conformance_datatype", "Conformance", "diagnosis_date",
            "diagnosis", 3000,
            {failure("site_1", "S1-000021", "site_1.csv", 23, "diagnosis_date", "2021-02-30", "not a real date"),
             failure("<b>site_2</b>", "S2-<i>7</i>", "site_2.csv", 8, "diagnosis_date",
                     "<script>alert(1)</script>", "bad \"date\" & more")}),
      check("conformance.permissible.sex", "conformance_permissible", "Conformance", "sex", "demographics",
            3000, json::array()),
      check("plausibility.range.age", "plausibility_range", "Plausibility", "age", "diagnosis", 2990,
            json::array({failure("site_1", "S1-000002", "site_1.csv", 4, "age", "212", "above max 120")})),
      check("rule.r1 <x>", "rule", "Plausibility", "", "", 3000,
            json::array({failure("site_1", "S1-000021", "site_1.csv", 23, "surgery_date", "x", "rule false")}),
            "[surgery_date] >= [diagnosis_date] and \"<script>\""),
      check("conformance.length.tnm", "conformance_length", "Conformance", "tnm", "diagnosis", 10, json::array()),
  };
  q["worst_records"] = {
      {{"site", "site_1"}, {"record_id", "S1-000021"}, {"score", 60.0},
       {"failed_checks", {"completeness.minimal.birth_year", "conformance.datatype.diagnosis_date", "rule.r1 <x>"}}},
      {{"site", "<b>site_2</b>"}, {"record_id", "S2-<i>7</i>"}, {"score", 80.0},
       {"failed_checks", {"conformance.datatype.diagnosis_date"}}}};
  return q;
}

// Checks that the page is a well-formed tree: every non-void element is closed in order,
// attribute values are quoted, and no stray '<' or '&' appears in text.
std::string well_formed(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "br", "hr", "input", "img", "link", "col", "wbr"};
  std::vector<std::string> stack;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '&') {
      static const std::regex kEntity("^&(amp|lt|gt|quot|#39);");
      if (!std::regex_search(html.substr(i, 8), kEntity)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (html[i] != '<') {
      ++i;
      continue;
    }
    if (html.compare(i, 9, "<!DOCTYPE") == 0) {
      i = html.find('>', i) + 1;
      continue;
    }
    const bool closing = html.compare(i, 2, "</") == 0;
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) != 0)) name += html[j++];
    if (name.empty()) return "stray '<' at " + std::to_string(i);
    char quote = 0;
    for (; j < html.size(); ++j) {
      if (quote != 0) {
        if (html[j] == quote) quote = 0;
        if (html[j] == '<') return "'<' in attribute at " + std::to_string(j);
      } else if (html[j] == '"' || html[j] == '\'') {
        quote = html[j];
      } else if (html[j] == '>') {
        break;
      }
    }
    if (j >= html.size()) return "unterminated tag " + name;
    const bool self_closing = html[j - 1] == '/';
    if (closing) {
      if (stack.empty() || stack.back() != name) {
        return "</" + name + "> closes <" + (stack.empty() ? "" : stack.back()) + "> at " + std::to_string(i);
      }
      stack.pop_back();
    } else if (!self_closing && !kVoid.contains(name)) {
      stack.push_back(name);
    }
    i = j + 1;
    if (!closing && name == "style") {  // raw text up to </style>
      i = html.find("</style>", i);
      if (i == std::string::npos) return "unterminated style";
    }
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  return "ok";
}

std::vector<std::string> captures(const std::string& html, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

TEST(HtmlReport, ScoreTableWritesOutTheArithmeticOfEveryFamily) {
  const std::string html = render_html_report(sample_quality());
  EXPECT_NE(html.find("16/18 \xC3\x97 50 = 44.44"), std::string::npos);
  EXPECT_NE(html.find("32/35 \xC3\x97 10 = 9.14"), std::string::npos);
  EXPECT_NE(html.find("10/11 \xC3\x97 10 = 9.09"), std::string::npos);
  EXPECT_NE(html.find("40/40 \xC3\x97 10 = 10.00"), std::string::npos);
  EXPECT_NE(html.find("52/55 \xC3\x97 10 = 9.45"), std::string::npos);
  EXPECT_NE(html.find("3/4 \xC3\x97 10 = 7.50"), std::string::npos);
  EXPECT_NE(html.find("44.44 + 9.14 + 9.09 + 10.00 + 9.45 + 7.50 = 89.63"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">153</td><td class=\"num\">163</td><td class=\"num\">100</td>"),
            std::string::npos);

  // A family with nothing to check has no fraction to show, only the producer's score.
  json q = sample_quality();
  q["score_table"][5] = score_row("plausibility_range", "Plausibility", "range", 0, 0, 10, 10.0);
  EXPECT_NE(render_html_report(q).find("<td class=\"arith\">nothing to check \xE2\x86\x92 10.00</td>"),
            std::string::npos);
}

TEST(HtmlReport, ChecksListFailuresFirstWithinEachCategory) {
  const std::string html = render_html_report(sample_quality());
  // In Conformance the JSON order is diagnosis_date (fail), sex (pass), tnm (pass).
  const auto diagnosis = html.find("id=\"check-conformance.datatype.diagnosis_date\"");
  const auto sex = html.find("id=\"check-conformance.permissible.sex\"");
  const auto tnm = html.find("id=\"check-conformance.length.tnm\"");
  EXPECT_LT(diagnosis, sex);
  EXPECT_LT(sex, tnm);
  json q = sample_quality();
  std::swap(q["checks"][1], q["checks"][5]);  // tnm (pass) now comes before diagnosis_date
  const std::string swapped = render_html_report(q);
  EXPECT_LT(swapped.find("id=\"check-conformance.datatype.diagnosis_date\""),
            swapped.find("id=\"check-conformance.length.tnm\""));
}

TEST(HtmlReport, HeaderShowsScoreInputsAndVerdict) {
  json q = sample_quality();
  std::string html = render_html_report(q);
  EXPECT_NE(html.find("<div class=\"score\">89.63<span class=\"unit\">%</span></div>"), std::string::npos);
  EXPECT_NE(html.find("\xE2\x9C\x93 PASS"), std::string::npos);
  EXPECT_NE(html.find("fail under 80%"), std::string::npos);
  EXPECT_NE(html.find("<code>site_1.csv</code>, <code>site_2.csv</code>"), std::string::npos);
  q["inputs"]["rules"] = "";  // not given: not listed
  EXPECT_EQ(render_html_report(q).find("<dt>rules</dt>"), std::string::npos);
  EXPECT_NE(html.find("<dt>rules</dt><dd><code>rules.csv</code></dd>"), std::string::npos);
  EXPECT_NE(html.find(">250,000<"), std::string::npos);

  q["summary"]["status"] = "fail";
  q["summary"]["score"] = 70.0;
  html = render_html_report(q);
  EXPECT_NE(html.find("\xE2\x9C\x97 FAIL"), std::string::npos);
  EXPECT_EQ(html.find("\xE2\x9C\x93 PASS"), std::string::npos);

  // No status written: derived from score and fail_under; no threshold: no verdict.
  q["summary"].erase("status");
  EXPECT_NE(render_html_report(q).find("\xE2\x9C\x97 FAIL"), std::string::npos);
  q["summary"]["fail_under"] = nullptr;
  html = render_html_report(q);
  EXPECT_EQ(html.find("FAIL"), std::string::npos);
  EXPECT_NE(html.find("no fail-under threshold set"), std::string::npos);
  q["summary"]["status"] = "pass";  // what the producer writes when no threshold was given
  EXPECT_EQ(render_html_report(q).find("PASS"), std::string::npos);

  EXPECT_NE(html.find(">12</div><div class=\"tile-label\">records below minimum<"), std::string::npos);
  q["scores"]["records"]["min_score"] = 60.0;
  EXPECT_NE(render_html_report(q).find(">12</div><div class=\"tile-label\">records scoring below 60<"),
            std::string::npos);
}

TEST(HtmlReport, EveryCheckHasExactlyOneAnchor) {
  const std::string html = render_html_report(sample_quality());
  for (const char* id : {"completeness.minimal.birth_year", "conformance.datatype.diagnosis_date",
                         "conformance.permissible.sex", "plausibility.range.age", "conformance.length.tnm"}) {
    EXPECT_EQ(count(html, std::string("id=\"check-") + id + "\""), 1u) << id;
  }
  // Unsafe characters in an id are encoded the same way in the anchor and in links.
  EXPECT_EQ(count(html, "id=\"check-rule.r1~20~3Cx~3E\""), 1u);
  EXPECT_NE(html.find("<code class=\"id\">conformance.<wbr>datatype.<wbr>diagnosis_date</code>"), std::string::npos);
  EXPECT_NE(html.find("href=\"#check-rule.r1~20~3Cx~3E\""), std::string::npos);
}

TEST(HtmlReport, HostileTextIsEscaped) {
  const std::string html = render_html_report(sample_quality());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_NE(html.find("<code class=\"value\">&lt;script&gt;alert(1)&lt;/script&gt;</code>"), std::string::npos);
  EXPECT_NE(html.find("bad &quot;date&quot; &amp; more"), std::string::npos);
  EXPECT_NE(html.find("S2-&lt;i&gt;7&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("and &quot;&lt;script&gt;&quot;"), std::string::npos);  // rule text
  EXPECT_NE(html.find(">&lt;b&gt;site_2&lt;/b&gt;</text>"), std::string::npos);  // chart label
}

TEST(HtmlReport, InvalidUtf8AndControlCharactersBecomeReplacementCharacters) {
  json q = sample_quality();
  q["checks"][0]["failures"][0]["value"] = std::string("a\x01" "b\xFF" "c");
  const std::string html = render_html_report(q);
  EXPECT_NE(html.find("a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c"), std::string::npos);
}

TEST(HtmlReport, HasNoExternalResources) {
  const std::string html = render_html_report(sample_quality());
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  for (const std::string& target : captures(html, "url\\(([^)]*)\\)")) {
    EXPECT_EQ(target.front(), '#') << target;
  }
}

TEST(HtmlReport, ChartsHaveOneBarPerCategoryFormAndSite) {
  const std::string html = render_html_report(sample_quality());
  EXPECT_EQ(count(html, "<svg "), 3u);
  const std::string categories = element(html, "svg", "chart-category");
  const std::string forms = element(html, "svg", "chart-form");
  const std::string sites = element(html, "svg", "chart-site");
  EXPECT_EQ(count(categories, "class=\"bar "), 3u);
  EXPECT_EQ(count(forms, "class=\"bar "), 3u);
  EXPECT_EQ(count(sites, "class=\"bar "), 2u);
  // Completeness 0 of 1 checks pass, Conformance 2 of 3, Plausibility 0 of 2.
  EXPECT_NE(categories.find("Conformance: 66.67% (2 of 3 checks pass)"), std::string::npos);
  EXPECT_NE(categories.find("Completeness: 0.00% (0 of 1 checks pass)"), std::string::npos);
  EXPECT_NE(categories.find("Plausibility: 0.00% (0 of 2 checks pass)"), std::string::npos);
  // diagnosis (72.5) is below fail_under 80: hatched and marked, the others are not.
  EXPECT_EQ(count(forms, "class=\"bar low\""), 1u);
  EXPECT_NE(forms.find("\xE2\x9A\xA0 72.50%"), std::string::npos);
  EXPECT_NE(forms.find("class=\"reference\""), std::string::npos);
  EXPECT_EQ(count(categories, "class=\"reference\""), 0u);
}

TEST(HtmlReport, EveryFailingCellNamesItsCellAndLinksToItsRule) {
  const std::string html = render_html_report(sample_quality());
  const json q = sample_quality();
  std::size_t row = 0;
  for (const json& c : q["checks"]) {
    for (const json& f : c["failures"]) {
      ++row;
      const std::string tr = element(html, "tr", "failure-" + std::to_string(row));
      ASSERT_FALSE(tr.empty()) << row;
      const std::string id = c["id"];
      const std::string anchor = id == "rule.r1 <x>" ? "rule.r1~20~3Cx~3E" : id;
      EXPECT_NE(tr.find("href=\"#check-" + anchor + "\""), std::string::npos) << tr;
      const std::string cell = f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) +
                               " " + f["column"].get<std::string>();
      EXPECT_NE(tr.find("<code>" + cell + "</code>"), std::string::npos) << tr;
    }
  }
  EXPECT_EQ(row, 5u);
  EXPECT_NE(element(html, "tr", "failure-1").find("<span class=\"muted\">(empty)</span>"), std::string::npos);
  EXPECT_EQ(count(html, "<tr id=\"failure-"), 5u);
}

TEST(HtmlReport, WorstRecordsLinkToTheirFailingCellsAndChecks) {
  const std::string html = render_html_report(sample_quality());
  const auto start = html.find("<section id=\"worst-records\">");
  const std::string section = html.substr(start, html.find("</section>", start) - start);
  // S1-000021 fails in rows 1 (birth_year), 2 (diagnosis_date) and 5 (the rule).
  EXPECT_NE(section.find("<a href=\"#failure-1\">site_1.csv:23 birth_year</a> "
                         "<a href=\"#failure-2\">site_1.csv:23 diagnosis_date</a> "
                         "<a href=\"#failure-5\">site_1.csv:23 surgery_date</a>"),
            std::string::npos);
  EXPECT_NE(section.find("<a href=\"#failure-3\">site_2.csv:8 diagnosis_date</a>"), std::string::npos);
  EXPECT_NE(section.find("<a href=\"#check-completeness.minimal.birth_year\">"), std::string::npos);
}

TEST(HtmlReport, WorstVariablesRankByFailingCells) {
  const std::string html = render_html_report(sample_quality());
  const auto start = html.find("<section id=\"worst-variables\">");
  const std::string section = html.substr(start, html.find("</section>", start) - start);
  const auto diagnosis = section.find("<code>diagnosis_date</code>");
  const auto age = section.find("<code>age</code>");
  ASSERT_NE(diagnosis, std::string::npos);
  ASSERT_NE(age, std::string::npos);
  EXPECT_LT(diagnosis, age);
  EXPECT_EQ(section.find("<code>sex</code>"), std::string::npos);  // no failures
  EXPECT_NE(section.find("<td class=\"num strong\">2</td><td class=\"num\">3,000</td>"
                         "<td class=\"num\">0.07%</td>"),
            std::string::npos);
}

TEST(HtmlReport, LinksResolveAndIdsAreUnique) {
  const std::string html = render_html_report(sample_quality());
  const auto ids = captures(html, " id=\"([^\"]*)\"");
  const std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  const auto links = captures(html, "href=\"#([^\"]*)\"");
  EXPECT_GT(links.size(), 20u);
  for (const std::string& link : links) EXPECT_TRUE(unique.contains(link)) << link;
}

TEST(HtmlReport, OutputIsWellFormedAndDeterministic) {
  const std::string html = render_html_report(sample_quality());
  EXPECT_EQ(well_formed(html), "ok");
  EXPECT_EQ(html, render_html_report(sample_quality()));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  // The checker itself catches the mistakes it is there for.
  EXPECT_NE(well_formed("<p><b>x</p></b>"), "ok");
  EXPECT_NE(well_formed("<p>a < b</p>"), "ok");
  EXPECT_NE(well_formed("<p>a & b</p>"), "ok");
}

TEST(HtmlReport, CleanRunSaysThereAreNoFailures) {
  json q = sample_quality();
  for (json& c : q["checks"]) {
    c["failures"] = json::array();
    c["failed"] = 0;
    c["rate"] = 0.0;
    c["status"] = "pass";
  }
  q["worst_records"] = json::array();
  const std::string html = render_html_report(q);
  EXPECT_NE(html.find("\xE2\x9C\x93 No failing cells."), std::string::npos);
  EXPECT_NE(html.find("\xE2\x9C\x93 No variable has failing cells."), std::string::npos);
  EXPECT_NE(html.find("\xE2\x9C\x93 No records with failures."), std::string::npos);
  EXPECT_EQ(count(html, "<tr id=\"failure-"), 0u);
  EXPECT_EQ(well_formed(html), "ok");
}

TEST(HtmlReport, MissingAndMistypedKeysDoNotThrow) {
  for (const json& q : {json(), json::array(), json::object(), json{{"summary", 3}, {"checks", "x"}},
                        json{{"checks", {{{"id", 5}, {"failures", {nullptr, 1}}}, nullptr}},
                             {"score_table", {{{"family", "x"}}}},
                             {"scores", {{"by_form", {{"a", "x"}}}}},
                             {"worst_records", {{{"failed_checks", {1, "nope"}}}}}}}) {
    std::string html;
    ASSERT_NO_THROW(html = render_html_report(q)) << q.dump();
    EXPECT_EQ(well_formed(html), "ok") << q.dump();
    EXPECT_NE(html.find("<h1>Data quality report</h1>"), std::string::npos);
  }
  // A score table without a total row gets one computed from its families.
  json q = sample_quality();
  q["score_table"].erase(q["score_table"].size() - 1);
  EXPECT_NE(render_html_report(q).find("44.44 + 9.14 + 9.09 + 10.00 + 9.45 + 7.50 = 89.62"), std::string::npos);
}

TEST(HtmlReport, LargeRunsStayBounded) {
  json q = sample_quality();
  json checks = json::array();
  for (int c = 0; c < 200; ++c) {
    json failures = json::array();
    for (int f = 0; f < 100; ++f) {
      failures.push_back(failure("site_1", "S1-" + std::to_string(f), "site_1.csv", f + 2,
                                 "var_" + std::to_string(c), std::string(1000, 'x'), "too long"));
    }
    json one = check("conformance.length.var_" + std::to_string(c), "conformance_length", "Conformance",
                     "var_" + std::to_string(c), "form", 5000, failures);
    one["failed"] = 4000;
    one["failures_truncated"] = true;
    checks.push_back(one);
  }
  q["checks"] = checks;
  json forms = json::object();
  for (int f = 0; f < 100; ++f) forms["form_" + std::to_string(f)] = f;
  q["scores"]["by_form"] = forms;
  const std::string html = render_html_report(q);
  EXPECT_EQ(count(html, "<tr id=\"failure-"), 3000u);
  EXPECT_NE(html.find("17000 more failing cells from quality.json are not shown"), std::string::npos);
  EXPECT_NE(html.find("first 100 of 4,000; all are in failures.csv"), std::string::npos);
  EXPECT_EQ(count(element(html, "svg", "chart-form"), "class=\"bar "), 40u);
  EXPECT_NE(html.find("(40 lowest of 100 shown)"), std::string::npos);
  EXPECT_EQ(html.find(std::string(200, 'x')), std::string::npos);  // long values are cut
  EXPECT_LT(html.size(), 3u * 1024 * 1024);
  EXPECT_EQ(well_formed(html), "ok");
}

// Set ONCOSHARE_QUALITY_SAMPLE_HTML=<path> to write the sample page for a visual check.
TEST(HtmlReport, WritesSampleWhenAsked) {
  const char* path = std::getenv("ONCOSHARE_QUALITY_SAMPLE_HTML");
  if (path == nullptr) GTEST_SKIP() << "ONCOSHARE_QUALITY_SAMPLE_HTML not set";
  std::ofstream(path) << render_html_report(sample_quality());
}

}  // namespace
}  // namespace oncoshare::quality
