#include "ExportFiles.h"

#include <unistd.h>

#include <cctype>
#include <stdexcept>

#include "holdfast/store/AtomicFile.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::research {

namespace fs = std::filesystem;

void requireWritableFolder(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw std::runtime_error("cannot create the folder " + dir.string() +
                             (ec ? ": " + ec.message() : ""));
  }
  if (access(dir.c_str(), W_OK) != 0)
    throw std::runtime_error("the folder " + dir.string() + " is not writable");
}

std::string safeName(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return s;
}

std::string exportStem(const fs::path& file, const std::string& patient_id) {
  std::string stem = safeName(file.stem().string());
  if (!patient_id.empty() && stem.find(patient_id) == std::string::npos)
    stem = safeName(patient_id) + "_" + stem;
  return stem;
}

void writeNew(const fs::path& dir, const std::string& name, const std::string& text,
              std::set<std::string>& written_now) {
  std::error_code ec;
  if (written_now.count(name) || fs::exists(dir / name, ec)) {
    throw wire::InputError((dir / name).string() +
                           " exists already: an export never overwrites; choose an empty folder");
  }
  store::writeFileAtomically(dir / name, text);
  written_now.insert(name);
}

}  // namespace holdfast::research
