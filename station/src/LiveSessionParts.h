#pragma once
// What the parts of the station's controller (LiveSession*.cpp) share: short conversions and the
// one way the station analyses a session. Internal to station/src.

#include <QString>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "holdfast/method/TestDefinition.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::station::detail {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline constexpr double kSimulatorRateHz = 1000.0;
/// The device value of the simulated Tindeq Progressor (Bluetooth, no radio).
inline const QString kSimulatedProgressor = QStringLiteral("simulator-progressor");

inline QString q(const std::string& s) { return QString::fromStdString(s); }

/// "377.2 N", rounded as the results' headline rounds (printf: an exact tie such as 377.25 goes
/// to even); QString::number rounds it up, and the live page once said 377.3 beside 377.2.
[[nodiscard]] QString newtons(double v);

/// The session analysed as `holdfast analyze` would: with the test stored in it (the one this
/// session runs: method::withReference), so the station and every command give one answer.
[[nodiscard]] results::SessionAnalysis analyseAsStored(const store::SessionRecord& s,
                                                       const method::TestDefinition& test);

[[nodiscard]] const method::TestDefinition* findTest(const std::vector<method::TestDefinition>& all,
                                                     const QString& id);

}  // namespace holdfast::station::detail
