// DUO matching rules and the disease hierarchy used for DS subsumption.
#include "node/duo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

namespace oncoshare::node {

namespace {

constexpr std::string_view kCancer = "MONDO:0004992";

// Cancers of the synthetic cohort (breast, lung, colorectal, prostate) and their carcinomas.
struct Edge {
  const char* child;
  const char* parent;
  const char* label;
};
constexpr Edge kBuiltinEdges[] = {
    {"MONDO:0007254", "MONDO:0004992", "breast cancer"},
    {"MONDO:0004989", "MONDO:0007254", "breast carcinoma"},
    {"MONDO:0008903", "MONDO:0004992", "lung cancer"},
    {"MONDO:0005138", "MONDO:0008903", "lung carcinoma"},
    {"MONDO:0005233", "MONDO:0005138", "non-small cell lung carcinoma"},
    {"MONDO:0005575", "MONDO:0004992", "colorectal cancer"},
    {"MONDO:0024331", "MONDO:0005575", "colorectal carcinoma"},
    {"MONDO:0008315", "MONDO:0004992", "prostate cancer"},
    {"MONDO:0005159", "MONDO:0008315", "prostate carcinoma"},
};

std::string term_name(DuoTerm term) {
  const auto& info = duo_info(term);
  return fmt::format("{} ({})", info.shorthand, info.id);
}

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

}  // namespace

DiseaseTree DiseaseTree::builtin() {
  DiseaseTree tree;
  tree.labels_[std::string(kCancer)] = "cancer";
  for (const auto& edge : kBuiltinEdges) tree.add(edge.child, edge.parent, edge.label);
  return tree;
}

void DiseaseTree::add(const std::string& child, const std::string& parent, const std::string& label) {
  auto& parents = parents_[child];
  if (std::find(parents.begin(), parents.end(), parent) == parents.end()) parents.push_back(parent);
  if (!label.empty()) labels_[child] = label;
}

core::Status DiseaseTree::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::bad_input("cannot open disease hierarchy", {path});
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1) {
      cells.push_back(trim(line.substr(start, comma - start)));
    }
    cells.push_back(trim(line.substr(start)));
    if (cells.size() < 2 || cells.size() > 3 || cells[0].empty() || cells[1].empty()) {
      return core::bad_input(fmt::format("expected 'child,parent[,label]', got '{}'", line), {path, number});
    }
    if (cells[0] == cells[1] || is_a(cells[1], cells[0])) {
      return core::bad_input(fmt::format("edge {} -> {} would make a cycle", cells[0], cells[1]), {path, number});
    }
    add(cells[0], cells[1], cells.size() == 3 ? cells[2] : "");
  }
  return {};
}

bool DiseaseTree::is_a(const std::string& disease, const std::string& ancestor) const {
  std::vector<std::string> todo{disease};
  std::set<std::string> seen;
  while (!todo.empty()) {
    std::string current = std::move(todo.back());
    todo.pop_back();
    if (current == ancestor) return true;
    if (!seen.insert(current).second) continue;
    if (auto it = parents_.find(current); it != parents_.end()) todo.insert(todo.end(), it->second.begin(), it->second.end());
  }
  return false;
}

std::string DiseaseTree::describe(const std::string& id) const {
  auto it = labels_.find(id);
  return it == labels_.end() ? id : fmt::format("{} ({})", id, it->second);
}

namespace {

// Rules on the permission (NRES, GRU, HMB, DS, POA); empty when it allows the primary use.
std::string permission_refusal(const Consent& c, const Purpose& p, const DiseaseTree& tree) {
  switch (c.permission) {
    case DuoTerm::nres:
    case DuoTerm::gru:
      return {};
    case DuoTerm::hmb:
      if (p.use == PrimaryUse::ancestry) {
        return "HMB (DUO:0000006) excludes population origins or ancestry research";
      }
      if (p.use == PrimaryUse::general) {
        return "HMB (DUO:0000006) allows health, medical or biomedical research only; the purpose is general research";
      }
      return {};
    case DuoTerm::ds: {
      std::vector<std::string> consented;
      for (const auto& d : c.diseases) consented.push_back(tree.describe(d));
      std::string allowed = fmt::format("{}", fmt::join(consented, " or "));
      if (p.use != PrimaryUse::disease) {
        return fmt::format("DS (DUO:0000007) allows research on {} only; the purpose is not disease-specific", allowed);
      }
      for (const auto& d : c.diseases) {
        if (tree.is_a(p.disease, d)) return {};
      }
      return fmt::format("DS (DUO:0000007) allows research on {} and its subtypes; {} is not one of them", allowed,
                         tree.describe(p.disease));
    }
    case DuoTerm::poa:
      if (p.use == PrimaryUse::ancestry) return {};
      return "POA (DUO:0000011) allows population origins or ancestry research only";
    default:
      return {};
  }
}

bool ds_match(const Consent& c, const Purpose& p, const DiseaseTree& tree) {
  if (c.permission != DuoTerm::ds || p.use != PrimaryUse::disease) return false;
  return std::any_of(c.diseases.begin(), c.diseases.end(), [&](const auto& d) { return tree.is_a(p.disease, d); });
}

std::string quoted_or_none(const std::string& value) { return value.empty() ? "none" : "'" + value + "'"; }

// One modifier's rule; empty when the purpose satisfies it.
std::string modifier_refusal(const DuoModifier& m, const Consent& c, const Purpose& p, const DiseaseTree& tree) {
  const std::string name = term_name(m.term);
  const std::string& arg = m.argument;
  auto named = [&](const char* what, const std::string& declared) -> std::string {
    if (declared == arg) return {};
    return fmt::format("{} restricts use to {} '{}'; the request declares {}", name, what, arg, quoted_or_none(declared));
  };
  switch (m.term) {
    case DuoTerm::irb:
      return p.irb_approved ? "" : name + " requires ethics (IRB) approval, which the request does not declare";
    case DuoTerm::gs:
      return p.region == arg ? ""
                             : fmt::format("{} restricts use to region '{}'; the request declares region {}", name, arg,
                                           quoted_or_none(p.region));
    case DuoTerm::npu:
      if (p.for_profit) return name + " allows not-for-profit organisations only; the requester is for-profit";
      if (p.commercial) return name + " allows not-for-profit use only; the purpose is commercial";
      return {};
    case DuoTerm::ncu:
      return p.commercial ? name + " allows non-commercial use only; the purpose is commercial" : "";
    case DuoTerm::npuncu:
      if (p.commercial || p.for_profit) {
        return name + " allows non-commercial use by not-for-profit organisations only; the " +
               (p.commercial ? "purpose is commercial" : "requester is for-profit");
      }
      return {};
    case DuoTerm::pub:
      return p.publication ? "" : name + " requires a commitment to publish the results";
    case DuoTerm::col:
      return p.collaboration ? "" : name + " requires collaboration with the data provider";
    case DuoTerm::mor:
      return p.accepts_moratorium ? ""
                                  : name + " requires accepting the publication moratorium" +
                                        (arg.empty() ? "" : " (until " + arg + ")");
    case DuoTerm::ts:
      if (p.date.empty()) return fmt::format("{} allows use until {}; the request carries no date", name, arg);
      return p.date <= arg ? "" : fmt::format("{} allowed use until {}; the request is dated {}", name, arg, p.date);
    case DuoTerm::us:
      return named("user", p.user);
    case DuoTerm::ps:
      return named("project", p.project);
    case DuoTerm::is:
      return named("institution", p.institution);
    case DuoTerm::rs:
      return named("research type", p.research_type);
    case DuoTerm::rtn:
      return p.return_derived ? "" : name + " requires returning derived data to the provider";
    case DuoTerm::nmds:
      if (!p.methods || ds_match(c, p, tree)) return {};
      return name + " prohibits methods development research unless it is within the consented disease";
    case DuoTerm::gso:
      return p.genetic ? "" : name + " allows genetic studies only";
    case DuoTerm::npoa:
      return p.use == PrimaryUse::ancestry ? name + " prohibits population origins or ancestry research" : "";
    default:  // CC widens rather than restricts; see the clinical-care rule in match()
      return {};
  }
}

bool has(const Consent& c, DuoTerm term) {
  return std::any_of(c.modifiers.begin(), c.modifiers.end(), [term](const auto& m) { return m.term == term; });
}

}  // namespace

DuoDecision match(const Consent& consent, const Purpose& purpose, const DiseaseTree& diseases) {
  DuoDecision decision;
  std::vector<std::string> reasons;
  auto refuse = [&](std::string_view rule, std::string reason) {
    if (reason.empty()) return;
    decision.refused_by.emplace_back(rule);
    reasons.push_back(std::move(reason));
  };
  refuse(duo_info(consent.permission).shorthand, permission_refusal(consent, purpose, diseases));
  // Control sets match GRU or HMB only (consent-ontology "Control set" rule).
  if (purpose.control_set && consent.permission != DuoTerm::gru && consent.permission != DuoTerm::hmb &&
      consent.permission != DuoTerm::nres) {
    refuse("control set", fmt::format("use as a control set needs GRU or HMB consent; the dataset has {}",
                                      term_name(consent.permission)));
  }
  // Clinical care is not research: only CC (or no restriction at all) allows it.
  if (purpose.clinical_care && consent.permission != DuoTerm::nres && !has(consent, DuoTerm::cc)) {
    refuse("CC", "clinical care use needs the CC (DUO:0000043) modifier, which the consent lacks");
  }
  for (const auto& m : consent.modifiers) {
    refuse(duo_info(m.term).shorthand, modifier_refusal(m, consent, purpose, diseases));
  }
  decision.allowed = reasons.empty();
  decision.explanation = decision.allowed
                             ? fmt::format("allowed: consent '{}' permits this purpose", to_string(consent))
                             : fmt::format("refused: {}", fmt::join(reasons, "; "));
  return decision;
}

}  // namespace oncoshare::node
