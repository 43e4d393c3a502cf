#pragma once
// Turns a clinic's session into a research one (HIPAA Safe Harbor / GDPR pseudonymisation in
// spirit): the patient id is re-keyed with a secret salt the clinic keeps (HMAC-SHA-256), every
// date is shifted by a per-patient number of days (intervals within a patient survive), free
// text is removed (operator, port, device serial, notes), and the age becomes a 5-year band.
// Body mass, sex and every measurement are kept.

#include <string>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::research {

class Deidentifier {
 public:
  /// `salt`: the clinic's secret (at least 16 characters).
  explicit Deidentifier(std::string salt);

  /// "R-" and 12 hex digits, the same for the same id and salt.
  [[nodiscard]] std::string researchId(const std::string& patient_id) const;
  /// Days added to every date of that patient: -365..+365, never 0.
  [[nodiscard]] int shiftDays(const std::string& patient_id) const;
  /// "25-29", "90+" or "".
  [[nodiscard]] static std::string ageBand(const std::optional<int>& age_years);
  /// An ISO 8601 timestamp or date moved by `days` ("" stays "", unreadable text becomes "").
  [[nodiscard]] static std::string shiftDate(const std::string& iso, int days);

  /// The de-identified copy of a session. `subject_key` stands for the patient when the session
  /// has no patient id (each such file is its own subject).
  [[nodiscard]] store::SessionRecord apply(const store::SessionRecord& session,
                                           const std::string& subject_key) const;

 private:
  std::string salt_;
};

}  // namespace holdfast::research
