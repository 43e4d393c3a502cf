#pragma once
// The live station's test fixture: a data folder with one patient, the station's options on the
// simulator, and a session started by the Setup page's choice. Shared by the station's tests.

#include <gtest/gtest.h>

#include <unistd.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QTest>
#include <filesystem>
#include <functional>
#include <string>

#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/station/LiveSession.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/StationWindow.h"

namespace holdfast::test {

namespace fs = std::filesystem;

/// Runs the event loop until `done` or `seconds` pass; returns done().
inline bool waitFor(const std::function<bool()>& done, double seconds) {
  QElapsedTimer t;
  t.start();
  while (!done() && static_cast<double>(t.elapsed()) < seconds * 1000) {
    QApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return done();
}

class LiveStation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("holdfast-live-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    qputenv("XDG_CONFIG_HOME", QByteArray::fromStdString((dir_ / "config").string()));
    registry::ensureDataFolder(dir_ / "data");
    registry::PatientRegistry registry(registry::registryFile(dir_ / "data"));
    registry::Patient p;
    p.name = "Test Patient";
    p.date_of_birth = "1990-02-03";
    patient_ = registry.add(p).id;
  }
  void TearDown() override { fs::remove_all(dir_); }

  station::StationOptions options() const {
    station::StationOptions o;
    o.data_folder = dir_ / "data";
    o.test_library = fs::path(HOLDFAST_SOURCE_DIR) / "test_library";
    o.simulate = true;
    o.trial_seconds = 3.0;
    o.countdown_seconds = 1.0;
    return o;
  }

  /// Loads the setup, shows the window and starts a session of `test` on the simulator;
  /// returns once Record can be pressed, with the window active (for the shortcuts).
  ::testing::AssertionResult startOnSimulator(ui::StationWindow& window,
                                              station::LiveSession& session, const QString& test,
                                              double reference_n = 0.0,
                                              const QString& device = "simulator") {
    if (!session.loadSetup()) return ::testing::AssertionFailure() << "setup did not load";
    window.show();
    ui::SetupChoice choice = window.setup()->choice();
    choice.patient_id = QString::fromStdString(patient_);
    choice.test_id = test;
    choice.device = device;
    choice.reference_n = reference_n;
    if (!session.startSession(choice)) return ::testing::AssertionFailure() << "no session";
    auto* record = window.live()->findChild<QPushButton*>("record");
    if (!waitFor([&] { return record->isEnabled(); }, 5))
      return ::testing::AssertionFailure() << "Record never enabled";
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window))
      return ::testing::AssertionFailure() << "the window is not active";
    return ::testing::AssertionSuccess();
  }

  /// `n` trials saved and the station's analysis of the last one done: only then does the test
  /// read the session file, as the station's window does (the store serialises HDF5 calls, whose
  /// C++ API is not thread-safe: see store/src/Hdf5Lock.h).
  static bool analysed(const station::LiveSession& session, int n) {
    return session.trialsSaved() == n && session.phase() == station::LiveSession::Phase::Monitoring;
  }

  fs::path dir_;
  std::string patient_;
};

}  // namespace holdfast::test
