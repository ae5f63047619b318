//! Categories and regions, for pickers.

use crate::domain::language::Language;
use crate::domain::region::RegionCode;
use crate::service::ProblemCode;
use crate::service::ServiceError;
use crate::service::complaint::views::{CategoryView, RegionView};
use crate::service::directory::Directory;

pub fn categories(directory: &Directory, lang: Language) -> Vec<CategoryView> {
    directory
        .categories()
        .iter()
        .map(|c| CategoryView {
            code: c.code.clone(),
            name: c.name(lang).to_owned(),
            description: c.description(lang).to_owned(),
        })
        .collect()
}

fn view(r: &crate::service::directory::Region) -> RegionView {
    RegionView { code: r.code.clone(), name: r.name.clone(), level: r.level, parent: r.parent.clone() }
}

/// The provinces, or the children of `parent`.
pub fn regions(directory: &Directory, parent: Option<&str>) -> Result<Vec<RegionView>, ServiceError> {
    let parent = match parent {
        Some(p) => Some(RegionCode::parse(p).map_err(|_| ServiceError::NotFound(ProblemCode::RegionNotFound))?),
        None => None,
    };
    directory
        .children(parent.as_ref())
        .map(|list| list.into_iter().map(view).collect())
        .ok_or(ServiceError::NotFound(ProblemCode::RegionNotFound))
}

pub fn region(directory: &Directory, code: &str) -> Result<RegionView, ServiceError> {
    RegionCode::parse(code)
        .ok()
        .and_then(|c| directory.region(&c).map(view))
        .ok_or(ServiceError::NotFound(ProblemCode::RegionNotFound))
}
