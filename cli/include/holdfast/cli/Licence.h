#pragma once
// What both programs say of their licence (--version), in the GNU form (GNU coding standards,
// 4.8.1 "--version"). The texts: LICENSE; what the package links: packaging/copyright.

namespace holdfast::cli {

inline constexpr const char* kLicenceText =
    "Copyright (C) 2026 the Holdfast developers.\n"
    "License GPL-3.0-or-later: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n";

}  // namespace holdfast::cli
