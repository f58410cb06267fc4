#include "core/html_page.hpp"

#include "core/html_escape.hpp"

namespace oncoshare::core {

const std::string_view kReportStyle = R"css(
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--soft:#f5f7fa;--pass:#1e6b3a;--pass-bg:#e3f3e8;
--fail:#b3261e;--fail-bg:#fbe4e2;--na:#5f6b7a;--na-bg:#eceff3;--accent:#2f6f9f}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
h1{font-size:28px;margin:0 0 12px;letter-spacing:-.01em}
h2{font-size:20px;margin:40px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--ink)}
h3{font-size:16px;margin:24px 0 8px}
a{color:var(--accent)}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
nav{display:flex;flex-wrap:wrap;gap:4px 18px;padding:10px 0;border-bottom:1px solid var(--line);font-size:14px}
nav a{text-decoration:none}
.top{display:flex;justify-content:space-between;align-items:flex-start;gap:32px;padding:20px 0 8px}
.inputs{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:0;font-size:14px}
.inputs dt{color:var(--muted);text-transform:capitalize}
.inputs dd{margin:0}
.score-card{min-width:240px;text-align:center;border:1px solid var(--line);border-top:6px solid var(--na);border-radius:8px;padding:14px 20px}
.score-card.pass{border-top-color:var(--pass)}
.score-card.fail{border-top-color:var(--fail)}
.score-label{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.06em}
.score{font-size:56px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.unit{font-size:24px;font-weight:600;color:var(--muted)}
.verdict{display:inline-block;margin:6px 0;padding:3px 14px;border-radius:4px;font-weight:700;letter-spacing:.08em}
.verdict.pass{background:var(--pass-bg);color:var(--pass);border:1px solid var(--pass)}
.verdict.fail{background:var(--fail-bg);color:var(--fail);border:1px solid var(--fail)}
.threshold{color:var(--muted);font-size:13px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px;margin-top:16px}
.tile{background:var(--soft);border-radius:6px;padding:10px 14px}
.tile-value{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums}
.tile-label{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:1px solid #b9c2cd}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.strong{font-weight:650}
.score-table{max-width:980px}
.arith{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:13px;color:var(--muted)}
tr.total td{font-weight:700;border-top:2px solid var(--ink);border-bottom:none}
tr.total .arith{color:var(--ink)}
.badge{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:650;border:1px solid}
.badge.pass{color:var(--pass);background:var(--pass-bg)}
.badge.fail{color:var(--fail);background:var(--fail-bg)}
.badge.na{color:var(--na);background:var(--na-bg)}
tr.status-fail td:first-child{box-shadow:inset 4px 0 var(--fail)}
.muted{color:var(--muted);font-size:13px;font-weight:400}
.note{color:var(--muted);font-size:13px;font-style:italic;font-weight:400}
.lead{color:var(--muted);margin:0 0 10px}
.rule code{background:var(--soft);padding:1px 4px;border-radius:3px}
.id{font-size:12px;overflow-wrap:anywhere}
.links a{margin-right:8px;font-size:13px;overflow-wrap:anywhere}
table.failures td:first-child code{overflow-wrap:anywhere}
.value{background:var(--fail-bg);padding:1px 4px;border-radius:3px;word-break:break-all}
tr.group th{background:#fff;padding-top:16px;font-size:14px;border-bottom:1px solid #b9c2cd}
.empty{padding:12px 16px;background:var(--soft);border-radius:6px}
.empty.ok{background:var(--pass-bg);color:var(--pass);font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:8px 32px}
figure{margin:0}
figcaption{font-weight:650;margin:8px 0 4px}
.chart{max-width:100%;height:auto;font-size:12px}
.chart .label{fill:var(--ink)}
.chart .tick{fill:var(--muted);font-size:11px}
.chart .value{fill:var(--ink);font-weight:600;font-variant-numeric:tabular-nums}
.chart .value.low{fill:var(--fail)}
.toggle-label{font-size:14px;margin-left:4px;user-select:none}
.toggle:checked ~ .check-group tr.status-pass,.toggle:checked ~ .check-group tr.status-na{display:none}
table.checks{table-layout:fixed}
.w-status{width:96px}.w-id{width:23%}.w-var{width:11%}.w-eval{width:96px}.w-failed{width:76px}.w-rate{width:76px}.w-threshold{width:104px}
tr:target td,tr:target th{background:#fff4cc}
.filter{margin:8px 12px 8px 0;padding:4px 8px;font:inherit;border:1px solid var(--line);border-radius:4px;min-width:320px}
table.matrix td,table.matrix th{text-align:center}
table.matrix td:first-child,table.matrix th:first-child{text-align:left}
details summary{cursor:pointer;color:var(--accent);font-size:13px}
pre.sql{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);padding:6px 8px;border-radius:4px;margin:4px 0}
footer{margin-top:48px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{nav,.toggle,.toggle-label{display:none}main{padding:0}h2{break-after:avoid}}
)css";

void begin_html_page(std::string& out, std::string_view title) {
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  append_escaped(out, title);
  out += "</title><style>";
  out += kReportStyle;
  out += "</style></head><body><main>";
}

void end_html_page(std::string& out, std::string_view footer) {
  out += "<footer>";
  append_escaped(out, footer);
  out += "</footer></main></body></html>\n";
}

}  // namespace oncoshare::core
