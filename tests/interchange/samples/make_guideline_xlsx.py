#!/usr/bin/env python3
"""Writes guideline-sample.xlsx by hand (zip + SpreadsheetML parts), so that the xlsx reader
is tested on what Excel itself writes: shared strings with rich-text runs and Japanese
phonetic guides (<rPh>, which must not leak into the text), inline strings, cells without
an r attribute, skipped rows and skipped columns, numbers, and a sheet that is not the
first one. Run from this directory: python3 make_guideline_xlsx.py"""
import zipfile
from xml.sax.saxutils import escape

shared = []
def s(text):
    shared.append(f"<si><t xml:space=\"preserve\">{escape(text)}</t></si>")
    return len(shared) - 1
def s_rich(*runs, phonetic=None):
    body = "".join(f"<r><rPr><b/></rPr><t>{escape(r)}</t></r>" for r in runs)
    if phonetic:
        body += f"<rPh sb=\"0\" eb=\"2\"><t>{escape(phonetic)}</t></rPh><phoneticPr fontId=\"1\"/>"
    shared.append(f"<si>{body}</si>")
    return len(shared) - 1

def cell_s(ref, index):
    return f"<c r=\"{ref}\" t=\"s\"><v>{index}</v></c>"
def cell_inline(ref, text):
    attr = f" r=\"{ref}\"" if ref else ""
    return f"<c{attr} t=\"inlineStr\"><is><t>{escape(text)}</t></is></c>"
def cell_n(ref, number):
    return f"<c r=\"{ref}\"><v>{number}</v></c>"

rows = []
rows.append((1, [cell_s("A1", s("業界ガイドライン（テスト用サンプル）"))]))
headers = ["No.", "分類", "レベル", "要求事項", "達成条件", "達成基準"]
header_cells = [cell_s(f"{'ABCDEF'[i]}2", s(h)) for i, h in enumerate(headers)]
header_cells.append(cell_s("H2", s("備考")))  # column G left empty: a gap
rows.append((2, header_cells))
data = [
    ("1-1", "方針", "Lv1", "セキュリティ方針を定める", "経営者が承認した方針がある", "方針文書に承認日と承認者が記載されている"),
    ("1-2", "方針", "Lv2", "方針を定期的に見直す", "年1回以上見直している", "見直しの記録がある"),
    ("2-1", "アクセス管理", "Lv1", "アカウントを管理する", "利用者ごとにアカウントを発行している", "アカウント一覧がある"),
    ("2-2", "アクセス管理", "Lv2", "特権アカウントを制限する", "特権の付与を承認制にしている", "承認記録がある"),
    ("2-3", "アクセス管理", "Lv3", "多要素認証を使う", "社外からの接続に\n多要素認証を使っている", "設定画面の記録"),
]
line = 3
for no, cat, lv, req, cond, crit in data:
    cells = [cell_s(f"A{line}", s(no))]
    if line == 3:
        cells.append(cell_s(f"B{line}", s_rich("方", "針", phonetic="ホウシン")))
    else:
        cells.append(cell_s(f"B{line}", s(cat)))
    cells.append(cell_inline(f"C{line}", lv))
    cells.append(cell_inline(None, req))  # no r attribute: the next column (D)
    cells.append(cell_s(f"E{line}", s(cond)))
    cells.append(cell_s(f"F{line}", s(crit)))
    if line == 4:
        cells.append(cell_n(f"H{line}", "0.10000000000000001"))
    rows.append((line, cells))
    line += 1
line += 1  # row 8 is absent
for no, cat, lv, req, cond, crit in [
    ("3-1", "バックアップ", "Lv1", "バックアップを取る", "重要データのバックアップを取っている", "バックアップの実施記録"),
    ("3-2", "バックアップ", "Lv3", "復旧を訓練する", "復旧手順を年1回試している", "訓練記録"),
]:
    rows.append((line, [cell_s(f"A{line}", s(no)), cell_s(f"B{line}", s(cat)), cell_inline(f"C{line}", lv),
                        cell_s(f"D{line}", s(req)), cell_s(f"E{line}", s(cond)), cell_s(f"F{line}", s(crit))]))
    line += 1

sheet2 = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
          "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetData>"
          + "".join(f"<row r=\"{n}\">{''.join(c)}</row>" for n, c in rows) + "</sheetData></worksheet>")
sheet1 = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
          "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>表紙</t></is></c></row></sheetData></worksheet>")
sst = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       f"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{len(shared)}\" "
       f"uniqueCount=\"{len(shared)}\">" + "".join(shared) + "</sst>")
workbook = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
            "<sheet name=\"表紙\" sheetId=\"1\" r:id=\"rId1\"/>"
            "<sheet name=\"ガイドライン\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>")
rels = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/cover2.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        "</Relationships>")
root_rels = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
             "</Relationships>")
content_types = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                 "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                 "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                 "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                 "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                 "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                 "<Override PartName=\"/xl/worksheets/cover2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                 "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                 "</Types>")
with zipfile.ZipFile("guideline-sample.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
                       ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
                       ("xl/worksheets/sheet1.xml", sheet1), ("xl/worksheets/cover2.xml", sheet2),
                       ("xl/sharedStrings.xml", sst)]:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
