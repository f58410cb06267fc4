// DUO term table, consent text and purpose JSON parsing.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "node/duo.hpp"

namespace oncoshare::node {

namespace {

constexpr std::array<DuoTermInfo, 23> kTerms{{
    {DuoTerm::nres, "DUO:0000004", "NRES", true, false},
    {DuoTerm::gru, "DUO:0000042", "GRU", true, false},
    {DuoTerm::hmb, "DUO:0000006", "HMB", true, false},
    {DuoTerm::ds, "DUO:0000007", "DS", true, true},
    {DuoTerm::poa, "DUO:0000011", "POA", true, false},
    {DuoTerm::irb, "DUO:0000021", "IRB", false, false},
    {DuoTerm::gs, "DUO:0000022", "GS", false, true},
    {DuoTerm::npu, "DUO:0000045", "NPU", false, false},
    {DuoTerm::ncu, "DUO:0000046", "NCU", false, false},
    {DuoTerm::npuncu, "DUO:0000018", "NPUNCU", false, false},
    {DuoTerm::pub, "DUO:0000019", "PUB", false, false},
    {DuoTerm::col, "DUO:0000020", "COL", false, false},
    {DuoTerm::mor, "DUO:0000024", "MOR", false, false},
    {DuoTerm::ts, "DUO:0000025", "TS", false, true},
    {DuoTerm::us, "DUO:0000026", "US", false, true},
    {DuoTerm::ps, "DUO:0000027", "PS", false, true},
    {DuoTerm::is, "DUO:0000028", "IS", false, true},
    {DuoTerm::rtn, "DUO:0000029", "RTN", false, false},
    {DuoTerm::nmds, "DUO:0000015", "NMDS", false, false},
    {DuoTerm::gso, "DUO:0000016", "GSO", false, false},
    {DuoTerm::rs, "DUO:0000012", "RS", false, true},
    {DuoTerm::npoa, "DUO:0000044", "NPOA", false, false},
    {DuoTerm::cc, "DUO:0000043", "CC", false, false},
}};

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

core::Error consent_error(std::string_view text, std::string message) {
  return core::bad_input(fmt::format("consent '{}': {}", text, message));
}

// Splits "DUO:0000007:MONDO:0007254" or "DS:MONDO:0007254" into term text and argument.
std::pair<std::string_view, std::string_view> split_token(std::string_view token) {
  std::size_t colon = token.rfind("DUO:", 0) == 0 || token.rfind("duo:", 0) == 0 ? token.find(':', 4)
                                                                                  : token.find(':');
  if (colon == std::string_view::npos) return {token, {}};
  return {token.substr(0, colon), token.substr(colon + 1)};
}

}  // namespace

const DuoTermInfo& duo_info(DuoTerm term) { return kTerms.at(static_cast<std::size_t>(term)); }

core::Result<DuoTerm> parse_duo_term(std::string_view text) {
  std::string key = upper(text);
  for (const auto& info : kTerms) {
    if (key == info.id || key == info.shorthand) return info.term;
  }
  return core::bad_input(fmt::format("unknown DUO term '{}'", text));
}

core::Result<Consent> parse_consent(std::string_view text) {
  Consent consent;
  bool have_permission = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of(" \t,;", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;
    auto [name, argument] = split_token(token);
    auto term = parse_duo_term(name);
    if (!term) return consent_error(text, term.error().message);
    const DuoTermInfo& info = duo_info(*term);
    if (info.needs_argument && argument.empty()) {
      return consent_error(text, fmt::format("{} needs an argument, e.g. {}", info.shorthand,
                                             *term == DuoTerm::ds ? "DS:MONDO:0007254" : fmt::format("{}:VALUE", info.shorthand)));
    }
    if (!info.needs_argument && !argument.empty() && *term != DuoTerm::mor) {
      return consent_error(text, fmt::format("{} takes no argument, got '{}'", info.shorthand, argument));
    }
    if (*term == DuoTerm::ts && !iso_date(argument)) {
      return consent_error(text, fmt::format("TS needs a date YYYY-MM-DD, got '{}'", argument));
    }
    if (info.permission) {
      if (have_permission && !(*term == DuoTerm::ds && consent.permission == DuoTerm::ds)) {
        return consent_error(text, fmt::format("two permissions ({} and {}); a dataset has exactly one",
                                               duo_info(consent.permission).shorthand, info.shorthand));
      }
      have_permission = true;
      consent.permission = *term;
      if (*term == DuoTerm::ds) consent.diseases.emplace_back(argument);
    } else {
      consent.modifiers.push_back({*term, std::string(argument)});
    }
  }
  if (!have_permission) return consent_error(text, "no permission term (NRES, GRU, HMB, DS or POA)");
  return consent;
}

std::string to_string(const Consent& consent) {
  std::vector<std::string> parts;
  if (consent.permission == DuoTerm::ds) {
    for (const auto& disease : consent.diseases) parts.push_back("DS:" + disease);
  } else {
    parts.emplace_back(duo_info(consent.permission).shorthand);
  }
  for (const auto& m : consent.modifiers) {
    parts.push_back(std::string(duo_info(m.term).shorthand) + (m.argument.empty() ? "" : ":" + m.argument));
  }
  return fmt::format("{}", fmt::join(parts, " "));
}

core::Result<Purpose> parse_purpose(const nlohmann::json& json) {
  if (!json.is_object()) return core::bad_input("purpose: expected a JSON object");
  Purpose p;
  const std::map<std::string_view, bool Purpose::*> flags{
      {"methods", &Purpose::methods},         {"control_set", &Purpose::control_set},
      {"commercial", &Purpose::commercial},   {"for_profit", &Purpose::for_profit},
      {"irb_approved", &Purpose::irb_approved}, {"publication", &Purpose::publication},
      {"collaboration", &Purpose::collaboration}, {"genetic", &Purpose::genetic},
      {"clinical_care", &Purpose::clinical_care}, {"return_derived", &Purpose::return_derived},
      {"accepts_moratorium", &Purpose::accepts_moratorium}};
  const std::map<std::string_view, std::string Purpose::*> texts{
      {"region", &Purpose::region}, {"date", &Purpose::date},       {"user", &Purpose::user},
      {"project", &Purpose::project}, {"institution", &Purpose::institution},
      {"research_type", &Purpose::research_type}};
  for (const auto& [key, value] : json.items()) {
    auto bad_type = [&key = key](const char* want) {
      return core::bad_input(fmt::format("purpose: field '{}' must be {}", key, want), {.field = key});
    };
    if (auto flag = flags.find(key); flag != flags.end()) {
      if (!value.is_boolean()) return bad_type("true or false");
      p.*(flag->second) = value.get<bool>();
    } else if (auto text = texts.find(key); text != texts.end()) {
      if (!value.is_string()) return bad_type("a string");
      p.*(text->second) = value.get<std::string>();
    } else if (key == "use") {
      if (!value.is_string()) return bad_type("a string");
      const std::string& text = value.get_ref<const std::string&>();
      auto [name, argument] = split_token(text);
      auto term = parse_duo_term(name);
      if (!term || !duo_info(*term).permission || *term == DuoTerm::nres || (*term == DuoTerm::ds) == argument.empty()) {
        return core::bad_input(fmt::format("purpose: use '{}' is not GRU, HMB, POA or DS:<disease>", text),
                               {.field = "use"});
      }
      p.use = *term == DuoTerm::gru ? PrimaryUse::general
              : *term == DuoTerm::hmb ? PrimaryUse::health
              : *term == DuoTerm::poa ? PrimaryUse::ancestry
                                      : PrimaryUse::disease;
      p.disease = std::string(argument);
    } else {
      return core::bad_input(fmt::format("purpose: unknown field '{}'", key), {.field = key});
    }
  }
  if (!p.date.empty() && !iso_date(p.date)) {
    return core::bad_input(fmt::format("purpose: date '{}' is not YYYY-MM-DD", p.date), {.field = "date"});
  }
  return p;
}

}  // namespace oncoshare::node
