#pragma once
// Ids that become parts of file names (patients, tests): 1-64 letters, digits, '-' or '_',
// starting with a letter or digit, so they are safe in a path and cannot carry a name.

#include <string>

namespace holdfast::method {

/// wire::InputError naming `option` unless `value` is a valid id.
void checkIdentifier(const std::string& option, const std::string& value);

}  // namespace holdfast::method
