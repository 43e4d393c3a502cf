#pragma once
// A session file a person names on the command line or opens in the station: read, or refused
// as bad input (wire::InputError: exit 2 with one line) when it is not a readable session. And
// a clinician's decision on one of its trials (`holdfast trial --include/--exclude`).

#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

/// The session as its analysis and its report read it (store::SessionParts::ForAnalysis: time,
/// force, centre of pressure, events, counters, and the arrival times of a trial with a cue;
/// not the raw values or the device clock, which neither shows). wire::InputError naming the
/// file when it cannot be read, or is damaged.
[[nodiscard]] store::SessionRecord readSessionInput(const std::filesystem::path& file);

/// A trial put back into the analysis (`include`) or left out of it, with the clinician's
/// reason, stored with the trial (under the session's lock, through a temporary file). A
/// report written before no longer says what the session holds: it is renamed out of date and
/// its new name returned. wire::InputError when the file or the trial cannot be changed.
std::optional<std::filesystem::path> decideTrial(const std::filesystem::path& file, int trial,
                                                 bool include, const std::string& reason);

}  // namespace holdfast::results
