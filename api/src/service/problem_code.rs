//! The problem types of the API: stable snake_case codes that clients depend on, each with its
//! HTTP status here and its title and detail in the catalogs (`problem-CODE-title`,
//! `problem-CODE-detail`); a unit test fails when a code lacks either in a language.

/// A problem type. New codes are added here, with their texts in both catalogs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemCode {
    Validation,
    MalformedJson,
    UnsupportedMediaType,
    PayloadTooLarge,
    NotFound,
    ComplaintNotFound,
    RegionNotFound,
    OutboxMessageNotFound,
    MethodNotAllowed,
    RateLimited,
    MessageLimitReached,
    IdempotencyKeyReused,
    IdempotencyKeyInvalid,
    BadRequest,
    ServiceUnavailable,
    Unauthorized,
    InvalidCredentials,
    AccountLocked,
    Forbidden,
    CaseNotFound,
    LeadNotFound,
    OfficeNotFound,
    StaffNotFound,
    RuleNotFound,
    AttachmentNotFound,
    TransitionNotAllowed,
    OfficeInactive,
    SameOffice,
    ExtensionNotAllowed,
    AlreadyExtended,
    Conflict,
    AttachmentLimitReached,
    AttachmentTooLarge,
    UnsupportedFileType,
    PdfActiveContent,
    MultipartRequired,
    FileUnreadable,
    ImageTooLarge,
    DocumentKindUnknown,
    Internal,
}

impl ProblemCode {
    /// Every code, for the tests that keep codes, statuses and catalogs in step.
    pub const ALL: &'static [Self] = &[
        Self::Validation,
        Self::MalformedJson,
        Self::UnsupportedMediaType,
        Self::PayloadTooLarge,
        Self::NotFound,
        Self::ComplaintNotFound,
        Self::RegionNotFound,
        Self::OutboxMessageNotFound,
        Self::MethodNotAllowed,
        Self::RateLimited,
        Self::MessageLimitReached,
        Self::IdempotencyKeyReused,
        Self::IdempotencyKeyInvalid,
        Self::BadRequest,
        Self::ServiceUnavailable,
        Self::Unauthorized,
        Self::InvalidCredentials,
        Self::AccountLocked,
        Self::Forbidden,
        Self::CaseNotFound,
        Self::LeadNotFound,
        Self::OfficeNotFound,
        Self::StaffNotFound,
        Self::RuleNotFound,
        Self::AttachmentNotFound,
        Self::TransitionNotAllowed,
        Self::OfficeInactive,
        Self::SameOffice,
        Self::ExtensionNotAllowed,
        Self::AlreadyExtended,
        Self::Conflict,
        Self::AttachmentLimitReached,
        Self::AttachmentTooLarge,
        Self::UnsupportedFileType,
        Self::PdfActiveContent,
        Self::MultipartRequired,
        Self::FileUnreadable,
        Self::ImageTooLarge,
        Self::DocumentKindUnknown,
        Self::Internal,
    ];

    /// The code as clients see it, in `code` and in the `type` URI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::MalformedJson => "malformed_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::NotFound => "not_found",
            Self::ComplaintNotFound => "complaint_not_found",
            Self::RegionNotFound => "region_not_found",
            Self::OutboxMessageNotFound => "outbox_message_not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::RateLimited => "rate_limited",
            Self::MessageLimitReached => "message_limit_reached",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencyKeyInvalid => "idempotency_key_invalid",
            Self::BadRequest => "bad_request",
            Self::ServiceUnavailable => "service_unavailable",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::AccountLocked => "account_locked",
            Self::Forbidden => "forbidden",
            Self::CaseNotFound => "case_not_found",
            Self::LeadNotFound => "lead_not_found",
            Self::OfficeNotFound => "office_not_found",
            Self::StaffNotFound => "staff_not_found",
            Self::RuleNotFound => "rule_not_found",
            Self::AttachmentNotFound => "attachment_not_found",
            Self::TransitionNotAllowed => "transition_not_allowed",
            Self::OfficeInactive => "office_inactive",
            Self::SameOffice => "same_office",
            Self::ExtensionNotAllowed => "extension_not_allowed",
            Self::AlreadyExtended => "already_extended",
            Self::Conflict => "conflict",
            Self::AttachmentLimitReached => "attachment_limit_reached",
            Self::AttachmentTooLarge => "attachment_too_large",
            Self::UnsupportedFileType => "unsupported_file_type",
            Self::PdfActiveContent => "pdf_active_content",
            Self::MultipartRequired => "multipart_required",
            Self::FileUnreadable => "file_unreadable",
            Self::ImageTooLarge => "image_too_large",
            Self::DocumentKindUnknown => "document_kind_unknown",
            Self::Internal => "internal",
        }
    }

    /// The HTTP status of the problem.
    pub fn status(self) -> u16 {
        match self {
            Self::Validation | Self::IdempotencyKeyReused | Self::FileUnreadable | Self::ImageTooLarge => 422,
            Self::MalformedJson | Self::IdempotencyKeyInvalid | Self::BadRequest => 400,
            Self::UnsupportedMediaType
            | Self::UnsupportedFileType
            | Self::PdfActiveContent
            | Self::MultipartRequired => 415,
            Self::PayloadTooLarge | Self::AttachmentTooLarge => 413,
            Self::NotFound
            | Self::ComplaintNotFound
            | Self::RegionNotFound
            | Self::OutboxMessageNotFound
            | Self::CaseNotFound
            | Self::LeadNotFound
            | Self::OfficeNotFound
            | Self::StaffNotFound
            | Self::RuleNotFound
            | Self::AttachmentNotFound
            | Self::DocumentKindUnknown => 404,
            Self::MethodNotAllowed => 405,
            Self::RateLimited | Self::MessageLimitReached | Self::AccountLocked => 429,
            Self::ServiceUnavailable => 503,
            Self::Unauthorized | Self::InvalidCredentials => 401,
            Self::Forbidden => 403,
            Self::TransitionNotAllowed
            | Self::OfficeInactive
            | Self::SameOffice
            | Self::ExtensionNotAllowed
            | Self::AlreadyExtended
            | Self::Conflict
            | Self::AttachmentLimitReached => 409,
            Self::Internal => 500,
        }
    }
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::language::Language;
    use crate::i18n;

    #[test]
    fn every_code_has_a_title_and_a_detail_in_both_languages() {
        for lang in [Language::ZhCn, Language::En] {
            let catalog = i18n::catalog(lang);
            for code in ProblemCode::ALL {
                for part in ["title", "detail"] {
                    let key = format!("problem-{}-{part}", code.as_str());
                    assert!(catalog.keys().contains(&key), "{lang:?} lacks {key}");
                }
            }
        }
    }

    #[test]
    fn every_catalog_problem_is_a_code_and_codes_are_distinct() {
        let known: Vec<&str> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
        for code in i18n::problem_codes() {
            assert!(known.contains(&code), "the catalog has a text for `{code}`, which is no ProblemCode");
        }
        let mut sorted = known.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), known.len());
        for code in ProblemCode::ALL.iter().filter(|c| **c != ProblemCode::Internal) {
            assert_ne!(code.status(), 500, "{code} answers 500");
        }
    }
}
