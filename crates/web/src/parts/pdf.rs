//! The leaflet as a one-page A5 PDF, written by hand.
//!
//! Why by hand: the page is a few lines of text in the PDF standard fonts (Helvetica,
//! WinAnsi encoding, which covers Albanian's ë and ç) and the squares of a QR code. The
//! PDF crates either pull in a font-parsing and image stack (printpdf) or are low-level
//! object writers that leave all of this to us anyway (lopdf, pdf-writer); the format of
//! such a page is 120 lines and is checked by the tests (structure, offsets) and by
//! printing the HTML leaflet in Chromium.

use qrcode::{Color, QrCode};

/// A5 in PDF points (148 × 210 mm).
const WIDTH: f32 = 419.53;

const HEIGHT: f32 = 595.28;

const MARGIN: f32 = 36.0;

/// Text in WinAnsiEncoding (Windows-1252), escaped for a PDF string. Characters the
/// encoding lacks become "?".
fn winansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let b = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '…' => 0x85,
            '€' => 0x80,
            _ => b'?',
        };
        out.push(b);
    }
    out
}

/// Splits text into lines that fit `width` points at `size`, estimating Helvetica's
/// average glyph width (0.52 em, 0.56 bold): generous, so nothing runs off the page.
fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let per_char = size * if bold { 0.56 } else { 0.52 };
    let max = ((width / per_char) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn text(content: &mut Vec<u8>, x: f32, y: f32, size: f32, bold: bool, s: &str) {
    content.extend(format!("BT /{} {size} Tf {x:.2} {y:.2} Td (", if bold { "F2" } else { "F1" }).as_bytes());
    content.extend(winansi(s));
    content.extend(b") Tj ET\n");
}

/// The leaflet: `lines` (size, bold, text) from the top, then the QR code with its caption
/// and address, the local unit if any, and the footer at the bottom.
pub fn leaflet(
    lines: &[(f32, bool, String)],
    qr: Option<&QrCode>,
    scan: &str,
    url: &str,
    unit: Option<&str>,
    footer: &str,
) -> Vec<u8> {
    let mut c = Vec::new();
    let mut y = HEIGHT - MARGIN - 14.0;
    let width = WIDTH - 2.0 * MARGIN;
    for (size, bold, t) in lines {
        for l in wrap(t, *size, *bold, width) {
            text(&mut c, MARGIN, y, *size, *bold, &l);
            y -= size * 1.35;
        }
        y -= size * 0.5;
    }
    if let Some(qr) = qr {
        let n = qr.width();
        let side = 120.0f32;
        let cell = side / n as f32;
        let top = y - 4.0;
        c.extend(b"0 0 0 rg\n");
        for (i, color) in qr.to_colors().iter().enumerate() {
            if *color == Color::Dark {
                let (col, row) = ((i % n) as f32, (i / n) as f32);
                c.extend(
                    format!("{:.2} {:.2} {:.2} {:.2} re\n", MARGIN + col * cell, top - (row + 1.0) * cell, cell, cell)
                        .as_bytes(),
                );
            }
        }
        c.extend(b"f\n");
        let x = MARGIN + side + 14.0;
        let mut ty = top - 12.0;
        for l in wrap(scan, 11.0, false, WIDTH - MARGIN - x) {
            text(&mut c, x, ty, 11.0, false, &l);
            ty -= 14.0;
        }
        text(&mut c, x, ty - 4.0, 9.0, true, url);
        y = top - side - 18.0;
    }
    if let Some(u) = unit {
        for l in wrap(u, 11.0, true, width) {
            text(&mut c, MARGIN, y, 11.0, true, &l);
            y -= 15.0;
        }
    }
    let mut fy = MARGIN;
    for l in wrap(footer, 8.0, false, width).iter().rev() {
        text(&mut c, MARGIN, fy, 8.0, false, l);
        fy += 10.0;
    }

    assemble(WIDTH, HEIGHT, vec![c])
}

/// A4 portrait, for the annual summary.
const A4: (f32, f32) = (595.28, 841.89);

/// A plain document: `lines` (size, bold, text) from the top, wrapped, on as many A4
/// pages as they need.
pub fn document(lines: &[(f32, bool, String)]) -> Vec<u8> {
    let (w, h) = A4;
    let margin = 50.0;
    let mut pages = vec![Vec::new()];
    let mut y = h - margin;
    for (size, bold, t) in lines {
        for l in wrap(t, *size, *bold, w - 2.0 * margin) {
            if y - size * 1.35 < margin {
                pages.push(Vec::new());
                y = h - margin;
            }
            y -= size * 1.35;
            text(pages.last_mut().expect("a page"), margin, y, *size, *bold, &l);
        }
        y -= size * 0.4;
    }
    assemble(w, h, pages)
}

/// The objects of a PDF with one content stream a page: catalog, page tree, two fonts,
/// info, then each page and its content.
fn assemble(width: f32, height: f32, contents: Vec<Vec<u8>>) -> Vec<u8> {
    let n = contents.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Title (Zeri) /Producer (Zeri) >>".to_vec(),
    ];
    for (i, c) in contents.into_iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents {} 0 R \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>",
                7 + 2 * i
            )
            .into_bytes(),
        );
        objects
            .push([format!("<< /Length {} >>\nstream\n", c.len()).into_bytes(), c, b"\nendstream".to_vec()].concat());
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_document_runs_over_several_well_formed_pages() {
        let lines: Vec<(f32, bool, String)> = (0..200).map(|i| (10.0, i % 10 == 0, format!("Line {i} ë"))).collect();
        let pdf = document(&lines);
        let text = String::from_utf8_lossy(&pdf);
        // 10 pt lines take 17.5 pt with their spacing: 42 to an A4 page within the margins.
        assert!(text.contains("/Count 5"), "200 lines over five A4 pages");
        assert_eq!(text.matches("/Type /Page ").count(), 5);
        assert!(pdf.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn a_well_formed_one_page_a5_pdf() {
        let qr = QrCode::new(b"https://zeri.al/sq").unwrap();
        let lines = vec![(20.0, true, "Zëri (ndihmë)".to_owned()), (11.0, false, "word ".repeat(80))];
        let pdf = leaflet(&lines, Some(&qr), "Skano kodin", "https://zeri.al/sq", Some("Njësia, Kukës"), "footer");
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/MediaBox [0 0 419.53 595.28]") && text.contains("/Count 1"));
        // Every offset in the cross-reference table points at its object (bytes, not text:
        // the binary comment and WinAnsi letters are not UTF-8).
        let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle).unwrap();
        let after = find(b"startxref\n") + b"startxref\n".len();
        let end = after + pdf[after..].iter().position(|b| *b == b'\n').unwrap();
        let xref_at: usize = std::str::from_utf8(&pdf[after..end]).unwrap().parse().unwrap();
        assert!(pdf[xref_at..].starts_with(b"xref\n"));
        let table = std::str::from_utf8(&pdf[xref_at..]).unwrap();
        for (i, line) in table.lines().skip(3).take(7).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {}", i + 1);
        }
        // Albanian letters in WinAnsi, parentheses escaped, long text wrapped within the page.
        assert!(pdf.windows(4).any(|w| w == b"Z\xEBri"));
        assert!(text.contains("\\(ndihm"));
        assert!(text.matches(" Tj ET").count() > 8);
        assert_eq!(winansi("ç—€?"), vec![0xE7, 0x97, 0x80, b'?']);
    }
}
