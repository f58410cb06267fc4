// `oncoshare dicom deidentify` timed as users run it, as a whole process on real files, next to
// `cp -r` of the same folder in the same run: a folder of many small instances (20 patients,
// 4 series each, of 64x64 CT images), and one large multi-frame instance whose pixel data
// stay on disk (peak memory is the figure to watch there).
//
//   dicom_bench [small files, default 10000] [frames of the large file, default 1000 (512 MiB)]
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "dicom/synthetic_image.hpp"
#include "must.hpp"
#include "scratch_dir.hpp"
#include "throughput_table.hpp"

namespace {

using oncoshare::bench::FigureKind;

// `files` small instances: 20 patients, each one study of 4 series.
void write_small_folder(const std::string& dir, std::uint64_t files) {
  for (std::uint64_t i = 0; i < files; ++i) {
    const std::uint64_t patient = i % 20;
    const std::uint64_t series = (i / 20) % 4;
    const oncoshare::dicom::SyntheticImage image{fmt::format("MRN{:05}", patient), "20240317",
                                                 fmt::format("1.2.826.0.1.3680043.10.1.{}", patient),
                                                 fmt::format("1.2.826.0.1.3680043.10.1.{}.{}", patient, series),
                                                 fmt::format("1.2.826.0.1.3680043.10.1.{}.{}.{}", patient, series, i)};
    const std::string folder = fmt::format("{}/{}/{}", dir, image.patient_id, series);
    std::filesystem::create_directories(folder);
    oncoshare::bench::must(oncoshare::dicom::write_synthetic_image(image, fmt::format("{}/{}.dcm", folder, i)),
                           "synthetic image");
  }
}

std::uint64_t folder_bytes(const std::string& dir) {
  std::uint64_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  return bytes;
}

void bench_folder(const std::string& label, const std::string& in, double files, const std::string& dir,
                  const std::string& key) {
  const std::string log = dir + "/run.log";
  const double megabytes = static_cast<double>(folder_bytes(in)) / 1e6;
  fmt::print("\n{}: {:.0f} file(s), {:.1f} MB\n", label, files, megabytes);
  oncoshare::bench::ThroughputTable table("files", files, megabytes);
  table.run(FigureKind::command, "oncoshare dicom deidentify --in DIR --out OUT",
            {ONCOSHARE_BINARY, "dicom", "deidentify", "--in", in, "--out", dir + "/out", "--key-file", key}, log,
            {.stdout_path = dir + "/summary.json"});
  table.run(FigureKind::command, "... --option retain-modified-dates --option clean-descriptors",
            {ONCOSHARE_BINARY, "dicom", "deidentify", "--in", in, "--out", dir + "/out", "--key-file", key,
             "--option", "retain-modified-dates", "--option", "clean-descriptors"},
            log);
  table.run(FigureKind::command, "... --threads 1",
            {ONCOSHARE_BINARY, "dicom", "deidentify", "--in", in, "--out", dir + "/out", "--key-file", key,
             "--threads", "1"},
            log);
  table.run(FigureKind::baseline, "rm -rf COPY; cp -r DIR COPY (replaces it, as --out does)",
            {"sh", "-c", fmt::format("rm -rf '{0}/copy' && cp -r '{1}' '{0}/copy'", dir, in)}, log);
  table.print();
  std::filesystem::remove_all(dir + "/out");
  std::filesystem::remove_all(dir + "/copy");
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t small_files = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const std::uint32_t frames = argc > 2 ? static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 1000;
  const oncoshare::bench::ScratchDir scratch("dicom-bench");
  const std::string& dir = scratch.path();
  const std::string log = dir + "/run.log";
  const std::string key = dir + "/site.key";
  oncoshare::bench::require_success(oncoshare::bench::run_process({ONCOSHARE_BINARY, "keygen", "--out", key}, log),
                                    "oncoshare keygen", log);
  fmt::print("dicom_bench: whole processes, median of 3 runs each, peak RSS the largest\n");

  write_small_folder(dir + "/small", small_files);
  bench_folder("many small instances (64x64 CT)", dir + "/small", static_cast<double>(small_files), dir, key);
  std::filesystem::remove_all(dir + "/small");

  std::filesystem::create_directories(dir + "/large");
  oncoshare::bench::must(oncoshare::dicom::write_synthetic_image({"MRN-LARGE", "20240317", "1.2.826.0.1.3680043.10.2",
                                                                   "1.2.826.0.1.3680043.10.2.1",
                                                                   "1.2.826.0.1.3680043.10.2.1.1", 512, 512, frames},
                                                                  dir + "/large/multiframe.dcm"),
                         "synthetic image");
  bench_folder(fmt::format("one multi-frame instance ({} frames of 512x512)", frames), dir + "/large", 1, dir, key);
  return 0;
}
