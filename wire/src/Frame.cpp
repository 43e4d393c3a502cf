#include "holdfast/wire/Frame.h"

namespace holdfast::wire {

std::string_view eventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::Gap:
      return "gap";
    case EventKind::TimeReversal:
      return "time_reversal";
    case EventKind::Stall:
      return "stall";
    case EventKind::StallEnded:
      return "stall_ended";
    case EventKind::LinkClosed:
      return "link_closed";
    case EventKind::LinkError:
      return "link_error";
    case EventKind::RingOverflow:
      return "ring_overflow";
    case EventKind::StopRequested:
      return "stop_requested";
    case EventKind::Trigger:
      return "trigger";
    case EventKind::DeviceError:
      return "device_error";
    case EventKind::Reconnected:
      return "reconnected";
    case EventKind::PollTimeout:
      return "poll_timeout";
  }
  return "unknown";
}

}  // namespace holdfast::wire
