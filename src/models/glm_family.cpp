#include "models/glm_family.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace oncoshare::models {
namespace {

constexpr double kThreshold = 30.0;  // R's logit THRESH / MTHRESH
constexpr double kInverseEpsilon = 1.0 / DBL_EPSILON;

// y * log(y / mu) with 0 log 0 = 0 (R's y_log_y).
double y_log_y(double y, double mu) { return y != 0.0 ? y * std::log(y / mu) : 0.0; }

}  // namespace

std::string_view to_string(Family family) {
  switch (family) {
    case Family::binomial: return "binomial";
    case Family::poisson: return "poisson";
    case Family::gaussian: return "gaussian";
  }
  return "gaussian";
}

core::Result<Family> family_from_string(std::string_view text) {
  for (Family f : {Family::binomial, Family::poisson, Family::gaussian}) {
    if (to_string(f) == text) return f;
  }
  return core::fail(core::bad_input(fmt::format("unknown family '{}' (binomial, poisson or gaussian)", text)));
}

double FamilyFunctions::link(double mu) const {
  switch (family) {
    case Family::binomial: return std::log(mu / (1.0 - mu));
    case Family::poisson: return std::log(mu);
    case Family::gaussian: return mu;
  }
  return mu;
}

double FamilyFunctions::inverse_link(double eta) const {
  switch (family) {
    case Family::binomial: {
      const double t = eta < -kThreshold ? DBL_EPSILON : (eta > kThreshold ? kInverseEpsilon : std::exp(eta));
      return t / (1.0 + t);
    }
    case Family::poisson: return std::max(std::exp(eta), DBL_EPSILON);
    case Family::gaussian: return eta;
  }
  return eta;
}

double FamilyFunctions::mu_eta(double eta) const {
  switch (family) {
    case Family::binomial: {
      if (eta > kThreshold || eta < -kThreshold) return DBL_EPSILON;
      const double e = std::exp(eta);
      return e / ((1.0 + e) * (1.0 + e));
    }
    case Family::poisson: return std::max(std::exp(eta), DBL_EPSILON);
    case Family::gaussian: return 1.0;
  }
  return 1.0;
}

double FamilyFunctions::variance(double mu) const {
  switch (family) {
    case Family::binomial: return mu * (1.0 - mu);
    case Family::poisson: return mu;
    case Family::gaussian: return 1.0;
  }
  return 1.0;
}

double FamilyFunctions::deviance(double y, double mu) const {
  switch (family) {
    case Family::binomial: return 2.0 * (y_log_y(y, mu) + y_log_y(1.0 - y, 1.0 - mu));
    case Family::poisson: return 2.0 * (y_log_y(y, mu) - (y - mu));
    case Family::gaussian: return (y - mu) * (y - mu);
  }
  return 0.0;
}

double FamilyFunctions::start(double y) const {
  switch (family) {
    case Family::binomial: return (y + 0.5) / 2.0;
    case Family::poisson: return y + 0.1;
    case Family::gaussian: return y;
  }
  return y;
}

double FamilyFunctions::minus_two_log_lik(double y, double mu) const {
  switch (family) {
    case Family::binomial: return -2.0 * (y != 0.0 ? std::log(mu) : std::log(1.0 - mu));
    case Family::poisson: return -2.0 * ((y != 0.0 ? y * std::log(mu) : 0.0) - mu - std::lgamma(y + 1.0));
    case Family::gaussian: return 0.0;
  }
  return 0.0;
}

bool FamilyFunctions::valid(double y) const {
  switch (family) {
    case Family::binomial: return y == 0.0 || y == 1.0;
    case Family::poisson: return std::isfinite(y) && y >= 0.0;
    case Family::gaussian: return std::isfinite(y);
  }
  return false;
}

}  // namespace oncoshare::models
