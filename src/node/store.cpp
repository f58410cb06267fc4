#include "node/store.hpp"

#include <fmt/format.h>

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>

#include "analytics/study_loader.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "node/detail/openssl.hpp"
#include "node/detail/sqlite.hpp"
#include "quality/quality.hpp"

namespace oncoshare::node {

namespace {

// SHA-256 over each file's name length, name and bytes in turn (streamed: exports are large).
// SHA-256 of the files in order, each prefixed by its path (`with_paths`) or not.
core::Result<std::string> files_sha256(const std::vector<std::string>& paths, bool with_paths = true) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 16);
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::fail(core::io_error(fmt::format("cannot read {}", path), {path}));
    if (with_paths) {
      const std::uint64_t length = path.size();
      EVP_DigestUpdate(ctx.get(), &length, sizeof length);
      EVP_DigestUpdate(ctx.get(), path.data(), path.size());
    }
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
      EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  return detail::to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

// What the exports hold, whatever their names or order: the SHA-256 of their sorted
// content digests. Two dataset ids over the same exports share it, and so one budget.
core::Result<std::string> source_sha256(const std::vector<std::string>& exports) {
  std::vector<std::string> digests;
  for (const auto& path : exports) {
    auto digest = files_sha256({path}, false);
    if (!digest) return core::fail(digest.error());
    digests.push_back(std::move(*digest));
  }
  std::sort(digests.begin(), digests.end());
  std::string joined;
  for (const auto& d : digests) joined += d;
  return detail::sha256_hex(joined);
}

// A record id as the ledger keeps it: the first 8 bytes of its SHA-256, computed once at load
// rather than for every exact answer.
std::uint64_t patient_digest(const std::string& record_id) {
  const std::string hex = detail::sha256_hex(record_id);
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = hex[i];
    value = value * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return value;
}

std::string policy_sha256(const DatasetPolicy& p) {
  const nlohmann::json policy = {{"researchers", p.researchers}, {"query_types", p.query_types},
                                 {"min_cell_size", p.min_cell_size}, {"plaintext", p.plaintext},
                                 {"dp_epsilon", p.dp_epsilon}, {"dp_budget", p.dp_budget},
                                 {"model_epsilon", p.model_epsilon}, {"exact_answers", p.exact_answers},
                                 {"min_subset_size", p.min_subset_size}, {"min_bin_width", p.min_bin_width},
                                 {"min_time_step", p.min_time_step}, {"min_contributors", p.min_contributors},
                                 {"exact_event_times", p.exact_event_times},
                                 {"model_rows_per_parameter", p.model_rows_per_parameter},
                                 {"max_saturation", p.max_saturation}, {"max_model_rounds", p.max_model_rounds}};
  return detail::sha256_hex(policy.dump());
}

// Derivations the dictionary can support: the survival and first-treatment variables are
// only derived when every field they read exists, so any REDCap project can be served.
analytics::Derivations derivations_for(const dictionary::Dictionary& dict) {
  analytics::Derivations d;
  const auto& s = d.survival;
  for (const auto* name : {&s.origin, &s.death_date, &s.last_contact, &s.vital_status}) {
    if (dict.find(*name) == nullptr) d.survival_enabled = false;
  }
  std::erase_if(d.first_of, [&](const analytics::FirstOfRepeat& f) { return dict.find(f.variable) == nullptr; });
  return d;
}

// Scores every record, so the loader can keep those at or above the minimum.
core::Result<std::unordered_map<std::string, double>> quality_scores(const DatasetConfig& config,
                                                                      const dictionary::Dictionary& dict) {
  quality::QualityOptions options;
  options.keep_record_scores = true;
  options.min_score = config.min_quality_score;
  auto checker = quality::QualityChecker::create(dict, options);
  if (!checker) return core::fail(checker.error());
  for (const auto& path : config.exports) {
    ONCOSHARE_TRY(checker->check_file(path, [](const quality::Failure&) {}));
  }
  return checker->finish().record_scores;
}

// Drops rows of records scoring below the minimum from a finished table.
std::int64_t drop_low_quality(analytics::StudyTable& table, const std::unordered_map<std::string, double>& scores,
                              double min_score) {
  std::vector<std::size_t> keep;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    auto it = scores.find(table.record_ids[row]);
    if (it == scores.end() || it->second >= min_score) keep.push_back(row);
  }
  auto dropped = static_cast<std::int64_t>(table.rows() - keep.size());
  auto pick = [&keep](auto& values) {
    if (values.empty()) return;
    std::remove_reference_t<decltype(values)> kept;
    kept.reserve(keep.size());
    for (std::size_t row : keep) kept.push_back(values[row]);
    values = std::move(kept);
  };
  pick(table.record_ids);
  pick(table.sites);
  for (auto& column : table.columns) {
    pick(column.levels);
    pick(column.numbers);
    pick(column.texts);
  }
  return dropped;
}

core::Status write_table(const analytics::StudyTable& table, const std::string& name, const std::string& path) {
  auto db = detail::Database::open(path);
  if (!db) return db.error();
  std::string ddl = fmt::format("DROP TABLE IF EXISTS \"{0}\"; CREATE TABLE \"{0}\" (\"record_id\" TEXT PRIMARY KEY, \"site\" TEXT", name);
  std::string insert = fmt::format("INSERT INTO \"{}\" VALUES (?, ?", name);
  for (const auto& c : table.columns) {
    ddl += fmt::format(", \"{}\" {}", c.name, c.type == analytics::ValueType::numeric || c.type == analytics::ValueType::date ? "REAL" : "TEXT");
    insert += ", ?";
  }
  ONCOSHARE_TRY(db->exec(ddl + ");"));
  auto tx = detail::Transaction::begin(*db);
  if (!tx) return tx.error();
  auto stmt = db->prepare(insert + ")");
  if (!stmt) return stmt.error();
  for (std::size_t row = 0; row < table.rows(); ++row) {
    stmt->bind(1, table.record_ids[row]).bind(2, table.sites[row]);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const auto& column = table.columns[c];
      int index = static_cast<int>(c) + 3;
      if (column.is_missing(row)) {
        stmt->bind_null(index);
      } else if (column.type == analytics::ValueType::categorical) {
        stmt->bind(index, column.choices[static_cast<std::size_t>(column.levels[row])].code);
      } else if (column.type == analytics::ValueType::text) {
        stmt->bind(index, column.texts[row]);
      } else {
        // The wrapper binds integers and text; SQLite's REAL affinity converts the text.
        stmt->bind(index, fmt::format("{}", column.numbers[row]));
      }
    }
    ONCOSHARE_TRY(stmt->run());
  }
  return tx->commit();
}

}  // namespace

core::Result<std::unique_ptr<Dataset>> load_dataset(const DatasetConfig& config, const std::string& store_path) {
  auto dict = dictionary::read_redcap_dictionary(config.dictionary);
  if (!dict) return core::fail(dict.error());
  if (!config.mapping.empty()) ONCOSHARE_TRY(dictionary::apply_mapping(*dict, config.mapping));
  auto table = analytics::load_study_table(config.exports, *dict, derivations_for(*dict));
  if (!table) return core::fail(table.error());
  auto dataset = std::make_unique<Dataset>();
  dataset->config = &config;
  dataset->table = std::move(*table);
  if (config.min_quality_score) {
    auto scores = quality_scores(config, *dict);
    if (!scores) return core::fail(scores.error());
    dataset->dropped_by_quality = drop_low_quality(dataset->table, *scores, *config.min_quality_score);
  }
  ONCOSHARE_TRY(write_table(dataset->table, "dataset_" + config.id, store_path));
  std::vector<std::string> inputs = {config.dictionary};
  if (!config.mapping.empty()) inputs.push_back(config.mapping);
  inputs.insert(inputs.end(), config.exports.begin(), config.exports.end());
  auto content = files_sha256(inputs);
  if (!content) return core::fail(content.error());
  dataset->content_sha256 = std::move(*content);
  dataset->policy_sha256 = policy_sha256(config.policy);
  auto source = source_sha256(config.exports);
  if (!source) return core::fail(source.error());
  dataset->source_sha256 = std::move(*source);
  for (const auto& id : dataset->table.record_ids) dataset->patient_digests.push_back(patient_digest(id));
  return dataset;
}

}  // namespace oncoshare::node
