#pragma once
// The station's window for a recorded session: the traces of every trial, the per-trial
// results, the left/right comparison and the acquisition statistics, readable at arm's length.

#include <QMainWindow>
#include <vector>

#include "holdfast/ui/SessionView.h"

class QLabel;
class QTableWidget;
class QGridLayout;

namespace holdfast::ui {

class TraceChartView;

class SessionWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit SessionWindow(QWidget* parent = nullptr);
  void showSession(const SessionView& view);
  void showMessage(const QString& text);  ///< e.g. an error opening a file

 signals:
  void openRequested(const QString& path);

 private:
  QLabel* header_;
  QLabel* file_label_;
  QLabel* asymmetry_;
  QLabel* footer_;
  QGridLayout* charts_;
  QTableWidget* table_;
  std::vector<TraceChartView*> chart_views_;
};

}  // namespace holdfast::ui
