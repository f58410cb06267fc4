#include "core/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <fmt/format.h>

namespace oncoshare::core {

Progress::Progress(std::string label, std::uint64_t total)
    : label_(std::move(label)), total_(total), visible_(::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  if (visible_) std::fputs("\r\033[K", stderr);
}

void Progress::update(std::uint64_t done) {
  if (!visible_) return;
  if ((++calls_ & 0x3ff) != 1) return;  // look at the clock every 1024 calls only
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(done);
}

void Progress::draw(std::uint64_t done) {
  if (total_ == 0) {
    fmt::print(stderr, "\r{} {}", label_, done);
  } else {
    constexpr int kWidth = 30;
    double fraction = done >= total_ ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
    int filled = static_cast<int>(fraction * kWidth);
    fmt::print(stderr, "\r{} [{}{}] {:5.1f}%", label_, std::string(filled, '#'),
               std::string(kWidth - filled, ' '), fraction * 100.0);
  }
  std::fflush(stderr);
}

}  // namespace oncoshare::core
