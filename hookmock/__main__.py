"""``python -m hookmock`` / ``hookmock``: server, check, coverage and sitecustomize commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

COVERAGE_FILE = "IMPLEMENTATION_COVERAGE.md"


def _check(_: argparse.Namespace) -> int:
    import boto3
    import botocore

    import hookmock

    with hookmock.aws():
        session = boto3.Session(region_name="us-east-1")
        identity = session.client("sts").get_caller_identity()
    print(
        f"hookmock {hookmock.__version__} with botocore {botocore.__version__}: "
        f"sts:GetCallerIdentity answered in-process as {identity['Arn']} "
        f"(account {identity['Account']}); nothing was sent to AWS."
    )
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from hookmock._coverage import coverage_markdown, implemented_entries

    text = coverage_markdown()
    path = Path(args.file)
    if args.write:
        path.write_text(text)
        print(f"wrote {path}")
    elif args.check:
        current = path.read_text() if path.exists() else ""
        if implemented_entries(current) != implemented_entries(text):
            print(f"{path} is stale: run `python -m hookmock coverage --write`", file=sys.stderr)
            return 1
        print(f"{path} is current")
    else:
        print(text, end="")
    return 0


def _sitecustomize(args: argparse.Namespace) -> int:
    from hookmock._install import (
        default_sitecustomize_path,
        remove_sitecustomize,
        write_sitecustomize,
    )

    path = Path(args.path) if args.path else default_sitecustomize_path()
    if args.install:
        changed = write_sitecustomize(path)
        print(f"{'installed hookmock in' if changed else 'hookmock already in'} {path}")
    else:
        changed = remove_sitecustomize(path)
        print(f"{'removed hookmock from' if changed else 'hookmock was not in'} {path}")
    return 0


def _server(args: argparse.Namespace) -> int:
    try:
        from hookmock.server import serve
    except ImportError as error:
        print(f"hookmock: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        import logging

        log = logging.getLogger("hookmock.server")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    try:
        serve(
            args.services or None,
            host=args.host,
            port=args.port,
            threads=args.threads,
            iam=args.iam,
            s3_hosts=args.s3_host,
        )
    except ValueError as error:
        print(f"hookmock: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"hookmock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hookmock", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    server = commands.add_parser(
        "server", help="serve the backends over HTTP (needs the 'server' extra)"
    )
    server.add_argument(
        "services", nargs="*", metavar="SERVICE", help="services to serve (default: all)"
    )
    server.add_argument("-p", "--port", type=int, default=5000, help="default: 5000")
    server.add_argument(
        "-H", "--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)"
    )
    server.add_argument("--threads", type=int, default=16, help="worker threads (default: 16)")
    server.add_argument(
        "--iam",
        action="store_true",
        help="access control on: verify signatures, evaluate IAM policies",
    )
    server.add_argument(
        "--s3-host",
        action="append",
        default=[],
        metavar="HOST",
        help="also route bucket.HOST as S3 virtual-host style (repeatable)",
    )
    server.add_argument("-q", "--quiet", action="store_true", help="no line per request on stderr")
    server.set_defaults(run=_server)

    check = commands.add_parser(
        "check", help="answer one STS call in-process to show the installation works"
    )
    check.set_defaults(run=_check)

    coverage = commands.add_parser("coverage", help="print or write the implementation coverage")
    coverage.add_argument("--file", default=COVERAGE_FILE)
    mode = coverage.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the file")
    mode.add_argument("--check", action="store_true", help="fail if the file is stale")
    coverage.set_defaults(run=_coverage)

    site = commands.add_parser(
        "sitecustomize", help="mock this whole environment from interpreter start"
    )
    action = site.add_mutually_exclusive_group(required=True)
    action.add_argument("--install", action="store_true")
    action.add_argument("--uninstall", action="store_true")
    site.add_argument("--path", help="sitecustomize.py to edit (default: this environment's)")
    site.set_defaults(run=_sitecustomize)

    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
