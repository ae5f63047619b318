//! The default directory at every level: competence is resolved from the county up (see the
//! competence schema), so each kind needs an office at city and county level too, and each
//! province gets the work-injury insurance office it lacked. Places come from the GB/T 2260
//! divisions (2023 statistical division codes; see data/README.md). Addresses are placeholders on
//! example.org, left unconfirmed until an administrator loads the real directory.

use crate::seed::{insert_batched, parse_csv};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

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

#[derive(Deserialize)]
struct City {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct Area {
    code: String,
    name: String,
    #[serde(rename = "cityCode")]
    city_code: String,
    #[serde(rename = "provinceCode")]
    province_code: String,
}

/// An office kind below the province: the slug of its codes and addresses (the provincial
/// offices' slugs) and the suffixes that make its names from a place's.
struct LocalKind {
    kind: &'static str,
    slug: &'static str,
    zh: &'static str,
    en: &'static str,
}

const LOCAL_KINDS: [LocalKind; 6] = [
    LocalKind { kind: "procuratorate", slug: "procuratorate", zh: "人民检察院", en: "People's Procuratorate" },
    LocalKind {
        kind: "labour_inspection",
        slug: "labour-inspection",
        zh: "人力资源和社会保障局",
        en: "Human Resources and Social Security Bureau, Labour Inspection",
    },
    // Work-injury recognition is a function of the same bureau; the suffix tells the two apart.
    LocalKind {
        kind: "work_injury_insurance",
        slug: "work-injury-insurance",
        zh: "人力资源和社会保障局（工伤保险）",
        en: "Human Resources and Social Security Bureau, Work-Injury Insurance",
    },
    LocalKind { kind: "trade_union", slug: "trade-union", zh: "总工会", en: "Federation of Trade Unions" },
    LocalKind { kind: "womens_federation", slug: "womens-federation", zh: "妇女联合会", en: "Women's Federation" },
    LocalKind {
        kind: "disabled_persons_federation",
        slug: "disabled-federation",
        zh: "残疾人联合会",
        en: "Disabled Persons' Federation",
    },
];

/// The one provincial kind migration 4 did not seed.
const WORK_INJURY: &LocalKind = &LOCAL_KINDS[2];

/// City-level rows of GB/T 2260 that group counties instead of being a city: the districts and
/// the counties of a municipality, and the county-level units a province or autonomous region
/// administers directly. No office is named after them; their counties answer to the province.
const GROUPINGS: [&str; 4] = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];

/// One office of the default directory.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Office {
    code: String,
    name_zh: String,
    name_en: String,
    kind: &'static str,
    region_code: String,
    email: String,
}

impl Office {
    fn new(kind: &LocalKind, region_code: &str, name_zh: String, name_en: String) -> Self {
        Self {
            code: format!("{region_code}-{}", kind.slug),
            name_zh,
            name_en,
            kind: kind.kind,
            region_code: region_code.to_owned(),
            email: format!("{}.{region_code}@example.org", kind.slug),
        }
    }

    /// The office of `kind` for a city or county, named the way such offices name themselves:
    /// the place, then the body (滁州市琅琊区人民检察院). There are no English place names below
    /// the province, so the English name keeps the Chinese place.
    fn local(kind: &LocalKind, region_code: &str, place: &str) -> Self {
        Self::new(kind, region_code, format!("{place}{}", kind.zh), format!("{place} {}", kind.en))
    }

    /// A province's work-injury insurance office: a municipality's government has bureaus (局)
    /// where a province's has departments (厅), as in migration 4's labour inspection names.
    fn provincial_work_injury(code: &str, name_zh: &str, name_en: &str, municipality: bool) -> Self {
        let (zh, en) = if municipality {
            (
                format!("{name_zh}人力资源和社会保障局（工伤保险）"),
                format!("{name_en} Human Resources and Social Security Bureau, Work-Injury Insurance"),
            )
        } else {
            (
                format!("{name_zh}人力资源和社会保障厅（工伤保险）"),
                format!("{name_en} Department of Human Resources and Social Security, Work-Injury Insurance"),
            )
        };
        Self::new(WORK_INJURY, code, zh, en)
    }
}

/// The place a city's offices are named after; `None` for a grouping, which has no offices.
fn city_place(name: &str) -> Option<&str> {
    (!GROUPINGS.contains(&name)).then_some(name)
}

/// The statistical division codes number the development zones, new areas and management areas
/// a city runs 71–79 among its counties. They are not districts: their names stand alone and
/// already carry the city's where they need it (唐山市汉沽管理区, 滁州经济技术开发区).
fn is_statistical_zone(code: &str) -> bool {
    code.get(4..5) == Some("7")
}

/// A district of a city (市辖区), whose offices put the city's name first because district names
/// repeat from city to city (朝阳区, 鼓楼区). A special district (六枝特区) and a statistical zone
/// are county-level units of their own, named alone.
fn is_city_district(code: &str, name: &str) -> bool {
    name.ends_with('区') && !name.ends_with("特区") && !is_statistical_zone(code)
}

/// The place a county-level division's offices are named after, given its city-level row's name
/// and, in a municipality, the municipality's name. `None` when the row is the city itself: a
/// prefecture-level city without districts (东莞市) is listed once more as its own county, and
/// its city offices serve it.
fn county_place(code: &str, name: &str, city: &str, municipality: Option<&str>) -> Option<String> {
    if name == city {
        return None;
    }
    Some(match municipality {
        // Every district and county of a municipality is named with it (北京市东城区, 重庆市城口县).
        Some(municipality) => format!("{municipality}{name}"),
        // A county-level city the province administers directly is known by its name (仙桃市).
        None if GROUPINGS.contains(&city) => name.to_owned(),
        None if is_city_district(code, name) => format!("{city}{name}"),
        // Counties, autonomous counties, banners and county-level cities have names unique in
        // the country and their offices use them alone (来安县人民检察院, 明光市人民检察院).
        None => name.to_owned(),
    })
}

/// Every office this migration adds, from the division rows: one work-injury insurance office per
/// province, then each local kind for every city and county, in the order of the data.
fn default_directory(
    provinces: &[Province],
    english: &[ProvinceEn],
    cities: &[City],
    areas: &[Area],
) -> Result<Vec<Office>, DbErr> {
    let english: HashMap<&str, &ProvinceEn> = english.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut municipalities: HashMap<&str, &str> = HashMap::new();
    let mut offices = Vec::with_capacity(provinces.len() + LOCAL_KINDS.len() * (cities.len() + areas.len()));
    for p in provinces {
        let en = english
            .get(p.code.as_str())
            .ok_or_else(|| DbErr::Migration(format!("provinces_en.csv has no row for {}", p.code)))?;
        let municipality = en.kind == "municipality";
        if municipality {
            municipalities.insert(&p.code, &p.name);
        }
        offices.push(Office::provincial_work_injury(&p.code, &p.name, &en.name_en, municipality));
    }
    let city_names: HashMap<&str, &str> = cities.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect();
    for c in cities {
        if let Some(place) = city_place(&c.name) {
            offices.extend(LOCAL_KINDS.iter().map(|k| Office::local(k, &c.code, place)));
        }
    }
    for a in areas {
        let city = city_names
            .get(a.city_code.as_str())
            .ok_or_else(|| DbErr::Migration(format!("areas.csv: {} lies in unknown city {}", a.code, a.city_code)))?;
        let municipality = municipalities.get(a.province_code.as_str()).copied();
        if let Some(place) = county_place(&a.code, &a.name, city, municipality) {
            offices.extend(LOCAL_KINDS.iter().map(|k| Office::local(k, &a.code, &place)));
        }
    }
    Ok(offices)
}

/// The default directory from the division files compiled into the binary.
fn directory_from_data() -> Result<Vec<Office>, DbErr> {
    let provinces: Vec<Province> = parse_csv("provinces.csv", include_str!("../data/provinces.csv"))?;
    let english: Vec<ProvinceEn> = parse_csv("provinces_en.csv", include_str!("../data/provinces_en.csv"))?;
    let cities: Vec<City> = parse_csv("cities.csv", include_str!("../data/cities.csv"))?;
    let areas: Vec<Area> = parse_csv("areas.csv", include_str!("../data/areas.csv"))?;
    default_directory(&provinces, &english, &cities, &areas)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let offices = directory_from_data()?;

        // An administrator may already have loaded real offices: a placeholder must neither take
        // a code in use nor stand beside the office of its kind for its region.
        let existing = m
            .get_connection()
            .query_all_raw(Statement::from_string(
                m.get_database_backend(),
                "SELECT code, kind, region_code FROM offices",
            ))
            .await?;
        let mut codes = HashSet::new();
        let mut seats = HashSet::new();
        for row in existing {
            codes.insert(row.try_get::<String>("", "code")?);
            if let Some(region) = row.try_get::<Option<String>>("", "region_code")? {
                seats.insert((row.try_get::<String>("", "kind")?, region));
            }
        }

        let rows = offices
            .into_iter()
            .filter(|o| !codes.contains(&o.code) && !seats.contains(&(o.kind.to_owned(), o.region_code.clone())))
            .map(|o| {
                vec![
                    o.code.into(),
                    o.name_zh.into(),
                    o.name_en.into(),
                    o.kind.into(),
                    o.region_code.into(),
                    o.email.into(),
                    "zh-CN".into(),
                    true.into(),
                    Expr::current_timestamp(),
                    false.into(),
                ]
            })
            .collect();
        insert_batched(
            m,
            Alias::new("offices"),
            &[
                "code",
                "name_zh",
                "name_en",
                "kind",
                "region_code",
                "email",
                "language",
                "active",
                "created_at",
                "address_confirmed",
            ],
            rows,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Vec<Office> {
        let result = directory_from_data();
        assert!(result.is_ok(), "{:?}", result.as_ref().err());
        result.unwrap_or_default()
    }

    fn name(offices: &[Office], code: &str) -> Option<String> {
        offices.iter().find(|o| o.code == code).map(|o| o.name_zh.clone())
    }

    #[test]
    fn a_city_district_is_named_with_its_city() {
        let d = directory();
        assert_eq!(name(&d, "341102-procuratorate").as_deref(), Some("滁州市琅琊区人民检察院"));
        assert_eq!(name(&d, "341102-labour-inspection").as_deref(), Some("滁州市琅琊区人力资源和社会保障局"));
        assert_eq!(name(&d, "341102-trade-union").as_deref(), Some("滁州市琅琊区总工会"));
        assert_eq!(
            name(&d, "341102-work-injury-insurance").as_deref(),
            Some("滁州市琅琊区人力资源和社会保障局（工伤保险）")
        );
    }

    #[test]
    fn a_county_or_county_level_city_is_named_alone() {
        let d = directory();
        assert_eq!(name(&d, "341122-trade-union").as_deref(), Some("来安县总工会"));
        assert_eq!(name(&d, "341182-procuratorate").as_deref(), Some("明光市人民检察院"));
        assert_eq!(name(&d, "341181-procuratorate").as_deref(), Some("天长市人民检察院"));
        assert_eq!(name(&d, "520203-procuratorate").as_deref(), Some("六枝特区人民检察院"));
        assert_eq!(name(&d, "341172-procuratorate").as_deref(), Some("滁州经济技术开发区人民检察院"));
    }

    #[test]
    fn a_city_is_named_alone() {
        let d = directory();
        assert_eq!(name(&d, "3411-procuratorate").as_deref(), Some("滁州市人民检察院"));
        assert_eq!(name(&d, "3411-labour-inspection").as_deref(), Some("滁州市人力资源和社会保障局"));
        assert_eq!(name(&d, "5226-womens-federation").as_deref(), Some("黔东南苗族侗族自治州妇女联合会"));
    }

    #[test]
    fn a_municipality_names_its_districts_and_counties() {
        let d = directory();
        assert_eq!(name(&d, "110101-procuratorate").as_deref(), Some("北京市东城区人民检察院"));
        assert_eq!(name(&d, "500229-procuratorate").as_deref(), Some("重庆市城口县人民检察院"));
        assert_eq!(name(&d, "310115-trade-union").as_deref(), Some("上海市浦东新区总工会"));
        let municipal: HashSet<&str> = d
            .iter()
            .filter(|o| o.region_code.len() == 2 && o.name_zh.contains("人力资源和社会保障局"))
            .map(|o| o.region_code.as_str())
            .collect();
        assert_eq!(municipal, HashSet::from(["11", "12", "31", "50"]));
    }

    #[test]
    fn a_directly_administered_county_level_unit_is_named_alone() {
        let d = directory();
        assert_eq!(name(&d, "429004-procuratorate").as_deref(), Some("仙桃市人民检察院"));
        assert_eq!(name(&d, "429021-trade-union").as_deref(), Some("神农架林区总工会"));
        assert_eq!(name(&d, "469025-procuratorate").as_deref(), Some("白沙黎族自治县人民检察院"));
        assert_eq!(name(&d, "659001-disabled-federation").as_deref(), Some("石河子市残疾人联合会"));
    }

    #[test]
    fn groupings_and_cities_without_districts_get_no_offices_of_their_own() {
        let d = directory();
        for code in ["1101", "5002", "4290", "4690", "6590", "441900", "620201"] {
            assert!(d.iter().all(|o| o.region_code != code), "{code}");
        }
        assert_eq!(name(&d, "4419-procuratorate").as_deref(), Some("东莞市人民检察院"));
    }

    #[test]
    fn each_province_gets_a_work_injury_insurance_office() {
        let d = directory();
        let provincial: Vec<&Office> = d.iter().filter(|o| o.region_code.len() == 2).collect();
        assert_eq!(provincial.len(), 31);
        assert!(provincial.iter().all(|o| o.kind == "work_injury_insurance"));
        assert_eq!(name(&d, "34-work-injury-insurance").as_deref(), Some("安徽省人力资源和社会保障厅（工伤保险）"));
        assert_eq!(name(&d, "11-work-injury-insurance").as_deref(), Some("北京市人力资源和社会保障局（工伤保险）"));
        let anhui = d.iter().find(|o| o.code == "34-work-injury-insurance").map(|o| o.name_en.as_str());
        assert_eq!(anhui, Some("Anhui Department of Human Resources and Social Security, Work-Injury Insurance"));
    }

    #[test]
    fn offices_are_laid_out_like_the_provincial_ones() {
        let d = directory();
        let o = d.iter().find(|o| o.code == "341102-labour-inspection");
        assert_eq!(o.map(|o| o.email.as_str()), Some("labour-inspection.341102@example.org"));
        assert_eq!(o.map(|o| o.kind), Some("labour_inspection"));
        assert_eq!(o.map(|o| o.region_code.as_str()), Some("341102"));
        assert_eq!(
            o.map(|o| o.name_en.as_str()),
            Some("滁州市琅琊区 Human Resources and Social Security Bureau, Labour Inspection")
        );
    }

    #[test]
    fn codes_and_names_are_unique_and_codes_fit() {
        let d = directory();
        // 31 provinces; 333 real cities and 2,974 counties (2,978 less the four cities listed
        // again as their own county), six kinds each.
        assert_eq!(d.len(), 31 + 6 * (333 + 2974));
        let codes: HashSet<&str> = d.iter().map(|o| o.code.as_str()).collect();
        let names_zh: HashSet<&str> = d.iter().map(|o| o.name_zh.as_str()).collect();
        let names_en: HashSet<&str> = d.iter().map(|o| o.name_en.as_str()).collect();
        let emails: HashSet<&str> = d.iter().map(|o| o.email.as_str()).collect();
        assert_eq!(codes.len(), d.len());
        assert_eq!(names_zh.len(), d.len());
        assert_eq!(names_en.len(), d.len());
        assert_eq!(emails.len(), d.len());
        assert!(d.iter().all(|o| o.code.len() <= 64 && o.kind.len() <= 40));
        assert!(d.iter().all(|o| matches!(o.region_code.len(), 2 | 4 | 6)));
        assert!(d.iter().all(|o| o.region_code.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn the_place_rules_on_their_own() {
        assert_eq!(county_place("341102", "琅琊区", "滁州市", None).as_deref(), Some("滁州市琅琊区"));
        assert_eq!(county_place("110101", "东城区", "市辖区", Some("北京市")).as_deref(), Some("北京市东城区"));
        assert_eq!(county_place("429004", "仙桃市", "省直辖县级行政区划", None).as_deref(), Some("仙桃市"));
        assert_eq!(county_place("130272", "唐山市汉沽管理区", "唐山市", None).as_deref(), Some("唐山市汉沽管理区"));
        assert_eq!(county_place("441900", "东莞市", "东莞市", None), None);
        assert_eq!(city_place("县"), None);
        assert_eq!(city_place("滁州市"), Some("滁州市"));
    }
}
