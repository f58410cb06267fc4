#include "models/formula.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace oncoshare::models {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.'; }
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0; }

// A hand-written recursive-descent parser over the formula text; pos_ is a byte index.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  core::Result<ModelTerms> parse() {
    ModelTerms terms;
    if (auto s = response(terms); !s) return core::fail(s.error());
    if (auto s = expect('~', "'~' after the response"); !s) return core::fail(s.error());
    if (auto s = term(terms); !s) return core::fail(s.error());
    while (true) {
      skip_space();
      if (pos_ == text_.size()) break;
      const char op = text_[pos_];
      if (op == '-') {
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '1') {
          ++pos_;
          terms.intercept = false;
          continue;
        }
        return error("expected '1' after '-' (only the intercept can be removed)");
      }
      if (op != '+') return error(fmt::format("expected '+' or the end of the formula, found '{}'", op));
      ++pos_;
      if (auto s = term(terms); !s) return core::fail(s.error());
    }
    return terms;
  }

 private:
  core::Unexpected error(std::string message) const {
    return core::fail(core::bad_input(std::move(message), core::Location{{}, 0, pos_ + 1, {}}));
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
  }

  std::string found() const {
    if (pos_ == text_.size()) return "the end of the formula";
    return fmt::format("'{}'", text_[pos_]);
  }

  core::Status expect(char c, const char* what) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return {};
    }
    return error(fmt::format("expected {}, found {}", what, found()));
  }

  core::Result<std::string> name() {
    skip_space();
    if (pos_ == text_.size() || !name_start(text_[pos_])) {
      return error(fmt::format("expected a variable name, found {}", found()));
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && name_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // True (and consumes it) when `word` followed by '(' comes next.
  bool call(std::string_view word) {
    skip_space();
    std::size_t end = pos_ + word.size();
    if (text_.substr(pos_, word.size()) != word) return false;
    while (end < text_.size() && std::isspace(static_cast<unsigned char>(text_[end])) != 0) ++end;
    if (end >= text_.size() || text_[end] != '(') return false;
    pos_ = end + 1;
    return true;
  }

  core::Status response(ModelTerms& terms) {
    if (call("Surv")) {
      auto time = name();
      if (!time) return time.error();
      if (auto s = expect(',', "',' between the time and the event"); !s) return s;
      auto event = name();
      if (!event) return event.error();
      terms.time = *time;
      terms.event = *event;
      return expect(')', "')' closing Surv(");
    }
    auto outcome = name();
    if (!outcome) return outcome.error();
    terms.outcome = *outcome;
    return {};
  }

  core::Status term(ModelTerms& terms) {
    skip_space();
    const std::size_t start = pos_;
    if (pos_ < text_.size() && (text_[pos_] == '0' || text_[pos_] == '1')) {
      terms.intercept = text_[pos_++] == '1';
      return {};
    }
    if (call("offset")) {
      if (!terms.offset.empty()) {
        pos_ = start;
        return error("only one offset() term is allowed");
      }
      const bool log = call("log");
      auto var = name();
      if (!var) return var.error();
      if (log) {
        if (auto s = expect(')', "')' closing log("); !s) return s;
      }
      terms.offset = *var;
      terms.offset_log = log;
      return expect(')', "')' closing offset(");
    }
    if (call("relevel")) return relevel(terms, start);
    auto var = name();
    if (!var) return var.error();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '(') {
      pos_ = start;
      return error(fmt::format("unsupported function '{}(' (only Surv, relevel, offset and log inside offset)", *var));
    }
    return add_covariate(terms, *var, start);
  }

  // relevel(name, "code") or relevel(name, ref = "code"), as R writes it.
  core::Status relevel(ModelTerms& terms, std::size_t start) {
    skip_space();
    Relevel r;
    r.variable_column = pos_ + 1;
    auto var = name();
    if (!var) return var.error();
    if (auto s = expect(',', "',' and the reference level"); !s) return s;
    skip_space();
    const std::size_t before_ref = pos_;
    if (auto word = name(); word && *word == "ref") {
      if (auto s = expect('=', "'=' after ref"); !s) return s;
    } else {
      pos_ = before_ref;  // the level itself
    }
    skip_space();
    r.reference_column = pos_ + 1;
    auto code = quoted();
    if (!code) return code.error();
    r.reference = std::move(*code);
    if (auto s = expect(')', "')' closing relevel("); !s) return s;
    ONCOSHARE_TRY(add_covariate(terms, *var, start));
    terms.relevels[*var] = std::move(r);
    return {};
  }

  // A level in double or single quotes, as R writes strings (no escapes: choice codes
  // have none).
  core::Result<std::string> quoted() {
    if (pos_ == text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) {
      return error(fmt::format("expected the reference level in quotes, such as \"3\", found {}", found()));
    }
    const char quote = text_[pos_];
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) return error("the quoted reference level is not closed");
    if (end == pos_ + 1) return error("the reference level is empty");
    std::string code(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return code;
  }

  core::Status add_covariate(ModelTerms& terms, const std::string& var, std::size_t start) {
    const bool duplicate = std::find(terms.covariates.begin(), terms.covariates.end(), var) != terms.covariates.end();
    if (duplicate || var == terms.outcome || var == terms.time || var == terms.event) {
      pos_ = start;
      skip_space();
      return error(fmt::format("'{}' appears twice in the formula", var));
    }
    terms.covariates.push_back(var);
    return {};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

core::Result<ModelTerms> parse_formula(std::string_view text) { return Parser(text).parse(); }

}  // namespace oncoshare::models
