#pragma once
// A recorded session as the station shows it (its file viewer, and the Setup page's history):
// analysed as its current stored analysis was (that method, source and overrides), else with
// its own method (results::sessionMethod), and turned into the Results page and the traces.

#include <filesystem>

#include "holdfast/ui/ResultsView.h"
#include "holdfast/ui/SessionView.h"

namespace holdfast::report {

struct RecordedSessionViews {
  ui::SessionView traces;
  ui::ResultsView results;
};

/// Throws (StoreError, InputError) when the file or its stored test cannot be read. The test
/// library is only needed for files that store no test definition; an unreadable one is
/// ignored.
[[nodiscard]] RecordedSessionViews recordedSessionViews(const std::filesystem::path& file,
                                                        const std::filesystem::path& test_library);

}  // namespace holdfast::report
