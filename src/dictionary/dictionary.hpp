// oncoshare dictionary: a REDCap data dictionary plus the oncoshare mapping file.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "dictionary/variable.hpp"

namespace oncoshare::dictionary {

struct Form {
  std::string name;
  std::vector<std::size_t> variables;  // indices into Dictionary::variables, in order
};

class Dictionary {
 public:
  // Variables in file order.
  [[nodiscard]] const std::vector<Variable>& variables() const { return variables_; }
  [[nodiscard]] std::vector<Variable>& variables() { return variables_; }
  [[nodiscard]] const std::vector<Form>& forms() const { return forms_; }
  // The variable called `name`, or nullptr.
  [[nodiscard]] const Variable* find(std::string_view name) const;
  [[nodiscard]] Variable* find(std::string_view name);
  // The first variable is the record identifier in REDCap.
  [[nodiscard]] const Variable& record_id() const { return variables_.front(); }
  // The raw export's data columns, in REDCap's order: each exported field, checkbox fields
  // as `name___code` (code lower-cased), and `<form>_complete` after each form.
  [[nodiscard]] std::vector<std::string> export_columns() const;

  // Adds a variable (builds the form list and the name index). Used by readers and synth.
  void add(Variable variable);
  [[nodiscard]] std::string source() const { return source_; }
  void set_source(std::string file) { source_ = std::move(file); }
  // The mapping file applied with apply_mapping(), if any (for problem locations).
  [[nodiscard]] const std::string& mapping_source() const { return mapping_source_; }
  void set_mapping_source(std::string file) { mapping_source_ = std::move(file); }

 private:
  std::vector<Variable> variables_;
  std::vector<Form> forms_;
  std::unordered_map<std::string, std::size_t> index_;
  std::string source_;
  std::string mapping_source_;
};

}  // namespace oncoshare::dictionary
