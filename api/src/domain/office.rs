//! The kinds of office a complaint can reach. Each exists at province, city and county level
//! (the national intake desk, which takes what no rule places, has no region).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    /// 人民检察院: public-interest litigation.
    Procuratorate,
    /// 总工会.
    TradeUnion,
    /// 人力资源和社会保障部门, labour inspection (劳动保障监察).
    LabourInspection,
    /// 人力资源和社会保障部门, work-injury insurance (工伤保险): work-injury determination.
    WorkInjuryInsurance,
    /// 妇女联合会.
    WomensFederation,
    /// 残疾人联合会.
    DisabledPersonsFederation,
    /// The national desk that receives complaints no rule places.
    IntakeDesk,
}

pub const ALL_OFFICE_KINDS: [OfficeKind; 7] = [
    OfficeKind::Procuratorate,
    OfficeKind::TradeUnion,
    OfficeKind::LabourInspection,
    OfficeKind::WorkInjuryInsurance,
    OfficeKind::WomensFederation,
    OfficeKind::DisabledPersonsFederation,
    OfficeKind::IntakeDesk,
];

impl OfficeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Procuratorate => "procuratorate",
            Self::TradeUnion => "trade_union",
            Self::LabourInspection => "labour_inspection",
            Self::WorkInjuryInsurance => "work_injury_insurance",
            Self::WomensFederation => "womens_federation",
            Self::DisabledPersonsFederation => "disabled_persons_federation",
            Self::IntakeDesk => "intake_desk",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        ALL_OFFICE_KINDS.into_iter().find(|k| k.as_str() == input)
    }

    /// The kinds that have an office in every region, which rules can name.
    pub fn is_territorial(self) -> bool {
        self != Self::IntakeDesk
    }
}

impl fmt::Display for OfficeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_back() {
        for kind in ALL_OFFICE_KINDS {
            assert_eq!(OfficeKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).ok(), Some(serde_json::Value::String(kind.as_str().to_owned())));
        }
        assert_eq!(OfficeKind::parse("Procuratorate"), None);
    }
}
