// The data manager's view of a quality run: `quality.json` rendered as one self-contained
// HTML page (inline CSS and SVG charts, no scripts or fonts fetched from anywhere).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace oncoshare::quality {

// Renders a `quality.json` document (schema `oncoshare-quality/1`, docs/quality-json.md)
// as a complete HTML5 page: summary and pass/fail badge, the weighted score table with
// its arithmetic, bar charts per Kahn category / form / site, worst variables, checks
// grouped by category (anchors `check-<id>`), failing cells and worst records.
// Never throws on malformed input: missing or mistyped keys render as "–" or are
// skipped. Every string from the JSON is HTML-escaped. Output is deterministic (no
// clock) and bounded in size: per-check and total failure rows are capped, with a note
// pointing to failures.csv. Thread-safe (no shared state).
[[nodiscard]] std::string render_html_report(const nlohmann::json& quality);

}  // namespace oncoshare::quality
