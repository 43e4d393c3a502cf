#pragma once
// The station's window for a recorded session. Its first page is the Results page the live
// station shows after a session (the same widget: headline, trials, holds or critical force,
// left/right, trend, criteria, the clinical report button); the second shows the traces of
// every trial with each effort's onset and peak, and what acquisition counted.

#include <QMainWindow>
#include <vector>

#include "holdfast/ui/ClinicalReport.h"
#include "holdfast/ui/ResultsView.h"
#include "holdfast/ui/SessionView.h"

class QLabel;
class QTableWidget;
class QGridLayout;
class QTabWidget;

namespace holdfast::ui {

class ResultsPage;
class TraceChartView;

class SessionWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum Page { Results = 0, Traces = 1 };

  explicit SessionWindow(QWidget* parent = nullptr);
  void showSession(const SessionView& traces, const ResultsView& results);
  void showMessage(const QString& text);  ///< e.g. an error opening a file
  void showPage(Page page);
  /// Where File > Open starts (the data folder's sessions).
  void setOpenFolder(const QString& folder) { open_folder_ = folder; }
  /// Who the report of the shown session names (set with each session shown).
  void setReportIdentity(const ReportIdentity& who) { report_identity_ = who; }
  [[nodiscard]] ResultsPage* results() const { return results_; }

 signals:
  void openRequested(const QString& path);

 private:
  void writeReport();

  QTabWidget* tabs_;
  ResultsPage* results_;
  ResultsView results_view_;
  ReportIdentity report_identity_{true, false, {}, {}, {}};
  QString file_;
  QString open_folder_;
  QLabel* header_;
  QLabel* file_label_;
  QLabel* asymmetry_;
  QLabel* footer_;
  QGridLayout* charts_;
  QTableWidget* table_;
  std::vector<TraceChartView*> chart_views_;
};

}  // namespace holdfast::ui
