//! Bar charts as inline SVG, drawn here rather than by a chart library: the console sends no
//! inline script or style (its CSP forbids both) and must work without JavaScript, so a chart is
//! markup with presentation attributes only. Each chart names itself for screen readers; the page
//! puts the same figures in a table next to it.

use std::fmt::Write;

/// The bars: a dark blue that keeps more than 3:1 against white (WCAG 1.4.11, non-text), and
/// text and axis colours that keep more than 4.5:1 (1.4.3).
const BAR: &str = "#0b5cad";
const TEXT: &str = "#1b1b1b";
const AXIS: &str = "#505a5f";
const WIDTH: u64 = 640;

/// One bar: the stable key (a status or category code, a city code, a date), what the reader
/// sees, and the count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datum {
    pub key: String,
    pub label: String,
    pub value: u64,
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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

/// What a screen reader announces for the chart: its title, then every bar.
fn summary(title: &str, data: &[Datum]) -> String {
    let bars: Vec<String> = data.iter().map(|d| format!("{} {}", d.label, d.value)).collect();
    if bars.is_empty() { title.to_owned() } else { format!("{title}: {}", bars.join(", ")) }
}

fn open(out: &mut String, title: &str, data: &[Datum], height: u64) {
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{label}"><title>{title}</title>"#,
        label = escape(&summary(title, data)),
        title = escape(title),
    );
}

/// Splits a label into lines of about `max` characters at spaces, so that long English names
/// fit under a column; CJK labels have no spaces and are short.
fn wrap(label: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Vertical columns, one per datum, left to right, with the count above each and the label
/// below. `empty` is shown when there is nothing to draw.
pub fn columns(title: &str, data: &[Datum], empty: &str) -> String {
    let (top, plot, label_lines) = (24u64, 180u64, 3u64);
    let height = top + plot + 8 + label_lines * 15;
    let mut out = String::new();
    open(&mut out, title, data, height);
    let max = data.iter().map(|d| d.value).max().unwrap_or(0);
    let slots = u64::try_from(data.len()).unwrap_or(1).max(1);
    let slot = WIDTH / slots;
    let bar = slot * 3 / 5;
    let base = top + plot;
    let max_chars = usize::try_from(slot / 7).unwrap_or(8).max(4);
    for (i, d) in (0u64..).zip(data) {
        let h = (d.value * plot).checked_div(max).unwrap_or(0);
        let x = i * slot + (slot - bar) / 2;
        let centre = i * slot + slot / 2;
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{BAR}"/><text x="{centre}" y="{ty}" text-anchor="middle" font-size="13" fill="{TEXT}">{v}</text>"#,
            y = base - h,
            ty = base - h - 6,
            v = d.value,
        );
        let _ =
            write!(out, r#"<text x="{centre}" y="{}" text-anchor="middle" font-size="12" fill="{TEXT}">"#, base + 18);
        for (n, line) in wrap(&d.label, max_chars).iter().take(usize::try_from(label_lines).unwrap_or(3)).enumerate() {
            let dy = if n == 0 { 0 } else { 14 };
            let _ = write!(out, r#"<tspan x="{centre}" dy="{dy}">{}</tspan>"#, escape(line));
        }
        out.push_str("</text>");
    }
    let _ = write!(out, r#"<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{AXIS}" stroke-width="1"/>"#);
    if data.iter().all(|d| d.value == 0) {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="{TEXT}">{}</text>"#,
            WIDTH / 2,
            top + plot / 2,
            escape(empty)
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one row per datum, top to bottom: the label on the left, the count at the
/// end of the bar. Suits long names (categories, cities).
pub fn bars(title: &str, data: &[Datum], empty: &str) -> String {
    let (row, label_width, value_room) = (28u64, 260u64, 48u64);
    let rows = u64::try_from(data.len()).unwrap_or(0).max(1);
    let height = rows * row + 8;
    let mut out = String::new();
    open(&mut out, title, data, height);
    let max = data.iter().map(|d| d.value).max().unwrap_or(0);
    let room = WIDTH - label_width - value_room;
    for (i, d) in (0u64..).zip(data) {
        let y = i * row + 4;
        let w = (d.value * room).checked_div(max).unwrap_or(0);
        let _ = write!(
            out,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" font-size="13" fill="{TEXT}">{label}</text><rect x="{label_width}" y="{y}" width="{w}" height="{bh}" fill="{BAR}"/><text x="{vx}" y="{ty}" font-size="13" fill="{TEXT}">{v}</text>"#,
            lx = label_width - 8,
            ty = y + 15,
            label = escape(&d.label),
            bh = row - 8,
            vx = label_width + w + 6,
            v = d.value,
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="{AXIS}" stroke-width="1"/>"#
    );
    if data.iter().all(|d| d.value == 0) {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="14" fill="{TEXT}">{}</text>"#,
            label_width + 8,
            row / 2 + 8,
            escape(empty)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Vec<Datum> {
        vec![
            Datum { key: "a".into(), label: "Received".into(), value: 4 },
            Datum { key: "b".into(), label: "<b>&\"x\"".into(), value: 2 },
            Datum { key: "c".into(), label: "Referred to another body".into(), value: 0 },
        ]
    }

    #[test]
    fn a_chart_names_itself_and_escapes_its_labels() {
        for svg in [columns("By status", &data(), "none"), bars("By status", &data(), "none")] {
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(svg.contains(r#"role="img""#) && svg.contains("<title>By status</title>"));
            assert!(svg.contains(r#"aria-label="By status: Received 4, &lt;b&gt;&amp;&quot;x&quot; 2"#), "{svg}");
            assert!(!svg.contains("<b>") && !svg.contains("style="));
            assert_eq!(svg.matches("<rect").count(), 3);
        }
    }

    #[test]
    fn the_longest_bar_fills_the_plot_and_the_others_scale() {
        let svg = bars("t", &data(), "none");
        assert!(svg.contains(r#"width="332""#) && svg.contains(r#"width="166""#), "{svg}");
        let svg = columns("t", &data(), "none");
        assert!(svg.contains(r#"height="180""#) && svg.contains(r#"height="90""#), "{svg}");
    }

    #[test]
    fn long_labels_wrap_and_empty_charts_say_so() {
        assert_eq!(wrap("Referred to another body", 12), vec!["Referred to", "another body"]);
        assert_eq!(wrap("已收到", 4), vec!["已收到"]);
        let zero = vec![Datum { key: "a".into(), label: "a".into(), value: 0 }];
        assert!(columns("t", &zero, "No cases").contains(">No cases</text>"));
        assert!(bars("t", &[], "No cases").contains(">No cases</text>"));
    }
}
