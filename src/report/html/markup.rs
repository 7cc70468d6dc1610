//! The markup helpers every part of the page uses: escaping, inlining an
//! SVG, the style sheet, tables and week-over-week changes.

use std::fmt::Write;

/// Escape text for HTML element content and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A plotters SVG document made fit to inline: the fixed width and height
/// and the namespace URL dropped (HTML puts `<svg>` in the SVG namespace),
/// the viewBox kept so CSS can scale it to the column width.
pub(super) fn inline_svg(svg: &str, label: &str) -> String {
    let Some(open_end) = svg.find('>') else { return String::new() };
    let open = &svg[..open_end];
    let view_box = open.split("viewBox=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("0 0 1000 540");
    format!("<svg viewBox=\"{view_box}\" role=\"img\" aria-label=\"{}\">{}", esc(label), &svg[open_end + 1..])
}

pub(super) const CSS: &str = "
:root{--ink:#222;--muted:#666;--rule:#ddd;--bg:#fff;--band:#f6f7f9;--sup:#009E73;--con:#D55E00;--inc:#B8860B;--ins:#8C8C8C}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:40px 0 8px;padding-top:8px;border-top:2px solid var(--rule)}
h3{font-size:1.05rem;margin:24px 0 6px}
p.sub{color:var(--muted);margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:16px 0}
.card{background:var(--band);border-radius:8px;padding:12px 14px}
.card .v{font-size:1.6rem;font-weight:700;display:block}
.card .l{color:var(--muted);font-size:.85rem}
.card .d{font-size:.85rem}
figure{margin:20px 0;break-inside:avoid;page-break-inside:avoid}
figure svg{width:100%;height:auto;display:block;border:1px solid var(--rule);border-radius:6px;background:#fff}
figcaption{color:var(--muted);font-size:.9rem;margin-top:6px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.9rem;margin:8px 0 16px;min-width:50%}
th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:right;white-space:nowrap}
th{background:var(--band);font-weight:600}
th:first-child,td:first-child{text-align:left}
td .t{display:inline-block;text-align:left;white-space:normal;min-width:10em;max-width:16em}
.up,.down{color:var(--ink)}
.flat{color:var(--muted)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.8rem;font-weight:600}
.supported{background:var(--sup)}.contradicted{background:var(--con)}.inconclusive{background:var(--inc)}.insufficient{background:var(--ins)}
dl{margin:8px 0}dt{font-weight:600;margin-top:8px}dd{margin:2px 0 0 1.2em;color:#333}
code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85em;word-break:break-all}
.note{color:var(--muted);font-size:.9rem}
nav ol{columns:2;padding-left:1.2em}
@media (max-width:640px){body{font-size:15px}main{padding:14px 10px 32px}h1{font-size:1.35rem}.card .v{font-size:1.3rem}nav ol{columns:1}th,td{padding:3px 6px}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid;page-break-after:avoid}nav{display:none}.scroll{overflow:visible}figure svg{border:none}a{color:inherit;text-decoration:none}}
";

pub(super) fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "–".to_string(), f)
}

/// Week-over-week change with an arrow; `▲`/`▼` name the direction, not
/// whether it is good.
pub(super) fn change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(a), Some(b)) => {
            let d = a - b;
            if d.abs() < 1e-9 {
                "<span class=\"flat\">● no change</span>".to_string()
            } else {
                let (class, arrow) = if d > 0.0 { ("up", "▲") } else { ("down", "▼") };
                let rel = if b.abs() > 1e-9 { format!(" ({:+.0}%)", d / b * 100.0) } else { String::new() };
                let d = if d.fract().abs() < 1e-9 { format!("{d:+.0}") } else { format!("{d:+.1}") };
                format!("<span class=\"{class}\">{arrow} {d}{rel}</span>")
            }
        }
        _ => "<span class=\"flat\">–</span>".to_string(),
    }
}

pub(super) fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            // Cells are pre-escaped HTML.
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}
