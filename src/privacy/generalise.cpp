#include "privacy/generalise.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace oncoshare::privacy {

namespace {

// One quasi-identifier's values, interned, and their generalisations at every level.
struct Domain {
  std::vector<std::string> originals;
  std::vector<std::uint32_t> record_value;             // per record: index into originals
  std::vector<std::vector<std::uint32_t>> group;       // [level][original] -> group id
  std::vector<std::vector<std::string>> group_text;    // [level][group id] -> value
  std::vector<std::vector<double>> group_loss;         // [level][group id] -> cell loss
};

core::Result<Domain> build_domain(const QuasiTable& table, std::size_t q, const Hierarchy& h) {
  Domain d;
  std::unordered_map<std::string, std::uint32_t> index;
  for (const QuasiRecord& record : table.records) {
    auto [it, fresh] = index.try_emplace(record.values[q], static_cast<std::uint32_t>(d.originals.size()));
    if (fresh) d.originals.push_back(record.values[q]);
    d.record_value.push_back(it->second);
  }
  const double spread = d.originals.size() > 1 ? static_cast<double>(d.originals.size() - 1) : 1;
  for (std::size_t level = 0; level <= h.height(); ++level) {
    std::unordered_map<std::string, std::uint32_t> groups;
    std::vector<std::uint32_t> group_of;
    std::vector<std::string> texts;
    std::vector<std::uint64_t> members;
    for (const std::string& original : d.originals) {
      core::Result<std::string> value = generalise_value(h, level, original);
      if (!value) {
        // Name a record holding the value so the user can find it.
        const auto at = std::find(d.originals.begin(), d.originals.end(), original) - d.originals.begin();
        const auto rec = std::find(d.record_value.begin(), d.record_value.end(), at) - d.record_value.begin();
        value.error().message = fmt::format("record '{}': {}", table.records[static_cast<std::size_t>(rec)].record_id,
                                            value.error().message);
        return core::fail(value.error());
      }
      auto [it, fresh] = groups.try_emplace(*value, static_cast<std::uint32_t>(texts.size()));
      if (fresh) {
        texts.push_back(*value);
        members.push_back(0);
      }
      ++members[it->second];
      group_of.push_back(it->second);
    }
    std::vector<double> loss;
    for (std::uint64_t m : members) loss.push_back(static_cast<double>(m - 1) / spread);
    d.group.push_back(std::move(group_of));
    d.group_text.push_back(std::move(texts));
    d.group_loss.push_back(std::move(loss));
  }
  return d;
}

struct NodeScore {
  std::uint64_t suppressed = 0, k = 0, classes = 0, discernibility = 0;
  double loss = 0, precision = 0;
};

// Class of every record at `levels`, as dense ids, and the class sizes.
void classify(const std::vector<Domain>& domains, const std::vector<std::size_t>& levels,
              std::size_t n, std::vector<std::uint32_t>& class_of, std::vector<std::uint64_t>& sizes) {
  std::unordered_map<std::string, std::uint32_t> ids;
  std::string key;
  class_of.assign(n, 0);
  sizes.clear();
  for (std::size_t r = 0; r < n; ++r) {
    key.clear();
    for (std::size_t q = 0; q < domains.size(); ++q) {
      const std::uint32_t g = domains[q].group[levels[q]][domains[q].record_value[r]];
      key.append(reinterpret_cast<const char*>(&g), sizeof g);
    }
    auto [it, fresh] = ids.try_emplace(key, static_cast<std::uint32_t>(sizes.size()));
    if (fresh) sizes.push_back(0);
    ++sizes[it->second];
    class_of[r] = it->second;
  }
}

NodeScore score(const std::vector<Domain>& domains, const std::vector<Hierarchy>& hierarchies,
                const std::vector<std::size_t>& levels, std::uint64_t k,
                const std::vector<std::uint32_t>& class_of, const std::vector<std::uint64_t>& sizes) {
  NodeScore s;
  const std::size_t n = class_of.size();
  double loss = 0, imprecision = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (sizes[class_of[r]] < k) {
      ++s.suppressed;
      loss += static_cast<double>(domains.size());
      imprecision += static_cast<double>(domains.size());
      continue;
    }
    for (std::size_t q = 0; q < domains.size(); ++q) {
      const Domain& d = domains[q];
      loss += d.group_loss[levels[q]][d.group[levels[q]][d.record_value[r]]];
      imprecision += static_cast<double>(levels[q]) / static_cast<double>(hierarchies[q].height());
    }
  }
  for (std::uint64_t size : sizes) {
    if (size < k) continue;
    ++s.classes;
    s.k = s.k == 0 ? size : std::min(s.k, size);
    s.discernibility += size * size;
  }
  s.discernibility += s.suppressed * n;
  const double cells = static_cast<double>(n * domains.size());
  s.loss = loss / cells;
  s.precision = 1.0 - imprecision / cells;
  return s;
}

// Advances a mixed-radix counter; false after the last node.
bool next_node(std::vector<std::size_t>& levels, const std::vector<Hierarchy>& hierarchies) {
  for (std::size_t q = levels.size(); q-- > 0;) {
    if (levels[q] < hierarchies[q].height()) {
      ++levels[q];
      return true;
    }
    levels[q] = 0;
  }
  return false;
}

std::size_t level_sum(const std::vector<std::size_t>& levels) {
  std::size_t sum = 0;
  for (std::size_t l : levels) sum += l;
  return sum;
}

}  // namespace

core::Result<std::vector<Hierarchy>> hierarchies_for(const dictionary::Dictionary& dict,
                                                     const std::vector<std::string>& quasi,
                                                     const std::vector<Hierarchy>& specs) {
  std::vector<Hierarchy> out;
  for (const std::string& name : quasi) {
    Hierarchy h;
    h.variable = name;
    const dictionary::Variable* v = dict.find(name);
    if (v != nullptr) {
      using dictionary::ValidationKind;
      const ValidationKind kind = v->validation.kind;
      if (kind == ValidationKind::date_ymd || kind == ValidationKind::date_mdy ||
          kind == ValidationKind::date_dmy) {
        h.kind = HierarchyKind::date;
      }
    }
    out.push_back(std::move(h));
  }
  std::unordered_set<std::string> given;
  for (const Hierarchy& spec : specs) {
    const auto it = std::find(quasi.begin(), quasi.end(), spec.variable);
    if (it == quasi.end()) {
      return core::bad_input(fmt::format("--hierarchy names '{}', which is not in --quasi", spec.variable));
    }
    if (!given.insert(spec.variable).second) {
      return core::bad_input(fmt::format("--hierarchy gives '{}' twice", spec.variable));
    }
    out[static_cast<std::size_t>(it - quasi.begin())] = spec;
  }
  return out;
}

core::Result<Generalisation> find_generalisation(const QuasiTable& table,
                                                 const GeneraliseOptions& options) {
  const std::size_t n = table.records.size();
  if (options.k < 1) return core::bad_input("--k must be at least 1");
  if (!(options.suppression_limit >= 0 && options.suppression_limit <= 1)) {
    return core::bad_input(fmt::format("--suppression-limit {} is outside [0, 1]", options.suppression_limit));
  }
  if (options.hierarchies.size() != table.quasi.size()) {
    return core::Error{core::ErrorCode::internal, "one hierarchy per quasi-identifier expected"};
  }
  if (n < options.k) {
    return core::bad_input(fmt::format("cannot reach k = {}: the data has only {} records", options.k, n));
  }
  double nodes = 1;
  for (const Hierarchy& h : options.hierarchies) nodes *= static_cast<double>(h.height() + 1);
  if (nodes > static_cast<double>(kMaxLatticeNodes)) {
    return core::bad_input(fmt::format("the generalisation lattice has {} nodes (at most {}): use fewer "
                                       "quasi-identifiers or shorter hierarchies",
                                       nodes, kMaxLatticeNodes));
  }
  std::vector<Domain> domains;
  for (std::size_t q = 0; q < table.quasi.size(); ++q) {
    core::Result<Domain> d = build_domain(table, q, options.hierarchies[q]);
    if (!d) return core::fail(d.error());
    domains.push_back(std::move(*d));
  }
  const auto allowed = static_cast<std::uint64_t>(std::floor(options.suppression_limit * static_cast<double>(n) + 1e-9));
  std::vector<std::size_t> levels(table.quasi.size(), 0), best_levels;
  NodeScore best;
  bool found = false;
  std::uint64_t checked = 0;
  std::vector<std::uint32_t> class_of;
  std::vector<std::uint64_t> sizes;
  do {
    ++checked;
    classify(domains, levels, n, class_of, sizes);
    const NodeScore s = score(domains, options.hierarchies, levels, options.k, class_of, sizes);
    if (s.suppressed > allowed) continue;
    const bool better = !found || s.loss < best.loss - 1e-12 ||
                        (std::fabs(s.loss - best.loss) <= 1e-12 &&
                         (level_sum(levels) < level_sum(best_levels) ||
                          (level_sum(levels) == level_sum(best_levels) && levels < best_levels)));
    if (better) {
      best = s;
      best_levels = levels;
      found = true;
    }
  } while (next_node(levels, options.hierarchies));
  if (!found) {  // unreachable while n >= k: the top node is one class of n records
    return core::Error{core::ErrorCode::internal, "no k-anonymous node in the lattice"};
  }
  Generalisation result;
  result.levels = best_levels;
  result.suppressed_count = best.suppressed;
  result.k = best.k;
  result.classes = best.classes;
  result.loss = best.loss;
  result.precision = best.precision;
  result.discernibility = best.discernibility;
  result.nodes_checked = checked;
  classify(domains, best_levels, n, class_of, sizes);
  for (std::size_t r = 0; r < n; ++r) {
    result.suppressed.push_back(sizes[class_of[r]] < options.k);
    std::vector<std::string> row;
    for (std::size_t q = 0; q < domains.size(); ++q) {
      const Domain& d = domains[q];
      row.push_back(d.group_text[best_levels[q]][d.group[best_levels[q]][d.record_value[r]]]);
    }
    result.generalised.push_back(std::move(row));
  }
  return result;
}

}  // namespace oncoshare::privacy
