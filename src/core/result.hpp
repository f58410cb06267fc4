// Result<T>: a value or an Error. A small stand-in for std::expected, which clang 14
// (needed for libFuzzer) cannot compile against libstdc++ 12; same member names.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace oncoshare::core {

struct Unexpected {
  Error error;
};
[[nodiscard]] inline Unexpected fail(Error error) { return Unexpected{std::move(error)}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Unexpected failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}  // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(state_); }
  const T& value() const& { assert(has_value()); return std::get<0>(state_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!has_value()); return std::get<1>(state_); }
  Error& error() { assert(!has_value()); return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected failure) : error_(std::move(failure.error)), failed_(true) {}  // NOLINT
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { assert(failed_); return error_; }
  Error& error() { assert(failed_); return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace oncoshare::core

// Propagate an error from an expression returning a Result; usable in any function
// returning a Result. Keeps call sites to one line per fallible step.
#define ONCOSHARE_TRY(expr)                                              \
  do {                                                                  \
    auto&& oncoshare_try_result_ = (expr);                              \
    if (!oncoshare_try_result_) return ::oncoshare::core::fail(oncoshare_try_result_.error()); \
  } while (0)
