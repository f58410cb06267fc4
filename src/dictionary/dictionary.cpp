#include "dictionary/dictionary.hpp"

#include <algorithm>
#include <cctype>

namespace oncoshare::dictionary {

const Variable* Dictionary::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &variables_[it->second];
}

Variable* Dictionary::find(std::string_view name) {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &variables_[it->second];
}

void Dictionary::add(Variable variable) {
  const std::size_t at = variables_.size();
  if (forms_.empty() || forms_.back().name != variable.form) {
    auto existing = std::find_if(forms_.begin(), forms_.end(),
                                 [&](const Form& f) { return f.name == variable.form; });
    if (existing == forms_.end()) {
      forms_.push_back(Form{variable.form, {}});
    }
  }
  auto form = std::find_if(forms_.begin(), forms_.end(),
                           [&](const Form& f) { return f.name == variable.form; });
  form->variables.push_back(at);
  index_.emplace(variable.name, at);
  variables_.push_back(std::move(variable));
}

std::vector<std::string> Dictionary::export_columns() const {
  std::vector<std::string> columns;
  for (const Form& form : forms_) {
    for (std::size_t i : form.variables) {
      const Variable& v = variables_[i];
      if (!v.exported()) continue;
      if (v.type == FieldType::checkbox) {
        for (const Choice& c : v.choices) columns.push_back(checkbox_column(v.name, c.code));
      } else {
        columns.push_back(v.name);
      }
    }
    columns.push_back(form.name + "_complete");
  }
  return columns;
}

}  // namespace oncoshare::dictionary
