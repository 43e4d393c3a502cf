#include "holdfast/station/StationStatus.h"

#include <cmath>

namespace holdfast::station {

QString deviceStatsText(const daq::AcquisitionStats& st, const QString& device) {
  return QString(
             "Device %1   |   %2 Hz   |   %3 samples   |   %4 gaps (%5 missing)   |   "
             "%6 rejected   |   %7 reconnects   |   display drops %8")
      .arg(device)
      .arg(st.measured_rate_hz.load() > 0 ? st.measured_rate_hz.load() : st.nominal_rate_hz.load(),
           0, 'f', 0)
      .arg(st.samples.load())
      .arg(st.gaps.load())
      .arg(st.missing_samples.load())
      .arg(st.malformed_lines.load() + st.crc_errors.load() + st.channel_mismatches.load())
      .arg(st.reconnects.load())
      .arg(st.display_drops.load());
}

QString recordingLossText(const daq::AcquisitionStats& st) {
  if (st.gaps.load() == 0 && st.ring_overflows.load() == 0 && st.reconnects.load() == 0) return {};
  return QString(
             "Data lost in this recording: %1 gaps (%2 samples missing), %3 overflows, %4 "
             "reconnects. Each is marked in the file.")
      .arg(st.gaps.load())
      .arg(st.missing_samples.load())
      .arg(st.ring_overflows.load())
      .arg(st.reconnects.load());
}

QString trialLossText(const daq::AcquisitionStats& st) {
  if (st.gaps.load() == 0 && st.ring_overflows.load() == 0 && st.reconnects.load() == 0 &&
      st.link_losses.load() == 0) {
    return {};
  }
  return QString(
             "The last trial lost data: %1 gaps (%2 samples missing), %3 overflows, %4 link "
             "losses, %5 reconnects. Each is marked in the file; consider redoing the trial.")
      .arg(st.gaps.load())
      .arg(st.missing_samples.load())
      .arg(st.ring_overflows.load())
      .arg(st.link_losses.load())
      .arg(st.reconnects.load());
}

QString stepText(const std::vector<method::TestStep>& steps, std::size_t step,
                 int trials_per_side) {
  if (step >= steps.size()) return "All trials recorded: Finish and save, or redo the last one";
  const method::TestStep& s = steps[step];
  const QString name = QString::fromStdString(s.side);
  const QString who =
      s.side == "both" ? QString("Both sides") : name.left(1).toUpper() + name.mid(1);
  // A balance trial's eyes and surface are on the record page's choice beside it.
  return QString("%1 - trial %2 of %3").arg(who).arg(s.repetition).arg(trials_per_side);
}

/// The cue of a critical-force test `in_recording` seconds after go: which rep, pull or rest,
/// and the seconds left of it (the patient follows these, as the simulated one does).
QString repCue(const method::RepSchedule& reps, double in_recording) {
  const double cycle = reps.on_s + reps.off_s;
  const int k = static_cast<int>(std::floor(in_recording / cycle));
  if (k >= reps.count) return QString("All %1 reps done: relax").arg(reps.count);
  const double within = in_recording - cycle * k;
  if (within < reps.on_s)
    return QString("Rep %1 of %2:  PULL  %3 s")
        .arg(k + 1)
        .arg(reps.count)
        .arg(std::ceil(reps.on_s - within), 0, 'f', 0);
  return QString("Rep %1 of %2 done:  rest  %3 s")
      .arg(k + 1)
      .arg(reps.count)
      .arg(std::ceil(cycle - within), 0, 'f', 0);
}

}  // namespace holdfast::station
