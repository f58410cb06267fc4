#include "synth/synth.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/atomic_output.hpp"
#include "core/progress.hpp"
#include "dictionary/redcap_dictionary_writer.hpp"
#include "synth/cohort_dictionary.hpp"
#include "synth/export_writer.hpp"
#include "synth/model.hpp"
#include "synth/patient.hpp"
#include "synth/patient_rows.hpp"
#include "synth/truth.hpp"

namespace oncoshare::synth {

namespace {

const std::vector<std::string> kDefectHeader{"site", "record_id", "repeat_instrument", "repeat_instance",
                                             "variable", "check", "original_value", "injected_value"};

std::string join_path(const std::string& dir, std::string_view file) { return dir + "/" + std::string(file); }

// Digits of the per-site record number: at least 6, more for very large sites.
int record_digits(std::uint64_t patients) {
  int digits = 6;
  for (std::uint64_t limit = 1000000; patients >= limit && digits < 20; limit *= 10) ++digits;
  return digits;
}

std::size_t check_index(std::string_view check) {
  return static_cast<std::size_t>(std::find(kCheckFamilies.begin(), kCheckFamilies.end(), check) -
                                  kCheckFamilies.begin());
}

// Streams the sites one after another; each patient is drawn, rendered, possibly made
// defective and written, so memory holds one patient at a time.
class CohortWriter {
 public:
  CohortWriter(const SynthOptions& options, const CohortModel& model, const ExportLayout& layout,
               std::string dir)
      : options_(options), model_(model), layout_(layout), dir_(std::move(dir)),
        injector_(layout, options.seed, options.defect_rate),
        progress_("synth", options.show_progress ? options.patients : 0) {}

  [[nodiscard]] core::Status write_sites(SynthSummary& summary) {
    auto defects = CsvFileWriter::create(join_path(dir_, "defects.csv"));
    if (!defects) return core::fail(defects.error());
    defects->write_row(kDefectHeader);
    const std::vector<std::uint64_t> counts = split_patients(options_.patients, model_.site_share);
    std::uint64_t index = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
      SiteSummary site{fmt::format("site_{}", k + 1), fmt::format("site_{}.csv", k + 1), counts[k], 0};
      ONCOSHARE_TRY(write_site(k, site, index, *defects, summary));
      summary.rows += site.rows;
      summary.files.push_back(site.file);
      summary.sites.push_back(std::move(site));
    }
    ONCOSHARE_TRY(defects->commit());
    summary.files.push_back("defects.csv");
    return {};
  }

 private:
  [[nodiscard]] core::Status write_site(std::size_t k, SiteSummary& site, std::uint64_t& index,
                                        CsvFileWriter& defects, SynthSummary& summary) {
    auto out = CsvFileWriter::create(join_path(dir_, site.file));
    if (!out) return core::fail(out.error());
    out->write_row(layout_.header());
    const int digits = record_digits(site.patients);
    for (std::uint64_t i = 1; i <= site.patients; ++i, ++index) {
      Patient p = draw_patient(model_, options_.seed, index, k, fmt::format("S{}-{:0{}}", k + 1, i, digits));
      render_patient(p, layout_, site.name, rows_);
      if (auto defect = injector_.maybe_inject(p, index, rows_)) {
        defects.write_row(std::vector<std::string>{site.name, defect->record_id, defect->instrument,
                                                   defect->instance, defect->variable, defect->check,
                                                   defect->original, defect->injected});
        ++summary.defects;
        ++summary.defects_by_check[check_index(defect->check)];
      }
      for (const Row& row : rows_) out->write_row(row);
      summary.deaths += p.dead ? 1 : 0;
      ++summary.patients;
      progress_.update(index + 1);
    }
    site.rows = out->rows() - 1;
    return out->commit();
  }

  const SynthOptions& options_;
  const CohortModel& model_;
  const ExportLayout& layout_;
  std::string dir_;
  DefectInjector injector_;
  core::Progress progress_;
  std::vector<Row> rows_;
};

}  // namespace

core::Status validate(const SynthOptions& o) {
  if (o.sites < 1 || o.sites > kMaxSites) {
    return core::bad_input(fmt::format("--sites must be between 1 and {} (got {})", kMaxSites, o.sites));
  }
  if (o.patients < 1) return core::bad_input(fmt::format("--patients must be at least 1 (got {})", o.patients));
  if (!(o.defect_rate >= 0.0 && o.defect_rate <= 1.0)) {
    return core::bad_input(fmt::format("--defect-rate must be between 0 and 1 (got {})", o.defect_rate));
  }
  if (o.out.empty()) return core::bad_input("--out must name a directory");
  return {};
}

core::Result<SynthSummary> generate(const SynthOptions& options) {
  ONCOSHARE_TRY(validate(options));
  auto dir = core::AtomicDirectory::create(options.out, {"synth", {}});
  if (!dir) return core::fail(dir.error());
  const dictionary::Dictionary dict = cohort_dictionary();
  const CohortModel model = make_model(options.seed, options.sites);
  const ExportLayout layout(dict);
  SynthSummary summary;

  ONCOSHARE_TRY(dictionary::write_redcap_dictionary(dict, join_path(dir->path(), "dictionary.csv")));
  ONCOSHARE_TRY(dictionary::write_mapping(dict, join_path(dir->path(), "mapping.csv")));
  summary.files = {"dictionary.csv", "mapping.csv"};
  CohortWriter writer(options, model, layout, dir->path());
  ONCOSHARE_TRY(writer.write_sites(summary));
  summary.files.push_back("truth.json");
  ONCOSHARE_TRY(core::write_file_atomically(join_path(dir->path(), "truth.json"),
                                            truth_json(options, model, summary)));
  summary.files.push_back("rules.csv");
  ONCOSHARE_TRY(core::write_file_atomically(join_path(dir->path(), "rules.csv"), rules_csv()));
  summary.files.push_back("README.txt");
  ONCOSHARE_TRY(core::write_file_atomically(join_path(dir->path(), "README.txt"),
                                            readme_text(options, summary)));
  ONCOSHARE_TRY(dir->commit());
  return summary;
}

}  // namespace oncoshare::synth
