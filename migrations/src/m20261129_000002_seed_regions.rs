//! GB/T 2260 regions (2023 statistical division codes; see data/README.md for the source).

use crate::seed::{insert_batched, parse_csv};
use sea_orm_migration::prelude::*;
use serde::Deserialize;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Deserialize)]
struct Province {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct City {
    code: String,
    name: String,
    #[serde(rename = "provinceCode")]
    province_code: String,
}

#[derive(Deserialize)]
struct Area {
    code: String,
    name: String,
    #[serde(rename = "cityCode")]
    city_code: String,
}

fn row(code: String, name: String, level: i16, parent: Option<String>) -> Vec<SimpleExpr> {
    vec![code.into(), name.into(), level.into(), parent.into()]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let provinces: Vec<Province> = parse_csv("provinces.csv", include_str!("../data/provinces.csv"))?;
        let cities: Vec<City> = parse_csv("cities.csv", include_str!("../data/cities.csv"))?;
        let areas: Vec<Area> = parse_csv("areas.csv", include_str!("../data/areas.csv"))?;
        let mut rows = Vec::with_capacity(provinces.len() + cities.len() + areas.len());
        rows.extend(provinces.into_iter().map(|p| row(p.code, p.name, 1, None)));
        rows.extend(cities.into_iter().map(|c| row(c.code, c.name, 2, Some(c.province_code))));
        rows.extend(areas.into_iter().map(|a| row(a.code, a.name, 3, Some(a.city_code))));
        insert_batched(m, Alias::new("regions"), &["code", "name", "level", "parent"], rows).await
    }
}
