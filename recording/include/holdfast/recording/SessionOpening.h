#pragma once
// Where a session starts, the same for `holdfast acquire`/`import --patient` and the station:
// the patient must be registered (and not merged into another), the session file is
// DATA/sessions/ID/DAY_TEST.h5 (the clinic's local day), and the session's metadata carries the
// registry's sex and age at the session and the test's definition. A session whose results are
// stored (finished) is never reopened: the next free DAY_TEST-K.h5 is used. The station starts a
// file of its own for every session (past any file or journal of that name); `acquire` continues
// today's open session, and when a journal of an interrupted trial lies beside it the recorder
// refuses and names `holdfast recover`.

#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::recording {

/// The patient `id` of the data folder's registry. wire::InputError when it is not registered
/// (naming how to check and add) or was merged into another (naming which).
[[nodiscard]] registry::Patient registeredPatient(const std::filesystem::path& data_folder,
                                                  const std::string& id);

enum class SessionFileChoice {
  /// `acquire`, `import`: today's session of that test takes more trials while it is open.
  ContinueTodaysOpenSession,
  /// The station: every session started on the Setup page is a file of its own.
  AlwaysNew,
};

/// The session file of `patient_id`'s `test_id` today, its folder created (0700). Throws
/// StoreError when the folder cannot be made.
[[nodiscard]] std::filesystem::path sessionFileFor(const std::filesystem::path& data_folder,
                                                   const std::string& patient_id,
                                                   const std::string& test_id,
                                                   SessionFileChoice choice);

struct SessionRequest {
  std::string test_id;
  std::string test_definition_json;  ///< the test as this session runs it ("" when unknown)
  std::string involved;              ///< "left", "right" or ""
  std::optional<double> body_mass_kg;
  std::string operator_name;
  std::string software_version;
};

/// A new session's metadata: the request, now (UTC and local), and the patient's sex and age
/// on the day from the registry.
[[nodiscard]] store::SessionInfo newSessionInfo(const registry::Patient& patient,
                                                const SessionRequest& request);

}  // namespace holdfast::recording
