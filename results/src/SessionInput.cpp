#include "holdfast/results/SessionInput.h"

#include "holdfast/registry/ReportFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::results {

store::SessionRecord readSessionInput(const std::filesystem::path& file) {
  try {
    return store::readSessionFile(file, store::SessionParts::ForAnalysis);
  } catch (const store::StoreError& e) {
    throw wire::InputError(e.what());
  }
}

std::optional<std::filesystem::path> decideTrial(const std::filesystem::path& file, int trial,
                                                 bool include, const std::string& reason) {
  try {
    if (include) {
      store::includeTrial(file, trial, reason);
    } else {
      store::excludeTrial(file, trial, reason);
    }
  } catch (const store::StoreError& e) {
    throw wire::InputError(e.what());
  }
  return registry::retireReport(
      file, "trial " + std::to_string(trial) + (include ? " included" : " excluded"));
}

}  // namespace holdfast::results
