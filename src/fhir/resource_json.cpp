#include "fhir/resource_json.hpp"

#include <cctype>

#include "dictionary/choices.hpp"
#include "fhir/target.hpp"

namespace oncoshare::fhir {

void write_resource_header(JsonWriter& w, std::string_view type, std::string_view id, std::string_view profile) {
  w.field("resourceType", type);
  w.field("id", id);
  if (!profile.empty()) {
    w.begin_object("meta");
    w.begin_array("profile");
    w.string(mcode_url(profile));
    w.end_array();
    w.end_object();
  }
}

void write_coding(JsonWriter& w, const dictionary::Coding& coding) {
  w.begin_array("coding");
  w.begin_object();
  w.field("system", coding.system);
  w.field("code", coding.code);
  if (!coding.display.empty()) w.field("display", coding.display);
  w.end_object();
  w.end_array();
}

void write_concept(JsonWriter& w, std::string_view key, const dictionary::Coding& coding) {
  if (key.empty()) {
    w.begin_object();
  } else {
    w.begin_object(key);
  }
  write_coding(w, coding);
  w.end_object();
}

void write_text_concept(JsonWriter& w, std::string_view key, std::string_view text) {
  w.begin_object(key);
  w.field("text", text);
  w.end_object();
}

void write_code(JsonWriter& w, std::string_view key, std::string_view system, std::string_view code) {
  write_concept(w, key, dictionary::Coding{std::string(system), std::string(code), {}});
}

void write_absent_value(JsonWriter& w, std::string_view code) { write_code(w, "dataAbsentReason", kDataAbsentSystem, code); }

void write_absent_complex(JsonWriter& w, std::string_view key, std::string_view code) {
  if (key.empty()) {
    w.begin_object();
  } else {
    w.begin_object(key);
  }
  w.begin_array("extension");
  write_absent_extension(w, code);
  w.end_array();
  w.end_object();
}

void write_absent_extension(JsonWriter& w, std::string_view code) {
  w.begin_object();
  w.field("url", kDataAbsentExtension);
  w.field("valueCode", code);
  w.end_object();
}

void write_absent_primitive(JsonWriter& w, std::string_view element, std::string_view code) {
  std::string key = "_";
  key.append(element);
  write_absent_complex(w, key, code);
}

namespace {

void reference_body(JsonWriter& w, std::string_view type, std::string_view id, bool urn) {
  std::string target;
  if (urn) {
    target = "urn:uuid:";
  } else {
    target.assign(type);
    target.push_back('/');
  }
  target.append(id);
  w.field("reference", target);
}

}  // namespace

void write_reference(JsonWriter& w, std::string_view key, std::string_view type, std::string_view id, bool urn) {
  w.begin_object(key);
  reference_body(w, type, id, urn);
  w.end_object();
}

void write_reference_item(JsonWriter& w, std::string_view type, std::string_view id, bool urn) {
  w.begin_object();
  reference_body(w, type, id, urn);
  w.end_object();
}

bool normalise_decimal(std::string_view raw, std::string& out) {
  const std::string_view text = dictionary::trim(raw);
  out.clear();
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    if (text[i] == '-') out.push_back('-');
    ++i;
  }
  const std::size_t int_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::string_view integer = text.substr(int_start, i - int_start);
  while (integer.size() > 1 && integer.front() == '0') integer.remove_prefix(1);
  std::string_view fraction;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    const std::size_t frac_start = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    fraction = text.substr(frac_start, i - frac_start);
    if (fraction.empty()) return false;
  }
  if (i != text.size() || (integer.empty() && fraction.empty())) return false;
  out.append(integer.empty() ? std::string_view("0") : integer);
  if (!fraction.empty()) {
    out.push_back('.');
    out.append(fraction);
  }
  if (out == "-0") out = "0";
  return true;
}

}  // namespace oncoshare::fhir
