// Site side of the federated Cox model: pure functions of one site's design rows and the
// coordinator's request. Each returns a flat vector whose layout depends only on the
// request and the number of covariates, never on the site's data, so sums line up.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "models/cox_options.hpp"
#include "models/design.hpp"

namespace oncoshare::models {

// The site's answer to `request` (dispatches on request.step to the functions below).
// Errors (bad_input, field "time" / "event", naming the variable and the rule, never a row
// or a value): a time that is not finite, negative or beyond the grid horizon (pooled); an
// event that is not 0 or 1; a design whose covariate count differs from the request's beta.
// A pooled event whose rounded time is not among request.times counts in the risk sets
// only (no error: its presence would answer whether the site had an event then).
[[nodiscard]] core::Result<std::vector<double>> cox_site_answer(const Design& site,
                                                                const CoxRequest& request);

// [n, events, sum x (p), sum x x' (packed upper triangle)], and for the pooled model also
// the event count at each candidate grid point 0, step, ..., grid_max (times rounded up
// to it) followed by the number of times that were not already on the grid.
[[nodiscard]] core::Result<std::vector<double>> cox_summary(const Design& site,
                                                            const CoxRequest& request);

// Stratified model: [loglik, gradient (p), information (packed)] of the site's own
// stratum at request.beta. Zero events: all zeros.
[[nodiscard]] core::Result<std::vector<double>> cox_stratum_derivatives(
    const Design& site, const CoxRequest& request);

// Pooled model: for each event time t_k of request.times, the sums over the site's rows
// at risk (rounded time >= t_k) of w, w x, w x x' (packed) with w = exp((x - center)'beta),
// then (Efron only) the same sums over its events at t_k; finally the sum of (x - center)
// over all its events.
[[nodiscard]] core::Result<std::vector<double>> cox_risk_set_sums(const Design& site,
                                                                  const CoxRequest& request);

// Stratified model: [concordant, discordant, tied_x] pairs within the site at
// request.beta, as survival::concordance counts them for a coxph fit (a pair is
// comparable when the shorter time is an event; a censoring tied with an event time
// counts as longer; pairs tied on an event time are not comparable).
[[nodiscard]] core::Result<std::vector<double>> cox_concordance_counts(
    const Design& site, const CoxRequest& request);

// Pooled model: for each event time t_k, a histogram of the linear predictor (bins split
// at request.edges) of the events at t_k, then one of the rows still at risk after t_k.
[[nodiscard]] core::Result<std::vector<double>> cox_concordance_histograms(
    const Design& site, const CoxRequest& request);

}  // namespace oncoshare::models
