// GA4GH Data Use Ontology (DUO) consent matching. A dataset's consent is one permission
// (NRES, GRU, HMB, DS with diseases, POA) plus modifiers; a request declares its purpose.
// match() applies the DUOS v2 business rules (DataBiosphere consent-ontology
// docs/Algorithms.md): DS-X ⊂ HMB ⊂ GRU, disease subsumption through a MONDO tree,
// and one rule per modifier. The decision explains every rule that refused.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::node {

enum class DuoTerm : std::uint8_t {
  // permissions
  nres, gru, hmb, ds, poa,
  // modifiers
  irb, gs, npu, ncu, npuncu, pub, col, mor, ts, us, ps, is, rtn, nmds, gso, rs, npoa, cc,
};

struct DuoTermInfo {
  DuoTerm term;
  std::string_view id;         // "DUO:0000042"
  std::string_view shorthand;  // "GRU"
  bool permission;
  bool needs_argument;         // DS disease, GS region, TS date, US/PS/IS/RS name
};

// Looks a term up by id ("DUO:0000042") or shorthand ("GRU", case-insensitive).
[[nodiscard]] core::Result<DuoTerm> parse_duo_term(std::string_view text);
[[nodiscard]] const DuoTermInfo& duo_info(DuoTerm term);

struct DuoModifier {
  DuoTerm term;
  std::string argument;  // empty when the modifier takes none
};

struct Consent {
  DuoTerm permission = DuoTerm::gru;
  std::vector<std::string> diseases;  // DS only: the consented diseases (MONDO ids)
  std::vector<DuoModifier> modifiers;
};

// Parses "DS:MONDO:0007254 IRB GS:EU NPU" (terms by shorthand or DUO id, separated by
// spaces or commas; ':' introduces an argument). Exactly one permission is required.
[[nodiscard]] core::Result<Consent> parse_consent(std::string_view text);
// The canonical shorthand text, e.g. "DS:MONDO:0007254 IRB GS:EU".
[[nodiscard]] std::string to_string(const Consent& consent);

enum class PrimaryUse : std::uint8_t { general, health, disease, ancestry };

// What a request declares about itself.
struct Purpose {
  PrimaryUse use = PrimaryUse::general;
  std::string disease;              // MONDO id when use == disease
  bool methods = false;             // methods development (algorithms, software)
  bool control_set = false;         // used as a control set for another study
  bool commercial = false;          // commercial purpose
  bool for_profit = false;          // the requesting organisation is for-profit
  bool irb_approved = false;        // ethics approval obtained
  std::string region;               // where the data will be used, e.g. "EU"
  bool publication = false;         // commits to publish results
  bool collaboration = false;       // commits to collaborate with the data provider
  bool genetic = false;             // a genetic study
  bool clinical_care = false;       // clinical use and care rather than research
  bool return_derived = false;      // commits to return derived data
  bool accepts_moratorium = false;  // accepts the publication moratorium
  std::string date;                 // request date, YYYY-MM-DD (for TS)
  std::string user, project, institution, research_type;  // for US, PS, IS, RS
};

// From a request's JSON: {"use": "DS:MONDO:0007254" | "HMB" | "GRU" | "POA", "methods":
// true, "region": "EU", ...} with the field names of Purpose. Unknown fields and wrong
// types are bad_input errors naming the field.
[[nodiscard]] core::Result<Purpose> parse_purpose(const nlohmann::json& json);

// A disease hierarchy (child -> parents). builtin() covers the cancers of the synthetic
// cohort under MONDO:0004992 "cancer"; load() adds "child,parent[,label]" CSV lines.
class DiseaseTree {
 public:
  [[nodiscard]] static DiseaseTree builtin();
  // Adds edges from a file; errors name file and line. '#' starts a comment line.
  [[nodiscard]] core::Status load(const std::string& path);
  void add(const std::string& child, const std::string& parent, const std::string& label = "");
  // True when `disease` is `ancestor` or lies below it.
  [[nodiscard]] bool is_a(const std::string& disease, const std::string& ancestor) const;
  // "MONDO:0007254 (breast cancer)", or the bare id when no label is known.
  [[nodiscard]] std::string describe(const std::string& id) const;

 private:
  std::map<std::string, std::vector<std::string>> parents_;
  std::map<std::string, std::string> labels_;
};

struct DuoDecision {
  bool allowed = false;
  std::vector<std::string> refused_by;  // shorthands of the refusing rules, in order
  std::string explanation;              // one sentence per refusing rule, or why it is allowed
};

// Decides whether `purpose` is compatible with `consent`. Pure function.
[[nodiscard]] DuoDecision match(const Consent& consent, const Purpose& purpose, const DiseaseTree& diseases);

}  // namespace oncoshare::node
