#include "holdfast/cli/SessionOptions.h"

#include "holdfast/recording/SessionOpening.h"

#include "holdfast/method/Identifier.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/wire/InputError.h"

#include <iostream>

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include <iostream>

#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::cli {

namespace fs = std::filesystem;

void addSessionOptions(CommandSpec& spec) {
  spec.option("patient", "ID",
              "the pseudonymous id of a patient in the registry ('holdfast patients list'; an "
              "unknown id is an error)")
      .option("test", "NAME",
              "the clinical test, e.g. hamstring-90-90, long-lever-bridge-hold, critical-force "
              "(default isometric-max); one of the test library (an unknown id is an error "
              "naming the nearest), stored with the session, its method and criteria with it")
      .option("involved", "S", "injured (involved) limb of the patient: left or right")
      .option("mass-kg", "X", "body mass in kg, for relative force")
      .option("operator", "NAME", "who ran the session (stored with it)");
  addDataFolderOption(spec);
  addTestLibraryOption(spec);
}

void addDataFolderOption(CommandSpec& spec) {
  spec.option("data-dir", "DIR",
              "data folder: patient registry, sessions and calibrations (default "
              "$HOLDFAST_DATA_DIR, else "
              "$XDG_DATA_HOME/holdfast, else ~/.local/share/holdfast)");
}

void addTrialOptions(CommandSpec& spec) {
  spec.option("condition", "C",
              "balance tests: eyes-open or eyes-closed (both in one session give the Romberg "
              "quotient)")
      .option("surface", "S", "balance tests: firm or foam")
      .option("lever-arm-m", "M",
              "dynamometer tests: the distance from the joint centre to the pad in metres, "
              "measured for this patient and side (0.05-1.5); every force result then has its "
              "torque (peak_torque_nm, peak_torque_nm_per_kg with --mass-kg, RTD in Nm/s)");
}

void applyTrialOptions(const ParsedArgs& args, store::TrialInfo& trial) {
  if (args.value("condition"))
    trial.condition = args.choice("condition", {"eyes-open", "eyes-closed"}, "eyes-open");
  if (args.value("surface")) trial.surface = args.choice("surface", {"firm", "foam"}, "firm");
  // A limb's lever arm is centimetres to a metre: 0.05-1.5 m; 35 (centimetres typed as metres)
  // is refused rather than giving torques a hundred times too large.
  trial.lever_arm_m = args.number("lever-arm-m", 0.05, 1.5);
}

void addTestLibraryOption(CommandSpec& spec) {
  spec.option("test-library", "DIR",
              "folder of test definitions (default $HOLDFAST_TEST_LIBRARY, else the one shipped "
              "with the program)");
}

std::optional<fs::path> testLibraryFrom(const ParsedArgs& args) {
  if (auto d = args.value("test-library")) return fs::path(*d);
  return std::nullopt;
}

std::vector<method::TestDefinition> testLibraryFor(const ParsedArgs& args) {
  if (const auto given = testLibraryFrom(args)) return method::loadTestLibrary(*given);
  try {
    return method::loadTestLibrary(method::defaultTestLibrary());
  } catch (const wire::InputError& e) {
    std::cerr << "warning: " << e.what()
              << " (sessions without a stored test definition get the default method)\n";
    return {};
  }
}

void openActivityLogIn(const fs::path& data_folder, const std::string& program) {
  const std::string why = registry::openActivityLog(data_folder, program);
  if (!why.empty()) std::cerr << "warning: no activity log (" << why << ")\n";
}

std::string knownTestId(const ParsedArgs& args, const std::vector<method::TestDefinition>& library,
                        const std::string& default_test) {
  const std::string test = args.value("test").value_or(default_test);
  method::checkIdentifier("test", test);
  std::vector<std::string> ids;
  for (const method::TestDefinition& t : library) {
    if (t.id == test) return test;
    ids.push_back(t.id);
  }
  throw UsageError(wire::unknownNameMessage("test", test, ids));
}

fs::path dataFolderFrom(const ParsedArgs& args) {
  if (auto d = args.value("data-dir")) return *d;
  return registry::defaultDataFolder();
}

namespace {

/// The registered patient `id` (UsageError when not registered, or merged into another). A
/// mistyped id would file the trial under nobody (an orphan folder, a third subject in the
/// research export): only registered patients record.
registry::Patient registeredPatient(const fs::path& data, const std::string& id) {
  return recording::registeredPatient(data, id);
}

}  // namespace

fs::path dataFolderOfSession(const ParsedArgs& args, const fs::path& session) {
  if (args.value("data-dir")) return dataFolderFrom(args);
  std::error_code ec;
  const fs::path patient_folder = fs::absolute(session, ec).parent_path();
  const fs::path data = patient_folder.parent_path().parent_path();
  if (!ec && patient_folder.parent_path().filename() == "sessions" &&
      fs::exists(registry::registryFile(data), ec))
    return data;
  return dataFolderFrom(args);
}

fs::path sessionPathFor(const ParsedArgs& args, const std::string& default_test) {
  if (auto out = args.value("out")) return *out;
  const auto patient = args.value("patient");
  if (!patient) throw UsageError("give --out FILE.h5, or --patient ID to use the data folder");
  method::checkIdentifier("patient", *patient);
  const std::string test = knownTestId(args, testLibraryFor(args), default_test);
  const fs::path data = dataFolderFrom(args);
  (void)registeredPatient(data, *patient);  // before any folder is made for it
  try {
    return recording::sessionFileFor(data, *patient, test,
                                     recording::SessionFileChoice::ContinueTodaysOpenSession);
  } catch (const store::StoreError& e) {
    throw UsageError(e.what());
  }
}

store::SessionInfo sessionInfoFor(const ParsedArgs& args, const fs::path& out,
                                  const std::string& software_version,
                                  const SessionDefaults& defaults) {
  store::SessionInfo info;
  info.patient_id = args.value("patient").value_or("");
  if (!info.patient_id.empty()) method::checkIdentifier("patient", info.patient_id);
  std::error_code exists_ec;
  const bool appending = fs::exists(out, exists_ec);
  const std::vector<method::TestDefinition> library = testLibraryFor(args);
  // A new session's test must be known; an appended trial keeps the session's own (below).
  info.test =
      appending ? args.value("test").value_or("") : knownTestId(args, library, defaults.test);
  if (appending && !info.test.empty()) method::checkIdentifier("test", info.test);
  // The test's definition travels with the session: every later analysis uses its method.
  for (const method::TestDefinition& t : library) {
    if (t.id == info.test) info.test_definition = t.definition_json;
  }
  recording::SessionRequest request;
  request.test_id = info.test;
  request.test_definition_json = info.test_definition;
  request.involved = args.choice("involved", {"left", "right"}, defaults.involved);
  request.body_mass_kg = args.number("mass-kg", 1, 500);
  if (!request.body_mass_kg) request.body_mass_kg = defaults.body_mass_kg;
  request.operator_name = args.value("operator").value_or("");
  request.software_version = software_version;
  if (!info.patient_id.empty()) {
    // The station's rule too (recording::newSessionInfo): the registry's sex and age.
    info = recording::newSessionInfo(registeredPatient(dataFolderFrom(args), info.patient_id),
                                     request);
  } else {
    registry::Patient nobody;
    info = recording::newSessionInfo(nobody, request);
  }

  std::error_code ec;
  if (!fs::exists(out, ec)) return info;
  store::SessionRecord existing;
  try {
    existing = store::readSessionFile(out);
  } catch (const store::StoreError& e) {
    throw UsageError(std::string("cannot append to it: ") + e.what());
  }
  const auto clash = [&](const char* what, const std::string& given, const std::string& stored) {
    if (!given.empty() && given != stored) {
      throw UsageError(out.string() + " belongs to " + what + " '" + stored + "', not '" + given +
                       "'");
    }
  };
  clash("patient", args.value("patient").value_or(""), existing.info.patient_id);
  clash("test", args.value("test").value_or(""), existing.info.test);
  clash("involved side", info.involved, existing.info.involved);
  return existing.info;
}

void checkOutputFolder(const fs::path& out) {
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError("output folder " + dir.string() + " does not exist");
  if (access(dir.c_str(), W_OK) != 0)
    throw UsageError("output folder " + dir.string() + " is not writable");
}

}  // namespace holdfast::cli
