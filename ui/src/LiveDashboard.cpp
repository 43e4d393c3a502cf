#include "holdfast/ui/LiveDashboard.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "holdfast/ui/LiveChartView.h"
#include "holdfast/ui/StabilogramView.h"

namespace holdfast::ui {

namespace {

QLabel* bigLabel(const QString& name, int point_size, bool bold = true) {
  auto* l = new QLabel;
  l->setObjectName(name);
  QFont f = l->font();
  f.setPointSize(point_size);
  f.setBold(bold);
  l->setFont(f);
  return l;
}

QPushButton* button(const QString& text, const QString& name, const QKeySequence& key) {
  auto* b = new QPushButton(text + "   (" + key.toString(QKeySequence::NativeText) + ")");
  b->setObjectName(name);
  QFont f = b->font();
  f.setPointSize(13);
  b->setFont(f);
  b->setMinimumHeight(44);
  return b;
}

}  // namespace

LiveDashboard::LiveDashboard(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  banner_ = bigLabel("banner", 14);
  banner_->setVisible(false);
  banner_->setWordWrap(true);
  layout->addWidget(banner_);

  auto* top = new QHBoxLayout;
  step_ = bigLabel("step", 18);
  state_ = bigLabel("state", 28);
  state_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  top->addWidget(step_, 1);
  top->addWidget(state_);
  layout->addLayout(top);

  auto* numbers = new QHBoxLayout;
  force_now_ = bigLabel("forceNow", 30);
  trial_peak_ = bigLabel("trialPeak", 30);
  trial_peak_->setStyleSheet("color: #b01010;");
  hold_ = bigLabel("hold", 30);
  numbers->addWidget(force_now_, 1);
  numbers->addWidget(trial_peak_, 1);
  numbers->addWidget(hold_, 1);
  layout->addLayout(numbers);
  best_ = bigLabel("best", 16);
  layout->addWidget(best_);

  auto* charts = new QHBoxLayout;
  chart_ = new LiveChartView;
  cop_ = new CopChartView;
  cop_->setVisible(false);
  stabilogram_ = new StabilogramView;
  stabilogram_->setObjectName("stabilogram");
  stabilogram_->setVisible(false);
  charts->addWidget(chart_, 3);
  charts->addWidget(cop_, 1);
  charts->addWidget(stabilogram_, 2);
  layout->addLayout(charts, 1);

  // Each foot's share of the body weight (two plates under both feet).
  load_ = new QWidget;
  auto* load = new QHBoxLayout(load_);
  load->setContentsMargins(0, 0, 0, 0);
  const auto bar = [](const QString& name, const QString& format) {
    auto* b = new QProgressBar;
    b->setObjectName(name);
    b->setRange(0, 100);
    b->setFormat(format);
    b->setMinimumHeight(26);
    return b;
  };
  load_left_ = bar("loadLeft", "Left foot %p %");
  load_right_ = bar("loadRight", "Right foot %p %");
  load->addWidget(load_left_);
  load->addWidget(load_right_);
  load_->setVisible(false);
  layout->addWidget(load_);

  // Balance: the next trial's conditions, chosen per trial (the test's plan presets them).
  stance_choice_ = new QWidget;
  auto* choice = new QHBoxLayout(stance_choice_);
  choice->setContentsMargins(0, 0, 0, 0);
  condition_ = new QComboBox;
  condition_->setObjectName("stanceCondition");
  condition_->addItem("Eyes open", "eyes-open");
  condition_->addItem("Eyes closed", "eyes-closed");
  surface_ = new QComboBox;
  surface_->setObjectName("stanceSurface");
  surface_->addItem("Firm surface", "firm");
  surface_->addItem("Foam surface", "foam");
  choice->addWidget(new QLabel("Next trial:"));
  choice->addWidget(condition_);
  choice->addWidget(surface_);
  choice->addStretch(1);
  stance_choice_->setVisible(false);
  layout->addWidget(stance_choice_);

  // Dynamometer tests: the lever arm of the next trial's side, measured by the clinician.
  lever_choice_ = new QWidget;
  auto* lever = new QHBoxLayout(lever_choice_);
  lever->setContentsMargins(0, 0, 0, 0);
  lever_arm_ = new QDoubleSpinBox;
  lever_arm_->setObjectName("leverArm");
  lever_arm_->setRange(0.0, 1.5);
  lever_arm_->setDecimals(3);
  lever_arm_->setSingleStep(0.005);
  lever_arm_->setSuffix(" m");
  lever_arm_->setSpecialValueText("not measured");  // 0: no torque for this trial
  lever->addWidget(new QLabel("Lever arm of this side (joint centre to pad):"));
  lever->addWidget(lever_arm_);
  lever->addStretch(1);
  lever_choice_->setVisible(false);
  layout->addWidget(lever_choice_);

  stats_ = bigLabel("stats", 11, false);
  stats_->setStyleSheet("color: #333333;");
  layout->addWidget(stats_);

  auto* buttons = new QHBoxLayout;
  tare_ = button("Tare", "tare", QKeySequence(Qt::Key_T));
  record_ = button("Record", "record", QKeySequence(Qt::Key_F5));
  stop_ = button("Stop", "stop", QKeySequence(Qt::Key_Escape));
  redo_ = button("Redo trial", "redo", QKeySequence(Qt::CTRL | Qt::Key_R));
  finish_ = button("Finish and save", "finish", QKeySequence(Qt::CTRL | Qt::Key_S));
  for (QPushButton* b : {tare_, record_, stop_, redo_, finish_}) buttons->addWidget(b);
  layout->addLayout(buttons);

  connect(tare_, &QPushButton::clicked, this, &LiveDashboard::tareRequested);
  connect(record_, &QPushButton::clicked, this, &LiveDashboard::recordRequested);
  connect(stop_, &QPushButton::clicked, this, &LiveDashboard::stopRequested);
  connect(redo_, &QPushButton::clicked, this, &LiveDashboard::redoRequested);
  connect(finish_, &QPushButton::clicked, this, &LiveDashboard::finishRequested);
  // Shortcuts act only when their button would: a stray key never starts a trial.
  const auto shortcut = [this](const QKeySequence& key, QPushButton* b) {
    auto* s = new QShortcut(key, this);
    connect(s, &QShortcut::activated, b, [b] {
      if (b->isEnabled()) b->click();
    });
  };
  shortcut(QKeySequence(Qt::Key_T), tare_);
  shortcut(QKeySequence(Qt::Key_F5), record_);
  shortcut(QKeySequence(Qt::Key_Space), record_);
  shortcut(QKeySequence(Qt::Key_Escape), stop_);
  shortcut(QKeySequence(Qt::CTRL | Qt::Key_R), redo_);
  shortcut(QKeySequence(Qt::CTRL | Qt::Key_S), finish_);
}

void LiveDashboard::setCopVisible(bool visible) {
  cop_->setVisible(visible && !stabilogram_->isVisibleTo(this));
}

void LiveDashboard::setStanceChoice(const QString& condition, const QString& surface) {
  if (const int i = condition_->findData(condition); i >= 0) condition_->setCurrentIndex(i);
  if (const int i = surface_->findData(surface); i >= 0) surface_->setCurrentIndex(i);
}

void LiveDashboard::setDynamometerMode(bool dynamometer, const QString& landmarks) {
  lever_choice_->setVisible(dynamometer);
  lever_arm_->setToolTip(landmarks);
}

void LiveDashboard::setLeverArm(std::optional<double> metres) {
  lever_arm_->setValue(metres.value_or(0.0));
}

std::optional<double> LiveDashboard::chosenLeverArm() const {
  // Below 5 cm is not a limb's lever arm: the field's "not measured".
  if (!lever_choice_->isVisibleTo(this) || lever_arm_->value() < 0.05) return std::nullopt;
  return lever_arm_->value();
}

QString LiveDashboard::chosenCondition() const { return condition_->currentData().toString(); }

QString LiveDashboard::chosenSurface() const { return surface_->currentData().toString(); }

void LiveDashboard::setBalanceMode(bool balance) {
  stance_choice_->setVisible(balance);
  stabilogram_->setVisible(balance);
  if (balance) cop_->setVisible(false);
}

QString LiveDashboard::peakText() const { return trial_peak_->text(); }

void LiveDashboard::showStatus(const LiveStatus& s) {
  step_->setText(s.step);
  state_->setText(s.state);
  force_now_->setText(s.force_now);
  trial_peak_->setText(s.trial_peak);
  best_->setText(s.best);
  hold_->setText(s.hold);
  hold_->setVisible(!s.hold.isEmpty());
  hold_->setStyleSheet(s.hold_state == "failed" ? "color: #b01010;"
                       : s.hold_state == "dip"  ? "color: #c07000;"
                                                : "color: #1d7a3a;");
  stats_->setText(s.stats);
  load_->setVisible(s.load_left_percent.has_value());
  if (s.load_left_percent) {
    const int left = static_cast<int>(std::lround(std::clamp(*s.load_left_percent, 0.0, 100.0)));
    load_left_->setValue(left);
    load_right_->setValue(100 - left);
  }
  banner_->setVisible(!s.banner.isEmpty());
  banner_->setText(s.banner);
  banner_->setStyleSheet(s.banner_is_error ? "background: #b01010; color: white; padding: 8px;"
                                           : "background: #fff3c4; color: #5a4500; padding: 8px;");
  condition_->setEnabled(s.can_record);
  surface_->setEnabled(s.can_record);
  lever_arm_->setEnabled(s.can_record);
  tare_->setEnabled(s.can_tare);
  record_->setEnabled(s.can_record);
  stop_->setEnabled(s.can_stop);
  redo_->setEnabled(s.can_redo);
  finish_->setEnabled(s.can_finish);
}

}  // namespace holdfast::ui
