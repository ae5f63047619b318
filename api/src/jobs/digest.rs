//! The daily digest: each office with overdue cases (still `received` after their
//! acknowledge-by date, or not finished after their result date) is emailed the list once a day,
//! through the outbox.

use super::{Report, china_date};
use crate::domain::deadline::Overdue;
use crate::domain::language::Language;
use crate::notify::messages::to_office;
use crate::notify::templates::{DigestCase, Rendered, overdue_digest};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::entity::complaint;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

fn render(state: &AppState, cases: &[&complaint::Model], today: NaiveDate, lang: Language) -> Rendered {
    let cases: Vec<DigestCase<'_>> = cases
        .iter()
        .map(|c| DigestCase {
            reference: &c.reference,
            category: state.directory.category(&c.category).map_or(c.category.as_str(), |cat| cat.name(lang)),
            region: state.directory.full_name(&c.region_code),
            acknowledge_by: c.acknowledge_by,
            result_by: c.result_by,
            overdue: Overdue::of(c.status, c.acknowledge_by, c.result_by, today),
            link: format!("{}/console/cases/{}", state.mail.public_url, c.reference),
        })
        .collect();
    overdue_digest(&cases, lang)
}

/// The job: queues the digest of the China date of `now` for every office that has overdue
/// cases and has not had that day's digest. Safe to run any number of times, from any instance:
/// `claim_digest` lets one digest per office and day through.
pub async fn run_once(state: &AppState, now: DateTime<Utc>) -> Result<Report, ServiceError> {
    Ok(Report::Digest { offices: send(state, now).await? })
}

/// Today's digests by the app's clock; returns how many offices were sent one.
pub async fn send_due(state: &AppState) -> Result<usize, ServiceError> {
    send(state, state.clock.now()).await
}

async fn send(state: &AppState, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let today = china_date(now);
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
        let rendered = render(state, cases, today, lang);
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
