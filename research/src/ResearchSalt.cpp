#include "holdfast/research/ResearchSalt.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "holdfast/registry/DataFolder.h"
#include "holdfast/store/AtomicFile.h"

namespace holdfast::research {

namespace fs = std::filesystem;

std::string readOrCreateSalt(const fs::path& file, std::ostream& note) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    unsigned char bytes[32];
    if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
      throw std::runtime_error("no randomness for a salt: " + std::string(std::strerror(errno)));
    std::string hex;
    for (const unsigned char b : bytes) {
      char two[3];
      std::snprintf(two, sizeof two, "%02x", b);
      hex += two;
    }
    if (!file.parent_path().empty()) registry::ensureDataFolder(file.parent_path());
    store::writeFileAtomically(file, hex + "\n");
    note << "created a new research salt in " << file.string()
         << ": keep it private and keep it (the same salt gives the same research ids)\n";
  }
  std::ifstream in(file);
  std::string salt;
  std::getline(in, salt);
  if (salt.size() < 16) {
    throw std::runtime_error("the salt in " + file.string() + " is shorter than 16 characters");
  }
  return salt;
}

}  // namespace holdfast::research
