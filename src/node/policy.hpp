// Per-dataset policy decisions, each with a reason a researcher can act on. Pure functions
// of the configuration and the request; the server calls them on every request.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "node/config.hpp"
#include "node/duo.hpp"
#include "node/pki.hpp"

namespace oncoshare::node {

// A refusal: HTTP status, a short error code and the explanation sent as {error, reason}.
struct Refusal {
  int status = 403;
  std::string error;
  std::string reason;
};

// Which role each endpoint family needs: data queries and decryption of aggregates are
// for researchers; key generation is for federation nodes (the coordinator relays it with
// a node certificate); catalog and Beacon metadata are open to both.
enum class Audience { researcher, node, any };

[[nodiscard]] std::optional<Refusal> check_role(const PeerIdentity& peer, Audience audience);

// Researcher list and query type (count, crosstab, histogram, km, beacon).
[[nodiscard]] std::optional<Refusal> check_access(const DatasetConfig& dataset, const PeerIdentity& peer,
                                                  std::string_view query_type);

// DUO: the request's declared purpose (JSON, see duo.hpp parse_purpose) against the
// dataset's consent. A missing purpose is a refusal naming what to declare.
[[nodiscard]] std::optional<Refusal> check_purpose(const DatasetConfig& dataset, const Consent& consent,
                                                   const nlohmann::json* purpose, const DiseaseTree& diseases);

// Small-cell suppression for answers in clear: cells with 0 < n < min_cell_size become
// null. Returns the number suppressed.
[[nodiscard]] std::size_t suppress_small_cells(std::span<const std::int64_t> cells, std::int64_t min_cell_size,
                                               nlohmann::json& out);

// Skellam variance giving the same variance as Laplace(sensitivity / epsilon), i.e.
// mu = 2 (sensitivity / epsilon)^2, as a fraction with denominator 1000.
struct NoiseScale {
  std::uint64_t mu_numerator = 0;
  std::uint64_t mu_denominator = 1000;
};
[[nodiscard]] NoiseScale noise_scale(MicroEpsilon epsilon, std::int64_t sensitivity);

// "0-10", "10-100", "100-1000", ...: the catalog's size class, never an exact count.
[[nodiscard]] std::string size_class(std::int64_t patients);

}  // namespace oncoshare::node
