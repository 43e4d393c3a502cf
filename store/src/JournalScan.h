#pragma once
// What the journal's reader and its recovery share inside store/src (SessionJournal.cpp,
// JournalRecovery.cpp).

#include <filesystem>
#include <functional>
#include <string>

#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/store/SessionJournal.h"

namespace holdfast::store::detail {

using BlockSink = std::function<void(const SessionFileWriter::AcquiredBlock&)>;

/// Reads a journal record by record (SessionJournal.cpp).
void scanJournal(const std::filesystem::path& journal, JournalContents& out, const BlockSink& sink);

[[nodiscard]] std::string systemError(int err);

}  // namespace holdfast::store::detail
