// libFuzzer target for what a node parses from a model round: the formula and the model
// and round JSON. Any bytes must give a value or an error, never a crash.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/formula.hpp"
#include "models/model_request.hpp"

namespace models = oncoshare::models;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)models::parse_formula(text);
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return 0;
  (void)models::parse_model_spec(json);
  (void)models::parse_cox_request(json);
  (void)models::parse_glm_round(json);
  return 0;
}
