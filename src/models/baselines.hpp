// Baselines for federated logistic regression, in the same framework as the exact GLM so
// the bench can compare rounds and accuracy: FedAvg (local gradient descent, weighted
// average) and consensus ADMM (as in the Personal Health Train study). Both are
// approximate: they stop at a tolerance, unlike the exact Newton fit.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "models/design.hpp"

namespace oncoshare::models {

struct FedAvgOptions {
  std::size_t local_epochs = 5;   // full-batch gradient steps per site per round
  double learning_rate = 1.0;     // on the site's mean log-loss
  double tolerance = 1e-6;        // stop when max |beta_new - beta| < tolerance
  std::size_t max_rounds = 5000;
};

struct AdmmOptions {
  double rho = 0.1;               // augmented Lagrangian penalty
  double alpha = 1.5;             // over-relaxation
  double tolerance = 1e-3;        // on both the primal and the dual residual norms
  std::size_t max_rounds = 5000;
};

struct BaselineResult {
  std::vector<double> coefficients;  // in the designs' column order
  std::size_t rounds = 0;            // communication rounds used
  bool converged = false;            // false: max_rounds reached
};

// FedAvg: each round every site runs local_epochs gradient steps from the global
// coefficients; the new global coefficients are the row-weighted mean of the sites'.
// Fails (bad_input) without sites, with differing designs, no rows, or y not 0/1.
[[nodiscard]] core::Result<BaselineResult> fedavg_logistic(std::span<const Design> sites,
                                                           const FedAvgOptions& options = {});

// Consensus ADMM (Boyd et al. 2011, section 7.1) with over-relaxation: each site solves
// its logistic loss + rho/2 |x - z + u|^2 exactly (Newton); z is the mean of the sites'
// relaxed x + u. Stops when the primal and dual residuals are both below tolerance.
// Errors as fedavg_logistic().
[[nodiscard]] core::Result<BaselineResult> admm_logistic(std::span<const Design> sites,
                                                         const AdmmOptions& options = {});

namespace detail {
// Checks the sites for the baselines: same names, some rows, y in {0, 1}.
[[nodiscard]] core::Status check_logistic_sites(std::span<const Design> sites);
}  // namespace detail

}  // namespace oncoshare::models
