"""The layers of DESIGN.md hold: core < themes < content < publishing < cms, imports only downward."""

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_contract_is_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0


def test_the_contracts_allow_no_exceptions():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = {contract["id"]: contract for contract in config["contracts"]}
    assert contracts["layers"]["layers"] == ["cms", "publishing", "content", "themes", "core"]
    assert [contract.get("ignore_imports", []) for contract in contracts.values()] == [[]] * len(contracts)
