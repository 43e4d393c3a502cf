#pragma once
// The names a patient's population is given in, where a norm asks for one: the sport a patient
// plays and the level played at. One vocabulary for the registry (`patients add --sport`), the
// session file and the norms table (test_library/norms), so that "football" in a norm is
// "football" in a patient's record; an unknown name suggests the nearest one.

#include <string>
#include <vector>

namespace holdfast::wire {

/// "football" (association football, soccer), "field-hockey", "ice-hockey", ... and "none".
[[nodiscard]] const std::vector<std::string>& sportNames();
/// "professional", "elite", "sub-elite", "amateur", "recreational".
[[nodiscard]] const std::vector<std::string>& sportLevelNames();

/// InputError naming the nearest names unless `sport` is "" or in sportNames().
void checkSport(const std::string& sport);
/// InputError naming the nearest names unless `level` is "" or in sportLevelNames().
void checkSportLevel(const std::string& level);

}  // namespace holdfast::wire
