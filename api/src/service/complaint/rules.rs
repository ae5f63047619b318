//! The custom field rules of the complaint body, built on the domain parsers and run by the
//! declarative validator derive of `input`.

use crate::domain::id_number::{IdNumberError, ResidentId};
use crate::domain::phone::MobilePhone;
use crate::service::text::{Lines, free_text};
use std::borrow::Cow;
use validator::ValidationError;

pub const DESCRIPTION_MIN: usize = 10;
pub const DESCRIPTION_MAX: usize = 5_000;
pub const NAME_MAX: usize = 50;

pub(crate) fn error(code: &'static str) -> ValidationError {
    ValidationError::new(code)
}

pub const PLATFORM_MAX: usize = 100;
pub const EMPLOYER_MAX: usize = 200;

fn length_rule(value: &str, min: usize, max: usize, lines: Lines) -> Result<(), ValidationError> {
    let trimmed = free_text(value, lines).map_err(error)?;
    let len = trimmed.chars().count();
    if len < min {
        let mut e = error(if len == 0 { "required" } else { "too_short" });
        e.add_param(Cow::Borrowed("min"), &min);
        return Err(e);
    }
    if len > max {
        let mut e = error("too_long");
        e.add_param(Cow::Borrowed("max"), &max);
        return Err(e);
    }
    Ok(())
}

pub fn description_rule(value: &str) -> Result<(), ValidationError> {
    length_rule(value, DESCRIPTION_MIN, DESCRIPTION_MAX, Lines::Many)
}

pub fn name_rule(value: &str) -> Result<(), ValidationError> {
    length_rule(value, 1, NAME_MAX, Lines::One)
}

pub fn platform_rule(value: &str) -> Result<(), ValidationError> {
    length_rule(value, 0, PLATFORM_MAX, Lines::One)
}

pub fn employer_rule(value: &str) -> Result<(), ValidationError> {
    length_rule(value, 0, EMPLOYER_MAX, Lines::One)
}

pub fn phone_rule(value: &str) -> Result<(), ValidationError> {
    MobilePhone::parse(value).map(|_| ()).map_err(|_| error("phone_invalid"))
}

pub fn id_number_rule(value: &str) -> Result<(), ValidationError> {
    ResidentId::parse(value).map(|_| ()).map_err(|e| {
        error(match e {
            IdNumberError::Format => "id_number_invalid",
            IdNumberError::BirthDate => "id_number_birth_date",
            IdNumberError::Checksum => "id_number_checksum",
        })
    })
}
