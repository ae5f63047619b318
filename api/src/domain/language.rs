//! The two languages of the service. Chinese is the default: most workers read only Chinese.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("only zh-CN and en are supported")]
pub struct LanguageUnsupported;

impl Language {
    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    /// Parses a language tag: `zh`, `zh-CN`, `zh-Hans…` are Chinese; `en` and `en-…` English.
    pub fn parse(tag: &str) -> Result<Self, LanguageUnsupported> {
        let lower = tag.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "zh" if !lower.contains("hant") && !lower.ends_with("-tw") && !lower.ends_with("-hk") => Ok(Self::ZhCn),
            "en" => Ok(Self::En),
            _ => Err(LanguageUnsupported),
        }
    }

    /// Picks from an `Accept-Language` header: the supported language with the highest weight;
    /// Chinese when the header is absent or names nothing we speak. Traditional-Chinese readers
    /// get Simplified Chinese rather than English.
    pub fn negotiate(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::ZhCn;
        };
        let mut best: Option<(f32, usize, Self)> = None;
        for (index, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            let lang = if tag.starts_with("zh") {
                Self::ZhCn
            } else if tag == "en" || tag.starts_with("en-") {
                Self::En
            } else {
                continue;
            };
            // Higher weight wins; on equal weight the earlier entry wins.
            if best.is_none_or(|(bq, _, _)| q > bq) {
                best = Some((q, index, lang));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_weight_with_chinese_default() {
        assert_eq!(Language::negotiate(None), Language::ZhCn);
        assert_eq!(Language::negotiate(Some("")), Language::ZhCn);
        assert_eq!(Language::negotiate(Some("en")), Language::En);
        assert_eq!(Language::negotiate(Some("en-US,en;q=0.9")), Language::En);
        assert_eq!(Language::negotiate(Some("zh-CN,zh;q=0.9,en;q=0.8")), Language::ZhCn);
        assert_eq!(Language::negotiate(Some("fr, en;q=0.5, zh;q=0.7")), Language::ZhCn);
        assert_eq!(Language::negotiate(Some("fr")), Language::ZhCn);
        assert_eq!(Language::negotiate(Some("zh;q=0, en;q=0.1")), Language::En);
        assert_eq!(Language::negotiate(Some("zh-TW")), Language::ZhCn);
    }

    #[test]
    fn parses_tags() {
        assert_eq!(Language::parse("zh-CN"), Ok(Language::ZhCn));
        assert_eq!(Language::parse("zh"), Ok(Language::ZhCn));
        assert_eq!(Language::parse("EN"), Ok(Language::En));
        assert_eq!(Language::parse("en-GB"), Ok(Language::En));
        assert_eq!(Language::parse("fr"), Err(LanguageUnsupported));
        assert_eq!(Language::parse("zh-TW"), Err(LanguageUnsupported));
    }
}
