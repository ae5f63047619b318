//! Every email, in zh-CN and English, as plain text with an HTML alternative. The words come from
//! the `mail-*` messages of the catalogs (web-form/locales/*/mail.ftl); this module only lays
//! them out.
//!
//! Staff mails carry the reference, category, region, number of affected workers, the
//! acknowledge-by date and a link, never the worker's identity or the description: the detail
//! stays behind the login.

use crate::domain::language::Language;
use crate::i18n::{self, Catalog};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What a staff mail about a case may say.
#[derive(Clone, Debug)]
pub struct CaseFacts<'a> {
    pub reference: &'a str,
    pub category: &'a str,
    pub region: &'a str,
    pub affected_workers: u32,
    pub acknowledge_by: chrono::NaiveDate,
    pub link: &'a str,
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Turns labelled lines and paragraphs into the two bodies. Every text reaches the HTML through
/// `escape`, catalog words and the values filled into them alike.
struct Body {
    catalog: &'static Catalog,
    text: String,
    html: String,
}

impl Body {
    fn new(lang: Language) -> Self {
        Self {
            catalog: i18n::catalog(lang),
            text: String::new(),
            html: format!("<!doctype html><html lang=\"{}\"><body>", lang.tag()),
        }
    }

    fn paragraph(self, key: &str) -> Self {
        self.paragraph_with(key, &[])
    }

    fn paragraph_with(mut self, key: &str, args: &[(&str, String)]) -> Self {
        let text = self.catalog.text_with(key, args);
        self.text.push_str(&text);
        self.text.push_str("\n\n");
        self.html.push_str(&format!("<p>{}</p>", escape(&text)));
        self
    }

    /// Rows of a label (catalog words) and a value, one a line.
    fn facts(mut self, rows: &[(String, String)]) -> Self {
        self.html.push_str("<table>");
        for (label, value) in rows {
            self.text.push_str(&format!("{label}: {value}\n"));
            self.html.push_str(&format!(
                "<tr><th align=\"left\">{}</th><td>{}</td></tr>",
                escape(label),
                escape(value)
            ));
        }
        self.text.push('\n');
        self.html.push_str("</table>");
        self
    }

    fn link(mut self, key: &str, url: &str) -> Self {
        let label = self.catalog.text(key);
        self.text.push_str(&format!("{label}\n{url}\n\n"));
        self.html.push_str(&format!("<p>{}<br><a href=\"{}\">{}</a></p>", escape(&label), escape(url), escape(url)));
        self
    }

    fn finish(mut self, subject_key: &str, args: &[(&str, String)]) -> Rendered {
        let subject = self.catalog.text_with(subject_key, args);
        self.html.push_str("</body></html>");
        Rendered { subject, text: self.text.trim_end().to_owned() + "\n", html: self.html }
    }

    fn label(&self, key: &str) -> String {
        self.catalog.text(key)
    }
}

fn date(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn case_rows(body: &Body, facts: &CaseFacts<'_>) -> Vec<(String, String)> {
    vec![
        (body.label("mail-label-reference"), facts.reference.to_owned()),
        (body.label("mail-label-category"), facts.category.to_owned()),
        (body.label("mail-label-region"), facts.region.to_owned()),
        (body.label("mail-label-affected-workers"), facts.affected_workers.to_string()),
        (body.label("mail-label-acknowledge-by"), date(facts.acknowledge_by)),
    ]
}

/// The arguments of a subject that names the case.
fn case_args(facts: &CaseFacts<'_>) -> [(&'static str, String); 3] {
    [
        ("reference", facts.reference.to_owned()),
        ("category", facts.category.to_owned()),
        ("region", facts.region.to_owned()),
    ]
}

/// A staff mail about a case: an introduction, the facts, the link, and a closing paragraph.
fn case_mail(
    facts: &CaseFacts<'_>,
    lang: Language,
    intro: (&str, &[(&str, String)]),
    link: &str,
    closing: &str,
    subject: &str,
) -> Rendered {
    let body = Body::new(lang).paragraph_with(intro.0, intro.1);
    let rows = case_rows(&body, facts);
    body.facts(&rows).link(link, facts.link).paragraph(closing).finish(subject, &case_args(facts))
}

/// To the office that must handle a new case.
pub fn new_case(facts: &CaseFacts<'_>, lang: Language) -> Rendered {
    case_mail(
        facts,
        lang,
        ("mail-new-case-intro", &[]),
        "mail-new-case-link",
        "mail-privacy-case",
        "mail-new-case-subject",
    )
}

/// To an office copied in on a case (it may read, not act).
pub fn copied_case(facts: &CaseFacts<'_>, primary_office: &str, lang: Language) -> Rendered {
    case_mail(
        facts,
        lang,
        ("mail-copied-case-intro", &[("office", primary_office.to_owned())]),
        "mail-link-read",
        "mail-privacy-case",
        "mail-copied-case-subject",
    )
}

/// To the worker who asked to be told by email. It never carries the receipt code.
pub fn worker_confirmation(
    reference: &str,
    category: &str,
    offices: &[String],
    acknowledge_by: chrono::NaiveDate,
    track_link: &str,
    with_receipt: bool,
    lang: Language,
) -> Rendered {
    let body = Body::new(lang).paragraph("mail-worker-confirmation-intro");
    let mut rows = vec![(body.label("mail-label-reference"), reference.to_owned())];
    // The code itself is filled in at sending time (see `RECEIPT_PLACEHOLDER`).
    if with_receipt {
        rows.push((body.label("mail-label-receipt-code"), RECEIPT_PLACEHOLDER.to_owned()));
    }
    rows.extend([
        (body.label("mail-label-category"), category.to_owned()),
        (body.label("mail-label-sent-to"), offices.join(&body.label("mail-list-separator"))),
        (body.label("mail-label-acknowledge-by"), date(acknowledge_by)),
    ]);
    let receipt =
        if with_receipt { "mail-worker-confirmation-receipt-sent" } else { "mail-worker-confirmation-receipt-kept" };
    body.facts(&rows)
        .link("mail-worker-confirmation-link", track_link)
        .paragraph(receipt)
        .finish("mail-worker-confirmation-subject", &[("reference", reference.to_owned())])
}

/// Stands for the receipt code in a stored mail; the delivery loop replaces it with the code it
/// unseals, so the stored text never holds the code.
pub const RECEIPT_PLACEHOLDER: &str = "{{receipt-code}}";

/// To the handling office: the worker added information (read it behind the login).
pub fn worker_added_message(facts: &CaseFacts<'_>, lang: Language) -> Rendered {
    case_mail(
        facts,
        lang,
        ("mail-worker-message-intro", &[]),
        "mail-link-read",
        "mail-worker-message-privacy",
        "mail-worker-message-subject",
    )
}

/// To the handling office: the worker added evidence files. Neither the files nor the worker's
/// identity travel by email: the office opens them behind the login.
pub fn worker_added_evidence(facts: &CaseFacts<'_>, files: usize, lang: Language) -> Rendered {
    case_mail(
        facts,
        lang,
        ("mail-worker-evidence-intro", &[("files", files.to_string())]),
        "mail-link-see",
        "mail-worker-evidence-privacy",
        "mail-worker-evidence-subject",
    )
}

/// To the province's procuratorate: a trade union referred a case to it, which copies it in.
pub fn referred_case(facts: &CaseFacts<'_>, union: &str, lang: Language) -> Rendered {
    case_mail(
        facts,
        lang,
        ("mail-referred-case-intro", &[("union", union.to_owned())]),
        "mail-referred-case-link",
        "mail-privacy-case",
        "mail-referred-case-subject",
    )
}

/// To the handling office: staff of another office, or an administrator, added evidence files.
pub fn staff_added_evidence(facts: &CaseFacts<'_>, files: usize, lang: Language) -> Rendered {
    case_mail(
        facts,
        lang,
        ("mail-staff-evidence-intro", &[("files", files.to_string())]),
        "mail-link-see",
        "mail-staff-evidence-privacy",
        "mail-staff-evidence-subject",
    )
}

/// To the worker who asked to be told: a new status or a message from the office.
pub fn worker_update(
    reference: &str,
    status: Option<&str>,
    message: Option<&str>,
    track_link: &str,
    lang: Language,
) -> Rendered {
    let body = Body::new(lang).paragraph("mail-worker-update-intro");
    let mut rows = vec![(body.label("mail-label-reference"), reference.to_owned())];
    if let Some(s) = status {
        rows.push((body.label("mail-label-new-status"), s.to_owned()));
    }
    if let Some(m) = message {
        rows.push((body.label("mail-label-office-message"), m.to_owned()));
    }
    body.facts(&rows)
        .link("mail-worker-update-link", track_link)
        .finish("mail-worker-update-subject", &[("reference", reference.to_owned())])
}

/// The name of a status as the worker reads it on the tracking page; empty for an unknown code.
pub fn status_name(status: &str, lang: Language) -> String {
    i18n::catalog(lang).get(&format!("status-{status}"), &[]).unwrap_or_default()
}

/// What the email about a new public-interest lead may say: the shared cause and its size, never
/// a worker's identity or a complaint's text.
#[derive(Clone, Debug)]
pub struct LeadFacts<'a> {
    /// The name as the complaint that opened the lead wrote it.
    pub name: &'a str,
    /// `platform` or `employer`.
    pub kind: &'a str,
    pub category: &'a str,
    pub city: &'a str,
    pub complaints: usize,
    pub affected_workers: i64,
    pub window_days: u32,
    pub link: &'a str,
}

/// To the procuratorate's public-interest litigation office: complaints in one city share a cause.
pub fn lead_opened(facts: &LeadFacts<'_>, lang: Language) -> Rendered {
    let kind = [("kind", facts.kind.to_owned())];
    let body = Body::new(lang).paragraph_with(
        "mail-lead-intro",
        &[
            ("days", facts.window_days.to_string()),
            ("city", facts.city.to_owned()),
            ("complaints", facts.complaints.to_string()),
            ("kind", facts.kind.to_owned()),
        ],
    );
    let rows = [
        (body.catalog.text_with("mail-lead-label-kind", &kind), facts.name.to_owned()),
        (body.label("mail-label-category"), facts.category.to_owned()),
        (body.label("mail-lead-label-city"), facts.city.to_owned()),
        (body.label("mail-lead-label-complaints"), facts.complaints.to_string()),
        (body.label("mail-lead-label-affected-workers"), facts.affected_workers.to_string()),
    ];
    body.facts(&rows).link("mail-lead-link", facts.link).paragraph("mail-lead-privacy").finish(
        "mail-lead-subject",
        &[("name", facts.name.to_owned()), ("category", facts.category.to_owned()), ("city", facts.city.to_owned())],
    )
}

/// One overdue case in the daily digest.
#[derive(Clone, Debug)]
pub struct DigestCase<'a> {
    pub reference: &'a str,
    pub category: &'a str,
    pub region: String,
    pub acknowledge_by: chrono::NaiveDate,
    pub result_by: Option<chrono::NaiveDate>,
    /// Which of the two dates passed.
    pub overdue: crate::domain::deadline::Overdue,
    pub link: String,
}

/// To an office with cases past a date (still `received` after their acknowledge-by date, or not
/// finished after their result date): the list of them, each saying which date passed.
pub fn overdue_digest(cases: &[DigestCase<'_>], lang: Language) -> Rendered {
    let catalog = i18n::catalog(lang);
    let count = [("count", cases.len().to_string())];
    let intro = catalog.text_with("mail-digest-intro", &count);
    let mut text = format!("{intro}\n\n");
    let mut html = format!("<!doctype html><html lang=\"{}\"><body><p>{}</p><ul>", lang.tag(), escape(&intro));
    for c in cases {
        let mut late = Vec::new();
        if c.overdue.acknowledge {
            late.push(catalog.text_with("mail-digest-late-acknowledge", &[("date", c.acknowledge_by.to_string())]));
        }
        if let (true, Some(result_by)) = (c.overdue.result, c.result_by) {
            late.push(catalog.text_with("mail-digest-late-result", &[("date", result_by.to_string())]));
        }
        let line = format!("{} · {} · {} · {}", c.reference, c.category, c.region, late.join(" · "));
        text.push_str(&format!("- {line}\n  {}\n", c.link));
        html.push_str(&format!("<li><a href=\"{}\">{}</a></li>", escape(&c.link), escape(&line)));
    }
    html.push_str("</ul></body></html>");
    Rendered { subject: catalog.text_with("mail-digest-subject", &count), text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> CaseFacts<'static> {
        CaseFacts {
            reference: "7KQ4-M2XH",
            category: "拖欠工资/报酬",
            region: "安徽省 滁州市 琅琊区",
            affected_workers: 3,
            acknowledge_by: chrono::NaiveDate::from_ymd_opt(2026, 6, 22).unwrap_or_default(),
            link: "https://intake.example.org/console/cases/7KQ4-M2XH",
        }
    }

    #[test]
    fn staff_mails_carry_the_facts_and_the_link() {
        let zh = new_case(&facts(), Language::ZhCn);
        assert!(zh.subject.contains("7KQ4-M2XH") && zh.subject.starts_with("【新投诉】"));
        for needle in
            ["投诉编号: 7KQ4-M2XH", "涉及人数: 3", "2026-06-22", "https://intake.example.org/console/cases/7KQ4-M2XH"]
        {
            assert!(zh.text.contains(needle), "{needle} in {}", zh.text);
        }
        assert!(zh.html.contains("<a href=\"https://intake.example.org/console/cases/7KQ4-M2XH\">"));
        let en = copied_case(&facts(), "Anhui Labour Inspection", Language::En);
        assert!(en.subject.starts_with("[Copy]") && en.text.contains("Anhui Labour Inspection handles it"));
    }

    #[test]
    fn evidence_mails_name_the_case_not_the_files() {
        let zh = worker_added_evidence(&facts(), 2, Language::ZhCn);
        assert!(zh.subject.starts_with("【投诉人补充证据】") && zh.subject.contains("7KQ4-M2XH"));
        assert!(zh.text.contains("2 份证据材料") && zh.text.contains("/console/cases/7KQ4-M2XH"));
        let en = worker_added_evidence(&facts(), 1, Language::En);
        assert!(en.subject.starts_with("[Worker added evidence] 7KQ4-M2XH"));
        let staff = staff_added_evidence(&facts(), 1, Language::ZhCn);
        assert!(staff.subject.starts_with("【案件新增证据】") && !staff.text.contains("投诉人补充"));
    }

    #[test]
    fn html_is_escaped() {
        let mut f = facts();
        f.category = "<script>";
        assert!(!new_case(&f, Language::En).html.contains("<script>"));
    }

    /// Every mail in both languages, with `<b>` in every value a caller passes.
    fn every_mail(lang: Language) -> Vec<Rendered> {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 22).unwrap_or_default();
        let f = CaseFacts {
            reference: "<b>R",
            category: "<b>C",
            region: "<b>G",
            affected_workers: 2,
            acknowledge_by: day,
            link: "https://x/?a=<b>",
        };
        let offices = ["<b>A".to_owned(), "<b>B".to_owned()];
        let lead = |kind| LeadFacts {
            name: "<b>N",
            kind,
            category: "<b>C",
            city: "<b>Y",
            complaints: 3,
            affected_workers: 7,
            window_days: 30,
            link: "https://x/?a=<b>",
        };
        let digest = [DigestCase {
            reference: "<b>R",
            category: "<b>C",
            region: "<b>G".into(),
            acknowledge_by: day,
            result_by: Some(day),
            overdue: crate::domain::deadline::Overdue { acknowledge: true, result: true },
            link: "https://x/?a=<b>".into(),
        }];
        vec![
            new_case(&f, lang),
            copied_case(&f, "<b>O", lang),
            worker_confirmation("<b>R", "<b>C", &offices, day, "https://x/?a=<b>", true, lang),
            worker_confirmation("<b>R", "<b>C", &offices, day, "https://x/?a=<b>", false, lang),
            worker_added_message(&f, lang),
            worker_added_evidence(&f, 2, lang),
            referred_case(&f, "<b>U", lang),
            staff_added_evidence(&f, 2, lang),
            worker_update("<b>R", Some("<b>S"), Some("<b>M"), "https://x/?a=<b>", lang),
            lead_opened(&lead("platform"), lang),
            lead_opened(&lead("employer"), lang),
            overdue_digest(&digest, lang),
        ]
    }

    #[test]
    fn every_mail_takes_its_words_from_the_catalogs_and_escapes_every_value() {
        for lang in [Language::ZhCn, Language::En] {
            for mail in every_mail(lang) {
                // A missing message would show its key.
                assert!(!format!("{mail:?}").contains("mail-"), "{mail:?}");
                assert!(mail.text.contains("<b>") && !mail.html.contains("<b>"), "{mail:?}");
                assert!(mail.html.contains("&lt;b&gt;") && mail.html.ends_with("</body></html>"), "{mail:?}");
            }
        }
    }

    #[test]
    fn the_layout_is_the_one_staff_and_workers_know() {
        assert_eq!(
            new_case(&facts(), Language::ZhCn).text,
            "您好：有一份新的劳动者投诉已转交贵单位办理。\n\n\
             投诉编号: 7KQ4-M2XH\n问题类型: 拖欠工资/报酬\n发生地区: 安徽省 滁州市 琅琊区\n涉及人数: 3\n\
             受理或答复期限: 2026-06-22\n\n\
             请登录受理平台查看详情并办理：\nhttps://intake.example.org/console/cases/7KQ4-M2XH\n\n\
             为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。\n"
        );
        let offices = ["Anhui Labour Inspection".to_owned(), "Anhui Trade Union".to_owned()];
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 22).unwrap_or_default();
        let en = worker_confirmation("7KQ4-M2XH", "Unpaid wages", &offices, day, "https://t", true, Language::En);
        assert!(en.text.contains("Receipt code: {{receipt-code}}\nCategory: Unpaid wages\n"), "{}", en.text);
        assert!(en.text.contains("Sent to: Anhui Labour Inspection, Anhui Trade Union\n"), "{}", en.text);
        let zh = worker_confirmation("7KQ4-M2XH", "拖欠工资", &offices, day, "https://t", false, Language::ZhCn);
        assert!(!zh.text.contains("回执码:") && zh.text.contains("转交给: Anhui Labour Inspection、Anhui"));
    }

    #[test]
    fn a_lead_names_a_platform_or_an_employer() {
        let lead = |kind| LeadFacts {
            name: "某外卖平台",
            kind,
            category: "拖欠工资/报酬",
            city: "滁州市",
            complaints: 3,
            affected_workers: 7,
            window_days: 30,
            link: "https://l",
        };
        let zh = lead_opened(&lead("employer"), Language::ZhCn);
        assert!(zh.text.starts_with("您好：近30日内，滁州市有3件同类投诉指向同一用工单位，"), "{}", zh.text);
        assert!(zh.text.contains("\n用工单位: 某外卖平台\n"), "{}", zh.text);
        let en = lead_opened(&lead("platform"), Language::En);
        assert!(en.text.contains("name the same platform: ") && en.text.contains("\nPlatform: 某外卖平台\n"));
        assert_eq!(en.subject, "[Public-interest lead] 某外卖平台 拖欠工资/报酬 · 滁州市");
    }

    #[test]
    fn the_digest_lists_each_case_with_its_link() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 22).unwrap_or_default();
        let cases = [DigestCase {
            reference: "7KQ4-M2XH",
            category: "拖欠工资/报酬",
            region: "安徽省 滁州市".into(),
            acknowledge_by: day,
            result_by: Some(day),
            overdue: crate::domain::deadline::Overdue { acknowledge: true, result: false },
            link: "https://x/console/cases/7KQ4-M2XH".into(),
        }];
        let zh = overdue_digest(&cases, Language::ZhCn);
        assert_eq!(zh.subject, "【逾期提醒】1 件投诉已超过办理期限");
        assert!(zh.text.ends_with(
            "- 7KQ4-M2XH · 拖欠工资/报酬 · 安徽省 滁州市 · 未受理，期限 2026-06-22\n  https://x/console/cases/7KQ4-M2XH\n"
        ), "{}", zh.text);
        assert_eq!(overdue_digest(&cases, Language::En).subject, "[Overdue] 1 complaint(s) past their deadline");
    }

    #[test]
    fn status_names_are_the_tracking_pages() {
        assert_eq!(
            status_name("in_progress", Language::ZhCn),
            i18n::catalog(Language::ZhCn).text("status-in_progress")
        );
        assert_eq!(status_name("no_such_status", Language::En), "");
    }
}
