// Coordinator side of the federated Cox model: a round-based state machine that only
// ever sees the element-wise sums of the sites' answers. Newton-Raphson with step
// halving, started at beta = 0, as survival::coxph (coxfit6) does.
//
//   auto fit = CoxFit::create(names, sites, options);        // validated once
//   while (!fit->done()) {
//     broadcast(fit->next_request());                        // to every site
//     ONCOSHARE_TRY(fit->accept(securely_summed_answers));   // cox_site_answer() sums
//   }
//   auto result = fit->result();
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "models/cox_math.hpp"
#include "models/cox_options.hpp"
#include "models/cox_result.hpp"

namespace oncoshare::models {

class CoxFit {
 public:
  // `names`: the covariates (an "(Intercept)" entry is ignored: Cox has none); `sites`:
  // how many sites answer (reported only). Fails on empty names or an invalid option.
  [[nodiscard]] static core::Result<CoxFit> create(std::vector<std::string> names,
                                                   std::size_t sites, const CoxOptions& options);

  // The request to broadcast now. Its step is done once the fit is finished or failed.
  [[nodiscard]] const CoxRequest& next_request() const { return request_; }
  [[nodiscard]] bool done() const { return request_.step == CoxStep::done; }

  // Takes the element-wise sum of every site's answer to next_request() and moves on.
  // Errors (the fit is then done and failed): wrong length, no events, a covariate that is
  // constant everywhere or makes the information matrix singular (named), a non-finite
  // log-likelihood.
  [[nodiscard]] core::Status accept(std::span<const double> summed);

  // The fitted model once done(); the first error otherwise.
  [[nodiscard]] core::Result<CoxResult> result() const;

 private:
  CoxFit() = default;
  [[nodiscard]] core::Status accept_summary(std::span<const double> in);
  [[nodiscard]] core::Status accept_derivatives(std::span<const double> in);
  void accept_concordance(std::span<const double> in);
  [[nodiscard]] CoxDerivatives pooled_derivatives(std::span<const double> in) const;
  [[nodiscard]] core::Status newton(const CoxDerivatives& d);
  [[nodiscard]] core::Status finish(const CoxDerivatives& d, bool converged);
  [[nodiscard]] core::Result<Eigen::VectorXd> solve(const CoxDerivatives& d) const;
  [[nodiscard]] core::Status fail(core::Error error);
  // Length every site's answer to request_ has.
  [[nodiscard]] std::size_t answer_size() const;

  std::vector<std::string> names_;
  Eigen::Index p_ = 0;
  CoxRequest request_;
  CoxResult result_;
  std::vector<core::Error> error_;  // at most one
  Eigen::VectorXd mean_;
  Eigen::MatrixXd covariance_;
  std::vector<double> event_counts_;  // pooled: events at each request_.times entry
  // Newton state: the best beta so far and its log-likelihood.
  Eigen::VectorXd beta_;
  double best_loglik_ = 0;
  bool halving_ = false;
  int iteration_ = 0;
};

}  // namespace oncoshare::models
