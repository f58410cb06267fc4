// quality.html: the HTML rendering of quality.json.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace oncoshare::quality {

// The report page for a quality.json document (see docs/quality-json.md).
[[nodiscard]] std::string quality_html(const nlohmann::json& quality_json);

}  // namespace oncoshare::quality
