#include "holdfast/research/Deidentifier.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "holdfast/research/HmacSha256.h"
#include "holdfast/store/IsoTime.h"

namespace holdfast::research {

Deidentifier::Deidentifier(std::string salt) : salt_(std::move(salt)) {
  if (salt_.size() < 16) throw std::invalid_argument("the salt must be at least 16 characters");
}

std::string Deidentifier::researchId(const std::string& patient_id) const {
  return "R-" + toHex(hmacSha256(salt_, "research-id:" + patient_id)).substr(0, 12);
}

int Deidentifier::shiftDays(const std::string& patient_id) const {
  const Sha256Digest d = hmacSha256(salt_, "date-shift:" + patient_id);
  const std::uint32_t v = (std::uint32_t{d[0]} << 24) | (std::uint32_t{d[1]} << 16) |
                          (std::uint32_t{d[2]} << 8) | std::uint32_t{d[3]};
  const int days = static_cast<int>(v % 730u) - 365;  // -365..364
  return days >= 0 ? days + 1 : days;                 // never 0: every date moves
}

std::string Deidentifier::ageBand(const std::optional<int>& age) {
  if (!age || *age < 0) return "";
  if (*age >= 90) return "90+";  // Safe Harbor: ages over 89 are one group
  const int low = *age / 5 * 5;
  return std::to_string(low) + "-" + std::to_string(low + 4);
}

std::string Deidentifier::shiftDate(const std::string& iso, int days) {
  if (iso.empty()) return "";
  const auto t = store::parseIsoUtc(iso);
  if (!t) return "";
  const std::string shifted = store::isoUtc(*t + std::chrono::days(days));
  return iso.size() == 10 ? shifted.substr(0, 10) : shifted;
}

store::SessionRecord Deidentifier::apply(const store::SessionRecord& session,
                                         const std::string& subject_key) const {
  store::SessionRecord out = session;
  const std::string key = session.info.patient_id.empty() ? subject_key : session.info.patient_id;
  const int days = shiftDays(key);
  store::SessionInfo& s = out.info;
  s.patient_id = researchId(key);
  s.operator_name.clear();
  s.created_utc = shiftDate(s.created_utc, days);
  s.created_local.clear();  // the true local date and time: the shifted UTC stands for it
  s.age_band = !s.age_band.empty() ? s.age_band : ageBand(s.age_years);
  s.age_years.reset();
  for (store::TrialRecord& t : out.trials) {
    store::TrialInfo& i = t.info;
    i.port.clear();
    i.device_serial.clear();
    i.started_utc = shiftDate(i.started_utc, days);
    i.ended_utc = shiftDate(i.ended_utc, days);
    if (!i.recovery_note.empty()) i.recovery_note = "recovered from the recording journal";
    if (!i.calibration_json.empty()) {
      // Calibration dates would give the real day away; everything else in it is physics.
      try {
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(i.calibration_json);
        auto& channels = j["channels"];
        if (channels.is_array()) {
          for (auto& c : channels) {
            for (const char* k : {"tared_utc", "calibrated_utc"}) {
              if (c.contains(k) && c[k].is_string())
                c[k] = shiftDate(c[k].get<std::string>(), days);
            }
            if (c.contains("serial")) c.erase("serial");
          }
        }
        i.calibration_json = j.dump();
      } catch (const nlohmann::json::exception&) {
        i.calibration_json.clear();  // unreadable: dropped rather than leaked
      }
    }
  }
  return out;
}

}  // namespace holdfast::research
