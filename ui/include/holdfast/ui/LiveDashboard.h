#pragma once
// The recording screen: what to do now (side, trial, countdown), the scrolling trace with the
// hold band or the peak marker, large numbers readable from the plinth (force now, this trial's
// peak, the best of each side, the hold timer), the acquisition statistics, always visible, and
// a banner when data was lost or the device is gone. Buttons (and shortcuts): Tare (T), Record
// (F5 or Space), Stop (Esc), Redo (Ctrl+R), Finish (Ctrl+S). Shows and asks; the station's
// controller fills LiveStatus on its UI tick.

#include <QString>
#include <QDoubleSpinBox>
#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace holdfast::ui {

class LiveChartView;
class CopChartView;
class StabilogramView;

struct LiveStatus {
  QString step;        ///< "Left - trial 2 of 3"
  QString state;       ///< "Ready", "3", "GO!", "Recording 3.2 s", "Rest 0:24"
  QString force_now;   ///< "182 N" or "L 180 N   R 170 N"
  QString trial_peak;  ///< "Peak 371.2 N"
  QString best;        ///< "Best  L 379.5 N   R 325.9 N"
  QString hold;        ///< "Hold 42.3 s" (holds only)
  QString hold_state;  ///< "ok", "dip", "failed", ""
  /// Balance on two plates: each foot's share of the body weight now (%); absent: hidden.
  std::optional<double> load_left_percent;
  QString stats;   ///< rate, samples, gaps, rejected, reconnects
  QString banner;  ///< empty: hidden
  bool banner_is_error = false;
  bool can_tare = false, can_record = false, can_stop = false, can_redo = false, can_finish = false;
};

class LiveDashboard : public QWidget {
  Q_OBJECT
 public:
  explicit LiveDashboard(QWidget* parent = nullptr);

  void showStatus(const LiveStatus& status);
  [[nodiscard]] LiveChartView* chart() const { return chart_; }
  [[nodiscard]] CopChartView* cop() const { return cop_; }
  void setCopVisible(bool visible);
  /// Balance tests: the stabilogram and the feet's load bars instead of the plates' COP.
  [[nodiscard]] StabilogramView* stabilogram() const { return stabilogram_; }
  void setBalanceMode(bool balance);
  /// Balance: the next trial's eyes ("eyes-open", "eyes-closed") and surface ("firm", "foam"),
  /// preset from the test's plan and changeable by the clinician before Record.
  void setStanceChoice(const QString& condition, const QString& surface);
  [[nodiscard]] QString chosenCondition() const;
  [[nodiscard]] QString chosenSurface() const;
  /// A dynamometer test: the lever arm of the next trial's side (joint centre to pad, m), with
  /// the test's landmarks as its tooltip; hidden for other tests.
  void setDynamometerMode(bool dynamometer, const QString& landmarks);
  void setLeverArm(std::optional<double> metres);
  /// The lever arm entered, or nullopt while it reads "not measured".
  [[nodiscard]] std::optional<double> chosenLeverArm() const;
  [[nodiscard]] QString peakText() const;

 signals:
  void tareRequested();
  void recordRequested();
  void stopRequested();
  void redoRequested();
  void finishRequested();

 private:
  QLabel* step_;
  QLabel* state_;
  QLabel* force_now_;
  QLabel* trial_peak_;
  QLabel* best_;
  QLabel* hold_;
  QLabel* stats_;
  QLabel* banner_;
  QPushButton* tare_;
  QPushButton* record_;
  QPushButton* stop_;
  QPushButton* redo_;
  QPushButton* finish_;
  LiveChartView* chart_;
  CopChartView* cop_;
  StabilogramView* stabilogram_;
  QWidget* load_;
  QWidget* stance_choice_;
  QComboBox* condition_;
  QComboBox* surface_;
  QWidget* lever_choice_;
  QDoubleSpinBox* lever_arm_;
  QProgressBar* load_left_;
  QProgressBar* load_right_;
};

}  // namespace holdfast::ui
