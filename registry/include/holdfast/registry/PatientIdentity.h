#pragma once
// Who a session's patient is, for the clinical report the clinic files: name, date of birth
// and record number from the registry of the data folder. Session files never hold them
// (only the pseudonymous id); the report adds them unless its shareable, pseudonymous version
// is asked for.

#include <filesystem>
#include <string>

namespace holdfast::registry {

struct PatientIdentity {
  bool registered = false;  ///< false: not in this data folder's registry (or it is unreadable)
  std::string name;
  std::string date_of_birth;  ///< YYYY-MM-DD
  std::string record_number;  ///< "" when the clinic keeps none
};

/// Never throws: an id not in the registry (or no registry) gives registered = false.
[[nodiscard]] PatientIdentity patientIdentity(const std::filesystem::path& data_folder,
                                              const std::string& patient_id);

}  // namespace holdfast::registry
