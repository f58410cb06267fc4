// `oncoshare dicom deidentify` timed as users run it, as a whole process on real files, next to
// `cp -r` of the same folder in the same run: a folder of many small instances (patients x
// series x instances of a 64x64 CT), and one large multi-frame instance whose pixel data stay
// on disk (peak memory is the figure to watch there).
//
//   dicom_bench [small files, default 10000] [frames of the large file, default 1000 (512 MiB)]
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "scratch_dir.hpp"
#include "throughput_table.hpp"

namespace {

using oncoshare::bench::FigureKind;

void require(bool ok, const std::string& what) {
  if (ok) return;
  fmt::print(stderr, "dicom_bench: {} failed\n", what);
  std::exit(1);
}

struct Instance {
  std::string patient;
  std::string study;
  std::string series;
  std::string sop;
  std::uint16_t rows = 64;
  std::uint16_t columns = 64;
  std::uint32_t frames = 1;
};

// A CT instance with the identifying attributes the profile acts on and `frames` frames of
// 16-bit pixels, written to `path`.
void write_instance(const Instance& in, const std::string& path) {
  DcmFileFormat file;
  DcmDataset* d = file.getDataset();
  const auto put = [d](const DcmTagKey& tag, const std::string& value) {
    require(d->putAndInsertString(tag, value.c_str()).good(), "DCMTK put");
  };
  put(DCM_SOPClassUID, UID_CTImageStorage);
  put(DCM_SOPInstanceUID, in.sop);
  put(DCM_StudyInstanceUID, in.study);
  put(DCM_SeriesInstanceUID, in.series);
  put(DCM_FrameOfReferenceUID, in.study + ".9");
  put(DCM_PatientID, in.patient);
  put(DCM_PatientName, "Doe^" + in.patient);
  put(DCM_PatientBirthDate, "19600101");
  put(DCM_PatientSex, "F");
  put(DCM_StudyDate, "20240317");
  put(DCM_StudyTime, "101500");
  put(DCM_AccessionNumber, "A" + in.patient);
  put(DCM_InstitutionName, "General Hospital");
  put(DCM_ReferringPhysicianName, "House^Gregory");
  put(DCM_StudyDescription, "CT chest");
  put(DCM_Modality, "CT");
  put(DCM_BurnedInAnnotation, "NO");
  put(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
  put(DCM_PhotometricInterpretation, "MONOCHROME2");
  put(DCM_NumberOfFrames, std::to_string(in.frames));
  require(d->putAndInsertUint16(DCM_SamplesPerPixel, 1).good() &&
                             d->putAndInsertUint16(DCM_Rows, in.rows).good() &&
                             d->putAndInsertUint16(DCM_Columns, in.columns).good() &&
                             d->putAndInsertUint16(DCM_BitsAllocated, 16).good() &&
                             d->putAndInsertUint16(DCM_BitsStored, 12).good() &&
                             d->putAndInsertUint16(DCM_HighBit, 11).good() &&
                             d->putAndInsertUint16(DCM_PixelRepresentation, 0).good(),
                         "DCMTK image attributes");
  const std::size_t pixels = std::size_t{in.rows} * in.columns * in.frames;
  std::vector<Uint16> data(pixels);
  for (std::size_t i = 0; i < pixels; ++i) data[i] = static_cast<Uint16>((i * 2654435761u) >> 20);
  require(d->putAndInsertUint16Array(DCM_PixelData, data.data(), static_cast<unsigned long>(pixels)).good(),
                         "DCMTK pixel data");
  require(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good(), "DCMTK save " + path);
}

// `files` small instances: 20 patients, each one study of 4 series.
void write_small_folder(const std::string& dir, std::uint64_t files) {
  for (std::uint64_t i = 0; i < files; ++i) {
    const std::uint64_t patient = i % 20;
    const std::uint64_t series = (i / 20) % 4;
    Instance in{fmt::format("MRN{:05}", patient), fmt::format("1.2.826.0.1.3680043.10.1.{}", patient),
                fmt::format("1.2.826.0.1.3680043.10.1.{}.{}", patient, series),
                fmt::format("1.2.826.0.1.3680043.10.1.{}.{}.{}", patient, series, i)};
    const std::string folder = fmt::format("{}/{}/{}", dir, in.patient, series);
    std::filesystem::create_directories(folder);
    write_instance(in, fmt::format("{}/{}.dcm", folder, i));
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
  table.run(FigureKind::baseline, "cp -r DIR COPY (the same bytes copied)",
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
  write_instance({"MRN-LARGE", "1.2.826.0.1.3680043.10.2", "1.2.826.0.1.3680043.10.2.1",
                  "1.2.826.0.1.3680043.10.2.1.1", 512, 512, frames},
                 dir + "/large/multiframe.dcm");
  bench_folder(fmt::format("one multi-frame instance ({} frames of 512x512)", frames), dir + "/large", 1, dir, key);
  return 0;
}
