//! Tags a worker may add so that the offices with a special duty are copied in.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
    Women,
    Disability,
    Minor,
    Migrant,
    Injury,
}

pub const ALL_TAGS: [Tag; 5] = [Tag::Women, Tag::Disability, Tag::Minor, Tag::Migrant, Tag::Injury];

impl Tag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Women => "women",
            Self::Disability => "disability",
            Self::Minor => "minor",
            Self::Migrant => "migrant",
            Self::Injury => "injury",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        ALL_TAGS.into_iter().find(|t| t.as_str() == input.trim())
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of tags, kept sorted and without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagSet(Vec<Tag>);

impl TagSet {
    /// Parses a list of tag names; returns the first unknown name on failure.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut tags = Vec::new();
        for name in names {
            tags.push(Tag::parse(name).ok_or_else(|| name.to_owned())?);
        }
        Ok(Self::from_tags(tags))
    }

    pub fn from_tags(mut tags: Vec<Tag>) -> Self {
        tags.sort();
        tags.dedup();
        Self(tags)
    }

    /// Reads the stored form (comma-separated); unknown names are ignored.
    pub fn from_stored(stored: &str) -> Self {
        Self::from_tags(stored.split(',').filter_map(Tag::parse).collect())
    }

    pub fn to_stored(&self) -> String {
        self.0.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
    }

    pub fn contains(&self, tag: Tag) -> bool {
        self.0.contains(&tag)
    }

    pub fn iter(&self) -> impl Iterator<Item = Tag> + '_ {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dedups_and_round_trips() {
        let set = TagSet::parse(["women", "minor", "women"]);
        assert_eq!(set.as_ref().map(TagSet::to_stored), Ok("women,minor".to_owned()));
        assert_eq!(TagSet::from_stored("women,minor"), TagSet::parse(["minor", "women"]).unwrap_or_default());
        assert_eq!(TagSet::parse(["women", "pregnant"]), Err("pregnant".to_owned()));
        assert_eq!(TagSet::from_stored("").to_stored(), "");
    }
}
