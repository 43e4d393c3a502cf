#pragma once
// The station's controller for a live session: it wires the libraries together and keeps the
// window's pages up to date. ui only shows and asks; everything else happens here:
//
//   device (serial port, or the built-in simulator's pty) --> daq::AcquisitionEngine
//        display ring (lossy) --60 Hz QTimer, GUI thread--> calibrate --> LiveChartView etc.
//        recording ring (lossless) --drain thread--> TrialRecorder --> journal --> FILE.h5
//   after each trial: FILE.h5 --> analyzeSession --> Results page; Finish: results stored in
//   the file and the clinical PDF written beside it.
//
// Between trials an engine runs with a discarding sink, so the clinician sees the force (and
// can tare) before recording. Record stops it and starts a recording engine at once: the
// countdown is recorded too, which gives the analysis its quiet baseline before "go". A trial
// ends after the test's duration or on Stop.
//
// Nothing that can wait runs on the GUI thread (the tick keeps drawing): stopping an engine
// (a device or a disk may hang; the stop is bounded), building the session file, analysing it
// with the patient's trend (which re-reads every earlier session) and finishing the session
// run as tasks on worker threads; the tick picks up their results.
//
//   Monitoring --Record--> Starting (stop the monitoring engine, open the trial) --> Countdown
//   --> Recording --end--> Saving (stop, build the file) --> Analysing --> Monitoring
//   Monitoring --Finish--> Finishing (stop, analyse, store results) --> Done (PDF written)

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/recording/RecordingPlan.h"
#include "holdfast/recording/TrialRun.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/results/SessionReport.h"
#include "holdfast/simulator/SimulatedPatient.h"
#include "holdfast/station/LiveTraceBuffer.h"
#include "holdfast/station/LiveView.h"
#include "holdfast/station/SessionSetup.h"
#include "holdfast/station/SimulatorRunner.h"
#include "holdfast/station/TrialFollower.h"
#include "holdfast/ui/ClinicalReport.h"
#include "holdfast/ui/ResultsView.h"
#include "holdfast/ui/SetupPage.h"
#include "holdfast/ui/StabilogramView.h"

namespace holdfast::ui {
class StationWindow;
}

namespace holdfast::station {

struct StationOptions {
  std::filesystem::path data_folder;
  std::filesystem::path test_library;
  bool simulate = false;                ///< offer the built-in simulator first
  bool pseudonymous_report = false;     ///< every report the shareable version (--pseudonymous)
  std::optional<double> trial_seconds;  ///< overrides the test (scripted runs)
  std::optional<double> countdown_seconds;
  /// Scripted runs of a dynamometer test: the lever arm typed on the record page before each
  /// trial (as a clinician does), m.
  std::optional<double> lever_arm_m;
  int ui_hz = 60;
  /// Faults the built-in simulator injects (simulator::parseSimulatorFaults), e.g. "unplug:6:2" for
  /// demonstrating and testing the disconnect banner.
  std::string simulator_faults;
};

class LiveSession : public QObject {
  Q_OBJECT
 public:
  /// Frames the screen missed during the last trial (a busy machine): samples never are.
  [[nodiscard]] std::uint64_t framesMissed() const { return frames_missed_; }
  using Phase = SessionPhase;

  LiveSession(StationOptions options, ui::StationWindow& window);
  ~LiveSession() override;

  /// Fills the Setup page (registry, test library, ports). False with a message on error.
  bool loadSetup();
  /// Why loadSetup() failed (the Setup page says it too).
  [[nodiscard]] const QString& setupProblem() const { return setup_.problem(); }
  /// Starts the session chosen on the Setup page. False (and the reason shown) on error.
  bool startSession(const ui::SetupChoice& choice);
  void record();
  void stop();
  void tare();
  void redo();
  void finish();

  [[nodiscard]] Phase phase() const { return phase_; }
  [[nodiscard]] const std::filesystem::path& sessionFile() const { return session_file_; }
  [[nodiscard]] const std::optional<results::SessionAnalysis>& analysis() const {
    return analysis_;
  }
  [[nodiscard]] const std::vector<method::TestDefinition>& tests() const { return setup_.tests(); }
  [[nodiscard]] int trialsSaved() const { return trials_saved_; }
  [[nodiscard]] std::filesystem::path reportFile() const;
  /// Frame timing of the UI tick, for the benchmark (milliseconds per tick).
  [[nodiscard]] const std::vector<double>& tickMilliseconds() const { return tick_ms_; }
  /// Newest sample's age when it was drawn (ms), per tick: sample-to-screen latency.
  [[nodiscard]] const std::vector<double>& latencyMilliseconds() const { return latency_ms_; }

 signals:
  void trialSaved(int trial);
  void sessionFinished(const QString& file);
  void message(const QString& text, bool error);

 public:
  /// Lists the patient's earlier sessions on the Setup page.
  void showHistory(const QString& patient_id);
  /// Shows a recorded session in the Results page (from the history or File > Open); only
  /// between sessions. False (and says why) when it cannot.
  bool openRecorded(const QString& file);

 private:
  /// Who the report names: the registry's identity of the patient, or the pseudonymous id
  /// only when the Setup page asks for the shareable report.
  [[nodiscard]] ui::ReportIdentity reportIdentityFor(const QString& patient_id) const;
  /// A two-plate test on a device with two plates: the total is the primary force.
  [[nodiscard]] bool twoPlates() const;
  [[nodiscard]] bool balanceTest() const;
  /// How long a trial runs from the go, s: the scripted override, else the test's.
  [[nodiscard]] double trialDuration() const;
  [[nodiscard]] bool jumpTest() const;
  [[nodiscard]] std::string currentCondition() const;
  class DiscardSink : public daq::RecordingSink {
   public:
    void appendFrames(std::span<const wire::Frame>) override {}
    void appendEvent(const wire::AcquisitionEvent&) override {}
  };

  /// What a trial's end (stop and build, on a worker thread) hands back to the GUI thread.
  struct EndedTrial {
    recording::TrialEnd end;
    QString loss;  ///< what the trial lost (gaps, reconnects), for the banner
    std::optional<store::RecoveryReport> built;
    std::string build_error;
  };
  /// The session analysed (on a worker thread) as the Results page shows it.
  struct AnalysedSession {
    std::optional<results::SessionAnalysis> analysis;
    results::SessionReport report;
    ui::ResultsView view;
    std::string error;
  };
  /// Finishing the session (on a worker thread): results stored, the report's view built.
  struct FinishedSession {
    std::optional<results::SessionAnalysis> analysis;
    ui::ResultsView view;
    std::string error;
  };

  void tick();
  void collectTasks();
  /// The recording phase has its planned duration: duration x rate samples taken (or lost) by
  /// the device since the go; or, from a device that stopped sending, the duration plus
  /// kLateSamplesLimitS on the clock.
  [[nodiscard]] bool plannedDurationRecorded(double duration_s, double in_phase_s) const;
  void endTrial(const char* reason);
  void trialStarted();
  void trialEnded();
  void analysisDone();
  void finishDone();
  void startAnalysis();
  void drainDisplay();
  /// The live view of this tick: where the session is, drawn by view_.
  void drawLive();
  void startMonitoring();
  void stopEngine();
  /// The built-in simulator: a device on a pty, or (`progressor`) a Tindeq Progressor on the air.
  void startSimulator(bool progressor);
  /// The engine reading the device now: the trial's while recording, else the monitoring one.
  [[nodiscard]] daq::AcquisitionEngine* activeEngine();
  [[nodiscard]] const daq::AcquisitionEngine* activeEngine() const;
  /// Resolves the recording plan for the device's channels; false (and said) when they do not
  /// fit the test.
  bool resolvePlan(const daq::AcquisitionEngine& engine, const wire::Frame& frame);
  /// What the Results page and the report show of the session (with the trend, which re-reads
  /// the patient's earlier sessions: call it off the GUI thread).
  [[nodiscard]] static ui::ResultsView resultsView(const std::filesystem::path& file,
                                                   const store::SessionRecord& session,
                                                   const results::SessionAnalysis& analysis,
                                                   const method::TestDefinition& test);
  void fail(const QString& text);
  daq::AcquisitionConfig engineConfig() const;
  /// The Setup page's "Find Bluetooth devices": a scan whose devices join the device list.
  void findBluetoothDevices();
  /// A device value "ble:PROTOCOL@ADDRESS": the session's link to it (Qt Bluetooth).
  void openBluetoothDevice(const std::string& value);
  /// The session's first connection to its Bluetooth device, without blocking the window.
  void connectBluetooth();
  recording::RecordingOptions recordingOptions() const;
  [[nodiscard]] std::string currentSide() const;
  [[nodiscard]] std::optional<double> holdTargetN() const;

  StationOptions options_;
  ui::StationWindow& window_;
  SessionSetup setup_;  ///< the Setup page's offer and the opening of a session
  QTimer timer_;
  Phase phase_ = Phase::Setup;

  // The session.
  ui::SetupChoice choice_;
  /// The session's test: the library's, with the reference the clinician entered (stored in
  /// the session file, so every later analysis scores what the live screen showed).
  std::optional<method::TestDefinition> session_test_;
  const method::TestDefinition* test_ = nullptr;
  simulator::SimulatedPatient simulated_patient_;  ///< how the simulator plays test_'s patient
  store::SessionInfo session_info_;
  std::filesystem::path session_file_;
  std::vector<method::TestStep> steps_;
  std::size_t step_ = 0;
  int trials_saved_ = 0;
  int last_trial_ = 0;
  std::optional<wire::DeviceCalibration> tare_;
  std::optional<results::SessionAnalysis> analysis_;
  QString last_error_;
  QString last_trial_loss_;          ///< what the last trial lost, shown until the next one
  std::uint64_t frames_missed_ = 0;  ///< frames the screen missed during the trial
  std::chrono::steady_clock::time_point last_tick_{};

  // The device.
  std::string port_;  ///< a serial port, or a Bluetooth device's address
  /// A Bluetooth device (or the simulated Progressor): the link every engine of the session
  /// reads, and the service it speaks. Null for a serial device.
  std::shared_ptr<daq::NotificationLink> ble_link_;
  wire::BleService ble_service_ = wire::BleService::TindeqProgressor;
  SimulatorRunner simulator_;
  DiscardSink discard_;
  std::unique_ptr<daq::AcquisitionEngine> engine_;  ///< monitoring between trials
  std::unique_ptr<recording::TrialRun> run_;        ///< the trial being recorded
  // Work on worker threads, collected by the tick.
  std::future<std::unique_ptr<recording::TrialRun>> starting_;
  std::future<EndedTrial> ending_;
  std::future<AnalysedSession> analysing_;
  std::future<FinishedSession> finishing_;

  // What the screen shows.
  std::optional<recording::RecordingPlan> plan_;
  bool plan_refused_ = false;  ///< this engine's device does not fit the test (said once)
  std::size_t plan_raw_channels_ = 0;
  std::vector<wire::Frame> frames_;  ///< drained from the display ring each tick
  LiveView view_;
  std::chrono::steady_clock::time_point phase_start_;
  double go_time_s_ = -1.0;          ///< trial clock of "go"
  std::uint64_t samples_at_go_ = 0;  ///< the engine's samples taken and lost at the go
  static constexpr double kLateSamplesLimitS = 10.0;
  /// What is followed of the trial live (peak, hold, jump, stance): analysis' own rules.
  TrialFollower follower_;
  std::string trial_condition_;  ///< of the trial being recorded (the clinician's choice)
  /// A dynamometer test: the lever arm entered for each side, kept for its next trials.
  std::map<std::string, double> lever_arm_by_side_;
  /// The last analysed trial's jump ("Jump height 31.2 cm, RSI-mod 0.41").
  QString last_jump_text_;
  std::optional<double> analysed_peak_;
  QString session_headline_;
  /// A recorded session shown in the Results page between sessions (its report button
  /// writes that session's report); empty while a live session's results are shown.
  std::filesystem::path shown_file_;
  ui::ResultsView shown_view_;  ///< the results' headline and first comparison, shown live
  std::vector<double> tick_ms_;
  std::vector<double> latency_ms_;
  std::chrono::steady_clock::time_point session_start_;
  std::mt19937_64 patient_rng_{std::random_device{}()};
};

}  // namespace holdfast::station
