//! Routing by competence: the default rules name a kind of office, resolved for the workplace's
//! county (see `intake::domain::competence`), instead of the province's offices. The previous
//! release's default rules (note `default directory`) are disabled, not deleted: the routing
//! history of every case filed under them still names them. Rules an administrator made stay as
//! they are and, being more specific (a region prefix), keep precedence.
//!
//! Also adds four categories (maternity and nursing rights, sexual harassment, personal data and
//! face-recognition monitoring, commission and pay rules), each with a default rule.

use crate::seed::{insert_batched, insert_categories};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The note the previous release's default rules carry, and the one these carry.
const OLD_NOTE: &str = "default directory";
const NOTE: &str = "default rules by competence";

/// One default rule: (category, required tag, minimum affected workers, office kind, role). Every
/// one names the kind's office of the workplace's county, falling back to the city and the
/// province where it is disabled or missing.
type RuleSpec = (Option<&'static str>, Option<&'static str>, Option<i32>, &'static str, &'static str);

const RULES: [RuleSpec; 27] = [
    // Labour inspection is the county- or city-level HRSS department of the place where the
    // violation happens (劳动保障监察条例 第十三条); social insurance contributions are within its
    // remit (第十一条).
    (Some("wage_arrears"), None, None, "labour_inspection", "primary"),
    (Some("working_hours"), None, None, "labour_inspection", "primary"),
    (Some("pay_deductions"), None, None, "labour_inspection", "primary"),
    (Some("employment_status"), None, None, "labour_inspection", "primary"),
    (Some("heat_safety"), None, None, "labour_inspection", "primary"),
    (Some("social_insurance"), None, None, "labour_inspection", "primary"),
    (Some("maternity_rights"), None, None, "labour_inspection", "primary"),
    // Work-injury determination is the social insurance administration's (工伤保险条例 第十七条).
    (Some("occupational_injury"), None, None, "work_injury_insurance", "primary"),
    // What the platforms' rules do to workers is for the union to take up with them.
    (Some("algorithm_penalties"), None, None, "trade_union", "primary"),
    (Some("account_deactivation"), None, None, "trade_union", "primary"),
    (Some("commission_pricing"), None, None, "trade_union", "primary"),
    (Some("discrimination"), None, None, "trade_union", "primary"),
    (Some("other"), None, None, "trade_union", "primary"),
    (Some("sexual_harassment"), None, None, "womens_federation", "primary"),
    // Personal information of many people is a public-interest field of the procuratorate
    // (个人信息保护法 第七十条).
    (Some("personal_information"), None, None, "procuratorate", "primary"),
    // The union is copied where workers' pay, health and safety are at stake.
    (Some("wage_arrears"), None, None, "trade_union", "copy"),
    (Some("occupational_injury"), None, None, "trade_union", "copy"),
    (Some("heat_safety"), None, None, "trade_union", "copy"),
    (Some("sexual_harassment"), None, None, "trade_union", "copy"),
    (Some("personal_information"), None, None, "trade_union", "copy"),
    (Some("maternity_rights"), None, None, "womens_federation", "copy"),
    (None, Some("women"), None, "womens_federation", "copy"),
    (None, Some("disability"), None, "disabled_persons_federation", "copy"),
    // Protection of minors is a public-interest field of the procuratorate.
    (None, Some("minor"), None, "procuratorate", "copy"),
    // An injury mentioned under any category reaches the work-injury insurance office.
    (None, Some("injury"), None, "work_injury_insurance", "copy"),
    // Migrant workers' pay is labour inspection's to enforce (保障农民工工资支付条例).
    (None, Some("migrant"), None, "labour_inspection", "copy"),
    // Ten or more workers: a possible public-interest case.
    (None, None, Some(10), "procuratorate", "copy"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        insert_categories(m, "categories_2026_12.csv", include_str!("../data/categories_2026_12.csv")).await?;

        let disable = Query::update()
            .table(Alias::new("routing_rules"))
            .value(Alias::new("active"), false)
            .and_where(Expr::col(Alias::new("note")).eq(OLD_NOTE))
            .to_owned();
        m.exec_stmt(disable).await?;

        let rules = RULES
            .iter()
            .map(|(category, tag, min_affected, kind, role)| {
                vec![
                    category.map(str::to_owned).into(),
                    Option::<String>::None.into(),
                    Option::<String>::None.into(),
                    (*min_affected).into(),
                    tag.map(str::to_owned).into(),
                    Option::<i64>::None.into(),
                    (*kind).into(),
                    "county".into(),
                    (*role).into(),
                    0i32.into(),
                    true.into(),
                    Some(NOTE.to_owned()).into(),
                    Expr::current_timestamp(),
                ]
            })
            .collect();
        insert_batched(
            m,
            Alias::new("routing_rules"),
            &[
                "category",
                "region_prefix",
                "platform",
                "min_affected_workers",
                "required_tag",
                "office_id",
                "target_kind",
                "target_level",
                "role",
                "priority",
                "active",
                "note",
                "created_at",
            ],
            rules,
        )
        .await
    }
}
