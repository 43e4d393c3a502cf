// Round trip of Holdfast's own CSV export (issue 26), as a property over generated sessions:
// for every test family (isometric on one plate or a dynamometer and on two plates, hold,
// critical force, jumps on two plates, stance on two plates with COP), a session generated
// from a seed, `holdfast export --csv`, then `holdfast import` of each trial's file with no
// options gives the same channels, sides, units, COP, axes and plates, and `holdfast analyze`
// the same results to 1e-6 relative. The force comes from the simulator's patient models
// (ForceScenario), so that every family's analysis finds what it measures.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "CliFixture.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/simulator/ForceScenario.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"

using holdfast::test::Cli;
using holdfast::test::Result;
namespace fs = std::filesystem;
namespace sim = holdfast::simulator;
namespace store = holdfast::store;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Family {
  std::string name;      ///< what the property is about, in failure messages
  std::string test;      ///< a test of the library
  std::string scenario;  ///< the simulator's patient model
  int plates = 0;        ///< 0: a dynamometer (no COP); 1 or 2: plates with COP
  double rate_hz = 1000.0;
  double duration_s = 8.0;
  int trials = 2;
};

const std::vector<Family>& families() {
  static const std::vector<Family> list = {
      {"isometric on a dynamometer", "isometric-max", "isometric-mvc", 0, 1000.0, 8.0, 2},
      {"isometric on one plate", "isometric-max", "isometric-mvc", 1, 1000.0, 8.0, 2},
      {"isometric on two plates", "mid-thigh-pull", "isometric-mvc", 2, 1000.0, 8.0, 2},
      {"hold", "long-lever-bridge-hold", "isometric-hold", 0, 500.0, 40.0, 2},
      {"critical force", "critical-force", "critical-force", 0, 200.0, 245.0, 1},
      {"jumps on two plates", "cmj", "cmj", 2, 1000.0, 9.0, 2},
      {"stance on two plates", "quiet-stance", "quiet-stance", 2, 200.0, 25.0, 2},
  };
  return list;
}

double onGrid(double v, double step) { return std::round(v / step) * step; }

/// A session of `family` drawn from `seed`: its trials sampled from the patient model with
/// values on the store's grids (force to 0.001 N), as a recording would hold them.
store::SessionRecord generate(const Family& family, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  store::SessionRecord s;
  s.info.test = family.test;
  s.info.involved = u(rng) < 0.5 ? "left" : "right";
  s.info.body_mass_kg = onGrid(55.0 + 40.0 * u(rng), 0.1);
  s.info.software_version = "property-test";
  s.info.created_utc = "2026-12-03T10:00:00Z";
  const bool two = family.plates == 2;
  for (int k = 0; k < family.trials; ++k) {
    sim::ScenarioConfig c;
    c.name = family.scenario;
    c.seed = seed * 31 + static_cast<std::uint64_t>(k);
    c.channels = two ? 2 : 1;
    c.peak_n = family.scenario == "isometric-hold" ? 140.0 + 20.0 * u(rng) : 250.0 + 500.0 * u(rng);
    c.deficit_percent = 20.0 * u(rng);
    c.mass_kg = *s.info.body_mass_kg;
    c.jump_height_m = 0.2 + 0.2 * u(rng);
    c.sway_mm = 2.0 + 4.0 * u(rng);
    c.hold_s = 20.0 + 10.0 * u(rng);
    if (family.scenario == "quiet-stance") c.peak_n = *s.info.body_mass_kg * 9.80665;
    if (family.scenario == "isometric-hold") c.rest_s = 3.0;
    sim::ForceScenario model(c);

    store::TrialRecord t;
    t.info.number = k + 1;
    t.info.side = two ? "both" : (k % 2 == 0 ? "left" : "right");
    t.info.protocol = "property-test";
    t.info.unit = "N";
    t.info.nominal_rate_hz = t.info.measured_rate_hz = family.rate_hz;
    t.info.stop_reason = "duration";
    if (family.scenario == "quiet-stance") {
      t.info.condition = k == 0 ? "eyes-open" : "eyes-closed";
      t.info.surface = "firm";
    }
    if (two) {
      t.info.channel_names = {"left", "right"};
    } else {
      t.info.channel_names = {family.plates == 1 ? t.info.side : std::string("force")};
    }
    const std::size_t channels = t.info.channel_names.size();
    t.channels.assign(channels, {});
    if (family.plates > 0) {
      t.info.plate_width_mm = 400.0;
      t.info.plate_length_mm = 600.0;
      if (two) t.info.plate_pitch_mm = 400.0 + onGrid(100.0 * u(rng), 1.0);
      for (const std::string& n : t.info.channel_names) {
        t.info.cop_names.push_back(n + "_cop_x_mm");
        t.info.cop_names.push_back(n + "_cop_y_mm");
      }
      t.cop_mm.assign(2 * channels, {});
    }
    const double t0 = 100.0 * u(rng);  // the device clock does not start at 0
    const auto n = static_cast<std::size_t>(family.duration_s * family.rate_hz);
    std::vector<double> sample;
    std::normal_distribution<double> wobble(0.0, 1.5);
    for (std::size_t i = 0; i < n; ++i) {
      const double time = static_cast<double>(i) / family.rate_hz;
      model.sample(time, sample);
      t.time_s.push_back(t0 + time);
      t.host_time_s.push_back(time);
      for (std::size_t ch = 0; ch < channels; ++ch) {
        const double f = onGrid(sample[ch], 0.001);
        t.channels[ch].push_back(f);
        if (family.plates == 0) continue;
        double x = kNaN, y = kNaN;  // no COP where the plate is unloaded (a jump's flight)
        if (model.isBalance()) {
          x = model.plateCop()[ch][0];
          y = model.plateCop()[ch][1];
        } else if (f >= 20.0) {
          x = 30.0 * std::sin(0.7 * time + static_cast<double>(ch)) + wobble(rng);
          y = -40.0 + 25.0 * std::cos(0.4 * time) + wobble(rng);
        }
        t.cop_mm[2 * ch].push_back(x);
        t.cop_mm[2 * ch + 1].push_back(y);
      }
    }
    s.trials.push_back(std::move(t));
  }
  return s;
}

/// Where `a` and `b` (two analyses' JSON) differ, apart from what names the file or says how
/// the method was found: numbers to 1e-6 relative, everything else exactly.
void compareJson(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
                 std::vector<std::string>& differences) {
  static const std::set<std::string> kNamesTheFile = {
      "file",         "created_utc", "created_local", "method_source", "method_overrides",
      "channel_name", "channel"};
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    if (std::abs(x - y) > 1e-6 * std::max({std::abs(x), std::abs(y), 1e-3}))
      differences.push_back(path + ": " + a.dump() + " became " + b.dump());
    return;
  }
  if (a.type() != b.type()) {
    differences.push_back(path + ": " + a.dump() + " became " + b.dump());
    return;
  }
  if (a.is_object()) {
    for (const auto& [key, value] : a.items()) {
      if (kNamesTheFile.count(key)) continue;
      if (!b.contains(key)) {
        differences.push_back(path + "." + key + " is gone");
        continue;
      }
      compareJson(value, b[key], path + "." + key, differences);
    }
    for (const auto& [key, value] : b.items())
      if (!kNamesTheFile.count(key) && !a.contains(key))
        differences.push_back(path + "." + key + " is new: " + value.dump().substr(0, 80));
    return;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) {
      differences.push_back(path + ": " + std::to_string(a.size()) + " items became " +
                            std::to_string(b.size()));
      return;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
      compareJson(a[i], b[i], path + "[" + std::to_string(i) + "]", differences);
    return;
  }
  if (a != b) differences.push_back(path + ": " + a.dump() + " became " + b.dump());
}

/// How many values under `key` in `j` are numbers above 0.
int positiveNumbersAt(const nlohmann::json& j, const std::string& key) {
  int found = 0;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == key && v.is_number() && v.get<double>() > 0.0) ++found;
      found += positiveNumbersAt(v, key);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) found += positiveNumbersAt(v, key);
  }
  return found;
}

}  // namespace

class RoundTripProperty : public Cli {
 protected:
  nlohmann::json analysed(const fs::path& file) {
    const Result a = run({"analyze", file.string(), "--json", "--no-store"});
    EXPECT_EQ(a.code, 0) << file << ": " << a.err;
    return nlohmann::json::parse(a.out, nullptr, false);
  }
};

TEST_F(RoundTripProperty, EveryFamilyExportedAsCsvImportsBackToTheSameTrialsAndResults) {
  // Seeds per family: HOLDFAST_ROUND_TRIP_SEEDS (default 2; each seed is one generated
  // session of every family).
  const char* env = std::getenv("HOLDFAST_ROUND_TRIP_SEEDS");
  const int seeds = env ? std::max(1, std::atoi(env)) : 2;
  for (const Family& family : families()) {
    for (int seed = 1; seed <= seeds; ++seed) {
      SCOPED_TRACE(family.name + ", seed " + std::to_string(seed));
      const std::string stem =
          family.scenario + "-" + std::to_string(family.plates) + "-" + std::to_string(seed);
      const fs::path original = dir_ / (stem + ".h5");
      const store::SessionRecord generated =
          generate(family, static_cast<std::uint64_t>(seed) * 1000 + family.plates);
      store::writeSessionRecord(original, generated);
      const fs::path csv = dir_ / ("csv-" + stem);
      const Result e = run({"export", original.string(), "--csv", csv.string()});
      ASSERT_EQ(e.code, 0) << e.err;
      const fs::path back = dir_ / (stem + "-back.h5");
      for (const store::TrialRecord& t : generated.trials) {
        char name[64];
        std::snprintf(name, sizeof name, "_trial_%03d.csv", t.info.number);
        const Result i = run({"import", (csv / (stem + name)).string(), "--out", back.string()});
        ASSERT_EQ(i.code, 0) << i.err;
        EXPECT_EQ(i.out.find("assumed"), std::string::npos)
            << "Holdfast's export states every unit and axis: " << i.out;
      }

      const store::SessionRecord a = store::readSessionFile(original);
      const store::SessionRecord b = store::readSessionFile(back);
      EXPECT_EQ(b.info.test, a.info.test);
      EXPECT_EQ(b.info.involved, a.info.involved);
      EXPECT_EQ(b.info.body_mass_kg, a.info.body_mass_kg);
      ASSERT_EQ(b.trials.size(), a.trials.size());
      for (std::size_t k = 0; k < a.trials.size(); ++k) {
        const store::TrialRecord &x = a.trials[k], &y = b.trials[k];
        SCOPED_TRACE("trial " + std::to_string(k + 1));
        EXPECT_EQ(y.info.side, x.info.side);
        EXPECT_EQ(y.info.unit, "N");
        EXPECT_EQ(y.info.condition, x.info.condition);
        EXPECT_EQ(y.info.surface, x.info.surface);
        ASSERT_EQ(y.channels.size(), x.channels.size());
        for (std::size_t c = 0; c < x.channels.size(); ++c) {
          EXPECT_EQ(holdfast::results::channelSide(y.info, c, y.channels.size()),
                    holdfast::results::channelSide(x.info, c, x.channels.size()));
          ASSERT_EQ(y.channels[c].size(), x.channels[c].size());
          for (std::size_t i = 0; i < x.channels[c].size(); ++i)
            ASSERT_NEAR(y.channels[c][i], x.channels[c][i], 1e-9) << "sample " << i;
        }
        for (std::size_t i = 0; i < x.time_s.size(); ++i)
          ASSERT_NEAR(y.time_s[i], x.time_s[i] - x.time_s[0], 1e-9) << "sample " << i;
        ASSERT_EQ(y.cop_mm.size(), x.cop_mm.size());
        EXPECT_EQ(y.info.cop_names, x.info.cop_names);
        for (std::size_t c = 0; c < x.cop_mm.size(); ++c) {
          for (std::size_t i = 0; i < x.cop_mm[c].size(); ++i) {
            const double p = x.cop_mm[c][i], q = y.cop_mm[c][i];
            ASSERT_EQ(std::isfinite(p), std::isfinite(q)) << "COP column " << c << " sample " << i;
            if (std::isfinite(p)) {
              ASSERT_NEAR(q, p, 1e-9) << "COP column " << c << " sample " << i;
            }
          }
        }
        if (!x.cop_mm.empty()) {
          EXPECT_EQ(y.info.ap_axis, "y") << "the AP axis is Holdfast's own, said by its preset";
          EXPECT_FALSE(y.info.axes_source.empty());
        }
        EXPECT_EQ(y.info.plate_pitch_mm, x.info.plate_pitch_mm);
        EXPECT_EQ(y.info.plate_width_mm, x.info.plate_width_mm);
        EXPECT_EQ(y.info.plate_length_mm, x.info.plate_length_mm);
      }

      const nlohmann::json before = analysed(original), after = analysed(back);
      ASSERT_FALSE(before.is_discarded());
      ASSERT_FALSE(after.is_discarded());
      std::vector<std::string> differences;
      compareJson(before, after, "", differences);
      std::string listed;
      for (std::size_t d = 0; d < differences.size() && d < 12; ++d)
        listed += "\n  " + differences[d];
      EXPECT_TRUE(differences.empty()) << differences.size() << " difference(s):" << listed;
      // The property is about results, not about failures kept alike: every family finds what
      // it measures (a number under that key in the trials' results).
      const std::string measured = family.scenario == "cmj"              ? "jump_height_impulse_m"
                                   : family.scenario == "quiet-stance"   ? "ellipse_area_95_mm2"
                                   : family.scenario == "critical-force" ? "critical_force_n"
                                   : family.scenario == "isometric-hold" ? "time_to_failure_s"
                                                                         : "peak_force_n";
      EXPECT_GT(positiveNumbersAt(before["trials"], measured), 0) << measured;
      const std::string text = before.dump();
      EXPECT_EQ(text.find("cop_outside_plate"), std::string::npos);
      EXPECT_EQ(text.find("ap_ml_axes_assumed"), std::string::npos);
    }
  }
}
