#pragma once
// Sessions written as C3D for motion-capture labs and OpenSim-style pipelines (docs/c3d.md has
// the mapping): one file per trial, analog channels with their units, no 3-D points.
//  - A trial on force plates (with a centre of pressure): each plate a FORCE_PLATFORM of type 1
//    (Fx Fy Fz Px Py Tz: the COP as measured, so that it reads back as it was). Holdfast's
//    plates measure only the vertical load: Fx, Fy and Tz are written as 0 and their
//    DESCRIPTIONS say so. An unloaded plate's COP (NaN in the session) is written as 0, as lab
//    software does; the reader's load threshold gives the NaN back. CORNERS are the plate's
//    outline around its centre (left plate at -pitch/2); a plate of unknown outline gets a
//    nominal 400 x 600 mm, flagged by HOLDFAST:CORNERS_NOMINAL = 1 and not taken as its
//    outline on import.
//  - A trial of load cells: one analog channel per force channel, labelled by its side
//    (left, right) or its name, in N.
// Samples are float32 at the trial's rate (C3D has one rate: times become i / rate). The group
// HOLDFAST keeps the test, trial, side and the force's decimals (for an exact import), never
// the patient's identity.

#include <filesystem>
#include <vector>

#include "holdfast/c3d/C3dFile.h"
#include "holdfast/research/SessionExport.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::research {

/// The C3D of one trial of a session. wire::InputError for a trial without samples or rate.
[[nodiscard]] c3d::C3dFile trialAsC3d(const store::SessionRecord& session,
                                      const store::TrialRecord& trial);

/// Writes DIR/<patient>_<session>_trial_NNN.c3d for every trial of every file; never overwrites.
[[nodiscard]] ExportSummary exportC3d(const std::vector<std::filesystem::path>& files,
                                      const std::filesystem::path& dir, const ExportAnalysis& how);

}  // namespace holdfast::research
