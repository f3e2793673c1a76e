#!/usr/bin/env bash
# clear-disk.sh --root <allowed root> --older-than-minutes <n> -- <dir below root>
# Deletes regular files older than n minutes in <root>/<dir>. Arguments are data: they are never evaluated,
# and the resolved target must be the root or below it (no `..`, no symlink escape). Exit codes:
# 0 done, 64 usage, 65 target outside the root or missing, 75 temporary failure (retryable).
set -euo pipefail
IFS=$'\n\t'

root=''
minutes=''
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) root="${2-}"; shift 2 ;;
    --older-than-minutes) minutes="${2-}"; shift 2 ;;
    --) shift; break ;;
    *) echo "unexpected argument" >&2; exit 64 ;;
  esac
done
[[ $# -eq 1 ]] || { echo "expected exactly one directory after --" >&2; exit 64; }
dir="$1"
[[ -n "$root" && "$minutes" =~ ^[0-9]{1,6}$ ]] || { echo "usage: --root DIR --older-than-minutes N -- SUBDIR" >&2; exit 64; }
case "$dir" in
  /*|-*) echo "directory must be relative to the root" >&2; exit 65 ;;
esac

root_real="$(realpath -e -- "$root")" || { echo "root does not exist" >&2; exit 65; }
target_real="$(realpath -e -- "$root_real/$dir")" || { echo "target does not exist" >&2; exit 65; }
case "$target_real/" in
  "$root_real"/*) ;;
  *) echo "target is outside the allowed root" >&2; exit 65 ;;
esac
[[ -d "$target_real" ]] || { echo "target is not a directory" >&2; exit 65; }

# -xdev: stay on this file system; -type f: files only, never directories or symlinks.
count="$(find "$target_real" -xdev -type f -mmin "+$minutes" -print -delete | wc -l)"
echo "deleted $count file(s) older than $minutes minute(s) below the cleanup root"
