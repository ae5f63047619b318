//! Names of platforms and employers as a key that groups complaints about the same business:
//! workers write the same company in many ways (full-width letters, upper case, extra spaces,
//! the Chinese or the English name, the brand of one service line), and a public-interest lead
//! must see them as one.

/// Known aliases of the large platforms, each mapped to one key. Compared after folding and with
/// the spaces taken out, so that "SF Express" and "sfexpress" are the same.
const ALIASES: &[(&str, &[&str])] = &[
    ("meituan", &["美团", "美团外卖", "meituan", "美团众包", "meituanwaimai"]),
    ("eleme", &["饿了么", "ele.me", "eleme", "蜂鸟", "蜂鸟配送", "蜂鸟众包"]),
    ("didi", &["滴滴", "滴滴出行", "didi", "didichuxing"]),
    ("sf", &["顺丰", "顺丰速运", "sfexpress", "sf", "顺丰同城"]),
    ("jd", &["京东", "jd", "京东物流", "jd.com"]),
    ("lalamove", &["货拉拉", "lalamove"]),
    ("shansong", &["闪送", "shansong"]),
    ("dada", &["达达", "dada", "达达快送"]),
];

/// The name trimmed, width-folded, case-folded, with inner whitespace collapsed to one space:
/// how two spellings of one name are compared when no alias is known.
pub fn fold_name(input: &str) -> String {
    super::text::fold_width(input).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The grouping key of a platform or employer name: the alias key of a known platform, or else the
/// folded name. `None` for a name that is empty once trimmed, which groups with nothing.
pub fn name_key(input: &str) -> Option<String> {
    let folded = fold_name(input);
    if folded.is_empty() {
        return None;
    }
    let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    let alias = ALIASES.iter().find(|(_, names)| names.contains(&compact.as_str())).map(|(key, _)| (*key).to_owned());
    Some(alias.unwrap_or(folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_platforms_map_to_one_key() {
        for name in ["美团外卖", "美团", "Meituan ", "MEITUAN", "ＭＥＩＴＵＡＮ", " 美团众包", "Meituan  Waimai"]
        {
            assert_eq!(name_key(name).as_deref(), Some("meituan"), "{name}");
        }
        for name in ["饿了么", "Ele.me", "eleme", "蜂鸟"] {
            assert_eq!(name_key(name).as_deref(), Some("eleme"), "{name}");
        }
        for name in ["滴滴", "滴滴出行", "DiDi"] {
            assert_eq!(name_key(name).as_deref(), Some("didi"), "{name}");
        }
        for name in ["顺丰", "SF Express", "sf  express"] {
            assert_eq!(name_key(name).as_deref(), Some("sf"), "{name}");
        }
        assert_eq!(name_key("京东").as_deref(), Some("jd"));
        assert_eq!(name_key("JD").as_deref(), Some("jd"));
        assert_eq!(name_key("货拉拉").as_deref(), Some("lalamove"));
        assert_eq!(name_key("Lalamove").as_deref(), Some("lalamove"));
        assert_eq!(name_key("闪送").as_deref(), Some("shansong"));
        assert_eq!(name_key("达达").as_deref(), Some("dada"));
        assert_eq!(name_key("Dada").as_deref(), Some("dada"));
    }

    #[test]
    fn other_names_are_folded() {
        assert_eq!(name_key("  合肥　某某  劳务 ").as_deref(), Some("合肥 某某 劳务"));
        assert_eq!(name_key("ACME   Logistics").as_deref(), Some("acme logistics"));
        assert_eq!(name_key("ＡＣＭＥ Logistics"), name_key("acme logistics"));
    }

    #[test]
    fn an_empty_name_has_no_key() {
        assert_eq!(name_key("   "), None);
        assert_eq!(name_key("\u{3000}"), None);
    }

    #[test]
    fn a_name_that_only_contains_an_alias_is_not_that_platform() {
        assert_eq!(name_key("美团外卖合肥站点").as_deref(), Some("美团外卖合肥站点"));
    }
}
