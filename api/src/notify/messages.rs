//! Which emails a new complaint causes, built before its transaction commits so that they are
//! written in it: the primary office, each copied office, and the worker when they asked.

use super::MailContext;
use super::templates::{self, CaseFacts, Rendered};
use crate::domain::language::Language;
use crate::domain::routing::{Decision, Role};
use crate::secrets::{SecretsError, random_bytes};
use crate::store::entity::office;
use crate::store::outbox::NewMessage;
use std::collections::HashMap;

/// An office's addresses: the directory may hold several, separated by commas or semicolons.
pub fn addresses(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', ';']).map(str::trim).filter(|a| a.contains('@'))
}

fn office_language(office: &office::Model) -> Language {
    Language::parse(&office.language).unwrap_or_default()
}

pub fn message_id(domain: &str) -> Result<String, SecretsError> {
    Ok(format!("<{}@{}>", hex::encode(random_bytes::<16>()?), domain))
}

/// One outbox message with a fresh Message-ID.
pub fn message(
    ctx: &MailContext,
    kind: &'static str,
    complaint_id: Option<i64>,
    office_id: Option<i64>,
    to: &str,
    lang: Language,
    rendered: Rendered,
) -> Result<NewMessage, SecretsError> {
    Ok(NewMessage {
        kind,
        complaint_id,
        office_id,
        to_address: to.to_owned(),
        language: lang.tag().to_owned(),
        subject: rendered.subject,
        body_text: rendered.text,
        body_html: rendered.html,
        message_id: message_id(&ctx.message_id_domain)?,
        secret: None,
    })
}

/// The same email to each of an office's addresses.
pub fn to_office(
    ctx: &MailContext,
    kind: &'static str,
    complaint_id: Option<i64>,
    office: &office::Model,
    lang: Language,
    rendered: &Rendered,
) -> Result<Vec<NewMessage>, SecretsError> {
    addresses(&office.email)
        .map(|to| message(ctx, kind, complaint_id, Some(office.id), to, lang, rendered.clone()))
        .collect()
}

/// What a filed complaint tells the world, apart from the worker.
pub struct FiledCase<'a> {
    pub reference: &'a str,
    pub category_zh: &'a str,
    pub category_en: &'a str,
    pub region_name: &'a str,
    pub affected_workers: u32,
    pub acknowledge_by: chrono::NaiveDate,
    pub decision: &'a Decision,
    pub offices: &'a HashMap<i64, office::Model>,
    /// The worker's address when they asked to be told by email, and their language.
    pub worker: Option<(&'a str, Language)>,
    /// The worker asked for the receipt code by email: the mail carries a placeholder for it.
    pub receipt_by_email: bool,
}

pub fn complaint_filed(ctx: &MailContext, case: &FiledCase<'_>) -> Result<Vec<NewMessage>, SecretsError> {
    let link = format!("{}/console/cases/{}", ctx.public_url, case.reference);
    let category = |lang: Language| match lang {
        Language::ZhCn => case.category_zh,
        Language::En => case.category_en,
    };
    let name = |office: &office::Model, lang: Language| match lang {
        Language::ZhCn => office.name_zh.clone(),
        Language::En => office.name_en.clone(),
    };
    let primary = case.decision.primary().and_then(|p| case.offices.get(&p.office_id));
    let mut out = Vec::new();
    for recipient in &case.decision.recipients {
        let Some(office) = case.offices.get(&recipient.office_id) else { continue };
        let lang = office_language(office);
        let facts = CaseFacts {
            reference: case.reference,
            category: category(lang),
            region: case.region_name,
            affected_workers: case.affected_workers,
            acknowledge_by: case.acknowledge_by,
            link: &link,
        };
        let (kind, rendered) = match recipient.role {
            Role::Primary => ("new_case", templates::new_case(&facts, lang)),
            Role::Copy => {
                let primary_name = primary.map(|p| name(p, lang)).unwrap_or_default();
                ("case_copied", templates::copied_case(&facts, &primary_name, lang))
            }
        };
        out.extend(to_office(ctx, kind, None, office, lang, &rendered)?);
    }
    if let Some((to, lang)) = case.worker {
        let offices: Vec<String> = case
            .decision
            .recipients
            .iter()
            .filter_map(|r| case.offices.get(&r.office_id))
            .map(|o| name(o, lang))
            .collect();
        let rendered = templates::worker_confirmation(
            case.reference,
            category(lang),
            &offices,
            case.acknowledge_by,
            &format!("{}/track", ctx.public_url),
            case.receipt_by_email,
            lang,
        );
        out.push(message(ctx, "worker_confirmation", None, None, to, lang, rendered)?);
    }
    Ok(out)
}
