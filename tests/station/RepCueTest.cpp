// The live cue of a critical-force test (station::repCue).
#include <gtest/gtest.h>

#include "holdfast/method/TestDefinition.h"
#include "holdfast/station/StationStatus.h"

using namespace holdfast;  // NOLINT(google-build-using-namespace)

// The live cue of a critical-force test follows the test's reps.
TEST(RepCue, SaysWhichRepPullOrRestAndTheSecondsLeft) {
  const method::RepSchedule reps{3, 7.0, 3.0};
  EXPECT_EQ(station::repCue(reps, 0.2), "Rep 1 of 3:  PULL  7 s");
  EXPECT_EQ(station::repCue(reps, 6.5), "Rep 1 of 3:  PULL  1 s");
  EXPECT_EQ(station::repCue(reps, 7.2), "Rep 1 of 3 done:  rest  3 s");
  EXPECT_EQ(station::repCue(reps, 25.0), "Rep 3 of 3:  PULL  2 s");
  EXPECT_EQ(station::repCue(reps, 30.5), "All 3 reps done: relax");
}
