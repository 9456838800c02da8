# Sourced by bench/bin/compare: the neutral load generator scenario, h2load_unary.
#
# h2load (nghttp2's load generator, Debian package nghttp2-client; installed here when missing
# and running as root) drives each server with empty unary calls of
# grpc.testing.BenchmarkService/UnaryCall: 4 connections x 32 concurrent streams, the request
# body a gRPC frame of an empty message (the 5-byte prefix only). Neither library's client is in
# the measurement, so the figures say what each server can serve. Every server runs alone, in a
# JVM of its own, started for its run and stopped after it:
#
#   row h2load_unary_default   sluice (async handlers, default executor), grpc-java (qps
#                              AsyncServer, default executor), sluice-blocking-jdk17 (blocking
#                              handler, SluiceBlockingBenchServer, on JDK 17) and
#                              sluice-blocking-jdk<N> (the same on the newest JDK installed, when
#                              that is newer than 17)
#   row h2load_unary_direct    sluice --directexecutor, grpc-java --directexecutor
#
# Before its load each server answers one call made with nghttp, whose grpc-status must be 0
# (h2load counts HTTP status 200 as success and never reads the trailers). Besides compare's own
# ratio lines it prints ratio_blockingjdk17_over_async (and ratio_blockingjdk<N>_over_async):
# the blocking server's calls/s over the async one's, higher is better.

h2load_path="/grpc.testing.BenchmarkService/UnaryCall"

# h2load_ensure: h2load and nghttp on PATH, installing nghttp2-client when root can.
h2load_ensure() {
  command -v h2load >/dev/null 2>&1 && command -v nghttp >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing nghttp2-client (h2load, nghttp)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >&2 \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >&2; }
  fi
  command -v h2load >/dev/null 2>&1 && command -v nghttp >/dev/null 2>&1 && return 0
  log "h2load_unary needs h2load and nghttp (Debian: apt-get install nghttp2-client)"
  exit 1
}

# jdk_feature <java binary>: its feature release (17, 21, 25...).
jdk_feature() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { print $2; exit }'
}

# h2load_jdks: sets jdk17_java (a JDK 17 java) and newest_java/newest_feature (the newest JDK
# installed under /usr/lib/jvm or compare's own java, when newer than 17; empty otherwise).
h2load_jdks() {
  local candidates=("$java_bin") j f
  for j in /usr/lib/jvm/*/bin/java; do [[ -x "$j" ]] && candidates+=("$j"); done
  jdk17_java="" newest_java="" newest_feature=17
  for j in "${candidates[@]}"; do
    f="$(jdk_feature "$j")"
    [[ "$f" =~ ^[0-9]+$ ]] || continue
    [[ "$f" == 17 && -z "$jdk17_java" ]] && jdk17_java="$j"
    if ((f > newest_feature)); then newest_feature="$f"; newest_java="$j"; fi
  done
  if [[ -z "$jdk17_java" ]]; then
    log "h2load_unary: no JDK 17 found (compare's java or /usr/lib/jvm)"; exit 1
  fi
}

# h2load_start <pairing:config> <port> <log>: starts that server in the background.
h2load_start() {
  local pairing="$1" port="$2" out="$3" i
  case "$pairing" in
    sluice:default)
      "$java_bin" "${java_opts[@]}" -cp "$sluice_cp" dev.sluice.bench.compare.SluiceBenchServer \
        --port="$port" >"$out" 2>&1 & ;;
    sluice:direct)
      "$java_bin" "${java_opts[@]}" -cp "$sluice_cp" dev.sluice.bench.compare.SluiceBenchServer \
        --port="$port" --directexecutor >"$out" 2>&1 & ;;
    grpc-java:default)
      "$java_bin" "${java_opts[@]}" -cp "$grpc_cp" io.grpc.benchmarks.qps.AsyncServer \
        --address="127.0.0.1:$port" >"$out" 2>&1 & ;;
    grpc-java:direct)
      "$java_bin" "${java_opts[@]}" -cp "$grpc_cp" io.grpc.benchmarks.qps.AsyncServer \
        --address="127.0.0.1:$port" --directexecutor >"$out" 2>&1 & ;;
    sluice-blocking-jdk17:default)
      "$jdk17_java" "${java_opts[@]}" -cp "$sluice_cp" \
        dev.sluice.bench.compare.SluiceBlockingBenchServer --port="$port" >"$out" 2>&1 & ;;
    sluice-blocking-jdk*:default)
      "$newest_java" "${java_opts[@]}" -cp "$sluice_cp" \
        dev.sluice.bench.compare.SluiceBlockingBenchServer --port="$port" >"$out" 2>&1 & ;;
    *) log "h2load_unary: no server for $pairing"; exit 1 ;;
  esac
  h2load_pid=$!
  server_pids+=("$h2load_pid")
  for ((i = 0; i < 300; i++)); do
    listening "$port" && return 0
    if ! kill -0 "$h2load_pid" 2>/dev/null; then
      log "$pairing server exited:"; cat "$out" >&2; exit 1
    fi
    sleep 0.1
  done
  log "$pairing server did not listen on $port:"; cat "$out" >&2; exit 1
}

h2load_stop() {
  kill "$h2load_pid" 2>/dev/null || true
  wait "$h2load_pid" 2>/dev/null || true
}

# h2load_check <port> <pairing>: one call with nghttp; its trailers must say grpc-status 0.
h2load_check() {
  local out="$work/nghttp.out"
  if ! nghttp -v -H 'content-type: application/grpc' -H 'te: trailers' -d "$h2load_body" \
    "http://127.0.0.1:$1$h2load_path" >"$out" 2>&1 || ! grep -q 'grpc-status: 0' "$out"; then
    log "$2: a call made with nghttp did not end with grpc-status 0:"; cat "$out" >&2; exit 1
  fi
}

# h2load_measure <port> <pairing>: warm-up, then the measured window; prints calls/s.
h2load_measure() {
  local out="$work/h2load.out"
  if ! h2load -c 4 -m 32 -H 'content-type: application/grpc' -H 'te: trailers' \
    -d "$h2load_body" --warm-up-time="${warmup}s" -D "${duration}s" \
    "http://127.0.0.1:$1$h2load_path" >"$out" 2>&1; then
    log "$2: h2load failed:"; cat "$out" >&2; exit 1
  fi
  # requests: T total, S started, D done, OK succeeded, F failed, E errored, X timeout
  if ! awk '/^requests:/ { found = 1; if ($10 != 0 || $12 != 0 || $14 != 0 || $6 == 0) bad = 1 }
      END { exit (found && !bad) ? 0 : 1 }' "$out"; then
    log "$2: h2load saw failed, errored or timed-out calls, or none done:"; cat "$out" >&2; exit 1
  fi
  awk '/^finished in/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^req\/s/) { print $i; exit } }' \
    "$out" | tr -d ','
}

run_h2load() {
  h2load_ensure
  [[ -n "${jdk17_java:-}" ]] || h2load_jdks
  h2load_body="$work/grpc-empty-request.bin"
  # A gRPC message frame: uncompressed flag 0, length 0 (an empty SimpleRequest).
  printf '\0\0\0\0\0' >"$h2load_body"
  local pairings_h2load=(sluice:default grpc-java:default sluice-blocking-jdk17:default)
  [[ -n "$newest_java" ]] && pairings_h2load+=("sluice-blocking-jdk$newest_feature:default")
  pairings_h2load+=(sluice:direct grpc-java:direct)
  local p impl config port qps
  for p in $(ordered "${pairings_h2load[@]}"); do
    impl="${p%%:*}" config="${p##*:}"
    log "round $round/$rounds h2load_unary_$config: $impl"
    port="$(free_port)"
    h2load_start "$p" "$port" "$work/h2load-server.log"
    h2load_check "$port" "$p"
    qps="$(h2load_measure "$port" "$p")"
    h2load_stop
    record "h2load_unary_$config" "$impl" "${qps:-}" calls/s higher
  done
}

# h2load_ratios <summary>: the blocking servers' calls/s over the async server's (default).
h2load_ratios() {
  awk '$1 == "h2load_unary_default" { v[$2] = $3 }
    END {
      if (!("sluice" in v) || v["sluice"] <= 0) exit
      for (k in v) if (k ~ /^sluice-blocking-jdk[0-9]+$/) {
        n = k; sub(/^sluice-blocking-/, "", n)
        printf "scenario=h2load_unary_default ratio_blocking%s_over_async=%.2f\n", n, v[k] / v["sluice"]
      }
    }' "$1" | sort
}
