"""The a4-3x8 sheet made with reportlab, for comparison with src/labels (bench/labels/run.ts).

usage: python3 reportlab_sheet.py stamps.json DejaVuSans.ttf out.pdf  -> prints {"ms": ...}
"""
import json
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def main():
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    t0 = time.perf_counter()
    pdfmetrics.registerFont(TTFont("DejaVuSans", sys.argv[2]))
    f = data["fields"]
    c = canvas.Canvas(sys.argv[3], pagesize=A4)
    page_h = A4[1]
    cols, rows, w, h, top = 3, 8, 70 * mm, 37 * mm, 0.5 * mm
    for i, s in enumerate(data["stamps"]):
        slot = i % (cols * rows)
        if slot == 0 and i > 0:
            c.showPage()
        x = (slot % cols) * w
        y = page_h - top - (slot // cols + 1) * h
        qr = QrCodeWidget(s["uri"], barLevel="M", barBorder=2)
        b = qr.getBounds()
        size = 33 * mm
        d = Drawing(size, size, transform=[size / (b[2] - b[0]), 0, 0, size / (b[3] - b[1]), 0, 0])
        d.add(qr)
        renderPDF.draw(d, c, x + 2 * mm, y + 2 * mm)
        tx = x + 36 * mm
        c.setFont("DejaVuSans", 7)
        c.drawString(tx, y + h - 6 * mm, f["productName"][:30])
        c.drawString(tx, y + h - 9 * mm, f["productName"][30:])
        c.setFont("DejaVuSans", 5.5)
        c.drawString(tx, y + h - 14 * mm, f["cooperativeName"])
        c.drawString(tx, y + h - 19 * mm, "Lô: " + f["lot"])
        c.drawString(tx, y + h - 22 * mm, "NSX: " + f["productionDate"])
        c.drawString(tx, y + h - 25 * mm, "HSD: " + f["expiryDate"])
        c.drawString(tx, y + h - 28 * mm, "Số: " + s["serial"])
        c.drawString(tx, y + h - 31 * mm, "Quét để xác thực")
        c.drawString(tx, y + h - 34.5 * mm, "Sản phẩm OCOP " + "\u2605" * (f["ocopStars"] or 0))
    c.save()
    print(json.dumps({"ms": (time.perf_counter() - t0) * 1000}))


main()
