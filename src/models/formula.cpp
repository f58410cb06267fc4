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
    auto var = name();
    if (!var) return var.error();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '(') {
      pos_ = start;
      return error(fmt::format("unsupported function '{}(' (only Surv, offset and log inside offset)", *var));
    }
    const bool duplicate = std::find(terms.covariates.begin(), terms.covariates.end(), *var) != terms.covariates.end();
    if (duplicate || *var == terms.outcome || *var == terms.time || *var == terms.event) {
      pos_ = start;
      skip_space();
      return error(fmt::format("'{}' appears twice in the formula", *var));
    }
    terms.covariates.push_back(*var);
    return {};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

core::Result<ModelTerms> parse_formula(std::string_view text) { return Parser(text).parse(); }

}  // namespace oncoshare::models
