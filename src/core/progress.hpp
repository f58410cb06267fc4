// Progress bar on stderr for long work, shown only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace oncoshare::core {

class Progress {
 public:
  // `total` in the caller's unit (bytes, records); 0 means unknown (a counter is shown).
  Progress(std::string label, std::uint64_t total);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Cheap to call per record: redraws at most ten times a second.
  void update(std::uint64_t done);
  [[nodiscard]] bool visible() const { return visible_; }

 private:
  void draw(std::uint64_t done);
  std::string label_;
  std::uint64_t total_;
  bool visible_;
  std::uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace oncoshare::core
