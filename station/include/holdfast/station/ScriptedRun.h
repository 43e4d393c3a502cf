#pragma once
// `holdfast-station --simulate --screenshot`: a whole session run by script on the built-in
// simulator, for demonstrations and the tests that run the station as a user does.

#include <QString>
#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/station/LiveSession.h"

namespace holdfast::ui {
class StationWindow;
}

namespace holdfast::station {

/// The patient of a scripted run: `given` (registered, not merged: wire::InputError otherwise),
/// else the first in the registry, else a simulated patient added to the registry (the simulator
/// is the only device of a scripted run).
[[nodiscard]] std::string scriptedPatient(const std::filesystem::path& data, const QString& given);

/// A session on the simulator, `trials` trials recorded by script, then a picture of the Record
/// page (live trace and its peak), Finish (results stored, report written), and a picture of the
/// Results page (`screenshot` with -results). A dynamometer test's `lever_arm_m` is typed on the
/// record page before each trial. Runs the Qt event loop; 0 when all of it worked.
int runScripted(ui::StationWindow& window, LiveSession& session, const QString& patient,
                const QString& test, int trials, const QString& screenshot, double timeout_s,
                std::optional<double> lever_arm_m = std::nullopt);

/// runScripted with its patient (scriptedPatient) and a time limit from the test's own trial and
/// countdown times (or the options' shorter ones), plus 5 s a trial and 30 s to start.
/// wire::InputError for a patient that cannot run.
int runScriptedTest(ui::StationWindow& window, LiveSession& session, const StationOptions& options,
                    const QString& patient, const std::string& test_id, int trials,
                    const QString& screenshot);

}  // namespace holdfast::station
