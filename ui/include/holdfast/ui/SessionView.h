#pragma once
// What the station shows of a recorded session: plain data filled in by the executable.

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace holdfast::ui {

struct TraceMarker {
  double time_s = 0.0;
  double force_n = 0.0;
  QString label;  ///< e.g. "peak 382.1 N"
  QString side;   ///< colour key: "left", "right" or anything else
};

struct TraceView {
  QString title;               ///< "Trial 1 - left"
  std::vector<double> time_s;  ///< since the first sample
  std::vector<std::vector<double>> channels;
  QStringList channel_sides;   ///< colour key per channel
  QStringList channel_labels;  ///< legend text per channel
  std::vector<TraceMarker> peaks;
  std::vector<TraceMarker> onsets;
};

struct ResultRow {
  int trial = 0;
  QString side;
  double peak_n = 0.0;
  double net_peak_n = 0.0;
  std::optional<double> onset_s;
  std::optional<double> time_to_peak_s;
  QString flags;
};

struct SessionView {
  QString file;
  QString patient;
  QString test;
  QString involved;
  std::vector<TraceView> traces;
  std::vector<ResultRow> rows;
  QString asymmetry_text;  ///< empty when there is no left/right pair
  QString asymmetry_flag;  ///< "ok", "relevant", "warning"
  QString method_text;
  QString acquisition_text;  ///< samples, gaps, rejected lines... per trial
};

}  // namespace holdfast::ui
