#pragma once
// The session options that `acquire` and `import` share (--patient, --test, --involved,
// --mass-kg, --operator), checked, and checked again against a session file being appended to.

#include <filesystem>

#include "CommandLine.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::app {

void addSessionOptions(CommandSpec& spec);

/// UsageError unless `value` is 1-64 letters, digits, '-' or '_' starting with a letter or digit.
void checkIdentifier(const std::string& option, const std::string& value);

/// The session metadata for a trial written to `out`: from the options for a new file, or the
/// file's own when appending (UsageError when the options contradict it or it cannot be read).
[[nodiscard]] store::SessionInfo sessionInfoFor(const ParsedArgs& args,
                                                const std::filesystem::path& out,
                                                const std::string& software_version);

/// UsageError unless the folder of `out` exists and is writable.
void checkOutputFolder(const std::filesystem::path& out);

}  // namespace holdfast::app
