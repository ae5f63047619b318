//! Regions, categories, offices and routing rules.

use super::entity::{category, office, region, routing_rule};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub async fn all_regions(db: &DatabaseConnection) -> Result<Vec<region::Model>, DbErr> {
    region::Entity::find().order_by_asc(region::Column::Code).all(db).await
}

pub async fn all_categories(db: &DatabaseConnection) -> Result<Vec<category::Model>, DbErr> {
    category::Entity::find().order_by_asc(category::Column::Sort).all(db).await
}

pub async fn office_by_code(db: &DatabaseConnection, code: &str) -> Result<Option<office::Model>, DbErr> {
    office::Entity::find().filter(office::Column::Code.eq(code)).one(db).await
}

pub async fn offices_by_ids(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<office::Model>, DbErr> {
    office::Entity::find().filter(office::Column::Id.is_in(ids.iter().copied())).all(db).await
}

/// The active rules that could match a complaint in a region: those without a region criterion
/// and those whose prefix is one of the region's own prefixes. The engine checks the rest.
pub async fn candidate_rules(
    db: &DatabaseConnection,
    region_prefixes: &[&str],
) -> Result<Vec<routing_rule::Model>, DbErr> {
    routing_rule::Entity::find()
        .filter(routing_rule::Column::Active.eq(true))
        .filter(
            Condition::any()
                .add(routing_rule::Column::RegionPrefix.is_null())
                .add(routing_rule::Column::RegionPrefix.is_in(region_prefixes.iter().map(|p| p.to_string()))),
        )
        .order_by_asc(routing_rule::Column::Id)
        .all(db)
        .await
}

/// The offices of one kind whose region is one of `regions` (a place's province, city and county
/// codes), for resolving the competent office inside a transaction.
pub async fn offices_of_kind_in<C: sea_orm::ConnectionTrait>(
    db: &C,
    kind: crate::domain::office::OfficeKind,
    regions: &[&str],
) -> Result<Vec<office::Model>, DbErr> {
    office::Entity::find()
        .filter(office::Column::Kind.eq(kind))
        .filter(office::Column::RegionCode.is_in(regions.iter().map(|r| (*r).to_owned())))
        .order_by_asc(office::Column::Id)
        .all(db)
        .await
}
