#include "models/cox.hpp"

#include <fmt/format.h>

namespace oncoshare::models {

std::string_view to_string(CoxTies ties) { return ties == CoxTies::efron ? "efron" : "breslow"; }

std::vector<double> sum_answers(const std::vector<std::vector<double>>& answers) {
  std::vector<double> total(answers.empty() ? 0 : answers.front().size(), 0.0);
  for (const auto& answer : answers) {
    for (std::size_t i = 0; i < total.size() && i < answer.size(); ++i) total[i] += answer[i];
  }
  return total;
}

core::Result<CoxResult> fit_cox(std::span<const Design> sites, const CoxOptions& options,
                                const CoxSum& sum) {
  if (sites.empty()) return core::fail(core::bad_input("a Cox fit needs at least one site"));
  for (std::size_t s = 1; s < sites.size(); ++s) {
    if (sites[s].names != sites[0].names) {
      return core::fail(core::bad_input(fmt::format(
          "site {} has design columns [{}], site 1 has [{}]", s + 1,
          fmt::join(sites[s].names, ", "), fmt::join(sites[0].names, ", "))));
    }
  }
  auto fit = CoxFit::create(sites[0].names, sites.size(), options);
  if (!fit) return core::fail(fit.error());
  while (!fit->done()) {
    std::vector<std::vector<double>> answers;
    answers.reserve(sites.size());
    for (std::size_t s = 0; s < sites.size(); ++s) {
      auto answer = cox_site_answer(sites[s], fit->next_request());
      if (!answer) {
        core::Error error = answer.error();
        error.message = fmt::format("site {}: {}", s + 1, error.message);
        return core::fail(std::move(error));
      }
      answers.push_back(std::move(*answer));
    }
    ONCOSHARE_TRY(fit->accept(sum(answers)));
  }
  return fit->result();
}

}  // namespace oncoshare::models
