#!/usr/bin/python3
"""gRPC interop test client on grpcio (the C core), for Sluice interop runs.

Flags follow grpc-java's io.grpc.testing.integration.TestServiceClient:
    --server_host --server_port --server_host_override --use_tls --use_test_ca
    --test_case=a,b,c (or "all") --soak_* (rpc_soak / channel_soak)
plus --ca_file (Python has no built-in test CA) and --proto_dir
(default $SLUICE_INTEROP_PROTOS).

Prints "PASS <case>" / "FAIL <case>: <reason>" per case; exits 0 only if all
passed, otherwise 1 with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import queue
import sys
import time
import types
from typing import Any, Callable, Iterator

import grpc

import interop_common as common

RPC_TIMEOUT_S = 30.0
ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"
INITIAL_VALUE = "test_initial_metadata_value"
TRAILING_VALUE = b"\xab\xab\xab"
SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
VERY_LARGE = 10 * 1024 * 1024

ALL_CASES = (
    "empty_unary",
    "large_unary",
    "client_compressed_unary",
    "server_compressed_unary",
    "client_streaming",
    "client_compressed_streaming",
    "server_streaming",
    "server_compressed_streaming",
    "ping_pong",
    "empty_stream",
    "cancel_after_begin",
    "cancel_after_first_response",
    "timeout_on_sleeping_server",
    "custom_metadata",
    "status_code_and_message",
    "special_status_message",
    "unimplemented_method",
    "unimplemented_service",
    "very_large_request",
    "rpc_soak",
    "channel_soak",
)
# Like grpc-java: the same cases without the CompressedRequest feature probe.
EXTRA_CASES = ("client_compressed_unary_noprobe", "client_compressed_streaming_noprobe")


class Failure(Exception):
    pass


def check(condition: bool, reason: str) -> None:
    if not condition:
        raise Failure(reason)


def rpc_error_text(e: grpc.RpcError) -> str:
    return f"{e.code().name}: {e.details()!r}"  # type: ignore[attr-defined]


def expect_status(code: grpc.StatusCode, what: str, run: Callable[[], Any], details: str | None = None) -> None:
    """Runs an RPC that must fail with `code` (and `details`, when given)."""
    try:
        run()
    except grpc.RpcError as e:
        check(e.code() == code, f"{what}: expected {code.name}, got {rpc_error_text(e)}")  # type: ignore
        if details is not None:
            check(e.details() == details, f"{what}: status message {e.details()!r} != {details!r}")  # type: ignore
        return
    raise Failure(f"{what}: expected {code.name}, the call succeeded")


def find_md(metadata: Any, key: str) -> list[Any]:
    return [m.value for m in (metadata or ()) if m.key == key]


class Requests:
    """Request iterator the test feeds one message at a time; close() half-closes."""

    _END = object()

    def __init__(self) -> None:
        self._queue: queue.Queue[Any] = queue.Queue()

    def send(self, message: Any) -> None:
        self._queue.put(message)

    def close(self) -> None:
        self._queue.put(self._END)

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        item = self._queue.get()
        if item is self._END:
            raise StopIteration
        return item


class Stub:
    """TestService call objects; responses decode to common.Received (msg, compressed)."""

    def __init__(self, channel: grpc.Channel, m: Any, e: Any) -> None:
        def path(name: str, service: str = "grpc.testing.TestService") -> str:
            return f"/{service}/{name}"

        enc, dec = common.encode, common.decoder
        self.EmptyCall = channel.unary_unary(path("EmptyCall"), enc, dec(e.Empty))
        self.UnaryCall = channel.unary_unary(path("UnaryCall"), enc, dec(m.SimpleResponse))
        self.StreamingOutputCall = channel.unary_stream(
            path("StreamingOutputCall"), enc, dec(m.StreamingOutputCallResponse))
        self.StreamingInputCall = channel.stream_unary(
            path("StreamingInputCall"), enc, dec(m.StreamingInputCallResponse))
        self.FullDuplexCall = channel.stream_stream(path("FullDuplexCall"), enc, dec(m.StreamingOutputCallResponse))
        self.UnimplementedCall = channel.unary_unary(path("UnimplementedCall"), enc, dec(e.Empty))
        self.UnimplementedServiceCall = channel.unary_unary(
            path("UnimplementedCall", "grpc.testing.UnimplementedService"), enc, dec(e.Empty))


class Client:
    def __init__(self, args: argparse.Namespace, protos: types.SimpleNamespace) -> None:
        self.args = args
        self.m = protos.messages_pb2
        self.e = protos.empty_pb2
        self.root_certs = self._root_certs()
        self.channel = self.make_channel()
        self.stub = Stub(self.channel, self.m, self.e)

    # -- channel ---------------------------------------------------------

    def _root_certs(self) -> bytes | None:
        a = self.args
        if not a.use_tls:
            return None
        if a.use_test_ca and not a.ca_file:
            raise SystemExit("interop_client: --use_test_ca needs --ca_file (the interop ca.pem): Python has no built-in test CA")
        return common.read_file(a.ca_file, "--ca_file") if a.ca_file else None

    def make_channel(self) -> grpc.Channel:
        a = self.args
        host = f"[{a.server_host}]" if ":" in a.server_host and not a.server_host.startswith("[") else a.server_host
        target = f"{host}:{a.server_port}"
        options = list(common.COMMON_OPTIONS)
        if a.server_host_override:
            options.append(("grpc.default_authority", a.server_host_override))
        if not a.use_tls:
            return grpc.insecure_channel(target, options=options)
        if a.server_host_override:
            options.append(("grpc.ssl_target_name_override", a.server_host_override))
        credentials = grpc.ssl_channel_credentials(root_certificates=self.root_certs)
        return grpc.secure_channel(target, credentials, options=options)

    # -- message helpers -------------------------------------------------

    def zeros(self, size: int) -> Any:
        return self.m.Payload(type=self.m.COMPRESSABLE, body=bytes(size))

    def simple_request(self, response_size: int, request_size: int, **fields: Any) -> Any:
        return self.m.SimpleRequest(
            response_type=self.m.COMPRESSABLE, response_size=response_size,
            payload=self.zeros(request_size), **fields)

    def output_request(self, sizes: list[int], request_size: int = 0, **fields: Any) -> Any:
        params = [self.m.ResponseParameters(size=s) for s in sizes]
        request = self.m.StreamingOutputCallRequest(
            response_type=self.m.COMPRESSABLE, response_parameters=params, **fields)
        if request_size:
            request.payload.CopyFrom(self.zeros(request_size))
        return request

    def input_request(self, size: int, expect_compressed: bool | None = None) -> Any:
        request = self.m.StreamingInputCallRequest(payload=self.zeros(size))
        if expect_compressed is not None:
            request.expect_compressed.value = expect_compressed
        return request

    @staticmethod
    def check_body(body: bytes, size: int, what: str) -> None:
        check(len(body) == size, f"{what}: payload is {len(body)} bytes, expected {size}")
        check(body == bytes(size), f"{what}: payload is not all zeros")

    def check_sizes(self, responses: list[common.Received], sizes: list[int], what: str) -> None:
        got = [len(r.msg.payload.body) for r in responses]
        check(got == sizes, f"{what}: response sizes {got}, expected {sizes}")
        for r, size in zip(responses, sizes):
            self.check_body(r.msg.payload.body, size, what)

    # -- cases -----------------------------------------------------------

    def empty_unary(self) -> None:
        r = self.stub.EmptyCall(self.e.Empty(), timeout=RPC_TIMEOUT_S)
        check(isinstance(r.msg, self.e.Empty), "response is not grpc.testing.Empty")

    def large_unary(self, stub: Stub | None = None, request_size: int = 271828, response_size: int = 314159) -> None:
        stub = stub or self.stub
        r = stub.UnaryCall(self.simple_request(response_size, request_size), timeout=RPC_TIMEOUT_S)
        self.check_body(r.msg.payload.body, response_size, "large_unary")

    def client_compressed_unary(self, probe: bool = True) -> None:
        expect = self.simple_request(314159, 271828, expect_compressed=self.m.BoolValue(value=True))
        plain = self.simple_request(314159, 271828, expect_compressed=self.m.BoolValue(value=False))
        if probe:
            expect_status(grpc.StatusCode.INVALID_ARGUMENT, "uncompressed probe with expect_compressed=true",
                          lambda: self.stub.UnaryCall(expect, timeout=RPC_TIMEOUT_S))
        r = self.stub.UnaryCall(expect, timeout=RPC_TIMEOUT_S, compression=grpc.Compression.Gzip)
        self.check_body(r.msg.payload.body, 314159, "compressed request")
        r = self.stub.UnaryCall(plain, timeout=RPC_TIMEOUT_S)
        self.check_body(r.msg.payload.body, 314159, "uncompressed request")

    def client_compressed_unary_noprobe(self) -> None:
        self.client_compressed_unary(probe=False)

    def server_compressed_unary(self) -> None:
        for wanted in (True, False):
            request = self.simple_request(314159, 271828, response_compressed=self.m.BoolValue(value=wanted))
            r = self.stub.UnaryCall(request, timeout=RPC_TIMEOUT_S)
            self.check_body(r.msg.payload.body, 314159, f"response_compressed={wanted}")
            check(r.compressed == wanted, f"response_compressed={wanted} but compressed flag was {r.compressed}")

    def client_streaming(self) -> None:
        requests = [self.input_request(n) for n in (27182, 8, 1828, 45904)]
        r = self.stub.StreamingInputCall(iter(requests), timeout=RPC_TIMEOUT_S)
        size = r.msg.aggregated_payload_size
        check(size == 74922, f"aggregated_payload_size {size}, expected 74922")

    def client_compressed_streaming(self, probe: bool = True) -> None:
        if probe:
            expect_status(grpc.StatusCode.INVALID_ARGUMENT, "uncompressed probe with expect_compressed=true",
                          lambda: self.stub.StreamingInputCall(
                              iter([self.input_request(27182, True)]), timeout=RPC_TIMEOUT_S))
        # grpcio compresses a whole call or nothing: the second message, which
        # should go uncompressed, is gzip-compressed too (see README).
        requests = [self.input_request(27182, True), self.input_request(45904, False)]
        r = self.stub.StreamingInputCall(iter(requests), timeout=RPC_TIMEOUT_S, compression=grpc.Compression.Gzip)
        size = r.msg.aggregated_payload_size
        check(size == 73086, f"aggregated_payload_size {size}, expected 73086")

    def client_compressed_streaming_noprobe(self) -> None:
        self.client_compressed_streaming(probe=False)

    def server_streaming(self) -> None:
        sizes = [31415, 9, 2653, 58979]
        responses = list(self.stub.StreamingOutputCall(self.output_request(sizes), timeout=RPC_TIMEOUT_S))
        self.check_sizes(responses, sizes, "server_streaming")

    def server_compressed_streaming(self) -> None:
        request = self.output_request([31415, 92653])
        request.response_parameters[0].compressed.value = True
        request.response_parameters[1].compressed.value = False
        responses = list(self.stub.StreamingOutputCall(request, timeout=RPC_TIMEOUT_S))
        self.check_sizes(responses, [31415, 92653], "server_compressed_streaming")
        flags = [r.compressed for r in responses]
        check(flags == [True, False], f"compressed flags {flags}, expected [True, False]")

    def ping_pong(self) -> None:
        requests = Requests()
        try:
            call = self.stub.FullDuplexCall(requests, timeout=RPC_TIMEOUT_S)
            for response_size, request_size in ((31415, 27182), (9, 8), (2653, 1828), (58979, 45904)):
                requests.send(self.output_request([response_size], request_size))
                r = next(call)
                self.check_body(r.msg.payload.body, response_size, "ping_pong")
            requests.close()
            extra = list(call)
            check(not extra, f"{len(extra)} responses after the last ping")
            check(call.code() == grpc.StatusCode.OK, f"status {call.code()}")
        finally:
            requests.close()

    def empty_stream(self) -> None:
        responses = list(self.stub.FullDuplexCall(iter(()), timeout=RPC_TIMEOUT_S))
        check(not responses, f"{len(responses)} responses, expected none")

    def cancel_after_begin(self) -> None:
        requests = Requests()
        try:
            future = self.stub.StreamingInputCall.future(requests, timeout=RPC_TIMEOUT_S)
            future.cancel()
            check(future.code() == grpc.StatusCode.CANCELLED, f"status {future.code()}, expected CANCELLED")
        finally:
            requests.close()

    def cancel_after_first_response(self) -> None:
        requests = Requests()
        try:
            call = self.stub.FullDuplexCall(requests, timeout=RPC_TIMEOUT_S)
            requests.send(self.output_request([31415], 27182))
            r = next(call)
            self.check_body(r.msg.payload.body, 31415, "first response")
            call.cancel()
            check(call.code() == grpc.StatusCode.CANCELLED, f"status {call.code()}, expected CANCELLED")
        finally:
            requests.close()

    def timeout_on_sleeping_server(self) -> None:
        requests = Requests()
        try:
            call = self.stub.FullDuplexCall(requests, timeout=0.001)
            requests.send(self.output_request([], 27182))
            expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, "1 ms deadline", lambda: list(call))
        finally:
            requests.close()

    def custom_metadata(self) -> None:
        metadata = [(ECHO_INITIAL, INITIAL_VALUE), (ECHO_TRAILING, TRAILING_VALUE)]

        def check_echo(call: Any, what: str) -> None:
            initial = find_md(call.initial_metadata(), ECHO_INITIAL)
            trailing = find_md(call.trailing_metadata(), ECHO_TRAILING)
            check(initial == [INITIAL_VALUE], f"{what}: initial {ECHO_INITIAL} = {initial}")
            check(trailing == [TRAILING_VALUE], f"{what}: trailing {ECHO_TRAILING} = {trailing}")

        r, call = self.stub.UnaryCall.with_call(
            self.simple_request(314159, 271828), metadata=metadata, timeout=RPC_TIMEOUT_S)
        self.check_body(r.msg.payload.body, 314159, "UnaryCall")
        check_echo(call, "UnaryCall")

        stream = self.stub.FullDuplexCall(
            iter([self.output_request([314159], 271828)]), metadata=metadata, timeout=RPC_TIMEOUT_S)
        self.check_sizes(list(stream), [314159], "FullDuplexCall")
        check_echo(stream, "FullDuplexCall")

    def _status_case(self, message: str, with_stream: bool) -> None:
        status = self.m.EchoStatus(code=2, message=message)
        unary = self.m.SimpleRequest(response_status=status)
        expect_status(grpc.StatusCode.UNKNOWN, "UnaryCall",
                      lambda: self.stub.UnaryCall(unary, timeout=RPC_TIMEOUT_S), details=message)
        if with_stream:
            stream = self.m.StreamingOutputCallRequest(response_status=status)
            expect_status(grpc.StatusCode.UNKNOWN, "FullDuplexCall",
                          lambda: list(self.stub.FullDuplexCall(iter([stream]), timeout=RPC_TIMEOUT_S)),
                          details=message)

    def status_code_and_message(self) -> None:
        self._status_case("test status message", with_stream=True)

    def special_status_message(self) -> None:
        self._status_case(SPECIAL_MESSAGE, with_stream=False)

    def unimplemented_method(self) -> None:
        expect_status(grpc.StatusCode.UNIMPLEMENTED, "TestService/UnimplementedCall",
                      lambda: self.stub.UnimplementedCall(self.e.Empty(), timeout=RPC_TIMEOUT_S))

    def unimplemented_service(self) -> None:
        expect_status(grpc.StatusCode.UNIMPLEMENTED, "UnimplementedService/UnimplementedCall",
                      lambda: self.stub.UnimplementedServiceCall(self.e.Empty(), timeout=RPC_TIMEOUT_S))

    def very_large_request(self) -> None:
        r = self.stub.UnaryCall(self.simple_request(10, VERY_LARGE), timeout=RPC_TIMEOUT_S)
        self.check_body(r.msg.payload.body, 10, "very_large_request")

    def _soak(self, fresh_channel: bool) -> str:
        a = self.args
        give_up = time.monotonic() + a.soak_overall_timeout_seconds
        failures: list[str] = []
        latencies: list[float] = []
        done = 0
        for i in range(a.soak_iterations):
            if time.monotonic() > give_up:
                failures.append(f"overall timeout of {a.soak_overall_timeout_seconds}s after {done} iterations")
                break
            start = time.monotonic()
            channel = self.make_channel() if fresh_channel else self.channel
            try:
                stub = Stub(channel, self.m, self.e) if fresh_channel else self.stub
                self.large_unary(stub, a.soak_request_size, a.soak_response_size)
                ms = (time.monotonic() - start) * 1000
                latencies.append(ms)
                if ms > a.soak_per_iteration_max_acceptable_latency_ms:
                    failures.append(f"iteration {i}: {ms:.0f} ms")
            except (Failure, grpc.RpcError) as e:
                failures.append(f"iteration {i}: {rpc_error_text(e) if isinstance(e, grpc.RpcError) else e}")
            finally:
                if fresh_channel:
                    channel.close()
            done += 1
            pause = a.soak_min_time_ms_between_rpcs / 1000 - (time.monotonic() - start)
            if pause > 0:
                time.sleep(pause)
        check(len(failures) <= a.soak_max_failures,
              f"{len(failures)} failed iterations (max {a.soak_max_failures}): {'; '.join(failures[:3])}")
        latencies.sort()
        worst = f"{latencies[-1]:.0f}" if latencies else "-"
        median = f"{latencies[len(latencies) // 2]:.0f}" if latencies else "-"
        return f"{done} iterations, {len(failures)} failed, median {median} ms, max {worst} ms"

    def rpc_soak(self) -> str:
        return self._soak(fresh_channel=False)

    def channel_soak(self) -> str:
        return self._soak(fresh_channel=True)

    # -- driver ----------------------------------------------------------

    def run(self, case: str) -> str | None:
        """Runs one case; returns None on success or the failure reason."""
        try:
            info = getattr(self, case)()
            if info:
                print(f"  {case}: {info}", flush=True)
            return None
        except Failure as e:
            reason = str(e)
        except grpc.RpcError as e:
            reason = f"unexpected status {rpc_error_text(e)}"
        except Exception as e:  # a bug in the case or the peer; still report it as a failure
            reason = f"{type(e).__name__}: {e}"
        return " ".join(reason.split("\n"))  # keep it one line


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="gRPC interop test client (grpcio)")
    p.add_argument("--server_host", default="localhost")
    p.add_argument("--server_port", type=int, default=8080)
    p.add_argument("--server_host_override", default=None,
                   help="authority and TLS name to claim (e.g. foo.test.google.fr)")
    common.add_bool_flag(p, "--use_tls", True, "use TLS (default true, as grpc-java)")
    common.add_bool_flag(p, "--use_test_ca", False, "trust the interop test CA given by --ca_file")
    p.add_argument("--ca_file", help="PEM root certificates to trust (e.g. the interop ca.pem)")
    p.add_argument("--test_case", default="empty_unary", help="comma-separated cases, or 'all'")
    p.add_argument("--soak_iterations", type=int, default=10)
    p.add_argument("--soak_max_failures", type=int, default=0)
    p.add_argument("--soak_per_iteration_max_acceptable_latency_ms", type=int, default=1000)
    p.add_argument("--soak_min_time_ms_between_rpcs", type=int, default=0)
    p.add_argument("--soak_overall_timeout_seconds", type=int, default=1000)
    p.add_argument("--soak_request_size", type=int, default=271828)
    p.add_argument("--soak_response_size", type=int, default=314159)
    common.add_proto_flag(p)
    args = p.parse_args(argv)
    cases: list[str] = []
    for name in (c.strip() for c in args.test_case.split(",")):
        cases.extend(ALL_CASES if name == "all" else [name] if name else [])
    unknown = [c for c in cases if c not in ALL_CASES + EXTRA_CASES]
    if unknown or not cases:
        p.error(f"unknown test case(s): {', '.join(unknown) or '(none given)'}; known: {', '.join(ALL_CASES + EXTRA_CASES)}")
    args.cases = cases
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    client = Client(args, common.load_protos(args.proto_dir))
    failed: list[tuple[str, str]] = []
    for case in args.cases:
        reason = client.run(case)
        if reason is None:
            print(f"PASS {case}", flush=True)
        else:
            print(f"FAIL {case}: {reason}", flush=True)
            failed.append((case, reason))
    client.channel.close()
    if failed:
        case, reason = failed[0]
        more = f" (and {len(failed) - 1} more failed)" if len(failed) > 1 else ""
        print(f"interop_client: FAIL {case}: {reason}{more}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
