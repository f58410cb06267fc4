// Turns the values of a label export ("csvlabels") back into raw codes, column by column.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "ingest/export_reader.hpp"
#include "ingest/record.hpp"

namespace oncoshare::ingest::detail {

// Receives non-fatal findings (a kept unmatched label, unconverted event labels).
using WarningSink = void (*)(void* context, core::Error warning);

class LabelDecoder {
 public:
  LabelDecoder(const Layout& layout, const dictionary::Dictionary& dict,
               const ReaderOptions& options);

  // Replaces each label in `values` (one row, laid out as `layout`) by its code. A label
  // that matches nothing fails with file:line, the column's raw name and the value,
  // unless the options keep it (then it stays verbatim and `warn` is called).
  [[nodiscard]] core::Status decode(std::vector<std::string>& values, const std::string& file,
                                    std::uint64_t line, WarningSink warn, void* context) const;

 private:
  enum class Kind { verbatim, choice, checkbox, form_status, event, instrument };
  struct ColumnDecoder {
    Kind kind = Kind::verbatim;
    std::string name;                                          // raw column name, for errors
    std::vector<std::pair<std::string, std::string>> labels;  // normalised label -> code
  };
  std::vector<ColumnDecoder> columns_;
  bool keep_unmatched_;
};

}  // namespace oncoshare::ingest::detail
