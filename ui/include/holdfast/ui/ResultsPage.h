#pragma once
// Results of the session: per-trial metrics, best / mean / CV per side, left against right
// with asymmetry index and LSI coloured by flag, the trend across the patient's sessions with
// the MDC95 band, and the return-to-sport criteria. Each chart exports to PNG.

#include <QWidget>

#include "holdfast/ui/ResultsView.h"

class QLabel;
class QTableWidget;
class QPushButton;
class QChartView;

namespace holdfast::ui {

class ResultsPage : public QWidget {
  Q_OBJECT
 public:
  explicit ResultsPage(QWidget* parent = nullptr);
  void showResults(const ResultsView& view);
  /// "limbs" or "trend": saves that chart as a PNG. False when it cannot be written.
  bool saveChartPng(const QString& which, const QString& path) const;
  [[nodiscard]] QString bestText() const;

 signals:
  void reportRequested();

 private:
  void showDetails(const ResultsView& view);

  QLabel* title_;
  QLabel* best_;
  QLabel* warnings_;
  QTableWidget* details_;  ///< holds' endurance or the critical-force reps
  QChartView* reps_;
  QTableWidget* trials_;
  QTableWidget* summary_;
  QChartView* limbs_;
  QChartView* trend_;
  QLabel* criteria_;
  QLabel* balance_;                     ///< Romberg quotients and the sway summaries
  class StabilogramView* stabilogram_;  ///< a balance test's last stance
  QLabel* method_;
};

}  // namespace holdfast::ui
