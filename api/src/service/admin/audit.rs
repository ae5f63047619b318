//! The audit log

use super::*;

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// A staff account's id or email.
    pub actor: Option<String>,
    /// e.g. `office_created`, `identity_revealed`, `login`.
    pub action: Option<String>,
    /// A case reference.
    pub case: Option<String>,
    /// On or after this day (YYYY-MM-DD, China time).
    pub from: Option<NaiveDate>,
    /// On or before this day (YYYY-MM-DD, China time).
    pub to: Option<NaiveDate>,
    // Any u64 is read and served (clamped, or an empty page): not only the int64 range utoipa says.
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub page: Option<u64>,
    /// Default 50, at most 500.
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub per_page: Option<u64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditItem {
    pub id: i64,
    #[schema(format = DateTime)]
    pub at: String,
    pub actor_staff_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    /// The case's reference when the entry concerns one.
    pub case: Option<String>,
    pub target: Option<String>,
    pub details: Option<String>,
    pub ip: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditList {
    /// Newest first.
    pub items: Vec<AuditItem>,
    pub page: u64,
    pub per_page: u64,
    /// Whether a next page has entries.
    pub has_more: bool,
}

fn china_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    let offset = FixedOffset::east_opt(8 * 3600)?;
    offset.from_local_datetime(&day.and_hms_opt(0, 0, 0)?).single().map(|t| t.with_timezone(&Utc))
}

fn filter_text(value: Option<String>) -> Result<Option<String>, &'static str> {
    let text = value.map(|v| free_text(&v, Lines::One)).transpose()?;
    Ok(text.filter(|t| !t.is_empty()))
}

pub async fn audit_log(state: &AppState, caller: &Caller, query: AuditQuery) -> Result<AuditList, ServiceError> {
    require_admin(caller)?;
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 500);
    let empty = AuditList { items: Vec::new(), page, per_page, has_more: false };
    // No entry holds a control character, and PostgreSQL refuses a NUL: such a filter finds none.
    let (Ok(action), Ok(actor)) = (filter_text(query.action), filter_text(query.actor)) else {
        return Ok(empty);
    };
    let mut filter = AuditFilter {
        action,
        from: query.from.and_then(china_midnight),
        to: query.to.and_then(|d| d.succ_opt()).and_then(china_midnight),
        ..AuditFilter::default()
    };
    if let Some(actor) = actor {
        let id = match actor.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => store::staff::by_email(&state.db, &actor.to_lowercase()).await?.map(|s| s.id),
        };
        match id {
            Some(id) => filter.actor_staff_id = Some(id),
            None => return Ok(empty),
        }
    }
    if let Some(reference) = non_empty(query.case) {
        let normalized = crate::domain::reference::Reference::parse(&reference).map(|r| r.as_str().to_owned());
        let found = match normalized {
            Ok(r) => store::complaints::find_by_reference(&state.db, &r).await?,
            Err(_) => None,
        };
        match found {
            Some(c) => filter.complaint_id = Some(c.id),
            None => return Ok(empty),
        }
    }
    // Capped where the databases' signed offsets end: past it there are no rows either.
    let offset = (page - 1).saturating_mul(per_page).min(crate::service::case::list::MAX_OFFSET);
    let mut rows: Vec<audit_entry::Model> = store::audit::query(&state.db, &filter, per_page + 1, offset).await?;
    let has_more = rows.len() as u64 > per_page;
    rows.truncate(usize::try_from(per_page).unwrap_or(usize::MAX));
    let mut ids: Vec<i64> = rows.iter().filter_map(|r| r.complaint_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let references = store::admin::references_of(&state.db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| AuditItem {
            id: r.id,
            at: time(&r.at),
            actor_staff_id: r.actor_staff_id,
            actor_role: r.actor_role,
            action: r.action,
            case: r.complaint_id.and_then(|id| references.get(&id).cloned()),
            target: r.target,
            details: r.details,
            ip: r.ip,
        })
        .collect();
    Ok(AuditList { items, page, per_page, has_more })
}
