// Peak resident set size of this process or of another one, for benchmark reports.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace oncoshare::bench {

// Peak RSS so far in MiB (Linux reports ru_maxrss in KiB).
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Peak RSS so far of running process `pid` in MiB (VmHWM in /proc/<pid>/status), 0 if unknown.
inline double peak_rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

}  // namespace oncoshare::bench
