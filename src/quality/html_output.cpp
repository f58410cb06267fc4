#include "quality/html_output.hpp"

#include <fmt/format.h>

namespace oncoshare::quality {

namespace {

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

// A plain page until the full report renderer is available.
std::string quality_html(const nlohmann::json& quality_json) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>oncoshare quality</title></head>"
      "<body><h1>Data quality: {}</h1><pre>{}</pre></body></html>\n",
      escape(quality_json["summary"]["score"].dump()), escape(quality_json.dump(2)));
}

}  // namespace oncoshare::quality
