#include "omop/cdm_ddl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace oncoshare::omop {

namespace {

std::vector<const CdmField*> primary_key_fields(const CdmTable& table) {
  std::vector<const CdmField*> keys;
  for (const CdmField& field : table.fields) {
    if (field.primary_key) keys.push_back(&field);
  }
  return keys;
}

std::string field_list(const std::vector<const CdmField*>& fields) {
  std::string text;
  for (const CdmField* field : fields) text += (text.empty() ? "" : ", ") + quoted(field->name);
  return text;
}

// The referenced field is its table's whole primary key: a foreign key may point at it as is.
bool is_whole_primary_key(const CdmTable& table, const CdmField& field) {
  const auto keys = primary_key_fields(table);
  return keys.size() == 1 && keys.front() == &field;
}

std::vector<ForeignKey> collect_foreign_keys() {
  std::vector<ForeignKey> keys;
  for (const CdmTable& table : cdm_tables()) {
    for (const CdmField& field : table.fields) {
      if (field.fk_table.empty()) continue;
      const CdmTable* referenced = find_cdm_table(field.fk_table);
      const int referenced_field = referenced == nullptr ? -1 : referenced->field(field.fk_field);
      if (referenced_field < 0) continue;
      keys.push_back({&table, &field, referenced,
                      &referenced->fields[static_cast<std::size_t>(referenced_field)],
                      fmt::format("fpk_{}_{}", table.name, field.name)});
    }
  }
  return keys;
}

// Referenced fields that are not their table's primary key, each once.
std::vector<std::pair<const CdmTable*, const CdmField*>> unique_keys_needed() {
  std::vector<std::pair<const CdmTable*, const CdmField*>> needed;
  for (const ForeignKey& key : foreign_keys()) {
    if (is_whole_primary_key(*key.referenced_table, *key.referenced_field)) continue;
    const std::pair<const CdmTable*, const CdmField*> entry{key.referenced_table,
                                                            key.referenced_field};
    if (std::find(needed.begin(), needed.end(), entry) == needed.end()) needed.push_back(entry);
  }
  return needed;
}

}  // namespace

std::string quoted(std::string_view identifier) {
  std::string text = "\"";
  for (const char c : identifier) text += c == '"' ? std::string("\"\"") : std::string(1, c);
  return text + "\"";
}

std::string qualified(std::string_view schema, std::string_view table) {
  return schema.empty() ? quoted(table) : quoted(schema) + "." + quoted(table);
}

std::string column_type(const CdmField& field, SqlDialect dialect) {
  const bool postgres = dialect == SqlDialect::postgresql;
  switch (field.type) {
    case CdmType::integer:
      return postgres ? "integer" : "INTEGER";
    case CdmType::bigint:
      return postgres ? "bigint" : "INTEGER";
    case CdmType::floating:
      return postgres ? "numeric" : "REAL";
    case CdmType::varchar:
      if (!postgres) return "TEXT";
      return field.length == 0 ? "text" : fmt::format("varchar({})", field.length);
    case CdmType::date:
      return postgres ? "date" : "TEXT";
    case CdmType::datetime:
      return postgres ? "timestamp" : "TEXT";
  }
  return "TEXT";
}

std::string create_table_sql(const CdmTable& table, SqlDialect dialect, std::string_view schema) {
  std::string sql = fmt::format("CREATE TABLE {} (", qualified(schema, table.name));
  bool first = true;
  for (const CdmField& field : table.fields) {
    sql += fmt::format("{}\n  {} {}{}", first ? "" : ",", quoted(field.name),
                       column_type(field, dialect), field.required ? " NOT NULL" : " NULL");
    first = false;
  }
  if (dialect == SqlDialect::sqlite) {
    const auto keys = primary_key_fields(table);
    if (!keys.empty()) {
      sql += fmt::format(",\n  CONSTRAINT {} PRIMARY KEY ({})",
                         quoted(fmt::format("xpk_{}", table.name)), field_list(keys));
    }
    for (const ForeignKey& key : foreign_keys()) {
      if (key.table != &table) continue;
      sql += fmt::format(",\n  CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", quoted(key.name),
                         quoted(key.field->name), quoted(key.referenced_table->name),
                         quoted(key.referenced_field->name));
    }
  }
  return sql + "\n)";
}

const std::vector<ForeignKey>& foreign_keys() {
  static const std::vector<ForeignKey> keys = collect_foreign_keys();
  return keys;
}

std::vector<std::string> primary_key_sql(std::string_view schema) {
  std::vector<std::string> statements;
  for (const CdmTable& table : cdm_tables()) {
    const auto keys = primary_key_fields(table);
    if (keys.empty()) continue;
    statements.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({})",
                                     qualified(schema, table.name),
                                     quoted(fmt::format("xpk_{}", table.name)), field_list(keys)));
  }
  return statements;
}

std::vector<std::string> unique_key_sql(SqlDialect dialect, std::string_view schema) {
  std::vector<std::string> statements;
  for (const auto& [table, field] : unique_keys_needed()) {
    const std::string name = quoted(fmt::format("uk_{}_{}", table->name, field->name));
    statements.push_back(dialect == SqlDialect::postgresql
                             ? fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})",
                                           qualified(schema, table->name), name,
                                           quoted(field->name))
                             : fmt::format("CREATE UNIQUE INDEX {} ON {} ({})", name,
                                           qualified(schema, table->name), quoted(field->name)));
  }
  return statements;
}

std::string foreign_key_sql(const ForeignKey& key, std::string_view schema) {
  return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
                     qualified(schema, key.table->name), quoted(key.name), quoted(key.field->name),
                     qualified(schema, key.referenced_table->name),
                     quoted(key.referenced_field->name));
}

std::vector<IndexSpec> cdm_indexes() {
  // The main concept of each clinical table and the vocabulary lookups, as in OHDSI's DDL.
  static constexpr std::array<IndexSpec, 29> kConceptIndexes{{
      {"visit_occurrence", "visit_concept_id"},
      {"visit_detail", "visit_detail_concept_id"},
      {"condition_occurrence", "condition_concept_id"},
      {"drug_exposure", "drug_concept_id"},
      {"procedure_occurrence", "procedure_concept_id"},
      {"device_exposure", "device_concept_id"},
      {"measurement", "measurement_concept_id"},
      {"observation", "observation_concept_id"},
      {"note", "note_type_concept_id"},
      {"note_nlp", "note_nlp_concept_id"},
      {"specimen", "specimen_concept_id"},
      {"drug_era", "drug_concept_id"},
      {"dose_era", "drug_concept_id"},
      {"condition_era", "condition_concept_id"},
      {"episode", "episode_concept_id"},
      {"episode_event", "episode_id"},
      {"concept", "concept_code"},
      {"concept", "vocabulary_id"},
      {"concept", "domain_id"},
      {"concept", "concept_class_id"},
      {"concept_relationship", "concept_id_1"},
      {"concept_relationship", "concept_id_2"},
      {"concept_relationship", "relationship_id"},
      {"concept_synonym", "concept_id"},
      {"concept_ancestor", "ancestor_concept_id"},
      {"concept_ancestor", "descendant_concept_id"},
      {"source_to_concept_map", "target_concept_id"},
      {"drug_strength", "drug_concept_id"},
      {"drug_strength", "ingredient_concept_id"},
  }};
  std::vector<IndexSpec> indexes;
  // Every table with a person_id (but person, where it is the primary key) and a visit
  // link: the queries of cohort building and the checks start from a person or a visit.
  for (const CdmTable& table : cdm_tables()) {
    for (const std::string_view field :
         {std::string_view("person_id"), std::string_view("visit_occurrence_id")}) {
      const int index = table.field(field);
      if (index >= 0 && !table.fields[static_cast<std::size_t>(index)].primary_key) {
        indexes.push_back({table.name, field});
      }
    }
  }
  indexes.insert(indexes.end(), kConceptIndexes.begin(), kConceptIndexes.end());
  return indexes;
}

std::vector<std::string> index_sql(std::string_view schema) {
  std::vector<std::string> statements;
  for (const IndexSpec& index : cdm_indexes()) {
    statements.push_back(fmt::format("CREATE INDEX {} ON {} ({})",
                                     quoted(fmt::format("idx_{}_{}", index.table, index.field)),
                                     qualified(schema, index.table), quoted(index.field)));
  }
  return statements;
}

}  // namespace oncoshare::omop
