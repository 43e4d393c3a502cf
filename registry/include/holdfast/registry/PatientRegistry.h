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
  std::string id;
  std::string name;
  std::string date_of_birth;  ///< YYYY-MM-DD
  std::string sex;            ///< "female", "male", "other" or ""
  std::string notes;
  std::string created_utc;
};

/// True for ids this registry hands out: "HF-" then 8 Crockford base-32 characters.
[[nodiscard]] bool isRegistryId(const std::string& id);

/// StoreError unless name, date of birth and sex are acceptable (the message says which).
void validatePatient(const Patient& p);

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

  /// Adds a patient under a new random id and returns it.
  Patient add(Patient p);
  [[nodiscard]] std::optional<Patient> find(const std::string& id) const;
  [[nodiscard]] std::vector<Patient> list() const;
  /// Replaces name, date of birth, sex and notes of an existing patient. StoreError if unknown.
  void update(const Patient& p);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace holdfast::registry
