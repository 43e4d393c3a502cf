#pragma once
// The start of a session: the patient (from the registry, or a new one), the test
// (from the library, with its instructions), the device (detected ports; the built-in
// simulator when none is plugged in), the involved limb, body mass, and the hold's reference.

#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QCheckBox;
class QPushButton;
class QTableWidget;

namespace holdfast::ui {

struct SetupOptions {
  QStringList patient_ids;
  QStringList patient_labels;  ///< "HF-7K2M9Q4D  Jane Doe (1990-04-02)"
  QStringList test_ids;
  QStringList test_names;
  QStringList test_descriptions;
  QStringList test_kinds;                 ///< "hold" shows the reference field
  std::vector<double> test_reference_n;   ///< a hold's default reference force (0: none)
  std::vector<double> test_box_height_m;  ///< a drop jump's default box height (0: not one)
  /// "simulator", "simulator-progressor", a port path, or "ble:PROTOCOL@ADDRESS"
  QStringList device_values;
  QStringList device_labels;
  QStringList wire_protocols;  ///< csv, chronojump, ...
  /// What the new-patient form offers for the sport played and its level (wire/Population.h):
  /// a norm's population is matched on them.
  QStringList sports;
  QStringList sport_levels;
};

/// One earlier session of the chosen patient, as the Setup page lists it.
struct SessionHistoryRow {
  QString file;
  QString when;  ///< local date and time
  QString test;
  int trials = 0;
  QString headline;  ///< the stored results' headline, or why there is none
  QString verdict;
};

struct SetupChoice {
  QString patient_id;
  QString test_id;
  QString device;  ///< a SetupOptions::device_values entry
  QString wire_protocol;
  QString involved;           ///< "left", "right" or ""
  double body_mass_kg = 0.0;  ///< 0: not given
  double reference_n = 0.0;   ///< holds in % of a reference
  double box_height_m = 0.0;  ///< drop jumps: the box stepped off
  QString operator_name;      ///< the clinician, named on the report
  /// The report is the shareable version: the pseudonymous id only, no name, date of birth or
  /// record number.
  bool pseudonymous_report = false;
};

class SetupPage : public QWidget {
  Q_OBJECT
 public:
  explicit SetupPage(QWidget* parent = nullptr);
  void setOptions(const SetupOptions& options);
  void select(const SetupChoice& choice);  ///< e.g. the last session's, from QSettings
  [[nodiscard]] SetupChoice choice() const;
  void showMessage(const QString& text, bool error);
  /// Devices found after the page was filled (Bluetooth): added to the list once each, the
  /// first of them selected.
  void addDevices(const QStringList& values, const QStringList& labels);
  /// The chosen patient's earlier sessions, newest first.
  void setHistory(const std::vector<SessionHistoryRow>& rows);

 signals:
  void patientChanged(const QString& patient_id);
  /// Open an earlier session in the Results page (double-click or "Open").
  void sessionOpenRequested(const QString& file);
  void newPatientRequested(const QString& name, const QString& date_of_birth, const QString& sex,
                           const QString& record_number, const QString& sport,
                           const QString& level);
  void startRequested(const holdfast::ui::SetupChoice& choice);
  /// "Find Bluetooth devices": the station scans and adds what it heard (addDevices).
  void bluetoothScanRequested();

 private:
  void updateTestText();

  SetupOptions options_;
  QComboBox* patient_;
  QComboBox* test_;
  QLabel* test_text_;
  QComboBox* device_;
  QComboBox* wire_;
  QComboBox* involved_;
  QDoubleSpinBox* mass_;
  QDoubleSpinBox* reference_;
  QDoubleSpinBox* box_height_;
  QLineEdit* operator_;
  QCheckBox* pseudonymous_;
  QLabel* message_;
  QPushButton* start_;
  QTableWidget* history_;
  std::vector<SessionHistoryRow> history_rows_;
};

}  // namespace holdfast::ui
