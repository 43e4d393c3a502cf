#pragma once
// A session file re-keyed to another patient, for `holdfast patients merge`: the file is copied
// whole (every trial, sample and stored analysis, chunks as stored), its /session patient_id
// set to the kept patient, the id it had kept as /session merged_from, and the patient id in
// every stored results JSON rewritten by the caller. The original is never changed; the caller
// verifies the copy and only then removes the original.

#include <filesystem>
#include <functional>
#include <string>

namespace holdfast::store {

/// Writes `to` (which must not exist) as a copy of `from` for `patient_id`. `rewrite_results`
/// turns each stored results JSON (/analysis and /analysis_history/*) into the new one.
/// Throws StoreError; `to` is then absent.
void copySessionForPatient(const std::filesystem::path& from, const std::filesystem::path& to,
                           const std::string& patient_id,
                           const std::function<std::string(const std::string&)>& rewrite_results);

}  // namespace holdfast::store
