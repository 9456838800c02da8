# Sourced by the project's scripts: run_maven ARGS... runs `mvn -B -q ARGS...`.
#
# Maven 3.8's quiet mode still writes ANSI reset codes (ESC [0m) on stdout and stderr, in batch
# mode too and whatever style.color or TERM say, so a script's output would start with escape
# fragments. run_maven strips every escape sequence from both streams and returns Maven's exit
# status (whether or not the caller has set pipefail).
strip_escapes() {
  sed -u $'s/\x1b\\[[0-9;]*[A-Za-z]//g'
}

run_maven() {
  mvn -B -q "$@" 2> >(strip_escapes >&2) | strip_escapes
  local statuses=("${PIPESTATUS[@]}")
  return "${statuses[0]}"
}
