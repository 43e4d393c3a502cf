#include "holdfast/ui/SessionWindow.h"

#include <QAction>
#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "holdfast/ui/ClinicalReport.h"
#include "holdfast/ui/ResultsPage.h"
#include "holdfast/ui/TraceChartView.h"

namespace holdfast::ui {
namespace {

QString number(std::optional<double> v, int decimals) {
  return v ? QString::number(*v, 'f', decimals) : QStringLiteral("-");
}

QString flagStyle(const QString& flag) {
  const char* bg = flag == "warning" ? "#f8d7da" : flag == "relevant" ? "#fff3cd" : "#d4edda";
  const char* fg = flag == "warning" ? "#721c24" : flag == "relevant" ? "#6b4f00" : "#155724";
  return QString("QLabel { background: %1; color: %2; border-radius: 6px; padding: 8px; }")
      .arg(bg, fg);
}

}  // namespace

SessionWindow::SessionWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("Holdfast station");
  tabs_ = new QTabWidget(this);
  results_ = new ResultsPage;
  tabs_->addTab(results_, "Results");
  connect(results_, &ResultsPage::reportRequested, this, &SessionWindow::writeReport);
  // The traces scroll: many trials on a 1366 x 768 screen.
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* central = new QWidget;
  central->setMinimumHeight(560);
  scroll->setWidget(central);
  tabs_->addTab(scroll, "Traces");
  auto* layout = new QVBoxLayout(central);

  header_ = new QLabel("Open a session file (File > Open)", central);
  QFont big = header_->font();
  big.setPointSize(16);
  big.setBold(true);
  header_->setFont(big);
  file_label_ = new QLabel(central);
  file_label_->setStyleSheet("color: #555;");
  layout->addWidget(header_);
  layout->addWidget(file_label_);

  charts_ = new QGridLayout();
  layout->addLayout(charts_, 3);

  asymmetry_ = new QLabel(central);
  QFont mid = asymmetry_->font();
  mid.setPointSize(13);
  asymmetry_->setFont(mid);
  asymmetry_->setWordWrap(true);
  asymmetry_->hide();
  layout->addWidget(asymmetry_);

  table_ = new QTableWidget(0, 7, central);
  table_->setObjectName("traceTable");
  table_->setHorizontalHeaderLabels(
      {"Trial", "Side", "Peak (N)", "Net peak (N)", "Onset (s)", "Time to peak (s)", "Flags"});
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  QFont table_font = table_->font();
  table_font.setPointSize(12);
  table_->setFont(table_font);
  table_->setFocusPolicy(Qt::NoFocus);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  layout->addWidget(table_, 0);

  footer_ = new QLabel(central);
  footer_->setWordWrap(true);
  footer_->setStyleSheet("color: #444;");
  layout->addWidget(footer_);
  setCentralWidget(tabs_);

  QMenu* file = menuBar()->addMenu("&File");
  QAction* open = file->addAction("&Open session...");
  open->setShortcut(QKeySequence::Open);
  connect(open, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, "Open session", open_folder_,
                                                      "Holdfast sessions (*.h5)");
    if (!path.isEmpty()) emit openRequested(path);
  });
  QAction* quit = file->addAction("&Quit");
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, this, &QWidget::close);
  resize(1280, 760);
}

void SessionWindow::showMessage(const QString& text) { statusBar()->showMessage(text); }

void SessionWindow::showPage(Page page) { tabs_->setCurrentIndex(static_cast<int>(page)); }

void SessionWindow::writeReport() {
  if (file_.isEmpty()) return;
  QString suggested = file_;
  suggested.replace(QRegularExpression("\\.h5$"), "");
  const QString path = QFileDialog::getSaveFileName(this, "Save the clinical report",
                                                    suggested + "-report.pdf", "PDF (*.pdf)");
  if (path.isEmpty()) return;
  try {
    writeClinicalReportPdf({results_view_}, {report_identity_}, path);
    showMessage("Report written: " + path);
  } catch (const std::exception& e) {
    showMessage(QString("Cannot write the report: ") + e.what());
  }
}

void SessionWindow::showSession(const SessionView& view, const ResultsView& results) {
  file_ = view.file;
  results_view_ = results;
  results_->showResults(results);
  header_->setText(QString("Patient %1  |  %2  |  involved side: %3")
                       .arg(view.patient.isEmpty() ? "(none)" : view.patient,
                            results.test_name.isEmpty() ? view.test : results.test_name,
                            view.involved.isEmpty() ? "none" : view.involved));
  file_label_->setText(view.file);

  for (TraceChartView* v : chart_views_) {
    charts_->removeWidget(v);
    v->deleteLater();
  }
  chart_views_.clear();
  const int columns = view.traces.size() > 1 ? 2 : 1;
  // One force scale for every chart: left and right are compared by eye.
  double common_max = 0.0;
  for (const auto& t : view.traces) common_max = std::max(common_max, traceMaximum(t));
  for (std::size_t i = 0; i < view.traces.size(); ++i) {
    auto* chart = new TraceChartView;
    chart->showTrace(view.traces[i], common_max);
    charts_->addWidget(chart, static_cast<int>(i) / columns, static_cast<int>(i) % columns);
    chart_views_.push_back(chart);
  }

  table_->setRowCount(static_cast<int>(view.rows.size()));
  for (std::size_t r = 0; r < view.rows.size(); ++r) {
    const ResultRow& row = view.rows[r];
    const QStringList cells = {QString::number(row.trial),
                               row.side,
                               QString::number(row.peak_n, 'f', 1),
                               QString::number(row.net_peak_n, 'f', 1),
                               number(row.onset_s, 3),
                               number(row.time_to_peak_s, 3),
                               row.flags.isEmpty() ? "-" : row.flags};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setTextAlignment(Qt::AlignCenter);
      if (c == 1) item->setForeground(sideColor(row.side));
      item->setToolTip(cells[c]);
      table_->setItem(static_cast<int>(r), c, item);
    }
  }

  // Fit the table to its rows so the charts keep the space.
  int table_height = table_->horizontalHeader()->height() + 2 * table_->frameWidth();
  for (int r = 0; r < table_->rowCount(); ++r) table_height += table_->rowHeight(r);
  table_->setFixedHeight(table_height);

  if (view.asymmetry_text.isEmpty()) {
    asymmetry_->hide();
  } else {
    asymmetry_->setText(view.asymmetry_text);
    asymmetry_->setStyleSheet(flagStyle(view.asymmetry_flag));
    asymmetry_->show();
  }
  footer_->setText(view.method_text + "\n" + view.acquisition_text);
  setWindowTitle("Holdfast station - " + view.file);
}

}  // namespace holdfast::ui
