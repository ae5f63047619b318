//! The daily digest: each office with overdue cases (still `received` after their
//! acknowledge-by date) is emailed the list once a day, through the outbox.

use super::messages::to_office;
use super::templates::{Rendered, escape};
use crate::domain::language::Language;
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::entity::complaint;
use std::collections::BTreeMap;

fn render(state: &AppState, cases: &[&complaint::Model], lang: Language) -> Rendered {
    let (intro, subject) = match lang {
        Language::ZhCn => (
            format!("您好：贵单位有 {} 件投诉已超过受理或答复期限，尚未受理。", cases.len()),
            format!("【逾期提醒】{} 件投诉已超过受理期限", cases.len()),
        ),
        Language::En => (
            format!(
                "Your office has {} complaint(s) past their accept-or-refuse date and not yet accepted.",
                cases.len()
            ),
            format!("[Overdue] {} complaint(s) past their deadline", cases.len()),
        ),
    };
    let mut text = format!("{intro}\n\n");
    let mut html = format!("<!doctype html><html lang=\"{}\"><body><p>{}</p><ul>", lang.tag(), escape(&intro));
    for c in cases {
        let category = state.directory.category(&c.category).map_or(c.category.as_str(), |cat| cat.name(lang));
        let link = format!("{}/console/cases/{}", state.mail.public_url, c.reference);
        let line = format!(
            "{} · {} · {} · {}",
            c.reference,
            category,
            state.directory.full_name(&c.region_code),
            c.acknowledge_by
        );
        text.push_str(&format!("- {line}\n  {link}\n"));
        html.push_str(&format!("<li><a href=\"{}\">{}</a></li>", escape(&link), escape(&line)));
    }
    html.push_str("</ul></body></html>");
    Rendered { subject, text, html }
}

/// Queues today's digest for every office that has overdue cases and has not had one today.
/// Returns how many offices were sent one.
pub async fn send_due(state: &AppState) -> Result<usize, ServiceError> {
    let today = state.clock.today_in_china();
    let now = state.clock.now();
    let overdue = store::cases::overdue(&state.db, today).await?;
    let mut by_office: BTreeMap<i64, Vec<&complaint::Model>> = BTreeMap::new();
    for c in &overdue {
        by_office.entry(c.primary_office_id).or_default().push(c);
    }
    let ids: Vec<i64> = by_office.keys().copied().collect();
    let offices = store::directory::offices_by_ids(&state.db, &ids).await?;
    let mut sent = 0;
    for office in offices.iter().filter(|o| o.active) {
        let Some(cases) = by_office.get(&office.id) else { continue };
        let lang = Language::parse(&office.language).unwrap_or_default();
        let rendered = render(state, cases, lang);
        let mail = to_office(&state.mail, "overdue_digest", None, office, lang, &rendered)?;
        let txn = store::begin_write(&state.db).await?;
        if store::cases::claim_digest(&txn, office.id, today, now).await? {
            store::outbox::enqueue(&txn, mail, now).await?;
            txn.commit().await?;
            sent += 1;
        } else {
            txn.rollback().await?;
        }
    }
    Ok(sent)
}
