//! Offices

use super::*;
use crate::domain::office::OfficeKind;
use crate::service::ProblemCode;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OfficeView {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: OfficeKind,
    pub region_code: Option<String>,
    /// One address, or several separated by commas.
    pub email: String,
    /// False while the address is the default directory's placeholder (example.org).
    pub address_confirmed: bool,
    pub language: String,
    pub active: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<office::Model> for OfficeView {
    fn from(o: office::Model) -> Self {
        Self {
            id: o.id,
            created_at: time(&o.created_at),
            code: o.code,
            name_zh: o.name_zh,
            name_en: o.name_en,
            kind: o.kind,
            region_code: o.region_code,
            email: o.email,
            address_confirmed: o.address_confirmed,
            language: o.language,
            active: o.active,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct NewOfficeInput {
    /// Unique, e.g. `34-labour-inspection`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// `procuratorate`, `trade_union`, `labour_inspection`, `work_injury_insurance`,
    /// `womens_federation`, `disabled_persons_federation` or `intake_desk`.
    pub kind: String,
    pub region_code: Option<String>,
    /// One address, or several separated by commas.
    pub email: String,
    /// `zh-CN` (default) or `en`: the language of the office's emails.
    pub language: Option<String>,
    /// Default true.
    pub active: Option<bool>,
}

/// Only the fields given change; `region_code: null` clears the region.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct OfficePatch {
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub region_code: Option<Option<String>>,
    pub email: Option<String>,
    pub language: Option<String>,
    /// false disables the office: its rules stop taking part in routing.
    pub active: Option<bool>,
}

/// Checks an office's fields and puts them in their stored form.
pub(super) fn check_office(state: &AppState, mut f: OfficeFields, errors: &mut Vec<FieldError>) -> OfficeFields {
    f.kind = f.kind.trim().to_owned();
    for (field, value) in [("name_zh", &mut f.name_zh), ("name_en", &mut f.name_en)] {
        match text_field(field, value, Lines::One) {
            Err(e) => errors.push(e),
            Ok(name) if name.is_empty() => errors.push(FieldError::new(field, "required")),
            Ok(name) if name.chars().count() > 200 => errors.push(FieldError::new(field, "too_long").with("max", 200)),
            Ok(name) => *value = name,
        }
    }
    if OfficeKind::parse(&f.kind).is_none() {
        errors.push(FieldError::new("kind", "kind_invalid"));
    }
    f.region_code = non_empty(f.region_code.take());
    if let Some(code) = &f.region_code {
        match RegionCode::parse(code) {
            Ok(region) if state.directory.region(&region).is_some() => f.region_code = Some(region.as_str().to_owned()),
            _ => errors.push(FieldError::new("region_code", "region_unknown")),
        }
    }
    let addresses: Vec<String> =
        f.email.split([',', ';']).map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty()).collect();
    if addresses.is_empty() {
        errors.push(FieldError::new("email", "required"));
    } else if !addresses.iter().all(validator::ValidateEmail::validate_email) {
        errors.push(FieldError::new("email", "email_invalid"));
    }
    // The default directory's addresses are placeholders on example.org (RFC 2606): an office is
    // confirmed once none of its addresses is one.
    f.address_confirmed = !addresses.is_empty() && !addresses.iter().any(|a| a.ends_with("@example.org"));
    f.email = addresses.join(",");
    match Language::parse(&f.language) {
        Ok(lang) => f.language = lang.tag().to_owned(),
        Err(_) => errors.push(FieldError::new("language", "language_unsupported")),
    }
    f
}

pub(super) fn check_code(code: &str, errors: &mut Vec<FieldError>) -> String {
    let code = code.trim().to_owned();
    if code.is_empty() {
        errors.push(FieldError::new("code", "required"));
    } else if code.len() > 64 || !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        errors.push(FieldError::new("code", "office_code_invalid"));
    }
    code
}

/// The filters of `GET /api/v1/admin/offices`: each one given narrows the list. Without `page`
/// and `per_page` the answer holds every office the filters select (without any parameter,
/// every office, as the endpoint always answered).
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficeQuery {
    /// A region prefix, 2, 4 or 6 digits of an existing region: the offices of a province, city
    /// or county and of the places below it.
    pub region: Option<String>,
    /// `procuratorate`, `trade_union`, `labour_inspection`, `work_injury_insurance`,
    /// `womens_federation`, `disabled_persons_federation` or `intake_desk`.
    pub kind: Option<String>,
    /// `true`: only offices whose address is still the default directory's placeholder;
    /// `false`: only those with a confirmed address.
    pub unconfirmed: Option<bool>,
    /// `true`: only active offices; `false`: only disabled ones.
    pub active: Option<bool>,
    /// Text in the code, the Chinese or the English name (ASCII letters in any case).
    pub q: Option<String>,
    /// The page, from 1 (with `per_page`, or its default of 100).
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub page: Option<u64>,
    /// Offices a page: default 100, at most 1000.
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub per_page: Option<u64>,
}

/// Offices a page when a page is asked for without saying how many.
pub const OFFICES_PER_PAGE: u64 = 100;
/// The most offices one page holds.
pub const MAX_OFFICES_PER_PAGE: u64 = 1000;

/// One page of offices (or every office selected, when no page was asked for).
#[derive(Clone, Debug)]
pub struct OfficePage {
    pub items: Vec<OfficeView>,
    /// How many offices the filters select in all.
    pub total: u64,
    pub page: u64,
    /// `None` when every office selected is in `items`.
    pub per_page: Option<u64>,
}

impl OfficePage {
    /// How many pages the selection fills (at least 1).
    pub fn pages(&self) -> u64 {
        match self.per_page {
            Some(per) if per > 0 => self.total.div_ceil(per).max(1),
            _ => 1,
        }
    }
}

/// In which order a list of offices comes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OfficeSort {
    /// As created (the API's order).
    #[default]
    Created,
    /// By code: each province's offices together (the console's order).
    Code,
}

/// Reads the filters of an office list; every value given must parse.
fn office_filter(state: &AppState, query: &OfficeQuery) -> Result<store::admin::OfficeFilter, ServiceError> {
    let mut errors = Vec::new();
    let mut filter = store::admin::OfficeFilter::default();
    if let Some(region) = query.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        match RegionCode::parse(region) {
            Ok(code) if state.directory.region(&code).is_some() => {
                filter.region_prefix = Some(code.as_str().to_owned())
            }
            _ => errors.push(FieldError::new("region", "prefix_unknown")),
        }
    }
    if let Some(kind) = query.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        match OfficeKind::parse(kind) {
            Some(kind) => filter.kind = Some(kind),
            None => errors.push(FieldError::new("kind", "kind_invalid")),
        }
    }
    filter.address_confirmed = query.unconfirmed.map(|unconfirmed| !unconfirmed);
    filter.active = query.active;
    // Searched the way the names were stored; a NUL would be an error in PostgreSQL.
    match optional_text_field("q", query.q.as_deref(), Lines::One) {
        Ok(text) if text.as_deref().is_some_and(|t| t.chars().count() > 200) => {
            errors.push(FieldError::new("q", "too_long").with("max", 200));
        }
        Ok(text) => filter.text = text,
        Err(e) => errors.push(e),
    }
    if errors.is_empty() { Ok(filter) } else { Err(ServiceError::Validation(errors)) }
}

/// The offices a query selects: every one, or the page asked for.
pub async fn find_offices(
    state: &AppState,
    caller: &Caller,
    query: &OfficeQuery,
    sort: OfficeSort,
) -> Result<OfficePage, ServiceError> {
    require_admin(caller)?;
    let filter = office_filter(state, query)?;
    let order = match sort {
        OfficeSort::Created => store::admin::OfficeOrder::Id,
        OfficeSort::Code => store::admin::OfficeOrder::Code,
    };
    let paged = (query.page.is_some() || query.per_page.is_some()).then(|| {
        let page = query.page.unwrap_or(1).max(1);
        let per_page = query.per_page.unwrap_or(OFFICES_PER_PAGE).clamp(1, MAX_OFFICES_PER_PAGE);
        (page, per_page)
    });
    // A page far past the end is fetched as the last page whose offset fits: it is just as empty.
    let fetched =
        paged.map(|(page, per_page)| (page.min(crate::service::case::list::MAX_OFFSET / per_page + 1), per_page));
    let (rows, total) = store::admin::find_offices(&state.db, &filter, order, fetched).await?;
    Ok(OfficePage {
        items: rows.into_iter().map(OfficeView::from).collect(),
        total,
        page: paged.map_or(1, |(page, _)| page),
        per_page: paged.map(|(_, per_page)| per_page),
    })
}

/// How many active offices of a province still have the placeholder address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnconfirmedCount {
    /// The province's 2 digits; `None` for the offices without a region (the national desk).
    pub province: Option<String>,
    pub count: u64,
}

/// The active offices whose address is still unconfirmed, by province in code order (the
/// offices without a region last); provinces with none are left out.
pub async fn unconfirmed_by_province(state: &AppState, caller: &Caller) -> Result<Vec<UnconfirmedCount>, ServiceError> {
    require_admin(caller)?;
    let mut provinces: std::collections::BTreeMap<Option<String>, u64> = std::collections::BTreeMap::new();
    for (region, n) in store::admin::unconfirmed_by_region(&state.db).await? {
        let province = region.map(|r| r.chars().take(2).collect::<String>());
        let n = u64::try_from(n).map_err(|_| ServiceError::Internal(format!("a count of {n} offices")))?;
        *provinces.entry(province).or_default() += n;
    }
    let (national, regional): (Vec<_>, Vec<_>) = provinces.into_iter().partition(|(p, _)| p.is_none());
    Ok(regional
        .into_iter()
        .chain(national)
        .filter(|(_, count)| *count > 0)
        .map(|(province, count)| UnconfirmedCount { province, count })
        .collect())
}

/// One office by id.
pub async fn get_office(state: &AppState, caller: &Caller, id: i64) -> Result<OfficeView, ServiceError> {
    require_admin(caller)?;
    store::admin::office(&state.db, id)
        .await?
        .map(OfficeView::from)
        .ok_or(ServiceError::NotFound(ProblemCode::OfficeNotFound))
}

/// The offices of these ids (those that exist), for pages that name the offices of rules and
/// accounts without loading the whole directory.
pub async fn offices_by_ids(state: &AppState, caller: &Caller, ids: &[i64]) -> Result<Vec<OfficeView>, ServiceError> {
    require_admin(caller)?;
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store::directory::offices_by_ids(&state.db, &wanted).await?.into_iter().map(OfficeView::from).collect())
}

/// The active office a form names by its code (`341102-labour-inspection`): `Ok(None)` when the
/// field is empty, and the field error `office_unknown` on `field` when no active office has the
/// code.
pub async fn office_by_code(
    state: &AppState,
    caller: &Caller,
    field: &'static str,
    code: &str,
) -> Result<Option<OfficeView>, ServiceError> {
    require_admin(caller)?;
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    match store::admin::office_by_code(&state.db, code).await? {
        Some(office) if office.active => Ok(Some(OfficeView::from(office))),
        _ => Err(ServiceError::Validation(vec![FieldError::new(field, "office_unknown")])),
    }
}

pub async fn create_office(
    state: &AppState,
    caller: &Caller,
    input: NewOfficeInput,
) -> Result<OfficeView, ServiceError> {
    require_admin(caller)?;
    let mut errors = Vec::new();
    let code = check_code(&input.code, &mut errors);
    if !code.is_empty() && store::admin::office_by_code(&state.db, &code).await?.is_some() {
        errors.push(FieldError::new("code", "code_taken"));
    }
    let fields = check_office(
        state,
        OfficeFields {
            name_zh: input.name_zh,
            name_en: input.name_en,
            kind: input.kind,
            region_code: input.region_code,
            email: input.email,
            language: input.language.unwrap_or_else(|| "zh-CN".into()),
            active: input.active.unwrap_or(true),
            address_confirmed: false,
        },
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let txn = store::begin_write(&state.db).await?;
    let id = match store::admin::insert_office(&txn, &code, fields, state.clock.now()).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) => {
            return Err(ServiceError::Validation(vec![FieldError::new("code", "code_taken")]));
        }
        Err(e) => return Err(e.into()),
    };
    audit(state, &txn, Some(caller), "office_created", format!("office #{id} {code}"), None).await?;
    txn.commit().await?;
    state.routing.invalidate();
    store::admin::office(&state.db, id)
        .await?
        .map(OfficeView::from)
        .ok_or(ServiceError::NotFound(ProblemCode::OfficeNotFound))
}

pub async fn update_office(
    state: &AppState,
    caller: &Caller,
    id: i64,
    patch: OfficePatch,
) -> Result<OfficeView, ServiceError> {
    require_admin(caller)?;
    let current =
        store::admin::office(&state.db, id).await?.ok_or(ServiceError::NotFound(ProblemCode::OfficeNotFound))?;
    let mut errors = Vec::new();
    let fields = check_office(
        state,
        OfficeFields {
            name_zh: patch.name_zh.unwrap_or_else(|| current.name_zh.clone()),
            name_en: patch.name_en.unwrap_or_else(|| current.name_en.clone()),
            kind: patch.kind.unwrap_or_else(|| current.kind.as_str().to_owned()),
            region_code: patch.region_code.unwrap_or_else(|| current.region_code.clone()),
            email: patch.email.unwrap_or_else(|| current.email.clone()),
            language: patch.language.unwrap_or_else(|| current.language.clone()),
            active: patch.active.unwrap_or(current.active),
            address_confirmed: current.address_confirmed,
        },
        &mut errors,
    );
    if id == state.default_office_id && !fields.active {
        errors.push(FieldError::new("active", "default_office_required"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let action = match (current.active, fields.active) {
        (true, false) => "office_disabled",
        (false, true) => "office_enabled",
        _ => "office_updated",
    };
    let txn = store::begin_write(&state.db).await?;
    store::admin::update_office(&txn, id, fields).await?;
    audit(state, &txn, Some(caller), action, format!("office #{id} {}", current.code), None).await?;
    txn.commit().await?;
    state.routing.invalidate();
    store::admin::office(&state.db, id)
        .await?
        .map(OfficeView::from)
        .ok_or(ServiceError::NotFound(ProblemCode::OfficeNotFound))
}
