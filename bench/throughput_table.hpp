// The report every bench prints: the command users run, timed as a whole process (the
// result), next to a baseline on the same input in the same run, with in-process component
// figures as extra, labelled lines. Times are medians of a few runs; peak memory the largest.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "whole_process.hpp"

namespace oncoshare::bench {

enum class FigureKind { baseline, command, component };

struct Figure {
  FigureKind kind;
  std::string label;
  double seconds = 0;
  double peak_rss_mib = 0;
  double items = -1;      // work done, in the table's unit (< 0: the table's, 0: not applicable)
  double megabytes = -1;  // bytes read or written, in MB (< 0: the table's, 0: not applicable)
};

class ThroughputTable {
 public:
  // `unit` names what `items` count (rows, records, resources); `items` and `megabytes`
  // are the work of one run, used unless a figure says otherwise. Each command runs `runs`
  // times.
  ThroughputTable(std::string unit, double items, double megabytes, int runs = 3)
      : unit_(std::move(unit)), items_(items), megabytes_(megabytes), runs_(std::max(runs, 1)) {}

  // Runs `argv` as a whole process (see run_process) `runs` times and adds its figure; exits
  // with the end of `log` if a run fails. Returns the median run.
  ProcessRun run(FigureKind kind, const std::string& label, const std::vector<std::string>& argv,
                 const std::string& log, const Redirect& redirect = {}) {
    std::vector<ProcessRun> runs;
    for (int i = 0; i < runs_; ++i) {
      runs.push_back(run_process(argv, log, redirect));
      require_success(runs.back(), label, log);
    }
    return add(kind, label, std::move(runs));
  }

  // Runs `work()` in a child process (see run_in_child) `runs` times and adds its figure
  // (an in-process baseline, or by default an extra component figure).
  template <class Work>
  ProcessRun run_in_process(const std::string& label, Work&& work, FigureKind kind = FigureKind::component) {
    std::vector<ProcessRun> runs;
    for (int i = 0; i < runs_; ++i) {
      runs.push_back(run_in_child(work));
      require_success(runs.back(), label, "/dev/null");
    }
    return add(kind, label, std::move(runs));
  }

  // Adds a figure measured elsewhere (items/megabytes < 0: the table's).
  void add(Figure figure) { figures_.push_back(std::move(figure)); }

  // Sets the work of one run when it is known only from a command's output.
  void set_work(double items, double megabytes) {
    items_ = items;
    megabytes_ = megabytes;
  }

  // Prints the baselines, then the commands, then the component figures, each time also as
  // a multiple of the first baseline's.
  void print() const {
    double baseline = 0;
    for (const Figure& f : figures_)
      if (f.kind == FigureKind::baseline && baseline == 0) baseline = f.seconds;
    fmt::print("  {:<10} {:<58} {:>9} {:>9} {:>13} {:>9} {:>10}\n", "", "", "seconds", "MB/s",
               unit_ + "/s", "peak MiB", "x baseline");
    std::vector<Figure> ordered = figures_;
    std::stable_sort(ordered.begin(), ordered.end(), [](const Figure& a, const Figure& b) { return a.kind < b.kind; });
    for (Figure f : ordered) {
      if (f.items < 0) f.items = items_;
      if (f.megabytes < 0) f.megabytes = megabytes_;
      const char* kind = f.kind == FigureKind::baseline  ? "baseline"
                         : f.kind == FigureKind::command ? "COMMAND"
                                                         : "in process";
      fmt::print("  {:<10} {:<58} {:>9.3f} {:>9} {:>13} {:>9.1f} {:>10}\n", kind, f.label, f.seconds,
                 f.megabytes > 0 ? fmt::format("{:.1f}", f.megabytes / f.seconds) : "-",
                 f.items > 0 ? rate(f.items / f.seconds) : "-", f.peak_rss_mib,
                 baseline > 0 ? fmt::format("{:.2f}", f.seconds / baseline) : "-");
    }
  }

 private:
  static std::string rate(double per_second) {
    return per_second < 100 ? fmt::format("{:.2f}", per_second) : fmt::format("{:.0f}", per_second);
  }

  ProcessRun add(FigureKind kind, const std::string& label, std::vector<ProcessRun> runs) {
    std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.wall_ms < b.wall_ms; });
    ProcessRun median = runs[runs.size() / 2];
    for (const auto& r : runs) median.peak_rss_mib = std::max(median.peak_rss_mib, r.peak_rss_mib);
    add(Figure{kind, label, median.wall_ms / 1e3, median.peak_rss_mib});
    return median;
  }

  std::string unit_;
  double items_;
  double megabytes_;
  int runs_;
  std::vector<Figure> figures_;
};

// The first lines of a bench of a component that has no command of its own: its figures
// are in process; `where` says where users meet it and which bench times that command.
inline void print_component_bench(const std::string& component, const std::string& where) {
  fmt::print("{} has no command of its own: the figures below are in-process component figures.\n"
             "Users meet it in {}.\n\n",
             component, where);
}

}  // namespace oncoshare::bench
