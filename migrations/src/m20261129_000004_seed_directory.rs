//! The default directory: five offices in every province and the rules that route to them, plus
//! the national intake desk that receives what no rule matches. Addresses use example.org on
//! purpose: administrators load the real directory from CSV.

use crate::seed::{insert_batched, parse_csv};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Deserialize)]
struct Province {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct ProvinceEn {
    code: String,
    name_en: String,
    kind: String,
}

/// The office kinds of a province, with the slug used in office codes and seed addresses.
const KINDS: [(&str, &str); 5] = [
    ("procuratorate", "procuratorate"),
    ("trade_union", "trade-union"),
    ("labour_inspection", "labour-inspection"),
    ("womens_federation", "womens-federation"),
    ("disabled_persons_federation", "disabled-federation"),
];

/// The national desk's code; the `routing.default_office` setting names it by default.
pub const DEFAULT_OFFICE_CODE: &str = "CN-INTAKE";

fn names(kind: &str, zh: &str, en: &str, province_kind: &str) -> (String, String) {
    match kind {
        "procuratorate" => (
            format!("{zh}人民检察院公益诉讼检察部"),
            format!("{en} People's Procuratorate, Public Interest Litigation Department"),
        ),
        "trade_union" => (format!("{zh}总工会"), format!("{en} Federation of Trade Unions")),
        "labour_inspection" if province_kind == "municipality" => (
            format!("{zh}人力资源和社会保障局劳动保障监察总队"),
            format!("{en} Human Resources and Social Security Bureau, Labour Inspection"),
        ),
        "labour_inspection" => (
            format!("{zh}人力资源和社会保障厅劳动保障监察局"),
            format!("{en} Department of Human Resources and Social Security, Labour Inspection"),
        ),
        "womens_federation" => (format!("{zh}妇女联合会"), format!("{en} Women's Federation")),
        _ => (format!("{zh}残疾人联合会"), format!("{en} Disabled Persons' Federation")),
    }
}

/// One default rule: (category, required tag, minimum affected workers, office kind, role).
type RuleSpec = (Option<&'static str>, Option<&'static str>, Option<i32>, &'static str, &'static str);

const RULES: [RuleSpec; 17] = [
    (Some("wage_arrears"), None, None, "labour_inspection", "primary"),
    (Some("social_insurance"), None, None, "labour_inspection", "primary"),
    (Some("occupational_injury"), None, None, "labour_inspection", "primary"),
    (Some("employment_status"), None, None, "labour_inspection", "primary"),
    (Some("heat_safety"), None, None, "labour_inspection", "primary"),
    (Some("working_hours"), None, None, "trade_union", "primary"),
    (Some("algorithm_penalties"), None, None, "trade_union", "primary"),
    (Some("pay_deductions"), None, None, "trade_union", "primary"),
    (Some("account_deactivation"), None, None, "trade_union", "primary"),
    (Some("discrimination"), None, None, "trade_union", "primary"),
    (Some("other"), None, None, "trade_union", "primary"),
    (Some("wage_arrears"), None, None, "trade_union", "copy"),
    (Some("occupational_injury"), None, None, "trade_union", "copy"),
    (Some("heat_safety"), None, None, "trade_union", "copy"),
    (None, Some("women"), None, "womens_federation", "copy"),
    (None, Some("disability"), None, "disabled_persons_federation", "copy"),
    (None, None, Some(10), "procuratorate", "copy"),
];

/// Protection of minors is a public-interest field of the procuratorate: copy it in as well.
const MINOR_RULE: RuleSpec = (None, Some("minor"), None, "procuratorate", "copy");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let provinces: Vec<Province> = parse_csv("provinces.csv", include_str!("../data/provinces.csv"))?;
        let english: HashMap<String, ProvinceEn> =
            parse_csv::<ProvinceEn>("provinces_en.csv", include_str!("../data/provinces_en.csv"))?
                .into_iter()
                .map(|p| (p.code.clone(), p))
                .collect();

        let office_columns =
            ["code", "name_zh", "name_en", "kind", "region_code", "email", "language", "active", "created_at"];
        let mut offices: Vec<Vec<SimpleExpr>> = vec![vec![
            DEFAULT_OFFICE_CODE.into(),
            "全国劳动者投诉受理台（待分派）".into(),
            "National intake desk (complaints awaiting assignment)".into(),
            "intake_desk".into(),
            Option::<String>::None.into(),
            "intake-desk@example.org".into(),
            "zh-CN".into(),
            true.into(),
            Expr::current_timestamp(),
        ]];
        for p in &provinces {
            let en = english
                .get(&p.code)
                .ok_or_else(|| DbErr::Migration(format!("provinces_en.csv has no row for {}", p.code)))?;
            for (kind, slug) in KINDS {
                let (name_zh, name_en) = names(kind, &p.name, &en.name_en, &en.kind);
                offices.push(vec![
                    format!("{}-{slug}", p.code).into(),
                    name_zh.into(),
                    name_en.into(),
                    kind.into(),
                    p.code.clone().into(),
                    format!("{slug}.{}@example.org", p.code).into(),
                    "zh-CN".into(),
                    true.into(),
                    Expr::current_timestamp(),
                ]);
            }
        }
        insert_batched(m, Alias::new("offices"), &office_columns, offices).await?;

        let conn = m.get_connection();
        let backend: DbBackend = m.get_database_backend();
        let ids: HashMap<String, i64> = conn
            .query_all_raw(Statement::from_string(backend, "SELECT id, code FROM offices"))
            .await?
            .into_iter()
            .map(|row| Ok((row.try_get::<String>("", "code")?, row.try_get::<i64>("", "id")?)))
            .collect::<Result<_, DbErr>>()?;

        let mut rules: Vec<Vec<SimpleExpr>> = Vec::new();
        for p in &provinces {
            for (category, tag, min_affected, kind, role) in RULES.iter().chain(std::iter::once(&MINOR_RULE)) {
                let slug = KINDS.iter().find(|(k, _)| k == kind).map(|(_, s)| *s).unwrap_or("trade-union");
                let code = format!("{}-{slug}", p.code);
                let office_id =
                    *ids.get(&code).ok_or_else(|| DbErr::Migration(format!("seed office {code} is missing")))?;
                rules.push(vec![
                    category.map(str::to_owned).into(),
                    Some(p.code.clone()).into(),
                    Option::<String>::None.into(),
                    (*min_affected).into(),
                    tag.map(str::to_owned).into(),
                    office_id.into(),
                    (*role).into(),
                    0i32.into(),
                    true.into(),
                    Some("default directory".to_owned()).into(),
                    Expr::current_timestamp(),
                ]);
            }
        }
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
