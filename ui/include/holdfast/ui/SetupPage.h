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
class QPushButton;

namespace holdfast::ui {

struct SetupOptions {
  QStringList patient_ids;
  QStringList patient_labels;  ///< "HF-7K2M9Q4D  Jane Doe (1990-04-02)"
  QStringList test_ids;
  QStringList test_names;
  QStringList test_descriptions;
  QStringList test_kinds;                ///< "hold" shows the reference field
  std::vector<double> test_reference_n;  ///< a hold's default reference force (0: none)
  QStringList device_values;             ///< "simulator" or a port path
  QStringList device_labels;
  QStringList wire_protocols;  ///< csv, chronojump, ...
};

struct SetupChoice {
  QString patient_id;
  QString test_id;
  QString device;  ///< "simulator" or a port path
  QString wire_protocol;
  QString involved;           ///< "left", "right" or ""
  double body_mass_kg = 0.0;  ///< 0: not given
  double reference_n = 0.0;   ///< holds in % of a reference
  QString operator_name;
};

class SetupPage : public QWidget {
  Q_OBJECT
 public:
  explicit SetupPage(QWidget* parent = nullptr);
  void setOptions(const SetupOptions& options);
  void select(const SetupChoice& choice);  ///< e.g. the last session's, from QSettings
  [[nodiscard]] SetupChoice choice() const;
  void showMessage(const QString& text, bool error);

 signals:
  void newPatientRequested(const QString& name, const QString& date_of_birth, const QString& sex);
  void startRequested(const holdfast::ui::SetupChoice& choice);

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
  QLineEdit* operator_;
  QLabel* message_;
  QPushButton* start_;
};

}  // namespace holdfast::ui
