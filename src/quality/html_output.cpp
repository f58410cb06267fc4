#include "quality/html_output.hpp"

#include "quality/html_report.hpp"

namespace oncoshare::quality {

std::string quality_html(const nlohmann::json& quality_json) { return render_html_report(quality_json); }

}  // namespace oncoshare::quality
