// A wide REDCap project for the quality bench, as files a user would pass to `oncoshare
// quality`: a dictionary of `variables` fields over 4 forms (dates with min/max, integers,
// 1-decimal numbers, mandatory dropdowns, text of at most 12 characters, some behind
// branching logic), its mapping, two rules and a raw export of `records` records with a
// few values out of range.
#pragma once

#include <fmt/format.h>
#include <fmt/os.h>

#include <cstdint>
#include <string>

namespace oncoshare::bench {

struct WideExport {
  std::string dictionary, mapping, rules, data;

  // Writes the four files into `dir` (which must exist).
  static WideExport write(const std::string& dir, std::size_t variables, std::uint64_t records) {
    WideExport w{dir + "/dictionary.csv", dir + "/mapping.csv", dir + "/rules.csv", dir + "/export.csv"};
    auto dictionary = fmt::output_file(w.dictionary);
    auto mapping = fmt::output_file(w.mapping);
    dictionary.print(
        "\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field Label\","
        "\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type OR Show Slider "
        "Number\",\"Text Validation Min\",\"Text Validation Max\",Identifier?,\"Branching Logic (Show field only "
        "if...)\",\"Required Field?\",\"Custom Alignment\",\"Question Number (surveys only)\",\"Matrix Group "
        "Name\",\"Matrix Ranking?\",\"Field Annotation\"\n");
    mapping.print("variable,choice,system,code,display,unit,fhir,omop,requirement,mandatory_if,max_length\n");
    dictionary.print("record_id,{},,text,\"Record ID\",,,,,,,,,,,,,\n", form(0, variables));
    mapping.print("record_id,,,,,,,,minimal,,\n");
    for (std::size_t i = 1; i < variables; ++i) {
      const std::string f = form(i, variables);
      switch (i % 5) {
        case 0: dictionary.print("v{0},{1},,text,v{0},,,date_ymd,1990-01-01,2024-12-31,,,,,,,,\n", i, f); break;
        case 1: dictionary.print("v{0},{1},,text,v{0},,,integer,0,300,,,,,,,,\n", i, f); break;
        case 2: dictionary.print("v{0},{1},,text,v{0},,,number_1dp,10,250,,,,,,,,\n", i, f); break;
        case 3:
          dictionary.print("v{0},{1},,dropdown,v{0},\"1, a | 2, b | 3, c\",,,,,,,,,,,,\n", i, f);
          mapping.print("v{},,,,,,,,mandatory,,\n", i);
          break;
        case 4:
          dictionary.print("v{0},{1},,text,v{0},,,,,,,{2},,,,,,\n", i, f,
                           i % 20 == 4 ? fmt::format("\"[v{}] = '1'\"", i - 1) : "");
          mapping.print("v{},,,,,,,,,,12\n", i);
          break;
      }
    }
    fmt::output_file(w.rules).print(
        "id,description,logic,severity,family\n"
        "d_order,\"v5 before v10\",[v5] <= [v10],error,plausibility_temporal\n"
        "range_pair,\"v1 within v6\",[v1] <= [v6] or [v6] > 0,warning,plausibility_range\n");
    write_records(w.data, variables, records);
    return w;
  }

 private:
  static std::string form(std::size_t i, std::size_t n) { return fmt::format("form_{}", i * 4 / n); }

  static void write_records(const std::string& path, std::size_t n, std::uint64_t records) {
    auto out = fmt::output_file(path);
    std::string line = "record_id,redcap_data_access_group";
    for (std::size_t i = 1; i < n; ++i) {
      line += fmt::format(",v{}", i);
      if (i + 1 == n || form(i + 1, n) != form(i, n)) line += fmt::format(",{}_complete", form(i, n));
    }
    out.print("{}\n", line);
    for (std::uint64_t r = 0; r < records; ++r) {
      line = fmt::format("{},site_{}", 100000 + r, r % 3);
      for (std::size_t i = 1; i < n; ++i) {
        const std::uint64_t k = r + i;
        switch (i % 5) {
          case 0: line += fmt::format(",20{:02}-{:02}-{:02}", k % 24, 1 + k % 12, 1 + k % 28); break;
          case 1: line += fmt::format(",{}", k % 290 + (k % 997 == 0 ? 400 : 0)); break;
          case 2: line += fmt::format(",{}.{}", 20 + k % 200, k % 10); break;
          case 3: line += fmt::format(",{}", 1 + k % 3); break;
          case 4: line += (i % 20 == 4 && (r + i - 1) % 3 != 0) ? "," : fmt::format(",t{}", k % 1000); break;
        }
        if (i + 1 == n || form(i + 1, n) != form(i, n)) line += ",2";
      }
      out.print("{}\n", line);
    }
  }
};

}  // namespace oncoshare::bench
