//! The words of every email, in zh-CN and English, as plain text with an HTML alternative.
//!
//! Staff mails carry the reference, category, region, number of affected workers, the
//! acknowledge-by date and a link, never the worker's identity or the description: the detail
//! stays behind the login.

use crate::domain::language::Language;

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

/// Turns labelled lines and paragraphs into the two bodies.
struct Body {
    text: String,
    html: String,
}

impl Body {
    fn new(lang: Language) -> Self {
        Self { text: String::new(), html: format!("<!doctype html><html lang=\"{}\"><body>", lang.tag()) }
    }

    fn paragraph(mut self, text: &str) -> Self {
        self.text.push_str(text);
        self.text.push_str("\n\n");
        self.html.push_str(&format!("<p>{}</p>", escape(text)));
        self
    }

    fn facts(mut self, rows: &[(&str, String)]) -> Self {
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

    fn link(mut self, label: &str, url: &str) -> Self {
        self.text.push_str(&format!("{label}\n{url}\n\n"));
        self.html.push_str(&format!("<p>{}<br><a href=\"{}\">{}</a></p>", escape(label), escape(url), escape(url)));
        self
    }

    fn finish(mut self, subject: String) -> Rendered {
        self.html.push_str("</body></html>");
        Rendered { subject, text: self.text.trim_end().to_owned() + "\n", html: self.html }
    }
}

fn case_rows(facts: &CaseFacts<'_>, lang: Language) -> Vec<(&'static str, String)> {
    let labels = match lang {
        Language::ZhCn => ["投诉编号", "问题类型", "发生地区", "涉及人数", "受理或答复期限"],
        Language::En => ["Reference", "Category", "Region", "Workers affected", "Accept or refuse by"],
    };
    vec![
        (labels[0], facts.reference.to_owned()),
        (labels[1], facts.category.to_owned()),
        (labels[2], facts.region.to_owned()),
        (labels[3], facts.affected_workers.to_string()),
        (labels[4], facts.acknowledge_by.format("%Y-%m-%d").to_string()),
    ]
}

/// To the office that must handle a new case.
pub fn new_case(facts: &CaseFacts<'_>, lang: Language) -> Rendered {
    match lang {
        Language::ZhCn => Body::new(lang)
            .paragraph("您好：有一份新的劳动者投诉已转交贵单位办理。")
            .facts(&case_rows(facts, lang))
            .link("请登录受理平台查看详情并办理：", facts.link)
            .paragraph("为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。")
            .finish(format!("【新投诉】{} {} · {}", facts.reference, facts.category, facts.region)),
        Language::En => Body::new(lang)
            .paragraph("A new complaint from a worker has been routed to your office to handle.")
            .facts(&case_rows(facts, lang))
            .link("Sign in to the intake console to read and work the case:", facts.link)
            .paragraph("To protect the worker, this email carries neither their identity nor their complaint: sign in to read them.")
            .finish(format!("[New complaint] {} {} · {}", facts.reference, facts.category, facts.region)),
    }
}

/// To an office copied in on a case (it may read, not act).
pub fn copied_case(facts: &CaseFacts<'_>, primary_office: &str, lang: Language) -> Rendered {
    match lang {
        Language::ZhCn => Body::new(lang)
            .paragraph(&format!("您好：一份劳动者投诉已抄送贵单位知悉，由{primary_office}主办。"))
            .facts(&case_rows(facts, lang))
            .link("请登录受理平台查看：", facts.link)
            .paragraph("为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。")
            .finish(format!("【抄送】{} {} · {}", facts.reference, facts.category, facts.region)),
        Language::En => Body::new(lang)
            .paragraph(&format!("A complaint from a worker has been copied to your office for information; {primary_office} handles it."))
            .facts(&case_rows(facts, lang))
            .link("Sign in to the intake console to read it:", facts.link)
            .paragraph("To protect the worker, this email carries neither their identity nor their complaint: sign in to read them.")
            .finish(format!("[Copy] {} {} · {}", facts.reference, facts.category, facts.region)),
    }
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
    let date = acknowledge_by.format("%Y-%m-%d").to_string();
    // The code itself is filled in at sending time (see `RECEIPT_PLACEHOLDER`).
    match lang {
        Language::ZhCn => {
            let mut facts = vec![("投诉编号", reference.to_owned())];
            if with_receipt {
                facts.push(("回执码", RECEIPT_PLACEHOLDER.to_owned()));
            }
            facts.extend([("问题类型", category.to_owned()), ("转交给", offices.join("、")), ("受理或答复期限", date)]);
            Body::new(lang)
                .paragraph("您好：您的投诉我们已经收到，并已转交给负责的单位。")
                .facts(&facts)
                .link("用投诉编号和回执码（提交时显示的 16 位数字）查看进度、补充材料：", track_link)
                .paragraph(if with_receipt {
                    "您要求把回执码发到这个邮箱。有了编号和回执码就能查看和补充这份投诉：请删除本邮件，或者确保只有您自己能看到它。"
                } else {
                    "为了安全，本邮件不包含回执码。请保存好回执码，不要告诉别人。"
                })
                .finish(format!("您的投诉已收到：{reference}"))
        }
        Language::En => {
            let mut facts = vec![("Reference", reference.to_owned())];
            if with_receipt {
                facts.push(("Receipt code", RECEIPT_PLACEHOLDER.to_owned()));
            }
            facts.extend([
                ("Category", category.to_owned()),
                ("Sent to", offices.join(", ")),
                ("Accept or refuse by", date),
            ]);
            Body::new(lang)
                .paragraph("We have received your complaint and sent it to the offices responsible.")
                .facts(&facts)
                .link("Follow it and add information with the reference and your receipt code (the 16 digits shown when you filed):", track_link)
                .paragraph(if with_receipt {
                    "You asked for the receipt code by email. With the reference and the code anyone can read and add to this complaint: delete this email, or make sure only you can read it."
                } else {
                    "For your safety this email does not contain the receipt code. Keep it somewhere safe and do not share it."
                })
                .finish(format!("Your complaint was received: {reference}"))
        }
    }
}

/// Stands for the receipt code in a stored mail; the delivery loop replaces it with the code it
/// unseals, so the stored text never holds the code.
pub const RECEIPT_PLACEHOLDER: &str = "{{receipt-code}}";

/// To the handling office: the worker added information (read it behind the login).
pub fn worker_added_message(facts: &CaseFacts<'_>, lang: Language) -> Rendered {
    match lang {
        Language::ZhCn => Body::new(lang)
            .paragraph("您好：投诉人对这件投诉补充了信息。")
            .facts(&case_rows(facts, lang))
            .link("请登录受理平台查看：", facts.link)
            .paragraph("为保护投诉人，本邮件不含补充的内容，请登录后查看。")
            .finish(format!("【投诉人补充】{} {}", facts.reference, facts.category)),
        Language::En => Body::new(lang)
            .paragraph("The worker added information to this complaint.")
            .facts(&case_rows(facts, lang))
            .link("Sign in to the intake console to read it:", facts.link)
            .paragraph("To protect the worker, this email does not carry what they wrote: sign in to read it.")
            .finish(format!("[Worker added information] {} {}", facts.reference, facts.category)),
    }
}

/// To the handling office: the worker added evidence files. Neither the files nor the worker's
/// identity travel by email: the office opens them behind the login.
pub fn worker_added_evidence(facts: &CaseFacts<'_>, files: usize, lang: Language) -> Rendered {
    match lang {
        Language::ZhCn => Body::new(lang)
            .paragraph(&format!("您好：投诉人为这件投诉补充了 {files} 份证据材料（图片或 PDF 文件）。"))
            .facts(&case_rows(facts, lang))
            .link("请登录受理平台查看：", facts.link)
            .paragraph("为保护投诉人，本邮件不附带文件，也不含投诉人身份信息，请登录后查看。")
            .finish(format!("【投诉人补充证据】{} {}", facts.reference, facts.category)),
        Language::En => Body::new(lang)
            .paragraph(&format!("The worker added {files} evidence file(s) (pictures or PDF) to this complaint."))
            .facts(&case_rows(facts, lang))
            .link("Sign in to the intake console to see them:", facts.link)
            .paragraph("To protect the worker, this email carries neither the files nor the worker's identity: sign in to see them.")
            .finish(format!("[Worker added evidence] {} {}", facts.reference, facts.category)),
    }
}

/// To the province's procuratorate: a trade union referred a case to it, which copies it in.
pub fn referred_case(facts: &CaseFacts<'_>, union: &str, lang: Language) -> Rendered {
    match lang {
        Language::ZhCn => Body::new(lang)
            .paragraph(&format!("您好：{union}将一件劳动者投诉移送贵院，供公益诉讼检察参考；贵院已被抄送该案件。"))
            .facts(&case_rows(facts, lang))
            .link("请登录受理平台查看案件及工会已发出的文书：", facts.link)
            .paragraph("为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。")
            .finish(format!("【工会移送】{} {} · {}", facts.reference, facts.category, facts.region)),
        Language::En => Body::new(lang)
            .paragraph(&format!("{union} referred a worker's complaint to your procuratorate for public interest litigation; your office is now copied on the case."))
            .facts(&case_rows(facts, lang))
            .link("Sign in to the intake console to read the case and the union's documents:", facts.link)
            .paragraph("To protect the worker, this email carries neither their identity nor their complaint: sign in to read them.")
            .finish(format!("[Referred by a trade union] {} {} · {}", facts.reference, facts.category, facts.region)),
    }
}

/// To the handling office: staff of another office, or an administrator, added evidence files.
pub fn staff_added_evidence(facts: &CaseFacts<'_>, files: usize, lang: Language) -> Rendered {
    match lang {
        Language::ZhCn => Body::new(lang)
            .paragraph(&format!("您好：其他单位的工作人员或管理员为贵单位办理的这件投诉添加了 {files} 份证据材料。"))
            .facts(&case_rows(facts, lang))
            .link("请登录受理平台查看：", facts.link)
            .paragraph("本邮件不附带文件，请登录后查看。")
            .finish(format!("【案件新增证据】{} {}", facts.reference, facts.category)),
        Language::En => Body::new(lang)
            .paragraph(&format!("Staff of another office, or an administrator, added {files} evidence file(s) to this case of your office."))
            .facts(&case_rows(facts, lang))
            .link("Sign in to the intake console to see them:", facts.link)
            .paragraph("This email does not carry the files: sign in to see them.")
            .finish(format!("[Evidence added] {} {}", facts.reference, facts.category)),
    }
}

/// To the worker who asked to be told: a new status or a message from the office.
pub fn worker_update(
    reference: &str,
    status: Option<&str>,
    message: Option<&str>,
    track_link: &str,
    lang: Language,
) -> Rendered {
    let mut rows: Vec<(&str, String)> = Vec::new();
    match lang {
        Language::ZhCn => {
            rows.push(("投诉编号", reference.to_owned()));
            if let Some(s) = status {
                rows.push(("新状态", s.to_owned()));
            }
            if let Some(m) = message {
                rows.push(("办理单位的留言", m.to_owned()));
            }
            Body::new(lang)
                .paragraph("您好：您的投诉有了新进展。")
                .facts(&rows)
                .link("用投诉编号和回执码查看详情：", track_link)
                .finish(format!("您的投诉有新进展：{reference}"))
        }
        Language::En => {
            rows.push(("Reference", reference.to_owned()));
            if let Some(s) = status {
                rows.push(("New status", s.to_owned()));
            }
            if let Some(m) = message {
                rows.push(("Message from the office", m.to_owned()));
            }
            Body::new(lang)
                .paragraph("There is news about your complaint.")
                .facts(&rows)
                .link("Read it with the reference and your receipt code:", track_link)
                .finish(format!("News about your complaint: {reference}"))
        }
    }
}

/// Status names a worker understands.
pub fn status_name(status: &str, lang: Language) -> &'static str {
    match (status, lang) {
        ("received", Language::ZhCn) => "已收到",
        ("accepted", Language::ZhCn) => "已受理",
        ("in_progress", Language::ZhCn) => "正在办理",
        ("resolved", Language::ZhCn) => "已解决",
        ("referred", Language::ZhCn) => "已转交其他机构",
        ("closed", Language::ZhCn) => "已结案",
        ("rejected", Language::ZhCn) => "不予受理",
        ("received", Language::En) => "received",
        ("accepted", Language::En) => "accepted",
        ("in_progress", Language::En) => "in progress",
        ("resolved", Language::En) => "resolved",
        ("referred", Language::En) => "referred to another body",
        ("closed", Language::En) => "closed",
        ("rejected", Language::En) => "rejected",
        _ => "",
    }
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
    match lang {
        Language::ZhCn => {
            let kind = if facts.kind == "employer" { "用工单位" } else { "平台" };
            Body::new(lang)
                .paragraph(&format!(
                    "您好：近{}日内，{}有{}件同类投诉指向同一{}，可能涉及公益诉讼线索。",
                    facts.window_days, facts.city, facts.complaints, kind
                ))
                .facts(&[
                    (kind, facts.name.to_owned()),
                    ("问题类型", facts.category.to_owned()),
                    ("地区", facts.city.to_owned()),
                    ("投诉件数", facts.complaints.to_string()),
                    ("涉及人数合计", facts.affected_workers.to_string()),
                ])
                .link("请登录受理平台查看线索并决定是否立案：", facts.link)
                .paragraph("为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。")
                .finish(format!("【公益诉讼线索】{} {} · {}", facts.name, facts.category, facts.city))
        }
        Language::En => {
            let kind = if facts.kind == "employer" { "Employer" } else { "Platform" };
            Body::new(lang)
                .paragraph(&format!(
                    "In the last {} days, {} complaints of one kind in {} name the same {}: this may be a public-interest litigation lead.",
                    facts.window_days,
                    facts.complaints,
                    facts.city,
                    kind.to_lowercase()
                ))
                .facts(&[
                    (kind, facts.name.to_owned()),
                    ("Category", facts.category.to_owned()),
                    ("Region", facts.city.to_owned()),
                    ("Complaints", facts.complaints.to_string()),
                    ("Workers affected in all", facts.affected_workers.to_string()),
                ])
                .link("Sign in to the intake console to review the lead and decide on it:", facts.link)
                .paragraph("To protect the workers, this email carries neither their identity nor their complaints: sign in to read them.")
                .finish(format!("[Public-interest lead] {} {} · {}", facts.name, facts.category, facts.city))
        }
    }
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
}
