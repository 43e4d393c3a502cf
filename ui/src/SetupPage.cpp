#include "holdfast/ui/SetupPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace holdfast::ui {

namespace {

void biggerFont(QWidget* w, int points) {
  QFont f = w->font();
  f.setPointSize(points);
  w->setFont(f);
}

}  // namespace

SetupPage::SetupPage(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  auto* title = new QLabel("New session");
  biggerFont(title, 20);
  outer->addWidget(title);
  auto* form = new QFormLayout;
  patient_ = new QComboBox;
  patient_->setObjectName("patient");
  auto* add_patient = new QPushButton("New patient...");
  auto* patient_row = new QHBoxLayout;
  patient_row->addWidget(patient_, 1);
  patient_row->addWidget(add_patient);
  form->addRow("Patient", patient_row);
  test_ = new QComboBox;
  test_->setObjectName("test");
  form->addRow("Test", test_);
  test_text_ = new QLabel;
  test_text_->setWordWrap(true);
  test_text_->setStyleSheet("color: #333333;");
  form->addRow("", test_text_);
  device_ = new QComboBox;
  device_->setObjectName("device");
  wire_ = new QComboBox;
  wire_->setObjectName("wireProtocol");
  auto* device_row = new QHBoxLayout;
  device_row->addWidget(device_, 2);
  device_row->addWidget(new QLabel("protocol"));
  device_row->addWidget(wire_, 1);
  auto* find_ble = new QPushButton("Find Bluetooth devices");
  find_ble->setObjectName("findBluetooth");
  find_ble->setToolTip(
      "Listen for Bluetooth LE dynamometers (Tindeq Progressor, Nordic UART boards) for 4 s");
  connect(find_ble, &QPushButton::clicked, this, &SetupPage::bluetoothScanRequested);
  device_row->addWidget(find_ble);
  form->addRow("Device", device_row);
  involved_ = new QComboBox;
  involved_->addItem("none (healthy, screening)", "");
  involved_->addItem("left", "left");
  involved_->addItem("right", "right");
  form->addRow("Involved limb", involved_);
  mass_ = new QDoubleSpinBox;
  mass_->setRange(0.0, 500.0);
  mass_->setDecimals(1);
  mass_->setSuffix(" kg");
  mass_->setSpecialValueText("not given");
  form->addRow("Body mass", mass_);
  reference_ = new QDoubleSpinBox;
  reference_->setRange(10.0, 20000.0);
  reference_->setDecimals(0);
  reference_->setSuffix(" N");
  form->addRow("Hold reference (best maximal force)", reference_);
  box_height_ = new QDoubleSpinBox;
  box_height_->setObjectName("boxHeight");
  box_height_->setRange(0.05, 1.5);
  box_height_->setDecimals(2);
  box_height_->setSingleStep(0.05);
  box_height_->setSuffix(" m");
  box_height_->setValue(0.30);
  form->addRow("Box height (drop jumps)", box_height_);
  operator_ = new QLineEdit;
  operator_->setMaxLength(64);
  form->addRow("Clinician (operator)", operator_);
  pseudonymous_ = new QCheckBox("Shareable report: pseudonymous id only");
  pseudonymous_->setObjectName("pseudonymousReport");
  pseudonymous_->setToolTip(
      "The report names the patient (name, date of birth, record number) as the clinic files "
      "it. Ticked, it carries only the pseudonymous id, for sharing outside the clinic.");
  form->addRow("Report", pseudonymous_);
  for (int r = 0; r < form->rowCount(); ++r) {
    if (auto* item = form->itemAt(r, QFormLayout::LabelRole); item && item->widget())
      biggerFont(item->widget(), 13);
  }
  outer->addLayout(form);
  message_ = new QLabel;
  message_->setObjectName("setupMessage");
  message_->setWordWrap(true);
  outer->addWidget(message_);
  start_ = new QPushButton("Start session");
  start_->setObjectName("start");
  start_->setMinimumHeight(48);
  biggerFont(start_, 15);
  outer->addWidget(start_);

  // The patient's earlier sessions: any of them opens in the Results page.
  auto* history_title = new QLabel("Sessions of this patient (double-click to open)");
  biggerFont(history_title, 13);
  outer->addWidget(history_title);
  history_ = new QTableWidget(0, 5);
  history_->setObjectName("history");
  history_->setHorizontalHeaderLabels({"Date and time", "Test", "Trials", "Result", "Verdict"});
  history_->verticalHeader()->setVisible(false);
  history_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  history_->setSelectionBehavior(QAbstractItemView::SelectRows);
  history_->setSelectionMode(QAbstractItemView::SingleSelection);
  history_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  history_->horizontalHeader()->setStretchLastSection(true);
  history_->setMinimumHeight(120);
  outer->addWidget(history_, 1);
  auto* open = new QPushButton("Open selected session");
  open->setObjectName("openSession");
  outer->addWidget(open, 0, Qt::AlignLeft);
  const auto open_row = [this](int row) {
    if (row >= 0 && static_cast<std::size_t>(row) < history_rows_.size())
      emit sessionOpenRequested(history_rows_[static_cast<std::size_t>(row)].file);
  };
  connect(history_, &QTableWidget::cellDoubleClicked, this,
          [open_row](int row, int) { open_row(row); });
  connect(open, &QPushButton::clicked, this,
          [this, open_row] { open_row(history_->currentRow()); });
  connect(patient_, &QComboBox::currentIndexChanged, this,
          [this] { emit patientChanged(patient_->currentData().toString()); });

  connect(test_, &QComboBox::currentIndexChanged, this, [this] { updateTestText(); });
  connect(start_, &QPushButton::clicked, this, [this] { emit startRequested(choice()); });
  connect(add_patient, &QPushButton::clicked, this, [this] {
    QDialog dialog(this);
    dialog.setWindowTitle("New patient");
    auto* f = new QFormLayout(&dialog);
    auto* name = new QLineEdit;
    name->setMaxLength(200);
    auto* dob = new QDateEdit(QDate(1990, 1, 1));
    dob->setDisplayFormat("yyyy-MM-dd");
    dob->setCalendarPopup(true);
    auto* sex = new QComboBox;
    sex->addItems({"", "female", "male", "other"});
    f->addRow("Name", name);
    f->addRow("Date of birth", dob);
    f->addRow("Sex", sex);
    auto* record = new QLineEdit;
    record->setMaxLength(64);
    record->setObjectName("recordNumber");
    f->addRow("Record number", record);
    // Sport and level: what a norm's population is matched on (blank: not given).
    auto* sport = new QComboBox;
    sport->setObjectName("sport");
    sport->addItem("");
    sport->addItems(options_.sports);
    f->addRow("Sport", sport);
    auto* level = new QComboBox;
    level->setObjectName("level");
    level->addItem("");
    level->addItems(options_.sport_levels);
    f->addRow("Level", level);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    f->addRow(box);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted) {
      emit newPatientRequested(name->text().trimmed(), dob->date().toString("yyyy-MM-dd"),
                               sex->currentText(), record->text().trimmed(), sport->currentText(),
                               level->currentText());
    }
  });
}

void SetupPage::setOptions(const SetupOptions& options) {
  const SetupChoice keep = choice();
  options_ = options;
  patient_->clear();
  for (qsizetype i = 0; i < options.patient_ids.size(); ++i)
    patient_->addItem(options.patient_labels.value(i, options.patient_ids[i]),
                      options.patient_ids[i]);
  test_->clear();
  for (qsizetype i = 0; i < options.test_ids.size(); ++i)
    test_->addItem(options.test_names.value(i), options.test_ids[i]);
  device_->clear();
  for (qsizetype i = 0; i < options.device_values.size(); ++i)
    device_->addItem(options.device_labels.value(i), options.device_values[i]);
  wire_->clear();
  wire_->addItems(options.wire_protocols);
  select(keep);
  updateTestText();
}

void SetupPage::addDevices(const QStringList& values, const QStringList& labels) {
  int first = -1;
  for (qsizetype i = 0; i < values.size(); ++i) {
    if (device_->findData(values[i]) >= 0) continue;
    device_->addItem(labels.value(i, values[i]), values[i]);
    if (first < 0) first = device_->count() - 1;
  }
  if (first >= 0) device_->setCurrentIndex(first);
}

void SetupPage::select(const SetupChoice& c) {
  const auto pick = [](QComboBox* box, const QString& value) {
    const int i = box->findData(value);
    if (i >= 0) box->setCurrentIndex(i);
  };
  if (!c.patient_id.isEmpty()) pick(patient_, c.patient_id);
  if (!c.test_id.isEmpty()) pick(test_, c.test_id);
  if (!c.device.isEmpty()) pick(device_, c.device);
  if (!c.wire_protocol.isEmpty() && wire_->findText(c.wire_protocol) >= 0)
    wire_->setCurrentText(c.wire_protocol);
  pick(involved_, c.involved);
  if (c.body_mass_kg > 0) mass_->setValue(c.body_mass_kg);
  if (c.reference_n > 0) reference_->setValue(c.reference_n);
  if (c.box_height_m > 0) box_height_->setValue(c.box_height_m);
  if (!c.operator_name.isEmpty()) operator_->setText(c.operator_name);
  pseudonymous_->setChecked(c.pseudonymous_report);
}

SetupChoice SetupPage::choice() const {
  SetupChoice c;
  c.patient_id = patient_->currentData().toString();
  c.test_id = test_->currentData().toString();
  c.device = device_->currentData().toString();
  c.wire_protocol = wire_->currentText();
  c.involved = involved_->currentData().toString();
  c.body_mass_kg = mass_->value();
  c.reference_n = reference_->value();
  c.box_height_m = box_height_->isEnabled() ? box_height_->value() : 0.0;
  c.operator_name = operator_->text().trimmed();
  c.pseudonymous_report = pseudonymous_->isChecked();
  return c;
}

void SetupPage::setHistory(const std::vector<SessionHistoryRow>& rows) {
  history_rows_ = rows;
  history_->setRowCount(static_cast<int>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const SessionHistoryRow& h = rows[r];
    const QStringList cells = {h.when, h.test, QString::number(h.trials), h.headline, h.verdict};
    for (qsizetype c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(h.file);
      history_->setItem(static_cast<int>(r), static_cast<int>(c), item);
    }
  }
}

void SetupPage::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? "color: #b01010; font-weight: bold;" : "color: #1d7a3a;");
}

void SetupPage::updateTestText() {
  const int i = test_->currentIndex();
  test_text_->setText(i >= 0 ? options_.test_descriptions.value(i) : QString());
  const bool hold = i >= 0 && options_.test_kinds.value(i) == "hold";
  reference_->setEnabled(hold);
  const auto at = static_cast<std::size_t>(std::max(i, 0));
  if (hold && at < options_.test_reference_n.size() && options_.test_reference_n[at] > 0)
    reference_->setValue(options_.test_reference_n[at]);
  const bool drop = at < options_.test_box_height_m.size() && options_.test_box_height_m[at] > 0;
  box_height_->setEnabled(drop);
  if (drop) box_height_->setValue(options_.test_box_height_m[at]);
}

}  // namespace holdfast::ui
