#include "holdfast/method/Identifier.h"

#include <algorithm>
#include <cctype>

#include "holdfast/wire/InputError.h"

namespace holdfast::method {

void checkIdentifier(const std::string& option, const std::string& value) {
  // Safe in file names, and unable to carry a name with spaces.
  const auto ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  };
  if (value.empty() || value.size() > 64 || !std::isalnum(static_cast<unsigned char>(value[0])) ||
      !std::all_of(value.begin(), value.end(), ok)) {
    throw wire::InputError("option --" + option +
                           " must be 1-64 letters, digits, '-' or '_', got '" + value + "'");
  }
}

}  // namespace holdfast::method
