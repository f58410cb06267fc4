// libFuzzer target for the mapping file: any text applied to a small dictionary (every
// field type, choices, a date) must give the mapping or an error with a message, never a
// crash, and a mapping that reads must go through both target checks (`fhir` and `omop`).
#include <cstddef>
#include <cstdint>
#include <string>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "fhir/plan.hpp"
#include "omop/mapping_targets.hpp"

namespace {

const oncoshare::dictionary::Dictionary& base_dictionary() {
  static const oncoshare::dictionary::Dictionary dict = [] {
    auto read = oncoshare::dictionary::read_redcap_dictionary_text(
        "Variable / Field Name,Form Name,Section Header,Field Type,Field Label,\"Choices, Calculations, OR Slider "
        "Labels\",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,"
        "Identifier?,Branching Logic (Show field only if...),Required Field?,Custom Alignment,Question Number "
        "(surveys only),Matrix Group Name,Matrix Ranking?,Field Annotation\n"
        "record_id,f,,text,ID,,,,,,,,,,,,,\n"
        "sex,f,,radio,Sex,\"1, Male | 2, Female\",,,,,,,,,,,,\n"
        "dob,f,,text,Born,,,date_ymd,,,y,,,,,,,\n"
        "cb,f,,checkbox,Conditions,\"1, A | 2, B\",,,,,,,,,,,,\n"
        "ok,f,,yesno,Confirmed,,,,,,,,,,,,,\n"
        "psa,f,,text,PSA,,,number,0,100,,[sex] = '1',,,,,,\n",
        "fuzz-dictionary.csv");
    if (!read) __builtin_trap();
    return *read;
  }();
  return dict;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  oncoshare::dictionary::Dictionary dict = base_dictionary();
  const oncoshare::core::Status applied = oncoshare::dictionary::apply_mapping_text(
      dict, std::string(reinterpret_cast<const char*>(bytes), size), "fuzz-mapping.csv");
  if (!applied) {
    if (applied.error().message.empty() || applied.error().to_string().empty()) __builtin_trap();
    if (dict.variables() != base_dictionary().variables()) __builtin_trap();  // all or nothing
    return 0;
  }
  for (const auto& fault : oncoshare::fhir::check_plan(dict)) {
    if (fault.message.empty()) __builtin_trap();
  }
  for (const auto& fault : oncoshare::omop::check_omop_targets(dict)) {
    if (fault.message.empty() || fault.where.field != "omop") __builtin_trap();
  }
  return 0;
}
