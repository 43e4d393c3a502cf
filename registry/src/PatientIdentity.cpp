#include "holdfast/registry/PatientIdentity.h"

#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"

namespace holdfast::registry {

PatientIdentity patientIdentity(const std::filesystem::path& data_folder,
                                const std::string& patient_id) {
  PatientIdentity who;
  std::error_code ec;
  const auto file = registry::registryFile(data_folder);
  if (patient_id.empty() || !std::filesystem::exists(file, ec)) return who;
  try {
    if (const auto p = registry::PatientRegistry(file).find(patient_id)) {
      who.registered = true;
      who.name = p->name;
      who.date_of_birth = p->date_of_birth;
      who.record_number = p->record_number;
    }
  } catch (const std::exception&) {
    // An unreadable registry: the report says the patient is not identified.
  }
  return who;
}

}  // namespace holdfast::registry
