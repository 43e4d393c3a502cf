#include "holdfast/store/IsoTime.h"

#include <cstdio>
#include <ctime>

namespace holdfast::store {

std::string isoUtc(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string isoLocal(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&secs, &tm);
  const long offset_min = tm.tm_gmtoff / 60;  // POSIX zones: seconds east of UTC
  const long a = offset_min < 0 ? -offset_min : offset_min;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                offset_min < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::string localDateTime(const std::string& iso_local, const std::string& iso_utc) {
  // "YYYY-MM-DDTHH:MM" of the stored local time: the wall clock where it was recorded.
  if (iso_local.size() >= 16 && iso_local[10] == 'T') {
    return iso_local.substr(0, 10) + " " + iso_local.substr(11, 5);
  }
  const auto utc = parseIsoUtc(iso_utc);
  if (!utc) return iso_utc;
  const std::string local = isoLocal(*utc);
  return local.substr(0, 10) + " " + local.substr(11, 5);
}

}  // namespace holdfast::store

namespace holdfast::store {

std::optional<std::chrono::system_clock::time_point> parseIsoUtc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0, used = 0;
  if (text.size() == 10) {
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
      return std::nullopt;
  } else {
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) !=
        6)
      return std::nullopt;
    std::size_t pos = static_cast<std::size_t>(used);
    if (pos < text.size() && text[pos] == '.') {
      int digits = 0;
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) ms = ms * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) ms *= 10;
    }
    if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  }
  // Beyond 2200 the nanosecond clock overflows.
  if (y < 1000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60)
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return system_clock::time_point(sys_days(ymd).time_since_epoch() + hours(h) + minutes(mi) +
                                  seconds(s) + milliseconds(ms));
}

}  // namespace holdfast::store
