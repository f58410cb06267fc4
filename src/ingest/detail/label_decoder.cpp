#include "ingest/detail/label_decoder.hpp"

#include <cctype>
#include <fmt/format.h>

#include "ingest/detail/text.hpp"

namespace oncoshare::ingest::detail {

namespace {

// REDCap derives form names from instrument labels: lower case, other characters -> '_'.
std::string form_name_from_label(std::string_view label) {
  std::string out;
  for (char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string describe_choices(const std::vector<std::pair<std::string, std::string>>& labels) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(labels.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("'{}'", labels[i].first);
  }
  if (labels.size() > shown) out += ", ...";
  return out;
}

}  // namespace

LabelDecoder::LabelDecoder(const Layout& layout, const dictionary::Dictionary& dict,
                           const ReaderOptions& options)
    : keep_unmatched_(options.keep_unmatched_labels) {
  for (const Column& col : layout.columns) {
    ColumnDecoder d;
    d.name = col.name;
    switch (col.kind) {
      case ColumnKind::field: {
        const auto& v = dict.variables()[static_cast<std::size_t>(col.variable)];
        for (const dictionary::Choice& c : effective_choices(v)) {
          d.labels.emplace_back(normalise_label(c.label), c.code);
        }
        if (!d.labels.empty()) d.kind = Kind::choice;
        break;
      }
      case ColumnKind::checkbox_choice:
        d.kind = Kind::checkbox;
        d.labels = {{"Checked", "1"}, {"Unchecked", "0"}};
        break;
      case ColumnKind::form_complete:
        d.kind = Kind::form_status;
        d.labels = {{"Incomplete", "0"}, {"Unverified", "1"}, {"Complete", "2"}};
        break;
      case ColumnKind::event:
        if (options.events.empty()) break;  // no event metadata: values stay verbatim
        d.kind = Kind::event;
        for (const EventInfo& e : options.events) {
          d.labels.emplace_back(fmt::format("{} (Arm {}:", e.name, e.arm), e.unique_name);
          d.labels.emplace_back(e.unique_name, e.unique_name);
        }
        break;
      case ColumnKind::repeat_instrument:
        d.kind = Kind::instrument;
        for (const dictionary::Form& f : dict.forms()) d.labels.emplace_back(f.name, f.name);
        break;
      default:
        break;
    }
    columns_.push_back(std::move(d));
  }
}

core::Status LabelDecoder::decode(std::vector<std::string>& values, const std::string& file,
                                  std::uint64_t line, WarningSink warn, void* context) const {
  for (std::size_t i = 0; i < columns_.size() && i < values.size(); ++i) {
    const ColumnDecoder& d = columns_[i];
    std::string& value = values[i];
    if (d.kind == Kind::verbatim || value.empty()) continue;
    const std::string key = d.kind == Kind::instrument ? form_name_from_label(value)
                                                       : normalise_label(value);
    const std::string* code = nullptr;
    for (const auto& [label, c] : d.labels) {
      const bool hit = d.kind == Kind::event
                           ? key == label || (label.back() == ':' && key.starts_with(label))
                           : key == label;
      if (hit) {
        code = &c;
        break;
      }
    }
    if (code) {
      value = *code;
      continue;
    }
    std::string message =
        d.kind == Kind::event
            ? fmt::format("event label '{}' matches no event of the events file", value)
        : d.kind == Kind::instrument
            ? fmt::format("repeat instrument label '{}' matches no form of the dictionary", value)
            // The cell is patient data: the message names the field and the choices only.
            : fmt::format("label matches no choice (expected {})", describe_choices(d.labels));
    core::Error error = core::bad_input(std::move(message), core::Location{file, line, 0, d.name});
    if (!keep_unmatched_) return error;
    warn(context, std::move(error));
  }
  return {};
}

}  // namespace oncoshare::ingest::detail
