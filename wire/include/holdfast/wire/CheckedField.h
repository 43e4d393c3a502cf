#pragma once
// A number read from a configuration object (a test definition, its simulator settings) with
// its range checked: absent gives the fallback, a wrong type or a value out of range is a
// wire::InputError naming where and the key. A template over the JSON type, so that wire stays
// free of any JSON library (its users bring nlohmann::json).

#include <sstream>
#include <string>

#include "holdfast/wire/InputError.h"

namespace holdfast::wire {

template <typename Json>
[[nodiscard]] double checkedNumber(const Json& object, const char* key, const std::string& at,
                                   double lo, double hi, double fallback) {
  if (!object.contains(key)) return fallback;
  if (!object[key].is_number()) throw InputError(at + ": '" + key + "' must be a number");
  const double v = object[key].template get<double>();
  if (!(v >= lo && v <= hi)) {
    std::ostringstream s;
    s << at << ": '" << key << "' must be between " << lo << " and " << hi << " (got " << v << ")";
    throw InputError(s.str());
  }
  return v;
}

}  // namespace holdfast::wire
