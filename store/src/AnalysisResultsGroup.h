#pragma once
// The stored results of an open session file, for readers that have the file open already
// (the metadata and the results in one open: batch --stored).

#include <H5Cpp.h>

#include <optional>

#include "holdfast/store/AnalysisResultsFile.h"

namespace holdfast::store {

/// /analysis of `file`, nullopt without one. Throws H5::Exception.
[[nodiscard]] std::optional<AnalysisResults> readAnalysisResultsIn(const H5::H5File& file);

}  // namespace holdfast::store
