//! Case work: the staff's view of complaints, scoped to an office, and the changes they make.

use super::complaints::EventInsert;
use super::entity::{complaint, complaint_event, complaint_recipient};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

#[derive(Clone, Debug, Default)]
pub struct CaseFilter {
    pub status: Option<String>,
    pub category: Option<String>,
    pub region_prefix: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Cases past a date (see `overdue_of`) before this day.
    pub overdue_before: Option<NaiveDate>,
    pub overdue_of: OverdueOf,
    pub text: Option<String>,
    pub assigned_to: Option<i64>,
    /// Only cases the office receives (primary or copy); `None` for every case.
    pub office_id: Option<i64>,
    pub filed_by: Option<i64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    NewestFirst,
    OldestFirst,
    DeadlineFirst,
}

/// The `WHERE` of a filter; shared with the figures in `stats`, which count the same cases.
pub(super) fn condition(f: &CaseFilter) -> Condition {
    use complaint::Column as C;
    let mut c = Condition::all();
    if let Some(office) = f.office_id {
        let received = Query::select()
            .column(complaint_recipient::Column::ComplaintId)
            .from(complaint_recipient::Entity)
            .and_where(Expr::col(complaint_recipient::Column::OfficeId).eq(office))
            .and_where(Expr::col(complaint_recipient::Column::Active).eq(true))
            .to_owned();
        c = c.add(C::Id.in_subquery(received));
    }
    if let Some(s) = &f.status {
        c = c.add(C::Status.eq(s.clone()));
    }
    if let Some(cat) = &f.category {
        c = c.add(C::Category.eq(cat.clone()));
    }
    if let Some(prefix) = &f.region_prefix {
        c = c.add(C::RegionCode.starts_with(prefix.clone()));
    }
    if let Some(from) = f.from {
        c = c.add(C::CreatedAt.gte(from));
    }
    if let Some(to) = f.to {
        c = c.add(C::CreatedAt.lt(to));
    }
    if let Some(day) = f.overdue_before {
        c = c.add(overdue_condition(day, f.overdue_of));
    }
    if let Some(text) = &f.text {
        c = c.add(
            Condition::any()
                .add(C::Reference.contains(text.clone()))
                .add(C::Platform.contains(text.clone()))
                .add(C::Employer.contains(text.clone())),
        );
    }
    if let Some(staff) = f.assigned_to {
        c = c.add(C::AssignedStaffId.eq(staff));
    }
    if let Some(staff) = f.filed_by {
        c = c.add(C::FiledByStaffId.eq(staff));
    }
    c
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &CaseFilter,
    sort: Sort,
    page: u64,
    per_page: u64,
) -> Result<(Vec<complaint::Model>, u64), DbErr> {
    let base = complaint::Entity::find().filter(condition(f));
    let total = base.clone().count(db).await?;
    let ordered = match sort {
        Sort::NewestFirst => base.order_by_desc(complaint::Column::CreatedAt).order_by_desc(complaint::Column::Id),
        Sort::OldestFirst => base.order_by_asc(complaint::Column::CreatedAt).order_by_asc(complaint::Column::Id),
        Sort::DeadlineFirst => base.order_by_asc(complaint::Column::AcknowledgeBy).order_by_asc(complaint::Column::Id),
    };
    let rows = ordered.limit(per_page).offset(page.saturating_sub(1).saturating_mul(per_page)).all(db).await?;
    Ok((rows, total))
}

/// Every event of a case, oldest first (staff see internal notes too).
pub async fn all_events<C: ConnectionTrait>(db: &C, complaint_id: i64) -> Result<Vec<complaint_event::Model>, DbErr> {
    complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(complaint_event::Column::At)
        .order_by_asc(complaint_event::Column::Id)
        .all(db)
        .await
}

/// When the worker's own messages on a case were added since `since`, oldest first.
pub async fn worker_messages_since<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
    complaint_event::Entity::find()
        .select_only()
        .column(complaint_event::Column::At)
        .filter(complaint_event::Column::ComplaintId.eq(complaint_id))
        .filter(complaint_event::Column::Kind.eq("message"))
        .filter(complaint_event::Column::StaffId.is_null())
        .filter(complaint_event::Column::At.gte(since))
        .order_by_asc(complaint_event::Column::At)
        .into_tuple::<DateTime<Utc>>()
        .all(db)
        .await
}

pub async fn add_event<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
    e: EventInsert,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(complaint_event::Entity::insert(complaint_event::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint_id),
        at: Set(at),
        kind: Set(e.kind.to_owned()),
        status: Set(e.status),
        message: Set(e.message),
        visible_to_worker: Set(e.visible_to_worker),
        office_id: Set(e.office_id),
        staff_id: Set(e.staff_id),
    })
    .exec(db)
    .await?
    .last_insert_id)
}

pub async fn set_status<C: ConnectionTrait>(
    db: &C,
    id: i64,
    status: crate::domain::status::Status,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        status: Set(status),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}

pub async fn touch<C: ConnectionTrait>(db: &C, id: i64, at: DateTime<Utc>) -> Result<(), DbErr> {
    complaint::Entity::update(complaint::ActiveModel { id: Set(id), updated_at: Set(at), ..Default::default() })
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn set_assigned<C: ConnectionTrait>(
    db: &C,
    id: i64,
    staff_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        assigned_staff_id: Set(staff_id),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}

/// Moves a case to another office: the old office loses access, the new one takes it as primary
/// (a copy it held becomes the primary role), and the case starts again as `received`.
pub async fn transfer<C: ConnectionTrait>(
    db: &C,
    id: i64,
    to_office: i64,
    dates: crate::domain::deadline::Dates,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint_recipient::Entity::update_many()
        .col_expr(complaint_recipient::Column::Active, Expr::value(false))
        .filter(complaint_recipient::Column::ComplaintId.eq(id))
        .filter(
            Condition::any()
                .add(complaint_recipient::Column::Role.eq("primary"))
                .add(complaint_recipient::Column::OfficeId.eq(to_office)),
        )
        .exec(db)
        .await?;
    complaint_recipient::Entity::insert(complaint_recipient::ActiveModel {
        id: NotSet,
        complaint_id: Set(id),
        office_id: Set(to_office),
        role: Set(crate::domain::routing::Role::Primary),
        rule_id: Set(None),
        active: Set(true),
        created_at: Set(at),
    })
    .exec_without_returning(db)
    .await?;
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        primary_office_id: Set(to_office),
        status: Set(crate::domain::status::Status::Received),
        acknowledge_by: Set(dates.acknowledge_by),
        result_by: Set(Some(dates.result_by)),
        result_extended_at: Set(None),
        result_extension_reason: Set(None),
        assigned_staff_id: Set(None),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}

/// Moves the result date: on acceptance (no reason), or by the one extension (with its reason).
pub async fn set_result_by<C: ConnectionTrait>(
    db: &C,
    id: i64,
    result_by: NaiveDate,
    extension_reason: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row = complaint::ActiveModel {
        id: Set(id),
        result_by: Set(Some(result_by)),
        updated_at: Set(at),
        ..Default::default()
    };
    if let Some(reason) = extension_reason {
        row.result_extended_at = Set(Some(at));
        row.result_extension_reason = Set(Some(reason.to_owned()));
    }
    complaint::Entity::update(row).exec(db).await.map(|_| ())
}

pub async fn add_decision<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
    explanation: String,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    super::entity::routing_decision::Entity::insert(super::entity::routing_decision::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint_id),
        decided_at: Set(at),
        fallback: Set(false),
        explanation: Set(explanation),
    })
    .exec_without_returning(db)
    .await
    .map(|_| ())
}

/// Which dates the overdue filter looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OverdueOf {
    /// Either date (the queue's overdue tab).
    #[default]
    Any,
    Acknowledge,
    Result,
}

/// Past a date before `day` (see `domain::deadline::Overdue`): still `received` after the
/// acknowledge-by date, or not finished after the result date.
fn overdue_condition(day: NaiveDate, of: OverdueOf) -> Condition {
    use complaint::Column as C;
    let acknowledge = Condition::all().add(C::Status.eq("received")).add(C::AcknowledgeBy.lt(day));
    let result =
        Condition::all().add(C::Status.is_in(["received", "accepted", "in_progress"])).add(C::ResultBy.lt(day));
    match of {
        OverdueOf::Any => Condition::any().add(acknowledge).add(result),
        OverdueOf::Acknowledge => acknowledge,
        OverdueOf::Result => result,
    }
}

/// Cases past either date, oldest acknowledgement date first.
pub async fn overdue<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<complaint::Model>, DbErr> {
    complaint::Entity::find()
        .filter(overdue_condition(today, OverdueOf::Any))
        .order_by_asc(complaint::Column::AcknowledgeBy)
        .order_by_asc(complaint::Column::Id)
        .all(db)
        .await
}

/// Marks the day's digest of an office as sent; `false` when it already was (by this or another
/// instance), so that each office gets one digest a day.
pub async fn claim_digest<C: ConnectionTrait>(
    db: &C,
    office_id: i64,
    day: NaiveDate,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use super::entity::digest_sent;
    let result =
        digest_sent::Entity::insert(digest_sent::ActiveModel { office_id: Set(office_id), day: Set(day), at: Set(at) })
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([digest_sent::Column::OfficeId, digest_sent::Column::Day])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    Ok(result > 0)
}
