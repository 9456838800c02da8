#!/usr/bin/python3
"""gRPC interop TestService server on grpcio (the C core), for Sluice interop runs.

Flags follow grpc-java's io.grpc.testing.integration.TestServiceServer:
    --port=PORT --use_tls=true|false
plus, since Python has no built-in test certificate:
    --cert_file=server1.pem --key_file=server1.key
and --proto_dir (default $SLUICE_INTEROP_PROTOS), --bind_host (default localhost).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from concurrent import futures
from typing import Any, Iterable, Iterator

import grpc

import interop_common as common

ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


class Call:
    """Per-RPC helper: metadata echo, compression and status handling."""

    def __init__(self, ctx: grpc.ServicerContext) -> None:
        self.ctx = ctx
        self.headers_sent = False
        self.gzip = False
        md = {m.key: m.value for m in ctx.invocation_metadata()}
        self.echo_initial = [(ECHO_INITIAL, md[ECHO_INITIAL])] if ECHO_INITIAL in md else []
        if ECHO_TRAILING in md:
            ctx.set_trailing_metadata([(ECHO_TRAILING, md[ECHO_TRAILING])])

    def use_gzip(self) -> None:
        """Compress this call's responses (must come before the headers)."""
        if not self.headers_sent:
            self.ctx.set_compression(grpc.Compression.Gzip)
            self.gzip = True

    def send_headers(self, extra: list[tuple[str, str]] | None = None) -> None:
        if not self.headers_sent:
            self.headers_sent = True
            self.ctx.send_initial_metadata(self.echo_initial + (extra or []))

    def check_expect_compressed(self, request: Any, compressed: bool) -> None:
        """CompressedRequest feature: expect_compressed=true but sent plain fails."""
        if request.HasField("expect_compressed") and request.expect_compressed.value and not compressed:
            self.fail(grpc.StatusCode.INVALID_ARGUMENT, "expected a compressed request")

    def check_response_type(self, messages_pb2: Any, response_type: int) -> None:
        if response_type != messages_pb2.COMPRESSABLE:
            self.fail(grpc.StatusCode.INVALID_ARGUMENT, f"unsupported response_type {response_type}")

    def echo_status(self, request: Any) -> None:
        """Echo Status feature: end the call with the requested status, if any."""
        if request.HasField("response_status") and request.response_status.code != 0:
            code = common.STATUS_BY_CODE.get(request.response_status.code, grpc.StatusCode.UNKNOWN)
            self.fail(code, request.response_status.message)

    def fail(self, code: grpc.StatusCode, message: str) -> None:
        self.send_headers()
        self.ctx.abort(code, message)  # raises


class TestService:
    def __init__(self, messages_pb2: Any, empty_pb2: Any) -> None:
        self.m = messages_pb2
        self.e = empty_pb2

    def payload(self, size: int) -> Any:
        return self.m.Payload(type=self.m.COMPRESSABLE, body=bytes(size))

    # -- unary -----------------------------------------------------------

    def empty_call(self, request: common.Received, ctx: grpc.ServicerContext) -> Any:
        Call(ctx).send_headers()
        return self.e.Empty()

    def unary_call(self, request: common.Received, ctx: grpc.ServicerContext) -> Any:
        req, call = request.msg, Call(ctx)
        call.check_expect_compressed(req, request.compressed)
        call.check_response_type(self.m, req.response_type)
        if req.response_compressed.value:
            call.use_gzip()
        call.echo_status(req)
        call.send_headers()
        response = self.m.SimpleResponse()
        if req.response_size:
            response.payload.CopyFrom(self.payload(req.response_size))
        return response

    def cacheable_unary_call(self, request: common.Received, ctx: grpc.ServicerContext) -> Any:
        Call(ctx).send_headers([("cache-control", "max-age=60, public")])
        body = str(time.time_ns()).encode()
        return self.m.SimpleResponse(payload=self.m.Payload(type=self.m.COMPRESSABLE, body=body))

    # -- streaming -------------------------------------------------------

    def streaming_input_call(self, requests: Iterable[common.Received], ctx: grpc.ServicerContext) -> Any:
        call = Call(ctx)
        call.send_headers()
        total = 0
        for request in requests:
            call.check_expect_compressed(request.msg, request.compressed)
            total += len(request.msg.payload.body)
        return self.m.StreamingInputCallResponse(aggregated_payload_size=total)

    def streaming_output_call(self, request: common.Received, ctx: grpc.ServicerContext) -> Iterator[Any]:
        req, call = request.msg, Call(ctx)
        call.check_response_type(self.m, req.response_type)
        call.echo_status(req)
        yield from self.respond(call, req)

    def full_duplex_call(self, requests: Iterator[common.Received], ctx: grpc.ServicerContext) -> Iterator[Any]:
        call = Call(ctx)
        for request in requests:
            req = request.msg
            call.echo_status(req)
            call.check_response_type(self.m, req.response_type)
            yield from self.respond(call, req)
        call.send_headers()

    def half_duplex_call(self, requests: Iterator[common.Received], ctx: grpc.ServicerContext) -> Iterator[Any]:
        call = Call(ctx)
        buffered = []
        for request in requests:
            call.echo_status(request.msg)
            call.check_response_type(self.m, request.msg.response_type)
            buffered.append(request.msg)
        for req in buffered:
            yield from self.respond(call, req)
        call.send_headers()

    def respond(self, call: Call, req: Any) -> Iterator[Any]:
        """One response per ResponseParameters, honouring interval_us and compressed.

        grpcio picks the compression algorithm per call, in the response headers.
        So the call uses gzip if the first request that reaches the headers asks
        for any compressed response; then each message that should go plain is
        sent with disable_next_message_compression (the per-message flag).
        """
        if any(p.compressed.value for p in req.response_parameters):
            call.use_gzip()
        call.send_headers()
        for params in req.response_parameters:
            if params.interval_us > 0:
                time.sleep(params.interval_us / 1e6)
            if call.gzip and not params.compressed.value:
                call.ctx.disable_next_message_compression()
            yield self.m.StreamingOutputCallResponse(payload=self.payload(params.size))

    # -- wiring ----------------------------------------------------------

    def handler(self) -> grpc.GenericRpcHandler:
        m, e = self.m, self.e
        enc = common.encode
        handlers = {
            "EmptyCall": grpc.unary_unary_rpc_method_handler(
                self.empty_call, request_deserializer=common.decoder(e.Empty), response_serializer=enc),
            "UnaryCall": grpc.unary_unary_rpc_method_handler(
                self.unary_call, request_deserializer=common.decoder(m.SimpleRequest), response_serializer=enc),
            "CacheableUnaryCall": grpc.unary_unary_rpc_method_handler(
                self.cacheable_unary_call, request_deserializer=common.decoder(m.SimpleRequest),
                response_serializer=enc),
            "StreamingOutputCall": grpc.unary_stream_rpc_method_handler(
                self.streaming_output_call, request_deserializer=common.decoder(m.StreamingOutputCallRequest),
                response_serializer=enc),
            "StreamingInputCall": grpc.stream_unary_rpc_method_handler(
                self.streaming_input_call, request_deserializer=common.decoder(m.StreamingInputCallRequest),
                response_serializer=enc),
            "FullDuplexCall": grpc.stream_stream_rpc_method_handler(
                self.full_duplex_call, request_deserializer=common.decoder(m.StreamingOutputCallRequest),
                response_serializer=enc),
            "HalfDuplexCall": grpc.stream_stream_rpc_method_handler(
                self.half_duplex_call, request_deserializer=common.decoder(m.StreamingOutputCallRequest),
                response_serializer=enc),
            # UnimplementedCall is deliberately left out: the C core answers UNIMPLEMENTED.
        }
        return grpc.method_handlers_generic_handler("grpc.testing.TestService", handlers)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="gRPC interop TestService server (grpcio)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one")
    p.add_argument("--bind_host", default="localhost", help="address to listen on (default localhost)")
    common.add_bool_flag(p, "--use_tls", True, "serve TLS (needs --cert_file and --key_file)")
    p.add_argument("--cert_file", help="PEM certificate chain for TLS (e.g. the interop server1.pem)")
    p.add_argument("--key_file", help="PEM private key for TLS (e.g. server1.key)")
    p.add_argument("--max_workers", type=int, default=64, help="handler threads (each stream holds one)")
    common.add_proto_flag(p)
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    protos = common.load_protos(args.proto_dir)
    service = TestService(protos.messages_pb2, protos.empty_pb2)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=args.max_workers),
        handlers=[service.handler()],
        options=common.COMMON_OPTIONS,
    )
    address = f"{args.bind_host}:{args.port}"
    if args.use_tls:
        if not (args.cert_file and args.key_file):
            raise SystemExit("interop_server: --use_tls needs --cert_file and --key_file")
        key = common.read_file(args.key_file, "--key_file")
        cert = common.read_file(args.cert_file, "--cert_file")
        port = server.add_secure_port(address, grpc.ssl_server_credentials([(key, cert)]))
    else:
        port = server.add_insecure_port(address)
    if port == 0:
        print(f"cannot listen on {address}", file=sys.stderr)
        return 1
    server.start()
    print(f"interop_server listening on {args.bind_host}:{port} tls={args.use_tls}", flush=True)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1):
        pass
    server.stop(grace=1).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
