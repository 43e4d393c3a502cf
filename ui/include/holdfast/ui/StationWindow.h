#pragma once
// The station's main window during a session: Setup (patient, test, device), Record (live
// trace, biofeedback, statistics) and Results (metrics, left/right, trend, criteria, report).
// Window geometry and the last tab persist in QSettings.

#include <QMainWindow>

class QTabWidget;

namespace holdfast::ui {

class SetupPage;
class LiveDashboard;
class ResultsPage;

class StationWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit StationWindow(QWidget* parent = nullptr);
  ~StationWindow() override;

  [[nodiscard]] SetupPage* setup() const { return setup_; }
  [[nodiscard]] LiveDashboard* live() const { return live_; }
  [[nodiscard]] ResultsPage* results() const { return results_; }
  enum Page { Setup = 0, Record = 1, Results = 2 };
  void showPage(Page page);
  void setResultsEnabled(bool enabled);
  void setRecordEnabled(bool enabled);

 signals:
  void openRequested(const QString& path);

 private:
  QTabWidget* tabs_;
  SetupPage* setup_;
  LiveDashboard* live_;
  ResultsPage* results_;
};

}  // namespace holdfast::ui
