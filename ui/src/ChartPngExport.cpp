#include "holdfast/ui/ChartPngExport.h"

#include <QAction>
#include <QFileDialog>
#include <QMessageBox>
#include <QString>
#include <QtCharts/QChartView>

namespace holdfast::ui {

bool saveChartPng(QChartView* view, const QString& path) { return view->grab().save(path, "PNG"); }

void enablePngExport(QChartView* view) {
  view->setContextMenuPolicy(Qt::ActionsContextMenu);
  auto* action = new QAction("Save chart as PNG...", view);
  QObject::connect(action, &QAction::triggered, view, [view] {
    const QString path =
        QFileDialog::getSaveFileName(view, "Save chart", "chart.png", "PNG image (*.png)");
    if (path.isEmpty()) return;
    if (!saveChartPng(view, path)) {
      QMessageBox::warning(view, "Save chart", "Cannot write " + path);
    }
  });
  view->addAction(action);
}

}  // namespace holdfast::ui
