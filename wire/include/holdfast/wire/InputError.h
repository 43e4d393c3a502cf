#pragma once
// Something the user gave is wrong: a test definition, a criteria or parameters file, a
// setting. The message names the file and the key at fault. Both programs report it with exit
// code 2 (bad input), as they do a bad command line.

#include <stdexcept>

namespace holdfast::wire {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace holdfast::wire
