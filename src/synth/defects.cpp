#include "synth/defects.hpp"

#include <algorithm>

#include "synth/random.hpp"

namespace oncoshare::synth {

namespace {
// Defect draws use their own streams, so the clean data do not depend on the defect rate.
constexpr std::uint64_t kDefectStream = std::uint64_t{1} << 62;
}  // namespace

DefectInjector::DefectInjector(const ExportLayout& layout, std::uint64_t seed, double rate)
    : layout_(layout), seed_(seed), rate_(rate) {}

std::optional<Defect> DefectInjector::maybe_inject(const Patient& patient, std::uint64_t index,
                                                   std::vector<Row>& rows) const {
  if (rate_ <= 0.0) return std::nullopt;
  Rng rng(seed_, kDefectStream + index);
  if (!rng.bernoulli(rate_)) return std::nullopt;
  std::vector<Candidate> candidates = defect_candidates(patient, layout_, rows, rng);
  // Family first, then a cell within it, so rare families are not drowned by common ones.
  std::vector<std::string_view> families;
  for (std::string_view family : kCheckFamilies) {
    if (std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.check == family; })) {
      families.push_back(family);
    }
  }
  if (families.empty()) return std::nullopt;
  const std::string_view family =
      families[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(families.size()) - 1))];
  std::vector<const Candidate*> in_family;
  for (const Candidate& c : candidates) {
    if (c.check == family) in_family.push_back(&c);
  }
  const Candidate& chosen =
      *in_family[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(in_family.size()) - 1))];

  Row& row = rows[chosen.edit.row];
  Defect defect{row[0],
                row[kInstrumentColumn],
                row[kInstanceColumn],
                layout_.header()[chosen.edit.column],
                std::string(chosen.check),
                row[chosen.edit.column],
                chosen.edit.value};
  row[chosen.edit.column] = chosen.edit.value;
  if (chosen.companion) rows[chosen.companion->row][chosen.companion->column] = chosen.companion->value;
  return defect;
}

}  // namespace oncoshare::synth
