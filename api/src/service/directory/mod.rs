//! The regions and categories, read once at start-up: they change only with a migration.

pub mod catalog;

use crate::domain::language::Language;
use crate::domain::region::{RegionCode, RegionLevel};
use crate::store::{self, Db};
use sea_orm::DbErr;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub ack_working_days: u32,
}

impl Category {
    pub fn name(&self, lang: Language) -> &str {
        match lang {
            Language::ZhCn => &self.name_zh,
            Language::En => &self.name_en,
        }
    }

    pub fn description(&self, lang: Language) -> &str {
        match lang {
            Language::ZhCn => &self.description_zh,
            Language::En => &self.description_en,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Directory {
    regions: HashMap<String, Region>,
    /// Children of each region in code order; the key `""` holds the provinces.
    children: HashMap<String, Vec<String>>,
    categories: Vec<Category>,
}

impl Directory {
    pub async fn load(db: &Db) -> Result<Self, DbErr> {
        let mut directory = Self::default();
        for r in store::directory::all_regions(db).await? {
            let level = RegionLevel::from_len(r.code.len()).unwrap_or(RegionLevel::County);
            directory.children.entry(r.parent.clone().unwrap_or_default()).or_default().push(r.code.clone());
            directory.regions.insert(r.code.clone(), Region { code: r.code, name: r.name, level, parent: r.parent });
        }
        directory.categories = store::directory::all_categories(db)
            .await?
            .into_iter()
            .map(|c| Category {
                code: c.code,
                name_zh: c.name_zh,
                name_en: c.name_en,
                description_zh: c.description_zh,
                description_en: c.description_en,
                ack_working_days: u32::try_from(c.ack_working_days).unwrap_or(5),
            })
            .collect();
        Ok(directory)
    }

    pub fn region(&self, code: &RegionCode) -> Option<&Region> {
        self.regions.get(code.as_str())
    }

    /// The children of a region, or the provinces for `None`.
    pub fn children(&self, parent: Option<&RegionCode>) -> Option<Vec<&Region>> {
        let key = parent.map_or("", RegionCode::as_str);
        if parent.is_some() && !self.regions.contains_key(key) {
            return None;
        }
        Some(
            self.children
                .get(key)
                .map(|codes| codes.iter().filter_map(|c| self.regions.get(c)).collect())
                .unwrap_or_default(),
        )
    }

    /// "安徽省 滁州市 琅琊区": the full name of a region, province first.
    pub fn full_name(&self, code: &str) -> String {
        let mut names = Vec::new();
        let mut next = self.regions.get(code);
        while let Some(region) = next {
            names.push(region.name.as_str());
            next = region.parent.as_deref().and_then(|p| self.regions.get(p));
        }
        names.reverse();
        names.join(" ")
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    pub fn region_count(&self) -> usize {
        self.regions.len()
    }
}
