#include "SessionOptions.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::app {

namespace fs = std::filesystem;

void addSessionOptions(CommandSpec& spec) {
  spec.option("patient", "ID", "pseudonymous patient id: letters, digits, '-', '_' (no names)")
      .option("test", "NAME",
              "test protocol, e.g. isometric-mvc, isometric-hold, critical-force (default "
              "isometric-mvc)")
      .option("involved", "S", "injured (involved) limb of the patient: left or right")
      .option("mass-kg", "X", "body mass in kg, for relative force")
      .option("operator", "NAME", "who ran the session (stored with it)");
}

void checkIdentifier(const std::string& option, const std::string& value) {
  // Safe in file names, and unable to carry a name with spaces.
  const auto ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  };
  if (value.empty() || value.size() > 64 || !std::isalnum(static_cast<unsigned char>(value[0])) ||
      !std::all_of(value.begin(), value.end(), ok)) {
    throw UsageError("option --" + option + " must be 1-64 letters, digits, '-' or '_', got '" +
                     value + "'");
  }
}

store::SessionInfo sessionInfoFor(const ParsedArgs& args, const fs::path& out,
                                  const std::string& software_version) {
  store::SessionInfo info;
  info.patient_id = args.value("patient").value_or("");
  if (!info.patient_id.empty()) checkIdentifier("patient", info.patient_id);
  info.test = args.value("test").value_or("isometric-mvc");
  checkIdentifier("test", info.test);
  info.involved = args.choice("involved", {"left", "right"}, "");
  info.body_mass_kg = args.number("mass-kg", 1, 500);
  info.operator_name = args.value("operator").value_or("");
  info.software_version = software_version;
  info.created_utc = store::isoUtcNow();

  std::error_code ec;
  if (!fs::exists(out, ec)) return info;
  store::SessionRecord existing;
  try {
    existing = store::readSessionFile(out);
  } catch (const store::StoreError& e) {
    throw UsageError(std::string("cannot append to it: ") + e.what());
  }
  const auto clash = [&](const char* what, const std::string& given, const std::string& stored) {
    if (!given.empty() && given != stored) {
      throw UsageError(out.string() + " belongs to " + what + " '" + stored + "', not '" + given +
                       "'");
    }
  };
  clash("patient", args.value("patient").value_or(""), existing.info.patient_id);
  clash("test", args.value("test").value_or(""), existing.info.test);
  clash("involved side", info.involved, existing.info.involved);
  return existing.info;
}

void checkOutputFolder(const fs::path& out) {
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError("output folder " + dir.string() + " does not exist");
  if (access(dir.c_str(), W_OK) != 0)
    throw UsageError("output folder " + dir.string() + " is not writable");
}

}  // namespace holdfast::app
