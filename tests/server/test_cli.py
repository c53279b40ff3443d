"""The `disputeclerk` command, run as a seller runs it."""
from __future__ import annotations

import io
import json
import socket
import zipfile

import requests

from ..conftest import LiveServer, run_cli


def test_serve_prints_url_pairing_code_and_how_to_load_the_extension(live_server):
    printed = "".join(live_server.output)
    assert live_server.url.startswith("http://127.0.0.1:")
    assert len(live_server.pairing_code) == 6
    assert "Load unpacked" in printed and "extension" in printed
    assert requests.get(live_server.url + "/api/v1/health", timeout=5).json()["ok"] is True


def test_printed_pairing_code_pairs(live_server):
    answer = live_server.call("POST", "/api/v1/pair", auth=False, json={"code": live_server.pairing_code})
    assert answer.status_code == 200 and answer.json()["token"] == live_server.token


def test_token_prints_the_servers_token(live_server):
    result = run_cli("token", data_dir=live_server.data_dir)
    assert result.returncode == 0 and result.stdout.strip() == live_server.token


def test_pair_prints_a_fresh_code_from_the_running_server(live_server):
    result = run_cli("pair", data_dir=live_server.data_dir)
    assert result.returncode == 0, result.stderr
    code = result.stdout.split("Pairing code:")[1].split()[0]
    assert live_server.call("POST", "/api/v1/pair", auth=False, json={"code": code}).status_code == 200


def test_pair_without_a_running_server_says_how_to_start_it(tmp_path):
    result = run_cli("pair", data_dir=tmp_path)
    assert result.returncode == 1 and "disputeclerk serve" in result.stderr


def test_serve_on_a_busy_port_explains_itself(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), data_dir=tmp_path, timeout=30)
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


def test_cases_verify_and_export_read_the_store_beside_a_running_server(live_server, tmp_path):
    live_server.call("POST", "/api/v1/assist", json={
        "platform": "shopee", "order": {"id": "CLI-1"}, "buyer": {"name": "Nguyen"},
        "messages": [{"from": "buyer", "text": "Hàng bị vỡ"}]})
    cases = run_cli("cases", "--json", data_dir=live_server.data_dir)
    assert cases.returncode == 0
    assert [row["case_id"] for row in json.loads(cases.stdout)] == ["shopee-CLI-1"]
    table = run_cli("cases", data_dir=live_server.data_dir)
    assert "shopee-CLI-1" in table.stdout and "Nguyen" in table.stdout

    verify_all = run_cli("verify", data_dir=live_server.data_dir)
    assert verify_all.returncode == 0 and "ok      shopee-CLI-1 (1 records)" in verify_all.stdout
    assert run_cli("verify", "shopee-CLI-2", data_dir=live_server.data_dir).returncode == 1

    out = tmp_path / "bundle.zip"
    export = run_cli("export", "shopee-CLI-1", "-o", str(out), data_dir=live_server.data_dir)
    assert export.returncode == 0, export.stderr
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(out.read_bytes())).read("manifest.json"))
    assert manifest["case_id"] == "shopee-CLI-1" and manifest["verified"] is True


def test_cli_on_an_empty_data_dir_says_so(tmp_path):
    result = run_cli("cases", data_dir=tmp_path / "nothing")
    assert result.returncode == 0 and "No cases yet" in result.stderr
    assert not (tmp_path / "nothing").exists(), "reading must not create the data dir"


def test_pip_install_dot_gives_a_working_server(tmp_path):
    """`pip install .` (a wheel, not the editable checkout) carries every file the server needs."""
    import subprocess
    import sys
    import sysconfig
    import venv
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path / "wheels"), str(root)], check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "wheels").glob("disputeclerk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("disputeclerk/shared_templates/") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "disputeclerk = disputeclerk.cli:main" in entry_points

    # A new environment holding only the wheel; the dependencies come from this venv through
    # a plain path entry (its editable-install hook is not loaded that way).
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    site = Path(subprocess.check_output([str(env_dir / "bin" / "python"), "-c",
                                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.check_output([str(env_dir / "bin" / "python"), "-c",
                                     "import disputeclerk; print(disputeclerk.__file__)"], text=True, cwd=tmp_path)
    assert where.startswith(str(site)), "the wheel's copy is the one imported"
    server = LiveServer(tmp_path / "data")
    server.python = str(env_dir / "bin" / "python")
    server.start()
    try:
        assert server.call("GET", "/api/v1/health", auth=False).json()["ok"] is True
        assert server.call("POST", "/api/v1/assist", json={"platform": "ebay", "order": {"id": "1"}}).status_code == 200
    finally:
        server.stop()
