"""Shared helpers for the Sluice Python (grpcio / C core) interop peer.

* Finds the interop .proto files (--proto_dir or $SLUICE_INTEROP_PROTOS),
  compiles them with ``python -m grpc_tools.protoc`` into a private temporary
  folder and imports the generated ``grpc.testing`` message modules.
* Builds (de)serializers that report, per message, whether the peer sent it
  gzip-compressed.  Both the client channel and the server are created with
  ``grpc.per_message_decompression=0`` so the C core hands compressed messages
  over as they came off the wire, with the compressed flag still meaningful;
  we detect the gzip magic bytes and inflate the message ourselves.
"""

from __future__ import annotations

import argparse
import atexit
import dataclasses
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from typing import Any, Callable

import grpc

PROTO_ENV = "SLUICE_INTEROP_PROTOS"
PROTO_FILES = ("grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto")

# Interop tests allow messages well above grpcio's 4 MiB default (very_large_request
# sends 10 MiB); grpc-java's TestServiceServer accepts 16 MiB too.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024

# gzip streams always start with these two bytes.  A protobuf message can never
# start with 0x1f (field 3, wire type 7 does not exist), so the test is exact.
GZIP_MAGIC = b"\x1f\x8b"

COMMON_OPTIONS: list[tuple[str, Any]] = [
    ("grpc.per_message_decompression", 0),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
]


def str2bool(text: str | bool) -> bool:
    """Parses grpc-java style booleans (--use_tls=true|false)."""
    if isinstance(text, bool):
        return text
    value = text.strip().lower()
    if value in ("true", "1", "yes", "y", "on"):
        return True
    if value in ("false", "0", "no", "n", "off"):
        return False
    raise argparse.ArgumentTypeError(f"not a boolean: {text!r}")


def add_bool_flag(parser: argparse.ArgumentParser, name: str, default: bool, help_text: str) -> None:
    """--name, --name=true or --name=false (bare flag means true)."""
    parser.add_argument(name, type=str2bool, nargs="?", const=True, default=default, help=help_text)


def add_proto_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--proto_dir",
        default=os.environ.get(PROTO_ENV),
        help=f"folder holding grpc/testing/{{empty,messages,test}}.proto (default: ${PROTO_ENV})",
    )


def read_file(path: str | None, flag: str) -> bytes:
    if not path:
        raise SystemExit(f"interop: {flag} is required")
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise SystemExit(f"interop: cannot read {flag} {path}: {e}") from e


def load_protos(proto_dir: str | None) -> types.SimpleNamespace:
    """Compiles the interop protos into a temp folder and imports them.

    Returns a namespace with the ``empty_pb2`` and ``messages_pb2`` modules.
    """
    if not proto_dir:
        raise SystemExit(f"interop: no protos: pass --proto_dir or set ${PROTO_ENV}")
    root = Path(proto_dir)
    missing = [p for p in PROTO_FILES if not (root / p).is_file()]
    if missing:
        raise SystemExit(f"interop: --proto_dir {root} lacks {', '.join(missing)}")

    out = Path(tempfile.mkdtemp(prefix="sluice-interop-py-"))
    atexit.register(shutil.rmtree, out, True)
    cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{root}", f"--python_out={out}", *PROTO_FILES]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"interop: grpc_tools.protoc failed: {done.stderr.strip()}")

    # The generated modules live in the package grpc.testing, which is a
    # sub-package of grpcio's own ``grpc`` package: graft our output onto it.
    grpc.__path__.append(str(out / "grpc"))
    import grpc.testing as testing_pkg  # noqa: E402  (needs the path above)

    if str(out / "grpc" / "testing") not in list(testing_pkg.__path__):
        testing_pkg.__path__.append(str(out / "grpc" / "testing"))  # grpcio-testing is installed
    from grpc.testing import empty_pb2, messages_pb2  # type: ignore[attr-defined]

    return types.SimpleNamespace(empty_pb2=empty_pb2, messages_pb2=messages_pb2)


@dataclasses.dataclass
class Received:
    """A decoded message and whether it arrived with the compressed flag (gzip)."""

    msg: Any
    compressed: bool


def decoder(message_class: Any) -> Callable[[bytes], Received]:
    def decode(data: bytes) -> Received:
        compressed = data[:2] == GZIP_MAGIC
        if compressed:
            data = gzip.decompress(data)
        return Received(message_class.FromString(data), compressed)

    return decode


def encode(message: Any) -> bytes:
    return message.SerializeToString()


STATUS_BY_CODE: dict[int, grpc.StatusCode] = {s.value[0]: s for s in grpc.StatusCode}
