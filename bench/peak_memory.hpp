// Peak resident set size of this process, for benchmark reports.
#pragma once

#include <sys/resource.h>

#include <cstdint>

namespace oncoshare::bench {

// Peak RSS so far in MiB (Linux reports ru_maxrss in KiB).
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace oncoshare::bench
