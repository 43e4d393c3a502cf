#include "holdfast/wire/Population.h"

#include <algorithm>

#include "holdfast/wire/InputError.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::wire {

const std::vector<std::string>& sportNames() {
  // "football" is association football (soccer), as FIFA and the sources of the norms say it.
  static const std::vector<std::string> names = {"none",
                                                 "football",
                                                 "futsal",
                                                 "american-football",
                                                 "australian-football",
                                                 "rugby",
                                                 "basketball",
                                                 "handball",
                                                 "volleyball",
                                                 "field-hockey",
                                                 "ice-hockey",
                                                 "tennis",
                                                 "running",
                                                 "athletics",
                                                 "cycling",
                                                 "swimming",
                                                 "skiing",
                                                 "gymnastics",
                                                 "dance",
                                                 "martial-arts",
                                                 "climbing",
                                                 "rowing",
                                                 "baseball",
                                                 "cricket",
                                                 "other"};
  return names;
}

const std::vector<std::string>& sportLevelNames() {
  // McKay et al. 2022 (Int J Sports Physiol Perform 17:317) tiers, in the words sources use.
  static const std::vector<std::string> names = {"professional", "elite", "sub-elite", "amateur",
                                                 "recreational"};
  return names;
}

namespace {
void check(const std::string& what, const std::string& value,
           const std::vector<std::string>& known) {
  if (value.empty() || std::find(known.begin(), known.end(), value) != known.end()) return;
  throw InputError(unknownNameMessage(what, value, known));
}
}  // namespace

void checkSport(const std::string& sport) { check("sport", sport, sportNames()); }
void checkSportLevel(const std::string& level) { check("level", level, sportLevelNames()); }

}  // namespace holdfast::wire
