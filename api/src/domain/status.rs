//! The life of a complaint. A transfer to another office is an event, not a status.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Accepted,
    InProgress,
    Resolved,
    Referred,
    Closed,
    Rejected,
}

pub const ALL_STATUSES: [Status; 7] = [
    Status::Received,
    Status::Accepted,
    Status::InProgress,
    Status::Resolved,
    Status::Referred,
    Status::Closed,
    Status::Rejected,
];

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a complaint cannot go from {from} to {to}")]
    NotAllowed { from: Status, to: Status },
    #[error("going to {to} needs a reason the worker can read")]
    ReasonRequired { to: Status },
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Accepted => "accepted",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::Referred => "referred",
            Self::Closed => "closed",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        ALL_STATUSES.into_iter().find(|s| s.as_str() == input)
    }

    /// Whether the office still owes a result: not finished, referred or refused.
    pub fn awaits_result(self) -> bool {
        matches!(self, Self::Received | Self::Accepted | Self::InProgress)
    }

    /// The statuses this one may move to.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Received => &[Accepted, Rejected],
            Accepted => &[InProgress, Rejected],
            InProgress => &[Resolved, Referred, Rejected],
            Resolved | Referred => &[Closed],
            Closed | Rejected => &[],
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed | Self::Rejected)
    }

    /// Whether a move needs a reason: a rejection must tell the worker why, and a referral must
    /// say to whom (a court, arbitration …).
    pub fn needs_reason(to: Status) -> bool {
        matches!(to, Self::Rejected | Self::Referred)
    }

    /// Checks a move; the reason is the trimmed text given with it, if any.
    pub fn transition(self, to: Status, reason: Option<&str>) -> Result<Status, TransitionError> {
        if !self.next().contains(&to) {
            return Err(TransitionError::NotAllowed { from: self, to });
        }
        if Self::needs_reason(to) && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(TransitionError::ReasonRequired { to });
        }
        Ok(to)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;

    #[test]
    fn the_allowed_moves() {
        let allowed = [
            (Received, Accepted),
            (Accepted, InProgress),
            (InProgress, Resolved),
            (InProgress, Referred),
            (Resolved, Closed),
            (Referred, Closed),
            (Received, Rejected),
            (Accepted, Rejected),
            (InProgress, Rejected),
        ];
        for from in ALL_STATUSES {
            for to in ALL_STATUSES {
                let result = from.transition(to, Some("a reason"));
                if allowed.contains(&(from, to)) {
                    assert_eq!(result, Ok(to), "{from} -> {to}");
                } else {
                    assert_eq!(result, Err(TransitionError::NotAllowed { from, to }), "{from} -> {to}");
                }
            }
        }
    }

    #[test]
    fn rejection_and_referral_need_a_reason() {
        assert_eq!(Received.transition(Rejected, None), Err(TransitionError::ReasonRequired { to: Rejected }));
        assert_eq!(Accepted.transition(Rejected, Some("  ")), Err(TransitionError::ReasonRequired { to: Rejected }));
        assert_eq!(InProgress.transition(Referred, None), Err(TransitionError::ReasonRequired { to: Referred }));
        assert_eq!(Received.transition(Accepted, None), Ok(Accepted));
    }

    #[test]
    fn terminal_statuses_go_nowhere() {
        assert!(Closed.next().is_empty());
        assert!(Rejected.next().is_empty());
        assert!(!Closed.is_open() && !Rejected.is_open() && Received.is_open());
    }

    #[test]
    fn names_round_trip() {
        for s in ALL_STATUSES {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}
