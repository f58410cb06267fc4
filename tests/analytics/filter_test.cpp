// The filter language: what it keeps, codes and labels, missing cells, and exact errors;
// structured terms (compile_terms) keep what the same text keeps, and ids cannot inject.
#include "analytics/test_support.hpp"

namespace oncoshare::analytics {
namespace {

// Rows: stage 1..4 and missing; age 40, 60, 70, 80, missing; sex M F M F F.
StudyTable small_table() {
  StudyTable t;
  t.record_ids = {"1", "2", "3", "4", "5"};
  t.sites.assign(5, "");
  StudyColumn stage{"stage_group", "Stage group", ValueType::categorical,
                    {{"1", "Stage I", {}}, {"2", "Stage II", {}}, {"3", "Stage III", {}},
                     {"4", "Stage IV", {}}}, false, {0, 1, 2, 3, -1}, {}, {}};
  StudyColumn age{"age_dx", "Age", ValueType::numeric, {}, false, {}, {40, 60, 70, 80, std::nan("")}, {}};
  StudyColumn sex{"sex", "Sex", ValueType::categorical, {{"1", "Male", {}}, {"2", "Female", {}}},
                  false, {0, 1, 0, 1, 1}, {}, {}};
  StudyColumn dx{"diagnosis_date", "Diagnosis", ValueType::date, {}, false, {},
                 {14669, 14700, 18000, 18300, 18400}, {}};
  StudyColumn note{"site_note", "Note", ValueType::text, {}, false, {}, {}, {"a", "b", "", "a", "c"}};
  t.columns = {stage, age, sex, dx, note};
  return t;
}

std::vector<bool> keep(const std::string& text, const FilterOptions& options = {}) {
  static const StudyTable table = small_table();
  auto f = compile_filter(text, table, options);
  EXPECT_TRUE(f.has_value()) << text << ": " << f.error().to_string();
  return f ? f->mask(table.rows()) : std::vector<bool>{};
}

std::string error_of(const std::string& text) {
  static const StudyTable table = small_table();
  auto f = compile_filter(text, table);
  EXPECT_FALSE(f.has_value()) << text;
  return f ? std::string() : f.error().to_string();
}

using Mask = std::vector<bool>;

TEST(Filter, CodesLabelsAndLastWordsOfLabels) {
  EXPECT_EQ(keep("stage_group in ('3', '4') and age_dx >= 60"), (Mask{0, 0, 1, 1, 0}));
  EXPECT_EQ(keep("stage in (III, IV) and age >= 60", {{{"stage", "stage_group"}, {"age", "age_dx"}}}),
            (Mask{0, 0, 1, 1, 0}));
  EXPECT_EQ(keep("stage_group in ('stage iii', 4)"), (Mask{0, 0, 1, 1, 0}));
  EXPECT_EQ(keep("[sex] = 'Female'"), (Mask{0, 1, 0, 1, 1}));
  EXPECT_EQ(keep("sex == 1"), (Mask{1, 0, 1, 0, 0}));
  EXPECT_EQ(keep("stage_group >= III"), (Mask{0, 0, 1, 1, 0}));  // dictionary order
  EXPECT_EQ(keep("stage_group < 2"), (Mask{1, 0, 0, 0, 0}));
}

TEST(Filter, BooleanStructureAndMissingCells) {
  EXPECT_EQ(keep(""), (Mask{1, 1, 1, 1, 1}));
  EXPECT_EQ(keep("  "), (Mask{1, 1, 1, 1, 1}));
  EXPECT_EQ(keep("age_dx > 65 or sex = Male"), (Mask{1, 0, 1, 1, 0}));
  EXPECT_EQ(keep("NOT (age_dx > 65 OR sex = Male)"), (Mask{0, 1, 0, 0, 1}));
  EXPECT_EQ(keep("age_dx < 100"), (Mask{1, 1, 1, 1, 0}));  // missing never compares
  EXPECT_EQ(keep("not age_dx < 100"), (Mask{0, 0, 0, 0, 1}));
  EXPECT_EQ(keep("age_dx is missing"), (Mask{0, 0, 0, 0, 1}));
  EXPECT_EQ(keep("stage_group is not missing"), (Mask{1, 1, 1, 1, 0}));
  EXPECT_EQ(keep("stage_group not in (1, 2)"), (Mask{0, 0, 1, 1, 0}));
  EXPECT_EQ(keep("diagnosis_date >= '2019-04-15'"), (Mask{0, 0, 0, 1, 1}));  // day 18001
  EXPECT_EQ(keep("site_note = 'a'"), (Mask{1, 0, 0, 1, 0}));
  EXPECT_EQ(keep("site_note != a"), (Mask{0, 1, 0, 0, 1}));
  EXPECT_EQ(keep("age_dx >= 6e1 and age_dx <> 70"), (Mask{0, 1, 0, 1, 0}));
}

TEST(Filter, ErrorsNameTheColumnAndVariable) {
  EXPECT_EQ(error_of("stage in (III, IV)"), "column 1: field 'stage': unknown variable 'stage'");
  EXPECT_EQ(error_of("age_dx >= 60 and [tnm] = 1"),
            "column 18: field 'tnm': unknown variable 'tnm'");
  EXPECT_EQ(error_of("stage_group = V"),
            "column 15: field 'stage_group': 'V' is not a choice code or label of 'stage_group'");
  EXPECT_EQ(error_of("age_dx > old"),
            "column 10: field 'age_dx': 'old' is not a number ('age_dx' is numeric)");
  EXPECT_EQ(error_of("diagnosis_date < '2020-02-30'"),
            "column 18: field 'diagnosis_date': '2020-02-30' is not a YYYY-MM-DD date "
            "('diagnosis_date' is a date)");
  EXPECT_EQ(error_of("site_note > 'a'"),
            "column 1: field 'site_note': 'site_note' is text: only = and != apply");
  EXPECT_EQ(error_of("age_dx >= 60 and"), "column 17: expected a variable name, found the end");
  EXPECT_EQ(error_of("(age_dx >= 60"), "column 14: expected ')', found the end");
  EXPECT_EQ(error_of("age_dx 60"), "column 8: expected an operator, 'in' or 'is', found '60'");
  EXPECT_EQ(error_of("sex in (1 2)"), "column 11: expected ',' or ')', found '2'");
  EXPECT_EQ(error_of("sex = 'Male"), "column 7: unterminated quoted text");
  EXPECT_EQ(error_of("sex = 1; drop"), "column 8: unexpected character ';'");
  EXPECT_EQ(error_of("age_dx ! 3"), "column 8: '!' must be followed by '='");
  EXPECT_EQ(error_of(std::string(100, '(') + "sex = 1" + std::string(100, ')')),
            "column 66: filter is nested deeper than 64 levels");
}

// Hostile depth is refused with the limit; long flat chains stay flat, so evaluating them
// does not recurse per operand.
TEST(Filter, DeepInputIsRefusedAndLongChainsEvaluate) {
  EXPECT_EQ(error_of(std::string(200000, '(') + "sex = 1"), "column 66: filter is nested deeper than 64 levels");
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "not ";
  EXPECT_EQ(error_of(nots + "sex = 1"), "column 261: filter is nested deeper than 64 levels");
  std::string chain = "sex = 2";
  for (int i = 0; i < 200000; ++i) chain += i % 2 ? " or sex = 2" : " and sex = 2";
  EXPECT_EQ(keep(chain), keep("sex = 2"));
}

Mask keep_terms(const std::vector<FilterTerm>& terms) {
  static const StudyTable table = small_table();
  auto f = compile_terms(terms, table);
  EXPECT_TRUE(f.has_value()) << f.error().to_string();
  return f ? f->mask(table.rows()) : Mask{};
}

std::string terms_error(const std::vector<FilterTerm>& terms) {
  static const StudyTable table = small_table();
  auto f = compile_terms(terms, table);
  EXPECT_FALSE(f.has_value());
  return f ? std::string() : f.error().to_string();
}

TEST(FilterTerms, KeepWhatTheSameTextKeeps) {
  EXPECT_EQ(keep_terms({}), (Mask{1, 1, 1, 1, 1}));
  EXPECT_EQ(keep_terms({{"sex", "=", "Female"}}), keep("sex = Female"));
  EXPECT_EQ(keep_terms({{"sex", "=", "Female"}}), (Mask{0, 1, 0, 1, 1}));
  EXPECT_EQ(keep_terms({{"stage_group", ">=", "III"}, {"age_dx", ">=", "60"}}), (Mask{0, 0, 1, 1, 0}));
  EXPECT_EQ(keep_terms({{"stage_group", "=", "stage iii"}}), (Mask{0, 0, 1, 0, 0}));
  EXPECT_EQ(keep_terms({{"age_dx", "<", "100"}}), (Mask{1, 1, 1, 1, 0}));  // missing never compares
  EXPECT_EQ(keep_terms({{"diagnosis_date", ">=", "2019-04-15"}}), keep("diagnosis_date >= '2019-04-15'"));
  EXPECT_EQ(keep_terms({{"site_note", "!=", "a"}}), (Mask{0, 1, 0, 0, 1}));
}

TEST(FilterTerms, IdsAndValuesNeverChangeTheFilterStructure) {
  // As text, this id closes the bracket and adds an 'or': every row of either sex.
  EXPECT_EQ(keep("[sex] = '1' or [sex] = '2'"), (Mask{1, 1, 1, 1, 1}));
  EXPECT_EQ(terms_error({{"sex] = '1' or [sex", "=", "2"}}),
            "field 'filters[0]': unknown variable 'sex] = '1' or [sex'");
  // A value is one literal, quotes and keywords included.
  EXPECT_EQ(keep_terms({{"site_note", "=", "a' or site_note = 'b"}}), (Mask{0, 0, 0, 0, 0}));
  EXPECT_EQ(terms_error({{"sex", "=", "1' or '2"}}),
            "field 'filters[0]': '1' or '2' is not a choice code or label of 'sex'");
}

TEST(FilterTerms, ErrorsNameTheTermAndCutLongIds) {
  EXPECT_EQ(terms_error({{"sex", "=", "1"}, {"tnm", "=", "1"}}), "field 'filters[1]': unknown variable 'tnm'");
  EXPECT_EQ(terms_error({{std::string(64, 'x') + "tail", "=", "1"}}),
            "field 'filters[0]': unknown variable '" + std::string(64, 'x') + "...'");
  EXPECT_EQ(terms_error({{"age_dx", "=~", "1"}}), "field 'filters[0]': operator '=~' is not one of = != < <= > >=");
  EXPECT_EQ(terms_error({{"age_dx", ">", "old"}}),
            "field 'filters[0]': 'old' is not a number ('age_dx' is numeric)");
  EXPECT_EQ(terms_error({{"diagnosis_date", "<", "2020-02-30"}}),
            "field 'filters[0]': '2020-02-30' is not a YYYY-MM-DD date ('diagnosis_date' is a date)");
  EXPECT_EQ(terms_error({{"site_note", ">", "a"}}), "field 'filters[0]': 'site_note' is text: only = and != apply");
}

}  // namespace
}  // namespace oncoshare::analytics
