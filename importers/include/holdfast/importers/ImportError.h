#pragma once
// A recording made elsewhere that cannot be read as it is: the message says which line or
// column and why. The command line reports it with exit code 2 (bad input).

#include <stdexcept>

namespace holdfast::importers {

class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace holdfast::importers
