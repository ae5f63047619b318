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

pub async fn list_offices(state: &AppState, caller: &Caller) -> Result<Vec<OfficeView>, ServiceError> {
    require_admin(caller)?;
    Ok(store::admin::offices(&state.db).await?.into_iter().map(OfficeView::from).collect())
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
