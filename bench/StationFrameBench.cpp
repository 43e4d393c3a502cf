// Frame time and sample-to-screen latency of the station's live view (docs/performance.md).
//
// 1. Chart: a LiveChartView with 8 channels at 1 kHz and a 10 s window, fed like the UI tick
//    feeds it (17 new samples per channel per 60 Hz tick), then painted synchronously
//    (repaint()): the time of showTrace() + paint per frame. Peer in the same run: the same
//    chart given every sample of the window (no min/max decimation), what a naive live plot
//    does. Ratio = peer p99 / Holdfast p99.
// 2. End to end: the real station (StationWindow + LiveSession) on the built-in simulator with
//    two plates of four load cells (8 raw channels at 1 kHz) through a pty, recording a trial:
//    the UI tick's time (drain, calibrate, decimate, replace), the window's paint time, and the
//    age of the newest sample when it is handed to the chart (sample-to-screen latency; the
//    paint follows within the frame).
// Usage: station_frame_bench [SECONDS]   (offscreen when there is no display)

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/station/LiveSession.h"
#include "holdfast/ui/LiveChartView.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/StationWindow.h"

using namespace holdfast;

namespace {

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
  std::size_t n = 0;
};

Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  p.n = v.size();
  p.p50 = v[v.size() / 2];
  p.p99 = v[std::min(
      v.size() - 1, static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(v.size()))) - 1)];
  p.max = v.back();
  return p;
}

void print(const char* what, const Percentiles& p) {
  std::printf("%-58s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   (%zu frames)\n", what, p.p50,
              p.p99, p.max, p.n);
}

/// Frames of a chart fed 8 channels at 1 kHz; `decimate` false gives every point to Qt.
std::vector<double> chartFrames(int frames, bool decimate) {
  ui::LiveChartView view;
  view.resize(1280, 480);
  view.show();
  QStringList labels, sides;
  for (int c = 0; c < 8; ++c) {
    labels << QString("ch%1").arg(c + 1);
    sides << (c % 2 ? "right" : "left");
  }
  view.setChannels(labels, sides);
  std::vector<double> time;
  std::vector<std::vector<double>> ch(8);
  std::vector<double> ms;
  double t = 0;
  for (int f = 0; f < frames; ++f) {
    for (int k = 0; k < 17; ++k, t += 0.001) {
      time.push_back(t);
      for (int c = 0; c < 8; ++c)
        ch[static_cast<std::size_t>(c)].push_back(300 + 200 * std::sin(t * (1 + c)) +
                                                  3 * std::sin(t * 500));
    }
    if (time.front() < t - 12) {  // keep 12 s, as the station does
      const auto cut = static_cast<std::ptrdiff_t>(1000);
      time.erase(time.begin(), time.begin() + cut);
      for (auto& c : ch) c.erase(c.begin(), c.begin() + cut);
    }
    QElapsedTimer clock;
    clock.start();
    ui::LiveTrace trace;
    trace.time_s = time;
    trace.now_s = t;
    if (decimate) {
      for (auto& c : ch) trace.channels.emplace_back(c);
      view.showTrace(trace);
    } else {
      // The naive peer: every sample in the 10 s window, one replace() per series.
      view.setWindowSeconds(10);
      std::vector<std::vector<double>> window_time(8), window_force(8);
      const auto first = static_cast<std::size_t>(
          std::lower_bound(time.begin(), time.end(), t - 10) - time.begin());
      ui::LiveTrace full;
      full.time_s = std::span<const double>(time).subspan(first);
      full.now_s = t;
      for (auto& c : ch) full.channels.emplace_back(std::span<const double>(c).subspan(first));
      view.showTraceUndecimated(full);
    }
    view.repaint();
    ms.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
    QApplication::processEvents();
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const double seconds = argc > 1 ? std::atof(argv[1]) : 10.0;
  const int frames = static_cast<int>(seconds * 60);

  std::printf("== chart: 8 channels x 1 kHz, 10 s window, %d frames\n", frames);
  const Percentiles ours = percentiles(chartFrames(frames, true));
  const Percentiles naive = percentiles(chartFrames(frames, false));
  print("Holdfast (min/max per pixel column, one replace/series)", ours);
  print("peer: every sample of the window, one replace/series", naive);
  std::printf("ratio peer/Holdfast p99: %.1fx, p50: %.1fx\n", naive.p99 / ours.p99,
              naive.p50 / ours.p50);

  std::printf("== station end to end: simulator, 2 plates x 4 cells (8 channels) x 1 kHz\n");
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("holdfast-frame-bench-" + std::to_string(getpid()));
  fs::remove_all(dir);
  registry::ensureDataFolder(dir / "data");
  registry::Patient p;
  p.name = "Bench";
  p.date_of_birth = "1990-01-01";
  const std::string id = registry::PatientRegistry(registry::registryFile(dir / "data")).add(p).id;
  qputenv("XDG_CONFIG_HOME", QByteArray::fromStdString((dir / "config").string()));
  station::StationOptions o;
  o.data_folder = dir / "data";
  o.test_library = HOLDFAST_TEST_LIBRARY_FOR_BENCH;
  o.simulate = true;
  o.trial_seconds = seconds;
  o.countdown_seconds = 1;
  ui::StationWindow window;
  window.resize(1280, 860);
  station::LiveSession session(o, window);
  session.loadSetup();
  window.show();
  ui::SetupChoice c = window.setup()->choice();
  c.patient_id = QString::fromStdString(id);
  c.test_id = "mid-thigh-pull";
  c.device = "simulator";
  if (!session.startSession(c)) {
    std::fprintf(
        stderr, "the session did not start: %s\n",
        window.setup()->findChild<QLabel*>("setupMessage")
            ? window.setup()->findChild<QLabel*>("setupMessage")->text().toUtf8().constData()
            : "");
    return 1;
  }
  std::vector<double> paint_ms;
  QTimer painter;
  QObject::connect(&painter, &QTimer::timeout, [&] {
    QElapsedTimer clock;
    clock.start();
    window.repaint();
    paint_ms.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
  });
  painter.start(16);
  QTimer::singleShot(1000, [&] { session.record(); });
  // exit(0), not quit(): quit() closes the window first, and the window asks (modally) whether
  // to leave an unfinished session, which held the benchmark until its time-out (exit 1).
  QObject::connect(&session, &station::LiveSession::trialSaved, [&] { QCoreApplication::exit(0); });
  QTimer::singleShot(static_cast<int>((seconds + 20) * 1000), [] { QApplication::exit(1); });
  const int code = QApplication::exec();
  const Percentiles tick = percentiles(session.tickMilliseconds());
  const Percentiles paint = percentiles(paint_ms);
  const Percentiles latency = percentiles(session.latencyMilliseconds());
  print("UI tick (drain, calibrate, decimate, replace)", tick);
  print("window paint (repaint of the whole window)", paint);
  std::printf("frame time p99 <= tick p99 + paint p99 = %.2f ms (goal 16 ms)\n",
              tick.p99 + paint.p99);
  print("sample-to-screen latency (newest sample's age at its tick)", latency);
  std::printf("latency p99 + paint p99 = %.2f ms (goal 50 ms)\n", latency.p99 + paint.p99);
  fs::remove_all(dir);
  return code;
}
