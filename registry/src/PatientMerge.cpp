#include "holdfast/registry/PatientMerge.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/ReportFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/store/SessionLock.h"
#include "holdfast/store/SessionPatientCopy.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::registry {

namespace fs = std::filesystem;

namespace {

/// A free name in `folder` for `file`'s session: the same name, else NAME-merged-2.h5 ...
fs::path freeName(const fs::path& folder, const fs::path& file) {
  fs::path to = folder / file.filename();
  std::error_code ec;
  for (int k = 2; fs::exists(to, ec) || fs::exists(store::journalPathFor(to), ec); ++k) {
    fs::path stem = file;
    to = folder /
         (stem.replace_extension("").filename().string() + "-merged-" + std::to_string(k) + ".h5");
  }
  return to;
}

/// Bit for bit (NaN marks a gap and is equal to itself here).
bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

/// The copy holds what the original holds: the same samples, bit for bit.
void verifyCopy(const store::SessionRecord& original, const fs::path& copy,
                const std::string& kept) {
  const store::SessionRecord c = store::readSessionFile(copy);
  bool same = c.info.patient_id == kept && c.trials.size() == original.trials.size();
  for (std::size_t i = 0; same && i < c.trials.size(); ++i) {
    const store::TrialRecord& a = c.trials[i];
    const store::TrialRecord& b = original.trials[i];
    same = a.info.channel_names == b.info.channel_names && a.events.size() == b.events.size() &&
           sameBits(a.time_s, b.time_s) && sameBits(a.host_time_s, b.host_time_s) &&
           a.channels.size() == b.channels.size() && a.raw.size() == b.raw.size();
    for (std::size_t k = 0; same && k < a.channels.size(); ++k)
      same = sameBits(a.channels[k], b.channels[k]);
    for (std::size_t k = 0; same && k < a.raw.size(); ++k) same = sameBits(a.raw[k], b.raw[k]);
  }
  if (!same) throw wire::InputError("the copy " + copy.string() + " does not match its original");
}

}  // namespace

PatientMergeResult mergePatientSessions(const fs::path& data_folder, const std::string& merged,
                                        const std::string& kept) {
  const fs::path from = registry::patientSessionFolder(data_folder, merged);
  const fs::path to = registry::patientSessionFolder(data_folder, kept);
  std::error_code ec;
  PatientMergeResult result;
  if (!fs::is_directory(from, ec)) return result;  // no sessions yet
  if (const auto journals = store::findJournals(from); !journals.empty()) {
    throw wire::InputError(merged + " has a recording in progress or waiting for recovery (" +
                           journals.front().string() +
                           "): finish it, or run 'holdfast recover', before merging");
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(from, ec))
    if (e.path().extension() == ".h5") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) return result;
  registry::ensureDataFolder(data_folder);
  fs::create_directories(to, ec);
  if (ec) throw wire::InputError("cannot create " + to.string() + ": " + ec.message());
  const auto rekey = [&](const std::string& text) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.contains("session")) return text;
    j["session"]["patient_id"] = kept;
    return j.dump();
  };
  for (const fs::path& file : files) {
    // Held from the read to the removal: no trial is added to a session while it moves.
    std::optional<store::SessionLock> lock(std::in_place, file);
    const store::SessionRecord original = store::readSessionFile(file);
    const fs::path target = freeName(to, file);
    registry::requireInside(data_folder, target);
    store::copySessionForPatient(file, target, kept, rekey);
    try {
      verifyCopy(original, target, kept);
    } catch (...) {
      fs::remove(target, ec);  // the original is untouched: the copy goes
      throw;
    }
    if (auto retired = retireReport(file, "patient " + merged + " merged into " + kept))
      result.retired_reports.push_back(*retired);
    fs::remove(file, ec);  // the verified copy holds every sample
    if (ec)
      throw wire::InputError("cannot remove " + file.string() +
                             " after copying it: " + ec.message());
    lock.reset();
    activityLog()->info("merge: {} moved to {} ({} into {})", file.string(), target.string(),
                        merged, kept);
    result.moved.emplace_back(file, target);
  }
  fs::remove(from, ec);  // only when empty: a retired report stays with its folder
  return result;
}

}  // namespace holdfast::registry
