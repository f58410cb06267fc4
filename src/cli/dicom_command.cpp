// `oncoshare dicom deidentify`: every DICOM file below a folder de-identified under PS3.15's
// Basic Application Level Confidentiality Profile, linked to the patient's pseudonymised
// clinical record, with FHIR ImagingStudy bundles, into an output folder written atomically.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/command.hpp"
#include "cli/conversion_options.hpp"
#include "cli/option_checks.hpp"
#include "core/atomic_output.hpp"
#include "core/progress.hpp"
#include "dicom/dicom.hpp"
#include "dictionary/redcap_dictionary_writer.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::cli {

namespace {

// The folder of the de-identified instances inside the output.
constexpr std::string_view kInstancesFolder = "dicom";

struct DicomCliOptions {
  std::string in;
  std::string out;
  std::string key_file;
  std::string project_key_file;
  std::string link;
  std::string fhir;
  std::vector<std::string> options;
  std::int32_t max_shift_days = 365;
  bool allow_burned_in = false;
  unsigned threads = 0;
};

// The --option names, as PS3.15 names the options (CID 7050).
const std::map<std::string, bool dicom::ProfileOptions::*>& option_names() {
  static const std::map<std::string, bool dicom::ProfileOptions::*> names{
      {"retain-modified-dates", &dicom::ProfileOptions::retain_modified_dates},
      {"retain-patient-characteristics", &dicom::ProfileOptions::retain_patient_characteristics},
      {"retain-device-identity", &dicom::ProfileOptions::retain_device_identity},
      {"clean-descriptors", &dicom::ProfileOptions::clean_descriptors}};
  return names;
}

core::Result<dicom::ProfileOptions> parse_profile_options(const std::vector<std::string>& names) {
  dicom::ProfileOptions options;
  for (const std::string& name : names) {
    const auto found = option_names().find(name);
    if (found == option_names().end()) {
      return core::bad_input(fmt::format("--option: unknown option '{}' (one of retain-modified-dates, "
                                         "retain-patient-characteristics, retain-device-identity, clean-descriptors)",
                                         name));
    }
    options.*(found->second) = true;
  }
  return options;
}

// "path,reason" rows of the files left out, relative to --in.
std::string skipped_csv(const std::vector<dicom::SkippedFile>& files) {
  std::string csv = "path,reason\n";
  for (const dicom::SkippedFile& f : files) {
    dictionary::append_redcap_csv_row(csv, std::vector<std::string_view>{f.path, f.reason});
  }
  return csv;
}

void print_skipped(const std::vector<dicom::SkippedFile>& files, std::string_view what) {
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < files.size() && i < kShown; ++i) {
    fmt::print(stderr, "oncoshare: warning: {}: {}\n", files[i].path, files[i].reason);
  }
  if (files.size() > kShown) fmt::print(stderr, "oncoshare: warning: {} more {} not shown\n", files.size() - kShown, what);
}

nlohmann::ordered_json summary_json(const DicomCliOptions& o, const dicom::FolderResult& run,
                                    const dicom::ImagingSummary& imaging) {
  return {{"out", o.out},
          {"files", run.written.size() + run.for_review.size() + run.failed.size()},
          {"written", run.written.size()},
          {"for_review", run.for_review.size()},
          {"failed", run.failed.size()},
          {"patients", imaging.patients},
          {"studies", imaging.studies},
          {"series", imaging.series},
          {"imaging_bundles", imaging.imaging_bundles},
          {"combined_bundles", imaging.combined_bundles},
          {"patients_without_clinical_bundle", imaging.without_clinical_bundle.size()},
          {"bytes_read", run.bytes_read},
          {"bytes_written", run.bytes_written}};
}

int run_deidentify(const DicomCliOptions& o) {
  core::Result<dicom::ProfileOptions> profile = parse_profile_options(o.options);
  if (!profile) return report(profile.error());
  core::Result<LoadedKeys> keys = load_pseudonym_keys(o.key_file, o.project_key_file);
  if (!keys) return report(keys.error());
  std::optional<dicom::LinkTable> table;
  if (!o.link.empty()) {
    core::Result<dicom::LinkTable> read = dicom::read_link_file(o.link);
    if (!read) return report(read.error());
    table.emplace(std::move(*read));
  }
  // Dates kept under the modified-dates option move by the patient's clinical shift; without
  // it the profile removes them and no shift is needed.
  privacy::DatePolicy dates;
  dates.mode = profile->retain_modified_dates ? privacy::DateMode::shift : privacy::DateMode::keep;
  dates.max_shift_days = o.max_shift_days;
  core::Result<dicom::PatientLinker> linker = dicom::PatientLinker::create(
      std::move(table), keys->keys(), dates);
  if (!linker) return report(linker.error());

  // UIDs are keyed with the project key when there is one, so that the sites of a project
  // give one original UID the same new UID; otherwise with the site key.
  const privacy::Key& uid_key = keys->project ? *keys->project : keys->site;
  const dicom::Deidentifier deidentifier(uid_key, dicom::DeidentifySettings{*profile, o.allow_burned_in},
                                         [&linker](std::string_view id) { return linker->resolve(id); });

  core::Result<core::AtomicDirectory> dir = core::AtomicDirectory::create(
      o.out, core::OutputClaim{"dicom deidentify", {o.in, o.key_file, o.project_key_file, o.link, o.fhir}});
  if (!dir) return report(dir.error());
  const std::string instances = dir->path() + "/" + std::string(kInstancesFolder);
  std::error_code ec;
  std::filesystem::create_directory(instances, ec);
  if (ec) return report(core::io_error(fmt::format("{}: cannot create: {}", instances, ec.message())));

  std::optional<core::Progress> progress;
  core::Result<dicom::FolderResult> run = dicom::deidentify_folder(
      deidentifier, o.in, instances, o.threads,
      dicom::FolderProgress{[&progress](std::uint64_t files) { progress.emplace("dicom", files); },
                            [&progress](std::uint64_t done) { progress->update(done); }});
  progress.reset();
  if (!run) return report(run.error());
  core::Result<dicom::ImagingSummary> imaging = dicom::write_imaging_bundles(run->written, dir->path(), o.fhir);
  if (!imaging) return report(imaging.error());
  for (const auto& [name, files] : {std::pair{"review.csv", &run->for_review}, std::pair{"failures.csv", &run->failed}}) {
    if (files->empty()) continue;
    core::Status written = core::write_file_atomically(dir->path() + "/" + name, skipped_csv(*files));
    if (!written) return report(written.error());
  }
  print_skipped(run->failed, "failed files");
  print_skipped(run->for_review, "files for review");
  if (!imaging->without_clinical_bundle.empty()) {
    fmt::print(stderr, "oncoshare: warning: {} patient(s) with images have no clinical bundle in {}\n",
               imaging->without_clinical_bundle.size(), o.fhir);
  }
  core::Status committed = dir->commit();
  if (!committed) return report(committed.error());
  fmt::print("{}\n", summary_json(o, *run, *imaging).dump());
  if (!run->for_review.empty()) {
    fmt::print(stderr,
               "oncoshare: {} file(s) may show burned-in text and were not copied: listed in {}/review.csv "
               "(--allow-burned-in copies them)\n",
               run->for_review.size(), o.out);
  }
  if (!run->failed.empty()) {
    return report(core::Error{core::ErrorCode::check_failed,
                              fmt::format("{} file(s) could not be de-identified, listed in {}/failures.csv; "
                                          "the others are written",
                                          run->failed.size(), o.out)});
  }
  return 0;
}

struct DicomSynthOptions {
  std::string data;
  std::string date_column = "diagnosis_date";
  std::uint64_t patients = 4;
  std::uint64_t per_series = 3;
  std::string out;
};

int run_synth(const DicomSynthOptions& o) {
  core::Result<core::AtomicDirectory> dir = core::AtomicDirectory::create(o.out, core::OutputClaim{"dicom synth", {o.data}});
  if (!dir) return report(dir.error());
  const std::string images = dir->path() + "/images";
  std::error_code ec;
  std::filesystem::create_directory(images, ec);
  if (ec) return report(core::io_error(fmt::format("{}: cannot create: {}", images, ec.message())));
  core::Result<dicom::SyntheticStudies> made = dicom::write_synthetic_studies(
      o.data, o.date_column, o.patients, o.per_series, images, dir->path() + "/link.csv");
  if (!made) return report(made.error());
  core::Status committed = dir->commit();
  if (!committed) return report(committed.error());
  fmt::print("{} synthetic CT studies ({} instances) in {}/images, their link file {}/link.csv\n", made->patients,
             made->instances, o.out, o.out);
  return 0;
}

}  // namespace

void register_dicom(CLI::App& app, Action& action) {
  auto* dicom = app.add_subcommand("dicom", "DICOM images: de-identification linked to the clinical record");
  dicom->require_subcommand(1);
  auto* cmd = dicom->add_subcommand(
      "deidentify",
      "De-identify every DICOM file below a folder (PS3.15 Basic Application Level Confidentiality Profile), "
      "patients named by their clinical pseudonym, with FHIR ImagingStudy bundles");
  auto o = std::make_shared<DicomCliOptions>();
  cmd->add_option("--in", o->in, "folder of DICOM files (read recursively; symbolic links are not followed)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", o->out,
                  out_folder_help("dicom/<pseudonym>/<study>/<series>/<instance>.dcm, imaging/ and combined/ "
                                  "FHIR bundles, review.csv, failures.csv"))
      ->required();
  cmd->add_option("--key-file", o->key_file, "site pseudonym key, as given to `oncoshare fhir`")->required();
  cmd->add_option("--project-key-file", o->project_key_file,
                  "project key, as given to `oncoshare fhir` (two-stage pseudonyms); also keys the new UIDs");
  cmd->add_option("--link", o->link,
                  "CSV with header dicom_patient_id,record_id: the REDCap record of each DICOM PatientID "
                  "(without it the PatientID is the record id)");
  cmd->add_option("--option", o->options,
                  "profile option (repeatable): retain-modified-dates, retain-patient-characteristics, "
                  "retain-device-identity, clean-descriptors");
  cmd->add_option("--max-shift-days", o->max_shift_days,
                  "as given to `oncoshare fhir --dates shift`: dates kept under retain-modified-dates move by "
                  "the patient's clinical shift")
      ->check(in_range(core::whole_numbers(1, privacy::kMaxShiftDays)));
  cmd->add_option("--fhir", o->fhir,
                  "bundle output of an earlier `oncoshare fhir` run: each patient's clinical bundle is written "
                  "with the imaging appended into combined/ (the folder itself is only read)")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--allow-burned-in", o->allow_burned_in,
                "also write files that may show burned-in text (listed in review.csv otherwise)");
  cmd->add_option("--threads", o->threads, "worker threads (0: one per core)")
      ->check(in_range(core::whole_numbers(0, 256)));
  cmd->callback([&action, o] { action = [o] { return run_deidentify(*o); }; });

  auto* synth = dicom->add_subcommand(
      "synth", "Synthetic CT studies for records of a REDCap export, under hospital numbers, with their link file "
               "(to try `dicom deidentify`)");
  auto s = std::make_shared<DicomSynthOptions>();
  synth->add_option("--data", s->data, "REDCap export (flat CSV with record_id)")->required()->check(CLI::ExistingFile);
  synth->add_option("--date-column", s->date_column, "the export's date column giving each study's date")
      ->capture_default_str();
  synth->add_option("--patients", s->patients, "records to image (the first with a valid date)")
      ->capture_default_str()
      ->check(in_range(core::whole_numbers(1, 100'000)));
  synth->add_option("--instances-per-series", s->per_series, "instances in each of a study's two series")
      ->capture_default_str()
      ->check(in_range(core::whole_numbers(1, 1'000)));
  synth->add_option("--out", s->out, out_folder_help("images/<MRN>/<series>/<n>.dcm and link.csv"))->required();
  synth->callback([&action, s] { action = [s] { return run_synth(*s); }; });
}

}  // namespace oncoshare::cli
