#!/bin/bash
# Runs the Python (grpcio / C core) interop peer against grpc-java 1.79.0 in both
# directions, plaintext and TLS, on loopback, and prints one PASS/FAIL table.
#
#   interop/python/run_vs_grpc_java.sh [case,case,...]
#
# Needs: /usr/bin/python3 with python3-grpcio, python3-protobuf, python3-grpc-tools;
# java; interop/grpc-java-peer/target/classpath.txt (mvn -pl interop/grpc-java-peer install);
# grpc-interop-testing and grpc-testing 1.79.0 in the local Maven repository
# ($M2_REPO, default ~/.m2/repository).  Logs go to $OUT (default: a temp dir).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
M2="${M2_REPO:-$HOME/.m2/repository}"
VERSION=1.79.0
CLASSPATH_FILE="${CLASSPATH_FILE:-$REPO/interop/grpc-java-peer/target/classpath.txt}"
OUT="${OUT:-$(mktemp -d -t sluice-py-interop-XXXXXX)}"
ALL="empty_unary,large_unary,client_compressed_unary,server_compressed_unary,client_streaming,\
client_compressed_streaming,server_streaming,server_compressed_streaming,ping_pong,empty_stream,\
cancel_after_begin,cancel_after_first_response,timeout_on_sleeping_server,custom_metadata,\
status_code_and_message,special_status_message,unimplemented_method,unimplemented_service,\
very_large_request,rpc_soak,channel_soak,client_compressed_unary_noprobe,client_compressed_streaming_noprobe"
CASES="${1:-$ALL}"

[ -f "$CLASSPATH_FILE" ] || { echo "missing $CLASSPATH_FILE (mvn -q -pl interop/grpc-java-peer install)" >&2; exit 2; }
CP="$(cat "$CLASSPATH_FILE")"
mkdir -p "$OUT/protos" "$OUT/certs"
unzip -o -q "$M2/io/grpc/grpc-interop-testing/$VERSION/grpc-interop-testing-$VERSION.jar" 'grpc/testing/*.proto' -d "$OUT/protos"
unzip -o -q -j "$M2/io/grpc/grpc-testing/$VERSION/grpc-testing-$VERSION.jar" certs/ca.pem certs/server1.pem certs/server1.key -d "$OUT/certs"
export SLUICE_INTEROP_PROTOS="$OUT/protos"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 60); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done; return 1; }
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap stop_server EXIT

# python client -> grpc-java server
py_client() {  # name tls-flag(s)...
  local name=$1; shift
  local port; port=$(free_port)
  java -cp "$CP" io.grpc.testing.integration.TestServiceServer --port="$port" "$1" > "$OUT/$name.server.log" 2>&1 &
  SERVER_PID=$!; shift
  wait_port "$port" || { echo "grpc-java server did not start" >&2; stop_server; return; }
  "$PY" "$HERE/interop_client.py" --server_host=localhost --server_port="$port" --test_case="$CASES" "$@" \
    > "$OUT/$name.txt" 2> "$OUT/$name.err"
  stop_server
}

# grpc-java client -> python server (grpc-java's client runs one case per JVM)
java_client() {  # name "server flags" client flags...
  local name=$1 server_flags=$2; shift 2
  local port; port=$(free_port)
  # shellcheck disable=SC2086
  "$PY" "$HERE/interop_server.py" --port="$port" $server_flags > "$OUT/$name.server.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$port" || { echo "python server did not start" >&2; stop_server; return; }
  : > "$OUT/$name.txt"
  for c in ${CASES//,/ }; do
    if java -cp "$CP" io.grpc.testing.integration.TestServiceClient --server_host=localhost \
        --server_port="$port" --test_case="$c" "$@" > "$OUT/$name.$c.log" 2>&1; then
      echo "PASS $c" >> "$OUT/$name.txt"
    else
      echo "FAIL $c: $(grep -m1 -E 'Error|Exception' "$OUT/$name.$c.log" | cut -c1-160)" >> "$OUT/$name.txt"
    fi
  done
  stop_server
}

py_client py-to-java-plain --use_tls=false --use_tls=false
py_client py-to-java-tls --use_tls=true --use_tls=true --ca_file="$OUT/certs/ca.pem" \
  --server_host_override=foo.test.google.fr
java_client java-to-py-plain "--use_tls=false" --use_tls=false
java_client java-to-py-tls "--use_tls=true --cert_file=$OUT/certs/server1.pem --key_file=$OUT/certs/server1.key" \
  --use_tls=true --use_test_ca=true --server_host_override=foo.test.google.fr

status() { grep -E "^(PASS|FAIL) $2(:|$)" "$OUT/$1.txt" 2>/dev/null | cut -c1-4 | head -1; }
printf '%-38s %-10s %-10s %-10s %-10s\n' case 'py>java' 'java>py' 'py>java' 'java>py'
printf '%-38s %-10s %-10s %-10s %-10s\n' "" plain plain TLS TLS
rc=0
for c in ${CASES//,/ }; do
  row=()
  for run in py-to-java-plain java-to-py-plain py-to-java-tls java-to-py-tls; do
    s=$(status "$run" "$c"); row+=("${s:-none}"); [ "${s:-none}" = PASS ] || rc=1
  done
  printf '%-38s %-10s %-10s %-10s %-10s\n' "$c" "${row[@]}"
done
echo "logs: $OUT"
exit $rc
