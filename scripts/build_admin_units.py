"""Regenerate ``extractors/data/admin_units.tsv``: old administrative units -> today's (1 July 2025 reform).

Source: the PyPI package ``vietnamadminunits`` (Hieu Tran, MIT; its ``data/parser_legacy.json``
= the 63 provinces and their districts and communes before the reform, ``data/converter_2025.json``
= old commune -> new commune, ``data/parser_from_2025.json`` = the 34 provinces and their communes).
It is not a run-time dependency: it needs shapely and geopy and its converter may geocode street
addresses over the network, while khplan only needs the name tables, so this script copies them
into one small TSV that ``extractors/admin_units.py`` reads.

Checks before writing (the script stops when one fails):
- the province mergers agree with Nghị quyết 202/2025/QH15 (12 June 2025), restated below;
- every new province and commune name also exists in the GSO list shipped by the PyPI package
  ``vietnam-provinces`` (``NESTED_DIVISIONS_JSON_PATH``), an independent source.

Usage (in a scratch virtualenv, so that neither package lands in khplan's):

    python -m venv /tmp/au && /tmp/au/bin/pip install vietnamadminunits vietnam-provinces
    /tmp/au/bin/python scripts/build_admin_units.py
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import vietnam_provinces  # type: ignore[import-not-found]
import vietnamadminunits  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "extractors" / "data" / "admin_units.tsv"

# Nghị quyết 202/2025/QH15, Điều 1: the 23 new provincial units formed by merging, as
# new name -> the old units merged into it. The other 11 (Hà Nội, Huế, Lai Châu, Điện Biên,
# Sơn La, Lạng Sơn, Quảng Ninh, Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng) are unchanged.
NQ_202_2025 = {
    "Tuyên Quang": {"Tuyên Quang", "Hà Giang"},
    "Lào Cai": {"Lào Cai", "Yên Bái"},
    "Thái Nguyên": {"Thái Nguyên", "Bắc Kạn"},
    "Phú Thọ": {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"},
    "Bắc Ninh": {"Bắc Ninh", "Bắc Giang"},
    "Hưng Yên": {"Hưng Yên", "Thái Bình"},
    "Hải Phòng": {"Hải Phòng", "Hải Dương"},
    "Ninh Bình": {"Ninh Bình", "Hà Nam", "Nam Định"},
    "Quảng Trị": {"Quảng Trị", "Quảng Bình"},
    "Đà Nẵng": {"Đà Nẵng", "Quảng Nam"},
    "Quảng Ngãi": {"Quảng Ngãi", "Kon Tum"},
    "Gia Lai": {"Gia Lai", "Bình Định"},
    "Khánh Hòa": {"Khánh Hòa", "Ninh Thuận"},
    "Lâm Đồng": {"Lâm Đồng", "Đắk Nông", "Bình Thuận"},
    "Đắk Lắk": {"Đắk Lắk", "Phú Yên"},
    "Hồ Chí Minh": {"Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"},
    "Đồng Nai": {"Đồng Nai", "Bình Phước"},
    "Tây Ninh": {"Tây Ninh", "Long An"},
    "Cần Thơ": {"Cần Thơ", "Sóc Trăng", "Hậu Giang"},
    "Vĩnh Long": {"Vĩnh Long", "Bến Tre", "Trà Vinh"},
    "Đồng Tháp": {"Đồng Tháp", "Tiền Giang"},
    "Cà Mau": {"Cà Mau", "Bạc Liêu"},
    "An Giang": {"An Giang", "Kiên Giang"},
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _key(text: str) -> str:
    """Lower case without diacritics: the GSO list and the package place tone marks differently."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").replace("\u2019", "'").replace("\u2013", "-")
    return " ".join(bare.lower().split())


def _short(province: str) -> str:
    for head in ("Thành phố ", "Tỉnh "):
        if province.startswith(head):
            return province[len(head) :]
    return province


def _load(name: str) -> dict:  # type: ignore[type-arg]
    folder = Path(vietnamadminunits.__file__).parent / "data"
    return json.loads((folder / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def main() -> int:
    legacy = _load("parser_legacy.json")
    converter = _load("converter_2025.json")
    new = _load("parser_from_2025.json")

    old_province = {k: _nfc(v["province"]) for k, v in legacy["DICT_PROVINCE"].items()}
    new_province = {k: _nfc(v["province"]) for k, v in new["DICT_PROVINCE"].items()}
    old_to_new_province = {old: n for n, olds in converter["DICT_PROVINCE"].items() for old in olds}

    # -- check: the province mergers are those of Nghị quyết 202/2025/QH15
    merged: dict[str, set[str]] = {}
    for old, n in old_to_new_province.items():
        merged.setdefault(_short(new_province[n]), set()).add(_short(old_province[old]))
    for n, olds in NQ_202_2025.items():
        if merged.get(n) != olds:
            sys.exit(f"province {n}: package has {merged.get(n)}, Nghị quyết 202/2025/QH15 says {olds}")
    unchanged = {n for n, olds in merged.items() if olds == {n}}
    if len(merged) != 34 or len(unchanged) != 11:
        sys.exit(f"expected 34 provinces (11 unchanged), got {len(merged)} ({len(unchanged)} unchanged)")

    # legacy communes: accented tables first (they separate names that fold to the same key)
    def old_commune(pk: str, dk: str, wk: str) -> dict | None:  # type: ignore[type-arg]
        for table in (
            "DICT_PROVINCE_DISTRICT_WARD_ACCENTED",
            "DICT_PROVINCE_DISTRICT_WARD_SHORT_ACCENTED",
            "DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED",
        ):
            rec = legacy[table].get(pk, {}).get(dk, {}).get(wk)
            if rec:
                return rec  # type: ignore[no-any-return]
        return None

    def new_commune(pk: str, wk: str) -> str:
        for table in (
            "DICT_PROVINCE_WARD_ACCENTED",
            "DICT_PROVINCE_WARD_SHORT_ACCENTED",
            "DICT_PROVINCE_WARD_NO_ACCENTED",
        ):
            rec = new.get(table, {}).get(pk, {}).get(wk)
            if rec:
                return _nfc(rec["ward"])
        raise KeyError(f"{pk}/{wk}")

    rows: list[tuple[str, ...]] = []
    for pk, name in sorted(old_province.items(), key=lambda kv: kv[1]):
        rows.append(("P", name, "", "", new_province[old_to_new_province[pk]], ""))
    for pk, districts in legacy["DICT_PROVINCE_DISTRICT"].items():
        for _dk, d in sorted(districts.items()):
            rows.append(
                ("D", old_province[pk], _nfc(d["district"]), "", new_province[old_to_new_province[pk]], "")
            )

    communes: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for npk, table in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nwk, olds in table.items():
            for key in olds:
                communes[tuple(key.split("_", 2))] = (npk, nwk, "")  # type: ignore[index]
    for npk, table in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, parts in table.items():
            default = next(p["newWardKey"] for p in parts if p["isDefaultNewWard"])
            # a commune split between several new ones: the package's default (the part that
            # keeps most of it), the others listed so that a reader can see the split
            others = ";".join(new_commune(npk, p["newWardKey"]) for p in parts if p["newWardKey"] != default)
            communes[tuple(key.split("_", 2))] = (npk, default, others)  # type: ignore[index]

    skipped = 0
    for (pk, dk, wk), (npk, nwk, others) in sorted(communes.items()):
        district = legacy["DICT_PROVINCE_DISTRICT"].get(pk, {}).get(dk)
        rec = old_commune(pk, dk, wk) if wk else None
        if district is None or (wk and rec is None):
            skipped += 1
            continue
        if not wk:  # island districts with no communes became special zones (đặc khu)
            rows.append(
                (
                    "D",
                    old_province[pk],
                    _nfc(district["district"]),
                    "",
                    new_province[npk],
                    new_commune(npk, nwk),
                )
            )
            continue
        assert rec is not None
        rows.append(
            (
                "C",
                old_province[pk],
                _nfc(district["district"]),
                _nfc(rec["ward"]),
                new_province[npk],
                new_commune(npk, nwk) + (f"|{others}" if others else ""),
            )
        )
    new_rows = [
        ("N", "", "", "", new_province[pk], _nfc(rec["ward"]))
        for pk, wards in new["DICT_PROVINCE_WARD_NO_ACCENTED"].items()
        for rec in wards.values()
    ]
    # accented duplicates of the new list (names that fold alike) are not in NO_ACCENTED
    for table in ("DICT_PROVINCE_WARD_ACCENTED", "DICT_PROVINCE_WARD_SHORT_ACCENTED"):
        for pk, wards in new.get(table, {}).items():
            for rec in wards.values():
                row = ("N", "", "", "", new_province[pk], _nfc(rec["ward"]))
                if row not in new_rows:
                    new_rows.append(row)
    rows.extend(sorted(set(new_rows)))

    # -- check: every new name is in the GSO list of the independent vietnam-provinces package
    gso = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    gso_names = {(_key(_short(p["name"])), _key(w["name"])) for p in gso for w in p["wards"]}
    gso_provinces = {_short(_nfc(p["name"])) for p in gso}
    named = sorted({(r[4], r[5].split("|")[0]) for r in rows if r[5]})
    missing = [(p, w) for p, w in named if (_key(_short(p)), _key(w)) not in gso_names]
    missing_p = {_short(r[4]) for r in rows} - gso_provinces
    if missing_p or missing:
        sys.exit(f"not in the GSO list: provinces {missing_p}, communes {missing[:20]} ({len(missing)})")

    header = [
        "# Administrative units before and after the reform of 1 July 2025 (34 provinces, districts",
        "# abolished, communes merged). Generated by scripts/build_admin_units.py - do not edit by hand.",
        f"# Source: vietnamadminunits {metadata.version('vietnamadminunits')} (PyPI, MIT); checked against",
        "# Nghị quyết 202/2025/QH15 (provinces) and the GSO list in vietnam-provinces "
        f"{metadata.version('vietnam-provinces')} (data {vietnam_provinces.__data_version__}).",
        "# kind: P old province | D old district (new_unit set for island districts now special zones)",
        "#       | C old commune -> new commune ('|' then the other new communes it was split into)",
        "#       | N a commune of today (post-reform names).",
        "kind\told_province\told_district\told_commune\tnew_province\tnew_unit",
    ]
    OUT.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    counts = {k: sum(r[0] == k for r in rows) for k in "PDCN"}
    print(f"{OUT}: {counts}, {skipped} converter keys without a legacy record skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
