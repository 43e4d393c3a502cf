// The window for real: Qt offscreen (or Xvfb), a session drawn, the picture checked.

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QTableWidget>
#include <cmath>
#include <filesystem>

#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/ui/SessionWindow.h"
#include "holdfast/ui/TraceChartView.h"

extern char** environ;
namespace fs = std::filesystem;
using namespace holdfast::ui;

namespace {

SessionView sampleView() {
  SessionView v;
  v.file = "/tmp/sample.h5";
  v.patient = "P-0001";
  v.test = "isometric-mvc";
  v.involved = "right";
  for (int trial = 1; trial <= 2; ++trial) {
    TraceView t;
    const QString side = trial == 1 ? "left" : "right";
    const double peak = trial == 1 ? 380.0 : 310.0;
    t.title = QString("Trial %1 - %2").arg(trial).arg(side);
    std::vector<double> f;
    for (int k = 0; k < 6000; ++k) {
      const double time = k / 1000.0;
      t.time_s.push_back(time);
      f.push_back(time < 2.0
                      ? 15.0
                      : (time < 5.0 ? 15.0 + (peak - 15.0) * (1.0 - std::exp(-(time - 2.0) / 0.12))
                                    : 15.0));
    }
    t.channels.push_back(f);
    t.channel_sides << side;
    t.channel_labels << side;
    t.peaks.push_back({4.99, peak, QString("peak %1 N").arg(peak), side});
    t.onsets.push_back({2.001, 0.0, "onset 2.001 s", side});
    v.traces.push_back(t);
    v.rows.push_back({trial, side, peak, peak - 15.0, 2.001, 2.989, ""});
  }
  v.asymmetry_text = "Best peak force: left 380.0 N, right 310.0 N. Asymmetry index -18.4 %";
  v.asymmetry_flag = "warning";
  v.method_text = "Method: test";
  v.acquisition_text = "trial 1: 6000 samples";
  return v;
}

/// Fraction of pixels close to `color`.
double share(const QImage& img, const QColor& color) {
  std::size_t hits = 0;
  for (int y = 0; y < img.height(); ++y) {
    for (int x = 0; x < img.width(); ++x) {
      const QColor c = img.pixelColor(x, y);
      if (std::abs(c.red() - color.red()) < 40 && std::abs(c.green() - color.green()) < 40 &&
          std::abs(c.blue() - color.blue()) < 40) {
        ++hits;
      }
    }
  }
  return static_cast<double>(hits) / (img.width() * img.height());
}

}  // namespace

TEST(SessionWindow, DrawsBothTracesTheTableAndTheAsymmetryBanner) {
  SessionWindow w;
  w.showSession(sampleView(), ResultsView{});
  w.showPage(SessionWindow::Traces);
  w.show();
  QApplication::processEvents();
  const QImage img = w.grab().toImage();
  ASSERT_FALSE(img.isNull());
  EXPECT_GT(share(img, sideColor("left")), 0.0005) << "no left (blue) trace drawn";
  EXPECT_GT(share(img, sideColor("right")), 0.0005) << "no right (orange) trace drawn";
  const auto* table = w.findChild<QTableWidget*>("traceTable");
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->rowCount(), 2);
  EXPECT_EQ(table->item(0, 2)->text(), "380.0");
  EXPECT_EQ(table->item(1, 1)->text(), "right");
  bool banner = false;
  for (const QLabel* l : w.findChildren<QLabel*>())
    banner |= l->text().contains("Asymmetry index -18.4 %") && l->isVisible();
  EXPECT_TRUE(banner);
  const fs::path artefact = fs::temp_directory_path() / "holdfast-ui-session-window.png";
  EXPECT_TRUE(img.save(QString::fromStdString(artefact.string())));
}

/// Runs holdfast-station with `args` (offscreen when there is no display); returns its exit code.
int runStation(std::vector<std::string> args) {
  args.insert(args.begin(), HOLDFAST_STATION_BIN);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (qEnvironmentVariableIsEmpty("DISPLAY")) setenv("QT_QPA_PLATFORM", "offscreen", 0);
  // The station recovers journals in its data folder: never the user's own in a test.
  setenv("HOLDFAST_DATA_DIR", (fs::temp_directory_path() / "holdfast-ui-test-data").c_str(), 1);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(Station, ScreenshotOfTheSampleSessionIsNotBlank) {
  const fs::path out =
      fs::temp_directory_path() / ("holdfast-station-" + std::to_string(getpid()) + ".png");
  const std::string sample = std::string(HOLDFAST_SOURCE_DIR) + "/data_samples/demo_session.h5";
  ASSERT_EQ(runStation({sample, "--screenshot", out.string()}), 0);
  QImage img(QString::fromStdString(out.string()));
  ASSERT_FALSE(img.isNull());
  EXPECT_GE(img.width(), 1000);
  EXPECT_GT(share(img, sideColor("left")), 0.0005);
  EXPECT_GT(share(img, sideColor("right")), 0.0005);
  fs::remove(out);
}

TEST(Station, UnreadableFileExits2) {
  EXPECT_EQ(runStation({"/nonexistent.h5", "--screenshot", "/tmp/never.png"}), 2);
  EXPECT_FALSE(fs::exists("/tmp/never.png"));
}

// A recording interrupted by a crash is finished from its journal when the station starts.
TEST(Station, RecoversInterruptedRecordingsInItsDataFolderAtStartUp) {
  const fs::path data =
      fs::temp_directory_path() / ("holdfast-station-data-" + std::to_string(getpid()));
  fs::remove_all(data);
  const fs::path session = data / "sessions" / "HF-ABCDEFGH" / "2026-11-24_isometric-mvc.h5";
  fs::create_directories(session.parent_path());
  {
    holdfast::store::SessionInfo info;
    info.patient_id = "HF-ABCDEFGH";
    info.test = "isometric-mvc";
    holdfast::store::TrialInfo trial;
    trial.side = "left";
    trial.started_utc = "2026-11-24T10:00:00.000Z";
    holdfast::store::SessionJournalWriter journal(session, info, trial);
    trial.channel_names = {"force_n"};
    trial.raw_channel_names = {"force"};
    trial.raw_units = {"N"};
    journal.writeLayout(trial);
    std::vector<double> t, h, f;
    for (int i = 0; i < 3000; ++i) {
      t.push_back(i * 0.001);
      h.push_back(i * 0.001);
      f.push_back(i > 1000 && i < 2500 ? 300.0 : 10.0);
    }
    journal.appendAcquired({t, h, t, f, 1, f, 1, {}, 0});
    journal.sync();
  }  // never finished: as after kill -9
  const fs::path png = data / "shot.png";
  ASSERT_EQ(runStation({"--data-dir", data.string(), "--screenshot", png.string()}), 0);
  EXPECT_FALSE(fs::exists(holdfast::store::journalPathFor(session)));
  const auto record = holdfast::store::readSessionFile(session);
  ASSERT_EQ(record.trials.size(), 1u);
  EXPECT_EQ(record.trials[0].time_s.size(), 3000u);
  EXPECT_EQ(record.trials[0].info.stop_reason, "interrupted");
  EXPECT_TRUE(fs::exists(png));
  fs::remove_all(data);
}
