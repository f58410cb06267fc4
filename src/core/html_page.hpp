// The frame every self-contained HTML report shares (quality.html, omop-checks.html): the
// document head with the inline stylesheet (system fonts only, print-friendly, pass/fail
// shown by text and icon as well as by colour) and the closing footer. No external resources.
#pragma once

#include <string>
#include <string_view>

namespace oncoshare::core {

extern const std::string_view kReportStyle;

// Appends the doctype, head (`title` escaped, the stylesheet) and opens <body><main>.
void begin_html_page(std::string& out, std::string_view title);
// Appends <footer> with `footer` escaped and closes the document.
void end_html_page(std::string& out, std::string_view footer);

}  // namespace oncoshare::core
