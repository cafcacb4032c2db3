#!/usr/bin/env python3
"""Generators for scripts/measure_hostile.sh: the hostile pieces that are not fixtures.

Usage: measure_hostile_gen.py <what> <args...>   (see the functions below; each writes
files into the folder it is given and prints nothing on success)

The shapes of the 部署マスタ and the two-edition plan follow benches/scale.rs.
"""
import hashlib
import os
import random
import struct
import sys

BUREAUS = 64
MARKS = "総企財市環福健こ経農都建上消教議選監会水病港観文スデ交防税住保障高介児医国年衛廃公営営"
WORDS = [
    "窓口", "財政", "施設", "情報", "人材", "協働", "行政", "公共", "市民", "地域", "事務", "契約",
    "収納", "資産", "組織", "制度", "業務", "電子", "保健", "福祉", "子育", "教育", "都市", "環境",
    "防災", "交通", "観光", "産業", "文化", "広報", "税務", "会計",
]


def bureau(b):
    return f"{WORDS[b % len(WORDS)]}{b}部", MARKS[b % len(MARKS)]


def section(b, k):
    return f"{WORDS[k % len(WORDS)]}{WORDS[(k // 32) % len(WORDS)]}第{b}-{k}課"


HEADER = "部局,課名,略称,所属コード,旧名称,適用開始日\n"


def renamed_sections(path, n):
    """`n` sections over 64 bureaus, each renamed on 2024-04-01 from a former name."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(n):
            b, k = i % BUREAUS, i // BUREAUS
            name, mark = bureau(b)
            sec = section(b, k)
            f.write(f"{name},{sec},{mark},{i:06},旧{sec},2024-04-01\n")


def split_sections(path, n):
    """`n` sections that all give one former section as theirs (a split)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(n):
            b, k = i % BUREAUS, i // BUREAUS
            name, mark = bureau(b)
            sec = section(b, k)
            f.write(f"{name},{sec},{mark},{i:06},都市建設部 都市総務課,2024-04-01\n")


def edition_plan(path, n, revised, items=1):
    """A plan of `n` initiatives of `items` items each; `revised` retitles every tenth
    initiative (benches/scale.rs has one item each)."""
    out = []
    for i in range(1, n + 1):
        w = lambda k: WORDS[k % len(WORDS)]  # noqa: E731
        title = f"{w(i)}{w(i // 32)}の{w(i // 1024 + 3)}化（{i}）"
        if revised and i % 10 == 0:
            title += "の推進"
        sec = f"({MARKS[i % 8]})窓口サービス課"
        out.append(f"No. {i} {title}\n\nV. 実践項目\n\n")
        for j in range(1, items + 1):
            suffix = "" if items == 1 else f"（{j}）"
            out.append(
                f"実践項目名\t{title}の実施{suffix}\t\t\t\t\n"
                f"担当部署\t{sec}\t\t\t\t\n取組内容\t{title}を進める。\t\t\t\t\n"
                "工程表\tR 2年度\tR 3年度\tR 4年度\tR 5年度\tR 6年度\n\t検討\t→\t実施\t\t\n\n"
            )
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def many_items(path, initiatives, items_per, name_chars, distinct_sections):
    """A plan whose items carry long names (`name_chars` characters) or each its own
    section (`distinct_sections`): many rows, hence many manual page breaks."""
    out = []
    n = 0
    for i in range(1, initiatives + 1):
        out.append(f"No. {i} {WORDS[i % 32]}{WORDS[i // 32 % 32]}の見直し（{i}）\n\nV. 実践項目\n\n")
        for j in range(items_per):
            n += 1
            base = f"{WORDS[n % 32]}{WORDS[n // 32 % 32]}の改善{n}"
            name = (base + "に関する" + "事務手続の見直しと効率化" * 100)[:name_chars] if name_chars else base
            sec = f"(民){WORDS[n % 32]}第{n}課" if distinct_sections else "(民)窓口サービス課"
            out.append(
                f"実践項目名\t{name}\t\t\t\t\n担当部署\t{sec}\t\t\t\t\n"
                f"取組内容\t{base}を進める。\t\t\t\t\n"
                "工程表\tR 2年度\tR 3年度\tR 4年度\tR 5年度\tR 6年度\n\t検討\t→\t実施\t\t\n\n"
            )
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def empty_input_sheet_first(csv_path, xlsx_path):
    """The rows of a CSV report on a second sheet, behind an empty sheet named 進捗入力."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "進捗入力"
    ws = wb.create_sheet("報告")
    with open(csv_path, encoding="utf-8-sig") as f:
        for line in f.read().splitlines():
            ws.append(line.split(","))
    wb.save(xlsx_path)


def five_digit_plan(xlsx_path):
    """A plan table numbering its items 10101, 10102, 10201 (theme, initiative, item)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "実施計画"
    for row in [
        ["番号", "実践項目", "担当課", "R6", "R7", "R8"],
        ["10101", "窓口の混雑状況の配信", "窓口サービス課", "検討", "実施", "→"],
        ["10102", "証明書のコンビニ交付", "窓口サービス課", "実施", "→", "→"],
        ["10201", "公共施設の予約のオンライン化", "管財課", "検討", "実施", "→"],
    ]:
        ws.append(row)
    wb.save(xlsx_path)


def edit_store(path, seed, bump=False):
    """Changes the store's payload and writes the checksum back, as a hand edit would
    that also knew the header: the file passes the checksum, so only validation of its
    content can catch it. Without `bump`: 1-3 bytes at random (seeded). With `bump`: the
    byte at position `seed` plus one (an edition index, a depth, a month, a length or a
    character one higher)."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    head = 8 + 4 + 8 + 32
    (length,) = struct.unpack_from("<Q", data, 12)
    payload = data[head : head + length]
    if bump:
        at = seed % len(payload)
        payload[at] = (payload[at] + 1) % 256
    rng = random.Random(seed)
    for _ in range(0 if bump else rng.randint(1, 3)):
        at = rng.randrange(len(payload))
        payload[at] = rng.choice([0, 1, 2, 9, 13, 99, 0x7F, 0xFB, 0xFF, payload[at] ^ 0x01])
    data[head : head + length] = payload
    data[20:52] = hashlib.sha256(payload).digest()
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def long_line_toml(path, size):
    """A TOML file of one line of `size` bytes (a string never closed)."""
    chunk = b"x" * (1 << 20)
    with open(path, "wb") as f:
        f.write(b'max_cells = "')
        left = size - 13
        while left > 0:
            f.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def main():
    what, args = sys.argv[1], sys.argv[2:]
    if what == "renamed":
        renamed_sections(args[0], int(args[1]))
    elif what == "split":
        split_sections(args[0], int(args[1]))
    elif what == "edition":
        edition_plan(args[0], int(args[1]), args[2] == "revised", int(args[3]) if len(args) > 3 else 1)
    elif what == "many_items":
        many_items(args[0], int(args[1]), int(args[2]), int(args[3]), args[4] == "distinct")
    elif what == "empty_input_sheet":
        empty_input_sheet_first(args[0], args[1])
    elif what == "five_digit_plan":
        five_digit_plan(args[0])
    elif what == "edit_store":
        edit_store(args[0], int(args[1]), len(args) > 2 and args[2] == "bump")
    elif what == "payload_len":
        with open(args[0], "rb") as f:
            print(struct.unpack_from("<Q", f.read(20), 12)[0])
    elif what == "long_line_toml":
        long_line_toml(args[0], int(args[1]))
    else:
        sys.exit(f"unknown generator: {what}")


if __name__ == "__main__":
    main()
