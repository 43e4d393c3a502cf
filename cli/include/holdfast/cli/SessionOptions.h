#pragma once
// The session options that `acquire` and `import` share (--patient, --test, --involved,
// --mass-kg, --operator), checked, and checked again against a session file being appended to.

#include <filesystem>
#include <optional>

#include "holdfast/cli/CommandLine.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::cli {

void addSessionOptions(CommandSpec& spec);

/// --data-dir: where the registry and the default session folders live.
void addDataFolderOption(CommandSpec& spec);
/// What is said of one trial: --condition eyes-open|eyes-closed and --surface firm|foam (a
/// balance trial's conditions; the station asks them per trial from the test), and
/// --lever-arm-m (a dynamometer trial's joint-to-pad distance: its torque).
void addTrialOptions(CommandSpec& spec);
/// The trial options into a trial (UsageError for a value not offered or out of range).
void applyTrialOptions(const ParsedArgs& args, store::TrialInfo& trial);
/// --test-library: the folder of test definitions (the station's and `report`'s).
void addTestLibraryOption(CommandSpec& spec);
/// --test-library when given (else the caller uses method::defaultTestLibrary()).
[[nodiscard]] std::optional<std::filesystem::path> testLibraryFrom(const ParsedArgs& args);
/// The tests of --test-library (an InputError when it cannot be read), else of the default
/// library (one that cannot be read is a warning on stderr and no tests).
[[nodiscard]] std::vector<method::TestDefinition> testLibraryFor(const ParsedArgs& args);

/// The test a new session is recorded as when --test is not given: a test of the library.
inline constexpr const char* kDefaultTest = "isometric-max";
/// --test (else kDefaultTest), which must be an id of `library`: UsageError naming the nearest
/// ids otherwise ("unknown test 'cmjj': did you mean cmj?").
[[nodiscard]] std::string knownTestId(const ParsedArgs& args,
                                      const std::vector<method::TestDefinition>& library,
                                      const std::string& default_test = kDefaultTest);

/// What a new session is when the options do not say (an import of Holdfast's own export
/// takes them from the export's results file).
struct SessionDefaults {
  std::string test = kDefaultTest;
  std::string involved;
  std::optional<double> body_mass_kg;
  std::string condition;  ///< a balance trial's eyes and surface
  std::string surface;
};

/// Opens the activity log in `data_folder` for `program`; a log that cannot be opened is a
/// warning on stderr, never an error.
void openActivityLogIn(const std::filesystem::path& data_folder, const std::string& program);

/// --data-dir, else $HOLDFAST_DATA_DIR, else the XDG data folder.
[[nodiscard]] std::filesystem::path dataFolderFrom(const ParsedArgs& args);

/// The data folder a session file belongs to: --data-dir when given, else the folder holding
/// it as DATA/sessions/ID/FILE.h5 when DATA has a registry, else dataFolderFrom(args). The
/// report of a session then names the patient from that session's own registry.
[[nodiscard]] std::filesystem::path dataFolderOfSession(const ParsedArgs& args,
                                                        const std::filesystem::path& session);

/// The session file of a trial: --out when given, else
/// DATA/sessions/PATIENT/YYYY-MM-DD_TEST.h5 (one session per patient, test and day; once it
/// is finished, its results stored, the next is YYYY-MM-DD_TEST-2.h5 ...), the
/// folders created private. UsageError when neither --out nor --patient is given, or the
/// path would leave the data folder.
[[nodiscard]] std::filesystem::path sessionPathFor(const ParsedArgs& args,
                                                   const std::string& default_test = kDefaultTest);

/// The session metadata for a trial written to `out`: from the options for a new file, or the
/// file's own when appending (UsageError when the options contradict it or it cannot be read).
/// The patient must be in the registry of the data folder (UsageError otherwise, or when the
/// patient was merged into another); it gives sex and age in years.
[[nodiscard]] store::SessionInfo sessionInfoFor(const ParsedArgs& args,
                                                const std::filesystem::path& out,
                                                const std::string& software_version,
                                                const SessionDefaults& defaults = {});

/// UsageError unless the folder of `out` exists and is writable.
void checkOutputFolder(const std::filesystem::path& out);

}  // namespace holdfast::cli
