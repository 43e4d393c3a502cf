#include "holdfast/ui/StationWindow.h"

#include <QCloseEvent>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTabWidget>

#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/ResultsPage.h"
#include "holdfast/ui/SetupPage.h"

namespace holdfast::ui {

StationWindow::StationWindow(QWidget* parent)
    : QMainWindow(parent),
      tabs_(new QTabWidget),
      setup_(new SetupPage),
      live_(new LiveDashboard),
      results_(new ResultsPage) {
  setWindowTitle("Holdfast station");
  tabs_->addTab(setup_, "1  Setup");
  tabs_->addTab(live_, "2  Record");
  tabs_->addTab(results_, "3  Results");
  QFont f = tabs_->font();
  f.setPointSize(12);
  tabs_->setFont(f);
  setCentralWidget(tabs_);
  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("&Open recorded session...", QKeySequence::Open, this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, "Open session", open_folder_, "Sessions (*.h5)");
    if (!path.isEmpty()) emit openRequested(path);
  });
  file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
  setRecordEnabled(false);
  setResultsEnabled(false);
  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
    resize(1280, 760);  // fits a 1366 x 768 screen
}

StationWindow::~StationWindow() {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
}

void StationWindow::closeEvent(QCloseEvent* event) {
  const QString question = closeQuestion();
  if (!question.isEmpty() && QMessageBox::question(this, "Quit Holdfast station?", question,
                                                   QMessageBox::Yes | QMessageBox::No,
                                                   QMessageBox::No) != QMessageBox::Yes) {
    event->ignore();
    return;
  }
  event->accept();
}

void StationWindow::showPage(Page page) { tabs_->setCurrentIndex(static_cast<int>(page)); }

void StationWindow::setResultsEnabled(bool enabled) { tabs_->setTabEnabled(Results, enabled); }

void StationWindow::setRecordEnabled(bool enabled) { tabs_->setTabEnabled(Record, enabled); }

}  // namespace holdfast::ui
