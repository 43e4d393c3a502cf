#pragma once
// Sessions made in memory for the tests of the libraries above store: one trial per side, each
// an isometric effort of a known peak (rest, a rise, a plateau, a release) at 1 kHz.

#include <cmath>
#include <string>
#include <vector>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::test {

inline store::TrialRecord effortTrial(int number, const std::string& side, double peak_n) {
  store::TrialRecord t;
  t.info.number = number;
  t.info.side = side;
  t.info.channel_names = {side};
  t.info.measured_rate_hz = 1000.0;
  t.channels.resize(1);
  for (int k = 0; k < 6000; ++k) {
    const double s = k / 1000.0;
    double f = 20.0 + ((k % 2 == 0) ? 0.5 : -0.5);  // resting, with a known ripple
    if (s >= 2.0 && s < 2.3) f = 20.0 + (peak_n - 20.0) * (s - 2.0) / 0.3;
    if (s >= 2.3 && s < 4.3) f = peak_n;
    if (s >= 4.3 && s < 4.6) f = peak_n - (peak_n - 20.0) * (s - 4.3) / 0.3;
    t.time_s.push_back(s);
    t.host_time_s.push_back(s);
    t.channels[0].push_back(f);
  }
  return t;
}

/// Left 400 N, right 340 N (LSI 85 % with the right involved).
inline store::SessionRecord leftRightSession(const std::string& patient = "P-0001") {
  store::SessionRecord r;
  r.info.patient_id = patient;
  r.info.test = "isometric-max";
  r.info.involved = "right";
  r.info.operator_name = "Dr Alice Example";
  r.info.created_utc = "2026-03-10T09:15:00Z";
  r.info.age_years = 27;
  r.trials.push_back(effortTrial(1, "left", 400.0));
  r.trials.push_back(effortTrial(2, "right", 340.0));
  return r;
}

}  // namespace holdfast::test
