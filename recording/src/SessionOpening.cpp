#include "holdfast/recording/SessionOpening.h"

#include "holdfast/registry/DataFolder.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::recording {

namespace fs = std::filesystem;

registry::Patient registeredPatient(const fs::path& data_folder, const std::string& id) {
  const fs::path file = registry::registryFile(data_folder);
  std::error_code exists_ec;
  std::optional<registry::Patient> patient;
  if (fs::exists(file, exists_ec)) {
    try {
      patient = registry::PatientRegistry(file).find(id);
    } catch (const store::StoreError& e) {
      throw wire::InputError(e.what());
    }
  }
  if (!patient) {
    throw wire::InputError("patient " + id + " is not in the registry at " + file.string() +
                           " (check the id with 'holdfast patients list', or add the patient "
                           "with 'holdfast patients add')");
  }
  if (!patient->merged_into.empty()) {
    throw wire::InputError("patient " + id + " was merged into " + patient->merged_into +
                           ": record under " + patient->merged_into);
  }
  return *patient;
}

fs::path sessionFileFor(const fs::path& data_folder, const std::string& patient_id,
                        const std::string& test_id, SessionFileChoice choice) {
  registry::ensureDataFolder(data_folder);
  const fs::path folder = registry::patientSessionFolder(data_folder, patient_id);
  std::error_code ec;
  fs::create_directories(folder, ec);  // 0700: the process umask is 077
  if (ec) throw store::StoreError("cannot create " + folder.string() + ": " + ec.message());
  const std::string day = store::localDayToday();  // the clinic's date, not UTC's
  const auto taken = [&](const fs::path& file) {
    std::error_code e;
    if (choice == SessionFileChoice::AlwaysNew)
      return fs::exists(file, e) || fs::exists(store::journalPathFor(file), e);
    // A finished session (its results stored: the station's Finish, or analyze) is closed: a
    // new trial starts a new session beside it, never changes the one a report was made from.
    // An open one with a journal beside it is not skipped: the recorder then says to recover
    // the interrupted trial first, so that the day's session stays whole.
    return fs::exists(file, e) && store::readAnalysisJson(file).has_value();
  };
  fs::path file = folder / (day + "_" + test_id + ".h5");
  for (int k = 2; taken(file); ++k)
    file = folder / (day + "_" + test_id + "-" + std::to_string(k) + ".h5");
  registry::requireInside(data_folder, file);
  return file;
}

store::SessionInfo newSessionInfo(const registry::Patient& patient, const SessionRequest& r) {
  store::SessionInfo info;
  info.patient_id = patient.id;
  info.test = r.test_id;
  info.test_definition = r.test_definition_json;
  info.involved = r.involved;
  info.body_mass_kg = r.body_mass_kg;
  info.operator_name = r.operator_name;
  info.software_version = r.software_version;
  info.created_utc = store::isoUtcNow();
  info.created_local = store::isoLocalNow();
  info.sex = patient.sex;
  info.sport = patient.sport;
  info.sport_level = patient.sport_level;
  info.age_years = registry::ageInYears(patient.date_of_birth, info.created_local);
  return info;
}

}  // namespace holdfast::recording
