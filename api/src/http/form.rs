//! HTML forms (`application/x-www-form-urlencoded`) decoded by serde into typed structs, as JSON
//! bodies are: every value arrives as text, a name sent more than once arrives as a list
//! (declare such a field with [`one_or_many`]), a checkbox is present or absent ([`checkbox`]).
//! Fields the form may leave out take `#[serde(default)]`; names the struct does not know are
//! ignored, as browsers send the buttons' names too.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
#[error("the form cannot be read: {0}")]
pub struct FormError(String);

/// Decodes a form body into `T`.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, FormError> {
    let mut map = Map::new();
    for (name, value) in form_urlencoded::parse(body) {
        let value = Value::String(value.into_owned());
        match map.get_mut(name.as_ref()) {
            None => {
                map.insert(name.into_owned(), value);
            }
            Some(Value::Array(list)) => list.push(value),
            Some(first) => {
                let first = first.take();
                map.insert(name.into_owned(), Value::Array(vec![first, value]));
            }
        }
    }
    serde_json::from_value(Value::Object(map)).map_err(|e| FormError(e.to_string()))
}

/// A list field: one value or several under the same name.
pub fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::One(v) => vec![v],
        Raw::Many(v) => v,
    })
}

/// A checkbox: checked when sent with any of the values browsers and scripts use.
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let value = String::deserialize(d)?;
    Ok(matches!(value.as_str(), "on" | "true" | "1" | "yes"))
}

/// A text field that is absent when left empty.
pub fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(d)?;
    Ok(value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Sample {
        name: String,
        #[serde(deserialize_with = "one_or_many")]
        tags: Vec<String>,
        #[serde(deserialize_with = "checkbox")]
        agree: bool,
        #[serde(deserialize_with = "non_empty")]
        reason: Option<String>,
    }

    #[test]
    fn fields_lists_checkboxes_and_absent_values() {
        let s: Result<Sample, _> = decode(b"name=%E7%8E%8B&tags=women&tags=migrant&agree=on&reason=+&button=send");
        let expected =
            Sample { name: "王".into(), tags: vec!["women".into(), "migrant".into()], agree: true, reason: None };
        assert_eq!(s.ok(), Some(expected));
        let one: Result<Sample, _> = decode(b"tags=women&reason=late");
        assert!(one.is_ok_and(|s| s.tags == ["women"] && !s.agree && s.reason.as_deref() == Some("late")));
        let twice: Result<Sample, _> = decode(b"name=a&name=b");
        assert!(twice.is_err(), "a one-value field sent twice is not guessed at");
    }
}
