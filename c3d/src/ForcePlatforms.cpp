#include "holdfast/c3d/ForcePlatforms.h"

#include <cmath>
#include <cstddef>
#include <limits>

#include "holdfast/wire/Units.h"

namespace holdfast::c3d {

namespace {

using Vec = std::array<double, 3>;

Vec minus(const Vec& a, const Vec& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec cross(const Vec& a, const Vec& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec unit(const Vec& a) {
  const double n = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  return n > 0 ? Vec{a[0] / n, a[1] / n, a[2] / n} : Vec{0, 0, 0};
}

struct Scale {
  double factor = 1.0;  ///< to N, mm or N m
  std::string said;
};

/// The unit of a channel: its ANALOG:UNITS entry, else `fallback` (declared elsewhere in the
/// file or assumed, as `fallback_source` says).
Scale unitOf(const C3dFile& file, int channel, wire::Quantity q, const std::string& what,
             const std::string& fallback, const std::string& fallback_source) {
  const std::vector<std::string> units = file.strings("ANALOG", "UNITS");
  std::string text = fallback, source = fallback_source;
  if (channel >= 0 && static_cast<std::size_t>(channel) < units.size() && !units[channel].empty()) {
    text = units[channel];
    source = "ANALOG:UNITS";
  }
  const auto u = wire::parseUnit(text);
  if (!u || u->quantity != q)
    throw C3dError(what + " unit '" + text + "' (" + source + ") is not a unit of " +
                   wire::quantityName(q) + " (" + wire::unitsOf(q) + ")");
  return {u->to_stored, what + ": " + u->symbol + " (" + source + ")"};
}

}  // namespace

std::array<std::array<double, 3>, 3> ForcePlatform::axes() const {
  Vec x = minus(corners_mm[0], corners_mm[1]);
  Vec y = minus(corners_mm[0], corners_mm[3]);
  const Vec z = unit(cross(x, y));
  y = unit(cross(z, x));
  return {unit(x), y, z};
}

std::array<double, 3> ForcePlatform::centreMm() const {
  Vec c{0, 0, 0};
  for (const Vec& k : corners_mm)
    for (int i = 0; i < 3; ++i) c[i] += k[i] / 4;
  return c;
}

std::vector<ForcePlatform> forcePlatforms(const C3dFile& file, double min_cop_load_n) {
  const std::vector<double> used = file.numbers("FORCE_PLATFORM", "USED");
  if (used.empty() || used[0] <= 0) return {};
  const std::size_t plates = static_cast<std::size_t>(used[0]);
  const std::vector<double> types = file.numbers("FORCE_PLATFORM", "TYPE");
  const std::vector<double> channel = file.numbers("FORCE_PLATFORM", "CHANNEL");
  const Parameter* channel_param = file.find("FORCE_PLATFORM", "CHANNEL");
  const std::vector<double> corners = file.numbers("FORCE_PLATFORM", "CORNERS");
  const std::vector<double> origins = file.numbers("FORCE_PLATFORM", "ORIGIN");
  const Parameter* cal = file.find("FORCE_PLATFORM", "CAL_MATRIX");
  const std::vector<std::string> labels = file.strings("ANALOG", "LABELS");
  const std::vector<std::string> point_units = file.strings("POINT", "UNITS");
  const std::string length = point_units.empty() ? "mm" : point_units[0];
  const std::string length_source = point_units.empty() ? "assumed" : "POINT:UNITS";
  const auto length_unit = wire::parseUnit(length);
  if (!length_unit || length_unit->quantity != wire::Quantity::Length)
    throw C3dError("POINT:UNITS '" + length + "' is not a unit of length (" +
                   wire::unitsOf(wire::Quantity::Length) + ")");
  if (types.size() < plates)
    throw C3dError("FORCE_PLATFORM:TYPE lists " + std::to_string(types.size()) + " of " +
                   std::to_string(plates) + " plates");
  const std::size_t per_plate =
      channel_param && !channel_param->dims.empty() ? static_cast<std::size_t>(channel_param->dims[0]) : 6;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double to_mm = length_unit->to_stored;

  std::vector<ForcePlatform> out;
  for (std::size_t k = 0; k < plates; ++k) {
    ForcePlatform p;
    p.number = static_cast<int>(k + 1);
    p.type = static_cast<int>(types[k]);
    const std::string name = "force plate " + std::to_string(k + 1);
    if (p.type < 1 || p.type > 4)
      throw C3dError(name + " is of type " + std::to_string(p.type) +
                     "; Holdfast reads types 1 to 4");
    const std::size_t n_channels = p.type == 3 ? 8 : 6;
    if (per_plate < n_channels || channel.size() < (k + 1) * per_plate)
      throw C3dError(name + ": FORCE_PLATFORM:CHANNEL lists fewer than its " +
                     std::to_string(n_channels) + " channels");
    std::vector<int> ch;
    for (std::size_t j = 0; j < n_channels; ++j) {
      const int c = static_cast<int>(channel[k * per_plate + j]) - 1;  // 1-based in the file
      if (c < 0 || static_cast<std::size_t>(c) >= file.analog.size())
        throw C3dError(name + ": FORCE_PLATFORM:CHANNEL names analog channel " +
                       std::to_string(c + 1) + " of " + std::to_string(file.analog.size()));
      ch.push_back(c);
      p.channels.push_back(c);
      p.channel_labels.push_back(static_cast<std::size_t>(c) < labels.size() ? labels[c] : "");
    }
    if (corners.size() >= (k + 1) * 12)
      for (int c = 0; c < 4; ++c)
        for (int i = 0; i < 3; ++i) p.corners_mm[c][i] = corners[k * 12 + c * 3 + i] * to_mm;
    if (origins.size() >= (k + 1) * 3)
      for (int i = 0; i < 3; ++i) p.origin_mm[i] = origins[k * 3 + i] * to_mm;
    if (p.origin_mm[2] > 0)
      for (double& v : p.origin_mm) v = -v;
    p.units.push_back("lengths (CORNERS, ORIGIN): " + length_unit->symbol + " (" + length_source + ")");

    // Every force channel of the plate is checked, not only the first.
    const Scale force = unitOf(file, ch[0], wire::Quantity::Force, "force", "N", "assumed");
    for (std::size_t j = 1; j < (p.type == 3 ? 8u : 3u); ++j)
      if (unitOf(file, ch[j], wire::Quantity::Force, "force", "N", "assumed").factor != force.factor)
        throw C3dError(name + ": its force channels are in different units");
    p.units.push_back(force.said);
    const std::size_t n = file.analog.empty() ? 0 : file.analog[0].size();
    for (auto& v : p.force_n) v.assign(n, 0.0);
    for (auto& v : p.moment_n_m) v.assign(n, 0.0);
    for (auto& v : p.cop_mm) v.assign(n, nan);
    const auto a = [&](std::size_t j, std::size_t i) { return file.analog[ch[j]][i]; };

    if (p.type == 1) {
      const Scale cop = unitOf(file, ch[3], wire::Quantity::Length, "centre of pressure", length, length_source);
      const Scale tz = unitOf(file, ch[5], wire::Quantity::Moment, "free moment",
                              "N " + length_unit->symbol, length_source);
      p.units.push_back(cop.said);
      p.units.push_back(tz.said);
      for (std::size_t i = 0; i < n; ++i) {
        const double fx = a(0, i) * force.factor, fy = a(1, i) * force.factor, fz = a(2, i) * force.factor;
        const double px = a(3, i) * cop.factor, py = a(4, i) * cop.factor, t = a(5, i) * tz.factor;
        p.force_n[0][i] = fx, p.force_n[1][i] = fy, p.force_n[2][i] = fz;
        // The moments about the surface centre of a force fz at (px, py) with free moment t.
        p.moment_n_m[0][i] = py * fz / 1000.0;
        p.moment_n_m[1][i] = -px * fz / 1000.0;
        p.moment_n_m[2][i] = t + (px * fy - py * fx) / 1000.0;
        if (std::abs(fz) >= min_cop_load_n) p.cop_mm[0][i] = px, p.cop_mm[1][i] = py;
      }
      out.push_back(std::move(p));
      continue;
    }

    std::array<std::array<double, 6>, 6> m{};
    if (p.type == 4) {
      if (!cal || cal->numbers.size() < (k + 1) * 36)
        throw C3dError(name + " is of type 4 but FORCE_PLATFORM:CAL_MATRIX has no 6 x 6 matrix for it");
      // Stored column by column: element (row i, column j) at j * 6 + i.
      for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) m[i][j] = cal->numbers[k * 36 + j * 6 + i];
    }
    const Scale moment =
        p.type == 3 ? Scale{}
                    : unitOf(file, ch[3], wire::Quantity::Moment, "moment", "N " + length_unit->symbol,
                             length_source);
    if (p.type != 3) {
      for (std::size_t j = 4; j < 6; ++j)
        if (unitOf(file, ch[j], wire::Quantity::Moment, "moment", "N " + length_unit->symbol,
                   length_source).factor != moment.factor)
          throw C3dError(name + ": its moment channels are in different units");
      p.units.push_back(moment.said);
    }
    const Vec o = p.origin_mm;
    // Kistler's COP correction of a type 3 plate (FORCE_PLATFORM:FPCOPPOLY, 12 coefficients a
    // plate; Kistler's manual, "COP correction"): x -= (P1 y^4 + P2 y^2 + P3) x^3 +
    // (P4 y^4 + P5 y^2 + P6) x, and y likewise with P7..P12 and x, y swapped.
    std::vector<double> poly;
    if (p.type == 3) {
      const std::vector<double> all = file.numbers("FORCE_PLATFORM", "FPCOPPOLY");
      if (all.size() >= (k + 1) * 12) {
        poly.assign(all.begin() + static_cast<std::ptrdiff_t>(k * 12),
                    all.begin() + static_cast<std::ptrdiff_t>(k * 12 + 12));
        p.units.push_back("centre of pressure corrected with FORCE_PLATFORM:FPCOPPOLY");
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      Vec f{}, mo{};  // N and N mm
      if (p.type == 3) {
        const double fz1 = a(4, i), fz2 = a(5, i), fz3 = a(6, i), fz4 = a(7, i);
        f = {(a(0, i) + a(1, i)) * force.factor, (a(2, i) + a(3, i)) * force.factor,
             (fz1 + fz2 + fz3 + fz4) * force.factor};
        // Kistler: sensors at (+-a, +-b) from the centre, c below the surface.
        const double sa = std::abs(o[0]), sb = std::abs(o[1]);
        mo = {sb * (fz1 + fz2 - fz3 - fz4) * force.factor, sa * (fz2 + fz3 - fz1 - fz4) * force.factor,
              (sb * (a(1, i) - a(0, i)) + sa * (a(2, i) - a(3, i))) * force.factor};
        const Vec depth{0, 0, o[2]};
        const Vec t = cross(f, depth);
        for (int j = 0; j < 3; ++j) mo[j] += t[j];
      } else {
        std::array<double, 6> raw{};
        for (int j = 0; j < 6; ++j) raw[j] = a(j, i);
        if (p.type == 4) {
          std::array<double, 6> c{};
          for (int r = 0; r < 6; ++r)
            for (int j = 0; j < 6; ++j) c[r] += m[r][j] * raw[j];
          raw = c;
        }
        f = {raw[0] * force.factor, raw[1] * force.factor, raw[2] * force.factor};
        mo = {raw[3] * moment.factor * 1000.0, raw[4] * moment.factor * 1000.0,
              raw[5] * moment.factor * 1000.0};
        const Vec t = cross(f, o);  // moved to the surface centre
        for (int j = 0; j < 3; ++j) mo[j] += t[j];
      }
      for (int j = 0; j < 3; ++j) {
        p.force_n[j][i] = f[j];
        p.moment_n_m[j][i] = mo[j] / 1000.0;
      }
      if (std::abs(f[2]) >= min_cop_load_n) {
        double x = -mo[1] / f[2], y = mo[0] / f[2];
        if (poly.size() == 12) {  // in the file's lengths, as the coefficients are
          const double u = x / to_mm, v = y / to_mm;
          const double dx = (poly[0] * v * v * v * v + poly[1] * v * v + poly[2]) * u * u * u +
                            (poly[3] * v * v * v * v + poly[4] * v * v + poly[5]) * u;
          const double dy = (poly[6] * u * u * u * u + poly[7] * u * u + poly[8]) * v * v * v +
                            (poly[9] * u * u * u * u + poly[10] * u * u + poly[11]) * v;
          x = (u - dx) * to_mm;
          y = (v - dy) * to_mm;
        }
        p.cop_mm[0][i] = x;
        p.cop_mm[1][i] = y;
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace holdfast::c3d
