"""disputeclerk serve | token | pair | cases | verify | export"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from .schemas import PLATFORMS
from .config import DEFAULT_MAX_BODY, DEFAULT_PORT, EXTENSION_ID, Config, default_data_dir
from .version import __version__

SERVER_FILE = "server.json"
LOCK_FILE = "server.lock"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="disputeclerk", description="Dispute Clerk's local server and tools.")
    parser.add_argument("--version", action="version", version=f"disputeclerk {__version__}")
    sub = parser.add_subparsers(dest="command")

    def command(name: str, run, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--data-dir", type=Path, default=None,
                         help=f"where cases and evidence live (default: {default_data_dir()})")
        cmd.set_defaults(run=run)
        return cmd

    serve = command("serve", cmd_serve, "Run the local server the extension talks to.")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 = any free)")
    serve.add_argument("--extension-id", action="append", default=[],
                       help="another extension id allowed to call the server (repeatable)")
    serve.add_argument("--allow-host", action="append", default=[],
                       help="another Host name accepted besides 127.0.0.1, localhost and [::1]")
    serve.add_argument("--max-body-mb", type=float, default=DEFAULT_MAX_BODY / 2**20,
                       help="largest request body in MiB (default 32)")
    serve.add_argument("--timezone", default=None, help="seller time zone when the page does not say (IANA name)")
    serve.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")

    command("token", cmd_token, "Print the API token (for scripts and manual pairing).")
    command("pair", cmd_pair, "Print a fresh pairing code from the running server.")
    cases = command("cases", cmd_cases, "List cases, nearest deadline first.")
    cases.add_argument("--json", action="store_true", help="print JSON")
    verify = command("verify", cmd_verify, "Recompute the evidence log's hashes of one case or of all.")
    verify.add_argument("case", nargs="?", help="case id (default: every case)")
    export = command("export", cmd_export, "Write a case's evidence bundle (zip).")
    export.add_argument("case", help="case id")
    export.add_argument("-o", "--output", type=Path, required=True, help="zip file to write")
    export.add_argument("--force", action="store_true", help="export even when verify fails (marked unverified)")
    export.add_argument("--lang", choices=("en", "zh"), default=None,
                        help="language of report.html (default: zh when the system language is Chinese, else en)")
    policies = sub.add_parser("policies", help="Print the deadline rules, each with its source.",
                              description="Print the deadline rules, each with its source.")
    policies.add_argument("--platform", choices=PLATFORMS, help="only this marketplace")
    policies.add_argument("--json", action="store_true", help="print JSON")
    policies.set_defaults(run=cmd_policies)
    return parser


def _data_dir(args) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _say(text: str = "", *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


# ------------------------------------------------------------------- serve
def cmd_serve(args) -> int:
    from filelock import FileLock, Timeout

    data_dir = _data_dir(args)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        running = _running_server(data_dir)
        where = f" (pid {running.get('pid')}, {running.get('url')})" if running else ""
        _say(f"Another Dispute Clerk server is already using {data_dir}{where}.\n"
             "Stop it first, or start this one with a different --data-dir.", err=True)
        return 2
    try:
        return _serve_locked(args, data_dir)
    finally:
        (data_dir / SERVER_FILE).unlink(missing_ok=True)
        lock.release()


def _serve_locked(args, data_dir: Path) -> int:
    from . import create_app
    from .wsgi import make_server
    from .storage.atomic import write_atomic

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        _say(f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}.\n"
             "Is another program using that port? Try --port with another number.", err=True)
        return 2
    sock.listen(1024)
    port = sock.getsockname()[1]
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        _say(f"Warning: listening on {args.host}, not only this computer. Anyone who can reach it still needs "
             "the token, but loopback is safer.", err=True)

    from .memory import limit_fragmentation

    if applied := limit_fragmentation():
        logging.getLogger(__name__).info("malloc settings for a flat memory: %s", applied)
    config = Config(data_dir=data_dir, host=args.host, port=port,
                    extension_ids=(EXTENSION_ID, *args.extension_id), extra_hosts=tuple(args.allow_host),
                    max_body_bytes=int(args.max_body_mb * 2**20), seller_timezone=args.timezone,
                    freeze_after_warm_up=True)
    app = create_app(config)
    svc = app.extensions["disputeclerk"]
    server = make_server(app, sock, threads=args.threads, max_body_bytes=config.max_body_bytes)
    host_for_url = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host_for_url}:{port}"
    write_atomic(data_dir / SERVER_FILE, json.dumps(
        {"pid": os.getpid(), "url": url, "port": port, "version": __version__}).encode())

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    code = svc.pairing.issue()
    _say(f"Dispute Clerk {__version__} is running at {url}")
    _say(f"Data folder: {data_dir}")
    _say(f"Pairing code: {code}  (valid {config.pairing_ttl_seconds // 60} minutes, single use; "
         "`disputeclerk pair` prints a new one)")
    _say("Load the extension: open chrome://extensions, turn on Developer mode, click \"Load unpacked\" and "
         f"choose {_extension_dir()}; then open the extension's options, enter {url} and the code.")
    _say("Stop with Ctrl-C.")
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        svc.store.close()
        _say("Dispute Clerk stopped.")
    return 0


def _extension_dir() -> str:
    source_tree = Path(__file__).resolve().parents[2] / "extension"
    return str(source_tree) if (source_tree / "manifest.json").exists() else "the extension/ folder of Dispute Clerk"


def _running_server(data_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((data_dir / SERVER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- commands
def cmd_token(args) -> int:
    from .storage.secrets import SecretsFile

    _say(SecretsFile(_data_dir(args) / "secrets.json").token)
    return 0


def cmd_pair(args) -> int:
    import requests

    from .storage.secrets import SecretsFile

    data_dir = _data_dir(args)
    running = _running_server(data_dir)
    if not running:
        _say(f"No Dispute Clerk server is running for {data_dir}. Start it with `disputeclerk serve`; "
             "it prints a pairing code.", err=True)
        return 1
    token = SecretsFile(data_dir / "secrets.json").token
    try:
        answer = requests.post(f"{running['url']}/api/v1/pairing-codes",
                               headers={"Authorization": f"Bearer {token}"}, timeout=10)
    except requests.RequestException as exc:
        _say(f"The server at {running['url']} did not answer ({exc.__class__.__name__}). Is it still running?",
             err=True)
        return 1
    if answer.status_code != 201:
        _say(f"The server refused: {_error_message(answer)}", err=True)
        return 1
    body = answer.json()
    _say(f"Pairing code: {body['code']}  (valid {-(-body['expires_in'] // 60)} minutes, single use)")
    return 0


def _error_message(answer) -> str:
    try:
        return answer.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return f"HTTP {answer.status_code}"


def _read_store(args):
    from .storage import Store

    data_dir = _data_dir(args)
    if not (data_dir / "cases").is_dir():
        _say(f"No cases yet in {data_dir}.", err=True)
        return None
    # Read-only: safe beside a running server, whose writes are atomic renames.
    return Store(data_dir, read_only=True)


def cmd_cases(args) -> int:
    from .services.cases import list_cases

    store = _read_store(args)
    if store is None:
        return 0
    rows = list_cases(store, limit=10_000)["cases"]
    if args.json:
        _say(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    _say(f"{'CASE':40} {'STATUS':9} {'NEXT DEADLINE (UTC)':22} BUYER")
    for row in rows:
        _say(f"{row['case_id']:40} {row.get('status') or '':9} {row.get('next_due_at') or '-':22} "
             f"{row.get('buyer_name') or ''}")
    _say(f"{len(rows)} case(s)")
    return 0


def cmd_verify(args) -> int:
    from .services.cases import check_case_id
    from .errors import ApiError

    store = _read_store(args)
    if store is None:
        return 0 if not args.case else 1
    if args.case:
        try:
            check_case_id(args.case)
        except ApiError:
            _say(f"There is no case {args.case!r}.", err=True)
            return 1
        if not store.case_exists(args.case):
            _say(f"There is no case {args.case!r}.", err=True)
            return 1
        case_ids = [args.case]
    else:
        case_ids = sorted(row["case_id"] for row in store.list_cases())
    failed = 0
    for case_id in case_ids:
        result = store.verify(case_id)
        if result["ok"]:
            _say(f"ok      {case_id} ({result['records']} records)")
        else:
            failed += 1
            _say(f"FAILED  {case_id}: first bad record {result['first_bad_index']}: {result['problem']}")
    _say(f"{len(case_ids) - failed} of {len(case_ids)} case(s) verify.")
    return 1 if failed else 0


def _system_language() -> str:
    """zh when the seller's system speaks Chinese (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def cmd_export(args) -> int:
    from .errors import ApiError
    from .services.export import export_case
    from .storage.atomic import write_atomic

    store = _read_store(args)
    if store is None:
        return 1
    try:
        data = export_case(store, args.case, force=args.force, lang=args.lang or _system_language())
    except ApiError as exc:
        _say(exc.message, err=True)
        return 1
    write_atomic(Path(args.output), data, mode=0o644)
    _say(f"Wrote {args.output} ({len(data)} bytes).")
    return 0


def cmd_policies(args) -> int:
    from .services.policies import registry

    reg = registry()
    platforms = reg.describe(args.platform)
    if args.json:
        _say(json.dumps({"platforms": platforms, "warnings": reg.problems}, ensure_ascii=False, indent=2))
        return 0
    for platform in platforms:
        _say(f"== {platform['name']} ({platform['id']}), regions: {', '.join(platform['regions']) or '-'}")
        for rule in platform["rules"]:
            amount = rule["duration"] if rule["duration"] is not None else f"<{rule['duration_from']}>"
            _say(f"  {rule['id']}: {rule['label']} — {rule['party']}, {amount} {rule['unit'].replace('_', ' ')} "
                 f"from {rule['clock'].replace('_', ' ')}"
                 + (f", by {rule['cutoff']}" if rule.get("cutoff") else "")
                 + (f" ({rule['timezone']})" if rule.get("timezone") else ""))
            _say(f"      if missed: {rule['on_miss']}")
            _say(f"      source: {', '.join(rule['source_urls'])} (verified {rule['verified_on']}, "
                 f"confidence {rule['confidence']})")
            if rule.get("stricter_of"):
                _say("      sources disagree; the stricter value is used (see notes)")
    for problem in reg.problems:
        _say(f"warning: {problem}", err=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
