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
// ends after the protocol's duration or on Stop; the session file is built from the journal on
// a worker thread while the UI keeps drawing.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "holdfast/analysis/HoldBiofeedback.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/session/RecordingPlan.h"
#include "holdfast/session/SessionAnalysis.h"
#include "holdfast/session/TestProtocol.h"
#include "holdfast/session/TrialRecorder.h"
#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/ui/ResultsView.h"
#include "holdfast/ui/SetupPage.h"

namespace holdfast::ui {
class StationWindow;
}

namespace holdfast::station {

struct StationOptions {
  std::filesystem::path data_folder;
  std::filesystem::path protocol_folder;
  bool simulate = false;                ///< offer the built-in simulator first
  std::optional<double> trial_seconds;  ///< overrides the protocol (scripted runs)
  std::optional<double> countdown_seconds;
  int ui_hz = 60;
  /// Faults the built-in simulator injects (simulator::parseSimulatorFaults), e.g. "unplug:6:2" for
  /// demonstrating and testing the disconnect banner.
  std::string simulator_faults;
};

class LiveSession : public QObject {
  Q_OBJECT
 public:
  enum class Phase { Setup, Monitoring, Countdown, Recording, Saving, Done };

  LiveSession(StationOptions options, ui::StationWindow& window);
  ~LiveSession() override;

  /// Fills the Setup page (registry, protocol library, ports). False with a message on error.
  bool loadSetup();
  /// Starts the session chosen on the Setup page. False (and the reason shown) on error.
  bool startSession(const ui::SetupChoice& choice);
  void record();
  void stop();
  void tare();
  void redo();
  void finish();

  [[nodiscard]] Phase phase() const { return phase_; }
  [[nodiscard]] const std::filesystem::path& sessionFile() const { return session_file_; }
  [[nodiscard]] const std::optional<session::SessionAnalysis>& analysis() const {
    return analysis_;
  }
  [[nodiscard]] const std::vector<session::TestProtocol>& protocols() const { return protocols_; }
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

 private:
  class DiscardSink : public daq::RecordingSink {
   public:
    void appendFrames(std::span<const wire::Frame>) override {}
    void appendEvent(const wire::AcquisitionEvent&) override {}
  };

  void tick();
  void endTrial(const char* reason);
  void drainDisplay();
  void drawLive();
  void startMonitoring();
  void stopEngine();
  void startSimulator();
  void stopSimulator();
  void trialFinished();
  void showSaved(int trial);
  void refreshResults();
  /// What the Results page and the report show of the session (with the trend).
  [[nodiscard]] ui::ResultsView resultsView(const store::SessionRecord& session,
                                            const session::SessionAnalysis& analysis) const;
  void fail(const QString& text);
  daq::AcquisitionConfig engineConfig() const;
  session::RecordingOptions recordingOptions() const;
  [[nodiscard]] std::string currentSide() const;
  [[nodiscard]] QString stepText() const;
  [[nodiscard]] std::optional<double> holdTargetN() const;

  StationOptions options_;
  ui::StationWindow& window_;
  std::vector<session::TestProtocol> protocols_;
  QTimer timer_;
  Phase phase_ = Phase::Setup;

  // The session.
  ui::SetupChoice choice_;
  const session::TestProtocol* protocol_ = nullptr;
  store::SessionInfo session_info_;
  std::filesystem::path session_file_;
  std::vector<std::pair<std::string, int>> steps_;
  std::size_t step_ = 0;
  int trials_saved_ = 0;
  int last_trial_ = 0;
  std::optional<wire::DeviceCalibration> tare_;
  std::optional<session::SessionAnalysis> analysis_;
  QString last_error_;
  QString last_trial_loss_;  ///< what the last trial lost, shown until the next one

  // The device.
  std::string port_;
  std::string sim_folder_;
  std::unique_ptr<simulator::PtySimulator> simulator_;
  std::thread simulator_thread_;
  std::atomic<bool> simulator_stop_{false};
  DiscardSink discard_;
  std::unique_ptr<daq::AcquisitionEngine> engine_;
  std::unique_ptr<store::SessionJournalWriter> journal_;
  std::unique_ptr<session::TrialRecorder> recorder_;
  store::TrialInfo trial_info_;
  std::future<store::RecoveryReport> building_;

  // What the screen shows.
  std::optional<session::RecordingPlan> plan_;
  std::size_t plan_raw_channels_ = 0;
  std::vector<wire::Frame> frames_;
  std::vector<double> time_;
  std::vector<std::vector<double>> force_;
  QStringList force_names_;                                  ///< of the channels in force_
  std::vector<std::vector<std::pair<double, double>>> cop_;  ///< per plate, time-trimmed
  std::vector<double> cop_time_;
  std::vector<double> raw_sum_;  ///< for the tare: raw means of the last 0.5 s
  std::chrono::steady_clock::time_point phase_start_;
  double go_time_s_ = -1.0;  ///< trial clock of "go"
  std::optional<std::pair<double, double>> trial_peak_;
  std::optional<analysis::HoldBiofeedback> hold_;
  std::optional<double> analysed_peak_;
  std::vector<double> tick_ms_;
  std::vector<double> latency_ms_;
  std::chrono::steady_clock::time_point session_start_;
  double engine_offset_s_ = 0.0;               ///< the current engine's start, on the display clock
  std::optional<double> engine_first_time_s_;  ///< trial clock minus display clock
  std::mt19937_64 patient_rng_{std::random_device{}()};
};

}  // namespace holdfast::station
