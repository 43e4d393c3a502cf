#pragma once
// The station's session setup: what the Setup page offers (the test library, the registry's
// patients, the serial ports and the simulator, the last choice), the patient's earlier
// sessions, and a session opened from the clinician's choice the one way every program opens
// one (recording::SessionOpening): its test as run (reference, box height), the session file
// and its metadata, the steps, and how the simulator plays the patient. It records nothing:
// LiveSession starts the device and runs the trials.

#include <QString>
#include <filesystem>
#include <string>
#include <vector>

#include "holdfast/method/TestDefinition.h"
#include "holdfast/simulator/SimulatedPatient.h"
#include "holdfast/store/SessionRecord.h"
#include "holdfast/ui/SetupPage.h"

namespace holdfast::station {

/// A session opened from the Setup page's choice, before its device starts.
struct OpenedSession {
  method::TestDefinition test;  ///< as this session runs it: stored in the session file
  store::SessionInfo info;
  std::filesystem::path file;
  std::vector<method::TestStep> steps;
  simulator::SimulatedPatient simulated_patient;
};

class SessionSetup {
 public:
  SessionSetup(std::filesystem::path data_folder, std::filesystem::path test_library,
               bool simulate_first);

  /// Fills the Setup page: tests, patients, devices, the last choice. False when the test
  /// library cannot be loaded (problem() says why; the page too).
  bool load(ui::SetupPage& page);
  [[nodiscard]] const QString& problem() const { return problem_; }
  [[nodiscard]] const std::vector<method::TestDefinition>& tests() const { return tests_; }

  /// The patient's earlier sessions, newest first (metadata and stored results only).
  [[nodiscard]] std::vector<ui::SessionHistoryRow> history(const QString& patient_id) const;

  /// Opens a session of `choice`. wire::InputError saying what to choose (an unknown test
  /// names the nearest ones); another exception when the registry or the data folder fail.
  [[nodiscard]] OpenedSession open(const ui::SetupChoice& choice) const;

  /// Remembers the choice for the next start (QSettings).
  static void remember(const ui::SetupChoice& choice);

 private:
  std::filesystem::path data_folder_, test_library_;
  bool simulate_first_ = false;
  std::vector<method::TestDefinition> tests_;
  QString problem_;
};

}  // namespace holdfast::station
