#!/usr/bin/env bash
# Writes a help2man include file holding every command's own --help, so that `man holdfast`
# documents each command's options (holdfast's top-level --help lists only the commands).
# Usage: man-commands.sh HOLDFAST_BIN COMMON.h2m > commands.h2m  (COMMON: sections both pages share)
set -euo pipefail
hf=$1
cat "$2"
echo
echo "[COMMANDS IN DETAIL]"
# The commands are the indented words of the top-level help's "Commands:" list.
"$hf" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{if (n++) exit}' |
while read -r command; do
  echo ".SS \"holdfast $command\""
  echo ".nf"
  # roff: a backslash is written \e; a line starting with . or ' is protected with \&.
  "$hf" "$command" --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  echo ".fi"
done
