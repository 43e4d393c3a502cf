#pragma once
// Who the patients are, kept apart from what was measured. The registry (SQLite, one file in
// the data folder, 0600) maps a pseudonymous id ("HF-7K3M9QXA") to name, date of birth, sex
// and notes. Session files only ever hold the id (plus sex and age in years); the research
// export re-keys even that.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::registry {

struct Patient {
  /// When the patient was registered, in local time as a person reads it.
  [[nodiscard]] std::string registeredLocal() const;
  std::string id;
  std::string name;
  std::string date_of_birth;  ///< YYYY-MM-DD
  std::string sex;            ///< "female", "male", "other" or ""
  std::string notes;
  std::string created_utc;
  /// The clinic's own record (chart) number, to tell people apart and file the report; "" if
  /// the clinic has none. Kept only in the registry and the clinical report.
  std::string record_number;
  /// Set when this patient was merged into another (`patients merge`): the id that holds the
  /// sessions now. A merged patient is not listed and cannot record.
  std::string merged_into;
  /// The sport played and the level played at (wire/Population.h names; "" when not given):
  /// what a norm's population is matched on beside sex and age (docs/norms.md).
  std::string sport;
  std::string sport_level;
};

/// `add` or `update` would make a second patient with the same name and date of birth.
class DuplicatePatient : public store::StoreError {
 public:
  DuplicatePatient(const std::string& existing_id, const std::string& message)
      : store::StoreError(message), existing_id_(existing_id) {}
  [[nodiscard]] const std::string& existingId() const { return existing_id_; }

 private:
  std::string existing_id_;
};

/// True for ids this registry hands out: "HF-" then 8 Crockford base-32 characters.
[[nodiscard]] bool isRegistryId(const std::string& id);

/// StoreError unless name, date of birth and sex are acceptable (the message says which).
void validatePatient(const Patient& p);

/// The id of a registered patient with this name and date of birth other than `except_id`.
[[nodiscard]] std::optional<std::string> sameNameAndBirth(const std::vector<Patient>& patients,
                                                          const Patient& p,
                                                          const std::string& except_id = "");

/// Whole years between a date of birth and a day (both YYYY-MM-DD or ISO 8601).
[[nodiscard]] std::optional<int> ageInYears(const std::string& date_of_birth,
                                            const std::string& on_day);

class PatientRegistry {
 public:
  /// Opens (or creates, 0600) the registry file. Throws StoreError.
  explicit PatientRegistry(const std::filesystem::path& file);
  ~PatientRegistry();
  PatientRegistry(const PatientRegistry&) = delete;
  PatientRegistry& operator=(const PatientRegistry&) = delete;

  /// Adds a patient under a new random id and returns it. DuplicatePatient when a patient
  /// with the same name (case and spacing aside) and date of birth is registered, unless
  /// `allow_duplicate` (two people can share both).
  Patient add(Patient p, bool allow_duplicate = false);
  /// The patient, merged ones included (see merged_into).
  [[nodiscard]] std::optional<Patient> find(const std::string& id) const;
  /// The patients that can record (merged ones left out), by name.
  [[nodiscard]] std::vector<Patient> list() const;
  /// Replaces name, date of birth, sex, notes and record number of an existing patient.
  /// StoreError if unknown; DuplicatePatient as for add.
  void update(const Patient& p, bool allow_duplicate = false);
  /// StoreError unless `merged` can be merged into `kept`: both exist, differ, and neither is
  /// merged already. Checked before any session file moves.
  void requireMergeable(const std::string& merged, const std::string& kept) const;
  /// Marks `merged` as merged into `kept` (requireMergeable first). The caller moves the
  /// session files before (registry::mergePatientSessions).
  void markMerged(const std::string& merged, const std::string& kept);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace holdfast::registry
