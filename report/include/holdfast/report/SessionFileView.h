#pragma once
// What the station's file viewer shows of a recorded session: each trial's trace with its peaks
// and onsets, one row per trial and side, the asymmetry line, the method and what acquisition
// counted (gaps, rejected lines, why the trial ended).

#include <QString>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"
#include "holdfast/ui/SessionView.h"

namespace holdfast::report {

[[nodiscard]] ui::SessionView buildSessionView(const QString& path,
                                               const store::SessionRecord& session,
                                               const results::SessionAnalysis& analysis);

}  // namespace holdfast::report
