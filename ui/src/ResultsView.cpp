#include "holdfast/ui/ResultsView.h"

namespace holdfast::ui {

QString rombergSentence(const RombergView& r, bool bold_values) {
  const QString b = bold_values ? "<b>" : "", e = bold_values ? "</b>" : "";
  return QString(
             "Romberg quotient (eyes closed / eyes open%1%2): velocity %3%4 %%5 (%6 / %7 "
             "mm/s), ellipse area %3%8 %%5 (%9 / %10 mm\u00b2)")
      .arg(r.side == "both" ? QString() : ", " + r.side)
      .arg(r.surface.isEmpty() ? QString() : ", " + r.surface)
      .arg(b)
      .arg(r.velocity_percent, 0, 'f', 0)
      .arg(e)
      .arg(r.eyes_closed_velocity, 0, 'f', 1)
      .arg(r.eyes_open_velocity, 0, 'f', 1)
      .arg(r.area_percent, 0, 'f', 0)
      .arg(r.eyes_closed_area, 0, 'f', 0)
      .arg(r.eyes_open_area, 0, 'f', 0);
}

}  // namespace holdfast::ui
