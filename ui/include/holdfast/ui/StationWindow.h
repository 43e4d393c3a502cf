#pragma once
// The station's main window during a session: Setup (patient, test, device), Record (live
// trace, biofeedback, statistics) and Results (metrics, left/right, trend, criteria, report).
// Window geometry and the last tab persist in QSettings.

#include <QMainWindow>
#include <functional>

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
  /// Where File > Open starts (the data folder's sessions).
  void setOpenFolder(const QString& folder) { open_folder_ = folder; }
  /// Asked before the window closes: a question ("The session is not finished...") when closing
  /// would leave something undone, empty when it may close.
  void setCloseGuard(std::function<QString()> guard) { close_guard_ = std::move(guard); }
  /// What closing now would ask ("" : it closes without a question).
  [[nodiscard]] QString closeQuestion() const { return close_guard_ ? close_guard_() : QString(); }

 protected:
  void closeEvent(QCloseEvent* event) override;

 signals:
  void openRequested(const QString& path);

 private:
  QTabWidget* tabs_;
  SetupPage* setup_;
  LiveDashboard* live_;
  ResultsPage* results_;
  QString open_folder_;
  std::function<QString()> close_guard_;
};

}  // namespace holdfast::ui
